"""``tdkt rebuild`` runs the reporting rebuild with the Kafka and database it is given."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from tooling import cli


def test_rebuild_passes_the_given_kafka_and_database_to_the_reporting_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[list[str], dict[str, str]]] = []

    def call(command: list[str], env: dict[str, str], **_: Any) -> int:
        calls.append((command, env))
        return 0

    monkeypatch.setattr(cli.subprocess, "call", call)

    code = cli.main(
        ["rebuild", "--bootstrap", "10.0.0.5:9092", "--database-url", "postgresql://r@db/reporting"]
    )

    assert code == 0
    [(command, env)] = calls
    assert command == [sys.executable, "-m", "services.reporting.rebuild"]
    assert env["TDKT_REPORTING_KAFKA_BOOTSTRAP_SERVERS"] == "10.0.0.5:9092"
    assert env["TDKT_REPORTING_DATABASE_URL"] == "postgresql://r@db/reporting"


def test_rebuild_without_options_leaves_the_environment_to_the_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TDKT_REPORTING_KAFKA_BOOTSTRAP_SERVERS", raising=False)
    seen: list[dict[str, str]] = []
    monkeypatch.setattr(cli.subprocess, "call", lambda command, env: seen.append(env) or 3)

    assert cli.main(["rebuild"]) == 3
    assert "TDKT_REPORTING_KAFKA_BOOTSTRAP_SERVERS" not in seen[0]
