"""Chart definitions (Altair) and their rendering to SVG (vl-convert), on the server.

One definition serves the HTML page and, later, the PDF: no chart JavaScript reaches the
browser. Each chart states what it draws in its title and the source of any norm it shows.
Charts take plain rows (lists of dicts), so tests can check the data drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import altair as alt
import vl_convert as vlc

Rows = Sequence[dict[str, Any]]
WIDTH, HEIGHT = 460, 230
PALETTE = [
    "#2f6f8f",
    "#c0703a",
    "#5b8c5a",
    "#8e5a9b",
    "#b8a040",
    "#5e6d7a",
    "#a4485a",
    "#3d8f87",
    "#7d6b4f",
]


Spec = alt.TopLevelMixin


def _data(rows: Rows) -> Any:
    return alt.Data(values=list(rows))  # type: ignore[no-untyped-call]


def _color(field: str = "strategy") -> alt.Color:
    return alt.Color(
        f"{field}:N", title=None, scale=alt.Scale(range=PALETTE), legend=alt.Legend(orient="bottom")
    )


def band_and_line(
    rows: Rows,
    *,
    y_title: str,
    title: str,
    band: tuple[str, str] = ("ci_low", "ci_high"),
    x: str = "month",
    x_title: str = "Age (months)",
) -> Spec:
    """A mean by age per strategy, with a shaded band (95 % CI by default)."""
    base = alt.Chart(_data(rows))
    # The legend comes from the lines: drawn from the faint band, its swatches were pale.
    area = base.mark_area(opacity=0.18).encode(
        x=alt.X(f"{x}:Q", title=x_title),
        y=alt.Y(f"{band[0]}:Q", title=y_title),
        y2=f"{band[1]}:Q",
        color=alt.Color("strategy:N", scale=alt.Scale(range=PALETTE), legend=None),
    )
    line = base.mark_line(strokeWidth=2).encode(x=f"{x}:Q", y="mean:Q", color=_color())
    spec: Spec = (area + line).properties(width=WIDTH, height=HEIGHT, title=title)
    return spec


WAKING_LABELS = {
    "signalled_wakings_per_night": "signalled",
    "wakings_per_night": "all, heard or not",
}


def wakings(rows: Rows) -> Spec:
    """Total wakings (dashed) and signalled wakings (solid) per night, by age (C10)."""
    labelled = [{**r, "measure": WAKING_LABELS.get(r["measure"], r["measure"])} for r in rows]
    base = alt.Chart(_data(labelled))
    enc = {
        "x": alt.X("month:Q", title="Age (months)"),
        "y": alt.Y("mean:Q", title="Wakings per night"),
        "color": _color(),
    }
    line = base.mark_line(strokeWidth=2).encode(
        strokeDash=alt.StrokeDash(
            "measure:N",
            title=None,
            legend=alt.Legend(orient="bottom"),
            sort=list(WAKING_LABELS.values()),
        ),
        **enc,
    )
    spec: Spec = line.properties(
        width=WIDTH, height=HEIGHT, title="Wakings per night: all (dashed) and signalled (solid)"
    )
    return spec


def self_soothing(rows: Rows) -> Spec:
    """Share calmed alone by peak distress, one panel per age band (C13)."""
    base = alt.Chart(_data(rows))
    x = alt.X("distress_mid:Q", title="Peak distress (0-10)", scale=alt.Scale(domain=[0, 10]))
    rule = base.mark_rule().encode(
        x=x, y=alt.Y("ci_low:Q", title="Calmed alone"), y2="ci_high:Q", color=_color()
    )
    point = base.mark_line(point=True).encode(
        x=x, y=alt.Y("calmed_alone:Q", axis=alt.Axis(format="%")), color=_color()
    )
    spec: Spec = (
        (rule + point)
        .properties(width=210, height=170)
        .facet(
            # Panels in age order, not the alphabetical order of their labels.
            facet=alt.Facet(
                "ages:N", title=None, sort=alt.EncodingSortField("ages_from", op="min")
            ),
            columns=2,
            title="Self-soothing by distress level and age",
        )
    )
    return spec


def time_to_calm(rows: Rows) -> Spec:
    """Median minutes to calm by caregiver response, with the middle half (toddlers)."""
    base = alt.Chart(_data(rows))
    y = alt.Y("response:N", title=None)
    rule = base.mark_rule(strokeWidth=2).encode(
        y=y,
        x=alt.X("q1:Q", title="Minutes to calm (median, middle half)"),
        x2="q3:Q",
        color=_color(),
        yOffset="strategy:N",
    )
    point = base.mark_point(filled=True, size=50).encode(
        y=y, x="median:Q", color=_color(), yOffset="strategy:N"
    )
    spec: Spec = (rule + point).properties(
        width=WIDTH, height=HEIGHT, title="Time to calm by response, from 12 months"
    )
    return spec


def model_against_norm(
    rows: Rows,
    norms: Rows,
    *,
    y_title: str,
    title: str,
    x: str = "month",
    x_title: str = "Age (months)",
) -> Spec:
    """Model mean with its 10-90 % band of children, and the published norm as boxes."""
    model = band_and_line(
        rows, y_title=y_title, title=title, band=("p10", "p90"), x=x, x_title=x_title
    )
    norm = (
        alt.Chart(_data(norms))
        .mark_rect(opacity=0.25, color="#999999", stroke="#555555")
        .encode(
            x=f"{x}_from:Q", x2=f"{x}_to:Q", y="low:Q", y2="high:Q", tooltip=["label:N", "source:N"]
        )
    )
    spec: Spec = alt.layer(norm, model)  # type: ignore[arg-type]
    return spec


def sensitivity(rows: Rows, *, parameters: Sequence[str], title: str) -> Spec:
    """Morris mu* of each parameter on each outcome, as a share of the largest for that
    outcome: where the darker cells are, the model's conclusion is that assumption's."""
    chosen = [r for r in rows if r["parameter"] in set(parameters)]
    spec: Spec = (
        alt.Chart(_data(chosen))
        .mark_rect()
        .encode(
            x=alt.X("outcome:N", title=None, axis=alt.Axis(labelAngle=-35, labelLimit=220)),
            y=alt.Y("parameter:N", title=None, sort=list(parameters)),
            color=alt.Color(
                "relative:Q",
                title="mu* / largest",
                scale=alt.Scale(scheme="blues", domain=[0, 1]),
            ),
            tooltip=["parameter:N", "claim:N", "outcome:N", "mu_star:Q", "sigma:Q"],
        )
        .properties(width=300, height=14 * len(parameters), title=title)
    )
    return spec


def what_if(rows: Rows) -> Spec:
    """What-if (issue 12, item 5): per measure, each strategy's mean over the simulated
    children (dot) with its 95 % interval (thick) and the middle 80 % of the children
    (thin). Measures have their own scales: minutes and wakings do not share an axis."""
    base = alt.Chart(_data(rows))
    y = alt.Y("short:N", title=None, sort=None)
    colour = alt.Color("short:N", scale=alt.Scale(range=PALETTE), legend=None)  # y names them
    spread = base.mark_rule(opacity=0.45).encode(
        x=alt.X("p10:Q", title=None), x2="p90:Q", y=y, color=colour
    )
    interval = base.mark_rule(strokeWidth=5).encode(x="low:Q", x2="high:Q", y=y, color=colour)
    dot = base.mark_point(filled=True, size=70).encode(x="mean:Q", y=y, color=colour)
    spec: Spec = (
        (spread + interval + dot)
        .properties(width=240, height=22 * len({r["short"] for r in rows}))
        .facet(
            row=alt.Row(
                "measure:N",
                title=None,
                sort=None,
                header=alt.Header(
                    labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top"
                ),
            )
        )
        .resolve_scale(x="independent")
        .properties(title="Dot: average · thick: 95 % interval · thin: most children like yours")
    )
    return spec


def to_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as SVG. A chart with nothing to draw comes out infinitely large in
    vl-convert (1.8e308 px); that is refused here rather than sent to a page."""
    return _svg(chart.to_json())


