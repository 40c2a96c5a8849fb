"""The rebuild compares the topics with the producing services' stores before touching a table."""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping, Sequence
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from services.reporting.rebuild.__main__ import (
    DEFAULT_AWARDS_URL,
    DEFAULT_REGISTRY_URL,
    InstanceUrls,
    RebuildOptions,
    check_topics,
    parse_options,
    producers,
    unchecked_instances,
)
from services.reporting.rebuild.head_check import (
    HeadUnavailable,
    Producer,
    RebuildRefused,
    Shortfall,
    compare,
    head_fetcher,
    refusal,
    verify_heads,
)
from services.reporting.settings import ReportingSettings
from shared.auth import verify_token
from shared.kafka.topics import TopicNames
from shared.outbox import StoreHead
from tooling import cli

REGISTRY = Producer("registry", "http://registry", "tdkt.registry.events")
AWARDS = Producer("awards", "http://awards", "tdkt.awards.events")
SECRET = SecretStr("head-check-tests-secret-of-32-bytes-or-more")


def head(producer: Producer, events: int, published: int | None = None) -> StoreHead:
    published = events if published is None else published
    return StoreHead(
        topic=producer.topic,
        events=events,
        last_position=events + 2,
        published_position=published + 2 if published else 0,
        published_events=published,
    )


# --- The comparison (pure) ----------------------------------------------------------------


def test_topics_holding_every_event_let_the_rebuild_proceed() -> None:
    heads = {"registry": head(REGISTRY, 300), "awards": head(AWARDS, 0)}
    held = {REGISTRY.topic: 300, AWARDS.topic: 0}
    assert compare([REGISTRY, AWARDS], heads, held) == []


def test_more_records_than_events_are_no_loss() -> None:
    """Batches published again after a crash, replayed dead letters."""
    heads = {"registry": head(REGISTRY, 300)}
    assert compare([REGISTRY], heads, {REGISTRY.topic: 330}) == []


def test_fewer_records_than_the_relay_published_is_a_loss() -> None:
    heads = {"registry": head(REGISTRY, 300), "awards": head(AWARDS, 5)}
    held = {REGISTRY.topic: 120, AWARDS.topic: 5}

    [problem] = compare([REGISTRY, AWARDS], heads, held)

    assert isinstance(problem, Shortfall)
    assert problem.lost
    assert refusal([problem]) == (
        "rebuild refused: tdkt.registry.events holds 120 events but the registry service's "
        "store holds 300; the broker lost records (restart the registry so its relay "
        "publishes them again, then rebuild). Nothing was changed."
    )


def test_a_missing_topic_holds_nothing() -> None:
    [problem] = compare([AWARDS], {"awards": head(AWARDS, 4)}, {})
    assert isinstance(problem, Shortfall)
    assert problem.held == 0


def test_fewer_records_than_events_but_all_published_ones_is_a_relay_behind() -> None:
    heads = {"registry": head(REGISTRY, 300, published=250)}

    [problem] = compare([REGISTRY], heads, {REGISTRY.topic: 260})

    assert isinstance(problem, Shortfall)
    assert not problem.lost
    assert "its relay has yet to publish 50 of them" in problem.explain()


def test_a_producer_publishing_elsewhere_is_refused() -> None:
    other = StoreHead(
        topic="other.registry.events",
        events=1,
        last_position=1,
        published_position=1,
        published_events=1,
    )
    [problem] = compare([REGISTRY], {"registry": other}, {REGISTRY.topic: 1})
    assert problem == (
        "the registry at http://registry publishes to other.registry.events, but the rebuild "
        "reads tdkt.registry.events (wrong URL or topic prefix?)"
    )


# --- Asking the services and the broker ---------------------------------------------------


class World:
    """Heads and topic counts that change from one round to the next; records the calls."""

    def __init__(self, heads: list[dict[str, StoreHead]], held: list[dict[str, int]]) -> None:
        self._heads, self._held = heads, held
        self.calls: list[str] = []

    async def fetch(self, producer: Producer) -> StoreHead:
        heads = self._heads[min(self.rounds, len(self._heads) - 1)]
        self.calls.append(f"head {producer.name}")
        return heads[producer.name]

    async def read(self, topics: Sequence[str]) -> Mapping[str, int]:
        held = self._held[min(self.rounds, len(self._held) - 1)]
        self.calls.append("topics")
        return held

    @property
    def rounds(self) -> int:
        return self.calls.count("topics")


