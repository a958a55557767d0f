"""Run the journal's migrations, and check they match the models (``alembic check``)."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine


def alembic_config() -> Config:
    """Alembic's configuration, without a URL: migrations run on the connection they are
    given (``attributes["connection"]``), so the password never enters a config object."""
    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("beside.journal").joinpath("migrations"))
    )
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def check(engine: Engine) -> None:
    """Raise if the models hold changes no migration covers."""
    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.check(cfg)
