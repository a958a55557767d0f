"""The journal document (issue 10, item 8): one typed model, its published JSON Schema, and
every field of every entry named at once when a document is wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from beside.errors import ValidationFailed
from beside.records.document import (
    JournalDocument,
    document_from_json_data,
    json_schema,
    json_schema_text,
    parse_document,
)

PUBLISHED = Path(__file__).parents[2] / "docs/journal-document.schema.json"


def _document(**more: Any) -> dict[str, Any]:
    return {
        "format": "beside-journal",
        "version": 2,
        "children": [{"id": "c1", "name": "Noor", "birth_date": "2025-03-01"}],
        "episodes": [
            {
                "id": "e1",
                "child": "c1",
                "start": "2025-09-01T18:00:00+02:00",
                "end": "2025-09-01T18:09:00+02:00",
                "peak_distress": 6,
            }
        ],
        "nights": [
            {
                "id": "n1",
                "child": "c1",
                "bedtime": "2025-09-01T19:30:00+02:00",
                "sleep_onset": "2025-09-01T19:50:00+02:00",
                "wake_time": "2025-09-02T06:30:00+02:00",
                "wakings": [
                    {"start": "2025-09-02T01:00:00+02:00", "end": "2025-09-02T01:10:00+02:00"}
                ],
            }
        ],
        **more,
    }


def test_the_published_schema_is_the_models() -> None:
    assert PUBLISHED.read_text(encoding="utf-8") == json_schema_text(), (
        "regenerate docs/journal-document.schema.json from records.document.json_schema_text()"
    )


def test_a_document_the_model_reads_is_one_the_schema_accepts() -> None:
    data = _document()
    document = document_from_json_data(data)
    assert isinstance(document, JournalDocument)
    jsonschema.validate(json.loads(document.model_dump_json()), json_schema())
    jsonschema.validate(data, json_schema())


def test_every_bad_field_of_every_entry_is_named_at_once() -> None:
    data = _document()
    data["episodes"].append(dict(data["episodes"][0], id="e2", peak_distress=11))
    data["nights"][0]["wakings"][0]["end"] = "2025-09-02T00:00:00+02:00"
    data["children"][0]["shoe_size"] = 3
    with pytest.raises(ValidationFailed) as exc:
        document_from_json_data(data)
    fields = {v.field for v in exc.value.violations}
    assert fields == {
        "episodes[1].peak_distress",
        "nights[0].wakings[0].end",
        "children[0].shoe_size",
    }


def test_a_file_that_is_no_journal_document_gets_one_line() -> None:
    for text in ('{"format": "babybuddy"}', "[1, 2]", '{"format": "beside-journal", "version": 9}'):
        with pytest.raises(ValidationFailed) as exc:
            parse_document(text)
        assert [(v.field, v.code) for v in exc.value.violations] == [("format", "unknown_format")]
    with pytest.raises(ValidationFailed) as exc:
        parse_document("not json")
    assert [v.code for v in exc.value.violations] == ["invalid_json"]


def test_a_version_1_document_names_children_by_ref() -> None:
    data = _document(version=1)
    data["children"][0] = {"ref": "c1", "name": "Noor", "birth_date": "2025-03-01"}
    document = document_from_json_data(data)
    assert document.children[0].ref == "c1"
    assert document.children[0].id is None
