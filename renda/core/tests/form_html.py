"""Read a rendered form back the way a browser would submit it unchanged."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_index: int):
        super().__init__()
        self.form_index = form_index
        self.forms_seen = -1
        self.inside = False
        self.data: list[tuple[str, str]] = []
        self.inputs: dict[str, dict] = {}
        self.select: str | None = None
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms_seen += 1
            self.inside = self.forms_seen == self.form_index
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            self.inputs.setdefault(name, attrs)
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "search"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.data.append((self.textarea, "".join(self.text).lstrip("\n")))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)


def form_fields(html: str, *, having: str) -> tuple[dict, dict]:
    """Return (what the first form with an input ``having`` posts unchanged, its inputs).

    ``inputs`` maps each named input to its attributes, to check what is shown.
    """
    for index in range(html.count("<form")):
        reader = _FormReader(index)
        reader.feed(html)
        if having in reader.inputs or any(name == having for name, _ in reader.data):
            posted: dict[str, list[str]] = {}
            for name, value in reader.data:
                posted.setdefault(name, []).append(value)
            return (
                {k: v if len(v) > 1 else v[0] for k, v in posted.items()},
                reader.inputs,
            )
    raise AssertionError(f"no form with a field named {having!r}")
