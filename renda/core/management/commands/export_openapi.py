"""Write the API's OpenAPI schema to a file, or check that the file is up to date."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

# How many lines of the diff a failed check prints.
DIFF_LINES = 40


def render_schema() -> str:
    """Return the OpenAPI schema as stable, pretty JSON with a trailing newline."""
    api = import_string(settings.RENDA_API)
    schema = api.get_openapi_schema()
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the OpenAPI schema of /api/v1/ to PATH; --check compares instead."

    def add_arguments(self, parser):
        parser.add_argument("path", help="e.g. docs/openapi.json")
        parser.add_argument(
            "--check",
            action="store_true",
            help="exit 1 if PATH differs from the schema the code produces",
        )

    def handle(self, *args, path, check, **options):
        target = Path(path)
        text = render_schema()
        if not check:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {target}")
            return
        if not target.exists():
            raise CommandError(
                f"{target} does not exist; run `make schema` and commit it."
            )
        current = target.read_text(encoding="utf-8")
        if current == text:
            self.stdout.write(f"{target} is up to date.")
            return
        diff = list(
            difflib.unified_diff(
                current.splitlines(),
                text.splitlines(),
                fromfile=f"{target} (committed)",
                tofile=f"{target} (from the code)",
                lineterm="",
            )
        )
        shown = "\n".join(diff[:DIFF_LINES])
        more = (
            f"\n... {len(diff) - DIFF_LINES} more lines"
            if len(diff) > DIFF_LINES
            else ""
        )
        self.stderr.write(
            f"{target} is out of date with the API code. "
            f"Run `make schema` and commit the result.\n{shown}{more}"
        )
        raise SystemExit(1)
