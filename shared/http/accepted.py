"""Answering an accepted command: the resource's new version as ``ETag``, its address as
``Location``, and a body naming the resource, its version and the events recorded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from fastapi import Response
from pydantic import BaseModel

from shared.application.commands import Outcome
from shared.http.commands import etag

M = TypeVar("M", bound=BaseModel)


def version_headers(response: Response, outcome: Outcome, location: str | None = None) -> None:
    """``ETag`` (the new version) and, if given, ``Location``."""
    response.headers["ETag"] = etag(outcome.version)
    if location is not None:
        response.headers["Location"] = location


@dataclass(frozen=True)
class AcceptedResponse(Generic[M]):
    """How one kind of resource answers its accepted commands: a ``body`` whose ``id_field``
    is the outcome's resource id, at ``path``/<resource id>."""

    body: type[M]
    id_field: str
    path: str

    def __call__(
        self, response: Response, outcome: Outcome, *, located: bool = True, **more: object
    ) -> M:
        """The body (with ``more`` fields); ``located=False`` sends no ``Location``."""
        location = f"{self.path}/{outcome.resource_id}" if located else None
        version_headers(response, outcome, location)
        fields = {self.id_field: outcome.resource_id, **more}
        return self.body(version=outcome.version, event_ids=outcome.event_ids, **fields)
