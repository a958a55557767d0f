"""Join Parquet files of one schema into one file, without decoding a single value.

Worker processes each write their chunk of a study as Parquet files of their own; the client
then appends each file's data pages to the output as raw bytes (``copy_file_range``: the
kernel copies, nothing passes through Python) and writes one footer listing every row group,
with the byte offsets moved to where the pages now lie. Re-encoding the same rows in the
client cost more than simulating them (benchmarks/RESULTS.md).

A Parquet file is ``PAR1``, the column chunks, the footer (a Thrift ``FileMetaData`` in the
compact protocol), the footer's length and ``PAR1``. Only offsets, row counts and row-group
ordinals change, so the footer is decoded into plain Python values field by field, patched
and encoded again; fields this module does not know pass through unchanged.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import Any

MAGIC = b"PAR1"

# Compact-protocol type ids (Apache Thrift, TCompactProtocol).
_TRUE, _FALSE, _BYTE, _I16, _I32, _I64, _DOUBLE, _BINARY, _LIST, _SET, _MAP, _STRUCT = range(1, 13)
_INTEGERS = (_I16, _I32, _I64)

# Field ids in parquet.thrift.
_FILE_NUM_ROWS, _FILE_SCHEMA, _FILE_ROW_GROUPS = 3, 2, 4
_RG_COLUMNS, _RG_FILE_OFFSET, _RG_ORDINAL = 1, 5, 7
_CC_FILE_OFFSET, _CC_META, _CC_OFFSET_INDEX, _CC_COLUMN_INDEX = 2, 3, 4, 6
_META_OFFSETS = (9, 10, 11, 14)  # data, index, dictionary page; bloom filter

Field = list[Any]  # [field id, type id, value]; booleans carry type _TRUE


class ParquetFormatError(ValueError):
    """A part is not a Parquet file this module can join."""


def _read_varint(buf: bytes, pos: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _unzigzag(n: int) -> int:
    return (n >> 1) ^ -(n & 1)


def _read_value(buf: bytes, pos: int, kind: int) -> tuple[Any, int]:
    if kind in (_TRUE, _FALSE):  # inside a collection: one byte per element
        return buf[pos] == _TRUE, pos + 1
    if kind == _BYTE:
        return struct.unpack_from("b", buf, pos)[0], pos + 1
    if kind in _INTEGERS:
        raw, pos = _read_varint(buf, pos)
        return _unzigzag(raw), pos
    if kind == _DOUBLE:
        return buf[pos : pos + 8], pos + 8
    if kind == _BINARY:
        size, pos = _read_varint(buf, pos)
        return buf[pos : pos + size], pos + size
    if kind in (_LIST, _SET):
        header = buf[pos]
        pos += 1
        size, element = header >> 4, header & 0x0F
        if size == 15:
            size, pos = _read_varint(buf, pos)
        items = []
        for _ in range(size):
            item, pos = _read_value(buf, pos, element)
            items.append(item)
        return (_TRUE if element == _FALSE else element, items), pos
    if kind == _MAP:
        size, pos = _read_varint(buf, pos)
        if not size:
            return (0, 0, []), pos
        types = buf[pos]
        pos += 1
        key_kind, value_kind = types >> 4, types & 0x0F
        pairs = []
        for _ in range(size):
            key, pos = _read_value(buf, pos, key_kind)
            value, pos = _read_value(buf, pos, value_kind)
            pairs.append((key, value))
        return (key_kind, value_kind, pairs), pos
    if kind == _STRUCT:
        return _read_struct(buf, pos)
    raise ParquetFormatError(f"unknown Thrift type {kind} in a Parquet footer")


def _read_struct(buf: bytes, pos: int) -> tuple[list[Field], int]:
    fields: list[Field] = []
    last = 0
    while True:
        header = buf[pos]
        pos += 1
        if header == 0:
            return fields, pos
        kind, delta = header & 0x0F, header >> 4
        if delta:
            field_id = last + delta
        else:
            raw, pos = _read_varint(buf, pos)
            field_id = _unzigzag(raw)
        if kind in (_TRUE, _FALSE):
            fields.append([field_id, _TRUE, kind == _TRUE])
        else:
            value, pos = _read_value(buf, pos, kind)
            fields.append([field_id, kind, value])
        last = field_id


def _write_varint(out: bytearray, n: int) -> None:
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _zigzag(n: int) -> int:
    return (n << 1) ^ (n >> 63)


def _write_value(out: bytearray, kind: int, value: Any) -> None:
    if kind == _TRUE:
        out.append(_TRUE if value else _FALSE)
    elif kind == _BYTE:
        out += struct.pack("b", value)
    elif kind in _INTEGERS:
        _write_varint(out, _zigzag(value))
    elif kind == _DOUBLE:
        out += value
    elif kind == _BINARY:
        _write_varint(out, len(value))
        out += value
    elif kind in (_LIST, _SET):
        element, items = value
        if len(items) < 15:
            out.append(len(items) << 4 | element)
        else:
            out.append(0xF0 | element)
            _write_varint(out, len(items))
        for item in items:
            _write_value(out, element, item)
    elif kind == _MAP:
        key_kind, value_kind, pairs = value
        _write_varint(out, len(pairs))
        if pairs:
            out.append(key_kind << 4 | value_kind)
            for key, item in pairs:
                _write_value(out, key_kind, key)
                _write_value(out, value_kind, item)
    elif kind == _STRUCT:
        _write_struct(out, value)
    else:
        raise ParquetFormatError(f"unknown Thrift type {kind}")


def _write_struct(out: bytearray, fields: list[Field]) -> None:
    last = 0
    for field_id, kind, value in fields:
        wire = (_TRUE if value else _FALSE) if kind == _TRUE else kind
        delta = field_id - last
        if 0 < delta <= 15:
            out.append(delta << 4 | wire)
        else:
            out.append(wire)
            _write_varint(out, _zigzag(field_id))
        if kind != _TRUE:
            _write_value(out, kind, value)
        last = field_id
    out.append(0)


def decode_footer(raw: bytes) -> list[Field]:
    fields, end = _read_struct(raw, 0)
    if end != len(raw):
        raise ParquetFormatError("the footer has bytes after its end")
    return fields


def encode_footer(fields: list[Field]) -> bytes:
    out = bytearray()
    _write_struct(out, fields)
    return bytes(out)


def _get(fields: list[Field], field_id: int) -> Field | None:
    return next((f for f in fields if f[0] == field_id), None)


def _shift(fields: list[Field], field_ids: tuple[int, ...], by: int) -> None:
    for field in fields:
        if field[0] in field_ids:
            field[2] += by


def read_footer(path: Path) -> tuple[list[Field], int]:
    """The decoded footer of a Parquet file and where its data ends."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size < 12:
            raise ParquetFormatError(f"{path} is too short to be a Parquet file")
        f.seek(size - 8)
        tail = f.read(8)
        length = struct.unpack("<i", tail[:4])[0]
        if tail[4:] != MAGIC or not 0 < length <= size - 12:
            raise ParquetFormatError(f"{path} is not a plain (unencrypted) Parquet file")
        f.seek(size - 8 - length)
        return decode_footer(f.read(length)), size - 8 - length


