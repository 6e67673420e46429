"""Every station and reception endpoint answers a non-numeric id with JSON 422.

Before, the work endpoints used Django's ``{int:...}`` converter, so
``/api/v1/stations/work/requests/abc`` fell through to Django's HTML 404,
where the suggestions endpoints answer JSON 422 naming the parameter.
"""

import re

import pytest

from config.api import api

PREFIX = "/api/v1"
BAD_IDS = ["abc", "1.5", "-1", "0", str(2**63)]


def _station_paths() -> list[tuple[str, str]]:
    """Return (method, path) of every documented /stations endpoint with an id."""
    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        if not path.startswith(f"{PREFIX}/stations") or "{" not in path:
            continue
        for method in operations:
            found.append((method, path))
    return sorted(found)


STATION_PATHS = _station_paths()


def test_every_station_endpoint_with_an_id_is_checked():
    # Guard: the list below is read from the schema, so a new endpoint is
    # checked without editing this test.
    assert len(STATION_PATHS) >= 15


@pytest.mark.parametrize(("method", "path"), STATION_PATHS)
@pytest.mark.parametrize("bad", BAD_IDS)
def test_a_bad_id_is_a_json_422(method, path, bad, client, committee_staff):
    client.force_login(committee_staff)
    url = re.sub(r"\{[a-z_]+\}", bad, path)

    response = getattr(client, method)(url, {}, content_type="application/json")

    assert response.status_code == 422, (method, url, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "core.validation_error"
    assert any(error["location"] == "path" for error in body["errors"])


def test_an_unknown_numeric_id_is_still_a_json_404(client, committee_staff):
    client.force_login(committee_staff)

    response = client.get(f"{PREFIX}/stations/work/requests/999999")

    assert response.status_code == 404
    assert response.json()["code"] == "core.not_found"
