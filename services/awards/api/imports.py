"""Routes of the awards service's imports."""

from fastapi import APIRouter

router = APIRouter()
