"""Columnar forms of the records, for cohorts far too large for one object per row.

The schemas come from the record fields (``schemas.py``); enum columns are dictionary-encoded
in the enum's own order, so code ``k`` in a column always means ``ENUM_TUPLE[k]``. The
simulator writes these tables to Parquet; ``check_table`` applies the record rules to whole
columns, row numbers included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from beside.errors import Violation
from beside.records import rules
from beside.records.schemas import ENUM_COLUMNS, SCHEMAS

#: Where a nullable time or date was not recorded (the end of an episode nobody saw end).
NO_TIME = np.iinfo(np.int64).min

_DICTIONARIES = {
    column: pa.array([member.value for member in members], pa.string())
    for column, members in ENUM_COLUMNS.items()
}


def encode_enum(codes: npt.NDArray[np.generic], column: str) -> pa.DictionaryArray:
    """Wrap an int code array as a dictionary column in the enum's canonical order."""
    indices = pa.array(codes if codes.dtype == np.int8 else codes.astype(np.int8))
    return pa.DictionaryArray.from_arrays(indices, _DICTIONARIES[column])


Column = npt.NDArray[np.generic] | Sequence[npt.NDArray[np.generic]]


def build_table(
    name: str, columns: Mapping[str, Column], *, only: Sequence[str] | None = None
) -> pa.Table:
    """Assemble a table in the schema's column order, without copying where Arrow allows.

    A column is one NumPy array or a list of chunks; enum columns arrive as int codes and
    timestamps as int64 seconds (``NO_TIME`` where a nullable time is missing), a nullable
    yes/no as bools or as int8 codes (-1 where not recorded). NaN stays
    NaN (``latency_min`` is NaN when nobody came). ``only`` keeps a subset of the columns
    (a journal's tables have no latent or simulation-only columns).
    """
    schema = SCHEMAS[name]
    if only is not None:
        schema = pa.schema([f for f in schema if f.name in set(only)])
    arrays = []
    for field in schema:
        values = columns[field.name]
        chunks = [values] if isinstance(values, np.ndarray) else list(values)
        if field.name in ENUM_COLUMNS:
            arrays.append(
                pa.chunked_array([encode_enum(v, field.name) for v in chunks], type=field.type)
            )
        elif field.nullable:
            arrays.append(
                pa.chunked_array([_nullable(v, field.type) for v in chunks], type=field.type)
            )
        else:
            arrays.append(
                pa.chunked_array([pa.array(v, type=field.type) for v in chunks], type=field.type)
            )
    return pa.Table.from_arrays(arrays, schema=schema)


def _nullable(values: npt.NDArray[np.generic], kind: pa.DataType) -> pa.Array:
    if kind == pa.bool_():
        # bool arrays (the simulator: always known) or int8 codes, -1 where not recorded.
        if values.dtype == np.bool_:
            return pa.array(values, type=kind)
        said = np.asarray(values, dtype=np.int8)
        return pa.array(said == 1, type=kind, mask=said < 0)
    missing = values == NO_TIME
    if kind == pa.date32():
        values = np.where(missing, 0, values).astype(np.int32)
    return pa.array(values, type=kind, mask=missing)


def _rows(mask: pa.ChunkedArray | pa.Array) -> list[int]:
    filled = pc.fill_null(mask, False)
    return [int(i) for i in np.flatnonzero(np.asarray(filled))[:5]]


def _rule(
    out: list[Violation], mask: pa.ChunkedArray | pa.Array, field: str, code: str, message: str
) -> None:
    rows = _rows(mask)
    if rows:
        out.append(Violation(field, code, f"{message} (rows {', '.join(map(str, rows))})"))


def check_table(name: str, table: pa.Table) -> list[Violation]:
    """The record rules, applied to a whole table; an empty list means the table is valid."""
    out: list[Violation] = []
    expected = SCHEMAS[name]
    missing = [f.name for f in expected if f.name not in table.column_names]
    if missing:
        return [Violation(col, "missing_column", "required column is missing") for col in missing]
    for column, members in ENUM_COLUMNS.items():
        if column in table.column_names:
            allowed = pa.array([m.value for m in members])
            values = pc.cast(table[column], pa.string())
            _rule(
                out,
                pc.invert(pc.is_in(values, allowed)),
                column,
                "unknown_value",
                f"must be one of {', '.join(m.value for m in members)}",
            )
    if name == "nights":
        _rule(
            out,
            pc.less(table["sleep_onset"], table["bedtime"]),
            "sleep_onset",
            rules.END_BEFORE_START,
            "must not be before bedtime",
        )
        _rule(
            out,
            pc.less_equal(table["wake_time"], table["sleep_onset"]),
            "wake_time",
            rules.END_BEFORE_START,
            "must be after sleep onset",
        )
    if name in ("wakings", "episodes"):
        _rule(out, pc.less(table["latency_min"], 0), "latency_min", "negative", "must be >= 0")
        _rule(out, pc.less(table["fuss_cry_min"], 0), "fuss_cry_min", "negative", "must be >= 0")
        # An episode's end may be null (nobody saw it end); null breaks no rule.
        _rule(
            out,
            pc.less_equal(table["end"], table["start"]),
            "end",
            rules.END_BEFORE_START,
            "must be after the start",
        )
    if name == "wakings":
        _check_no_overlap(out, table)
    if name == "episodes":
        peak = table["peak_distress"]
        _rule(
            out,
            pc.or_(pc.less(peak, 0), pc.greater(peak, 10)),
            "peak_distress",
            "out_of_range",
            "must be between 0 and 10",
        )
        _rule(
            out, pc.less(table["minutes_to_calm"], 0), "minutes_to_calm", "negative", "must be >= 0"
        )
    return out


def _check_no_overlap(out: list[Violation], table: pa.Table) -> None:
    child = np.asarray(table["child_id"])
    start = np.asarray(pc.cast(table["start"], pa.int64()))
    end = np.asarray(pc.cast(table["end"], pa.int64()))
    order = np.lexsort((start, child))
    same_child = child[order][1:] == child[order][:-1]
    overlap = same_child & (start[order][1:] < end[order][:-1])
    rows = order[1:][overlap]
    if rows.size:
        listed = ", ".join(str(int(r)) for r in rows[:5])
        out.append(
            Violation(
                "start",
                rules.OVERLAPS,
                f"overlaps another waking of the same child (rows {listed})",
            )
        )


def check_waking_in_nights(nights: pa.Table, wakings: pa.Table) -> list[Violation]:
    """Every waking lies inside the night of the same child and evening."""
    key = ["child_id", "age_days"]
    joined = wakings.select([*key, "start", "end"]).join(
        nights.select([*key, "sleep_onset", "wake_time"]), keys=key, join_type="left outer"
    )
    outside = pc.or_(
        pc.or_(pc.is_null(joined["sleep_onset"]), pc.less(joined["start"], joined["sleep_onset"])),
        pc.greater(joined["end"], joined["wake_time"]),
    )
    out: list[Violation] = []
    _rule(
        out,
        outside,
        "start",
        rules.OUTSIDE_NIGHT,
        "a waking must fall between sleep onset and the final wake",
    )
    return out
