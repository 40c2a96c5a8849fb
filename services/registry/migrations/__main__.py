"""``python -m services.registry.migrations <command>``: its database's migrations by hand."""

import sys

from services.registry.migrations import schema
from services.registry.settings import RegistrySettings
from shared.database.migrations.cli import main

if __name__ == "__main__":
    sys.exit(main(schema(), RegistrySettings))
