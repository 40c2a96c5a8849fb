"""Alembic's entry point for the registry migrations: see shared.database.migrations."""

from shared.database.migrations import run_env

run_env()
