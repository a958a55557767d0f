"""The guidance file (``guidance.toml``), read and checked once.

Guidance is content, not code: a coach or a translator edits the file, and the rules here
keep every piece answerable to the claims it names (DESIGN.md C1-C20). A piece that breaks a
rule stops the load with one line naming the piece and the rule, so a bad edit never reaches
a parent half-applied.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from beside.errors import ConfigError
from beside.model.mechanisms import CLAIMS

SITUATIONS = (
    "crying",
    "turning_away",
    "came_for_comfort",
    "calmed_alone",
    "talking",
    "night_waking",
    "after_crying_alone",
)
MOMENTS = ("now", "afterwards", "anytime")
STATUSES = ("draft", "reviewed")
#: Guidance never names a condition; patterns worth a word suggest a professional instead.
DIAGNOSTIC_WORDS = ("autism", "autistic", "disorder", "adhd", "diagnos")


@dataclass(frozen=True)
class Piece:
    id: str
    from_months: float
    to_months: float
    situation: str
    moment: str
    claims: tuple[str, ...]
    text: str
    status: str
    reviewed: str = ""
    source: str = ""

    def fits(self, age_months: float) -> bool:
        return self.from_months <= age_months < self.to_months


@dataclass(frozen=True)
class HelpNow:
    """Signs that crying may mean illness, with the public-health source they come from."""

    source: str
    intro: str
    emergency: tuple[str, ...]
    urgent_intro: str
    urgent: tuple[str, ...]
    closing: str


@dataclass(frozen=True)
class Guidance:
    pieces: tuple[Piece, ...]
    help_now: HelpNow


def _fail(where: str, rule: str) -> ConfigError:
    return ConfigError(f"guidance {where}: {rule}", field="guidance")


def _piece(raw: dict[str, Any]) -> Piece:
    where = f"piece {raw.get('id', '?')!r}"
    known = set(Piece.__dataclass_fields__)
    extra = set(raw) - known
    if extra:
        raise _fail(where, f"unknown field {sorted(extra)[0]}")
    try:
        piece = Piece(
            id=str(raw["id"]),
            from_months=float(raw["from_months"]),
            to_months=float(raw["to_months"]),
            situation=str(raw["situation"]),
            moment=str(raw["moment"]),
            claims=tuple(str(c) for c in raw["claims"]),
            text=" ".join(str(raw["text"]).split()),
            status=str(raw["status"]),
            reviewed=str(raw.get("reviewed", "")),
            source=str(raw.get("source", "")),
        )
    except KeyError as missing:
        raise _fail(where, f"needs {missing.args[0]}") from None
    if not 0 <= piece.from_months < piece.to_months:
        raise _fail(where, "from_months must be at least 0 and below to_months")
    if piece.situation not in SITUATIONS:
        raise _fail(where, f"situation must be one of {', '.join(SITUATIONS)}")
    if piece.moment not in MOMENTS:
        raise _fail(where, f"moment must be one of {', '.join(MOMENTS)}")
    if piece.status not in STATUSES:
        raise _fail(where, f"status must be one of {', '.join(STATUSES)}")
    if piece.status == "reviewed" and not piece.reviewed.strip():
        raise _fail(where, "a reviewed piece names who reviewed it and when")
    if not piece.claims or any(c not in CLAIMS for c in piece.claims):
        raise _fail(where, "claims must name at least one of C1-C20")
    if not piece.text:
        raise _fail(where, "text must not be empty")
    lowered = piece.text.lower()
    for word in DIAGNOSTIC_WORDS:
        if word in lowered:
            raise _fail(where, f"guidance never names a condition ({word!r})")
    return piece


def parse(text: str) -> Guidance:
    """Check a guidance file's text; raise ``ConfigError`` naming the first broken rule."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise _fail("file", f"is not valid TOML ({err})") from None
    pieces = tuple(_piece(p) for p in raw.get("piece", []))
    ids = [p.id for p in pieces]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise _fail(f"piece {dupes[0]!r}", "ids must be unique")
    h = raw.get("help_now")
    if not isinstance(h, dict):
        raise _fail("help_now", "the file needs a [help_now] list")
    try:
        help_now = HelpNow(
            source=str(h["source"]),
            intro=" ".join(str(h["intro"]).split()),
            emergency=tuple(str(x) for x in h["emergency"]),
            urgent_intro=str(h["urgent_intro"]),
            urgent=tuple(str(x) for x in h["urgent"]),
            closing=" ".join(str(h["closing"]).split()),
        )
    except KeyError as missing:
        raise _fail("help_now", f"needs {missing.args[0]}") from None
    if not help_now.source.strip():
        raise _fail("help_now", "must cite its public-health source")
    return Guidance(pieces, help_now)


def guidance_path() -> Path:
    return Path(str(resources.files("beside.guide").joinpath("guidance.toml")))


@cache
def shipped() -> Guidance:
    return parse(guidance_path().read_text(encoding="utf-8"))
