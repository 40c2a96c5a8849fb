"""docker-compose.yml is a valid Compose file, and it runs what the code has, on the engines the
tests use, configured the way production needs.

Validation uses the ``compose-spec`` package (bindings of the Rust ``compose_spec`` crate, a
strict parser of the Compose specification: unknown keys, bad durations, ports or
``depends_on`` conditions are errors). As ``docker compose`` does, YAML anchors and merge keys
(``<<: *service``) are resolved first (by PyYAML), then ``${VARIABLE}`` references are
interpolated (by ``_interpolate`` below, with sample values for the required variables), then
the result is validated. Nothing here needs Docker.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import pytest
import yaml
from compose_spec.compose_spec import PyCompose  # the native, strict parser
from pydantic import ValidationError
from pydantic_settings import BaseSettings

from services.awards.settings import AwardsSettings
from services.registry.settings import RegistrySettings
from services.reporting.settings import ReportingSettings
from shared.database.embedded import server_version
from shared.kafka.apache import ADMIN_USER, PRODUCT_SETTINGS, kafka_version
from shared.kafka.setup import KafkaSetupSettings
from shared.kafka.topics import TopicNames
from shared.settings import DEFAULT_JWT_SECRET, MIN_PRODUCTION_SECRET_BYTES

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
CREATE_DATABASES = ROOT / "deploy" / "postgres" / "create-databases.sql"

SETTINGS: dict[str, type[BaseSettings]] = {
    "registry": RegistrySettings,
    "awards": AwardsSettings,
    "reporting": ReportingSettings,
}
"""Each service of the code (``python -m services.<name>``) and its settings class."""

READY_CONDITIONS = {"service_healthy", "service_completed_successfully"}

SAMPLE_SECRET = "sample-secret-" + "x" * MIN_PRODUCTION_SECRET_BYTES
SAMPLE_PASSWORD = "sample-postgres-password"
KAFKA_PASSWORDS: dict[str, str] = {
    "TDKT_KAFKA_ADMIN_PASSWORD": "sample-kafka-admin",
    "TDKT_KAFKA_REGISTRY_PASSWORD": "sample-kafka-registry",
    "TDKT_KAFKA_AWARDS_PASSWORD": "sample-kafka-awards",
    "TDKT_KAFKA_REPORTING_PASSWORD": "sample-kafka-reporting",
}
"""The Kafka users' passwords (each a different sample: a swapped one would be seen)."""
REQUIRED: dict[str, str] = {
    "TDKT_JWT_SECRET": SAMPLE_SECRET,
    "TDKT_POSTGRES_PASSWORD": SAMPLE_PASSWORD,
    **KAFKA_PASSWORDS,
}
"""The variables compose must refuse to start without, and sample values for them."""
SETUP_MODULE = "shared.kafka.setup"
BIND_VARIABLE = "TDKT_BIND_ADDRESS"
LOOPBACK = "127.0.0.1"


class MissingVariable(ValueError):
    """A ``${VAR:?message}`` (or ``${VAR?message}``) reference to an unset variable."""


_REFERENCE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<name>[A-Za-z_]\w*)(?P<operator>:?[-?])?(?P<argument>[^}]*)\}"
    r"|(?P<bare>[A-Za-z_]\w*)|(?P<invalid>))"
)


