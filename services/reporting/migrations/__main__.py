"""``python -m services.reporting.migrations <command>``: its database's migrations by hand."""

import sys

from services.reporting.migrations import schema
from services.reporting.settings import ReportingSettings
from shared.database.migrations.cli import main

if __name__ == "__main__":
    sys.exit(main(schema(), ReportingSettings))
