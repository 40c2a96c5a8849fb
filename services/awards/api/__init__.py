"""The awards service's HTTP API (FastAPI)."""
