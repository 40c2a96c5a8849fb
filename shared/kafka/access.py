"""Who may do what on the broker: one principal per service, least privilege, and setting it up.

The broker authenticates every client (SASL/SCRAM-SHA-512) and authorises each request by ACL
(``StandardAuthorizer``, ``allow.everyone.if.no.acl.found=false``): a principal no rule names
may do nothing, and an anonymous client cannot even connect. :class:`AccessPlan` says which
rules a deployment needs (all literal names, except the integrators' group prefixes):

=================  ================================================================
principal          may
=================  ================================================================
registry           write (and describe) ``<prefix>.registry.events`` and the
                   ownership topic ``<prefix>.ownership.events``; read the latter
awards             write ``<prefix>.awards.events`` and ``<prefix>.<awards group>.dlq``;
                   read ``<prefix>.registry.events`` as group ``<awards group>``
reporting          read every instance's event topics as group ``<reporting group>``
                   (and, without a group, for ``tdkt rebuild``); write
                   ``<prefix>.<reporting group>.dlq``
integrator         read every instance's event topics, as groups whose names start
                   with ``<username>-``
``<i>-registry``   (a province's instance ``<i>``) write ``<prefix>.<i>.registry.events``
``<i>-awards``     write ``<prefix>.<i>.awards.events`` and the dead-letter topic of group
                   ``<awards group>-<i>``; read ``<prefix>.<i>.registry.events`` as that group
everyone above     read the ownership topic (no group: it is read whole, in assign mode)
admin              super user (``super.users``): creates topics, users and ACLs
=================  ================================================================

The ownership topic has one partition whatever the other topics have: the ministry's
assignments are read in the order they were recorded. A province's instance is given in
``AccessPlan.instances`` (the whole deployment at once), or added to a provisioned deployment
with :func:`provision_instance`; either way only that instance's users can write its topics,
and no instance's users can write another's, the national ones, or the ownership topic.

Writing a topic lets a producer be idempotent (``InitProducerId``, KIP-679): no principal
needs a cluster-wide permission. Read and Write imply Describe; Describe is granted explicitly
anyway, so each rule reads as what the client does.

SCRAM users and ACLs are created through the Kafka protocol (``AlterUserScramCredentials``,
``CreateAcls``, ``DeleteAcls``) with aiokafka's client, so that the launcher, the tests and the
compose setup job provision in milliseconds without starting a JVM tool. Every call is
idempotent: an existing user gets the given password, an existing ACL stays as it is.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, ClassVar

from aiokafka.client import AIOKafkaClient
from aiokafka.errors import for_code
from aiokafka.protocol.admin import (
    CreateAclsRequest_v1,
    DeleteAclsRequest_v1,
    DescribeAclsRequest_v1,
)
from aiokafka.protocol.api import Request, RequestStruct, Response
from aiokafka.protocol.types import (
    CompactArray,
    CompactBytes,
    CompactString,
    Int8,
    Int16,
    Int32,
    Schema,
    TaggedFields,
)
from pydantic import SecretStr

from shared.instances.names import NATIONAL, check_instance_name
from shared.kafka.security import KafkaCredentials, SaslMechanism, aiokafka_options
from shared.kafka.topics import TopicNames, ensure_topics

DEFAULT_INTEGRATOR = "integrator"
SCRAM_ITERATIONS = 8192
"""PBKDF2 rounds of a stored SCRAM credential (Kafka accepts 4096 to 16384)."""


class Operation(IntEnum):
    """Kafka's ``AclOperation`` codes (the ones the plan uses, and the ``ANY`` filter)."""

    ANY = 1
    READ = 3
    WRITE = 4
    CREATE = 5
    DESCRIBE = 8


class ResourceType(IntEnum):
    ANY = 1
    TOPIC = 2
    GROUP = 3
    CLUSTER = 4


class PatternType(IntEnum):
    ANY = 1
    LITERAL = 3
    PREFIXED = 4


