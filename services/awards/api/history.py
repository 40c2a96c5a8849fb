"""Routes of the awards service's history."""

from fastapi import APIRouter

router = APIRouter()
