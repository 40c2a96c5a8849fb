"""Routes of the awards service's decisions."""

from fastapi import APIRouter

router = APIRouter()
