"""The SMS gateway and 企业微信 stubs, and settings that turn the channels on."""

import pytest
from django.core.cache import cache

from .stubs import SmsGateway, WeComServer

SECRET_ID = "AKIDrenda0000000000000000000000EXAMPLE"
SECRET_KEY = "renda-test-secret-key-0000EXAMPLE"
CORP_ID = "wwrenda0000000001"
CORP_SECRET = "corp-secret-for-tests"
AGENT_ID = 1000002

IN_APP = "renda.notifications.backends.InAppBackend"
SMS = "renda.notifications.backends.SmsBackend"
WECOM = "renda.notifications.backends.WeComBackend"


@pytest.fixture
def sms_gateway(settings):
    """A running SMS gateway stub, with Renda's SMS settings pointed at it."""
    gateway = SmsGateway(SECRET_ID, SECRET_KEY).start()
    settings.RENDA_SMS_TENCENT_ENDPOINT = gateway.url
    settings.RENDA_SMS_TENCENT_SECRET_ID = SECRET_ID
    settings.RENDA_SMS_TENCENT_SECRET_KEY = SECRET_KEY
    settings.RENDA_SMS_TENCENT_SDK_APP_ID = "1400000001"
    settings.RENDA_SMS_TENCENT_SIGN_NAME = "辽源人大"
    settings.RENDA_SMS_TENCENT_TEMPLATE_ID = "2000001"
    settings.RENDA_DELIVERY_HTTP_TIMEOUT_SECONDS = 5
    settings.RENDA_NOTIFICATION_BACKENDS = [IN_APP, SMS]
    yield gateway.state
    gateway.stop()


@pytest.fixture
def wecom_server(settings):
    """A running 企业微信 stub, with Renda's settings pointed at it; no cached token."""
    server = WeComServer(CORP_ID, CORP_SECRET, AGENT_ID).start()
    settings.RENDA_WECOM_API_BASE = server.url
    settings.RENDA_WECOM_CORP_ID = CORP_ID
    settings.RENDA_WECOM_CORP_SECRET = CORP_SECRET
    settings.RENDA_WECOM_AGENT_ID = str(AGENT_ID)
    settings.RENDA_SITE_URL = "https://renda.example.gov.cn"
    settings.RENDA_DELIVERY_HTTP_TIMEOUT_SECONDS = 5
    settings.RENDA_NOTIFICATION_BACKENDS = [IN_APP, WECOM]
    cache.clear()
    yield server.state
    server.stop()
    cache.clear()
