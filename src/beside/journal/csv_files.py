"""CSV export and import: one file per record type, the same content as the JSON document.

Import converts each cell by the record's field type (CSV has only text), builds the journal
document (``records.document``) and imports it all-or-nothing; every bad row is reported as
``file line N: field``.
Every record carries its stable ``id`` (as in the JSON document, so a second import finds
it); wakings name their ``night`` by its id. Files from before ids (a ``ref`` column
instead) still import, as new records.
"""

from __future__ import annotations

import csv
import io
import types
import typing
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from beside.errors import ValidationFailed, Violation
from beside.journal import export, transfer
from beside.records.document import document_from_json_data
from beside.records.models import Child, Episode, Nap, Night, Waking

COLUMNS: dict[str, tuple[str, ...]] = {
    "children.csv": ("id", *export.CHILD_FIELDS),
    "episodes.csv": ("id", "child", *export.EPISODE_FIELDS, "logged_by", "logged_at"),
    "nights.csv": ("id", "child", *export.NIGHT_FIELDS, "logged_by", "logged_at"),
    "wakings.csv": ("night", *export.WAKING_FIELDS),
    "naps.csv": ("id", "child", *export.NAP_FIELDS, "logged_by", "logged_at"),
    "notes.csv": ("id", "child", "text", "tags", "written_at", "author"),
}
MODELS: dict[str, type[BaseModel]] = {
    "children.csv": Child,
    "episodes.csv": Episode,
    "nights.csv": Night,
    "wakings.csv": Waking,
    "naps.csv": Nap,
}


def export_csv(s: Session, household_id: str, *, with_emails: bool = False) -> dict[str, str]:
    doc = export.export_household(s, household_id, with_emails=with_emails).model_dump(mode="json")
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in COLUMNS}
    rows["children.csv"] = doc["children"]
    rows["episodes.csv"] = doc["episodes"]
    for night in doc["nights"]:
        rows["nights.csv"].append(night)
        rows["wakings.csv"].extend({**w, "night": night["id"]} for w in night["wakings"])
    rows["naps.csv"] = doc["naps"]
    rows["notes.csv"] = [{**n, "tags": ";".join(n["tags"])} for n in doc["notes"]]
    return {name: _write(COLUMNS[name], rows[name]) for name in COLUMNS}


def _write(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _safe_cell(row.get(k)) for k in columns})
    return out.getvalue()


#: What a spreadsheet reads as the start of a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula (a note ``=HYPERLINK(...)``)
    gets a leading ``'``, which the spreadsheet shows as text and import takes off again
    (issue 11). Numbers and times never start so: only text is touched."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(model: type[BaseModel] | None, name: str, text: str) -> Any:
    """Text to the JSON value the record expects (by the field's annotation)."""
    if text == "":
        return None
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]  # written so by _safe_cell
    field = model.model_fields.get(name) if model else None
    kinds = _kinds(field.annotation) if field is not None else {str}
    if bool in kinds:
        return {"true": True, "false": False, "True": True, "False": False}.get(text, text)
    if int in kinds and float not in kinds:
        return int(text) if text.lstrip("-").isdigit() else text
    if float in kinds:
        try:
            return float(text)
        except ValueError:
            return text
    return text


def _kinds(annotation: Any) -> set[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _kinds(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return set().union(*(_kinds(a) for a in typing.get_args(annotation)))
    return {annotation}


def _read(name: str, text: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    model = MODELS.get(name)
    rows = []
    for row in reader:
        values = {k: _cell(model, k, v or "") for k, v in row.items() if k is not None}
        rows.append((reader.line_num, {k: v for k, v in values.items() if v is not None}))
    return rows


def import_csv(
    s: Session,
    household_id: str,
    files: Mapping[str, str],
    *,
    by: str,
    now: datetime,
    merge: bool = False,
) -> dict[str, int]:
    """Import the CSV files into ``household_id``, all or nothing."""
    read = {name: _read(name, files.get(name, "")) for name in COLUMNS}
    places: dict[str, tuple[str, int]] = {}

    def place(kind: str, index: int, file: str, line: int) -> None:
        places[f"{kind}[{index}]"] = (file, line)

    nights: list[dict[str, Any]] = []
    by_ref: dict[str, dict[str, Any]] = {}
    for i, (line, row) in enumerate(read["nights.csv"]):
        night = {**row, "wakings": []}
        nights.append(night)
        by_ref[str(row.get("id", row.get("ref")))] = night
        place("nights", i, "nights.csv", line)
    orphans: list[Violation] = []
    for line, row in read["wakings.csv"]:
        owner = by_ref.get(str(row.pop("night", "")))
        if owner is None:
            orphans.append(
                Violation(
                    f"wakings.csv line {line}: night",
                    "unknown_night",
                    "names no night in nights.csv",
                )
            )
        else:
            owner["wakings"].append(row)
    notes = []
    for i, (line, row) in enumerate(read["notes.csv"]):
        tags = row.get("tags")
        notes.append({**row, "tags": str(tags).split(";") if tags else []})
        place("notes", i, "notes.csv", line)
    for kind in ("children", "episodes", "naps"):
        for i, (line, _) in enumerate(read[f"{kind}.csv"]):
            place(kind, i, f"{kind}.csv", line)
    with_ids = any("id" in row for _, row in read["children.csv"])
    data = {
        "format": transfer.FORMAT,
        "version": transfer.VERSION if with_ids else 1,
        "children": [r for _, r in read["children.csv"]],
        "episodes": [r for _, r in read["episodes.csv"]],
        "nights": nights,
        "naps": [r for _, r in read["naps.csv"]],
        "notes": notes,
    }
    savepoint = s.begin_nested()
    bad = list(orphans)
    counts: dict[str, int] = {}
    try:
        document = document_from_json_data(data)
        counts = transfer.import_household(s, household_id, document, by=by, now=now, merge=merge)
    except ValidationFailed as exc:
        bad.extend(_at_line(v, places) for v in exc.violations)
    if bad:
        savepoint.rollback()
        raise ValidationFailed(bad)
    return counts


def _at_line(v: Violation, places: dict[str, tuple[str, int]]) -> Violation:
    head, _, rest = v.field.partition(".")
    if head in places:
        file, line = places[head]
        return Violation(f"{file} line {line}: {rest}", v.code, v.message)
    return v
