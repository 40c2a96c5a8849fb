"""The registry's HTTP API (FastAPI)."""