_ALLOW = 3
_ANY_PERMISSION = 1
_RESOURCE_NOT_FOUND = frozenset({91})  # deleting a user that has no such credential
_SCRAM_CODES: Mapping[SaslMechanism, int] = {"SCRAM-SHA-256": 1, "SCRAM-SHA-512": 2}
_SCRAM_HASHES: Mapping[SaslMechanism, str] = {"SCRAM-SHA-256": "sha256", "SCRAM-SHA-512": "sha512"}


class AccessSetupError(RuntimeError):
    """The broker refused to create a user or an ACL (the message says which and why)."""


@dataclass(frozen=True, order=True)
class AclRule:
    """``ALLOW <principal> <operation> on <resource> <name>`` (literal name, or a prefix)."""

    principal: str
    resource: ResourceType
    name: str
    operation: Operation
    pattern: PatternType = PatternType.LITERAL

    def __str__(self) -> str:
        matching = "prefixed " if self.pattern == PatternType.PREFIXED else ""
        return (
            f"{self.principal} may {self.operation.name} {self.resource.name.lower()} "
            f"{matching}{self.name!r}"
        )


@dataclass(frozen=True)
class ServiceUsers:
    """The SCRAM user names of the services (each is the principal ``User:<name>``)."""

    registry: str = "registry"
    awards: str = "awards"
    reporting: str = "reporting"


@dataclass(frozen=True)
class InstanceUsers:
    """The SCRAM user names of a province's instance: ``<user prefix><instance>-<service>``."""

    registry: str
    awards: str


@dataclass(frozen=True)
class AccessPlan:
    """The topics and the ACLs one deployment (one topic prefix) needs.

    ``instances`` are the provinces' own instances (not ``national``); their users are named
    ``<instance_user_prefix><instance>-registry`` and ``…-awards``.
    """

    topics: TopicNames = field(default_factory=TopicNames)
    awards_group: str = "tdkt-awards"
    reporting_group: str = "tdkt-reporting"
    users: ServiceUsers = field(default_factory=ServiceUsers)
    integrators: tuple[str, ...] = (DEFAULT_INTEGRATOR,)
    instances: tuple[str, ...] = ()
    instance_user_prefix: str = ""

    def __post_init__(self) -> None:
        for instance in self.instances:
            _province(instance)

    @property
    def usernames(self) -> list[str]:
        """Every user the plan names (services, integrators, then the instances' users)."""
        names = [self.users.registry, self.users.awards, self.users.reporting]
        names += self.integrators
        for instance in self.instances:
            names += self.instance_usernames(instance)
        return list(dict.fromkeys(names))

    def instance_users(self, instance: str) -> InstanceUsers:
        """The users of a province's instance ``instance``."""
        name = f"{self.instance_user_prefix}{_province(instance)}"
        return InstanceUsers(registry=f"{name}-registry", awards=f"{name}-awards")

    def instance_usernames(self, instance: str) -> list[str]:
        users = self.instance_users(instance)
        return [users.registry, users.awards]

    def instance_group(self, instance: str) -> str:
        """The consumer group of ``instance``'s awards service: ``<awards group>-<instance>``."""
        return f"{self.awards_group}-{_province(instance)}"

    def topics_to_create(self) -> list[str]:
        """The event topics and the dead-letter topics of every consumer group, the ownership
        topic (one partition: :meth:`single_partition_topics`) and every instance's topics."""
        topics = [
            self.topics.registry_events,
            self.topics.awards_events,
            self.topics.dead_letter(self.awards_group),
            self.topics.dead_letter(self.reporting_group),
            self.topics.ownership_events,
        ]
        for instance in self.instances:
            topics += self.instance_topics(instance)
        return topics

    def single_partition_topics(self) -> list[str]:
        """The topics created with one partition whatever the deployment's partition count."""
        return [self.topics.ownership_events]

    def instance_topics(self, instance: str) -> list[str]:
        """The topics of a province's instance: its event topics and its awards' dead letters."""
        return [
            self.topics.registry_events_of(instance),
            self.topics.awards_events_of(instance),
            self.topics.dead_letter(self.instance_group(instance)),
        ]

    def rules(self) -> list[AclRule]:
        """Every ACL of the plan, sorted (no duplicates)."""
        topics, users = self.topics, self.users
        ownership = topics.ownership_events
        rules = [
            *_writes(users.registry, topics.registry_events, ownership),
            *_reads(users.registry, ownership),
            *_writes(users.awards, topics.awards_events),
            *_reads(users.awards, topics.registry_events, ownership),
            *_group(users.awards, self.awards_group),
            *_writes(users.awards, topics.dead_letter(self.awards_group)),
            *_reads(users.reporting, topics.registry_events, topics.awards_events, ownership),
            *_group(users.reporting, self.reporting_group),
            *_writes(users.reporting, topics.dead_letter(self.reporting_group)),
        ]
        for integrator in self.integrators:
            rules += integrator_rules(topics, integrator, self.instances)
        for instance in self.instances:
            rules += self.instance_rules(instance)
        return sorted(set(rules))

    def instance_rules(self, instance: str) -> list[AclRule]:
        """The ACLs a province's instance adds: its own users', and reading its event topics
        for reporting and the integrators."""
        topics, users = self.topics, self.instance_users(instance)
        registry_topic = topics.registry_events_of(instance)
        awards_topic = topics.awards_events_of(instance)
        group = self.instance_group(instance)
        rules = [
            *_writes(users.registry, registry_topic),
            *_reads(users.registry, topics.ownership_events),
            *_writes(users.awards, awards_topic, topics.dead_letter(group)),
            *_reads(users.awards, registry_topic, topics.ownership_events),
            *_group(users.awards, group),
            *_reads(self.users.reporting, registry_topic, awards_topic),
        ]
        for integrator in self.integrators:
            rules += _reads(integrator, registry_topic, awards_topic)
        return sorted(set(rules))