class ParquetConcat:
    """Append whole Parquet files of one schema to ``path``; ``close`` writes the footer."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._out = open(path, "wb")  # noqa: SIM115 - closed in close()
        self._out.write(MAGIC)
        self._template: list[Field] | None = None
        self._row_groups: list[list[Field]] = []
        self.num_rows = 0

    def append(self, part: Path) -> None:
        """Copy ``part``'s column chunks here and remember its row groups."""
        footer, data_end = read_footer(part)
        schema = _get(footer, _FILE_SCHEMA)
        if self._template is None:
            self._template = footer
        elif schema != _get(self._template, _FILE_SCHEMA):
            raise ParquetFormatError(f"{part} has another schema than the parts before it")
        shift = self._out.tell() - len(MAGIC)
        with open(part, "rb") as source:
            offset, end = len(MAGIC), data_end
            self._out.flush()
            while offset < end:
                copied = os.copy_file_range(
                    source.fileno(), self._out.fileno(), end - offset, offset
                )
                if copied == 0:
                    raise ParquetFormatError(f"{part} ended early")
                offset += copied
            self._out.seek(0, os.SEEK_END)
        groups = _get(footer, _FILE_ROW_GROUPS)
        for group in groups[2][1] if groups else []:
            _shift(group, (_RG_FILE_OFFSET,), shift)
            columns = _get(group, _RG_COLUMNS)
            for chunk in columns[2][1] if columns else []:
                _shift(chunk, (_CC_FILE_OFFSET, _CC_OFFSET_INDEX, _CC_COLUMN_INDEX), shift)
                meta = _get(chunk, _CC_META)
                if meta is not None:
                    _shift(meta[2], _META_OFFSETS, shift)
            self._row_groups.append(group)
        rows = _get(footer, _FILE_NUM_ROWS)
        self.num_rows += rows[2] if rows else 0

    def discard(self) -> None:
        """Give up (the run failed): close the file without a footer; the caller removes it."""
        self._out.close()

    def close(self) -> None:
        """Write the footer: the first part's, with every part's row groups and rows."""
        try:
            if self._template is None:
                raise ParquetFormatError(f"no parts were given for {self.path}")
            for ordinal, group in enumerate(self._row_groups):
                field = _get(group, _RG_ORDINAL)
                if field is not None:
                    field[2] = ordinal
            footer = [list(field) for field in self._template]
            for field in footer:
                if field[0] == _FILE_NUM_ROWS:
                    field[2] = self.num_rows
                elif field[0] == _FILE_ROW_GROUPS:
                    field[2] = (_STRUCT, self._row_groups)
            if _get(footer, _FILE_ROW_GROUPS) is None and self._row_groups:
                raise ParquetFormatError("the first part has no row-group list")
            raw = encode_footer(footer)
            self._out.write(raw)
            self._out.write(struct.pack("<i", len(raw)))
            self._out.write(MAGIC)
        finally:
            self._out.close()
