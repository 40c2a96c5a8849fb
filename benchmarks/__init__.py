"""Throughput benchmarks of the event store, the outbox relay and the idempotent consumer.

Run ``uv run python -m benchmarks --help``; see ``benchmarks/README.md``.
"""
