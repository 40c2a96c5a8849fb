"""The statistical forms of Circular 02/2023/TT-BNV (0601.N, 0602.N, 0603.N), laid out as the
circular lays them out and filled in for an agency or the whole sector and a reporting period
(:mod:`services.reporting.forms.period`): one module per form, the shared model of a form in
:mod:`services.reporting.forms.model`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.forms.form_0601 import form_0601
from services.reporting.forms.form_0602 import form_0602
from services.reporting.forms.form_0603 import form_0603
from services.reporting.forms.model import FormCode, FormHeader, StatisticalForm

FormBuilder = Callable[[AsyncConnection, FormHeader], Awaitable[StatisticalForm]]

BUILDERS: dict[FormCode, FormBuilder] = {
    FormCode.CAMPAIGNS: form_0601,
    FormCode.STATE_AWARDS: form_0602,
    FormCode.MINISTRY_PROVINCE_AWARDS: form_0603,
}


async def build_form(
    connection: AsyncConnection, form: FormCode, header: FormHeader
) -> StatisticalForm:
    """Form ``form`` for the header's agency (or the sector) and years."""
    return await BUILDERS[form](connection, header)


async def build_forms(connection: AsyncConnection, header: FormHeader) -> list[StatisticalForm]:
    """The three forms, in order."""
    return [await build_form(connection, form, header) for form in FormCode]
