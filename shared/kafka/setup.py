"""``python -m shared.kafka.setup``: the broker's topics, users and ACLs for one deployment.

Run as the broker's super user (``admin``) by the compose file's ``kafka-setup`` job before the
services start, and by operators::

    python -m shared.kafka.setup                      # topics, service users, ACLs (idempotent)
    python -m shared.kafka.setup instance NAME        # a province's instance: topics, users, ACLs
    python -m shared.kafka.setup integrator NAME      # a read-only user for an integrator
    python -m shared.kafka.setup revoke NAME          # delete a user and every ACL naming it

Configured by ``TDKT_KAFKA_SETUP_*`` variables (:class:`KafkaSetupSettings`). ``integrator``
makes up a password, gives ``NAME`` read access to every instance's event topics and the
ownership topic as consumer groups named ``NAME-…``
(:func:`shared.kafka.access.integrator_rules`), and prints the password once; running it again
gives the user a new password.

**Provinces' own instances.** ``instance NAME`` (e.g. ``sct-01``) adds one to a deployment
already set up: it creates ``<prefix>.NAME.registry.events``, ``<prefix>.NAME.awards.events``
and the dead-letter topic of the instance's awards group ``<awards group>-NAME``, the users
``NAME-registry`` and ``NAME-awards`` with new random passwords (printed once: running it again
gives them new ones), their ACLs, and the reporting user's and the configured integrator's
reading of the new topics (:func:`shared.kafka.access.provision_instance`). An integrator
created earlier with ``integrator NAME`` reads the new instance once that command is run again
with the instance in ``TDKT_KAFKA_SETUP_INSTANCES``.

The full setup includes the instances named by ``TDKT_KAFKA_SETUP_INSTANCES`` (``sct-01,sct-79``
or JSON ``["sct-01"]``), with the passwords their users must have in
``TDKT_KAFKA_SETUP_INSTANCE_PASSWORDS``, a JSON object naming every one of them::

    TDKT_KAFKA_SETUP_INSTANCES=sct-01
    TDKT_KAFKA_SETUP_INSTANCE_PASSWORDS='{"sct-01-registry": "…", "sct-01-awards": "…"}'

The ownership topic ``<prefix>.ownership.events`` always has one partition.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.kafka.access import (
    AccessPlan,
    AdminSession,
    ServiceUsers,
    integrator_group_prefix,
    integrator_rules,
    provision,
    provision_instance,
)
from shared.kafka.security import KafkaCredentials, SaslMechanism, SaslProtocol
from shared.kafka.topics import BrokerUnavailable, TopicNames, wait_for_kafka
from shared.settings import InstanceList


class KafkaSetupSettings(BaseSettings):
    """What the setup needs: the admin's credentials, and who the services and groups are."""

    model_config = SettingsConfigDict(env_prefix="TDKT_KAFKA_SETUP_", extra="forbid", frozen=True)

    bootstrap_servers: str = "127.0.0.1:9092"
    admin_username: str = "admin"
    admin_password: SecretStr
    sasl_mechanism: SaslMechanism = "SCRAM-SHA-512"
    security_protocol: SaslProtocol = "SASL_PLAINTEXT"
    ssl_cafile: Path | None = None
    topic_prefix: str = "tdkt"
    partitions: int = Field(default=3, ge=1)
    awards_consumer_group: str = "tdkt-awards"
    reporting_consumer_group: str = "tdkt-reporting"
    registry_username: str = "registry"
    registry_password: SecretStr | None = None
    awards_username: str = "awards"
    awards_password: SecretStr | None = None
    reporting_username: str = "reporting"
    reporting_password: SecretStr | None = None
    integrator_username: str = "integrator"
    integrator_password: SecretStr | None = Field(
        default=None, description="Unset or empty: no integrator user is created."
    )
    instances: InstanceList = Field(
        default=(),
        description="Provinces' own instances the full setup includes (sct-01,sct-79 or JSON).",
    )
    instance_passwords: dict[str, SecretStr] = Field(
        default_factory=dict,
        description='The passwords of the instances\' users, JSON: {"sct-01-registry": "…", '
        '"sct-01-awards": "…"}.',
    )
    startup_timeout_s: float = Field(default=60, gt=0)

    @property
    def admin(self) -> KafkaCredentials:
        return KafkaCredentials(
            username=self.admin_username,
            password=self.admin_password,
            mechanism=self.sasl_mechanism,
            security_protocol=self.security_protocol,
            ssl_cafile=self.ssl_cafile,
        )

    @property
    def topics(self) -> TopicNames:
        return TopicNames(prefix=self.topic_prefix)

    def plan(self) -> AccessPlan:
        """The deployment's topics and ACLs (the integrator only if it has a password)."""
        integrators = (self.integrator_username,) if self._integrator_password() else ()
        return AccessPlan(
            topics=self.topics,
            awards_group=self.awards_consumer_group,
            reporting_group=self.reporting_consumer_group,
            users=ServiceUsers(
                registry=self.registry_username,
                awards=self.awards_username,
                reporting=self.reporting_username,
            ),
            integrators=integrators,
            instances=self.instances,
        )

    def passwords(self) -> dict[str, SecretStr]:
        """Each user's password; raises ``ValueError`` naming a missing one."""
        given = {
            self.registry_username: ("registry_password", self.registry_password),
            self.awards_username: ("awards_password", self.awards_password),
            self.reporting_username: ("reporting_password", self.reporting_password),
        }
        missing = [field for field, password in given.values() if not _filled(password)]
        if missing:
            names = ", ".join(f"TDKT_KAFKA_SETUP_{field.upper()}" for field in missing)
            raise ValueError(f"set {names}")
        passwords = {name: password for name, (_, password) in given.items() if password}
        integrator = self._integrator_password()
        if integrator is not None:
            passwords[self.integrator_username] = integrator
        return passwords | self._instances_passwords()

    def _instances_passwords(self) -> dict[str, SecretStr]:
        plan = self.plan()
        wanted = [name for instance in self.instances for name in plan.instance_usernames(instance)]
        missing = [name for name in wanted if not _filled(self.instance_passwords.get(name))]
        if missing:
            raise ValueError(
                "set TDKT_KAFKA_SETUP_INSTANCE_PASSWORDS to a JSON object giving the password "
                f"of {', '.join(missing)}"
            )
        return {name: self.instance_passwords[name] for name in wanted}

    def _integrator_password(self) -> SecretStr | None:
        return self.integrator_password if _filled(self.integrator_password) else None


