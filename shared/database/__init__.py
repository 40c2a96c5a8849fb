"""Database engines for PostgreSQL (production) and SQLite (embedded default)."""

from shared.database.engine import (
    create_engine,
    is_postgresql,
    wait_for_database,
    write_transaction,
)

__all__ = ["create_engine", "is_postgresql", "wait_for_database", "write_transaction"]
