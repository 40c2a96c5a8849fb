"""Service settings: environment prefixes, production safety, database URLs, topic names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from services.awards.settings import AwardsSettings
from services.registry.settings import RegistrySettings
from services.reporting.settings import ReportingSettings
from shared.settings import ServiceSettings

STRONG_SECRET = SecretStr("s" * 32)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings read the environment: start every test without TDKT_ variables."""
    for name in list(os.environ):
        if name.startswith("TDKT_"):
            monkeypatch.delenv(name)


def test_each_service_reads_only_its_own_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDKT_REGISTRY_HTTP_PORT", "9101")
    monkeypatch.setenv("TDKT_REGISTRY_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
    monkeypatch.setenv("TDKT_AWARDS_TOPIC_PREFIX", "province")

    registry, awards = RegistrySettings(), AwardsSettings()

    assert (registry.http_port, registry.kafka_bootstrap_servers) == (9101, "kafka:9092")
    assert registry.topic_prefix == "tdkt"
    assert (awards.http_port, awards.topic_prefix) == (8002, "province")


def test_service_defaults() -> None:
    reporting = ReportingSettings()

    assert RegistrySettings().http_port == 8001
    assert reporting.http_port == 8003
    assert reporting.consumer_group == "tdkt-reporting"
    assert reporting.environment == "development"


def test_secret_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDKT_AWARDS_JWT_SECRET", "from-env")

    assert AwardsSettings().jwt_secret.get_secret_value() == "from-env"
    assert "from-env" not in repr(AwardsSettings())


def test_production_refuses_the_default_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDKT_REGISTRY_ENVIRONMENT", "production")

    with pytest.raises(ValidationError, match="jwt_secret must be set"):
        RegistrySettings()


def test_production_refuses_a_short_secret() -> None:
    with pytest.raises(ValidationError, match="at least 32 bytes"):
        ServiceSettings(environment="production", jwt_secret=SecretStr("short"))


def test_production_accepts_a_strong_secret() -> None:
    settings = ServiceSettings(environment="production", jwt_secret=STRONG_SECRET)

    assert settings.environment == "production"


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "tdkt.example.vn"])
@pytest.mark.parametrize("environment", ["development", "test"])
def test_outside_production_a_service_does_not_listen_beyond_this_machine(
    host: str, environment: str
) -> None:
    """The development secret is public: a service that keeps it never faces the network."""
    with pytest.raises(ValidationError, match="reachable from the network"):
        ServiceSettings(environment=environment, http_host=host)  # type: ignore[arg-type]


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_outside_production_a_service_listens_on_loopback(host: str) -> None:
    assert ServiceSettings(http_host=host).http_host == host


def test_in_production_a_service_may_listen_on_every_address() -> None:
    settings = ServiceSettings(
        environment="production", jwt_secret=STRONG_SECRET, http_host="0.0.0.0"
    )

    assert settings.http_host == "0.0.0.0"


def test_the_image_runs_every_service_in_production_mode_by_default() -> None:
    """Outside the local run and the tests, the services run from the image: production."""
    dockerfile = (Path(__file__).parents[2] / "deploy" / "Dockerfile").read_text()
    env = " ".join(line for line in dockerfile.replace("\\\n", " ").splitlines() if "ENV" in line)
    for service in ("REGISTRY", "AWARDS", "REPORTING"):
        assert f"TDKT_{service}_ENVIRONMENT=production" in env


@pytest.mark.parametrize(
    ("configured", "resolved"),
    [
        ("postgres://u:p@db:5432/reg", "postgresql+asyncpg://u:p@db:5432/reg"),
        ("postgresql://u@db/reg", "postgresql+asyncpg://u@db/reg"),
        ("postgresql+asyncpg://u@db/reg", "postgresql+asyncpg://u@db/reg"),
    ],
)
def test_database_urls_get_an_async_driver(configured: str, resolved: str) -> None:
    settings = ServiceSettings(database_url=configured)

    assert settings.resolved_database_url() == resolved


def test_without_database_url_each_service_has_its_embedded_postgresql(tmp_path: Path) -> None:
    settings = ServiceSettings(data_dir=tmp_path)

    assert settings.embedded_data_dir("awards") == tmp_path / "postgres" / "awards"
    assert ServiceSettings().embedded_data_dir("registry") == Path("var/postgres/registry")
    with pytest.raises(ValueError, match="database_url is not set"):
        settings.resolved_database_url()


def test_a_url_without_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="scheme"):
        ServiceSettings(database_url="db:5432/x").resolved_database_url()


def test_topic_names_follow_the_prefix() -> None:
    topics = ServiceSettings(topic_prefix="hanoi").topics

    assert topics.registry_events == "hanoi.registry.events"
    assert topics.awards_events == "hanoi.awards.events"
    assert topics.dead_letter("tdkt-reporting") == "hanoi.tdkt-reporting.dlq"


def test_illegal_topic_names_are_refused() -> None:
    with pytest.raises(ValueError, match="legal Kafka topic"):
        ServiceSettings().topics.dead_letter("group with spaces")
    with pytest.raises(ValidationError):
        ServiceSettings(topic_prefix="bad/prefix")
