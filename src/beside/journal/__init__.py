"""The family journal's store: SQLAlchemy models, migrations and repository functions.

SQLite by default (a file in the user's data folder, WAL), PostgreSQL when a URL is given.
Times are instants, stored in UTC and shown in the household's time zone.
"""
