"""Routes of the registry's blocs."""

from fastapi import APIRouter

router = APIRouter()
