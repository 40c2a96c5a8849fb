"""Alembic's entry point for the registry migrations: see ``services.registry.migrations``."""

from shared.database.migrations import run_env

run_env()
