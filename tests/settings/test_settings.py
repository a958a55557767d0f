"""One settings object (issue 10, item 7): documented, read by CLI and server alike."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from beside.errors import ConfigError
from beside.journal.migrate import alembic_config
from beside.settings import Settings, load, settings_markdown

DOCS = Path(__file__).parents[2] / "docs" / "settings.md"


def test_every_setting_is_documented_with_its_default() -> None:
    text = DOCS.read_text(encoding="utf-8")
    table = text.split("<!-- settings:start -->\n")[1].split("<!-- settings:end -->")[0]
    assert table == settings_markdown(), "regenerate docs/settings.md from settings_markdown()"
    for name in Settings.model_fields:
        assert f"`BESIDE_{name.upper()}`" in table


def test_a_bad_setting_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BESIDE_TOKEN_TTL_DAYS", "0")
    with pytest.raises(ConfigError) as exc:
        load()
    assert exc.value.message.startswith("BESIDE_TOKEN_TTL_DAYS:")
    done = subprocess.run(
        [sys.executable, "-c", "from beside.cli import main; main()", "serve"],
        capture_output=True,
        text=True,
        env={"BESIDE_TOKEN_TTL_DAYS": "soon", "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1
    assert "BESIDE_TOKEN_TTL_DAYS" in done.stderr


def test_an_option_overrides_its_setting_and_none_means_not_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BESIDE_PORT", "9000")
    assert load().port == 9000
    assert load(port=None).port == 9000
    assert load(port=8123).port == 8123


def test_the_sqlite_journal_lives_in_the_data_home_privately(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("BESIDE_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    url = load().journal_url()
    assert url == f"sqlite+pysqlite:///{tmp_path / 'beside' / 'journal.db'}"
    assert (tmp_path / "beside").stat().st_mode & 0o077 == 0


def test_migrations_never_see_the_database_url() -> None:
    """journal/migrate.py wrote the URL, password and all, into Alembic's config."""
    assert alembic_config().get_main_option("sqlalchemy.url") is None
