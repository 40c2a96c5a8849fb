"""Routes of the registry's directory."""

from fastapi import APIRouter

router = APIRouter()
