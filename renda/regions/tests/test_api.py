"""The /api/v1/regions endpoints."""


def test_regions_are_a_flat_tree_with_parent_codes(client, committee_staff, world):
    client.force_login(committee_staff)

    data = client.get("/api/v1/regions").json()

    rows = [(r["code"], r["parent_code"], r["depth"]) for r in data["results"]]
    assert data["count"] == 7
    assert rows[:3] == [
        ("220000", None, 1),
        ("220400", "220000", 2),
        ("220402", "220400", 3),
    ]
    # Parents come before their children.
    assert rows[3] == ("220402001", "220402", 4)
    assert data["results"][0]["kind"] == "PROVINCE"
    assert data["results"][0]["kind_label"] == "省"


def test_regions_filter_by_parent_and_kind(client, deputy, world):
    client.force_login(deputy)

    children = client.get("/api/v1/regions", {"parent": "220402"}).json()
    districts = client.get("/api/v1/regions", {"kind": "DISTRICT"}).json()

    assert [r["name"] for r in children["results"]] == ["向阳街道", "南康街道"]
    assert [r["code"] for r in districts["results"]] == ["220402", "220403"]


def test_region_detail_has_children_and_full_name(client, unit_staff, world):
    client.force_login(unit_staff)

    data = client.get("/api/v1/regions/220403").json()

    assert data["full_name"] == "吉林省辽源市西安区"
    assert [c["name"] for c in data["children"]] == ["仙城街道"]


def test_unknown_region_is_404(client, committee_staff, world):
    client.force_login(committee_staff)

    response = client.get("/api/v1/regions/999999")

    assert response.status_code == 404
    assert response.json()["code"] == "core.not_found"


def test_bad_region_filters_are_422(client, committee_staff, world):
    client.force_login(committee_staff)

    kind = client.get("/api/v1/regions", {"kind": "PLANET"})
    parent = client.get("/api/v1/regions", {"parent": "abc"})

    assert kind.status_code == 422
    assert kind.json()["field"] == "kind"
    assert parent.status_code == 422
    assert parent.json()["errors"][0]["message"] == "parent：格式不正确。"


def test_regions_need_a_login(client, world):
    assert client.get("/api/v1/regions").status_code == 401


def test_region_code_must_be_digits(client, committee_staff, world):
    client.force_login(committee_staff)

    response = client.get("/api/v1/regions/22%0004")

    assert response.status_code == 422
    assert response.json()["field"] == "code"
    assert response.json()["errors"][0]["location"] == "path"
