"""Beside's settings: one object, read once from the environment (``BESIDE_*``), by the
command line and the web server alike. Every setting is listed with its default in
docs/settings.md (a test fails when one is not). Nothing is read at import time.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
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
    public_url: str | None = Field(
        default=None,
        description="the address people open, as https://host[:port] when a TLS proxy serves"
        " Beside (docs/security.md); its host is allowed, its origin is the only one whose"
        " pages may write, and https makes the cookies Secure and __Host-",
    )
    trusted_proxies: str = Field(
        default="",
        description="comma-separated addresses or networks of reverse proxies whose"
        " X-Forwarded-For and X-Forwarded-Proto are believed; default: none",
    )
    allowed_hosts: str = Field(
        default="",
        description="comma-separated host names a request may name besides localhost, IP"
        " addresses and public_url's host (a guard against DNS rebinding)",
    )
    secure_cookies: bool = Field(
        default=False,
        description="Secure and __Host- cookies even when a request arrives over plain http"
        " (a TLS proxy on another machine that sends no X-Forwarded-Proto)",
    )
    header_timeout_s: Annotated[int, Field(ge=1, le=120)] = Field(
        default=10,
        description="seconds beside serve waits for a request's headers (1 to 120)",
    )
    body_timeout_s: Annotated[int, Field(ge=1, le=3600)] = Field(
        default=120,
        description="seconds beside serve waits for a request's whole body (1 to 3600;"
        " a 64 MiB import needs about 4.5 Mbit/s in 120 s)",
    )
    babybuddy_token: SecretStr | None = Field(
        default=None,
        description="API key for beside import-babybuddy --url (else read from standard input)",
    )

    @field_validator("public_url")
    @classmethod
    def _origin_only(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be http://host[:port] or https://host[:port]")
        if parts.path.strip("/") or parts.query or parts.fragment or parts.username:
            raise ValueError("must name the origin only (scheme, host, port), no path")
        return f"{parts.scheme}://{parts.netloc.lower()}"

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        for item in _items(value):
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"{item!r} is not an IP address or network") from None
        return value

    def proxy_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(
            ipaddress.ip_network(item, strict=False) for item in _items(self.trusted_proxies)
        )

    def host_names(self) -> frozenset[str]:
        """Host names (no port) a request may name, besides IP addresses and localhost."""
        names = {name.lower() for name in _items(self.allowed_hosts)}
        if self.public_url:
            names.add(urlsplit(self.public_url).hostname or "")
        return frozenset(names - {""})

    def cookies_secure(self) -> bool:
        """Whether every cookie is Secure whatever the request's scheme."""
        return self.secure_cookies or (self.public_url or "").startswith("https://")

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


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


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
        default = "none" if field.default in (None, "") else f"`{field.default}`"
        lines.append(f"| `BESIDE_{name.upper()}` | {default} | {field.description} |")
    return "\n".join(lines) + "\n"