def _interpolate(text: str, environ: Mapping[str, str]) -> str:
    """Substitute ``$$``, ``$VAR``, ``${VAR}``, ``${VAR:-default}``, ``${VAR-default}``,
    ``${VAR:?error}`` and ``${VAR?error}`` the way ``docker compose`` does."""

    def substitute(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        if match["bare"]:
            return environ.get(match["bare"], "")
        if match["name"] is None:
            raise ValueError(f"invalid interpolation in {text!r}")
        name, operator, argument = match["name"], match["operator"], match["argument"]
        if operator is None and argument:
            raise ValueError(f"invalid interpolation format in {text!r}")
        value = environ.get(name)
        unset = value is None or (operator is not None and operator.startswith(":") and not value)
        if operator is not None and operator.endswith("?") and unset:
            raise MissingVariable(f"required variable {name} is missing a value: {argument}")
        if operator is not None and operator.endswith("-") and unset:
            return argument
        return value or ""

    return _REFERENCE.sub(substitute, text)


def _interpolated(node: Any, environ: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        return _interpolate(node, environ)
    if isinstance(node, dict):
        return {key: _interpolated(value, environ) for key, value in node.items()}
    if isinstance(node, list):
        return [_interpolated(value, environ) for value in node]
    return node


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    """The file as written (anchors merged, ``${...}`` references not yet substituted)."""
    loaded = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def compose(raw: dict[str, Any]) -> dict[str, Any]:
    """The file as ``docker compose`` runs it, with the required variables set."""
    found: dict[str, Any] = _interpolated(raw, REQUIRED)
    return found


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose["services"]
    return found


@pytest.fixture(scope="module")
def default_services(services: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """What ``docker compose up`` runs: the services of no profile."""
    return {name: service for name, service in services.items() if not service.get("profiles")}


@pytest.fixture(scope="module")
def app_services(default_services: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Compose service name → the code's service it runs (``python -m services.<name>``)."""
    running = _app_services(default_services)
    assert running, "no compose service runs `python -m services.<name>`"
    return running


def _app_services(services: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {
        name: module.removeprefix("services.")
        for name, service in services.items()
        if (module := _python_module(service.get("command"))) is not None
    }


@pytest.fixture(scope="module")
def broker(services: dict[str, dict[str, Any]]) -> dict[str, Any]:
    brokers = [
        service
        for service in services.values()
        if "broker" in _environment(service).get("KAFKA_PROCESS_ROLES", "").split(",")
    ]
    assert len(brokers) == 1, f"expected one Kafka broker, found {len(brokers)}"
    return brokers[0]


@pytest.fixture(scope="module")
def setup_job(default_services: dict[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    """The one-shot job creating topics, Kafka users and ACLs (``python -m shared.kafka.setup``)."""
    return _setup_job(default_services)


def _setup_job(services: dict[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    jobs = {
        name: service
        for name, service in services.items()
        if _text(service.get("command")).split()[1:3] == ["-m", SETUP_MODULE]
    }
    assert len(jobs) == 1, f"expected one Kafka setup job, found {sorted(jobs)}"
    ((name, job),) = jobs.items()
    return name, job


@pytest.fixture(scope="module")
def setup_settings(setup_job: tuple[str, dict[str, Any]]) -> KafkaSetupSettings:
    _, job = setup_job
    return KafkaSetupSettings.model_validate(_settings_values(job, KafkaSetupSettings))


# --- the interpolation the other tests rely on ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "environ", "expected"),
    [
        ("${A}", {"A": "1"}, "1"),
        ("${A}", {}, ""),
        ("$A/$$A", {"A": "1"}, "1/$A"),
        ("${A:-x}", {"A": ""}, "x"),
        ("${A-x}", {"A": ""}, ""),
        ("${A:-127.0.0.1}:80:80", {}, "127.0.0.1:80:80"),
        ("u:${A:?set A}@h", {"A": "p"}, "u:p@h"),
        ("${A?set A}", {"A": ""}, ""),
    ],
)
def test_interpolation_follows_compose(text: str, environ: dict[str, str], expected: str) -> None:
    assert _interpolate(text, environ) == expected


@pytest.mark.parametrize(("text", "environ"), [("${A:?set A}", {}), ("${A:?set A}", {"A": ""})])
def test_interpolation_refuses_a_missing_required_variable(
    text: str, environ: dict[str, str]
) -> None:
    with pytest.raises(MissingVariable, match="set A"):
        _interpolate(text, environ)


# --- the file is valid Compose and runs the code's services -----------------------------------


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


def test_app_services_are_built_from_the_dockerfile(
    services: dict[str, dict[str, Any]], app_services: dict[str, str]
) -> None:
    for compose_name in app_services:
        build = services[compose_name].get("build")
        assert isinstance(build, dict), f"{compose_name} is not built from this repository"
        context = ROOT / str(build.get("context", "."))
        assert (context / str(build.get("dockerfile", "Dockerfile"))).resolve() == DOCKERFILE


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
        port = _http_port(definition, SETTINGS[service])
        assert f":{port}/readyz" in test, f"{compose_name}: healthcheck {test!r}"
        published = [_published(entry) for entry in definition.get("ports", [])]
        assert (port, port) in [(host, container) for _, host, container in published], (
            f"{compose_name} does not publish its HTTP port {port}"
        )


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


# --- Kafka: the broker the launcher runs, configured alike ------------------------------------


def test_kafka_images_are_the_pinned_version(services: dict[str, dict[str, Any]]) -> None:
    kafka_images = {
        name: str(service["image"])
        for name, service in services.items()
        if str(service.get("image", "")).startswith("apache/kafka")
    }
    assert kafka_images, "no Apache Kafka image"
    for name, image in kafka_images.items():
        assert image.partition(":")[2] == kafka_version(), f"{name} runs {image}"


def test_the_kafka_log_is_on_a_named_volume(
    compose: dict[str, Any], broker: dict[str, Any]
) -> None:
    log_dirs = _environment(broker).get("KAFKA_LOG_DIRS")
    assert log_dirs, "KAFKA_LOG_DIRS unset: the image keeps the log in a temporary directory"
    mounts = _named_volume_mounts(broker, compose)
    assert "kafka-data" in mounts, f"the broker mounts no kafka-data volume: {mounts}"
    target = mounts["kafka-data"]
    for log_dir in log_dirs.split(","):
        path = PurePosixPath(log_dir.strip())
        assert path == target or target in path.parents, (
            f"KAFKA_LOG_DIRS {path} is outside the kafka-data volume ({target})"
        )


def test_the_kafka_cluster_id_is_fixed(broker: dict[str, Any]) -> None:
    """A recreated container must find the storage it formatted (same cluster id)."""
    cluster_id = _environment(broker).get("CLUSTER_ID", "")
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", cluster_id), f"CLUSTER_ID {cluster_id!r}"


@pytest.mark.parametrize(("setting", "expected"), sorted(PRODUCT_SETTINGS.items()))
def test_the_broker_has_the_product_settings(
    broker: dict[str, Any], setting: str, expected: str
) -> None:
    variable = "KAFKA_" + setting.upper().replace(".", "_")
    environment = _environment(broker)
    assert variable in environment, f"{variable} ({setting}) is not set on the broker"
    assert environment[variable] == expected, f"{variable}: {environment[variable]!r}"


def test_the_single_broker_replicates_internal_topics_once(broker: dict[str, Any]) -> None:
    environment = _environment(broker)
    for variable in (
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
    ):
        assert environment.get(variable) == "1", f"{variable}: {environment.get(variable)!r}"


# --- Kafka: nobody gets in without credentials -----------------------------------------------


def _listeners(broker: dict[str, Any]) -> dict[str, str]:
    """Listener name → the ``host:port`` it binds."""
    entries = _environment(broker)["KAFKA_LISTENERS"].split(",")
    return dict(entry.split("://", 1) for entry in entries)


def test_every_kafka_listener_authenticates(broker: dict[str, Any]) -> None:
    environment = _environment(broker)
    mapping = environment["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(",")
    protocols = dict(entry.split(":", 1) for entry in mapping)
    assert set(protocols) == set(_listeners(broker))
    assert set(protocols.values()) <= {"SASL_PLAINTEXT", "SASL_SSL"}, protocols
    assert environment["KAFKA_SASL_ENABLED_MECHANISMS"] == "SCRAM-SHA-512"


def test_the_controller_listener_is_no_way_in(broker: dict[str, Any]) -> None:
    """Reachable from inside the broker's container only, with a static user (SASL/PLAIN)."""
    environment = _environment(broker)
    controller = environment["KAFKA_CONTROLLER_LISTENER_NAMES"]
    address = _listeners(broker)[controller]
    assert address.startswith("127.0.0.1:"), address
    assert environment["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"1@{address}"
    assert environment[f"KAFKA_LISTENER_NAME_{controller}_SASL_ENABLED_MECHANISMS"] == "PLAIN"
    published = {container for _, _, container in map(_published, broker.get("ports", []))}
    assert int(address.rpartition(":")[2]) not in published


def test_the_broker_formats_its_log_with_the_setup_jobs_super_user(
    raw: dict[str, Any], broker: dict[str, Any], setup_job: tuple[str, dict[str, Any]]
) -> None:
    """The admin's SCRAM credential goes into the log at format; the setup job uses it."""
    script = _text(raw["services"]["kafka"]["command"])
    assert (
        f'--add-scram "SCRAM-SHA-512=[name={ADMIN_USER},password=$$TDKT_KAFKA_ADMIN_PASSWORD]"'
        in script
    )
    assert script.rstrip().endswith("exec /etc/kafka/docker/run")  # then the image's own start
    _, job = setup_job
    admin = KAFKA_PASSWORDS["TDKT_KAFKA_ADMIN_PASSWORD"]
    assert _environment(broker)["TDKT_KAFKA_ADMIN_PASSWORD"] == admin
    assert _environment(job)["TDKT_KAFKA_SETUP_ADMIN_PASSWORD"] == admin
    assert f"User:{ADMIN_USER}" in _environment(broker)["KAFKA_SUPER_USERS"].split(";")


def test_the_setup_job_runs_once_the_broker_is_healthy(
    services: dict[str, dict[str, Any]], setup_job: tuple[str, dict[str, Any]]
) -> None:
    _, job = setup_job
    assert str(job.get("restart")) == "no"
    (kafka,) = [
        name
        for name, service in services.items()
        if service.get("image", "").startswith("apache/kafka")
    ]
    assert job["depends_on"] == {kafka: {"condition": "service_healthy"}}
    build = job.get("build")
    assert isinstance(build, dict), "the setup job runs the services' image"
    context = ROOT / str(build.get("context", "."))
    assert (context / str(build.get("dockerfile", "Dockerfile"))).resolve() == DOCKERFILE


def test_the_setup_job_creates_every_topic_the_services_use(
    services: dict[str, dict[str, Any]],
    app_services: dict[str, str],
    setup_job: tuple[str, dict[str, Any]],
    setup_settings: KafkaSetupSettings,
) -> None:
    job_name, _ = setup_job
    created = set(setup_settings.plan().topics_to_create())

    for compose_name, service in app_services.items():
        depends_on = services[compose_name].get("depends_on", {})
        assert depends_on.get(job_name, {}).get("condition") == "service_completed_successfully"
        values = _settings_values(services[compose_name], SETTINGS[service])
        needed = _topics_used(SETTINGS[service], values)
        assert needed <= created, f"{compose_name} uses {sorted(needed - created)}, not created"


def test_each_service_connects_as_the_user_the_setup_grants_access(
    services: dict[str, dict[str, Any]],
    app_services: dict[str, str],
    setup_settings: KafkaSetupSettings,
) -> None:
    plan = setup_settings.plan()
    users = {
        "registry": plan.users.registry,
        "awards": plan.users.awards,
        "reporting": plan.users.reporting,
    }
    groups = {"awards": plan.awards_group, "reporting": plan.reporting_group}
    passwords = {name: key.get_secret_value() for name, key in setup_settings.passwords().items()}
    for compose_name, service in app_services.items():
        values = _settings_values(services[compose_name], SETTINGS[service])
        settings = SETTINGS[service].model_validate(values)
        credentials = getattr(settings, "kafka_credentials", None)
        assert credentials is not None, f"{compose_name} connects to Kafka anonymously"
        assert credentials.username == users[service], compose_name
        assert credentials.password.get_secret_value() == passwords[users[service]], compose_name
        assert getattr(settings, "topic_prefix", None) == plan.topics.prefix, compose_name
        if service in groups:
            assert getattr(settings, "consumer_group", None) == groups[service], compose_name


def test_the_integrator_user_is_optional(
    raw: dict[str, Any], setup_job: tuple[str, dict[str, Any]]
) -> None:
    name, _ = setup_job
    for password, integrators in ((None, ()), ("sample-kafka-integrator", ("integrator",))):
        environ = dict(REQUIRED)
        if password is not None:
            environ["TDKT_KAFKA_INTEGRATOR_PASSWORD"] = password
        job = _interpolated(raw, environ)["services"][name]
        setup = KafkaSetupSettings.model_validate(_settings_values(job, KafkaSetupSettings))
        assert setup.plan().integrators == integrators


# --- PostgreSQL: the embedded one's major version, one database per service -------------------


@pytest.fixture(scope="module")
def postgres(default_services: dict[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    return _postgres(default_services)


def _postgres(services: dict[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    found = {
        name: service
        for name, service in services.items()
        if re.match(r"(docker\.io/)?(library/)?postgres:", str(service.get("image", "")))
    }
    assert len(found) == 1, f"expected one PostgreSQL service, found {sorted(found)}"
    ((name, service),) = found.items()
    return name, service


def test_postgres_is_the_embedded_major_version(postgres: tuple[str, dict[str, Any]]) -> None:
    _, service = postgres
    tag = str(service["image"]).rpartition(":")[2]
    major = re.match(r"\d+", tag)
    assert major is not None, f"the PostgreSQL image {service['image']} names no version"
    assert major.group() == server_version().split(".")[0]


def test_postgres_keeps_its_data_on_a_named_volume(
    compose: dict[str, Any], postgres: tuple[str, dict[str, Any]]
) -> None:
    """Images 18+ keep PGDATA in /var/lib/postgresql/<major>/docker: the volume goes one up."""
    _, service = postgres
    targets = set(_named_volume_mounts(service, compose).values())
    assert PurePosixPath("/var/lib/postgresql") in targets, f"mounted at {sorted(targets)}"
    assert PurePosixPath("/var/lib/postgresql/data") not in targets


def test_each_service_has_its_own_database_with_the_configured_password(
    services: dict[str, dict[str, Any]],
    app_services: dict[str, str],
    postgres: tuple[str, dict[str, Any]],
) -> None:
    postgres_name, postgres_service = postgres
    assert _environment(postgres_service).get("POSTGRES_PASSWORD") == SAMPLE_PASSWORD
    created = set(re.findall(r"CREATE DATABASE\s+(\w+)", CREATE_DATABASES.read_text()))
    databases: dict[str, str] = {}
    for compose_name, service in app_services.items():
        url = _settings_values(services[compose_name], SETTINGS[service]).get("database_url")
        assert url, f"{compose_name} has no database_url"
        parts = urlsplit(url)
        assert parts.hostname == postgres_name, f"{compose_name} uses {parts.hostname}"
        assert parts.password == SAMPLE_PASSWORD, f"{compose_name}: a hard-coded password"
        assert postgres_name in services[compose_name].get("depends_on", {})
        databases[compose_name] = parts.path.lstrip("/")
    assert len(set(databases.values())) == len(databases), f"shared databases: {databases}"
    assert set(databases.values()) <= created, f"{CREATE_DATABASES.name} creates {created}"


# --- production by default: required secrets, loopback ports ----------------------------------


def test_every_referenced_variable_has_a_default_or_is_required(raw: dict[str, Any]) -> None:
    """No ``${VAR}`` that silently becomes empty; the required ones are exactly REQUIRED."""
    required: set[str] = set()
    for match in _REFERENCE.finditer(COMPOSE_FILE.read_text(encoding="utf-8")):
        if match["escaped"]:
            continue
        name = match["name"] or match["bare"]
        assert name is not None, "an invalid interpolation"
        operator = match["operator"] or ""
        assert operator, f"${{{name}}} has neither a default nor an error message"
        if operator.endswith("?"):
            assert operator == ":?", f"{name}: `?` accepts an empty value, use `:?`"
            required.add(name)
    assert required == set(REQUIRED)
    assert _interpolated(raw, REQUIRED)  # every reference resolves with them set


@pytest.mark.parametrize("variable", sorted(REQUIRED))
@pytest.mark.parametrize("value", [None, ""])
def test_compose_refuses_to_start_without_a_secret(
    raw: dict[str, Any], variable: str, value: str | None
) -> None:
    environ = {name: sample for name, sample in REQUIRED.items() if name != variable}
    if value is not None:
        environ[variable] = value
    with pytest.raises(MissingVariable, match=variable):
        _interpolated(raw, environ)


def test_services_run_in_production_mode(raw: dict[str, Any], app_services: dict[str, str]) -> None:
    for compose_name, service in app_services.items():
        environment = _environment(raw["services"][compose_name])
        prefix = f"TDKT_{service.upper()}_"
        assert environment.get(f"{prefix}ENVIRONMENT") == "production", compose_name
        assert re.fullmatch(r"\$\{TDKT_JWT_SECRET:\?[^}]+\}", environment[f"{prefix}JWT_SECRET"])


@pytest.mark.parametrize("secret", [DEFAULT_JWT_SECRET, "x" * (MIN_PRODUCTION_SECRET_BYTES - 1)])
def test_services_refuse_a_public_or_short_secret(
    raw: dict[str, Any], app_services: dict[str, str], secret: str
) -> None:
    services = _interpolated(raw, {**REQUIRED, "TDKT_JWT_SECRET": secret})["services"]
    for compose_name, service in app_services.items():
        values = _settings_values(services[compose_name], SETTINGS[service])
        with pytest.raises(ValidationError, match="jwt_secret"):
            SETTINGS[service].model_validate(values)


def test_published_ports_are_on_loopback_unless_configured(raw: dict[str, Any]) -> None:
    published = 0
    for address in (None, "192.0.2.7"):
        environ = dict(REQUIRED) if address is None else {**REQUIRED, BIND_VARIABLE: address}
        for name, service in _interpolated(raw, environ)["services"].items():
            for entry in service.get("ports", []):
                host_ip, _, container = _published(entry)
                expected = address or LOOPBACK
                assert host_ip == expected, f"{name} publishes {container} on {host_ip or 'all'}"
                published += 1
    assert published >= 2 * 4, "the three APIs and Kafka's host listener are published"


# --- the image -------------------------------------------------------------------------------


def test_the_image_exposes_the_services_ports(
    services: dict[str, dict[str, Any]], app_services: dict[str, str]
) -> None:
    exposed = {
        int(port.split("/")[0])
        for line in DOCKERFILE.read_text(encoding="utf-8").splitlines()
        if line.strip().upper().startswith("EXPOSE ")
        for port in line.split()[1:]
    }
    ports = {
        _http_port(services[compose_name], SETTINGS[service])
        for compose_name, service in app_services.items()
    }
    assert len(ports) == len(app_services), f"services share a port: {ports}"
    assert exposed == ports


def test_the_image_installs_the_locked_runtime_dependencies_only() -> None:
    dockerfile = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"uv sync\b[^\n]*--frozen[^\n]*--no-dev", dockerfile)
    for removed in ("calfkit", "aiosqlite", "pip install -r"):
        assert removed not in dockerfile, f"the Dockerfile still mentions {removed}"


# --- helpers ---------------------------------------------------------------------------------


def _topics_used(settings: type[BaseSettings], values: dict[str, Any]) -> set[str]:
    """The topics a service publishes to, reads, or dead-letters to, under its settings."""
    fields = settings.model_fields

    def value(field: str) -> Any:
        return values.get(field, fields[field].default)

    topics = TopicNames(prefix=value("topic_prefix"))
    used = {topics.registry_events, topics.awards_events}
    if "consumer_group" in fields:  # its default may depend on other settings: validate them
        used.add(topics.dead_letter(settings.model_validate(values).consumer_group))  # type: ignore[attr-defined]
    return used


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
    """The settings fields an (interpolated) compose service sets."""
    prefix = str(settings.model_config.get("env_prefix", ""))
    return {
        name.removeprefix(prefix).lower(): value for name, value in _environment(service).items()
    }


def _http_port(service: dict[str, Any], settings: type[BaseSettings]) -> int:
    value = _settings_values(service, settings).get("http_port")
    return int(value) if value is not None else int(settings.model_fields["http_port"].default)


def _published(entry: Any) -> tuple[str | None, int | None, int]:
    """``(host address, host port, container port)`` of a ``ports`` entry, short or long."""
    if isinstance(entry, dict):
        published = entry.get("published")
        return entry.get("host_ip"), int(published) if published else None, int(entry["target"])
    spec = str(entry).split("/")[0]
    parts = spec.rsplit(":", 2)
    container = int(parts[-1])
    if len(parts) == 1:
        return None, None, container
    host_port = int(parts[-2]) if parts[-2] else None
    return (parts[0] if len(parts) == 3 else None), host_port, container


def _named_volume_mounts(
    service: dict[str, Any], compose: dict[str, Any]
) -> dict[str, PurePosixPath]:
    """Named volume (declared under top-level ``volumes``) → where the service mounts it."""
    declared = set(compose.get("volumes") or {})
    mounts: dict[str, PurePosixPath] = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            source, target = str(volume.get("source", "")), str(volume["target"])
        else:
            source, _, rest = str(volume).partition(":")
            target = rest.partition(":")[0]
        if source in declared:
            mounts[source] = PurePosixPath(target)
    return mounts


def _text(command: Any) -> str:
    return command if isinstance(command, str) else " ".join(str(part) for part in command or [])


# --- profile "province": Hà Nội's own instance beside the national services ------------------

PROVINCE_PROFILE = "province"
PROVINCE_INSTANCE = "sct-01"
PROVINCE_AGENCIES = ("01",)
PROVINCE_PASSWORDS: dict[str, str] = {
    "TDKT_KAFKA_SCT01_REGISTRY_PASSWORD": "sample-kafka-sct01-registry",
    "TDKT_KAFKA_SCT01_AWARDS_PASSWORD": "sample-kafka-sct01-awards",
}
"""The province's Kafka users' passwords: not required by compose (it reads every variable
before it picks the profiles), refused empty by the profile's setup job."""
PROVINCE_ENVIRON = {**REQUIRED, **PROVINCE_PASSWORDS, "TDKT_REPORTING_INSTANCES": "sct-01"}
CREATE_PROVINCE_DATABASES = ROOT / "deploy" / "postgres" / "create-province-databases.sql"
ASSIGN_MODULE = "tooling.ownership"


@pytest.fixture(scope="module")
def with_province(raw: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every service, interpolated as ``docker compose --profile province up`` runs them."""
    found: dict[str, dict[str, Any]] = _interpolated(raw, PROVINCE_ENVIRON)["services"]
    return found


@pytest.fixture(scope="module")
def province(with_province: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The services only the province profile runs."""
    found = {
        name: service
        for name, service in with_province.items()
        if PROVINCE_PROFILE in service.get("profiles", [])
    }
    assert found, "no service in the province profile"
    return found


@pytest.fixture(scope="module")
def province_apps(province: dict[str, dict[str, Any]]) -> dict[str, str]:
    return _app_services(province)


@pytest.fixture(scope="module")
def province_setup(province: dict[str, dict[str, Any]]) -> tuple[str, KafkaSetupSettings]:
    name, job = _setup_job(province)
    return name, _setup_from_environment(job)


def _setup_from_environment(job: dict[str, Any]) -> KafkaSetupSettings:
    """The setup's settings as the job's process reads them (JSON values decoded)."""
    with mock.patch.dict(os.environ, _environment(job), clear=True):
        return KafkaSetupSettings()


def test_the_profile_runs_the_provinces_registry_and_awards(
    province: dict[str, dict[str, Any]], province_apps: dict[str, str]
) -> None:
    assert sorted(province_apps.values()) == ["awards", "registry"]
    for compose_name, service in province_apps.items():
        values = _settings_values(province[compose_name], SETTINGS[service])
        for variable in _environment(province[compose_name]):
            assert variable.removeprefix(f"TDKT_{service.upper()}_").lower() in (
                SETTINGS[service].model_fields
            ), f"{compose_name}: {variable} sets no setting"
        settings = SETTINGS[service].model_validate(values)
        assert getattr(settings, "instance", None) == PROVINCE_INSTANCE, compose_name
        assert getattr(settings, "agencies", None) == PROVINCE_AGENCIES, compose_name
        assert values.get("environment") == "production", compose_name


def test_the_province_services_use_their_own_postgresql(
    province: dict[str, dict[str, Any]],
    province_apps: dict[str, str],
    postgres: tuple[str, dict[str, Any]],
) -> None:
    server, definition = _postgres(province)
    assert server != postgres[0]
    assert str(definition["image"]) == str(postgres[1]["image"])
    assert definition.get("healthcheck"), f"{server} has no healthcheck"
    created = set(re.findall(r"CREATE DATABASE\s+(\w+)", CREATE_PROVINCE_DATABASES.read_text()))
    mounts = [str(volume) for volume in definition.get("volumes", [])]
    assert any(CREATE_PROVINCE_DATABASES.name in mount for mount in mounts), mounts
    databases = set()
    for compose_name, service in province_apps.items():
        url = _settings_values(province[compose_name], SETTINGS[service])["database_url"]
        parts = urlsplit(url)
        assert parts.hostname == server, f"{compose_name} uses {parts.hostname}"
        assert parts.password == SAMPLE_PASSWORD, compose_name
        condition = province[compose_name]["depends_on"][server]["condition"]
        assert condition == "service_healthy", compose_name
        databases.add(parts.path.lstrip("/"))
    assert len(databases) == len(province_apps)
    assert databases <= created


def test_the_provinces_setup_job_provisions_its_instance(
    province: dict[str, dict[str, Any]],
    province_setup: tuple[str, KafkaSetupSettings],
    setup_settings: KafkaSetupSettings,
) -> None:
    name, settings = province_setup
    job = province[name]
    assert str(job.get("restart")) == "no"
    assert job["depends_on"] == {"kafka": {"condition": "service_healthy"}}
    assert (ROOT / job["build"]["context"] / job["build"]["dockerfile"]).resolve() == DOCKERFILE
    plan = settings.plan()
    assert plan.instances == (PROVINCE_INSTANCE,)
    national = setup_settings.plan()
    assert (plan.topics, plan.users, plan.awards_group, plan.reporting_group) == (
        national.topics,
        national.users,
        national.awards_group,
        national.reporting_group,
    ), "the profile's setup must give the national services the same access"
    assert setup_settings.passwords().items() <= settings.passwords().items()
    users = plan.instance_users(PROVINCE_INSTANCE)
    assert {users.registry, users.awards} <= set(plan.usernames)
    assert set(plan.instance_topics(PROVINCE_INSTANCE)) <= set(plan.topics_to_create())


def test_the_provinces_setup_refuses_to_run_without_its_passwords(raw: dict[str, Any]) -> None:
    for missing in PROVINCE_PASSWORDS:
        environ = {name: value for name, value in PROVINCE_ENVIRON.items() if name != missing}
        services = _interpolated(raw, environ)["services"]
        profile = {
            name: service
            for name, service in services.items()
            if PROVINCE_PROFILE in service.get("profiles", [])
        }
        _, job = _setup_job(profile)
        settings = _setup_from_environment(job)
        with pytest.raises(ValueError, match="INSTANCE_PASSWORDS"):
            settings.passwords()


def test_each_province_service_connects_as_its_instances_user(
    province: dict[str, dict[str, Any]],
    province_apps: dict[str, str],
    province_setup: tuple[str, KafkaSetupSettings],
) -> None:
    setup_name, setup = province_setup
    plan = setup.plan()
    users = plan.instance_users(PROVINCE_INSTANCE)
    passwords = {name: key.get_secret_value() for name, key in setup.passwords().items()}
    for compose_name, service in province_apps.items():
        definition = province[compose_name]
        settings = SETTINGS[service].model_validate(_settings_values(definition, SETTINGS[service]))
        credentials = getattr(settings, "kafka_credentials", None)
        assert credentials is not None, f"{compose_name} connects to Kafka anonymously"
        assert credentials.username == getattr(users, service), compose_name
        assert credentials.password.get_secret_value() == passwords[credentials.username]
        assert getattr(settings, "topic_prefix", None) == plan.topics.prefix, compose_name
        if service == "awards":
            assert getattr(settings, "consumer_group", None) == plan.instance_group(
                PROVINCE_INSTANCE
            )
        condition = definition["depends_on"][setup_name]["condition"]
        assert condition == "service_completed_successfully", compose_name


def test_the_province_services_start_once_the_ministry_assigned_the_agency(
    province: dict[str, dict[str, Any]],
    province_apps: dict[str, str],
    app_services: dict[str, str],
    services: dict[str, dict[str, Any]],
) -> None:
    jobs = {
        name: service
        for name, service in province.items()
        if _text(service.get("command")).split()[1:3] == ["-m", ASSIGN_MODULE]
    }
    assert len(jobs) == 1, f"expected one assignment job, found {sorted(jobs)}"
    ((job_name, job),) = jobs.items()
    assert str(job.get("restart")) == "no"
    words = _text(job["command"]).split()
    options = dict(zip(words[3::2], words[4::2], strict=True))
    assert options["--instance"] == PROVINCE_INSTANCE
    assert (options["--agency"],) == PROVINCE_AGENCIES
    national = next(name for name, service in app_services.items() if service == "registry")
    port = _http_port(services[national], RegistrySettings)
    assert options["--registry"] == f"http://{national}:{port}"
    assert job["depends_on"] == {national: {"condition": "service_healthy"}}
    assert _environment(job)["TDKT_JWT_SECRET"] == SAMPLE_SECRET
    for compose_name in province_apps:
        rule = province[compose_name]["depends_on"][job_name]
        assert rule["condition"] == "service_completed_successfully", compose_name


def test_the_national_reporting_reads_the_instance_once_told(
    raw: dict[str, Any],
    with_province: dict[str, dict[str, Any]],
    app_services: dict[str, str],
    province_setup: tuple[str, KafkaSetupSettings],
) -> None:
    name = next(name for name, service in app_services.items() if service == "reporting")
    setup_name, setup = province_setup
    told = _settings_values(with_province[name], ReportingSettings)
    settings = ReportingSettings.model_validate(told)
    assert settings.instances == (PROVINCE_INSTANCE,)
    plan = setup.plan()
    readable = {
        rule.name
        for rule in plan.rules()
        if rule.principal == f"User:{plan.users.reporting}" and rule.operation.name == "READ"
    }
    for instance in settings.instances:
        topics = {plan.topics.registry_events_of(instance), plan.topics.awards_events_of(instance)}
        assert topics <= readable, f"reporting may not read {sorted(topics - readable)}"
    waits = with_province[name]["depends_on"][setup_name]
    assert waits == {"condition": "service_completed_successfully", "required": False}
    alone = _interpolated(raw, REQUIRED)["services"][name]
    assert (
        ReportingSettings.model_validate(_settings_values(alone, ReportingSettings)).instances == ()
    )


def test_the_province_ports_are_its_own(
    services: dict[str, dict[str, Any]],
    province: dict[str, dict[str, Any]],
    province_apps: dict[str, str],
    app_services: dict[str, str],
) -> None:
    national = {_http_port(services[name], SETTINGS[kind]) for name, kind in app_services.items()}
    for compose_name, service in province_apps.items():
        definition = province[compose_name]
        port = _http_port(definition, SETTINGS[service])
        assert port not in national, f"{compose_name} takes a national service's port {port}"
        assert f":{port}/readyz" in " ".join(definition["healthcheck"]["test"]), compose_name
        published = [_published(entry) for entry in definition.get("ports", [])]
        assert (port, port) in [(host, container) for _, host, container in published]