def _province(instance: str) -> str:
    """``instance`` unchanged if it names a province's instance; ``ValueError`` otherwise."""
    if check_instance_name(instance) == NATIONAL:
        raise ValueError(
            "the national instance is the deployment's own (AccessPlan's services): name only "
            "provinces' instances, e.g. sct-01"
        )
    return instance


def integrator_rules(
    topics: TopicNames, username: str, instances: Iterable[str] = ()
) -> list[AclRule]:
    """Read-only: every instance's event topics and the ownership topic, as consumer groups
    named ``<username>-…``."""
    readable = [topics.registry_events, topics.awards_events, topics.ownership_events]
    for instance in instances:
        readable += [topics.registry_events_of(instance), topics.awards_events_of(instance)]
    return [
        *_reads(username, *readable),
        *_group(username, f"{username}-", PatternType.PREFIXED),
    ]


def integrator_group_prefix(username: str) -> str:
    """The prefix every consumer group of integrator ``username`` must start with."""
    return f"{username}-"


def _principal(username: str) -> str:
    return f"User:{username}"


def _writes(username: str, *topics: str) -> list[AclRule]:
    return [
        AclRule(_principal(username), ResourceType.TOPIC, topic, operation)
        for topic in topics
        for operation in (Operation.WRITE, Operation.DESCRIBE)
    ]


def _reads(username: str, *topics: str) -> list[AclRule]:
    return [
        AclRule(_principal(username), ResourceType.TOPIC, topic, operation)
        for topic in topics
        for operation in (Operation.READ, Operation.DESCRIBE)
    ]


def _group(username: str, group: str, pattern: PatternType = PatternType.LITERAL) -> list[AclRule]:
    return [AclRule(_principal(username), ResourceType.GROUP, group, Operation.READ, pattern)]


# --- setting it up on a broker ----------------------------------------------------------------


