"""HTML and JSON answer gzip to a client that accepts it (TextGZipMiddleware)."""

import gzip
import json

import pytest
from django.http import HttpResponse

from renda.pwa.middleware import TextGZipMiddleware


@pytest.mark.django_db
def test_pages_answer_gzip_to_a_client_that_accepts_it(client, deputy):
    client.force_login(deputy)

    plain = client.get("/")
    packed = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert "</html>" in html
    assert len(packed.content) < len(plain.content) / 2


@pytest.mark.django_db
def test_openapi_json_answers_gzip(client):
    plain = client.get("/api/v1/openapi.json")
    packed = client.get("/api/v1/openapi.json", HTTP_ACCEPT_ENCODING="gzip")

    assert packed.status_code == 200
    assert packed["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(packed.content)) == json.loads(plain.content)
    # 262 KB of JSON goes over the wire as a fraction of it.
    assert len(packed.content) < len(plain.content) / 5


@pytest.mark.django_db
def test_gzip_of_a_page_differs_between_requests(client, deputy):
    """BREACH mitigation (Django >= 4.2): random bytes in the gzip header."""
    client.force_login(deputy)

    first = client.get("/", HTTP_ACCEPT_ENCODING="gzip").content
    second = client.get("/", HTTP_ACCEPT_ENCODING="gzip").content

    assert first != second


def test_files_compressed_already_are_left_alone(rf):
    middleware = TextGZipMiddleware(lambda request: None)
    request = rf.get("/", HTTP_ACCEPT_ENCODING="gzip")

    image = middleware.process_response(
        request, HttpResponse(b"\0" * 5000, content_type="image/png")
    )
    workbook = middleware.process_response(
        request,
        HttpResponse(
            b"\0" * 5000,
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        ),
    )
    script = middleware.process_response(
        request,
        HttpResponse(b"var a = 1;\n" * 500, content_type="application/javascript"),
    )

    assert not image.has_header("Content-Encoding")
    assert not workbook.has_header("Content-Encoding")
    assert script["Content-Encoding"] == "gzip"
