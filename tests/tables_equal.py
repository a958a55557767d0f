"""Comparing record tables by content: canonical row order, NaN equal to NaN."""

import pyarrow as pa
import pyarrow.compute as pc

KEYS = {
    "children": ["child_id"],
    "nights": ["child_id", "age_days"],
    "wakings": ["child_id", "start"],
    "episodes": ["child_id", "start", "peak_distress"],
}


def canonical(name: str, table: pa.Table) -> pa.Table:
    table = table.sort_by([(k, "ascending") for k in KEYS[name]])
    for i, field in enumerate(table.schema):
        if pa.types.is_floating(field.type):
            col = table.column(i)
            sentinel = pa.scalar(-1.0, field.type)
            table = table.set_column(i, field, pc.if_else(pc.is_nan(col), sentinel, col))
    return table


def same_records(name: str, a: pa.Table, b: pa.Table) -> bool:
    return bool(canonical(name, a).equals(canonical(name, b)))
