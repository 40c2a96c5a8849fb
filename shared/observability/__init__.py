"""Operations: correlation ids in logs, JSON logging, Prometheus metrics and readiness.

Import the submodules directly (``shared.observability.metrics`` imports the consumer and
the relay, which themselves log with correlation ids).
"""
