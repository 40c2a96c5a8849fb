"""The reporting service's HTTP API (FastAPI)."""