async def provision(
    bootstrap_servers: str,
    admin: KafkaCredentials,
    plan: AccessPlan,
    passwords: Mapping[str, str | SecretStr],
    *,
    partitions: int = 3,
) -> None:
    """Create the plan's topics, its users (with ``passwords``) and its ACLs; idempotent.

    ``passwords`` must name every user of the plan. ``admin`` must be a super user. The
    ownership topic gets one partition, the others ``partitions``. Returns once the broker
    enforces the ACLs (and knows the users), so clients may connect at once.
    """
    users = _passwords_of(plan.usernames, passwords)
    await _provision(
        bootstrap_servers, admin, plan.topics_to_create(), plan, users, plan.rules(), partitions
    )


async def provision_instance(
    bootstrap_servers: str,
    admin: KafkaCredentials,
    plan: AccessPlan,
    instance: str,
    passwords: Mapping[str, str | SecretStr],
    *,
    partitions: int = 3,
) -> None:
    """Add a province's instance to a deployment provisioned with ``plan``: its topics, its two
    users (``plan.instance_users(instance)``, with ``passwords``) and its ACLs, including the
    reporting service's and the plan's integrators' reading of its topics; idempotent.

    The deployment's own topics and users are left as they are (the ownership topic is
    created if missing, with one partition)."""
    users = _passwords_of(plan.instance_usernames(instance), passwords)
    topics = [*plan.instance_topics(instance), *plan.single_partition_topics()]
    rules = plan.instance_rules(instance)
    await _provision(bootstrap_servers, admin, topics, plan, users, rules, partitions)


def _passwords_of(
    usernames: Sequence[str], passwords: Mapping[str, str | SecretStr]
) -> dict[str, str | SecretStr]:
    missing = [name for name in usernames if name not in passwords]
    if missing:
        raise ValueError(f"no password for Kafka user(s) {missing}")
    return {name: passwords[name] for name in usernames}


async def _provision(
    bootstrap_servers: str,
    admin: KafkaCredentials,
    topics: Sequence[str],
    plan: AccessPlan,
    users: Mapping[str, str | SecretStr],
    rules: Sequence[AclRule],
    partitions: int,
) -> None:
    single = [topic for topic in topics if topic in plan.single_partition_topics()]
    spread = [topic for topic in topics if topic not in single]
    async with AdminSession(bootstrap_servers, admin) as session:
        await asyncio.gather(
            ensure_topics(bootstrap_servers, spread, partitions, credentials=admin),
            ensure_topics(bootstrap_servers, single, 1, credentials=admin),
            session.grant(users, rules),
        )


