"""``python -m services.registry``: run the registry's HTTP API and outbox relay."""

from services.registry.api.app import create_app
from services.registry.bootstrap import SERVICE
from services.registry.settings import RegistrySettings
from shared.runtime.serve import serve

if __name__ == "__main__":
    serve(SERVICE, RegistrySettings(), create_app)
