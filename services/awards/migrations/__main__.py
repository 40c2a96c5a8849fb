"""``python -m services.awards.migrations <command>``: its database's migrations by hand."""

import sys

from services.awards.migrations import schema
from services.awards.settings import AwardsSettings
from shared.database.migrations.cli import main

if __name__ == "__main__":
    sys.exit(main(schema(), AwardsSettings))
