"""Import from Baby Buddy (https://docs.baby-buddy.net), the most used self-hosted tracker:
children, sleep entries and notes, read from its REST API or from files saved from it.

Baby Buddy has no nights or wakings, only sleep entries. Entries that are not naps are
grouped into nights the journal's way: by the evening they began (``records.ages.evening_of``,
noon cut-over, in the household's time zone); the gaps between one night's entries become
wakings. Baby Buddy does not say how a waking ended or whether the child called out, so
``resettled_by`` is ``not_recorded`` and ``signalled`` is not recorded either. Naps become
naps, with their text; the text of a night's sleep entry becomes a note.

Times are compared as instants: one server may answer in UTC or in the user's zone from one
request to the next, so wall-clock strings are never compared.

The records go through ``transfer.import_household``: every rule applies, all or nothing,
and a bad entry is named by its Baby Buddy id. Each record is known by its Baby Buddy id
(``babybuddy:sleep:41``), so importing again adds only the entries not seen before.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from beside.errors import SourceError, ValidationFailed, Violation
from beside.journal import entries as entry_store
from beside.journal import households as household_store
from beside.journal import transfer
from beside.records.ages import evening_of
from beside.records.document import JournalDocument, document_from_json_data

PAGE_SIZE = 100
TIMEOUT_S = 20.0
#: Files as saved from the API, one per endpoint (a JSON list, or a page with "results").
FILES = ("children.json", "sleep.json", "notes.json")


@dataclass(slots=True)
class Export:
    """What Baby Buddy holds for a family, as its API returns it."""

    children: list[dict[str, Any]]
    sleep: list[dict[str, Any]]
    notes: list[dict[str, Any]]


@dataclass(slots=True)
class Converted:
    document: JournalDocument
    #: the journal document's place (``nights[3]``) -> the Baby Buddy entries behind it
    places: dict[str, str] = field(default_factory=dict)


# --- reading ------------------------------------------------------------------------------


def read_server(base_url: str, token: str) -> Export:
    """Everything for every child, paging through ``next`` links. The token is only ever
    sent to ``base_url``'s own host, whatever host a ``next`` link names."""
    base = base_url.rstrip("/") + "/"
    children = _all_pages(base, "api/children/", {}, token)
    sleep: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for child in children:
        # the numeric id: Baby Buddy refuses a child's slug in these filters
        query = {"child": str(child["id"])}
        sleep += _all_pages(base, "api/sleep/", query, token)
        notes += _all_pages(base, "api/notes/", query, token)
    return Export(children=children, sleep=sleep, notes=notes)


def _all_pages(base: str, path: str, query: dict[str, str], token: str) -> list[dict[str, Any]]:
    origin = urllib.parse.urlsplit(base)[:2]
    url: str | None = (
        urllib.parse.urljoin(base, path)
        + "?"
        + urllib.parse.urlencode({**query, "limit": PAGE_SIZE, "offset": 0})
    )
    out: list[dict[str, Any]] = []
    while url:
        page = _get(url, token)
        out += _results(page, url)
        url = page.get("next") if isinstance(page, dict) else None
        if url:
            # Behind a reverse proxy Baby Buddy may name itself by another host in "next";
            # the key goes only to the server the user named, so keep just path and query.
            parts = urllib.parse.urlsplit(url)
            url = urllib.parse.urlunsplit((*origin, parts.path, parts.query, ""))
    return out