async def test_a_loss_is_refused_at_once() -> None:
    world = World([{"registry": head(REGISTRY, 300)}], [{REGISTRY.topic: 120}])
    started = time.monotonic()

    with pytest.raises(RebuildRefused, match="the broker lost records"):
        await verify_heads([REGISTRY], world.fetch, world.read, settle_s=5)

    assert time.monotonic() - started < 1
    assert world.calls == ["head registry", "topics"]  # the heads first, then the topics


async def test_a_relay_behind_gets_time_to_catch_up() -> None:
    world = World(
        [{"registry": head(REGISTRY, 300, published=290)}, {"registry": head(REGISTRY, 300)}],
        [{REGISTRY.topic: 290}, {REGISTRY.topic: 300}],
    )
    await verify_heads([REGISTRY], world.fetch, world.read, settle_s=5, poll_s=0.01)
    assert world.calls == ["head registry", "topics", "head registry", "topics"]


async def test_a_relay_that_stays_behind_is_refused_after_the_settling_time() -> None:
    world = World([{"registry": head(REGISTRY, 300, published=0)}], [{REGISTRY.topic: 40}])
    with pytest.raises(RebuildRefused, match="its relay has yet to publish 300 of them"):
        await verify_heads([REGISTRY], world.fetch, world.read, settle_s=0.05, poll_s=0.01)


async def test_an_unreachable_producer_is_refused_naming_the_way_out() -> None:
    async def unreachable(producer: Producer) -> StoreHead:
        raise HeadUnavailable(f"the {producer.name} at {producer.url} could not be reached")

    async def never(topics: Sequence[str]) -> Mapping[str, int]:
        raise AssertionError("the topics are not read without the heads")

    with pytest.raises(RebuildRefused) as refused:
        await verify_heads([REGISTRY], unreachable, never)
    assert "the registry at http://registry could not be reached" in str(refused.value)
    assert "--skip-head-check" in str(refused.value)


async def test_the_head_is_asked_with_a_short_lived_analyst_token() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=head(REGISTRY, 7).model_dump_json())

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        fetched = await head_fetcher(client, SECRET, "tdkt")(REGISTRY)

    assert fetched == head(REGISTRY, 7)
    [request] = seen
    assert str(request.url) == "http://registry/v1/events/head"
    token = request.headers["Authorization"].removeprefix("Bearer ")
    principal = verify_token(SECRET, token, "tdkt")
    assert principal.roles == {"analyst"}


@pytest.mark.parametrize(
    ("status", "says"),
    [(401, "refused the rebuild's token (401"), (404, "answered 404 to /v1/events/head")],
)
async def test_a_head_refused_or_missing_is_unavailable(status: int, says: str) -> None:
    transport = httpx.MockTransport(lambda _: httpx.Response(status, text="no"))
    async with httpx.AsyncClient(transport=transport) as client:
        with pytest.raises(HeadUnavailable, match=says.replace("(", r"\(")):
            await head_fetcher(client, SECRET, "tdkt")(REGISTRY)


async def test_a_connection_error_is_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as client:
        with pytest.raises(HeadUnavailable, match=r"could not be reached \(ConnectError"):
            await head_fetcher(client, SECRET, "tdkt")(REGISTRY)


async def test_skipping_the_check_warns_and_asks_nobody() -> None:
    lines: list[str] = []

    def no_http(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no producer is asked")

    await check_topics(
        ReportingSettings(kafka_bootstrap_servers="127.0.0.1:1"),
        RebuildOptions(skip_head_check=True),
        lines.append,
        httpx.MockTransport(no_http),
    )
    [line] = lines
    assert "WARNING" in line
    assert "events the broker lost will be missing" in line


# --- The command line ----------------------------------------------------------------------


def test_the_rebuild_options_default_to_the_local_services() -> None:
    assert parse_options([]) == RebuildOptions(DEFAULT_REGISTRY_URL, DEFAULT_AWARDS_URL, False)
    assert cli.DEFAULT_URLS["registry"] == DEFAULT_REGISTRY_URL
    assert cli.DEFAULT_URLS["awards"] == DEFAULT_AWARDS_URL
    given = parse_options(["--registry", "http://r", "--awards", "http://a", "--skip-head-check"])
    assert given == RebuildOptions("http://r", "http://a", True)


def test_tdkt_rebuild_passes_the_service_urls_the_flag_and_a_given_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[list[str], dict[str, str]]] = []

    def call(command: list[str], env: dict[str, str], **_: Any) -> int:
        calls.append((command, env))
        return 2

    monkeypatch.setattr("tooling.cli.subprocess.call", call)
    argv = ["--registry", "http://r:1", "--jwt-secret", "s3cret", "rebuild", "--awards"]
    code = cli.main([*argv, "http://a:2", "--skip-head-check"])

    assert code == 2
    [(command, env)] = calls
    assert command == [
        sys.executable,
        "-m",
        "services.reporting.rebuild",
        "--registry",
        "http://r:1",
        "--awards",
        "http://a:2",
        "--skip-head-check",
    ]
    assert env["TDKT_REPORTING_JWT_SECRET"] == "s3cret"


