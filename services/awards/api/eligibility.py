"""Routes of the awards service's eligibility."""

from fastapi import APIRouter

router = APIRouter()
