"""Authentication (HS256 JWT with agency and role claims) and agency-scoped authorisation.

Errors here know nothing of HTTP; :func:`shared.http.install_problem_handlers` maps
``AuthenticationError`` to 401 and ``ForbiddenError`` to 403 problem responses.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

import jwt
from fastapi import Depends, FastAPI, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

Role = Literal["officer", "analyst", "admin", "integrator"]
Access = Literal["read", "write"]

ALGORITHM = "HS256"
_VERIFIED_TOKENS_KEPT = 4096
_CUSTOM_CLAIMS = ("agency", "roles")
_WRITER_ROLES: frozenset[Role] = frozenset({"officer", "integrator", "admin"})
_bearer = HTTPBearer(auto_error=False, description="JWT (HS256) with agency and roles claims.")


class AuthenticationError(Exception):
    """The caller could not be authenticated; ``reason`` says why (safe to show them)."""

    def __init__(self, reason: str, *, credentials_given: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.credentials_given = credentials_given


class ForbiddenError(Exception):
    """The caller is authenticated but may not do this."""


class Principal(BaseModel):
    """Who is calling: a subject acting for one agency with a set of roles."""

    model_config = ConfigDict(frozen=True)

    subject: str = Field(min_length=1)
    agency: str = Field(min_length=1)
    roles: frozenset[Role]


def mint_token(
    secret: SecretStr,
    *,
    subject: str,
    agency: str,
    roles: Iterable[Role],
    issuer: str,
    ttl: timedelta,
    now: datetime | None = None,
) -> str:
    """Sign a token for ``subject`` acting for ``agency``, valid for ``ttl``."""
    issued_at = now or datetime.now(UTC)
    claims = {
        "sub": subject,
        "agency": agency,
        "roles": sorted(set(roles)),
        "iss": issuer,
        "iat": issued_at,
        "exp": issued_at + ttl,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, secret.get_secret_value(), algorithm=ALGORITHM)


def verify_token(secret: SecretStr, token: str, issuer: str) -> Principal:
    """Check signature, expiry, issuer and claims; raise ``AuthenticationError`` if any fails."""
    return _verified(secret, token, issuer)[0]


def _verified(secret: SecretStr, token: str, issuer: str) -> tuple[Principal, float]:
    """The token's principal and its expiry (POSIX seconds), once every check passed."""
    claims = _decode(secret, token, issuer)
    for claim in _CUSTOM_CLAIMS:
        if claim not in claims:
            raise AuthenticationError(f"missing claim '{claim}'")
    try:
        principal = Principal(subject=claims["sub"], agency=claims["agency"], roles=claims["roles"])
    except ValidationError as error:
        fields = ", ".join(str(e["loc"][0]) for e in error.errors() if e["loc"])
        raise AuthenticationError(f"invalid claims: {fields}") from error
    return principal, float(claims["exp"])


def _decode(secret: SecretStr, token: str, issuer: str) -> dict[str, Any]:
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            secret.get_secret_value(),
            algorithms=[ALGORITHM],
            issuer=issuer,
            options={"require": ["exp", "iat", "iss", "sub"]},
        )
    except jwt.ExpiredSignatureError as error:
        raise AuthenticationError("token expired") from error
    except jwt.InvalidSignatureError as error:
        raise AuthenticationError("bad signature") from error
    except jwt.MissingRequiredClaimError as error:
        raise AuthenticationError(f"missing claim '{error.claim}'") from error
    except jwt.InvalidIssuerError as error:
        raise AuthenticationError("wrong issuer") from error
    except jwt.InvalidAlgorithmError as error:
        raise AuthenticationError("algorithm not allowed") from error
    except jwt.DecodeError as error:
        raise AuthenticationError("malformed token") from error
    except jwt.InvalidTokenError as error:
        raise AuthenticationError(f"invalid token ({type(error).__name__})") from error
    return claims


