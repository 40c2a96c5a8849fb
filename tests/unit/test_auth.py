"""JWT authentication, the FastAPI dependency and agency-scoped authorisation."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Annotated

import httpx
import jwt
import pytest
from fastapi import Depends, FastAPI
from pydantic import SecretStr

from shared.auth import (
    AuthenticationError,
    CurrentPrincipal,
    ForbiddenError,
    Principal,
    Role,
    TokenIssuer,
    install_authentication,
    mint_token,
    principal_dependency,
    require_agency,
    require_role,
    verify_token,
)
from shared.http import PROBLEM_MEDIA_TYPE, install_problem_handlers

SECRET = SecretStr("a-test-secret-that-is-long-enough-for-hs256")
ISSUER = "tdkt-test"
TOKENS = TokenIssuer(secret=SECRET, issuer=ISSUER, ttl=timedelta(minutes=5))
Authenticated = Annotated[Principal, Depends(principal_dependency(SECRET, ISSUER))]


def token_for(agency: str = "so-hn", *roles: Role, ttl: timedelta = timedelta(minutes=5)) -> str:
    return TOKENS.mint(subject="u-1", agency=agency, roles=roles or ("officer",), ttl=ttl)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def principal(agency: str, *roles: Role) -> Principal:
    return Principal(subject="u-1", agency=agency, roles=frozenset(roles))


def test_a_minted_token_verifies_to_its_principal() -> None:
    token = mint_token(
        SECRET,
        subject="u-7",
        agency="so-dn",
        roles=["officer", "analyst"],
        issuer=ISSUER,
        ttl=timedelta(minutes=1),
    )

    assert verify_token(SECRET, token, ISSUER) == Principal(
        subject="u-7", agency="so-dn", roles=frozenset({"officer", "analyst"})
    )


def test_an_expired_token_is_refused() -> None:
    issued = datetime.now(UTC) - timedelta(hours=2)
    token = mint_token(
        SECRET, subject="u", agency="a", roles=["officer"], issuer=ISSUER,
        ttl=timedelta(hours=1), now=issued,
    )  # fmt: skip

    with pytest.raises(AuthenticationError, match="token expired"):
        TOKENS.verify(token)


def test_a_verified_token_is_answered_from_memory_without_decoding_it_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tokens = TokenIssuer(secret=SECRET, issuer=ISSUER)
    token = tokens.mint(subject="u-1", agency="so-hn", roles=["officer"])
    decoded: list[str] = []
    real_decode = jwt.decode

    def counting_decode(token: str, *args: object, **kwargs: object) -> object:
        decoded.append(token)
        return real_decode(token, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jwt, "decode", counting_decode)

    first, second = tokens.verify(token), tokens.verify(token)

    assert first == second == principal("so-hn", "officer")
    assert decoded == [token]


def test_a_token_verified_before_is_refused_once_it_expired() -> None:
    tokens = TokenIssuer(secret=SECRET, issuer=ISSUER)
    issued = datetime.now(UTC).replace(microsecond=0)
    token = mint_token(
        SECRET,
        subject="u-1",
        agency="so-hn",
        roles=["officer"],
        issuer=ISSUER,
        ttl=timedelta(seconds=1),
        now=issued,
    )
    assert tokens.verify(token) == principal("so-hn", "officer")

    time.sleep(max(0.0, (issued + timedelta(seconds=1.05) - datetime.now(UTC)).total_seconds()))

    with pytest.raises(AuthenticationError, match="token expired"):
        tokens.verify(token)


def test_a_tampered_token_is_refused() -> None:
    header, _, signature = token_for().split(".")
    forged_payload = jwt.utils.base64url_encode(b'{"sub":"u-1","agency":"other"}').decode()

    with pytest.raises(AuthenticationError, match="bad signature"):
        TOKENS.verify(f"{header}.{forged_payload}.{signature}")


def test_a_token_signed_with_another_secret_is_refused() -> None:
    other = TokenIssuer(secret=SecretStr("another-secret-that-is-long-enough-too"), issuer=ISSUER)

    with pytest.raises(AuthenticationError, match="bad signature"):
        TOKENS.verify(other.mint(subject="u", agency="a", roles=["admin"]))


def test_a_token_of_another_issuer_is_refused() -> None:
    other = TokenIssuer(secret=SECRET, issuer="someone-else")

    with pytest.raises(AuthenticationError, match="wrong issuer"):
        TOKENS.verify(other.mint(subject="u", agency="a", roles=["admin"]))


def test_a_token_without_agency_names_the_missing_claim() -> None:
    now = datetime.now(UTC)
    claims = {"sub": "u", "iss": ISSUER, "iat": now, "exp": now + timedelta(minutes=1)}
    token = jwt.encode({**claims, "roles": ["officer"]}, SECRET.get_secret_value())

    with pytest.raises(AuthenticationError, match="missing claim 'agency'"):
        TOKENS.verify(token)


def test_an_unknown_role_is_refused() -> None:
    now = datetime.now(UTC)
    claims = {"sub": "u", "iss": ISSUER, "iat": now, "exp": now + timedelta(minutes=1)}
    token = jwt.encode({**claims, "agency": "a", "roles": ["king"]}, SECRET.get_secret_value())

    with pytest.raises(AuthenticationError, match="invalid claims: roles"):
        TOKENS.verify(token)


def test_an_unsigned_token_is_refused() -> None:
    token = jwt.encode({"sub": "u", "iss": ISSUER}, key=None, algorithm="none")

    with pytest.raises(AuthenticationError):
        TOKENS.verify(token)


def test_garbage_is_a_malformed_token() -> None:
    with pytest.raises(AuthenticationError, match="malformed token"):
        TOKENS.verify("not-a-jwt")


def client_of(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


@pytest.fixture
def client() -> httpx.AsyncClient:
    app = FastAPI()
    install_problem_handlers(app)
    install_authentication(app, TOKENS)

    @app.get("/whoami")
    async def whoami(principal: Authenticated) -> dict[str, str]:
        return {"subject": principal.subject, "agency": principal.agency}

    @app.get("/agencies/{agency}")
    async def agency_data(agency: str, principal: CurrentPrincipal) -> dict[str, str]:
        require_agency(principal, agency, "read")
        return {"agency": agency}

    return client_of(app)


async def test_without_a_token_the_answer_is_a_401_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/whoami")

    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["detail"] == "missing bearer token"


async def test_an_expired_token_is_a_401_problem_naming_the_reason(
    client: httpx.AsyncClient,
) -> None:
    expired = token_for(ttl=timedelta(seconds=-1))

    response = await client.get("/whoami", headers=bearer(expired))

    assert response.status_code == 401
    assert response.json()["detail"] == "token expired"
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


async def test_a_valid_token_reaches_the_route(client: httpx.AsyncClient) -> None:
    response = await client.get("/whoami", headers=bearer(token_for("so-hn")))

    assert response.status_code == 200
    assert response.json() == {"subject": "u-1", "agency": "so-hn"}


async def test_the_annotated_alias_uses_the_installed_issuer(client: httpx.AsyncClient) -> None:
    own = await client.get("/agencies/so-hn", headers=bearer(token_for()))
    other = await client.get("/agencies/so-dn", headers=bearer(token_for()))

    assert own.status_code == 200
    assert other.status_code == 403
    assert other.headers["content-type"] == PROBLEM_MEDIA_TYPE


async def test_the_alias_without_install_is_a_wiring_error() -> None:
    app = FastAPI()

    @app.get("/me")
    async def me(principal: CurrentPrincipal) -> str:
        return principal.subject

    with pytest.raises(RuntimeError, match="install_authentication"):
        await client_of(app).get("/me", headers=bearer(token_for()))


@pytest.mark.parametrize(
    ("who", "agency", "access", "allowed"),
    [
        (principal("so-hn", "officer"), "so-hn", "write", True),
        (principal("so-hn", "officer"), "so-dn", "write", False),
        (principal("so-hn", "officer"), "so-dn", "read", False),
        (principal("so-hn", "integrator"), "so-hn", "write", True),
        (principal("bo-ct", "analyst"), "so-dn", "read", True),
        (principal("bo-ct", "analyst"), "so-dn", "write", False),
        (principal("bo-ct", "analyst"), "bo-ct", "write", False),
        (principal("bo-ct", "admin"), "so-dn", "read", True),
        (principal("bo-ct", "admin"), "so-dn", "write", False),
        (principal("bo-ct", "admin"), "bo-ct", "write", True),
    ],
)
def test_require_agency(who: Principal, agency: str, access: str, allowed: bool) -> None:
    if allowed:
        require_agency(who, agency, access)  # type: ignore[arg-type]
    else:
        with pytest.raises(ForbiddenError, match=agency):
            require_agency(who, agency, access)  # type: ignore[arg-type]


def test_require_role() -> None:
    require_role(principal("a", "officer"), "officer", "admin")

    with pytest.raises(ForbiddenError, match="admin"):
        require_role(principal("a", "officer"), "admin")
