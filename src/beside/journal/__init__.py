"""The family journal's store: SQLAlchemy models, migrations, and one module per aggregate
(``households`` and ``members``, ``accounts``, ``children``, ``episodes``, ``nights`` with
their wakings, ``naps``, ``notes``), with what every entry shares in ``entries``.

SQLite by default (a file in the user's data folder, WAL), PostgreSQL when a URL is given.
Times are instants, stored in UTC and shown in the household's time zone.
"""
