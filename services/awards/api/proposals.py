"""Routes of the awards service's proposals."""

from fastapi import APIRouter

router = APIRouter()
