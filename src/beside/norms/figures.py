"""Published figures as typed norms. A norm is a band, not a point, where the paper gives one.

Every figure shown to a user travels with its ``source`` (a full citation), so no number
leaves Beside without the paper it came from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Figure:
    id: str
    measure: str
    age_days: tuple[int, int]
    source_key: str
    citation: str
    note: str
    mean: float | None = None
    sd: float | None = None
    mean_band: tuple[float, float] | None = None
    sd_band: tuple[float, float] | None = None
    band: tuple[float, float] | None = None
    share: float | None = None
    share_band: tuple[float, float] | None = None
    secondary: bool = False
    #: What the figure is for: ``fit`` (calibration target), ``validation`` (kept out of every
    #: fit and run separately), ``contrast`` (a trial's difference between two arms),
    #: ``not_modelled`` (a parent's judgement the model has no counterpart for), ``guidance``
    #: (thresholds for the guide, not for the model) or ``beyond_model`` (ages past six years).
    use: str = "fit"
    #: Published counts behind a share (events of n), where the paper gives them.
    events: int | None = None
    n: int | None = None

    @property
    def short_source(self) -> str:
        """Authors and year, for chart labels and table cells."""
        match = re.match(r"(.*?\(\d{4}\))\.", self.citation)
        return match.group(1) if match else self.citation

    def describe(self) -> str:
        if self.mean_band:
            return f"mean {self.mean_band[0]:g}-{self.mean_band[1]:g}"
        if self.mean is not None and self.sd is not None:
            return f"mean {self.mean:g} (SD {self.sd:g})"
        if self.mean is not None:
            return f"mean {self.mean:g}"
        if self.band:
            return f"range {self.band[0]:g}-{self.band[1]:g}"
        if self.share_band:
            return f"{100 * self.share_band[0]:g}-{100 * self.share_band[1]:g} %"
        if self.share is not None:
            return f"{100 * self.share:g} %"
        return self.note


def _pair(value: Any) -> tuple[float, float] | None:
    return None if value is None else (float(value[0]), float(value[1]))


@cache
def _load() -> tuple[dict[str, str], tuple[Figure, ...]]:
    text = resources.files("beside.norms").joinpath("norms.json").read_text(encoding="utf-8")
    data = json.loads(text)
    sources: dict[str, str] = data["sources"]
    figures = tuple(
        Figure(
            id=f["id"],
            measure=f["measure"],
            age_days=(f["age_days"][0], f["age_days"][1]),
            source_key=f["source"],
            citation=sources[f["source"]],
            note=f["note"],
            mean=f.get("mean"),
            sd=f.get("sd"),
            mean_band=_pair(f.get("mean_band")),
            sd_band=_pair(f.get("sd_band")),
            band=_pair(f.get("band")),
            share=f.get("share"),
            share_band=_pair(f.get("share_band")),
            secondary=bool(f.get("secondary", False)),
            use=str(f.get("use", "fit")),
            events=f.get("events"),
            n=f.get("n"),
        )
        for f in data["figures"]
    )
    return sources, figures


def all_figures() -> tuple[Figure, ...]:
    return _load()[1]


def figures_for(use: str) -> tuple[Figure, ...]:
    return tuple(f for f in all_figures() if f.use == use)


def figure(figure_id: str) -> Figure:
    for f in all_figures():
        if f.id == figure_id:
            return f
    raise KeyError(figure_id)


def citation(source_key: str) -> str:
    return _load()[0][source_key]


def galland_total_sleep_h(age_days: float) -> float:
    """Galland et al. 2012: hours = 10.49 - 5.56 * ((age_years / 10) ** 0.5 - 0.71)."""
    return float(10.49 - 5.56 * ((age_days / 365.25 / 10.0) ** 0.5 - 0.71))