class AdminSession:
    """One authenticated connection for the admin requests aiokafka's admin client lacks."""

    def __init__(
        self, bootstrap_servers: str, admin: KafkaCredentials, *, timeout_s: float = 30.0
    ) -> None:
        self._client = AIOKafkaClient(
            bootstrap_servers=bootstrap_servers,
            client_id="tdkt-access",
            request_timeout_ms=int(timeout_s * 1000),
            **aiokafka_options(admin),
        )

    async def __aenter__(self) -> AdminSession:
        try:
            await self._client.bootstrap()
        except BaseException:
            await self._client.close()
            raise
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._client.close()

    async def _send(self, request: Request[Any]) -> Any:
        return await self._client.send(self._client.get_random_node(), request)

    async def grant(self, users: Mapping[str, str | SecretStr], rules: Sequence[AclRule]) -> None:
        """Create (or update) ``users``, then ``rules``; return once the broker enforces them.

        The controller commits both before answering; the broker applies its metadata a moment
        later, in order, so the rules being visible means the users are too.
        """
        await self.upsert_users(users)
        await self.create_acls(rules)
        await self.wait_until_visible(rules)

    async def wait_until_visible(self, rules: Sequence[AclRule], timeout_s: float = 10.0) -> None:
        """Poll ``DescribeAcls`` until the broker's authorizer has every rule."""
        principals = sorted({rule.principal for rule in rules})
        async with asyncio.timeout(timeout_s):
            while True:
                described = await asyncio.gather(*map(self.acls_of, principals))
                if set(rules) <= {rule for found in described for rule in found}:
                    return
                await asyncio.sleep(0.02)

    async def upsert_users(
        self,
        users: Mapping[str, str | SecretStr],
        *,
        mechanism: SaslMechanism = "SCRAM-SHA-512",
        iterations: int = SCRAM_ITERATIONS,
    ) -> None:
        """Create each user with its password, or give an existing user that password."""
        if not users:
            return
        upsertions = [
            _scram_upsertion(name, _secret(password), mechanism, iterations)
            for name, password in users.items()
        ]
        response = await self._send(_AlterUserScramCredentials([], upsertions))
        _raise_user_errors(response, "could not set the password of")

    async def delete_users(
        self, usernames: Iterable[str], *, mechanism: SaslMechanism = "SCRAM-SHA-512"
    ) -> None:
        """Delete the users' SCRAM credentials (they can no longer authenticate)."""
        deletions: list[tuple[Any, ...]] = [
            (name, _SCRAM_CODES[mechanism], {}) for name in usernames
        ]
        if deletions:
            response = await self._send(_AlterUserScramCredentials(deletions, []))
            _raise_user_errors(response, "could not delete", ignore=_RESOURCE_NOT_FOUND)

    async def create_acls(self, rules: Sequence[AclRule]) -> None:
        """Create the ALLOW rules (one request; an existing rule is left as it is)."""
        if not rules:
            return
        response = await self._send(_CreateAcls([_binding(rule) for rule in rules]))
        for rule, (code, message) in zip(rules, response.creation_responses, strict=True):
            if code:
                raise AccessSetupError(f"could not create the ACL {rule}: {_error(code, message)}")

    async def delete_acls(self, principal: str) -> int:
        """Delete every ACL naming ``principal`` (``User:<name>``); return how many."""
        any_filter = (ResourceType.ANY, None, PatternType.ANY, principal, None, Operation.ANY)
        response = await self._send(_DeleteAcls([(*any_filter, _ANY_PERMISSION)]))
        deleted = 0
        for code, message, matching in response.filter_responses:
            if code:
                raise AccessSetupError(f"could not delete the ACLs of {principal}: {message}")
            deleted += len(matching)
        return deleted

    async def acls_of(self, principal: str) -> list[AclRule]:
        """The ALLOW rules naming ``principal``."""
        request = _DescribeAcls(
            (ResourceType.ANY, None, PatternType.ANY, principal, None, Operation.ANY, _ALLOW)
        )
        response = await self._send(request)
        if response.error_code:
            raise AccessSetupError(_error(response.error_code, response.error_message))
        return sorted(
            AclRule(
                acl_principal,
                ResourceType(resource_type),
                name,
                Operation(operation),
                PatternType(pattern),
            )
            for resource_type, name, pattern, acls in response.resources
            for acl_principal, _host, operation, _permission in acls
        )


def _secret(password: str | SecretStr) -> str:
    return password.get_secret_value() if isinstance(password, SecretStr) else password


def scram_salted_password(
    password: str, salt: bytes, iterations: int, mechanism: SaslMechanism = "SCRAM-SHA-512"
) -> bytes:
    """RFC 5802 ``Hi(password, salt, i)``: what a SCRAM credential stores (with the salt)."""
    return hashlib.pbkdf2_hmac(_SCRAM_HASHES[mechanism], password.encode(), salt, iterations)


def _scram_upsertion(
    name: str, password: str, mechanism: SaslMechanism, iterations: int
) -> tuple[Any, ...]:
    if mechanism not in _SCRAM_CODES:
        raise ValueError(f"{mechanism} is not a SCRAM mechanism")
    salt = os.urandom(32)
    salted = scram_salted_password(password, salt, iterations, mechanism)
    return (name, _SCRAM_CODES[mechanism], iterations, salt, salted, {})


def _binding(rule: AclRule) -> tuple[Any, ...]:
    return (rule.resource, rule.name, rule.pattern, rule.principal, "*", rule.operation, _ALLOW)


