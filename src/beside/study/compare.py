"""Compare strategies on the same children: crying, wakings, self-soothing, time to calm,
attachment security, month by month, with uncertainty bands.

Each strategy runs in chunks; only per-child monthly summaries are kept, so the memory a
comparison needs does not grow with the number of children.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from beside.errors import OutputError
from beside.insights import measures
from beside.insights.child_days import F64, floats, ints
from beside.insights.crying import CryDays
from beside.insights.sleep_patterns import SleepNights
from beside.insights.tallies import Tallies, tally
from beside.model.cohort import StudyDesign
from beside.model.curves import DAYS_PER_MONTH
from beside.model.engine import simulate_chunk
from beside.model.params import ModelParams
from beside.study.runs import chunks, default_chunk_size

#: The self-soothing panels start at six months: before, hardly any upset calms alone (C12).
SOOTHING_FROM_MONTHS = 6
MAX_CALM_SAMPLES = 20_000


@dataclass
class _Accumulator:
    monthly: dict[str, list[tuple[F64, F64]]] = field(default_factory=lambda: defaultdict(list))
    #: Per child and month, the sums the insights' measures come from (self-soothing).
    tallies: list[Tallies] = field(default_factory=list)
    calm: dict[str, list[F64]] = field(default_factory=lambda: defaultdict(list))

    def add_monthly(
        self, measure: str, child: npt.NDArray[np.int64], month: npt.NDArray[np.int64], values: F64
    ) -> None:
        """Per child-month means of a per-day value."""
        key = child * 1000 + month
        uniq, inverse = np.unique(key, return_inverse=True)
        means = np.bincount(inverse, weights=values) / np.bincount(inverse)
        self.monthly[measure].append((uniq % 1000, means))


@dataclass(frozen=True)
class StrategyResult:
    name: str
    design: StudyDesign
    monthly: list[dict[str, Any]]
    soothing: list[dict[str, Any]]
    calm_by_response: list[dict[str, Any]]


@dataclass(frozen=True)
class Comparison:
    results: list[StrategyResult]
    #: Parameter sets the children were split across (1: the shipped fit alone).
    parameter_sets: int = 1


def _month(age_days: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    out: npt.NDArray[np.int64] = np.floor(age_days / DAYS_PER_MONTH).astype(np.int64)
    return out


def _accumulate(acc: _Accumulator, t: Mapping[str, pa.Table]) -> None:
    cry = CryDays.of(t["nights"], t["episodes"], t["wakings"])
    month = _month(cry.days.age_days)
    acc.add_monthly("fuss_cry_min_per_day", cry.days.child_id, month, cry.fuss_cry_min)
    sleep = SleepNights.of(t["nights"], t["wakings"])
    month_s = _month(sleep.days.age_days)
    acc.add_monthly("wakings_per_night", sleep.days.child_id, month_s, sleep.wakings)
    acc.add_monthly("signalled_wakings_per_night", sleep.days.child_id, month_s, sleep.signalled)
    nights = t["nights"]
    acc.add_monthly(
        "attachment_security",
        ints(nights, "child_id"),
        _month(ints(nights, "age_days")),
        floats(nights, "security"),
    )
    acc.tallies.append(tally(dict(t), period="month"))
    e = t["episodes"]
    age_m = floats(e, "age_days") / DAYS_PER_MONTH
    response = np.asarray(e["response"].cast(pa.string()).to_numpy(zero_copy_only=False))
    minutes = floats(e, "minutes_to_calm")
    toddler = age_m >= 12
    for r in np.unique(response):
        values = minutes[(response == r) & toddler & ~np.isnan(minutes)]
        if values.size:
            acc.calm[str(r)].append(values[:MAX_CALM_SAMPLES])


def _summarise(
    name: str, design: StudyDesign, acc: _Accumulator, groups: list[_Accumulator] | None = None
) -> StrategyResult:
    """Monthly means with a 95 % band: Monte-Carlo only, or, with an ensemble (``groups``:
    one accumulator per parameter set, on its own children), the spread of the sets' means,
    which carries parameter uncertainty and the noise of each set's smaller sample."""
    monthly = []
    for measure, parts in acc.monthly.items():
        months = np.concatenate([m for m, _ in parts])
        values = np.concatenate([v for _, v in parts])
        for month in np.unique(months):
            v = values[months == month]
            se = v.std(ddof=1) / np.sqrt(v.size) if v.size > 1 else 0.0
            if groups is not None and len(groups) > 1:
                se = float(np.std(_group_means(groups, measure, int(month)), ddof=1))
            monthly.append(
                {
                    "strategy": name,
                    "measure": measure,
                    "month": int(month),
                    "mean": float(v.mean()),
                    "ci_low": float(v.mean() - 1.96 * se),
                    "ci_high": float(v.mean() + 1.96 * se),
                    "p10": float(np.percentile(v, 10)),
                    "p90": float(np.percentile(v, 90)),
                    "children": int(v.size),
                }
            )
    soothing = []
    panels = measures.measure(Tallies.concat(acc.tallies)).windows if acc.tallies else ()
    for panel in panels:
        lo, hi = panel.months
        covered = min(hi, design.from_months + design.months) - max(lo, design.from_months)
        if lo < SOOTHING_FROM_MONTHS or covered < (hi - lo) / 2:
            continue  # a panel the study covers less than half of would be mislabelled
        for row in panel.rows:
            e = row.calmed_alone
            if e is None or e.n < 20:
                continue
            soothing.append(
                {
                    "strategy": name,
                    "ages": f"{lo:g}-{hi:g} months",
                    "ages_from": lo,
                    "distress": f"{row.distress_from:g}-{row.distress_to:g}",
                    "distress_mid": (row.distress_from + row.distress_to) / 2,
                    "calmed_alone": e.value,
                    "ci_low": e.low,
                    "ci_high": e.high,
                    "episodes": e.n,
                }
            )
    calm = []
    for response, samples in sorted(acc.calm.items()):
        v = np.concatenate(samples)
        calm.append(
            {
                "strategy": name,
                "response": response,
                "median": float(np.median(v)),
                "q1": float(np.percentile(v, 25)),
                "q3": float(np.percentile(v, 75)),
                "episodes": int(v.size),
            }
        )
    return StrategyResult(name, design, monthly, soothing, calm)


