"""Every parameter of the regulation model, with its unit, the claim it serves and its source.

Values marked ``fitted`` are set by calibration (``beside calibrate --write`` writes
``fitted.json`` beside this file); values marked ``published`` are read off a paper listed in
NORMS.md; the rest are modelling assumptions, said so in their ``source``. ``docs/claims.md``
is generated from this metadata, and a test checks it stays in step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from typing import Any

from beside.model.curves import AgeCurve

M = 30.44  # days per month


def param(default: Any, *, unit: str, claim: str, source: str, help: str) -> Any:
    return field(
        default=default, metadata={"unit": unit, "claim": claim, "source": source, "help": help}
    )


ASSUMPTION = "modelling assumption (no figure in NORMS.md)"
WOLKE = "fitted to Wolke, Bilgin & Samara 2017, J Pediatr 185:55-61"
GALLAND = "Galland, Taylor, Elder & Herbison 2012, Sleep Med Rev 16(3):213-222"


@dataclass(frozen=True)
class Switches:
    """Mechanisms that research disputes; each can be turned off (docs/model.md)."""

    residual_arousal: bool = param(
        True,
        unit="on/off",
        claim="C5",
        source="Middlemiss et al. 2012 (disputed: no control group)",
        help="arousal stays high after crying alone stops",
    )
    suppression_learning: bool = param(
        True,
        unit="on/off",
        claim="C6",
        source="seed 002; Gottman-style emotion-dismissing studies (contested)",
        help="dismissed or unanswered signals teach the child to stop signalling",
    )
    attachment_from_responses: bool = param(
        True,
        unit="on/off",
        claim="C3",
        source="seed 002; Leerkes et al. 2009; disputed by Gradisar et al. 2016 (no effect)",
        help="security rises with answered distress and falls with unanswered distress",
    )


@dataclass(frozen=True)
class ModelParams:
    # --- needs and triggers (C1) ---------------------------------------------------------
    episode_rate: AgeCurve = param(
        AgeCurve(
            (0, 14, 42, 84, 182, 365, 730, 1095, 1826),
            (5.0, 5.0, 5.0, 3.5, 3.0, 2.6, 2.2, 1.8, 1.4),
        ),
        unit="episodes/day",
        claim="C1",
        source=WOLKE + " (fitted)",
        help="mean distress episodes a day by age",
    )
    episode_rate_sd: AgeCurve = param(
        AgeCurve((0, 49, 84, 1826), (0.45, 0.45, 0.45, 0.45)),
        unit="coefficient of variation",
        claim="C9",
        source=WOLKE + " (between-infant SD 66-70 min in weeks 1-6, 46 min in weeks 10-12)",
        help="between-child spread of the episode rate, by age",
    )
    # --- arousal and calming (C2, C4, C13) ------------------------------------------------
    calm_level: float = param(
        1.0,
        unit="distress 0-10",
        claim="C2",
        source=ASSUMPTION,
        help="arousal at which an episode counts as calm",
    )
    rate_held: float = param(
        0.30,
        unit="1/min",
        claim="C2",
        source="Feldman, Singer & Zagoory 2010 (touch speeds recovery)",
        help="arousal decay rate while held",
    )
    soothability: AgeCurve = param(
        AgeCurve((0, 42, 91, 182), (0.22, 0.22, 0.6, 1.0)),
        unit="multiplier",
        claim="C2,C4",
        source="modelling assumption: early crying is less consolable (no figure in NORMS.md)",
        help="how well co-regulation works at this age, relative to six months",
    )
    rate_present: float = param(
        0.12,
        unit="1/min",
        claim="C4",
        source=ASSUMPTION,
        help="arousal decay while the caregiver stays present nearby",
    )
    rate_check: float = param(
        0.05,
        unit="1/min",
        claim="C4",
        source=ASSUMPTION,
        help="arousal decay with brief checks at intervals",
    )
    rate_self_max: float = param(
        0.25,
        unit="1/min",
        claim="C13",
        source=ASSUMPTION,
        help="arousal decay from own skills at full skill",
    )
    threshold_base: float = param(
        1.5,
        unit="distress 0-10",
        claim="C13",
        source="seed 000",
        help="distress below which even an unskilled child settles",
    )
    threshold_gain: float = param(
        6.5,
        unit="distress 0-10",
        claim="C13,C19",
        source="seed 000",
        help="how far full skill raises the self-soothing threshold",
    )
    exhaustion_min: float = param(
        25.0,
        unit="min",
        claim="C5",
        source=ASSUMPTION,
        help="typical crying alone before exhaustion",
    )
    residual_fraction: float = param(
        0.6,
        unit="fraction",
        claim="C5",
        source="Middlemiss et al. 2012, Early Hum Dev 88:227-232",
        help="share of peak arousal left when crying alone stops",
    )
    # --- caregiver responses (C15, C16, C17) ---------------------------------------------
    walk_away_added: float = param(
        1.5,
        unit="distress 0-10",
        claim="C15",
        source="seed 000",
        help="distress added by a caregiver walking away upset",
    )
    forced_added: float = param(
        1.0,
        unit="distress 0-10",
        claim="C15",
        source="seed 000",
        help="distress added by insisting on comfort when turned away",
    )
    dismiss_added: float = param(
        0.5,
        unit="distress 0-10",
        claim="C6",
        source="seed 002",
        help="distress added by being told to stop crying",
    )
    # --- development (C12, C14, C19) -----------------------------------------------------
    maturation_mid_days: float = param(
        8 * M,
        unit="days",
        claim="C12",
        source="Kopp 1989 via California Infant/Toddler Foundations (about 8 months)",
        help="age at which self-comforting becomes possible for a typical child",
    )
    maturation_width_days: float = param(
        45.0, unit="days", claim="C12", source=ASSUMPTION, help="spread of the maturation gate"
    )
    skill_gain: float = param(
        0.012,
        unit="per attempt",
        claim="C12",
        source=ASSUMPTION,
        help="skill gained per successful self-soothing attempt",
    )
    skill_ceiling: float = param(
        0.92,
        unit="0-1",
        claim="C19",
        source="seed 000",
        help="skill never reaches 1: even adults need help sometimes",
    )
    shift_sensitive_days: float = param(
        3 * M,
        unit="days",
        claim="C14",
        source="seed 000; Pluess et al. 2018",
        help="later onset for a highly sensitive child",
    )
    shift_reactive_days: float = param(
        2 * M,
        unit="days",
        claim="C14",
        source="seed 000; Leerkes et al. 2009",
        help="later onset for a highly reactive child",
    )
    shift_sibling_days: float = param(
        1 * M,
        unit="days per sibling (max 2)",
        claim="C14",
        source="seed 000",
        help="earlier onset per older sibling",
    )
    shift_daycare_days: float = param(
        2 * M,
        unit="days per 40 h/week",
        claim="C14",
        source="seed 000",
        help="earlier onset with day care",
    )
    modelling_gain: float = param(
        0.5,
        unit="multiplier",
        claim="C18",
        source="seed 000",
        help="extra skill growth when caregivers model their calming",
    )
    explaining_gain: float = param(
        0.1,
        unit="multiplier",
        claim="C18",
        source="seed 000",
        help="extra skill growth when caregivers only explain it",
    )
    # --- attachment and expectation (C3, C6, C7, C10) ------------------------------------
    security_up: float = param(
        0.006,
        unit="per answered episode",
        claim="C3,C7",
        source="seed 002; Leerkes et al. 2009",
        help="security gain",
    )
    security_down: float = param(
        0.012, unit="per unanswered episode", claim="C3", source="seed 002", help="security loss"
    )
    expectation_rate: float = param(
        0.30,
        unit="per signal",
        claim="C10,C6",
        source="Middlemiss et al. 2012 (quiet by day 3)",
        help="how fast the child learns whether someone comes",
    )
    confidence_drop: float = param(
        0.05,
        unit="per forced comfort",
        claim="C15",
        source="seed 000",
        help="self-trust lost when comfort is forced",
    )
    confidence_gain: float = param(
        0.03,
        unit="per acknowledgement",
        claim="C16",
        source="seed 000",
        help="self-trust gained when acknowledged",
    )
    pressure_gain: float = param(
        0.08,
        unit="per heavy praise",
        claim="C17",
        source="seed 000",
        help="pressure to self-soothe added by heavy praise",
    )
    pressure_decay: float = param(
        0.03, unit="per day", claim="C17", source=ASSUMPTION, help="pressure fades without praise"
    )
    # --- sleep (C8, C9, C10) ---------------------------------------------------------------
    cycle_min: AgeCurve = param(
        AgeCurve((0, 91, 243, 6570), (47.0, 49.0, 50.0, 90.0)),
        unit="min",
        claim="C8",
        source="Pediatrics 1969;43(1):65 (47/49/50 min); adults about 90 min",
        help="sleep cycle length by age",
    )
    sleep_regression: tuple[float, float, float] = param(
        (10.49, 5.56, 0.71),
        unit="h/24 h",
        claim="C8",
        source=GALLAND + " (hours = a - b*((age_years/10)**0.5 - c), R2 = 0.89)",
        help="mean total sleep by age",
    )
    sleep_sd_h: AgeCurve = param(
        AgeCurve((0, 365, 730, 1826), (1.55, 1.45, 1.0, 1.0)),
        unit="h",
        claim="C9",
        source=GALLAND + " (half-width of the normal range / 1.96)",
        help="between-child spread of total sleep",
    )
    nap_share: AgeCurve = param(
        AgeCurve((0, 84, 182, 365, 730, 1095, 1826), (0.40, 0.30, 0.25, 0.18, 0.12, 0.07, 0.0)),
        unit="fraction",
        claim="C8",
        source=ASSUMPTION,
        help="share of sleep taken by day",
    )
    wake_prob: AgeCurve = param(
        AgeCurve((0, 61, 182, 365, 730, 1095, 1826), (0.30, 0.26, 0.20, 0.15, 0.10, 0.06, 0.02)),
        unit="per cycle transition",
        claim="C8",
        source=GALLAND + " (fitted)",
        help="chance of waking at a cycle transition",
    )
    wake_prob_sd: float = param(
        0.5,
        unit="log-sd",
        claim="C9",
        source=GALLAND + " (fitted)",
        help="between-child spread of waking",
    )
    early_night_factor: float = param(
        0.5,
        unit="multiplier",
        claim="C8",
        source="Pennestri et al. 2018 (fitted)",
        help="waking chance in the first two cycles of the night",
    )
    hunger_at_waking: AgeCurve = param(
        AgeCurve((0, 91, 182, 365, 730), (0.85, 0.6, 0.35, 0.15, 0.05)),
        unit="fraction",
        claim="C1",
        source=ASSUMPTION,
        help="share of night wakings driven by hunger",
    )
    switches: Switches = param(
        Switches(), unit="", claim="C3,C5,C6", source="see Switches", help="disputed mechanisms"
    )

    def with_fitted(self, fitted: dict[str, Any]) -> ModelParams:
        """A copy with fitted values applied (AgeCurves by values, scalars as given)."""
        changes: dict[str, Any] = {}
        for name, value in fitted.items():
            current = getattr(self, name)
            changes[name] = (
                current.with_values(tuple(value)) if isinstance(current, AgeCurve) else value
            )
        return replace(self, **changes)


def fitted_values() -> dict[str, Any]:
    text = resources.files("beside.model").joinpath("fitted.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return dict(data["values"])


def default_params() -> ModelParams:
    """The calibrated parameters shipped with Beside."""
    return ModelParams().with_fitted(fitted_values())


def parameter_table() -> list[dict[str, str]]:
    """Name, unit, claim, source and help of every parameter (for docs and reports)."""
    rows = []
    for f in fields(ModelParams):
        meta = f.metadata
        rows.append(
            {"name": f.name, **{k: str(meta[k]) for k in ("unit", "claim", "source", "help")}}
        )
    for f in fields(Switches):
        meta = f.metadata
        rows.append(
            {
                "name": f"switches.{f.name}",
                **{k: str(meta[k]) for k in ("unit", "claim", "source", "help")},
            }
        )
    return rows
