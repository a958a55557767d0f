"""Fingerprints of the seed texts, so a test can check that guidance is in our own words.

The seeds (``../shared/seeds/``) are third-party texts and do not ship with Beside; their
fingerprint does: a short hash of every run of ``SHINGLE_WORDS`` consecutive words, after
lower-casing and dropping punctuation. A guidance text that shares any run with a seed
repeats a seed's sentence, or most of one. Regenerate with
``python -m beside.guide.own_words ../shared/seeds > src/beside/guide/seed_fingerprint.txt``.
"""

from __future__ import annotations

import hashlib
import re
import sys
from importlib import resources
from pathlib import Path

#: Eight words: long enough that common phrases ("let them know you are there") do not
#: count, short enough that a copied clause does.
SHINGLE_WORDS = 8


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))


def fingerprint(text: str) -> set[str]:
    w = _words(text)
    return {
        hashlib.sha1(" ".join(w[i : i + SHINGLE_WORDS]).encode()).hexdigest()[:12]
        for i in range(len(w) - SHINGLE_WORDS + 1)
    }


def shared_runs(text: str, prints: set[str]) -> list[str]:
    """The runs of words in ``text`` whose fingerprint is in ``prints``."""
    w = _words(text)
    out = []
    for i in range(len(w) - SHINGLE_WORDS + 1):
        run = " ".join(w[i : i + SHINGLE_WORDS])
        if hashlib.sha1(run.encode()).hexdigest()[:12] in prints:
            out.append(run)
    return out


def seed_fingerprint() -> set[str]:
    path = resources.files("beside.guide").joinpath("seed_fingerprint.txt")
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line}


if __name__ == "__main__":
    prints: set[str] = set()
    for seed in sorted(Path(sys.argv[1]).glob("*.txt")):
        prints |= fingerprint(seed.read_text(encoding="utf-8"))
    print("\n".join(sorted(prints)))
