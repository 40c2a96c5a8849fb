"""Alembic's entry point for the reporting migrations: see ``services.reporting.migrations``."""

from shared.database.migrations import run_env

run_env()
