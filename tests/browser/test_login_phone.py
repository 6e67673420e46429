import pytest

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_logs_in_on_a_phone(phone, live_server, committee_staff, password):
    login(phone, live_server, "staff", password)
    assert "工作台" in phone.content()
    # Nothing on the page is wider than the phone's screen.
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0


def test_wrong_password_shows_a_chinese_message(phone, live_server, committee_staff):
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.get_by_label("账号").fill("staff")
    phone.get_by_label("密码").fill("wrong-password-123")
    phone.get_by_role("button", name="登录").click()
    assert phone.get_by_role("alert").inner_text().startswith("账号或密码不正确")
