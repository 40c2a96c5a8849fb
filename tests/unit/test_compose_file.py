"""docker-compose.yml is a valid Compose file, and it runs what the code has and configures.

Validation uses the ``compose-spec`` package (bindings of the Rust ``compose_spec`` crate, a
strict parser of the Compose specification: unknown keys, bad durations, ports or
``depends_on`` conditions are errors). YAML anchors and merge keys (``<<: *service``) are
resolved by PyYAML first, as ``docker compose`` does.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from compose_spec.compose_spec import PyCompose  # the native, strict parser
from pydantic_settings import BaseSettings

from services.awards.settings import AwardsSettings
from services.registry.settings import RegistrySettings
from services.reporting.settings import ReportingSettings
from shared.kafka.topics import TopicNames

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"

SETTINGS: dict[str, type[BaseSettings]] = {
    "registry": RegistrySettings,
    "awards": AwardsSettings,
    "reporting": ReportingSettings,
}
"""Each service of the code (``python -m services.<name>``) and its settings class."""

READY_CONDITIONS = {"service_healthy", "service_completed_successfully"}

_INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?::?-(?P<default>[^}]*))?\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose["services"]
    return found


@pytest.fixture(scope="module")
def app_services(services: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Compose service name → the code's service it runs (``python -m services.<name>``)."""
    running = {
        name: module.removeprefix("services.")
        for name, service in services.items()
        if (module := _python_module(service.get("command"))) is not None
    }
    assert running, "no compose service runs `python -m services.<name>`"
    return running


def test_the_file_is_valid_compose(compose: dict[str, Any]) -> None:
    parsed = PyCompose.from_dict(compose)
    assert sorted(parsed.to_dict()["services"]) == sorted(compose["services"])


def test_the_validator_refuses_what_compose_refuses(compose: dict[str, Any]) -> None:
    """The validator is strict: these mistakes in the real file would each be reported."""
    registry = compose["services"]["registry"]
    mistakes: list[dict[str, Any]] = [
        {**registry, "comand": registry["command"]},
        {**registry, "depends_on": {"postgres": {"condition": "service_ready"}}},
        {**registry, "healthcheck": {**registry["healthcheck"], "interval": "10 seconds"}},
        {**registry, "ports": ["eighty:80"]},
    ]
    for mistake in mistakes:
        with pytest.raises(ValueError):  # noqa: PT011 - the message is the parser's
            PyCompose.from_dict({**compose, "services": {**compose["services"], "x": mistake}})


def test_every_service_of_the_code_is_run(app_services: dict[str, str]) -> None:
    assert sorted(app_services.values()) == sorted(SETTINGS)


def test_every_command_module_exists(app_services: dict[str, str]) -> None:
    for compose_name, service in app_services.items():
        main = ROOT / "services" / service / "__main__.py"
        assert main.is_file(), f"{compose_name}: `python -m services.{service}` has no {main}"


def test_environment_variables_are_settings_fields(
    services: dict[str, dict[str, Any]], app_services: dict[str, str]
) -> None:
    for compose_name, service in app_services.items():
        settings = SETTINGS[service]
        prefix = str(settings.model_config.get("env_prefix", ""))
        assert prefix == f"TDKT_{service.upper()}_"
        environment = _environment(services[compose_name])
        assert environment, f"{compose_name} configures nothing"
        for variable in environment:
            assert variable.startswith(prefix), f"{compose_name}: {variable} is not {prefix}*"
            field = variable.removeprefix(prefix).lower()
            assert field in settings.model_fields, (
                f"{compose_name}: {variable} sets no field of {settings.__name__}"
            )


def test_environment_values_are_accepted_by_the_settings(
    services: dict[str, dict[str, Any]], app_services: dict[str, str]
) -> None:
    for compose_name, service in app_services.items():
        settings = SETTINGS[service]
        values = _settings_values(services[compose_name], settings)
        settings.model_validate(values)  # raises on a value the service would refuse


def test_app_services_are_healthchecked_on_their_port(
    services: dict[str, dict[str, Any]], app_services: dict[str, str]
) -> None:
    for compose_name, service in app_services.items():
        definition = services[compose_name]
        test = " ".join(definition["healthcheck"]["test"])
        port = _settings_values(definition, SETTINGS[service]).get(
            "http_port", SETTINGS[service].model_fields["http_port"].default
        )
        assert f":{port}/readyz" in test, f"{compose_name}: healthcheck {test!r}"
        assert f"{port}:{port}" in [str(mapping) for mapping in definition.get("ports", [])]


