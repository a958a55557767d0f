"""Jinja2 pages: one environment, autoescaped, strict about missing values; each page one
self-contained file (styles inline, charts inline as SVG, nothing fetched from anywhere)."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from beside import __version__


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("beside.reports", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
    )


def render(template: str, **context: Any) -> str:
    return _env().get_template(template).render(version=__version__, **context)
