"""Text and ids as they may enter Beside.

PostgreSQL cannot store a NUL character in text (SQLite can), so one database would keep what
the other refuses with an error: text with NUL is refused here, for both (found by
schemathesis). Ids are the journal's own: 32 lowercase hex digits.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

ID_PATTERN = r"^[0-9a-f]{32}$"


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain a NUL character")
    return value


PlainText = Annotated[str, AfterValidator(_no_nul)]
