"""Shared helpers of the test suite (infrastructure, polling)."""

from tests.harness.infra import create_topics, eventually, unique_hex

__all__ = ["create_topics", "eventually", "unique_hex"]
