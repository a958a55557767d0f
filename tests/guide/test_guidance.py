"""Guidance as data: every piece is answerable to a claim, in our own words, and picked by
age and situation."""

from __future__ import annotations

import pytest

from beside.errors import ConfigError
from beside.guide import content, own_words
from beside.guide.select import DAYS_PER_MONTH, pick
from beside.model.mechanisms import CLAIMS

G = content.shipped()
PIECE = """
[[piece]]
id = "{id}"
from_months = 0
to_months = 12
situation = "{situation}"
moment = "now"
claims = [{claims}]
text = "{text}"
status = "{status}"
"""
HELP = """
[help_now]
source = "a public-health page"
intro = "Call for help if your child:"
emergency = ["stops breathing"]
urgent_intro = "Call your doctor if your child:"
urgent = ["has a fever"]
closing = "Trust yourself."
"""


def _file(**fields: str) -> str:
    values = {
        "id": "a",
        "situation": "crying",
        "claims": '"C1"',
        "text": "Hold them.",
        "status": "draft",
    }
    return PIECE.format(**{**values, **fields}) + HELP


def test_every_piece_names_claims_that_exist_and_the_file_is_not_empty() -> None:
    assert len(G.pieces) >= 10
    for p in G.pieces:
        assert p.claims, p.id
        assert set(p.claims) <= set(CLAIMS), p.id


def test_no_text_repeats_a_seed_sentence() -> None:
    """Checked against the seeds' fingerprint (runs of eight words). Seen to fail with a
    seed's sentence about giving a child space pasted into a piece."""
    prints = own_words.seed_fingerprint()
    assert len(prints) > 3000  # both seeds
    texts = [p.text for p in G.pieces]
    h = G.help_now
    texts += [h.intro, h.urgent_intro, h.closing, *h.emergency, *h.urgent]
    found = {t[:40]: own_words.shared_runs(t, prints) for t in texts}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_fingerprint_finds_a_copied_run_and_ignores_a_short_phrase() -> None:
    source = "The quick brown fox jumps over the lazy dog near the river bank today."
    prints = own_words.fingerprint(source)
    copied = "Yesterday the quick brown fox jumps over the lazy dog, they said."
    assert own_words.shared_runs(copied, prints) == [
        "the quick brown fox jumps over the lazy",
        "quick brown fox jumps over the lazy dog",
    ]
    assert own_words.shared_runs("the quick brown fox jumps", prints) == []


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ({"claims": '"C21"'}, "claims must name at least one of C1-C20"),
        ({"claims": ""}, "claims must name at least one of C1-C20"),
        ({"situation": "bedtime_battle"}, "situation must be one of"),
        ({"status": "reviewed"}, "a reviewed piece names who reviewed it"),
        ({"text": "This may be autism."}, "guidance never names a condition"),
        ({"text": "   "}, "text must not be empty"),
    ],
)
def test_a_broken_piece_is_refused_in_one_line_naming_it_and_the_rule(
    fields: dict[str, str], rule: str
) -> None:
    with pytest.raises(ConfigError) as err:
        content.parse(_file(**fields))
    assert err.value.field == "guidance"
    assert err.value.message.startswith("guidance piece 'a': ")
    assert rule in err.value.message
    assert "\n" not in err.value.message


def test_ids_are_unique_and_help_now_cites_its_source() -> None:
    twice = PIECE.format(id="a", situation="crying", claims='"C1"', text="x", status="draft")
    with pytest.raises(ConfigError, match="ids must be unique"):
        content.parse(twice + twice + HELP)
    with pytest.raises(ConfigError, match="must cite its public-health source"):
        content.parse(_file().replace('source = "a public-health page"', 'source = " "'))
    assert "HSE" in G.help_now.source
    assert any("38" in line and "3 months" in line for line in G.help_now.urgent)


def _ids(age_months: float, situation: str, moment: str | None = None) -> list[str]:
    return [p.id for p in pick(age_months * DAYS_PER_MONTH, situation, moment=moment)]


def test_a_crying_baby_is_answered_and_held() -> None:
    assert _ids(3, "crying")[0] == "infant-respond-and-hold"
    assert "toddler-crying-come-close" not in _ids(3, "crying")


def test_a_toddler_turning_away_gets_presence_not_pursuit_and_a_baby_a_check_for_pain() -> None:
    toddler = pick(20 * DAYS_PER_MONTH, "turning_away")
    assert toddler[0].id == "toddler-stay-visible"
    assert "two minutes or thirty" in toddler[0].text
    assert _ids(6, "turning_away") == ["infant-arching-away"]


def test_afterwards_comfort_first_then_small_praise() -> None:
    assert _ids(24, "came_for_comfort", "afterwards") == ["after-came-for-comfort"]
    assert _ids(24, "calmed_alone") == ["after-calmed-alone"]
    assert _ids(24, "calmed_alone", "now") == []


@pytest.mark.parametrize(
    ("situation", "from_months"),
    [
        ("crying", 0),
        ("turning_away", 0),
        ("after_crying_alone", 0),
        ("night_waking", 0),
        ("came_for_comfort", 12),
        ("calmed_alone", 12),
        ("talking", 12),
    ],
)
def test_every_situation_has_guidance_at_every_age_it_applies_to(
    situation: str, from_months: int
) -> None:
    last = 24 if situation == "night_waking" else 72
    missing = [m for m in range(from_months, last) if not _ids(m + 0.5, situation)]
    assert missing == []


def test_a_bad_question_names_the_field() -> None:
    with pytest.raises(ConfigError) as err:
        pick(100, "tantrum")
    assert err.value.field == "situation"
    with pytest.raises(ConfigError) as err:
        pick(-1, "crying")
    assert err.value.field == "age_days"
    with pytest.raises(ConfigError) as err:
        pick(100, "crying", moment="later")
    assert err.value.field == "moment"
