"""``python -m services.awards``: run the awards API, its relay and its registry consumer."""

from services.awards.api.app import create_app
from services.awards.bootstrap import SERVICE
from services.awards.settings import AwardsSettings
from shared.runtime.serve import serve

if __name__ == "__main__":
    serve(SERVICE, AwardsSettings(), create_app)