def _merge(groups: list[_Accumulator]) -> _Accumulator:
    if len(groups) == 1:
        return groups[0]
    out = _Accumulator()
    for g in groups:
        for measure, parts in g.monthly.items():
            out.monthly[measure].extend(parts)
        out.tallies.extend(g.tallies)
        for response, samples in g.calm.items():
            out.calm[response].extend(samples)
    return out


def _group_means(groups: list[_Accumulator], measure: str, month: int) -> list[float]:
    out = []
    for g in groups:
        parts = g.monthly.get(measure, [])
        if not parts:
            continue
        months = np.concatenate([m for m, _ in parts])
        values = np.concatenate([v for _, v in parts])
        if (months == month).any():
            out.append(float(values[months == month].mean()))
    return out


def compare_strategies(
    params: ModelParams,
    designs: Mapping[str, StudyDesign],
    *,
    progress: Callable[[int], None] | None = None,
    ensemble: Sequence[ModelParams] | None = None,
    chunk_children: int = 2500,
) -> Comparison:
    """Each design runs with the same seed, so the same children meet each strategy.

    With an ``ensemble`` of parameter sets, the children are split into as many groups and
    group ``g`` lives under set ``g`` in every arm, so arms stay paired. Children run in
    chunks of at most ``chunk_children`` (smaller chunks: finer progress, a little slower)."""
    sets = list(ensemble) if ensemble else [params]
    results = []
    done = 0
    for name, design in designs.items():
        groups = []
        bounds = np.linspace(0, design.children, len(sets) + 1).round().astype(int)
        for g, set_params in enumerate(sets):
            group = _Accumulator()
            lo, hi = int(bounds[g]), int(bounds[g + 1])
            for first, size in chunks(design, min(default_chunk_size(design), chunk_children)):
                first, end = max(first, lo), min(first + size, hi)
                if end <= first:
                    continue
                t = simulate_chunk(set_params, design, first_id=first, size=end - first)
                _accumulate(group, t)
                done += end - first
                if progress is not None:
                    progress(done)
            groups.append(group)
        results.append(_summarise(name, design, _merge(groups), groups if ensemble else None))
    return Comparison(results, parameter_sets=len(sets))


def study_manifest(comparison: Comparison, params: ModelParams) -> dict[str, Any]:
    """What ``study.json`` beside the report records, so anyone can rerun the contrast."""
    return {
        "switches": asdict(params.switches),
        "parameter_sets": comparison.parameter_sets,
        "designs": {
            r.name: {
                k: (v.value if hasattr(v, "value") else v) for k, v in asdict(r.design).items()
            }
            for r in comparison.results
        },
    }


def write_report(
    comparison: Comparison, out_dir: Path, *, params: ModelParams | None = None
) -> Path:
    from beside.study.report_pages import render_comparison

    html = render_comparison(comparison)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / "report.html"
        if params is not None:
            manifest = json.dumps(study_manifest(comparison, params), indent=2)
            tmp_json = out_dir / "study.json.partial"
            tmp_json.write_text(manifest, encoding="utf-8")
            tmp_json.replace(out_dir / "study.json")
        tmp = path.with_suffix(".html.partial")
        tmp.write_text(html, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise OutputError(f"cannot write to {out_dir}: {exc.strerror or exc}", field="out") from exc
    return path
