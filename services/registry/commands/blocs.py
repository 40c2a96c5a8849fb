"""Commands about blocs (khối / cụm thi đua) and their pacts."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.events.vocabulary import BlocKind, Name, Year


class FormBloc(BaseModel):
    """Form a bloc of an agency: its own units, or registered agencies, competing together."""

    model_config = ConfigDict(frozen=True)

    bloc_id: str
    agency: str
    name: Name
    kind: BlocKind
    member_ids: tuple[str, ...]
    outside_members: tuple[Name, ...] = ()


class SignPact(BaseModel):
    """Record that members of a bloc signed the year's emulation pact (giao ước thi đua)."""

    model_config = ConfigDict(frozen=True)

    pact_id: str
    bloc_id: str
    year: Year
    signatory_ids: tuple[str, ...]
