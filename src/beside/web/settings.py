"""Settings that document themselves; nothing is read at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class Settings:
    database_url: str | None = field(
        default=None,
        metadata={
            "help": "SQLAlchemy URL; default: the SQLite journal file",
            "env": "BESIDE_DATABASE_URL",
        },
    )
    token_ttl_days: int = field(
        default=365, metadata={"help": "days an API token lives", "env": "BESIDE_TOKEN_TTL_DAYS"}
    )

    @classmethod
    def from_env(cls) -> Settings:
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(str(f.metadata["env"]))
            if raw is not None:
                values[f.name] = int(raw) if f.type == "int" else raw
        return cls(**values)  # type: ignore[arg-type]
