"""Routes of the registry's agencies."""

from fastapi import APIRouter

router = APIRouter()