def test_tdkt_rebuild_keeps_a_secret_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TDKT_REPORTING_JWT_SECRET", "from-the-environment")
    seen: list[dict[str, str]] = []

    def call(command: list[str], env: dict[str, str]) -> int:
        seen.append(env)
        return 0

    monkeypatch.setattr("tooling.cli.subprocess.call", call)

    assert cli.main(["rebuild"]) == 0
    assert seen[0]["TDKT_REPORTING_JWT_SECRET"] == "from-the-environment"


# --- Provinces' instances ------------------------------------------------------------------

SCT_01 = InstanceUrls("sct-01", "http://r1:8001", "http://a1:8002")


def test_an_instance_is_given_by_name_and_the_urls_of_its_registry_and_awards() -> None:
    given = parse_options(
        ["--instance", " sct-01 = http://r1:8001 , http://a1:8002", "--instance", "sct-79=r,a"]
    )
    assert given.instances == (SCT_01, InstanceUrls("sct-79", "r", "a"))
    assert parse_options([]).instances == ()


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("sct-01=http://r1", "expected NAME=REGISTRY_URL,AWARDS_URL"),
        ("sct-01", "expected NAME=REGISTRY_URL,AWARDS_URL"),
        ("SCT 01=http://r,http://a", "is not an instance name"),
        ("national=http://r,http://a", "the national services' URLs are --registry and --awards"),
    ],
)
def test_a_malformed_instance_is_a_usage_error(
    value: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_options(["--instance", value])
    assert exited.value.code == 2
    assert says in capsys.readouterr().err


def test_the_head_check_asks_each_instance_given_urls_for_its_own_topics() -> None:
    topics = TopicNames(prefix="tdkt")
    options = RebuildOptions(instances=(SCT_01,))

    found = producers(topics, options)

    assert [(p.name, p.url, p.topic) for p in found] == [
        ("registry", DEFAULT_REGISTRY_URL, "tdkt.registry.events"),
        ("awards", DEFAULT_AWARDS_URL, "tdkt.awards.events"),
        ("sct-01 registry", "http://r1:8001", "tdkt.sct-01.registry.events"),
        ("sct-01 awards", "http://a1:8002", "tdkt.sct-01.awards.events"),
    ]
    assert found[2].url_option == "--instance sct-01=REGISTRY_URL,AWARDS_URL"
    assert found[0].url_option == "--registry URL"


def test_instances_read_without_urls_are_left_unchecked_and_stray_urls_refused() -> None:
    settings = ReportingSettings(instances=("sct-01", "sct-79"))

    assert unchecked_instances(settings, RebuildOptions(instances=(SCT_01,))) == ["sct-79"]
    assert unchecked_instances(settings, RebuildOptions()) == ["sct-01", "sct-79"]
    stray = RebuildOptions(instances=(InstanceUrls("sct-02", "http://r", "http://a"),))
    with pytest.raises(RebuildRefused, match="--instance sct-02: not an instance this"):
        unchecked_instances(settings, stray)


async def test_an_unreachable_instance_names_its_own_option() -> None:
    [_, _, registry, _] = producers(TopicNames(), RebuildOptions(instances=(SCT_01,)))

    async def unreachable(producer: Producer) -> StoreHead:
        raise HeadUnavailable(f"the {producer.name} at {producer.url} could not be reached")

    async def never(topics: Sequence[str]) -> Mapping[str, int]:
        raise AssertionError("the topics are not read without the heads")

    with pytest.raises(RebuildRefused) as refused:
        await verify_heads([registry], unreachable, never)
    assert "the sct-01 registry at http://r1:8001 could not be reached" in str(refused.value)
    assert "(--instance sct-01=REGISTRY_URL,AWARDS_URL)" in str(refused.value)


def test_tdkt_rebuild_passes_each_instance_on(monkeypatch: pytest.MonkeyPatch) -> None:
    commands: list[list[str]] = []

    def call(command: list[str], env: dict[str, str]) -> int:
        commands.append(command)
        return 0

    monkeypatch.setattr("tooling.cli.subprocess.call", call)
    sct_79 = "sct-79=http://r79,http://a79"

    code = cli.main(["rebuild", "--instance", "sct-01=http://r1,http://a1", "--instance", sct_79])

    assert code == 0
    assert commands[0][3:] == [
        "--instance",
        "sct-01=http://r1,http://a1",
        "--instance",
        sct_79,
    ]
