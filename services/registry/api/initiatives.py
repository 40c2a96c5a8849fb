"""Routes of the registry's initiatives."""

from fastapi import APIRouter

router = APIRouter()
