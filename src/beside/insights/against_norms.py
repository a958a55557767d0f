"""A child's measures beside the published norms for its age, in words a tired parent can
read in five seconds, each with its source.

The norm is chosen by the child's *corrected* age (a preterm baby is compared with babies
of its due-date age until two; ``records.ages``). A range is the published one: a normal
range where the source gives it (Galland et al. 2012: mean +/- 1.96 SD), else the mean
+/- 1.96 SD the source reports; a source that gives only a mean gives context, not a
verdict. Nothing here judges the child or the family: "more than most babies this age" is
a fact about a distribution, and the guide says what, if anything, to do with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from beside.insights.measures import Report
from beside.norms.figures import Figure, all_figures
from beside.records.ages import DAYS_PER_MONTH

Z95 = 1.96
#: Norm measures that describe one child's nights or days (the others are shares of
#: children, or trial contrasts, which a single child cannot be compared with).
PER_CHILD = {
    "fuss_cry_min_per_day",
    "total_sleep_h",
    "night_sleep_h",
    "signalled_wakings_per_night",
    "onset_latency_min",
    "no_stretch_share_6h",
    "no_stretch_share_8h",
}


@dataclass(frozen=True)
class Comparison:
    measure_id: str
    figure_id: str
    #: within, above or below the usual range; or context, where the source gives a mean only.
    status: str
    words: str
    value: float
    low: float | None
    high: float | None
    source: str
    citation: str

    def as_dict(self) -> dict[str, object]:
        return {
            "measure": self.measure_id,
            "figure": self.figure_id,
            "status": self.status,
            "words": self.words,
            "value": round(self.value, 2),
            "usual_low": None if self.low is None else round(self.low, 2),
            "usual_high": None if self.high is None else round(self.high, 2),
            "source": self.source,
            "citation": self.citation,
        }


def age_words(age_days: float) -> str:
    """'3 weeks', '7 months', '2 years', '2 and a half years'."""
    if age_days < 13 * 7:
        weeks = max(int(age_days // 7), 0)
        return f"{weeks} week{'s' if weeks != 1 else ''}" if weeks else "a newborn"
    months = int(age_days // DAYS_PER_MONTH)
    if months < 24:
        return f"{months} months"
    years, rest = divmod(months, 12)
    return f"{years} and a half years" if rest >= 6 else f"{years} years"


def _who(age_days: float) -> str:
    if age_days < 365:
        return "babies"
    return "toddlers" if age_days < 3 * 365 else "children"


def usual_range(f: Figure) -> tuple[float, float] | None:
    """The range of individual children the figure gives, if it gives one."""
    if f.band:
        return f.band
    if f.mean is not None and f.sd is not None:
        return max(f.mean - Z95 * f.sd, 0.0), f.mean + Z95 * f.sd
    if f.mean_band and f.sd_band:
        return max(f.mean_band[0] - Z95 * f.sd_band[1], 0.0), f.mean_band[1] + Z95 * f.sd_band[1]
    return None


def figures_at(measure_id: str, age_days: float) -> list[Figure]:
    """Figures for the measure whose age range holds the age, primary sources first."""
    found = [
        f
        for f in all_figures()
        if f.measure == measure_id and f.use == "fit" and f.age_days[0] <= age_days < f.age_days[1]
    ]
    return sorted(found, key=lambda f: (f.secondary, f.age_days[1] - f.age_days[0]))


def _compare(measure_id: str, unit: str, value: float, f: Figure, age_days: float) -> Comparison:
    age, who = age_words(age_days), _who(age_days)
    span = usual_range(f)
    if measure_id.startswith("no_stretch_share") and f.share is not None:
        hours = measure_id.removeprefix("no_stretch_share_").removesuffix("h")
        words = (
            f"at {age}, {100 * f.share:.0f} % of {who} do not yet sleep {hours} hours in a row "
            "most nights, and that is fine"
        )
        return Comparison(measure_id, f.id, "context", words, value, None, None,
                          f.short_source, f.citation)  # fmt: skip
    if span is None:
        assert f.mean is not None or f.mean_band is not None
        typical = f.mean if f.mean is not None else sum(f.mean_band or (0, 0)) / 2
        words = f"about {typical:g} {unit} is usual for {who} of {age}, on average"
        return Comparison(measure_id, f.id, "context", words, value, None, None,
                          f.short_source, f.citation)  # fmt: skip
    low, high = span
    if value > high:
        status, words = "above", f"more than most {who} of {age}"
    elif value < low:
        status, words = "below", f"less than most {who} of {age}"
    else:
        status, words = "within", f"within the usual range for {age}"
    return Comparison(measure_id, f.id, status, words, value, low, high,
                      f.short_source, f.citation)  # fmt: skip


def compare(report: Report, *, corrected_age_days: float) -> list[Comparison]:
    """Every measure of one child's report that has a norm at its corrected age."""
    out = []
    for m in report.measures:
        if m.estimate is None or m.definition.id not in PER_CHILD:
            continue
        for f in figures_at(m.definition.id, corrected_age_days)[:1]:
            d = m.definition
            out.append(_compare(d.id, d.unit, m.estimate.value, f, corrected_age_days))
    return out
