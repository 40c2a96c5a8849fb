"""Routes of the registry's ratings."""

from fastapi import APIRouter

router = APIRouter()
