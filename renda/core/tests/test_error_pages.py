"""Refusals and missing pages keep the site's layout and speak Chinese."""

from django.urls import reverse


def test_403_page_is_in_the_site_layout(client, unit_staff):
    client.force_login(unit_staff)

    response = client.get(reverse("deputies:list"))

    assert response.status_code == 403
    content = response.content.decode()
    assert "无权访问" in content
    assert "Renda 人大履职平台" in content
    assert reverse("workbench:home") in content


def test_404_page_is_in_the_site_layout(client, committee_staff):
    client.force_login(committee_staff)

    response = client.get("/deputies/999999/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "未找到" in content
    assert "或者您无权查看" in content
