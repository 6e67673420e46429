"""Regions."""


def test_region_full_name_starts_at_the_province(db):
    from renda.regions.choices import RegionKind
    from renda.regions.tests.factories import RegionFactory

    country = RegionFactory(
        code="000000", name="中华人民共和国", kind=RegionKind.COUNTRY
    )
    province = RegionFactory(
        code="220000", name="吉林省", kind=RegionKind.PROVINCE, parent=country
    )
    city = RegionFactory(
        code="220400", name="辽源市", kind=RegionKind.CITY, parent=province
    )

    assert city.full_name() == "吉林省辽源市"