def _filled(password: SecretStr | None) -> bool:
    return password is not None and bool(password.get_secret_value())


async def set_up(settings: KafkaSetupSettings) -> AccessPlan:
    """Wait for the broker, then create the topics, the users and the ACLs."""
    passwords = settings.passwords()
    await _wait(settings)
    plan = settings.plan()
    await provision(
        settings.bootstrap_servers,
        settings.admin,
        plan,
        passwords,
        partitions=settings.partitions,
    )
    return plan


async def add_integrator(settings: KafkaSetupSettings, username: str) -> KafkaCredentials:
    """Create (or give a new password to) a read-only integrator user; return its credentials."""
    credentials = KafkaCredentials(
        username=username,
        password=SecretStr(secrets.token_urlsafe(24)),
        mechanism=settings.sasl_mechanism,
        security_protocol=settings.security_protocol,
    )
    await _wait(settings)
    async with AdminSession(settings.bootstrap_servers, settings.admin) as session:
        rules = integrator_rules(settings.topics, username, settings.instances)
        await session.grant({username: credentials.password}, rules)
    return credentials


async def add_instance(settings: KafkaSetupSettings, instance: str) -> dict[str, KafkaCredentials]:
    """Create (or give new passwords to) a province's instance: its topics, its two users and
    their ACLs; return the users' credentials, by role (``registry``, ``awards``)."""
    plan = settings.plan()
    users = plan.instance_users(instance)
    credentials = {
        role: KafkaCredentials(
            username=username,
            password=SecretStr(secrets.token_urlsafe(24)),
            mechanism=settings.sasl_mechanism,
            security_protocol=settings.security_protocol,
        )
        for role, username in (("registry", users.registry), ("awards", users.awards))
    }
    passwords = {item.username: item.password for item in credentials.values()}
    await _wait(settings)
    await provision_instance(
        settings.bootstrap_servers,
        settings.admin,
        plan,
        instance,
        passwords,
        partitions=settings.partitions,
    )
    return credentials


