"""A Kafka client derives its SCRAM salted password once per salt, and proves the same."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from aiokafka.conn import ScramAuthenticator

from shared.kafka import scram_memo
from shared.kafka.scram_memo import remember_salted_passwords, salted_password


@pytest.fixture
def derivations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[bytes, int]]]:
    """Every PBKDF2 derivation the memo makes, as (salt, iterations), from an empty memo."""
    made: list[tuple[bytes, int]] = []
    derive = hashlib.pbkdf2_hmac

    def counted(name: str, password: bytes, salt: bytes, iterations: int) -> bytes:
        made.append((salt, iterations))
        return derive(name, password, salt, iterations)

    monkeypatch.setattr(scram_memo.hashlib, "pbkdf2_hmac", counted)
    salted_password.cache_clear()
    yield made
    salted_password.cache_clear()


def client_proof(salt: bytes, iterations: int = 4096, password: str = "s3cret") -> str:
    """The client-final message of one SCRAM-SHA-512 exchange with ``salt``."""
    authenticator = ScramAuthenticator(
        loop=None,
        sasl_plain_password=password,
        sasl_plain_username="registry",
        sasl_mechanism="SCRAM-SHA-512",
    )
    authenticator._nonce = "clientnonce"  # fixed, so two exchanges can be compared
    authenticator.first_message()
    server_first = f"r=clientnonceSERVER,s={base64.b64encode(salt).decode()},i={iterations}"
    authenticator.process_server_first_message(server_first)
    message: str = authenticator.final_message()
    return message


def test_a_salt_seen_before_is_not_derived_again(derivations: list[Any]) -> None:
    remember_salted_passwords()
    first, second = client_proof(b"salt-1"), client_proof(b"salt-1")
    assert first == second
    assert derivations == [(b"salt-1", 4096)]


def test_a_new_salt_or_count_or_password_is_derived(derivations: list[Any]) -> None:
    remember_salted_passwords()
    client_proof(b"salt-1")
    client_proof(b"salt-2")
    client_proof(b"salt-2", iterations=8192)
    client_proof(b"salt-2", iterations=8192, password="changed")
    changed_password = (b"salt-2", 8192)
    assert derivations == [
        (b"salt-1", 4096),
        (b"salt-2", 4096),
        (b"salt-2", 8192),
        changed_password,
    ]


def test_the_proof_is_the_one_aiokafka_computes_itself(
    monkeypatch: pytest.MonkeyPatch, derivations: list[Any]
) -> None:
    remember_salted_passwords()
    remembered = client_proof(b"salt-3")
    monkeypatch.setattr(ScramAuthenticator, "create_salted_password", _aiokafkas_own)
    assert client_proof(b"salt-3") == remembered


def _aiokafkas_own(self: Any, salt: bytes, iterations: int) -> None:
    """What aiokafka's ``create_salted_password`` does."""
    self._salted_password = hashlib.pbkdf2_hmac(
        self._hashname, self._sasl_plain_password, salt, iterations
    )
