"""The installable shell: worker, manifest, icons, favicon, offline page."""

import io
import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from PIL import Image

from renda.pwa import views


def worker_config(response) -> dict:
    first_lines = response.content.decode().split("\n", 2)
    match = re.fullmatch(r"self\.RENDA_SW = (.*);", first_lines[1])
    assert match, first_lines[:2]
    return json.loads(match.group(1))


@pytest.mark.django_db
def test_worker_is_served_from_the_root_uncached_with_its_shell(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert response["Service-Worker-Allowed"] == "/"
    config = worker_config(response)
    assert re.fullmatch(r"[0-9a-f]{16}", config["version"])
    assert "/offline/" in config["precache"]
    assert "/manifest.webmanifest" in config["precache"]
    assert config["logout"] == reverse("accounts:logout")
    for url in config["precache"]:
        if url.startswith(settings.STATIC_URL):
            assert finders.find(url.removeprefix(settings.STATIC_URL)), url
        else:
            assert client.get(url).status_code == 200, url


def test_worker_version_changes_when_a_shell_file_changes(monkeypatch):
    original = views._static_bytes
    views._worker_source.cache_clear()
    before = views._worker_source()

    def changed(name):
        data = original(name)
        return data + b"/* changed */" if name == "css/renda.css" else data

    monkeypatch.setattr(views, "_static_bytes", changed)
    views._worker_source.cache_clear()
    try:
        after = views._worker_source()
    finally:
        views._worker_source.cache_clear()

    version = re.compile(r'"version": "([0-9a-f]+)"')
    assert version.search(before).group(1) != version.search(after).group(1)


def test_worker_never_keeps_api_responses_or_posts():
    source = views._static_bytes("pwa/sw.js").decode()
    assert 'url.pathname.startsWith("/api/")' in source
    assert 'request.method !== "GET"' in source
    # The kept pages are only the workbench and the two offline forms.
    assert views.OFFLINE_PAGES == [
        r"^/$",
        r"^/suggestions/new/$",
        r"^/stations/\d+/reception-days/new/$",
    ]


@pytest.mark.django_db
def test_manifest_names_the_app_in_chinese_with_its_icons(client):
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "人大代表履职平台"
    assert data["short_name"] == "履职平台"
    assert data["start_url"] == "/"
    assert data["display"] == "standalone"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert sizes == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("192x192", "maskable"),
        ("512x512", "maskable"),
    }
    for icon in data["icons"]:
        image = Image.open(finders.find(icon["src"].removeprefix(settings.STATIC_URL)))
        assert image.format == "PNG"
        assert f"{image.width}x{image.height}" == icon["sizes"]


@pytest.mark.django_db
def test_favicon_is_an_icon_not_a_404(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "ICO"
    assert (32, 32) in image.info["sizes"]


@pytest.mark.django_db
def test_every_page_links_the_manifest_icons_and_the_worker(client, deputy):
    client.force_login(deputy)

    html = client.get("/").content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'rel="apple-touch-icon"' in html
    assert '<meta name="theme-color" content="#b71c1c">' in html
    assert f'data-user="{deputy.pk}"' in html
    login_page = Client().get(reverse("accounts:login")).content.decode()
    assert 'data-user=""' in login_page


@pytest.mark.django_db
def test_offline_page_shows_nobodys_data(client, deputy):
    client.force_login(deputy)

    response = client.get("/offline/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "现在没有网络" in html
    assert deputy.username not in html
    assert "data-user" not in html
    assert "csrfmiddlewaretoken" not in html
