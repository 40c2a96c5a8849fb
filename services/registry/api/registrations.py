"""Routes of the registry's registrations."""

from fastapi import APIRouter

router = APIRouter()
