"""Idempotency fingerprints are keyed with a server secret (issue 12, item 6): without it, a
stored fingerprint confirms nothing about a guessed request; every run has a secret, and
production a strong one."""

from __future__ import annotations

import hashlib
import os

import orjson
import pytest
from pydantic import BaseModel, SecretStr, ValidationError

from services.registry.settings import RegistrySettings
from shared.application.idempotency import FingerprintKey
from shared.settings import ServiceSettings

STRONG = SecretStr("j" * 32)


class Member(BaseModel):
    full_name: str
    unit_id: str


THAO = Member(full_name="Nông Thị Thảo", unit_id="u-1")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("TDKT_"):
            monkeypatch.delenv(name)


def test_a_keyed_fingerprint_is_no_hash_anyone_can_recompute() -> None:
    keyed = FingerprintKey(STRONG).fingerprint("add-member", THAO)

    bare = hashlib.sha256(orjson.dumps(("add-member", THAO), default=str)).hexdigest()
    assert keyed != bare
    assert keyed != FingerprintKey(SecretStr("")).fingerprint("add-member", THAO)
    assert len(keyed) == 64  # fits idempotency_keys.fingerprint


def test_the_same_request_under_the_same_key_has_the_same_fingerprint() -> None:
    """Replays still match: the fingerprint depends on the request and the secret only."""
    key = FingerprintKey(STRONG)
    same = key.fingerprint("add-member", Member(full_name="Nông Thị Thảo", unit_id="u-1"))
    other = key.fingerprint("add-member", Member(full_name="Hoàng Văn An", unit_id="u-1"))

    assert key.fingerprint("add-member", THAO) == same != other
    assert FingerprintKey(SecretStr("k" * 32)).fingerprint("add-member", THAO) != same


def test_every_run_gets_a_secret_derived_from_the_jwt_secret_but_never_that_secret() -> None:
    local = ServiceSettings()
    other = ServiceSettings(jwt_secret=STRONG)

    assert local.fingerprint_secret.get_secret_value()
    assert local.fingerprint_secret == ServiceSettings().fingerprint_secret
    assert local.fingerprint_secret != other.fingerprint_secret
    assert other.fingerprint_secret.get_secret_value() != STRONG.get_secret_value()


def test_a_dedicated_secret_is_used_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDKT_REGISTRY_IDEMPOTENCY_SECRET", "i" * 32)

    settings = RegistrySettings()

    assert settings.fingerprint_secret.get_secret_value() == "i" * 32
    assert "i" * 32 not in repr(settings)


def test_production_refuses_a_weak_idempotency_secret() -> None:
    with pytest.raises(ValidationError, match="idempotency_secret must be at least 32 bytes"):
        ServiceSettings(environment="production", jwt_secret=STRONG, idempotency_secret="short")


def test_production_always_has_a_strong_secret() -> None:
    """Unset, it derives from the JWT secret, which production refuses default or short."""
    with pytest.raises(ValidationError, match="jwt_secret"):
        ServiceSettings(environment="production")
    settings = ServiceSettings(environment="production", jwt_secret=STRONG)
    assert len(settings.fingerprint_secret.get_secret_value()) == 64
