"""Database engines on PostgreSQL, and the embedded PostgreSQL used when no URL is given."""

from shared.database.engine import (
    create_engine,
    wait_for_database,
    write_transaction,
)

__all__ = ["create_engine", "wait_for_database", "write_transaction"]
