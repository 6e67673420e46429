from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Party(models.TextChoices):
    CPC = "CPC", _("中共党员")
    CPC_PROBATIONARY = "CPC_PROBATIONARY", _("中共预备党员")
    RCCK = "RCCK", _("民革")
    CDL = "CDL", _("民盟")
    CNDCA = "CNDCA", _("民建")
    CAPD = "CAPD", _("民进")
    CPWDP = "CPWDP", _("农工党")
    CZGP = "CZGP", _("致公党")
    JS = "JS", _("九三学社")
    TDSGL = "TDSGL", _("台盟")
    NONE = "NONE", _("群众")
    NON_PARTY = "NON_PARTY", _("无党派人士")


class OccupationCategory(models.TextChoices):
    """The composition categories congresses report (代表结构)."""

    OFFICIAL = "OFFICIAL", _("党政领导干部")
    WORKER = "WORKER", _("工人")
    FARMER = "FARMER", _("农民")
    PROFESSIONAL = "PROFESSIONAL", _("专业技术人员")
    ENTERPRISE = "ENTERPRISE", _("企业负责人")
    MILITARY = "MILITARY", _("解放军和武警")
    OTHER = "OTHER", _("其他")


class MandateEndReason(models.TextChoices):
    TERM_ENDED = "TERM_ENDED", _("任期届满")
    RESIGNED = "RESIGNED", _("辞职")
    RECALLED = "RECALLED", _("罢免")
    MOVED = "MOVED", _("迁出或调离本行政区域")
    DECEASED = "DECEASED", _("死亡")
    TERMINATED = "TERMINATED", _("依法终止")


# Age bands for composition statistics (代表结构): upper bounds, exclusive.
AGE_BANDS = [
    (0, 35, "35岁以下"),
    (35, 46, "35-45岁"),
    (46, 56, "46-55岁"),
    (56, 200, "56岁以上"),
]
