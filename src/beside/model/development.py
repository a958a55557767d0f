"""Maturation and self-soothing skill: stages, thresholds and practice (C12-C14, C19, C20)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from beside.model.cohort import Cohort
from beside.model.params import ModelParams
from beside.records.enums import PHENOTYPES, Phenotype, TraitLevel

F64 = npt.NDArray[np.float64]
DEV_DIFF = PHENOTYPES.index(Phenotype.DEVELOPMENTAL_DIFFERENCE)
HIGH = list(TraitLevel).index(TraitLevel.HIGH)
MAX_SIBLINGS_COUNTED = 2
FULL_TIME_H = 40.0


def maturation_mid_days(p: ModelParams, c: Cohort) -> F64:
    """Age at which self-comforting becomes possible, child by child.

    Implements C14: highly sensitive or reactive children start later; day care and older
    siblings who model calming bring it earlier. The typical age (8 months) is Kopp's (C12).
    """
    mid: F64 = (
        p.maturation_mid_days
        + p.shift_sensitive_days * (c.sensitivity == HIGH)
        + p.shift_reactive_days * (c.reactivity == HIGH)
        - p.shift_sibling_days * np.minimum(c.older_siblings, MAX_SIBLINGS_COUNTED)
        - p.shift_daycare_days * np.minimum(c.daycare_hours, FULL_TIME_H) / FULL_TIME_H
    )
    return mid


def maturation(p: ModelParams, mid_days: F64, age_days: float) -> F64:
    """Gate in [0, 1]: before it opens a child cannot calm alone however it is treated (C2, C12)."""
    out: F64 = 1.0 / (1.0 + np.exp(-(age_days - mid_days) / p.maturation_width_days))
    return out


def threshold(p: ModelParams, skill: F64, gate: F64) -> F64:
    """Distress at which self-soothing succeeds half the time; it rises with maturation and
    skill (C12, C13). Even full skill leaves the top of the scale to co-regulation (C19)."""
    out: F64 = p.threshold_base + p.threshold_maturation * gate + p.threshold_gain * skill
    return out


def growth_factor(p: ModelParams, c: Cohort, security: F64, confidence: F64, carry: F64) -> F64:
    """How much one successful attempt teaches this child.

    Secure children learn more from practice, and highly sensitive or reactive children
    depend on that security more (C14; Leerkes et al. 2009). A child whose trust in its own
    attempts was worn down by forced comfort learns less from them (C15). Arousal carried
    over from distress that ended without calm gets in the way of learning (C5). Caregivers
    who model their own calming help more than those who only explain it (C18). A
    developmental difference slows learning (C20).
    """
    dependence = 1.0 + (c.sensitivity == HIGH) + (c.reactivity == HIGH)
    base = p.security_learning_base
    talk = 1.0 + p.modelling_gain * c.modelling + p.explaining_gain * c.explaining
    phenotype = np.where(c.phenotype == DEV_DIFF, p.developmental_learning, 1.0)
    trust = (confidence / p.confidence_newborn) ** p.confidence_learning
    settled = np.maximum(1.0 - p.carry_learning * carry, 0.0)
    out: F64 = (base + (1.0 - base) * security) ** dependence * talk * phenotype * trust * settled
    return out


def grow_skill(p: ModelParams, skill: F64, practice: F64, factor: F64, age_days: float) -> F64:
    """Skill grows only with successful practice (C12), towards a ceiling that keeps rising
    for years and stays below 1 (C19): with a fixed ceiling a typical cohort had 98 % of
    its final skill by three, and regulation stopped developing there."""
    gained = 1.0 - np.exp(-p.skill_gain * practice * factor)
    out: F64 = skill + np.maximum(p.skill_ceiling.at(age_days) - skill, 0.0) * gained
    return out
