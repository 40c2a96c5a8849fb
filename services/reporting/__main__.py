"""``python -m services.reporting``: run the projections and the query API."""

from services.reporting.api.app import create_app
from services.reporting.bootstrap import SERVICE
from services.reporting.settings import ReportingSettings
from shared.runtime.serve import serve

if __name__ == "__main__":
    serve(SERVICE, ReportingSettings(), create_app)
