"""Instances: the deployments that write events, each in the name of the agencies it owns.

The ministry's *national* instance serves every agency no other instance owns. A province
that runs its own registry and awards (its own databases) is another instance, named by the
ministry (``sct-01``); it writes to topics of its own and serves only the agencies the
ministry assigned to it (:mod:`shared.instances.ledger`).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

NATIONAL = "national"
"""The ministry's instance: it serves every agency not assigned to another instance."""

_INSTANCE_NAME = re.compile(r"^[a-z][a-z0-9-]{0,30}$")


def check_instance_name(name: str) -> str:
    """``name`` unchanged, or ``ValueError`` unless it is lower-case letters, digits, dashes."""
    if not _INSTANCE_NAME.fullmatch(name) or name.endswith("-"):
        raise ValueError(
            f"{name!r} is not an instance name: lower-case letters, digits and dashes, "
            "starting with a letter, at most 31 characters (e.g. sct-01)"
        )
    return name


InstanceName = Annotated[
    str,
    Field(pattern=_INSTANCE_NAME.pattern, description="An instance: national, or e.g. sct-01."),
    AfterValidator(check_instance_name),
]