@dataclass(frozen=True)
class TokenIssuer:
    """Mints and verifies the tokens of one issuer with one secret.

    A token it verified is answered from memory until it expires: its signature, issuer and
    claims cannot change, and a request is authenticated twice (before its body is read, and
    by its route), by clients that send the same token for hours.
    """

    secret: SecretStr
    issuer: str
    ttl: timedelta = timedelta(hours=8)
    _verified: dict[str, tuple[Principal, float]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def mint(
        self, *, subject: str, agency: str, roles: Iterable[Role], ttl: timedelta | None = None
    ) -> str:
        """Sign a token (default lifetime ``self.ttl``)."""
        return mint_token(
            self.secret,
            subject=subject,
            agency=agency,
            roles=roles,
            issuer=self.issuer,
            ttl=ttl or self.ttl,
        )

    def verify(self, token: str) -> Principal:
        """Verify a token of this issuer; raise ``AuthenticationError`` if it is not valid."""
        known = self._verified.get(token)
        if known is not None and time.time() < known[1]:
            return known[0]
        principal, expires = _verified(self.secret, token, self.issuer)
        if len(self._verified) >= _VERIFIED_TOKENS_KEPT:
            self._verified.clear()  # rare: as many tokens in use as the bound
        self._verified[token] = (principal, expires)
        return principal

    def authenticate(self, credentials: HTTPAuthorizationCredentials | None) -> Principal:
        """The principal of a request's bearer credentials (``None`` when there were none)."""
        if credentials is None:
            raise AuthenticationError("missing bearer token", credentials_given=False)
        return self.verify(credentials.credentials)

    def authenticate_header(self, authorization: str | None) -> Principal:
        """The principal of an ``Authorization`` header, checked as :data:`CurrentPrincipal`
        checks it: usable before a request's body is read."""
        return self.authenticate(bearer_credentials(authorization))


def bearer_credentials(authorization: str | None) -> HTTPAuthorizationCredentials | None:
    """The bearer credentials of an ``Authorization`` header, read as ``HTTPBearer`` reads them
    (``None`` if there are none, or another scheme)."""
    scheme, credentials = get_authorization_scheme_param(authorization)
    if not (authorization and scheme and credentials) or scheme.lower() != "bearer":
        return None
    return HTTPAuthorizationCredentials(scheme=scheme, credentials=credentials)


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def principal_dependency(secret: SecretStr, issuer: str) -> Callable[..., Awaitable[Principal]]:
    """A FastAPI dependency returning the request's ``Principal`` (or raising a 401 error)."""
    tokens = TokenIssuer(secret=secret, issuer=issuer)

    async def authenticated_principal(credentials: Credentials) -> Principal:
        return tokens.authenticate(credentials)

    return authenticated_principal


def install_authentication(app: FastAPI, tokens: TokenIssuer) -> None:
    """Make ``CurrentPrincipal`` work in ``app``'s routes (call from the service's bootstrap)."""
    app.state.tdkt_tokens = tokens


async def current_principal(request: Request, credentials: Credentials) -> Principal:
    """Dependency behind ``CurrentPrincipal``: verifies with the app's installed issuer."""
    tokens = getattr(request.app.state, "tdkt_tokens", None)
    if not isinstance(tokens, TokenIssuer):
        raise RuntimeError("install_authentication(app, ...) was not called for this app")
    return tokens.authenticate(credentials)


#: Route parameter alias: ``def route(principal: CurrentPrincipal) -> ...``.
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def may_access(principal: Principal, agency: str, access: Access) -> bool:
    """Admins and analysts may read every agency; everyone else, and every write, stays home.

    Writing needs the officer, integrator or admin role *and* the principal's own agency.
    """
    if access == "read" and principal.roles & {"admin", "analyst"}:
        return True
    if principal.agency != agency:
        return False
    return access == "read" or bool(principal.roles & _WRITER_ROLES)


def require_agency(principal: Principal, agency: str, access: Access = "write") -> None:
    """Raise ``ForbiddenError`` unless ``principal`` may ``access`` ``agency``'s data."""
    if not may_access(principal, agency, access):
        raise ForbiddenError(f"{principal.subject} may not {access} data of agency {agency}")


def require_role(principal: Principal, *roles: Role) -> None:
    """Raise ``ForbiddenError`` unless ``principal`` holds one of ``roles``."""
    if not principal.roles.intersection(roles):
        raise ForbiddenError(f"requires one of the roles: {', '.join(sorted(roles))}")
