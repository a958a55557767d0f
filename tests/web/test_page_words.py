"""The pages' own words (issue 12): no run of eight words from a seed text, and no name of a
condition, in any template (guidance never diagnoses; the pieces themselves are checked in
tests/guide)."""

from __future__ import annotations

import re
from importlib import resources

from beside.guide import own_words
from beside.guide.content import DIAGNOSTIC_WORDS


def test_the_pages_words_are_our_own() -> None:
    prints = own_words.seed_fingerprint()
    templates = resources.files("beside.web") / "templates"
    for template in templates.iterdir():
        text = re.sub(r"\{[{%#].*?[}%#]\}|<[^>]+>", " ", template.read_text(encoding="utf-8"))
        assert own_words.shared_runs(text, prints) == [], template.name
        assert [w for w in DIAGNOSTIC_WORDS if w in text.lower()] == [], template.name
