"""Many instances, one nation: who owns which agency, and refusing what another instance owns.

:mod:`.names` names instances, :mod:`.ledger` folds the ministry's assignments,
:mod:`.scope` refuses commands for agencies this instance does not serve.
"""

from shared.instances.ledger import Assignment, OwnershipLedger
from shared.instances.names import NATIONAL, InstanceName, check_instance_name
from shared.instances.scope import (
    AgencyServedElsewhere,
    FixedOwnership,
    InstanceScope,
    OwnershipSource,
    served_elsewhere_message,
)

__all__ = [
    "NATIONAL",
    "AgencyServedElsewhere",
    "Assignment",
    "FixedOwnership",
    "InstanceName",
    "InstanceScope",
    "OwnershipLedger",
    "OwnershipSource",
    "check_instance_name",
    "served_elsewhere_message",
]