async def revoke(settings: KafkaSetupSettings, username: str) -> int:
    """Delete ``username``'s SCRAM credential and every ACL naming it; return the ACLs deleted."""
    await _wait(settings)
    async with AdminSession(settings.bootstrap_servers, settings.admin) as session:
        await session.delete_users([username], mechanism=settings.sasl_mechanism)
        return await session.delete_acls(f"User:{username}")


async def _wait(settings: KafkaSetupSettings) -> None:
    await wait_for_kafka(
        settings.bootstrap_servers, settings.startup_timeout_s, credentials=settings.admin
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m shared.kafka.setup",
        description="Create the broker's topics, users and ACLs (TDKT_KAFKA_SETUP_* variables).",
    )
    sub = parser.add_subparsers(dest="command")
    instance = sub.add_parser(
        "instance", help="add a province's instance (topics, users, ACLs), print its passwords"
    )
    instance.add_argument("name", help="the instance, e.g. sct-01")
    integrator = sub.add_parser("integrator", help="create a read-only user, print its password")
    integrator.add_argument("username")
    revoked = sub.add_parser("revoke", help="delete a user and its ACLs")
    revoked.add_argument("username")
    args = parser.parse_args(argv)
    try:
        settings = KafkaSetupSettings()  # from the environment
        if args.command == "instance":
            users = asyncio.run(add_instance(settings, args.name))
            _print_instance(settings, args.name, users)
        elif args.command == "integrator":
            credentials = asyncio.run(add_integrator(settings, args.username))
            _print_integrator(settings, credentials)
        elif args.command == "revoke":
            deleted = asyncio.run(revoke(settings, args.username))
            print(f"revoked {args.username}: credential and {deleted} ACL(s) deleted")
        else:
            plan = asyncio.run(set_up(settings))
            _print_plan(plan, settings)
    except (ValueError, BrokerUnavailable) as error:
        parser.exit(1, f"error: {error}\n")
    return 0


def _print_plan(plan: AccessPlan, settings: KafkaSetupSettings) -> None:
    print(f"Kafka at {settings.bootstrap_servers}: topics {', '.join(plan.topics_to_create())}")
    for rule in plan.rules():
        print(f"  {rule}")


def _print_integrator(settings: KafkaSetupSettings, credentials: KafkaCredentials) -> None:
    topics = settings.topics
    print(f"username: {credentials.username}")
    print(f"password: {credentials.password.get_secret_value()}")
    print(f"mechanism: {credentials.mechanism} over {credentials.security_protocol}")
    readable = [topics.registry_events, topics.awards_events, topics.ownership_events]
    for instance in settings.instances:
        readable += [topics.registry_events_of(instance), topics.awards_events_of(instance)]
    print(f"may read: {', '.join(readable)}")
    print(f"consumer groups: {integrator_group_prefix(credentials.username)}*")
    print("The password is shown once; running this again sets a new one.", file=sys.stderr)


def _print_instance(
    settings: KafkaSetupSettings, instance: str, users: dict[str, KafkaCredentials]
) -> None:
    plan = settings.plan()
    print(f"instance {instance} on Kafka at {settings.bootstrap_servers}")
    print(f"topics: {', '.join(plan.instance_topics(instance))}")
    print(f"awards consumer group: {plan.instance_group(instance)}")
    for role, credentials in users.items():
        print(f"{role}: username {credentials.username}")
        print(f"{role}: password {credentials.password.get_secret_value()}")
    print("The passwords are shown once; running this again sets new ones.", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