def _get(url: str, token: str) -> Any:
    request = urllib.request.Request(
        url, headers={"Authorization": f"Token {token}", "Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        hint = " (check the API key)" if exc.code in (401, 403) else ""
        raise SourceError(f"Baby Buddy answered {exc.code} for {url}{hint}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SourceError(f"could not reach Baby Buddy at {url}: {exc}") from None
    except json.JSONDecodeError:
        raise SourceError(f"Baby Buddy's answer for {url} is not JSON") from None


def _results(data: Any, where: str) -> list[dict[str, Any]]:
    items = data.get("results") if isinstance(data, dict) else data
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise SourceError(f"{where}: expected a list of entries, or a page with 'results'")
    return items


def read_files(folder: Path) -> Export:
    """Entries saved from the API: for each of children, sleep and notes (notes may be
    missing), ``children.json``, or the pages one by one as the server returned them
    (``sleep-1.json``, ``sleep-2.json``, ... or a folder ``sleep/`` of pages). Each file holds
    a list, a page, or a list of pages; an entry saved twice (overlapping pages) counts once.
    """
    if not folder.is_dir():
        raise SourceError(f"{folder} is not a folder (expected {', '.join(FILES)} in it)")
    lists: dict[str, list[dict[str, Any]]] = {}
    for name in FILES:
        stem = name.removesuffix(".json")
        paths = _pages_of(folder, stem)
        if not paths and name != "notes.json":
            raise SourceError(
                f"{folder / name} is missing (expected {', '.join(FILES)}, or their pages"
                f" as {stem}-1.json, {stem}-2.json, ...)"
            )
        entries: dict[Any, dict[str, Any]] = {}
        for path in paths:
            for item in _entries_in(path):
                entries.setdefault(item.get("id", len(entries)), item)
        lists[name] = list(entries.values())
    return Export(lists["children.json"], lists["sleep.json"], lists["notes.json"])


def _pages_of(folder: Path, stem: str) -> list[Path]:
    """``stem.json``, ``stem-2.json`` (any name that starts with the stem), ``stem/*.json``,
    in natural order (page 10 after page 9)."""
    # "sleep" must not take "sleepy.json": after the stem, a separator or nothing
    found = [
        p
        for p in folder.glob(f"{stem}*.json")
        if p.is_file() and (p.stem == stem or not p.stem[len(stem)].isalpha())
    ]
    if (folder / stem).is_dir():
        found += [p for p in (folder / stem).glob("*.json") if p.is_file()]

    def natural(path: Path) -> list[Any]:
        return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", str(path))]

    return sorted(found, key=natural)


def _entries_in(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise SourceError(f"{path} is not JSON") from None
    except OSError as exc:
        raise SourceError(f"{path} cannot be read: {exc.strerror}") from None
    pages = (
        data
        if isinstance(data, list) and data and isinstance(data[0], dict) and "results" in data[0]
        else [data]
    )
    return [item for page in pages for item in _results(page, str(path))]


# --- converting ---------------------------------------------------------------------------


def _instant(value: Any, where: str, bad: list[Violation]) -> datetime | None:
    if not isinstance(value, str):
        bad.append(Violation(where, "missing", "needs a time"))
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        bad.append(Violation(where, "invalid_time", f"{value!r} is not an ISO 8601 time"))
        return None
    if when.tzinfo is None:
        bad.append(Violation(where, entry_store.NEEDS_TIME_ZONE, "has no offset, so no instant"))
        return None
    return when


def _tags(raw: Any) -> list[str]:
    if not isinstance(raw, list):
        return []
    return [str(t.get("name", "")) if isinstance(t, dict) else str(t) for t in raw if t]


def _key(kind: str, baby_buddy_id: Any) -> str:
    """The stable id of an imported entry: Baby Buddy's own, named by its kind, so that a
    second import finds what the first one added."""
    return f"babybuddy:{kind}:{baby_buddy_id}"


def convert(source: Export, tz: ZoneInfo) -> Converted:
    """A ``beside-journal`` document holding Baby Buddy's records."""
    bad: list[Violation] = []
    places: dict[str, str] = {}
    doc: dict[str, Any] = {
        "format": transfer.FORMAT,
        "version": transfer.VERSION,
        "children": [],
        "episodes": [],
        "nights": [],
        "naps": [],
        "notes": [],
    }
    known: dict[str, str] = {}  # Baby Buddy's child id -> the child's key
    for c in source.children:
        ref = str(c.get("id"))
        known[ref] = _key("child", ref)
        name = " ".join(str(c.get(k) or "").strip() for k in ("first_name", "last_name")).strip()
        places[f"children[{len(doc['children'])}]"] = f"child {ref}"
        doc["children"].append({"id": known[ref], "name": name, "birth_date": c.get("birth_date")})

    by_evening: dict[tuple[str, date], list[tuple[datetime, datetime, dict[str, Any]]]]
    by_evening = defaultdict(list)
    for entry in source.sleep:
        where = f"sleep {entry.get('id')}"
        if str(entry.get("child")) not in known:
            bad.append(Violation(f"{where}.child", "unknown_child", "names no child exported"))
            continue
        child = known[str(entry.get("child"))]
        start = _instant(entry.get("start"), f"{where}.start", bad)
        end = _instant(entry.get("end"), f"{where}.end", bad)
        if entry.get("nap"):
            if start is not None and end is not None:
                places[f"naps[{len(doc['naps'])}]"] = where
                doc["naps"].append(
                    {
                        "id": _key("sleep", entry.get("id")),
                        "child": child,
                        "start": start.isoformat(),
                        "end": end.isoformat(),
                        "notes": str(entry.get("notes") or ""),
                    }
                )
            continue
        written = end or start
        if entry.get("notes"):
            doc["notes"].append(
                {
                    "id": _key("sleep-note", entry.get("id")),
                    "child": child,
                    "text": str(entry["notes"]),
                    "tags": ["sleep", *_tags(entry.get("tags"))],
                    "written_at": written.isoformat() if written else None,
                }
            )
        if start is None or end is None:
            continue
        by_evening[(child, evening_of(start, tz))].append((start, end, entry))

    for (child, _evening), entries in sorted(by_evening.items()):
        entries.sort(key=lambda e: e[0])  # instants, whatever offset each was written in
        wakings = [
            {
                "start": prev_end.isoformat(),
                "end": start.isoformat(),
                "resettled_by": "not_recorded",
            }
            for (_, prev_end, _), (start, _, _) in pairwise(entries)
            if start > prev_end
        ]
        place = f"nights[{len(doc['nights'])}]"
        ids = ", ".join(str(e[2].get("id")) for e in entries)
        places[place] = f"sleep {ids}"
        doc["nights"].append(
            {
                # a night is known by its first sleep entry: a night imported once is not
                # extended by entries added to it later in Baby Buddy
                "id": _key("sleep", entries[0][2].get("id")),
                "child": child,
                "bedtime": entries[0][0].isoformat(),
                "sleep_onset": entries[0][0].isoformat(),
                "wake_time": max(e[1] for e in entries).isoformat(),
                "wakings": wakings,
            }
        )

    for note in source.notes:
        where = f"note {note.get('id')}"
        when = _instant(note.get("time"), f"{where}.time", bad)
        about = str(note.get("child")) if note.get("child") is not None else None
        if about is not None and about not in known:
            bad.append(Violation(f"{where}.child", "unknown_child", "names no child exported"))
            continue
        doc["notes"].append(
            {
                "id": _key("note", note.get("id")),
                "child": None if about is None else known[about],
                "text": str(note.get("note") or ""),
                "tags": _tags(note.get("tags")),
                "written_at": when.isoformat() if when else None,
            }
        )
    if bad:
        raise ValidationFailed(bad)
    try:
        return Converted(document_from_json_data(doc), places)
    except ValidationFailed as exc:
        raise ValidationFailed([_named(v, places) for v in exc.violations]) from None


def import_babybuddy(
    s: Session, household_id: str, source: Export, *, by: str, now: datetime
) -> dict[str, int]:
    """All or nothing, like every import; returns counts per record type. Run again, it
    adds only the entries it has not seen before (``unchanged`` counts the others)."""
    tz = household_store.household_zone(s, household_id)
    converted = convert(source, tz)
    try:
        counts = transfer.import_household(
            s, household_id, converted.document, by=by, now=now, merge=True
        )
    except ValidationFailed as exc:
        raise ValidationFailed([_named(v, converted.places) for v in exc.violations]) from None
    return counts


def _named(v: Violation, places: dict[str, str]) -> Violation:
    """``nights[3].wakings[0].end`` -> ``sleep 41, 42.wakings[0].end``: Baby Buddy's ids."""
    head, dot, rest = v.field.partition(".")
    return Violation(places.get(head, head) + dot + rest, v.code, v.message)
