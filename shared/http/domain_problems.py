"""Mapping the domain's and the store's errors to problem responses, once, at the edge."""

from __future__ import annotations

from fastapi import FastAPI, Request

from shared.application.idempotency import IdempotencyKeyReused
from shared.domain_errors import DomainError, IllegalTransition, InvalidCommand, NotFound
from shared.eventstore import ConcurrencyConflict
from shared.http.problems import (
    ConflictProblem,
    NotFoundProblem,
    ProblemError,
    ProblemResponse,
    problem_response,
)


def problem_for(error: Exception) -> ProblemError:
    """The problem a domain or store error is answered with."""
    if isinstance(error, IdempotencyKeyReused):
        errors = [{"field": "header.Idempotency-Key", "msg": str(error)}]
        return ProblemError(str(error), status=422, extra={"errors": errors})
    if isinstance(error, ConcurrencyConflict):
        return ConflictProblem(str(error), current={"version": error.actual_version})
    if isinstance(error, IllegalTransition):
        return ConflictProblem(error.message, current=error.details)
    if isinstance(error, NotFound):
        return NotFoundProblem(error.message)
    if isinstance(error, InvalidCommand):
        field = error.details.get("field")
        errors = [{"field": f"body.{field}", "msg": error.message}] if field else []
        return ProblemError(error.message, status=422, extra={"errors": errors})
    return ProblemError(str(error), status=400)


async def _domain_problem(request: Request, error: Exception) -> ProblemResponse:
    return await problem_response(request, problem_for(error))


def install_domain_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_problem)
    app.add_exception_handler(ConcurrencyConflict, _domain_problem)
    app.add_exception_handler(IdempotencyKeyReused, _domain_problem)
