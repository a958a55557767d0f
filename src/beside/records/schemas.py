"""The columnar tables' schemas, derived from the record fields: one vocabulary, one definition.

A record field becomes a column of the same name, with its Arrow type read from the field's
annotation. The few columns a record does not hold are declared here, each with its kind:

- ``key``: which child and which day the row belongs to (``child_id``, ``age_days``);
- ``recorded``: a record field, something a journal can hold;
- ``derived``: computed from recorded fields (a day's nap minutes, from its naps);
- ``simulation``: known only for a simulated child (its phenotype, its caregivers'
  strategy): a journal never stores these, and Beside never guesses them (C20);
- ``latent``: the model's inner state (arousal, security, skill), which nobody can see.

Measures (``insights``) read only ``key``, ``recorded`` and ``derived`` columns, so that they
mean the same on a family's journal and on a simulated cohort; a test holds them to it.

Missing values: an optional number that was not recorded is NaN (so number columns stay
non-nullable, which keeps the Parquet writer fast: benchmarks/RESULTS.md); an optional time
or yes/no is null. Free text (names, notes) stays in the journal and never enters a table.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import pyarrow as pa
from pydantic import BaseModel

from beside.records.enums import PHENOTYPES, STRATEGIES
from beside.records.models import Child, Episode, Night, Waking

#: Local wall-clock time with no zone: the clock on the family's wall (a child's evening).
TIMESTAMP = pa.timestamp("s")
ENUM_TYPE = pa.dictionary(pa.int8(), pa.string())


class Kind(StrEnum):
    KEY = "key"
    RECORDED = "recorded"
    DERIVED = "derived"
    SIMULATION = "simulation"
    LATENT = "latent"


#: Kinds a measure may read: what a journal can know.
OBSERVABLE = frozenset({Kind.KEY, Kind.RECORDED, Kind.DERIVED})


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    kind: Kind
    nullable: bool = False
    #: For an enum column: the members, in code order (code ``k`` means ``enum[k]``).
    enum: tuple[StrEnum, ...] | None = None
    doc: str = ""

    @property
    def field(self) -> pa.Field:
        return pa.field(self.name, self.type, nullable=self.nullable)


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The plain type inside ``Annotated[...]`` and ``X | None``, and whether None is allowed."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:
                raise TypeError(f"no column type for {annotation!r}")
            annotation = args[0]
        else:
            return annotation, optional


def _arrow(kind: Any) -> tuple[pa.DataType, tuple[StrEnum, ...] | None]:
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        return ENUM_TYPE, tuple(kind)
    for python, arrow in (
        (datetime, TIMESTAMP),
        (date, pa.date32()),
        (bool, pa.bool_()),
        (int, pa.int16()),
        (float, pa.float32()),
    ):
        if isinstance(kind, type) and issubclass(kind, python):
            return arrow, None
    raise TypeError(f"no column type for {kind!r}")


def recorded(
    model: type[BaseModel], *, omit: Mapping[str, str], required: Sequence[str] = ()
) -> list[Column]:
    """One column per field of ``model``, in the record's order. ``omit`` names the fields
    that have no column, each with the reason; ``required`` the optional times a table
    always holds (a table keeps only finished nights)."""
    out = []
    for name, info in model.model_fields.items():
        if name in omit:
            continue
        kind, optional = _unwrap(info.annotation)
        arrow, members = _arrow(kind)
        nullable = optional and arrow in (TIMESTAMP, pa.date32(), pa.bool_())
        nullable = nullable and name not in required
        out.append(
            Column(name, arrow, Kind.RECORDED, nullable, members, doc=info.description or "")
        )
    unknown = (set(omit) | set(required)) - set(model.model_fields)
    if unknown:
        raise KeyError(f"{model.__name__} has no field {sorted(unknown)}")
    return out


CHILD_ID = Column("child_id", pa.int32(), Kind.KEY, doc="the child's number within the tables")
AGE_DAYS = Column(
    "age_days",
    pa.int32(),
    Kind.KEY,
    doc="days since birth on the local date of the entry (a night: of its evening)",
)
ROW_KEY = (CHILD_ID, AGE_DAYS)
STRATEGY = Column(
    "strategy", ENUM_TYPE, Kind.SIMULATION, enum=STRATEGIES, doc="the caregivers' strategy"
)
AROUSAL_AFTER = Column(
    "arousal_after", pa.float32(), Kind.LATENT, doc="arousal left when it ended (C5)"
)

TABLES: Mapping[str, tuple[Column, ...]] = {
    "children": (
        CHILD_ID,
        *recorded(Child, omit={"name": "a name stays in the journal"}),
        Column(
            "phenotype",
            ENUM_TYPE,
            Kind.SIMULATION,
            enum=PHENOTYPES,
            doc="known truth for testing the screen (C20); never in a journal",
        ),
        Column(
            "strategy",
            ENUM_TYPE,
            Kind.SIMULATION,
            enum=STRATEGIES,
            doc="the strategy at the end of the run",
        ),
        Column(
            "consistency", pa.float32(), Kind.SIMULATION, doc="share of answers that do not lapse"
        ),
    ),
    "nights": (
        *ROW_KEY,
        *recorded(Night, omit={"wakings": "the wakings table"}, required=("wake_time",)),
        Column(
            "nap_min",
            pa.float32(),
            Kind.DERIVED,
            doc="day sleep before this bedtime, from the day's naps; NaN if none recorded",
        ),
        STRATEGY,
        Column("cycle_min", pa.float32(), Kind.LATENT, doc="sleep-cycle length (C8)"),
        Column("security", pa.float32(), Kind.LATENT, doc="felt security at bedtime (C3)"),
        Column("skill", pa.float32(), Kind.LATENT, doc="self-soothing skill at bedtime (C12)"),
        Column(
            "soothe_limit",
            pa.float32(),
            Kind.LATENT,
            doc="the day's distress at which a try to calm alone succeeds half the time (C13)",
        ),
    ),
    "wakings": (*ROW_KEY, *recorded(Waking, omit={}), AROUSAL_AFTER),
    "episodes": (
        *ROW_KEY,
        *recorded(Episode, omit={"notes": "free text stays in the journal"}),
        AROUSAL_AFTER,
    ),
}

SCHEMAS: Mapping[str, pa.Schema] = {
    name: pa.schema([c.field for c in columns]) for name, columns in TABLES.items()
}


def _enum_columns() -> dict[str, tuple[StrEnum, ...]]:
    out: dict[str, tuple[StrEnum, ...]] = {}
    for columns in TABLES.values():
        for c in columns:
            if c.enum is None:
                continue
            if out.setdefault(c.name, c.enum) != c.enum:
                raise TypeError(f"column {c.name} has two vocabularies")
    return out


#: Every enum column by name; a name means the same vocabulary in every table.
ENUM_COLUMNS: Mapping[str, tuple[StrEnum, ...]] = _enum_columns()


def observable(table: str) -> tuple[str, ...]:
    """The columns of ``table`` that a journal can fill."""
    return tuple(c.name for c in TABLES[table] if c.kind in OBSERVABLE)


def columns_markdown() -> str:
    """Every table's columns as Markdown tables (``docs/records.md`` holds this text, and a
    test keeps the two the same)."""
    lines = []
    for table, columns in TABLES.items():
        lines += [
            f"### {table}",
            "",
            "| column | type | kind | meaning |",
            "| --- | --- | --- | --- |",
        ]
        for c in columns:
            kind = "enum" if c.enum else str(c.type)
            doc = c.doc
            if c.enum:
                doc = (
                    (f"{doc}; " if doc else "")
                    + "one of "
                    + ", ".join(f"`{m.value}`" for m in c.enum)
                )
            null = ", may be null" if c.nullable else ""
            lines.append(f"| `{c.name}` | {kind}{null} | {c.kind.value} | {doc} |")
        lines.append("")
    return "\n".join(lines)
