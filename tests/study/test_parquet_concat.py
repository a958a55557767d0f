"""Joining Parquet parts by their bytes: the joined file reads back as the parts, in order."""

import struct
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from beside.model.cohort import StudyDesign
from beside.model.engine import simulate_chunk
from beside.model.params import default_params
from beside.study.parquet_concat import (
    ParquetConcat,
    ParquetFormatError,
    decode_footer,
    encode_footer,
)
from beside.study.runs import RAW_TABLES as TABLES
from beside.study.runs import _Writers


def _parts(folder: Path) -> list[Path]:
    """Three chunks of a small study, written the way a worker writes its parts."""
    design = StudyDesign(children=45, months=1.5, seed=8)
    out = []
    for first in (0, 15, 30):
        part = folder / f"part-{first}"
        part.mkdir()
        writers = _Writers(part, "none", TABLES)
        for name, table in simulate_chunk(
            default_params(), design, first_id=first, size=15
        ).items():
            writers.write(name, table)
        writers.close()
        out.append(part)
    return out


def _same(a: pa.Table, b: pa.Table) -> bool:
    """Equal column by column, NaN equal to NaN (latency_min is NaN when nobody came)."""
    if a.schema != b.schema or a.num_rows != b.num_rows:
        return False
    for name in a.column_names:
        x, y = a[name].combine_chunks(), b[name].combine_chunks()
        if pa.types.is_floating(x.type):
            if not np.array_equal(np.asarray(x), np.asarray(y), equal_nan=True):
                return False
        elif not x.equals(y):
            return False
    return True


def test_footers_decode_and_encode_to_the_same_bytes(tmp_path: Path) -> None:
    part = _parts(tmp_path)[0]
    for name in TABLES:
        data = (part / f"{name}.parquet").read_bytes()
        length = struct.unpack("<i", data[-8:-4])[0]
        raw = data[-8 - length : -8]
        assert encode_footer(decode_footer(raw)) == raw, name


def test_joined_file_reads_back_as_the_parts_in_order(tmp_path: Path) -> None:
    parts = _parts(tmp_path)
    for name in TABLES:
        joined = ParquetConcat(tmp_path / f"{name}.parquet")
        for part in parts:
            joined.append(part / f"{name}.parquet")
        joined.close()
        want = pa.concat_tables([pq.read_table(part / f"{name}.parquet") for part in parts])
        got = pq.read_table(tmp_path / f"{name}.parquet")
        assert _same(got, want), name
        meta = pq.ParquetFile(tmp_path / f"{name}.parquet").metadata
        assert meta.num_rows == want.num_rows == joined.num_rows
        assert meta.num_row_groups == 3
        # Row-group statistics survive, moved with their pages: filters still work.
        first_ids = [meta.row_group(i).column(0).statistics.min for i in range(3)]
        assert first_ids == [0, 15, 30], name


def test_a_part_with_another_schema_is_refused(tmp_path: Path) -> None:
    parts = _parts(tmp_path)
    joined = ParquetConcat(tmp_path / "mixed.parquet")
    joined.append(parts[0] / "nights.parquet")
    with pytest.raises(ParquetFormatError, match="another schema"):
        joined.append(parts[1] / "wakings.parquet")
    joined.discard()


def test_a_file_that_is_not_parquet_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.parquet"
    bogus.write_bytes(b"PAR1" + b"\0" * 40)
    joined = ParquetConcat(tmp_path / "out.parquet")
    with pytest.raises(ParquetFormatError, match="not a plain"):
        joined.append(bogus)
    joined.discard()
