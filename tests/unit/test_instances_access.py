"""The broker access plan of a deployment with provinces' own instances (issue 18)."""

from __future__ import annotations

import os

import pytest

from shared.kafka.access import AccessPlan, AclRule, Operation, ResourceType
from shared.kafka.setup import KafkaSetupSettings, main
from shared.kafka.topics import TopicNames

OWNERSHIP = "tdkt.ownership.events"
READ = {("TOPIC", OWNERSHIP, "READ"), ("TOPIC", OWNERSHIP, "DESCRIBE")}


def of(rules: list[AclRule], username: str) -> set[tuple[str, str, str]]:
    return {
        (rule.resource.name, rule.name, rule.operation.name)
        for rule in rules
        if rule.principal == f"User:{username}"
    }


def writers(rules: list[AclRule], topic: str) -> set[str]:
    return {
        rule.principal
        for rule in rules
        if rule.resource == ResourceType.TOPIC
        and rule.name == topic
        and rule.operation == Operation.WRITE
    }


def plan(*instances: str, prefix: str = "") -> AccessPlan:
    return AccessPlan(topics=TopicNames(), instances=instances, instance_user_prefix=prefix)


def test_a_province_s_users_write_only_their_own_topics() -> None:
    rules = plan("sct-01").rules()

    assert of(rules, "sct-01-registry") == {
        ("TOPIC", "tdkt.sct-01.registry.events", "WRITE"),
        ("TOPIC", "tdkt.sct-01.registry.events", "DESCRIBE"),
        *READ,
    }
    assert of(rules, "sct-01-awards") == {
        ("TOPIC", "tdkt.sct-01.awards.events", "WRITE"),
        ("TOPIC", "tdkt.sct-01.awards.events", "DESCRIBE"),
        ("TOPIC", "tdkt.tdkt-awards-sct-01.dlq", "WRITE"),
        ("TOPIC", "tdkt.tdkt-awards-sct-01.dlq", "DESCRIBE"),
        ("TOPIC", "tdkt.sct-01.registry.events", "READ"),
        ("TOPIC", "tdkt.sct-01.registry.events", "DESCRIBE"),
        ("GROUP", "tdkt-awards-sct-01", "READ"),
        *READ,
    }


def test_each_event_topic_has_one_writer_and_only_the_national_registry_assigns() -> None:
    rules = plan("sct-01", "sct-79").rules()
    topics = TopicNames()

    assert writers(rules, OWNERSHIP) == {"User:registry"}
    assert writers(rules, topics.registry_events) == {"User:registry"}
    assert writers(rules, topics.awards_events) == {"User:awards"}
    for instance in ("sct-01", "sct-79"):
        assert writers(rules, topics.registry_events_of(instance)) == {f"User:{instance}-registry"}
        assert writers(rules, topics.awards_events_of(instance)) == {f"User:{instance}-awards"}


def test_every_principal_reads_the_ownership_topic() -> None:
    the_plan = plan("sct-01")
    rules = the_plan.rules()
    for username in the_plan.usernames:
        assert of(rules, username) >= READ, username


def test_reporting_and_integrators_read_every_instance_s_topics() -> None:
    rules = plan("sct-01").rules()
    for username in ("reporting", "integrator"):
        readable = {name for kind, name, operation in of(rules, username) if operation == "READ"}
        assert {
            "tdkt.registry.events",
            "tdkt.awards.events",
            "tdkt.sct-01.registry.events",
            "tdkt.sct-01.awards.events",
            OWNERSHIP,
        } <= readable
    assert ("GROUP", "tdkt-reporting", "READ") in of(rules, "reporting")
    # The national services read nothing of a province's.
    assert not any("sct-01" in name for _, name, _ in of(rules, "registry") | of(rules, "awards"))


def test_an_instance_adds_its_rules_and_topics_to_the_plan() -> None:
    national, with_province = plan(), plan("sct-01")
    instance_rules = with_province.instance_rules("sct-01")

    assert set(with_province.rules()) == set(national.rules()) | set(instance_rules)
    assert with_province.topics_to_create() == [
        *national.topics_to_create(),
        "tdkt.sct-01.registry.events",
        "tdkt.sct-01.awards.events",
        "tdkt.tdkt-awards-sct-01.dlq",
    ]
    assert OWNERSHIP in national.topics_to_create()
    assert national.single_partition_topics() == [OWNERSHIP]
    assert with_province.usernames[-2:] == ["sct-01-registry", "sct-01-awards"]


def test_instance_users_carry_the_plan_s_prefix() -> None:
    the_plan = plan("sct-01", prefix="t1234-")
    users = the_plan.instance_users("sct-01")
    assert (users.registry, users.awards) == ("t1234-sct-01-registry", "t1234-sct-01-awards")
    assert of(the_plan.rules(), "t1234-sct-01-registry")
    assert not of(the_plan.rules(), "sct-01-registry")


@pytest.mark.parametrize("instance", ["national", "Sct 01", "sct-"])
def test_only_a_province_s_instance_may_be_added(instance: str) -> None:
    with pytest.raises(ValueError, match="instance"):
        plan(instance)
    with pytest.raises(ValueError, match="instance"):
        plan().instance_users(instance)


# --- the setup's settings and command ---------------------------------------------------------


@pytest.fixture
def setup_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in [name for name in os.environ if name.startswith("TDKT_KAFKA_SETUP_")]:
        monkeypatch.delenv(name)
    for role in ("ADMIN", "REGISTRY", "AWARDS", "REPORTING"):
        monkeypatch.setenv(f"TDKT_KAFKA_SETUP_{role}_PASSWORD", f"{role.lower()}-secret")
    return monkeypatch


def test_the_setup_includes_the_instances_it_is_given(
    setup_environment: pytest.MonkeyPatch,
) -> None:
    setup_environment.setenv("TDKT_KAFKA_SETUP_INSTANCES", "sct-01, sct-79")
    setup_environment.setenv(
        "TDKT_KAFKA_SETUP_INSTANCE_PASSWORDS",
        '{"sct-01-registry": "a", "sct-01-awards": "b", "sct-79-registry": "c", '
        '"sct-79-awards": "d"}',
    )
    settings = KafkaSetupSettings()

    assert settings.plan().instances == ("sct-01", "sct-79")
    passwords = {name: secret.get_secret_value() for name, secret in settings.passwords().items()}
    assert passwords == {
        "registry": "registry-secret",
        "awards": "awards-secret",
        "reporting": "reporting-secret",
        "sct-01-registry": "a",
        "sct-01-awards": "b",
        "sct-79-registry": "c",
        "sct-79-awards": "d",
    }


def test_the_setup_names_the_instance_users_without_a_password(
    setup_environment: pytest.MonkeyPatch,
) -> None:
    setup_environment.setenv("TDKT_KAFKA_SETUP_INSTANCES", '["sct-01"]')
    setup_environment.setenv("TDKT_KAFKA_SETUP_INSTANCE_PASSWORDS", '{"sct-01-registry": "a"}')
    with pytest.raises(ValueError, match=r"TDKT_KAFKA_SETUP_INSTANCE_PASSWORDS .*sct-01-awards$"):
        KafkaSetupSettings().passwords()


def test_the_setup_refuses_the_national_instance_as_a_province_s(
    setup_environment: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_environment.setenv("TDKT_KAFKA_SETUP_BOOTSTRAP_SERVERS", "127.0.0.1:1")
    with pytest.raises(SystemExit) as exit_:
        main(["instance", "national"])  # refused before it waits for any broker
    assert exit_.value.code == 1
    assert "the national instance is the deployment's own" in capsys.readouterr().err