def test_every_long_running_service_has_a_healthcheck(
    services: dict[str, dict[str, Any]],
) -> None:
    for name, service in services.items():
        if str(service.get("restart")) == "no":  # a one-shot job: waited for by completion
            continue
        healthcheck = service.get("healthcheck")
        assert healthcheck, f"{name} has no healthcheck"
        assert healthcheck.get("test"), f"{name}: its healthcheck runs nothing"


def test_dependencies_wait_for_readiness(
    services: dict[str, dict[str, Any]], app_services: dict[str, str]
) -> None:
    for name, service in services.items():
        depends_on = service.get("depends_on", {})
        assert isinstance(depends_on, dict), f"{name}: depends_on must name its conditions"
        for dependency, rule in depends_on.items():
            assert dependency in services, f"{name} depends on unknown {dependency}"
            condition = rule.get("condition")
            assert condition in READY_CONDITIONS, f"{name} → {dependency}: {condition}"
            if condition == "service_healthy":
                assert services[dependency].get("healthcheck"), f"{dependency} has no healthcheck"
            else:
                assert str(services[dependency].get("restart")) == "no", (
                    f"{dependency} is waited for to complete but restarts"
                )
    for name in app_services:
        assert services[name].get("depends_on"), f"{name} starts without waiting for anything"


def test_the_topics_job_creates_every_topic_the_services_use(
    services: dict[str, dict[str, Any]], app_services: dict[str, str]
) -> None:
    jobs = {
        name: service
        for name, service in services.items()
        if "kafka-topics.sh" in _text(service.get("command"))
        and "--create" in _text(service.get("command"))
    }
    assert len(jobs) == 1, f"expected one topic-creating job, found {sorted(jobs)}"
    ((job_name, job),) = jobs.items()
    created = _created_topics(_text(job["command"]))

    for compose_name, service in app_services.items():
        depends_on = services[compose_name].get("depends_on", {})
        assert depends_on.get(job_name, {}).get("condition") == "service_completed_successfully"
        values = _settings_values(services[compose_name], SETTINGS[service])
        needed = _topics_used(SETTINGS[service], values)
        assert needed <= created, f"{compose_name} uses {sorted(needed - created)}, not created"


def _topics_used(settings: type[BaseSettings], values: dict[str, Any]) -> set[str]:
    """The topics a service publishes to, reads, or dead-letters to, under its settings."""
    fields = settings.model_fields

    def value(field: str) -> Any:
        return values.get(field, fields[field].default)

    topics = TopicNames(prefix=value("topic_prefix"))
    used = {topics.registry_events, topics.awards_events}
    if "consumer_group" in fields:
        used.add(topics.dead_letter(value("consumer_group")))
    return used


def _created_topics(script: str) -> set[str]:
    """The topic names a shell loop ``for topic in a b c; do ... --create ...`` creates."""
    loops = re.findall(r"for\s+\w+\s+in\s+([^;\n]+?)\s*;\s*do", script)
    named = re.findall(r"--topic[\s=]+['\"]?([A-Za-z0-9._-]+)", script)
    created = {word for loop in loops for word in loop.split()} | set(named)
    assert created, "the topics job names no topic"
    return created


def _python_module(command: Any) -> str | None:
    words = command.split() if isinstance(command, str) else list(command or [])
    if len(words) >= 3 and words[0].startswith("python") and words[1] == "-m":
        module = str(words[2])
        return module if module.startswith("services.") else None
    return None


def _environment(service: dict[str, Any]) -> dict[str, str]:
    environment = service.get("environment", {})
    if isinstance(environment, list):
        pairs = (item.partition("=") for item in environment)
        return {name: value for name, _, value in pairs}
    return {name: "" if value is None else str(value) for name, value in environment.items()}


def _settings_values(service: dict[str, Any], settings: type[BaseSettings]) -> dict[str, str]:
    """The settings fields a compose service sets, ``${VAR:-default}`` taken at its default."""
    prefix = str(settings.model_config.get("env_prefix", ""))
    return {
        name.removeprefix(prefix).lower(): _INTERPOLATION.sub(
            lambda match: match.group("default") or "", value
        )
        for name, value in _environment(service).items()
    }


def _text(command: Any) -> str:
    return command if isinstance(command, str) else " ".join(str(part) for part in command or [])
