"""``python -m services.reporting``: run the projections and the query API."""

from services.reporting.api.app import create_app
from services.reporting.settings import ReportingSettings
from shared.runtime.serve import serve

if __name__ == "__main__":
    settings = ReportingSettings()
    serve(create_app(settings), settings)
