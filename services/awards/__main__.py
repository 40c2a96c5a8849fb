"""``python -m services.awards``: run the awards API, its relay and its registry consumer."""

from services.awards.api.app import create_app
from services.awards.settings import AwardsSettings
from shared.runtime.serve import serve

if __name__ == "__main__":
    settings = AwardsSettings()
    serve(create_app(settings), settings)
