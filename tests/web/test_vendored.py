"""The pages' scripts are ours or vendored from the npm registry (issue 12: no CDN), and the
vendored files are the releases ``scripts/vendor-htmx`` recorded, byte for byte."""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources

STATIC = resources.files("beside.web") / "static"


def test_the_vendored_files_are_the_recorded_releases() -> None:
    record = json.loads((STATIC / "VENDORED.json").read_text(encoding="utf-8"))
    assert record["htmx.min.js"]["from"].startswith("htmx.org@2.")
    for name, entry in record.items():
        digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()
        assert digest == entry["sha256"], f"{name} is not {entry['from']}: run scripts/vendor-htmx"


def test_no_page_loads_anything_from_elsewhere() -> None:
    templates = resources.files("beside.web") / "templates"
    for template in templates.iterdir():
        text = template.read_text(encoding="utf-8")
        assert re.search(r"https?://", text) is None, template.name
