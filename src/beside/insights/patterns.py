"""Patterns worth a word: what a child's records show that a parent may want to talk over.

Four of them (C20) may be worth mentioning to the child's doctor, health visitor or a
child-development professional: comfort refused since early infancy, upsets that start
when there is a lot going on and a child who moves away from it, own tries to calm that
still rarely work by two to four, and upsets that often reach the top of the scale. One (C10
with C5) is a word about nights: calling out less while waking as often. None of them is a
diagnosis, and none is worded as one; each comes with the records behind it.

The screen (the first four together) was tuned on one simulated cohort and checked on
another (docs/insights.md gives its sensitivity and specificity, by phenotype); a test holds
the figures. Its thresholds are assumptions, not published cut-offs: ``SCREEN`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from beside.insights.tallies import Tallies

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Rule:
    value: float
    unit: str
    claim: str
    source: str


ASSUMED = (
    "assumed: chosen on a simulated cohort (default mix, seed 0, 1,500 children x 36 months), "
    "checked on another (seed 1)"
)

#: The screen's numbers. None is a published cut-off: each is an assumption, checked only
#: against simulated children whose truth is known (tests/insights/test_patterns.py).
SCREEN: dict[str, Rule] = {
    "early_turned_away_share": Rule(0.08, "share of upsets before 9 months", "C20", ASSUMED),
    "early_min_episodes": Rule(20, "upsets before 9 months", "C20", ASSUMED),
    "overstimulated_share": Rule(0.12, "share of upsets", "C20", ASSUMED),
    "late_success_share": Rule(0.20, "share of tries at 2-4 years", "C12, C20", ASSUMED),
    "late_min_tries": Rule(20, "tries at 2-4 years", "C12", ASSUMED),
    "extreme_share": Rule(0.10, "share of upsets at 9-10", "C13, C20", ASSUMED),
    "min_episodes": Rule(30, "upsets", "C20", ASSUMED),
    "quieter_by": Rule(0.30, "fall in the share of wakings called out, relative", "C10", ASSUMED),
    "wakings_fall_at_most": Rule(0.25, "fall in wakings, relative", "C10", ASSUMED),
}

SCREENED = ("comfort_refused_early", "runs_from_stimulation", "soothing_not_progressing",
            "often_extreme")  # fmt: skip


@dataclass(frozen=True)
class Pattern:
    id: str
    #: seen, not_seen, or not_assessable (too few records at the ages it needs)
    status: str
    words: str
    evidence: str
    claims: tuple[str, ...]
    suggests_professional: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "status": self.status,
            "words": self.words,
            "evidence": self.evidence,
            "claims": list(self.claims),
            "suggests_professional": self.suggests_professional,
        }


@dataclass(frozen=True)
class Features:
    """Per child (in ``child_id`` order): the counts the patterns read."""

    child_id: npt.NDArray[np.int64]
    early_episodes: F64
    early_turned: F64
    episodes: F64
    #: Upsets whose trigger, and tries whose outcome, were recorded (the shares' bases).
    triggered: F64
    overstimulated: F64
    late_tries: F64
    late_successes: F64
    extreme: F64


def features(t: Tallies) -> Features:
    ids, child = np.unique(t.child_id, return_inverse=True)
    month = t.month

    def total(name: str, lo: float = 0, hi: float = 1e9) -> F64:
        keep = (month >= lo) & (month < hi)
        summed = np.bincount(child[keep], weights=t.sums[name][keep], minlength=ids.size)
        out: F64 = summed.astype(np.float64)
        return out

    return Features(
        child_id=ids,
        early_episodes=total("action_recorded", 0, 9),
        early_turned=total("turned_away", 0, 9),
        episodes=total("episodes"),
        triggered=total("trigger_recorded"),
        overstimulated=total("overstimulated"),
        late_tries=total("tried_outcome_recorded", 24, 48),
        late_successes=total("tried_calmed_alone", 24, 48),
        extreme=total("extreme"),
    )


def _share(a: F64, b: F64) -> F64:
    with np.errstate(invalid="ignore", divide="ignore"):
        out: F64 = np.where(b > 0, a / b, np.nan)
    return out


def screen(f: Features) -> dict[str, npt.NDArray[np.int8]]:
    """Per child and screened pattern: 1 seen, 0 not seen, -1 not assessable."""
    r = {k: v.value for k, v in SCREEN.items()}

    def flag(hit: npt.NDArray[np.bool_], enough: npt.NDArray[np.bool_]) -> npt.NDArray[np.int8]:
        return np.where(enough, hit.astype(np.int8), np.int8(-1)).astype(np.int8)

    enough = f.episodes >= r["min_episodes"]
    return {
        "comfort_refused_early": flag(
            _share(f.early_turned, f.early_episodes) >= r["early_turned_away_share"],
            f.early_episodes >= r["early_min_episodes"],
        ),
        "runs_from_stimulation": flag(
            _share(f.overstimulated, f.triggered) >= r["overstimulated_share"],
            f.triggered >= r["min_episodes"],
        ),
        "soothing_not_progressing": flag(
            _share(f.late_successes, f.late_tries) < r["late_success_share"],
            f.late_tries >= r["late_min_tries"],
        ),
        "often_extreme": flag(_share(f.extreme, f.episodes) >= r["extreme_share"], enough),
    }


def _of(a: float, b: float) -> str:
    return f"{a:.0f} of {b:.0f}"


def _words(pattern: str, f: Features, name: str) -> tuple[str, str]:
    if pattern == "comfort_refused_early":
        return (
            f"Since early on, {name} has often turned away from comfort when upset. Babies "
            "do this for many reasons, pain among them, and it is worth mentioning to your "
            "doctor or health visitor, who can look at the whole picture with you.",
            f"turned away in {_of(f.early_turned[0], f.early_episodes[0])} upsets before 9 months",
        )
    if pattern == "runs_from_stimulation":
        return (
            f"Many of {name}'s upsets begin when there is a lot going on. Some children "
            "feel noise, light and busy places more strongly than others; a quieter corner "
            "often helps, and a professional can tell you more if it worries you.",
            f"{_of(f.overstimulated[0], f.triggered[0])} upsets began with too much going on",
        )
    if pattern == "soothing_not_progressing":
        return (
            f"{name}'s own tries to calm down still rarely work. Children learn this at very "
            "different speeds, and your help is what they learn from; if it stays like "
            "this, a child-development professional can help you see why.",
            f"{_of(f.late_successes[0], f.late_tries[0])} tries worked between 2 and 4 years",
        )
    return (
        f"Many of {name}'s upsets reach the very top of the scale. That is hard on both of "
        "you; if it goes on, talking it over with your doctor or health visitor can help.",
        f"{_of(f.extreme[0], f.episodes[0])} upsets reached 9 or 10 of 10",
    )


CLAIMS = {
    "comfort_refused_early": ("C20",),
    "runs_from_stimulation": ("C20", "C14"),
    "soothing_not_progressing": ("C12", "C20"),
    "often_extreme": ("C13", "C20"),
}


def quieter_nights(t: Tallies) -> tuple[bool, str] | None:
    """C10 with C5: between the first and the second half of the nights, the share of
    wakings that called out fell, while the wakings themselves did not fall much; None
    when silent wakings were never recorded (then a journal cannot tell) or there are fewer
    than 14 nights."""
    if t.sums["silent"].sum() <= 0 or t.sums["nights"].sum() < 14:
        return None
    order = np.argsort(t.period_day, kind="stable")
    nights = np.cumsum(t.sums["nights"][order])
    first = nights <= nights[-1] / 2
    halves = []
    for part in (order[first], order[~first]):
        n = t.sums["nights"][part].sum()
        halves.append((t.sums["signalled"][part].sum() / n, t.sums["wakings"][part].sum() / n))
    (s0, w0), (s1, w1) = halves
    r = {k: v.value for k, v in SCREEN.items()}
    called0, called1 = s0 / max(w0, 1e-9), s1 / max(w1, 1e-9)
    seen = bool(
        called0 > 0
        and (called0 - called1) / called0 >= r["quieter_by"]
        and w1 >= (1.0 - r["wakings_fall_at_most"]) * w0
    )
    evidence = f"calling out {s0:.1f} then {s1:.1f} times a night; waking {w0:.1f} then {w1:.1f}"
    return seen, evidence


def patterns(t: Tallies, *, name: str) -> tuple[Pattern, ...]:
    """The patterns of one child's tallies (all its records, at every age it has)."""
    f = features(t)
    if f.child_id.size != 1:
        raise ValueError("patterns are for one child; use screen() for a cohort")
    out = []
    for pattern, flags in screen(f).items():
        words, evidence = _words(pattern, f, name)
        status = {1: "seen", 0: "not_seen", -1: "not_assessable"}[int(flags[0])]
        out.append(Pattern(pattern, status, words if status == "seen" else "", evidence,
                           CLAIMS[pattern], suggests_professional=status == "seen"))  # fmt: skip
    quiet = quieter_nights(t)
    if quiet is None:
        out.append(Pattern("quieter_nights", "not_assessable", "", "", ("C10", "C5"), False))
    else:
        seen, evidence = quiet
        words = (
            f"{name}'s nights have become quieter, but {name} still wakes about as often. "
            "Quiet is not always calm: a child who has stopped calling may still be awake "
            "and unsettled. Coming when they do call keeps the door open."
        )
        out.append(Pattern("quieter_nights", "seen" if seen else "not_seen",
                           words if seen else "", evidence, ("C10", "C5"), False))  # fmt: skip
    return tuple(out)
