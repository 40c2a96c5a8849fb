"""A Kafka client derives its SCRAM salted password once per salt, not once per connection.

SCRAM makes the client derive a key from its password with PBKDF2 (8,192 rounds of SHA-512 for
the project's users: about 8 ms of CPU), for every connection it authenticates. A service
opens a dozen connections as it starts (producer, consumers, their coordinators, admin), and
a test run thousands. RFC 5802 (section 5.1) lets a client keep the salted password for later
authentications with the same salt and iteration count; the broker offers the same ones
until the user's password is changed, and a changed one brings a new salt.

aiokafka derives it in ``ScramAuthenticator.create_salted_password`` and has no option for
this, so :func:`remember_salted_passwords` replaces that method with one that asks a small
memo first. Nothing else of the exchange changes: the nonces, proofs and the check of the
server's signature are computed per connection as before.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from aiokafka.conn import ScramAuthenticator


@lru_cache(maxsize=32)
def salted_password(hash_name: str, password: bytes, salt: bytes, iterations: int) -> bytes:
    """SCRAM's ``Hi(password, salt, iterations)`` (RFC 5802), remembered per arguments."""
    return hashlib.pbkdf2_hmac(hash_name, password, salt, iterations)


def _create_salted_password(self: Any, salt: bytes, iterations: int) -> None:
    self._salted_password = salted_password(
        self._hashname, self._sasl_plain_password, salt, iterations
    )


def remember_salted_passwords() -> None:
    """Have every aiokafka client of this process use :func:`salted_password` (idempotent)."""
    ScramAuthenticator.create_salted_password = _create_salted_password
