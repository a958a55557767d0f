"""The journal document: a household's records as one typed, versioned JSON document.

Export writes it, import reads it, and the CSV and Baby Buddy imports build it: one model
instead of three hand-built dictionaries with their own checks (issue 10). Each entry is its
record (the same fields and rules as the API) with what the document adds: a stable ``id``
so that a second import finds what the first one added, the child it belongs to (by that
child's ``id``), and who logged it when. The JSON Schema published in
``docs/journal-document.schema.json`` is this model's (a test holds them equal).

Version 1 documents had no record ids; a child had a ``ref`` used only inside the document.
They still parse, and import as new records.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from beside.errors import ValidationFailed, Violation
from beside.records.models import Child, Episode, Nap, Night, Note, Record
from beside.records.rules import violations_from_pydantic
from beside.records.text import PlainText
from beside.records.times import Instant

FORMAT: Final = "beside-journal"
VERSION: Final = 2
READABLE_VERSIONS = (1, 2)
UNKNOWN_FORMAT = "unknown_format"

#: A record's id in a document: the store's, or the one it was imported with.
RecordId = Annotated[str, Field(min_length=1, max_length=120)]
#: The fields an entry adds to its record (never stored as record fields).
ENTRY_FIELDS = frozenset({"id", "ref", "child", "logged_by", "logged_at", "author"})


class _Logged(Record):
    """What an entry of a child's journal carries beside its record."""

    id: RecordId | None = Field(default=None, description="stable across export and import")
    child: RecordId = Field(description="the id of the child in this document")
    logged_by: Annotated[str, Field(max_length=320)] | None = Field(
        default=None, description="the email of the account that logged it"
    )
    logged_at: Instant | None = Field(
        default=None, description="when it was first logged; now, if not given"
    )


class ChildEntry(Child):
    id: RecordId | None = Field(default=None, description="stable across export and import")
    ref: RecordId | None = Field(default=None, description="version 1: the id in the document")


class EpisodeEntry(_Logged, Episode):
    pass


class NightEntry(_Logged, Night):
    pass


class NapEntry(_Logged, Nap):
    pass


class NoteEntry(Note):
    id: RecordId | None = Field(default=None, description="stable across export and import")
    child: RecordId | None = Field(default=None, description="none: about the household")
    author: Annotated[str, Field(max_length=320)] | None = None


class DocumentHousehold(Record):
    name: Annotated[PlainText, Field(min_length=1, max_length=120)]
    time_zone: Annotated[str, Field(min_length=1, max_length=64)]


class JournalDocument(Record):
    """Everything a household logged. Entries name their child by the child's ``id``."""

    format: Literal["beside-journal"]
    version: Literal[1, 2]
    household: DocumentHousehold | None = None
    children: tuple[ChildEntry, ...] = ()
    episodes: tuple[EpisodeEntry, ...] = ()
    nights: tuple[NightEntry, ...] = ()
    naps: tuple[NapEntry, ...] = ()
    notes: tuple[NoteEntry, ...] = ()


_DOCUMENT = TypeAdapter(JournalDocument)


def _format_is_known(data: Any) -> None:
    """A file that is not a journal document at all gets one line, not one per field."""
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or data.get("version") not in READABLE_VERSIONS
    ):
        expected = f"expected a {FORMAT} document, version {VERSION}"
        raise ValidationFailed([Violation("format", UNKNOWN_FORMAT, expected)])


def parse_document(text: str | bytes) -> JournalDocument:
    """A document from its JSON text; every bad field of every entry is named by its place
    (``episodes[12].peak_distress``), all at once."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ValidationFailed(
            [Violation("document", "invalid_json", "is not JSON: send the export document")]
        ) from None
    except RecursionError:  # nested deeper than any document (issue 11: a 500)
        raise ValidationFailed(
            [Violation("document", "too_deep", "is nested deeper than a journal document")]
        ) from None
    except ValueError:  # an integer of thousands of digits (issue 11: a 500)
        raise ValidationFailed(
            [Violation("document", "number_too_long", "holds a number with thousands of digits")]
        ) from None
    return document_from_json_data(data, text)


def document_from_json_data(data: Any, text: str | bytes | None = None) -> JournalDocument:
    """A document from JSON-shaped data (strings for times, as in the file): what the CSV
    and Baby Buddy readers build."""
    _format_is_known(data)
    try:
        return _DOCUMENT.validate_json(text if text is not None else json.dumps(data))
    except ValidationError as exc:
        raise ValidationFailed(violations_from_pydantic(exc)) from None


def record_values(entry: BaseModel) -> dict[str, Any]:
    """An entry's record fields (what the store keeps as the record), without what the
    document adds."""
    return entry.model_dump(exclude=set(ENTRY_FIELDS))


def json_schema() -> dict[str, Any]:
    return JournalDocument.model_json_schema(mode="validation")


def json_schema_text() -> str:
    """The published schema, as ``docs/journal-document.schema.json`` holds it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


__all__ = [
    "ENTRY_FIELDS",
    "FORMAT",
    "READABLE_VERSIONS",
    "VERSION",
    "ChildEntry",
    "DocumentHousehold",
    "EpisodeEntry",
    "JournalDocument",
    "NapEntry",
    "NightEntry",
    "NoteEntry",
    "document_from_json_data",
    "json_schema",
    "json_schema_text",
    "parse_document",
    "record_values",
]
