"""The ministry assigns an agency to a province's instance, through the national registry's API.

``python -m tooling.ownership --registry URL --agency 01 --instance sct-01 --legal-basis "…"``
asks ``POST /v1/agencies/{agency}/ownership`` with a ministry admin's token signed with
``TDKT_JWT_SECRET`` (else ``--jwt-secret``, else the development secret). Running it again
changes nothing: the request carries an idempotency key derived from what it asks, and an
agency the instance already serves counts as assigned. The compose profile ``province`` and
``scripts/run --province`` call it before starting the province's services.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
from dataclasses import dataclass
from datetime import timedelta

import httpx
from pydantic import SecretStr

from shared.auth import mint_token
from shared.settings import DEFAULT_JWT_SECRET

MINISTRY = "BCT"
DEFAULT_LEGAL_BASIS = "Quyết định của Bộ Công Thương giao hệ thống thi đua, khen thưởng riêng"


class AssignmentRefused(RuntimeError):
    """The national registry refused the assignment (its answer is in the message)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Assignment:
    """Agency ``agency`` is to be served by instance ``instance``, on ``legal_basis``."""

    agency: str
    instance: str
    legal_basis: str = DEFAULT_LEGAL_BASIS

    @property
    def idempotency_key(self) -> str:
        text = f"ownership|{self.agency}|{self.instance}|{self.legal_basis}"
        return "ownership-" + hashlib.sha256(text.encode()).hexdigest()[:32]

    @property
    def body(self) -> dict[str, str]:
        return {"instance": self.instance, "legal_basis": self.legal_basis}


def admin_token(secret: SecretStr, issuer: str = "tdkt") -> str:
    """A ministry admin's token, valid for ten minutes."""
    return mint_token(
        secret,
        subject="ministry-ownership",
        agency=MINISTRY,
        roles=["admin"],
        issuer=issuer,
        ttl=timedelta(minutes=10),
    )


def already_served(response: httpx.Response) -> bool:
    """The registry's 422 naming ``body.instance``: the instance serves the agency already."""
    if response.status_code != 422:
        return False
    errors = response.json().get("errors") or []
    return any(error.get("field") == "body.instance" for error in errors)


async def assign(
    client: httpx.AsyncClient, registry_url: str, assignment: Assignment, token: str
) -> bool:
    """Record ``assignment``; True if recorded now, False if the instance served it already.

    Raises :class:`AssignmentRefused` with the registry's answer otherwise (e.g. 409: the
    national store holds events of the agency, whose history cannot move yet)."""
    response = await client.post(
        f"{registry_url}/v1/agencies/{assignment.agency}/ownership",
        json=assignment.body,
        headers={
            "Authorization": f"Bearer {token}",
            "Idempotency-Key": assignment.idempotency_key,
        },
    )
    if response.status_code in (200, 201):
        return True
    if already_served(response):
        return False
    raise AssignmentRefused(
        f"the national registry refused to assign {assignment.agency} to "
        f"{assignment.instance}: {response.status_code} {response.text}",
        response.status_code,
    )


async def assign_all(
    registry_url: str, assignments: list[Assignment], secret: SecretStr, timeout_s: float = 30.0
) -> list[bool]:
    """Record each assignment in turn (see :func:`assign`)."""
    token = admin_token(secret)
    async with httpx.AsyncClient(timeout=timeout_s) as client:
        return [await assign(client, registry_url, item, token) for item in assignments]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tooling.ownership", description=__doc__)
    parser.add_argument("--registry", required=True, help="the national registry's URL")
    parser.add_argument("--instance", required=True, help="e.g. sct-01")
    parser.add_argument("--agency", action="append", required=True, help="repeatable")
    parser.add_argument("--legal-basis", default=DEFAULT_LEGAL_BASIS)
    parser.add_argument("--jwt-secret", default=None, help="default: TDKT_JWT_SECRET")
    args = parser.parse_args(argv)
    secret = args.jwt_secret or os.environ.get("TDKT_JWT_SECRET") or DEFAULT_JWT_SECRET
    wanted = [Assignment(code, args.instance, args.legal_basis) for code in args.agency]
    try:
        recorded = asyncio.run(assign_all(args.registry, wanted, SecretStr(secret)))
    except (AssignmentRefused, httpx.HTTPError) as error:
        parser.exit(1, f"error: {error}\n")
    for item, new in zip(wanted, recorded, strict=True):
        state = "assigned" if new else "already assigned"
        print(f"{item.agency} → {item.instance}: {state}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
