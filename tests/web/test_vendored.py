"""The pages' scripts are ours or vendored from the npm registry (issue 12: no CDN), and the
vendored files are the releases ``scripts/vendor-htmx`` recorded, byte for byte."""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources

from fastapi.testclient import TestClient

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


def test_scripts_are_kept_but_asked_for_again_and_records_never_kept(client: TestClient) -> None:
    """Static files: ``no-cache`` with an ETag (an unchanged file is a bodiless 304); a
    page or an answer holding records stays ``no-store``."""
    first = client.get("/static/app.js")
    assert first.status_code == 200
    assert first.headers["cache-control"] == "no-cache"
    again = client.get("/static/app.js", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304
    assert client.get("/login").headers["cache-control"] == "no-store"
