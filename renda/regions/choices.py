from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionKind(models.TextChoices):
    COUNTRY = "COUNTRY", _("国家")
    PROVINCE = "PROVINCE", _("省")
    CITY = "CITY", _("设区的市")
    DISTRICT = "DISTRICT", _("市辖区")
    COUNTY = "COUNTY", _("县")
    COUNTY_CITY = "COUNTY_CITY", _("县级市")
    SUBDISTRICT = "SUBDISTRICT", _("街道")
    TOWNSHIP = "TOWNSHIP", _("乡镇")


COUNTY_LEVEL_KINDS = {RegionKind.DISTRICT, RegionKind.COUNTY, RegionKind.COUNTY_CITY}
GRASSROOTS_KINDS = {RegionKind.SUBDISTRICT, RegionKind.TOWNSHIP}

# GB/T 2260 gives 6 digits down to county level; the 9-digit codes of 街道 and
# 乡镇 (GB/T 10114 / statistical division codes) extend the county's code.
CODE_LENGTH = {
    RegionKind.COUNTRY: 6,
    RegionKind.PROVINCE: 6,
    RegionKind.CITY: 6,
    RegionKind.DISTRICT: 6,
    RegionKind.COUNTY: 6,
    RegionKind.COUNTY_CITY: 6,
    RegionKind.SUBDISTRICT: 9,
    RegionKind.TOWNSHIP: 9,
}
