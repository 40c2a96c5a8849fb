"""Alembic's entry point for the awards migrations: see ``services.awards.migrations``."""

from shared.database.migrations import run_env

run_env()
