"""The committed contract documents in docs/api are exactly what the code generates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shared.events import AWARDS_PAYLOADS, REGISTRY_PAYLOADS
from tooling.contracts.export import (
    DEFAULT_OUT,
    REGENERATE,
    main,
    rendered_documents,
    stale_files,
)


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return rendered_documents()


@pytest.fixture(scope="module")
def documents(rendered: dict[str, str]) -> dict[str, dict[str, Any]]:
    return {name: json.loads(text) for name, text in rendered.items()}


def test_every_document_is_generated(rendered: dict[str, str]) -> None:
    assert sorted(rendered) == [
        "awards.asyncapi.json",
        "awards.openapi.json",
        "registry.asyncapi.json",
        "registry.openapi.json",
        "reporting.asyncapi.json",
        "reporting.openapi.json",
    ]


def test_committed_files_match_the_code(rendered: dict[str, str]) -> None:
    stale = stale_files(DEFAULT_OUT, rendered)
    assert not stale, f"docs/api is out of date ({', '.join(stale)}); run `{REGENERATE}`"


def test_generation_is_deterministic(rendered: dict[str, str]) -> None:
    assert rendered_documents() == rendered


def test_generation_ignores_the_environment(
    rendered: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TDKT_REGISTRY_TOPIC_PREFIX", "elsewhere")
    monkeypatch.setenv("TDKT_REPORTING_KAFKA_BOOTSTRAP_SERVERS", "kafka.example:9092")
    assert rendered_documents() == rendered


def test_check_reports_missing_and_differing_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--out", str(tmp_path)]) == 0
    assert main(["--check", "--out", str(tmp_path)]) == 0
    (tmp_path / "registry.asyncapi.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "awards.asyncapi.json").unlink()
    capsys.readouterr()

    assert main(["--check", "--out", str(tmp_path)]) == 1

    output = capsys.readouterr().out
    assert "registry.asyncapi.json: differs from the code" in output
    assert "awards.asyncapi.json: missing" in output
    assert "reporting.asyncapi.json" not in output


def test_files_keep_vietnamese_as_is(rendered: dict[str, str]) -> None:
    assert "Sổ đăng ký thi đua" in rendered["registry.asyncapi.json"]
    assert "\\u" not in rendered["registry.openapi.json"]
    assert all(text.endswith("}\n") for text in rendered.values())


@pytest.mark.parametrize(
    ("name", "payloads"),
    [("registry.asyncapi.json", REGISTRY_PAYLOADS), ("awards.asyncapi.json", AWARDS_PAYLOADS)],
)
def test_asyncapi_documents_every_event_type(
    documents: dict[str, dict[str, Any]], name: str, payloads: tuple[type[Any], ...]
) -> None:
    document = documents[name]
    expected = {payload.event_type: payload.schema_version for payload in payloads}
    assert document["asyncapi"] == "3.0.0"
    assert _documented_events(document) == expected


def test_asyncapi_topics(documents: dict[str, dict[str, Any]]) -> None:
    assert _addresses(documents["registry.asyncapi.json"]) == {
        "tdkt.registry.events",
        "tdkt.ownership.events",
    }
    assert _addresses(documents["awards.asyncapi.json"]) == {
        "tdkt.awards.events",
        "tdkt.registry.events",
        "tdkt.tdkt-awards.dlq",
    }
    assert _addresses(documents["reporting.asyncapi.json"]) == {
        "tdkt.registry.events",
        "tdkt.awards.events",
        "tdkt.tdkt-reporting.dlq",
    }


def test_event_channels_describe_key_and_headers(documents: dict[str, dict[str, Any]]) -> None:
    registry = documents["registry.asyncapi.json"]["channels"]
    for channel in (registry["RegistryEvents"], registry["OwnershipAssignments"]):
        for word in ("stream_id", "event_type", "schema_version", "agency", "event_id"):
            assert f"`{word}`" in channel["description"]


def test_dead_letter_channel_describes_its_headers(documents: dict[str, dict[str, Any]]) -> None:
    channel = documents["reporting.asyncapi.json"]["channels"]["ProjectionsDeadLetters"]
    for header in ("reason", "error_type", "consumer", "source_topic", "failed_at"):
        assert f"`dlq.{header}`" in channel["description"]


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("registry.openapi.json", "/v1/campaigns"),
        ("reporting.openapi.json", "/v1/stats"),
    ],
)
def test_openapi_has_the_routes(documents: dict[str, dict[str, Any]], name: str, path: str) -> None:
    assert path in documents[name]["paths"]


def _documented_events(document: dict[str, Any]) -> dict[str, int]:
    """``event_type`` → ``schema_version`` of each event in the message's ``oneOf``."""
    (channel,) = (c for name, c in document["channels"].items() if name.endswith("Events"))
    (message_ref,) = (message["$ref"] for message in channel["messages"].values())
    message = _resolve(document, message_ref)
    union = _resolve(document, message["payload"]["$ref"])
    events = [_resolve(document, member["$ref"]) for member in union["oneOf"]]
    assert union["discriminator"] == "event_type"
    return {
        event["properties"]["event_type"]["const"]: event["properties"]["schema_version"]["const"]
        for event in events
    }


def _resolve(document: dict[str, Any], ref: str) -> dict[str, Any]:
    """The object a local ``#/a/b`` reference points to."""
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    assert isinstance(node, dict)
    return node


def _addresses(document: dict[str, Any]) -> set[str]:
    return {channel["address"] for channel in document["channels"].values()}
