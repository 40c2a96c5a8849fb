"""HTTP edge helpers shared by the services: RFC 9457 problem responses."""

from shared.http.problems import (
    PROBLEM_MEDIA_TYPE,
    BadRequestProblem,
    ConflictProblem,
    ForbiddenProblem,
    NotFoundProblem,
    ProblemError,
    ProblemResponse,
    UnauthorizedProblem,
    ValidationProblem,
    install_problem_handlers,
)

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "BadRequestProblem",
    "ConflictProblem",
    "ForbiddenProblem",
    "NotFoundProblem",
    "ProblemError",
    "ProblemResponse",
    "UnauthorizedProblem",
    "ValidationProblem",
    "install_problem_handlers",
]
