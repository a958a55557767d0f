"""Beside's settings: one object, read once from the environment (``BESIDE_*``), by the
command line and the web server alike. Every setting is listed with its default in
docs/settings.md (a test fails when one is not). Nothing is read at import time.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from beside.errors import ConfigError


class Settings(BaseSettings):
    """What an operator may set. Command-line options override these for one run."""

    model_config = SettingsConfigDict(
        env_prefix="BESIDE_", frozen=True, extra="ignore", env_ignore_empty=True
    )

    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the journal (postgresql://... for a practice);"
        " default: the SQLite journal file in data_home",
    )
    data_home: Path | None = Field(
        default=None,
        validation_alias=AliasChoices("BESIDE_DATA_HOME", "XDG_DATA_HOME"),
        description="folder under which beside/journal.db is kept; default: XDG_DATA_HOME,"
        " else ~/.local/share",
    )
    token_ttl_days: Annotated[int, Field(ge=1, le=365)] = Field(
        default=90,
        description="days an API token lives at most (1 to 365; a token may ask for fewer)",
    )
    session_days: Annotated[int, Field(ge=1, le=90)] = Field(
        default=30, description="days a page session lasts after signing in (1 to 90)"
    )
    session_idle_hours: Annotated[int, Field(ge=1, le=720)] = Field(
        default=168,
        description="hours a page session may go unused before it ends (1 to 720;"
        " docs/security.md says why not ASVS's 30 minutes)",
    )
    host: str = Field(default="127.0.0.1", description="address beside serve listens on")
    port: Annotated[int, Field(ge=1, le=65535)] = Field(
        default=8000, description="port beside serve listens on"
    )
    workers: Annotated[int, Field(ge=1, le=32)] = Field(
        default=1,
        description="server processes beside serve starts over the one database (1 to 32)",
    )
    babybuddy_token: SecretStr | None = Field(
        default=None,
        description="API key for beside import-babybuddy --url (else read from standard input)",
    )

    def session_ttl(self) -> timedelta:
        return timedelta(days=self.session_days)

    def session_idle(self) -> timedelta:
        return timedelta(hours=self.session_idle_hours)

    def environment(self) -> dict[str, str]:
        """These settings as ``BESIDE_*`` variables, for server processes that read their
        own (``beside serve --workers``); the database is named even when it is the
        default file. Secrets not needed to serve stay out."""
        values = self.model_dump(exclude={"babybuddy_token", "data_home"}, exclude_none=True)
        values["database_url"] = self.journal_url()
        return {f"BESIDE_{name.upper()}": _env_text(value) for name, value in values.items()}

    def journal_path(self) -> Path:
        """The SQLite journal file used when no database_url is set."""
        base = self.data_home or Path.home() / ".local" / "share"
        return base / "beside" / "journal.db"

    def journal_url(self) -> str:
        """The database to use: database_url, else the SQLite journal (its folder made,
        private to the user)."""
        if self.database_url:
            return self.database_url
        path = self.journal_path()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return f"sqlite+pysqlite:///{path}"


def _env_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | frozenset | set):
        return ",".join(str(v) for v in value)
    return str(value)


def load(**overrides: Any) -> Settings:
    """The settings from the environment, with the options given for this run (None: not
    given) on top. A bad value is a ``ConfigError`` naming its variable and the rule."""
    given = {name: value for name, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "settings"
        variable = name if name.isupper() else f"BESIDE_{name.upper()}"
        raise ConfigError(f"{variable}: {first['msg']}", field=name) from None


def settings_markdown() -> str:
    """The table in docs/settings.md: every setting, its variable, default and meaning."""
    lines = ["| variable | default | what it sets |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        default = "none" if field.default is None else f"`{field.default}`"
        lines.append(f"| `BESIDE_{name.upper()}` | {default} | {field.description} |")
    return "\n".join(lines) + "\n"