#: Drawing takes 40-80 ms a chart and a child's overview has two; most views of it come
#: with no new record since the last, so the same drawing is kept (in this process's
#: memory only, never on disk), keyed by the whole definition with its data.
SVG_CACHE_SIZE = 64


@lru_cache(maxsize=SVG_CACHE_SIZE)
def _svg(spec: str) -> str:
    svg: str = vlc.vegalite_to_svg(spec)
    head = svg[: svg.find(">")]
    if "e+308" in head or "Infinity" in head:
        raise ValueError("chart has no data to draw")
    return svg


DAY_COLOURS = {
    "asleep at night": "#3d5a80",
    "awake, called out": "#e07a5f",
    "awake, silent": "#f2cc8f",
    "awake": "#b8a9c9",
    "upset": "#9c3d54",
}


def day_pattern(rows: Rows, *, days: Sequence[str]) -> Spec:
    """Days down, the 24-hour clock across: night sleep, wakings called out or silent, and
    upsets (the sleep diary clinicians ask for). ``days`` are the row labels, in order."""
    spec: Spec = (
        alt.Chart(_data(rows))
        .mark_bar(height=14)
        .encode(
            y=alt.Y("label:N", title=None, sort=list(days)),
            x=alt.X(
                "from_h:Q",
                title="Time of day (hours)",
                scale=alt.Scale(domain=[0, 24]),
                axis=alt.Axis(values=list(range(0, 25, 3))),
            ),
            x2="to_h:Q",
            color=alt.Color(
                "kind:N",
                title=None,
                scale=alt.Scale(domain=list(DAY_COLOURS), range=list(DAY_COLOURS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
        )
        .properties(width=WIDTH, height=22 * max(len(days), 1), title="The week, hour by hour")
    )
    return spec