def _error(code: int, message: str | None) -> str:
    name = for_code(code).__name__
    name = f"error {code}" if name == "UnknownError" else name
    return f"{name}: {message}" if message else name


def _raise_user_errors(response: Any, doing: str, ignore: frozenset[int] = frozenset()) -> None:
    for user, code, message in (entry[:3] for entry in response.results):
        if code and code not in ignore:
            raise AccessSetupError(f"{doing} Kafka user {user!r}: {_error(code, message)}")


# --- the requests aiokafka defines no builder for ---------------------------------------------


class _AlterUserScramCredentialsResponse_v0(Response):  # type: ignore[misc]  # noqa: N801
    API_KEY = 51
    API_VERSION = 0
    SCHEMA = Schema(
        ("throttle_time_ms", Int32),
        (
            "results",
            CompactArray(
                ("user", CompactString("utf-8")),
                ("error_code", Int16),
                ("error_message", CompactString("utf-8")),
                ("tags", TaggedFields),
            ),
        ),
        ("tags", TaggedFields),
    )


class _AlterUserScramCredentialsRequest_v0(RequestStruct):  # type: ignore[misc]  # noqa: N801
    FLEXIBLE_VERSION = True
    API_KEY = 51
    API_VERSION = 0
    RESPONSE_TYPE = _AlterUserScramCredentialsResponse_v0
    SCHEMA = Schema(
        (
            "deletions",
            CompactArray(
                ("name", CompactString("utf-8")), ("mechanism", Int8), ("tags", TaggedFields)
            ),
        ),
        (
            "upsertions",
            CompactArray(
                ("name", CompactString("utf-8")),
                ("mechanism", Int8),
                ("iterations", Int32),
                ("salt", CompactBytes),
                ("salted_password", CompactBytes),
                ("tags", TaggedFields),
            ),
        ),
        ("tags", TaggedFields),
    )


class _AlterUserScramCredentials(Request[_AlterUserScramCredentialsRequest_v0]):  # type: ignore[misc]  # aiokafka is untyped
    API_KEY = 51

    def __init__(self, deletions: list[tuple[Any, ...]], upsertions: list[tuple[Any, ...]]):
        self._deletions = deletions
        self._upsertions = upsertions

    def build(
        self, request_struct_class: type[_AlterUserScramCredentialsRequest_v0]
    ) -> _AlterUserScramCredentialsRequest_v0:
        return request_struct_class(self._deletions, self._upsertions, {})


class _CreateAcls(Request[CreateAclsRequest_v1]):  # type: ignore[misc]  # aiokafka is untyped
    """Several creations in one request (aiokafka's ``CreateAclsRequest`` sends one)."""

    API_KEY = 30

    def __init__(self, creations: list[tuple[Any, ...]]):
        self._creations = creations

    def build(self, request_struct_class: type[CreateAclsRequest_v1]) -> CreateAclsRequest_v1:
        return request_struct_class(self._creations)


class _DeleteAcls(Request[DeleteAclsRequest_v1]):  # type: ignore[misc]  # aiokafka is untyped
    API_KEY = 31

    def __init__(self, filters: list[tuple[Any, ...]]):
        self._filters = filters

    def build(self, request_struct_class: type[DeleteAclsRequest_v1]) -> DeleteAclsRequest_v1:
        return request_struct_class(self._filters)


class _DescribeAcls(Request[DescribeAclsRequest_v1]):  # type: ignore[misc]  # aiokafka is untyped
    API_KEY = 29
    _FIELDS: ClassVar[int] = 7

    def __init__(self, acl_filter: tuple[Any, ...]):
        if len(acl_filter) != self._FIELDS:
            raise ValueError("an ACL filter has 7 fields")
        self._filter = acl_filter

    def build(self, request_struct_class: type[DescribeAclsRequest_v1]) -> DescribeAclsRequest_v1:
        return request_struct_class(*self._filter)
