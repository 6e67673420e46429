"""Bytes a deputy's phone downloads to open the workbench the first time.

Builds the demo city in a fresh SQLite database (``demo_load``), collects the
static files as production does (``CompressedManifestStaticFilesStorage``:
hashed names and precompressed copies), then, through Django's test client in
process with the production middleware (WhiteNoise, GZipMiddleware), signs in
as the demo deputy and fetches what a browser with an empty cache fetches for
``/``:

- the page itself;
- everything it links: stylesheets, scripts, icons, the web app manifest;
- what the manifest names (its icons: Chrome fetches one to offer installing);
- the service worker (``/sw.js``) and everything it precaches at install
  (the offline page...); ``/favicon.ico``.

Each URL is counted once (a browser does not download the same URL twice), as
the response body's bytes, measured twice in the same run: with
``Accept-Encoding: gzip`` (what a phone gets) and with ``identity`` (the
baseline: the same load uncompressed). HTTP headers are not counted (about
0.3-0.5 KB a response). The goal is at most 150 KB with compression.

    .venv/bin/python bench/first_load.py                  # builds the demo (~1 min)
    .venv/bin/python bench/first_load.py --database-url sqlite:////tmp/pwa-db/d.sqlite3
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_BYTES = 150 * 1024
DEMO_USER = "deputy"
DEMO_PASSWORD = "Renda-demo-2020"  # noqa: S105 - the demo's published password


class Links(HTMLParser):
    """Collect the URLs a browser fetches for a page: scripts, styles, icons, images."""

    FETCHED_RELS = {"stylesheet", "icon", "apple-touch-icon", "manifest", "preload"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):
            rels = set((attrs.get("rel") or "").split())
            for rel in rels & self.FETCHED_RELS:
                self.urls.append((rel, attrs["href"]))
        elif tag in {"script", "img"} and attrs.get("src"):
            self.urls.append((tag, attrs["src"]))


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def prepare(database_url: str | None) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="renda-first-load-"))
    os.environ["RENDA_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'demo.sqlite3'}"
    # The settings `make run` uses: DEBUG off, hashed and precompressed static files.
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's host in
    if database_url is None:
        call_command("migrate", verbosity=0)
        call_command("demo_load", "--flush", "--yes", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)


def fetch_all(client, encoding: str) -> list[tuple[str, str, str, int]]:
    """Return (kind, url, content-type, bytes) for every URL of the first load."""
    seen: dict[str, tuple[str, str, str, int]] = {}

    def get(kind: str, url: str) -> bytes:
        path = urlsplit(url).path
        if path in seen:
            return b""
        response = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        body = body_of(response)
        kind = f"{kind} ({response.get('Content-Encoding', 'identity')})"
        seen[path] = (kind, path, response["Content-Type"].split(";")[0], len(body))
        if response.get("Content-Encoding") == "gzip":
            import gzip

            return gzip.decompress(body)
        return body

    html = get("page", "/").decode()
    links = Links()
    links.feed(html)
    for kind, url in links.urls:
        content = get(kind, url)
        if kind == "manifest" and content:
            for icon in json.loads(content)["icons"]:
                get("manifest icon", icon["src"])
    worker = get("service worker", "/sw.js").decode()
    config = json.loads(worker.split("self.RENDA_SW = ", 1)[1].split(";\n", 1)[0])
    for url in config["precache"]:
        get("precache", url)
    get("favicon", "/favicon.ico")
    return list(seen.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url",
        help="an already loaded demo database (default: build one with demo_load)",
    )
    args = parser.parse_args()
    prepare(args.database_url)
    from django.test import Client

    from renda.accounts.models import User

    user = User.objects.filter(username=DEMO_USER).first()
    if user is None or not user.check_password(DEMO_PASSWORD):
        raise SystemExit("no demo deputy with the demo password: load the demo first")
    client = Client()
    client.force_login(user)
    compressed = fetch_all(client, "gzip, deflate")
    baseline = {path: size for _, path, _, size in fetch_all(client, "identity")}
    total = sum(size for *_, size in compressed)
    total_baseline = sum(baseline.values())
    for kind, path, content_type, size in compressed:
        print(
            f"first_load url={path} kind={kind!r} type={content_type} "
            f"bytes={size} identity_bytes={baseline[path]}"
        )
    print(
        f"first_load_total requests={len(compressed)} bytes={total} "
        f"kb={total / 1024:.1f} identity_kb={total_baseline / 1024:.1f} "
        f"goal_kb={GOAL_BYTES / 1024:.0f} met={total <= GOAL_BYTES}"
    )
    return 0 if total <= GOAL_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
