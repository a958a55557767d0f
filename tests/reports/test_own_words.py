"""What the insights and the weekly report say to a parent is in our own words: no run of
eight words from a seed text, and no name of a condition (guidance never diagnoses)."""

from __future__ import annotations

import re

import numpy as np

from beside.guide import own_words
from beside.guide.content import DIAGNOSTIC_WORDS
from beside.insights import patterns
from beside.reports import weekly
from tests.insights.records_by_hand import week


def _texts() -> list[str]:
    one = np.ones(1)
    f = patterns.Features(np.zeros(1, np.int64), one, one, one, one, one, one, one, one)
    texts = [" ".join(patterns._words(p, f, "Sam")) for p in patterns.SCREENED]
    log = week()
    html = weekly.to_html(weekly.build("2025-W41", log, log, []))
    texts.append(re.sub(r"<[^>]+>", " ", html.split("<svg")[0] + html.split("</svg>")[-1]))
    return texts


def test_the_words_shown_to_a_parent_are_our_own() -> None:
    prints = own_words.seed_fingerprint()
    for text in _texts():
        assert own_words.shared_runs(text, prints) == []
        lowered = text.lower()
        assert not [w for w in DIAGNOSTIC_WORDS if w in lowered], text[:80]
