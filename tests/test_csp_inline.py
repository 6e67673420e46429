"""Nothing the Content-Security-Policy forbids is written into a page.

The policy (config/settings/base.py, docs/security.md) allows scripts and
styles from Renda's own static files only: no inline <script> body, no on*=
handler attribute, no javascript: URL, no <style> block, no style="" attribute,
and no htmx feature that needs eval (hx-on, hx-vars, js: values, trigger
filters). This scans every template, every static HTML fragment and every
Python string that builds HTML.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RENDA = ROOT / "renda"

FORBIDDEN = {
    # <script> without src= (an inline body); <script type="application/json">
    # is data, not code, and the policy allows it.
    "inline script": re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*type=[\"']application/json)[^>]*>", re.I
    ),
    "handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I | re.S),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "style block": re.compile(r"<style[\s>]", re.I),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I | re.S),
    "hx-on (eval)": re.compile(r"\shx-on[:\-]", re.I),
    "hx-vars (eval)": re.compile(r"\shx-vars\s*=", re.I),
    "js: value (eval)": re.compile(r"\shx-vals\s*=\s*[\"']\s*js:", re.I),
    "trigger filter (eval)": re.compile(r"\shx-trigger\s*=\s*\"[^\"]*\[", re.I),
}


def _templates() -> list[Path]:
    found = [p for p in RENDA.rglob("*.html") if "/vendor/" not in p.as_posix()]
    assert len(found) > 100, "the scan must see the templates"
    return sorted(found)


def _python_html() -> list[Path]:
    return sorted(
        p
        for p in RENDA.rglob("*.py")
        if "/tests/" not in p.as_posix() and "/migrations/" not in p.as_posix()
    )


def _problems(text: str) -> list[str]:
    problems = []
    for name, pattern in FORBIDDEN.items():
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            problems.append(f"line {line}: {name}: {match.group(0)[:80]!r}")
    return problems


def test_no_template_has_inline_script_style_or_handlers():
    problems = {
        str(path.relative_to(ROOT)): found
        for path in _templates()
        if (found := _problems(path.read_text(encoding="utf-8")))
    }
    assert problems == {}


def _string_literals(text: str) -> str:
    """Return the module's string literals, docstrings and comments left out."""
    tree = ast.parse(text)
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return "\n".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    )


def test_no_python_builds_html_with_inline_script_style_or_handlers():
    problems = {}
    for path in _python_html():
        text = path.read_text(encoding="utf-8")
        if "<" not in text:
            continue
        if found := _problems(_string_literals(text)):
            problems[str(path.relative_to(ROOT))] = found
    assert problems == {}


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<button onclick="x()">',
        '<a href="javascript:void(0)">',
        "<style>p{}</style>",
        '<p style="color:red">',
        '<div hx-on:click="x()">',
        '<div hx-trigger="change[target.value]">',
    ],
)
def test_the_scan_finds_each_kind(html):
    assert _problems(html)


def test_the_scan_lets_the_allowed_forms_pass():
    assert not _problems(
        '<script src="/static/js/forms.js" defer></script>'
        '<script type="application/json" id="x">{}</script>'
        '<button data-print>打印</button><p class="pre-line">'
        '<div hx-trigger="every 10s" hx-get="/x/">'
    )
