"""Which mechanism implements which claim, on what evidence; ``docs/claims.md`` is made here.

Claims are DESIGN.md's C1-C20, in our own short words. ``disputed`` marks claims where
research disagrees with the seeds; each of those has a switch in ``params.Switches`` (or a
parameter that sets its strength) so a study can run with and without it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from beside.model.params import ModelParams, Switches


@dataclass(frozen=True)
class Mechanism:
    claim: str
    summary: str
    where: str
    evidence_for: str
    evidence_against: str = ""
    switch: str = ""


SEED_000 = "seed 000 (a toddler turning away from comfort)"
SEED_002 = "seed 002 (tears cried alone or together; sleep training)"

MECHANISMS: tuple[Mechanism, ...] = (
    Mechanism(
        "C1",
        "Crying signals a need; early crying is reflexive; hunger is a clock every method "
        "answers with a feed",
        "distress.episode_counts, distress.learned_expectation (reflexive crying), "
        "sleep.feed_due (the feeding clock)",
        f"{SEED_002}; Stifter & Braungart 1995: signalling rises with distress",
    ),
    Mechanism(
        "C2",
        "A caregiver's contact brings arousal down fastest; young infants cannot calm alone",
        "params.rate_held, params.soothability, development.maturation (the gate)",
        "Feldman, Singer & Zagoory 2010: with touch, cortisol fell during recovery",
    ),
    Mechanism(
        "C3",
        "Answered distress builds security; unanswered distress erodes it",
        "attachment.update_security; strategies.answer_weights, unanswer_weights; lapses "
        "late or missed alike for every family (episode_kernel._lapse)",
        "Leerkes, Blankson & O'Brien 2009; " + SEED_002,
        "Gradisar et al. 2016 (Pediatrics, RCT): no attachment difference 12 months after "
        "graduated extinction; Price et al. 2012: no harm at five years",
        "Switches.attachment_from_responses",
    ),
    Mechanism(
        "C4",
        "Presence counts even when crying goes on",
        "params.rate_present, strategies.answer_weights (staying close counts as an answer)",
        SEED_002,
    ),
    Mechanism(
        "C5",
        "Crying alone stops, arousal can stay high afterwards",
        "attachment.update_carry: arousal left over raises next-day peaks, waking chance, "
        "slows learning (development.growth_factor), and silent unsettled wakings count as "
        "unanswered (waking_kernel.night_wakings)",
        "Middlemiss, Granger, Goldberg & Nathans 2012: cortisol stayed up after crying stopped",
        "Middlemiss 2012 had 25 infants and no control group; Gradisar et al. "
        "2016 found lower, not higher, infant cortisol after sleep training",
        "Switches.residual_arousal",
    ),
    Mechanism(
        "C6",
        "Being told to stop teaches silence, not calm",
        "attachment.update_expectation; distress (shut_down, dismiss_added, dismissed_exhaustion)",
        SEED_002,
        "no controlled study in NORMS.md; the seed reasons from attachment theory",
        "Switches.suppression_learning",
    ),
    Mechanism(
        "C7",
        "Later responsive care repairs earlier ruptures",
        "attachment.update_security (gain does not depend on past losses)",
        SEED_002,
    ),
    Mechanism(
        "C8",
        "Sleep matures with age, whatever the method",
        "sleep.mean_sleep_hours, params.cycle_min, params.wake_prob, "
        "params.onset_age_factor (falling asleep takes less time by six months)",
        "Galland et al. 2012; Pennestri et al. 2018; Pediatrics 1969 (cycle length); "
        "Paavonen et al. 2020 (sleep latency falls by six months)",
    ),
    Mechanism(
        "C9",
        "Children of one age sleep very differently",
        "cohort (sleep_z, wake_factor), params.sleep_sd_h, params.wake_prob_sd",
        "Galland et al. 2012 (wide normal ranges)",
    ),
    Mechanism(
        "C10",
        "Sleep-trained infants wake as often but stop signalling",
        "waking_kernel.night_wakings and waking_kernel.bedtime (signal chance from the learned "
        "night expectation; bedtime protest under a method fades as the child stops signalling)",
        f"{SEED_002}; Mindell et al. 2006 (treatments reduce signalled wakings); Hall et al. "
        "2015 (actigraphic wakings unchanged after a programme)",
        "whether non-signalling infants resettle calmly is disputed (see C5)",
        "Switches.suppression_learning",
    ),
    Mechanism(
        "C11",
        "A toddler turning away is usually practising, and normal",
        "episode_kernel.day_episodes (turned_away from 12 months)",
        SEED_000,
    ),
    Mechanism(
        "C12",
        "First seek the caregiver, then own skills, which grow only with practice",
        "development.maturation, development.grow_skill (only successful attempts teach)",
        "Kopp 1989 (secondary): self-comforting about 8 months",
    ),
    Mechanism(
        "C13",
        "Self-soothing works less the higher the distress; the threshold rises with "
        "maturation and skill",
        "development.threshold, episode_kernel._logistic (a logistic fall, not a wall)",
        f"{SEED_000}; Stifter & Braungart 1995",
    ),
    Mechanism(
        "C14",
        "Sensitive or reactive children start later; day care and siblings earlier",
        "development.maturation_mid_days, development.growth_factor",
        f"{SEED_000}; Pluess et al. 2018; Leerkes et al. 2009",
    ),
    Mechanism(
        "C15",
        "Walking away adds distress; forcing comfort lowers self-trust; staying "
        "close is the middle ground",
        "params.walk_away_added; params.safe_base_gain (presence lets the child practise); "
        "params.forced_added, attachment.update_confidence and development.growth_factor "
        "(forced comfort lowers self-trust and slows learning)",
        SEED_000,
    ),
    Mechanism(
        "C16",
        "Afterwards: comfort first, acknowledge the effort, help is always there",
        "distress (aftercare), attachment.update_confidence, update_pressure",
        SEED_000,
    ),
    Mechanism(
        "C17",
        "Heavy praise pushes trying when not ready",
        "attachment.update_pressure; distress (attempts when not ready); failed attempts "
        "cost self-trust (attachment.update_confidence)",
        SEED_000,
    ),
    Mechanism(
        "C18",
        "Modelling your own calm teaches more than explaining it",
        "development.growth_factor (modelling_gain, explaining_gain)",
        SEED_000,
        "no effect size in NORMS.md: the gains are assumptions, said so in params",
    ),
    Mechanism(
        "C19",
        "Regulation develops for years; the worst moments still need help",
        "params.skill_ceiling, params.threshold_gain (threshold below 10)",
        SEED_000,
    ),
    Mechanism(
        "C20",
        "Refusing comfort can mean sensory overload, a developmental difference, "
        "or insecure attachment; an infant arching away is more likely hurting",
        "cohort phenotypes; distress (avoidance that teaches nothing, comfort taken up "
        "poorly by insecure children, running from overstimulation, hurt in infants); "
        "development.growth_factor (slower learning with a developmental difference)",
        f"{SEED_000}; prevalences are assumptions, never shown as rates",
    ),
)

CLAIMS = tuple(f"C{i}" for i in range(1, 21))


def parameters_by_claim() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {c: [] for c in CLAIMS}
    for cls, prefix in ((ModelParams, ""), (Switches, "switches.")):
        for f in fields(cls):
            for claim in str(f.metadata.get("claim", "")).split(","):
                if claim in out:
                    out[claim].append(prefix + f.name)
    return out


def claims_markdown(tests: dict[str, list[str]]) -> str:
    """The claim -> mechanism -> test -> evidence table (``docs/claims.md``)."""
    params = parameters_by_claim()
    lines = [
        "# Claims, mechanisms, tests and evidence",
        "",
        "Generated by `python -m beside.model.mechanisms > docs/claims.md`; a test keeps it in",
        "step with the code. Claims are DESIGN.md's, in short words. *Disputed* claims can be",
        "switched off (`beside.model.params.Switches`).",
        "",
        "| claim | mechanism | where | parameters | tests | evidence for | evidence against |"
        " switch |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for m in MECHANISMS:
        cells = [
            m.claim,
            m.summary,
            f"`{m.where}`",
            ", ".join(f"`{p}`" for p in params[m.claim]),
            ", ".join(f"`{t}`" for t in tests.get(m.claim, [])),
            m.evidence_for,
            m.evidence_against or "-",
            f"`{m.switch}`" if m.switch else "-",
        ]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def claim_tests(test_source: str) -> dict[str, list[str]]:
    """Test functions named ``test_cNN_...`` in the given source, by claim."""
    import re

    out: dict[str, list[str]] = {}
    for name in re.findall(r"def (test_c(\d+)_\w+)", test_source):
        out.setdefault(f"C{int(name[1])}", []).append(name[0])
    return out


if __name__ == "__main__":
    from pathlib import Path

    source = (Path(__file__).parents[3] / "tests/model/test_claims.py").read_text()
    print(claims_markdown(claim_tests(source)), end="")
