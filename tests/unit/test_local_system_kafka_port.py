"""``scripts/run`` puts Kafka on the settings' default port when it is free, else on any."""

from __future__ import annotations

import socket

import pytest

from tooling import local_system


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_the_default_port_is_taken_when_free(monkeypatch: pytest.MonkeyPatch) -> None:
    port = _free_port()
    monkeypatch.setattr(local_system, "DEFAULT_KAFKA_PORT", port)

    assert local_system._default_kafka_port() == port


def test_a_busy_default_port_leaves_the_choice_to_the_broker(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        monkeypatch.setattr(local_system, "DEFAULT_KAFKA_PORT", busy.getsockname()[1])

        assert local_system._default_kafka_port() is None

    assert "is taken" in capsys.readouterr().out
