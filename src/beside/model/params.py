"""Every number that moves the regulation model, with its unit, claim, source and range.

Values marked ``fitted`` are set by calibration (``beside calibrate --write`` writes
``fitted.json`` beside this file); a source naming a paper means the number is read off
that paper (NORMS.md); ``assumed`` means no source gives a number and the value is ours,
chosen to be plausible and varied over its ``range`` by the sensitivity analysis. The seeds
say *what* happens (the claims), never *how much*: no parameter cites a seed as its source.

``range`` is absolute for a scalar and a multiplier applied to every value of an
``AgeCurve`` or a table. ``docs/claims.md`` and the parameter table in the reports are
generated from this metadata; a test keeps every mechanism module free of numbers that
are not here (``tests/model/test_no_hidden_numbers.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from typing import Any

from beside.errors import ConfigError
from beside.model.curves import AgeCurve

M = 30.44  # days per month (DESIGN.md)


def param(
    default: Any, *, unit: str, claim: str, source: str, help: str, range: tuple[float, float]
) -> Any:
    return field(
        default=default,
        metadata={
            "unit": unit,
            "claim": claim,
            "source": source,
            "help": help,
            "range": range,
        },
    )


ASSUMED = "assumed"
WOLKE = "Wolke, Bilgin & Samara 2017, J Pediatr 185:55-61"
GALLAND = "Galland, Taylor, Elder & Herbison 2012, Sleep Med Rev 16(3):213-222"
KOPP = "Kopp 1989 via California Infant/Toddler Foundations (secondary)"
SCALE = (0.7, 1.3)
#: Prior range of a fitted parameter, as multipliers of its declared default: wide, so the
#: published figures, not the starting guess, decide where it ends (assumed).
FITTED_SCALE = (0.25, 2.5)


@dataclass(frozen=True)
class Switches:
    """Mechanisms that research disputes; each can be turned off (docs/model.md)."""

    residual_arousal: bool = param(
        True,
        unit="on/off",
        claim="C5",
        source="Middlemiss et al. 2012 (disputed: no control group)",
        help="arousal stays high after crying alone stops, and it carries into what follows",
        range=(0, 1),
    )
    suppression_learning: bool = param(
        True,
        unit="on/off",
        claim="C6",
        source="seed 002's argument; no controlled study gives a size (contested)",
        help="unanswered signals teach the child to stop signalling",
        range=(0, 1),
    )
    attachment_from_responses: bool = param(
        True,
        unit="on/off",
        claim="C3",
        source="Leerkes et al. 2009; disputed by Gradisar et al. 2016 and Price et al. 2012",
        help="security rises with answered distress and falls with unanswered distress",
        range=(0, 1),
    )


@dataclass(frozen=True)
class ModelParams:
    # --- needs and triggers (C1, C9) -------------------------------------------------------
    episode_rate: AgeCurve = param(
        AgeCurve(
            (0, 14, 42, 84, 182, 365, 730, 1095, 1826),
            (5.0, 5.0, 5.0, 3.5, 3.0, 2.6, 2.2, 1.8, 1.4),
        ),
        unit="episodes/day",
        claim="C1",
        source=WOLKE + " (fitted)",
        help="mean distress episodes a day by age",
        range=FITTED_SCALE,
    )
    episode_rate_sd: AgeCurve = param(
        AgeCurve((0, 49, 84, 1826), (0.45, 0.45, 0.45, 0.45)),
        unit="coefficient of variation",
        claim="C9",
        source=WOLKE + " (fitted to the between-infant SD)",
        help="between-child spread of the episode rate, by age",
        range=FITTED_SCALE,
    )
    episode_rate_floor: float = param(
        0.2,
        unit="multiplier",
        claim="C9",
        source=ASSUMED,
        help="lowest episode rate of a child, relative to the age mean",
        range=(0.05, 0.4),
    )
    trigger_mix_infant: tuple[float, ...] = param(
        (0.38, 0.25, 0.02, 0.05, 0.03, 0.08, 0.02, 0.17),
        unit="shares by trigger (records.enums.Trigger order)",
        claim="C1",
        source=ASSUMED,
        help="what sets off an infant's upsets: mostly needs",
        range=SCALE,
    )
    trigger_mix_toddler: tuple[float, ...] = param(
        (0.07, 0.16, 0.28, 0.10, 0.10, 0.06, 0.15, 0.08),
        unit="shares by trigger",
        claim="C1",
        source=ASSUMED,
        help="what sets off a two-year-old's upsets: mostly frustration and change",
        range=SCALE,
    )
    trigger_mix_age_days: float = param(
        730.0,
        unit="days",
        claim="C1",
        source=ASSUMED,
        help="age by which the trigger mix has moved from the infant's to the toddler's",
        range=(365.0, 1095.0),
    )
    peak_by_trigger: tuple[float, ...] = param(
        (6.0, 5.5, 5.0, 6.0, 6.0, 5.5, 4.5, 5.5),
        unit="distress 0-10, by trigger",
        claim="C1",
        source=ASSUMED,
        help="typical peak distress of an upset, by what set it off",
        range=SCALE,
    )
    peak_sd: float = param(
        1.3,
        unit="distress 0-10",
        claim="C9",
        source=ASSUMED,
        help="spread of peaks",
        range=(0.8, 1.8),
    )
    peak_reactivity: float = param(
        0.8,
        unit="distress per trait level",
        claim="C14",
        source=ASSUMED,
        help="how much higher a reactive child peaks, per level above medium",
        range=(0.3, 1.3),
    )
    peak_sensitivity: float = param(
        0.4,
        unit="distress per trait level",
        claim="C14",
        source=ASSUMED,
        help="how much higher a sensitive child peaks, per level above medium",
        range=(0.1, 0.8),
    )
    reflexive_crying: AgeCurve = param(
        AgeCurve((0, 61, 122, 244), (1.0, 1.0, 0.6, 0.0)),
        unit="share 0-1",
        claim="C1,C2",
        source=ASSUMED + " (early crying is need-driven and largely endogenous)",
        help="how far crying is reflexive, beyond anything the child has learned about answers",
        range=SCALE,
    )
    # --- signalling (C1, C6) ------------------------------------------------------------------
    signal_floor: float = param(
        0.15,
        unit="probability",
        claim="C6",
        source=ASSUMED,
        help="chance to signal of a child that has learned nobody comes",
        range=(0.05, 0.3),
    )
    signal_at_zero: float = param(
        0.4,
        unit="probability",
        claim="C1",
        source=ASSUMED + " (signalling rises with distress: Stifter & Braungart 1995)",
        help="chance to signal at distress 0, before learning",
        range=(0.2, 0.6),
    )
    signal_per_distress: float = param(
        0.1,
        unit="probability per distress point",
        claim="C1",
        source=ASSUMED + " (Stifter & Braungart 1995: signalling most while distress rises)",
        help="how much more likely a signal is per point of distress",
        range=(0.05, 0.15),
    )
    # --- arousal and calming (C2, C4, C13) ------------------------------------------------
    calm_level: float = param(
        1.0,
        unit="distress 0-10",
        claim="C2",
        source=ASSUMED,
        help="arousal at which an episode counts as calm",
        range=(0.5, 1.5),
    )
    calm_spread: float = param(
        0.3,
        unit="fraction of calm_level",
        claim="C2",
        source=ASSUMED,
        help="how far below calm a calmed child's arousal may be",
        range=(0.1, 0.5),
    )
    rate_held: float = param(
        0.30,
        unit="1/min",
        claim="C2",
        source=ASSUMED + " (Feldman, Singer & Zagoory 2010: touch speeds recovery; no rate)",
        help="arousal decay rate while held",
        range=(0.15, 0.5),
    )
    soothability: AgeCurve = param(
        AgeCurve((0, 42, 91, 182), (0.22, 0.22, 0.6, 1.0)),
        unit="multiplier",
        claim="C2,C4",
        source=ASSUMED + " (early crying is less consolable)",
        help="how well co-regulation works at this age, relative to six months",
        range=SCALE,
    )
    security_soothing_base: float = param(
        0.5,
        unit="multiplier",
        claim="C3",
        source=ASSUMED,
        help="co-regulation speed of a child with security 0 (plus security itself)",
        range=(0.2, 0.8),
    )
    rate_present: float = param(
        0.12,
        unit="1/min",
        claim="C4",
        source=ASSUMED,
        help="arousal decay while the caregiver stays present nearby",
        range=(0.06, 0.2),
    )
    rate_check: float = param(
        0.05,
        unit="1/min",
        claim="C4",
        source=ASSUMED,
        help="arousal decay with brief checks at intervals",
        range=(0.02, 0.1),
    )
    rate_self_max: float = param(
        0.25,
        unit="1/min",
        claim="C13",
        source=ASSUMED,
        help="arousal decay from own skills at full skill",
        range=(0.12, 0.4),
    )
    rate_self_min: float = param(
        0.02,
        unit="1/min",
        claim="C13",
        source=ASSUMED,
        help="arousal decay from own skills with no skill",
        range=(0.01, 0.05),
    )
    present_self_boost: float = param(
        0.5,
        unit="fraction of rate_present",
        claim="C15",
        source=ASSUMED,
        help="how much a caregiver's presence speeds the child's own calming",
        range=(0.0, 1.0),
    )
    tried_first_min: float = param(
        5.0,
        unit="min",
        claim="C11",
        source=ASSUMED + " (seed 000: 2 to 30 minutes of waiting)",
        help="time a child who tried on its own spends before help calms it",
        range=(2.0, 15.0),
    )
    max_episode_min: float = param(
        240.0,
        unit="min",
        claim="C2",
        source=ASSUMED,
        help="longest episode",
        range=(120.0, 360.0),
    )
    # --- self-soothing (C12, C13, C19) ----------------------------------------------------
    threshold_base: float = param(
        1.5,
        unit="distress 0-10",
        claim="C13",
        source=ASSUMED,
        help="distress below which even an unskilled child settles",
        range=(0.5, 2.5),
    )
    threshold_maturation: float = param(
        2.5,
        unit="distress 0-10",
        claim="C12,C13",
        source=ASSUMED + " (" + KOPP + ": simple self-comforting about 8 months)",
        help="how far maturation alone raises the self-soothing threshold",
        range=(0.5, 3.0),
    )
    threshold_gain: float = param(
        5.0,
        unit="distress 0-10",
        claim="C13,C19",
        source=ASSUMED,
        help="how far full skill raises the self-soothing threshold",
        range=(4.0, 7.5),
    )
    threshold_softness: float = param(
        1.0,
        unit="distress 0-10",
        claim="C13",
        source=ASSUMED + " (Stifter & Braungart 1995: self-comforting seen as distress falls)",
        help="width of the logistic fall of self-soothing success around the threshold",
        range=(0.3, 1.5),
    )
    exhaustion_min: float = param(
        25.0,
        unit="min",
        claim="C5",
        source=ASSUMED,
        help="typical crying alone before exhaustion",
        range=(12.0, 45.0),
    )
    exhaustion_base: float = param(
        0.5,
        unit="multiplier",
        claim="C6",
        source=ASSUMED,
        help="crying before exhaustion of a child who expects no answer, relative to one that does",
        range=(0.3, 0.8),
    )
    exhaustion_spread: float = param(
        0.4,
        unit="log-sd",
        claim="C9",
        source=ASSUMED,
        help="spread of crying before exhaustion",
        range=(0.2, 0.6),
    )
    latency_spread: float = param(
        0.5,
        unit="log-sd",
        claim="C9",
        source=ASSUMED,
        help="spread of response latencies",
        range=(0.2, 0.8),
    )
    residual_fraction: float = param(
        0.6,
        unit="fraction",
        claim="C5",
        source=ASSUMED + " (Middlemiss et al. 2012: cortisol stayed up; no arousal scale)",
        help="share of peak arousal left when crying alone stops",
        range=(0.3, 0.8),
    )
    carry_gain: float = param(
        0.01,
        unit="carry per distress point left over",
        claim="C5",
        source=ASSUMED,
        help="how much unresolved arousal carries into the next day",
        range=(0.005, 0.05),
    )
    carry_decay: float = param(
        0.3,
        unit="per day",
        claim="C5",
        source=ASSUMED,
        help="how fast carried-over arousal fades",
        range=(0.15, 0.6),
    )
    carry_peak: float = param(
        1.0,
        unit="distress per unit carry",
        claim="C5",
        source=ASSUMED,
        help="next-day reactivity: extra peak distress from carried-over arousal",
        range=(0.3, 2.0),
    )
    carry_wake: float = param(
        0.15,
        unit="relative waking chance per unit carry",
        claim="C5",
        source=ASSUMED + " (kept small: Hall et al. 2015 saw actigraphy wakings unchanged)",
        help="sleep fragmentation from carried-over arousal",
        range=(0.0, 0.4),
    )
    carry_learning: float = param(
        0.4,
        unit="fraction per unit carry",
        claim="C5,C12",
        source=ASSUMED,
        help="how much carried-over arousal slows learning from practice",
        range=(0.1, 0.8),
    )
    # --- caregiver responses (C4, C6, C15) ------------------------------------------------
    walk_away_added: float = param(
        1.5,
        unit="distress 0-10",
        claim="C15",
        source=ASSUMED,
        help="distress added by a caregiver walking away upset",
        range=(0.5, 3.0),
    )
    forced_added: float = param(
        1.0,
        unit="distress 0-10",
        claim="C15",
        source=ASSUMED,
        help="distress added by insisting on comfort when the child turned away",
        range=(0.3, 2.0),
    )
    dismiss_added: float = param(
        0.5,
        unit="distress 0-10",
        claim="C6",
        source=ASSUMED,
        help="distress added by being told to stop crying",
        range=(0.0, 1.5),
    )
    dismissed_exhaustion: float = param(
        0.4,
        unit="multiplier",
        claim="C6",
        source=ASSUMED,
        help="crying before falling silent when told to stop, relative to left alone",
        range=(0.2, 0.8),
    )
    safe_base_gain: float = param(
        1.0,
        unit="distress 0-10",
        claim="C15",
        source=ASSUMED,
        help="how far a present, available caregiver raises the distress the child can manage",
        range=(0.5, 3.0),
    )
    middle_ground_from_days: float = param(
        365.0,
        unit="days",
        claim="C15",
        source=ASSUMED + " (seed 000: the middle ground is for toddlers, not infants)",
        help="age from which a present-nearby caregiver waits nearby instead of picking up",
        range=(240.0, 540.0),
    )
    presence_answer: float = param(
        1.0,
        unit="share of an answer",
        claim="C4",
        source=ASSUMED + " (seed 002: presence counts even when the crying goes on)",
        help="how much staying present counts as an answer",
        range=(0.5, 1.0),
    )
    present_practice: float = param(
        1.0,
        unit="multiplier",
        claim="C15",
        source=ASSUMED,
        help="chance, relative to trying unprompted, that a child who came to a caregiver who "
        "stays near tries its own skills",
        range=(0.3, 1.0),
    )
    checkin_answer: float = param(
        0.5,
        unit="share of an answer",
        claim="C3,C4",
        source=ASSUMED,
        help="how much a brief check counts as an answer (the rest counts as unanswered)",
        range=(0.2, 0.8),
    )
    insisted_answer: float = param(
        0.5,
        unit="share of an answer",
        claim="C15",
        source=ASSUMED,
        help="how much insisted comfort counts as an answer",
        range=(0.2, 0.8),
    )
    walked_unanswered: float = param(
        1.5,
        unit="unanswered weight",
        claim="C15",
        source=ASSUMED,
        help="weight of walking away upset against a plain unanswered signal",
        range=(1.0, 2.5),
    )
    silent_distress_weight: float = param(
        1.0,
        unit="unanswered weight",
        claim="C5",
        source=ASSUMED,
        help="weight of distress that nobody heard (silent, unsettled) against an unanswered "
        "signal; applies only with residual_arousal on",
        range=(0.3, 1.5),
    )
    latency_held_min: float = param(
        1.0,
        unit="min",
        claim="C2",
        source=ASSUMED,
        help="typical time until picked up",
        range=(0.5, 3.0),
    )
    latency_present_min: float = param(
        0.5,
        unit="min",
        claim="C4",
        source=ASSUMED,
        help="typical time until someone is near",
        range=(0.2, 2.0),
    )
    latency_check_min: float = param(
        3.0,
        unit="min",
        claim="C4",
        source=ASSUMED,
        help="typical time until the first check",
        range=(1.0, 10.0),
    )
    latency_other_min: float = param(
        1.0,
        unit="min",
        claim="C6,C15",
        source=ASSUMED,
        help="typical time until insisting, dismissing or walking away",
        range=(0.5, 3.0),
    )
    night_latency_min: float = param(
        2.0,
        unit="min",
        claim="C10",
        source=ASSUMED,
        help="typical time until a caregiver comes at night",
        range=(1.0, 5.0),
    )
    night_check_latency_min: float = param(
        5.0,
        unit="min",
        claim="C10",
        source=ASSUMED,
        help="first check at night under graduated extinction",
        range=(2.0, 10.0),
    )
    lapse_missed_share: float = param(
        0.5,
        unit="share of lapses",
        claim="C15",
        source=ASSUMED + " (a lapse is a late or a missed answer, the same for every family)",
        help="share of a caregiver's lapses in which nobody comes",
        range=(0.2, 0.8),
    )
    lapse_delay: float = param(
        4.0,
        unit="multiplier",
        claim="C15",
        source=ASSUMED,
        help="how much later a late answer comes",
        range=(2.0, 8.0),
    )
    # --- development (C12, C14, C18, C19, C20) ------------------------------------------
    maturation_mid_days: float = param(
        8 * M,
        unit="days",
        claim="C12",
        source=KOPP + ": simple self-comforting about 8 months",
        help="age at which self-comforting becomes possible for a typical child",
        range=(6 * M, 10 * M),
    )
    maturation_width_days: float = param(
        45.0,
        unit="days",
        claim="C12",
        source=ASSUMED,
        help="spread of the maturation gate",
        range=(20.0, 90.0),
    )
    skill_gain: float = param(
        0.0035,
        unit="per successful attempt",
        claim="C12",
        source=ASSUMED
        + " (set by hand, no study gives it: at 0.003 one child in seven, most of them highly"
        " reactive, was still near zero at three, against C12 and C14; at 0.004 modelling's"
        " lead over explaining at 30 months shrank to the edge of C18's test)",
        help="skill gained per successful self-soothing attempt",
        range=(0.001, 0.01),
    )
    skill_ceiling: AgeCurve = param(
        AgeCurve((365, 1095, 2190), (0.85, 0.88, 0.95)),
        unit="0-1",
        claim="C19",
        source=ASSUMED
        + " (the shape from C19 and Kopp 1989: at three a child only begins to anticipate its"
        " need for comfort; the numbers are not from a study)",
        help="the most skill practice can reach at an age: it keeps rising for years and"
        " never reaches 1, since even adults need help sometimes",
        range=(0.9, 1.05),
    )
    security_learning_base: float = param(
        0.4,
        unit="multiplier",
        claim="C14",
        source=ASSUMED + " (Leerkes et al. 2009: responsiveness matters most to reactive infants)",
        help="learning from practice of a child with security 0, relative to security 1",
        range=(0.2, 0.7),
    )
    shift_sensitive_days: float = param(
        3 * M,
        unit="days",
        claim="C14",
        source=ASSUMED + " (Pluess et al. 2018 give the shares, not the delay)",
        help="later onset for a highly sensitive child",
        range=(1 * M, 5 * M),
    )
    shift_reactive_days: float = param(
        2 * M,
        unit="days",
        claim="C14",
        source=ASSUMED,
        help="later onset for a highly reactive child",
        range=(0.5 * M, 4 * M),
    )
    shift_sibling_days: float = param(
        1 * M,
        unit="days per sibling (max 2)",
        claim="C14",
        source=ASSUMED,
        help="earlier onset per older sibling",
        range=(0.0, 2 * M),
    )
    shift_daycare_days: float = param(
        2 * M,
        unit="days per 40 h/week",
        claim="C14",
        source=ASSUMED,
        help="earlier onset with day care",
        range=(0.0, 4 * M),
    )
    daycare_separation_per_h: float = param(
        0.005,
        unit="share of episodes per weekly hour",
        claim="C14",
        source=ASSUMED,
        help="upsets at separation that day care brings, per weekly hour, from 12 months",
        range=(0.002, 0.01),
    )
    daycare_separation_max: float = param(
        0.2,
        unit="share of episodes",
        claim="C14",
        source=ASSUMED,
        help="most upsets that day care separations can make up",
        range=(0.1, 0.3),
    )
    modelling_gain: float = param(
        0.5,
        unit="multiplier",
        claim="C18",
        source=ASSUMED,
        help="extra skill growth when caregivers model their calming",
        range=(0.2, 1.0),
    )
    explaining_gain: float = param(
        0.1,
        unit="multiplier",
        claim="C18",
        source=ASSUMED,
        help="extra skill growth when caregivers only explain it",
        range=(0.0, 0.3),
    )
    # --- attachment, expectation, confidence, pressure (C3, C6, C7, C10, C15-C17) ---------
    security_newborn: float = param(
        0.5, unit="0-1", claim="C3", source=ASSUMED, help="security at birth", range=(0.3, 0.7)
    )
    security_up: float = param(
        0.006,
        unit="per answered episode",
        claim="C3,C7",
        source=ASSUMED,
        help="security gain",
        range=(0.003, 0.012),
    )
    security_down: float = param(
        0.012,
        unit="per unanswered episode",
        claim="C3",
        source=ASSUMED,
        help="security loss",
        range=(0.006, 0.024),
    )
    expect_newborn: float = param(
        0.9,
        unit="0-1",
        claim="C6",
        source=ASSUMED,
        help="expectation at birth that a signal is answered",
        range=(0.7, 1.0),
    )
    expectation_rate: float = param(
        0.30,
        unit="per signal",
        claim="C10,C6",
        source=ASSUMED + " (Middlemiss et al. 2012: quiet by day 3)",
        help="how fast the child learns whether someone comes",
        range=(0.15, 0.5),
    )
    confidence_newborn: float = param(
        0.7, unit="0-1", claim="C15", source=ASSUMED, help="self-trust at birth", range=(0.5, 0.9)
    )
    confidence_floor: float = param(
        0.2,
        unit="0-1",
        claim="C15",
        source=ASSUMED,
        help="lowest self-trust",
        range=(0.0, 0.2),
    )
    confidence_drop: float = param(
        0.03,
        unit="per forced comfort",
        claim="C15",
        source=ASSUMED,
        help="self-trust lost when comfort is forced",
        range=(0.02, 0.1),
    )
    confidence_gain: float = param(
        0.03,
        unit="per acknowledgement",
        claim="C16",
        source=ASSUMED,
        help="self-trust gained when acknowledged",
        range=(0.01, 0.06),
    )
    failed_try_drop: float = param(
        0.02,
        unit="per failed attempt",
        claim="C17",
        source=ASSUMED,
        help="self-trust lost when an attempt to calm alone fails",
        range=(0.005, 0.05),
    )
    confidence_learning: float = param(
        1.0,
        unit="exponent",
        claim="C15",
        source=ASSUMED,
        help="how strongly self-trust scales what an attempt teaches",
        range=(0.5, 2.0),
    )
    pressure_gain: float = param(
        0.08,
        unit="per heavy praise",
        claim="C17",
        source=ASSUMED,
        help="pressure to self-soothe added by heavy praise",
        range=(0.03, 0.15),
    )
    pressure_decay: float = param(
        0.03,
        unit="per day",
        claim="C17",
        source=ASSUMED,
        help="pressure fades without praise",
        range=(0.01, 0.1),
    )
    pressure_relief: float = param(
        0.1,
        unit="per acknowledgement",
        claim="C16",
        source=ASSUMED,
        help="pressure lifted by a calm acknowledgement that help is always there",
        range=(0.03, 0.2),
    )
    # --- phenotypes (C20) ---------------------------------------------------------------
    insecure_security_newborn: float = param(
        0.2,
        unit="0-1",
        claim="C20",
        source=ASSUMED,
        help="security at birth of a child with insecure attachment",
        range=(0.05, 0.35),
    )
    insecure_soothing: float = param(
        0.6,
        unit="multiplier",
        claim="C20",
        source=ASSUMED,
        help="co-regulation speed of a child who resists comfort",
        range=(0.3, 0.9),
    )
    insecure_uptake: float = param(
        0.3,
        unit="multiplier",
        claim="C20",
        source=ASSUMED,
        help="how much of an answer a child who resists comfort takes in",
        range=(0.2, 0.7),
    )
    insecure_peak: float = param(
        0.5,
        unit="distress 0-10",
        claim="C20",
        source=ASSUMED,
        help="higher peaks of a child with insecure attachment",
        range=(0.0, 1.0),
    )
    insecure_turn_away: float = param(
        0.4,
        unit="probability",
        claim="C20",
        source=ASSUMED,
        help="chance that a child with insecure attachment turns from comfort, from infancy",
        range=(0.2, 0.6),
    )
    developmental_turn_away: float = param(
        0.5,
        unit="probability",
        claim="C20",
        source=ASSUMED,
        help="chance that a toddler with a developmental difference turns away",
        range=(0.3, 0.7),
    )
    developmental_learning: float = param(
        0.5,
        unit="multiplier",
        claim="C20",
        source=ASSUMED,
        help="learning from practice with a developmental difference",
        range=(0.25, 0.8),
    )
    sensory_turn_away: float = param(
        0.6,
        unit="probability",
        claim="C20",
        source=ASSUMED,
        help="chance that a child with sensory overload runs from overstimulation",
        range=(0.4, 0.8),
    )
    sensory_overstimulation: float = param(
        0.15,
        unit="share of episodes",
        claim="C20",
        source=ASSUMED,
        help="extra upsets from overstimulation for a child with sensory overload",
        range=(0.05, 0.3),
    )
    sensory_peak: float = param(
        0.5,
        unit="distress 0-10",
        claim="C20",
        source=ASSUMED,
        help="higher peaks on overstimulation with sensory overload",
        range=(0.0, 1.0),
    )
    infant_hurt_arch: float = param(
        0.3,
        unit="probability",
        claim="C20",
        source=ASSUMED,
        help="chance that an infant who is hurt arches away",
        range=(0.1, 0.5),
    )
    # --- sleep (C1, C8, C9, C10) ------------------------------------------------------
    cycle_min: AgeCurve = param(
        AgeCurve((0, 91, 243, 6570), (47.0, 49.0, 50.0, 90.0)),
        unit="min",
        claim="C8",
        source="Pediatrics 1969;43(1):65 (47/49/50 min); adults about 90 min",
        help="sleep cycle length by age",
        range=(0.95, 1.05),
    )
    cycle_floor_min: float = param(
        35.0,
        unit="min",
        claim="C8",
        source=ASSUMED,
        help="shortest sleep cycle",
        range=(30.0, 40.0),
    )
    sleep_regression: tuple[float, float, float] = param(
        (10.49, 5.56, 0.71),
        unit="h/24 h",
        claim="C8",
        source=GALLAND + " (hours = a - b*((age_years/10)**0.5 - c), R2 = 0.89)",
        help="mean total sleep by age",
        range=(1.0, 1.0),
    )
    sleep_sd_h: AgeCurve = param(
        AgeCurve((0, 365, 730, 1826), (1.55, 1.45, 1.0, 1.0)),
        unit="h",
        claim="C9",
        source=GALLAND + " (half-width of the normal range / 1.96)",
        help="between-child spread of total sleep",
        range=(0.9, 1.1),
    )
    nightly_sleep_sd_h: float = param(
        0.4,
        unit="h",
        claim="C9",
        source=ASSUMED,
        help="night-to-night spread of sleep",
        range=(0.2, 0.8),
    )
    sleep_bounds_h: tuple[float, float] = param(
        (6.0, 20.0),
        unit="h/24 h",
        claim="C9",
        source=ASSUMED,
        help="least and most sleep in 24 h",
        range=(1.0, 1.0),
    )
    nap_share: AgeCurve = param(
        AgeCurve((0, 84, 182, 365, 730, 1095, 1826), (0.40, 0.30, 0.25, 0.18, 0.12, 0.07, 0.0)),
        unit="fraction",
        claim="C8",
        source=ASSUMED,
        help="share of sleep taken by day",
        range=SCALE,
    )
    bedtime_min: AgeCurve = param(
        AgeCurve((0.0, 182.0), (21 * 60.0, 19 * 60 + 45.0)),
        unit="min after midnight",
        claim="C8",
        source=ASSUMED + " (Mindell et al. 2010: bedtimes 19:27-22:17 by country)",
        help="usual bedtime by age",
        range=(0.95, 1.05),
    )
    bedtime_sd_min: float = param(
        15.0,
        unit="min",
        claim="C9",
        source=ASSUMED,
        help="night-to-night spread of bedtime",
        range=(5.0, 30.0),
    )
    onset_min: tuple[float, float, float] = param(
        (5.0, 12.0, 0.5),
        unit="min, min, log-sd",
        claim="C8",
        source=ASSUMED + " (Paavonen et al. 2020, secondary: about 20 min at 6 months)",
        help="time to fall asleep: a least time, plus a log-normal part of this median",
        range=SCALE,
    )
    onset_age_factor: AgeCurve = param(
        AgeCurve((0, 91, 182), (1.5, 1.5, 1.0)),
        unit="multiplier",
        claim="C8",
        source=ASSUMED + " (Paavonen et al. 2020: sleep latency falls by 6 months)",
        help="how much longer than at six months a younger baby takes to fall asleep",
        range=SCALE,
    )
    wake_prob: AgeCurve = param(
        AgeCurve((0, 61, 182, 365, 730, 1095, 1826), (0.30, 0.26, 0.20, 0.15, 0.10, 0.06, 0.02)),
        unit="per cycle transition",
        claim="C8",
        source=GALLAND + " (fitted)",
        help="chance of waking at a cycle transition, apart from feeds",
        range=FITTED_SCALE,
    )
    wake_prob_sd: float = param(
        0.5,
        unit="log-sd",
        claim="C9",
        source=GALLAND + " (fitted)",
        help="between-child spread of waking",
        range=(0.1, 1.0),
    )
    wake_prob_max: float = param(
        0.9,
        unit="probability",
        claim="C8",
        source=ASSUMED,
        help="highest waking chance",
        range=(0.8, 0.95),
    )
    early_night_factor: float = param(
        0.5,
        unit="multiplier",
        claim="C8",
        source=ASSUMED + " (Pennestri et al. 2018: long first stretches)",
        help="waking chance in the first two cycles of the night",
        range=(0.3, 0.9),
    )
    early_night_cycles: int = param(
        2,
        unit="cycles",
        claim="C8",
        source=ASSUMED,
        help="cycles that count as early night",
        range=(1, 3),
    )
    feed_interval_h: AgeCurve = param(
        AgeCurve((0, 30, 91, 182, 274, 365), (5.0, 5.5, 6.0, 10.0, 12.0, 14.0)),
        unit="h of sleep",
        claim="C1",
        source=ASSUMED + " (newborns feed 8-12 times in 24 h; night feeds fade over the first "
        "year)",
        help="sleep between night feeds: hunger wakes the child whatever the method",
        range=SCALE,
    )
    feed_interval_sd: float = param(
        0.2,
        unit="log-sd",
        claim="C1",
        source=ASSUMED,
        help="night-to-night spread of feeds",
        range=(0.1, 0.4),
    )
    hunger_arousal: tuple[float, float] = param(
        (6.5, 1.0),
        unit="distress 0-10: mean, sd",
        claim="C1",
        source=ASSUMED,
        help="arousal of a child woken by hunger",
        range=SCALE,
    )
    waking_arousal: tuple[float, float, float] = param(
        (6.0, 0.5, 1.5),
        unit="distress 0-10: mean, per reactivity level, sd",
        claim="C13",
        source=ASSUMED + " (mean fitted: Hall et al. 2015's actigraphic wakings against "
        "parent-reported ones)",
        help="arousal of a child at a waking not driven by hunger",
        range=FITTED_SCALE,
    )
    settle_time_min: tuple[float, float, float] = param(
        (2.0, 2.0, 0.6),
        unit="min, min per distress point, spread",
        claim="C13",
        source=ASSUMED,
        help="time to resettle alone: a least time plus a share per distress point",
        range=SCALE,
    )
    quiet_waking_share: float = param(
        0.6,
        unit="fraction of crying before exhaustion",
        claim="C5,C10",
        source=ASSUMED,
        help="time awake of a silent waking that does not settle at once",
        range=(0.3, 0.9),
    )
    checked_waking_share: float = param(
        0.7,
        unit="fraction of crying before exhaustion",
        claim="C10",
        source=ASSUMED,
        help="time awake of a waking answered by checks at intervals",
        range=(0.4, 1.0),
    )
    checked_residual: float = param(
        0.6,
        unit="multiplier",
        claim="C5",
        source=ASSUMED,
        help="arousal left after a checked waking, relative to one left alone",
        range=(0.3, 1.0),
    )
    resettle_min: float = param(
        5.0,
        unit="min",
        claim="C10",
        source=ASSUMED,
        help="time from calm to asleep after a waking",
        range=(2.0, 10.0),
    )
    cried_share_helped: float = param(
        0.5,
        unit="fraction",
        claim="C2",
        source=ASSUMED,
        help="share of the settling in arms that is audible crying",
        range=(0.2, 0.8),
    )
    cry_share_trying: float = param(
        0.3,
        unit="fraction",
        claim="C11",
        source=ASSUMED,
        help="share of an episode that is audible crying while the child tries its own skills",
        range=(0.1, 0.6),
    )
    switches: Switches = param(
        Switches(),
        unit="",
        claim="C3,C5,C6",
        source="see Switches",
        help="disputed mechanisms",
        range=(0, 1),
    )

    def with_fitted(self, fitted: dict[str, Any]) -> ModelParams:
        """A copy with fitted values applied (AgeCurves by values, scalars as given)."""
        changes: dict[str, Any] = {}
        for name, value in fitted.items():
            current = getattr(self, name)
            if isinstance(current, AgeCurve):
                changes[name] = current.with_values(tuple(value))
            elif isinstance(current, tuple):
                changes[name] = tuple(float(v) for v in value)
            else:
                changes[name] = value
        return replace(self, **changes)

    def with_switches(self, **switches: bool) -> ModelParams:
        return replace(self, switches=replace(self.switches, **switches))


def fitted_values() -> dict[str, Any]:
    text = resources.files("beside.model").joinpath("fitted.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return dict(data["values"])


def default_params() -> ModelParams:
    """The calibrated parameters shipped with Beside."""
    return ModelParams().with_fitted(fitted_values())


def switch_names() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Switches))


def parse_switches(items: list[str]) -> dict[str, bool]:
    """``NAME=on|off`` items (the CLI's ``--switch``), checked against ``Switches``."""
    out: dict[str, bool] = {}
    names = switch_names()
    for item in items:
        name, _, value = item.partition("=")
        name = name.strip().replace("-", "_")
        if name not in names or value.strip() not in ("on", "off"):
            raise ConfigError(
                f"switch '{item}' must be NAME=on or NAME=off, NAME one of: {', '.join(names)}",
                field="switch",
            )
        out[name] = value.strip() == "on"
    return out


def parameter_table() -> list[dict[str, str]]:
    """Name, unit, claim, source, range and help of every parameter (for docs and reports)."""
    rows = []
    for cls, prefix in ((ModelParams, ""), (Switches, "switches.")):
        for f in fields(cls):
            if f.name == "switches":
                continue
            meta = f.metadata
            rows.append(
                {
                    "name": prefix + f.name,
                    **{k: str(meta[k]) for k in ("unit", "claim", "source", "help")},
                    "range": f"{meta['range'][0]:g} to {meta['range'][1]:g}",
                }
            )
    return rows
