"""How fresh the projections are: each consumer's checkpoints, lag and last-applied time."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from services.reporting.api.params import ReportingDep
from services.reporting.bootstrap import Reporting, instances_read
from shared.auth import CurrentPrincipal
from shared.observability.metrics import (
    PartitionLag,
    assigned_partition_lags,
    consumer_figures,
)

log = logging.getLogger(__name__)

router = APIRouter(prefix="/v1", tags=["freshness"])

LAG_TIMEOUT_S = 2.0
"""How long the broker is asked for offsets before the lag is reported unavailable."""


class PartitionFreshness(BaseModel):
    """One topic-partition assigned to this instance of the consumer group."""

    topic: str
    partition: int
    committed_offset: int | None = Field(
        description="The group's committed offset (its checkpoint); null before the first commit."
    )
    end_offset: int | None = Field(description="The partition's end offset (next record's).")
    lag: int = Field(description="Records not committed yet: end minus committed offset.")


class ConsumerFreshness(BaseModel):
    """One consumer feeding the projections."""

    name: str
    group: str = Field(description="Kafka consumer group.")
    last_applied_at: datetime | None = Field(
        description="When the consumer last applied a batch (null until it has, per process)."
    )
    seconds_since_last_applied: float | None
    applied_total: int = Field(description="Events applied since the process started.")
    dead_letters_total: int = Field(description="Records dead-lettered since the process started.")
    partitions: list[PartitionFreshness] = Field(
        description="The partitions assigned to this instance (empty while none is)."
    )
    lag: int | None = Field(description="Sum of the partitions' lag; null if unavailable.")


class OwnershipFreshness(BaseModel):
    """The ministry's assignments of agencies to instances, by which every event is judged:
    an event counts only from the topic of the instance that owned its agency when it was
    recorded."""

    topic: str = Field(description="The ownership topic.")
    loaded: bool = Field(
        description="Whether the ownership topic was read to its end (the service consumes "
        "nothing before); false once it stopped following it."
    )
    assignments: int = Field(description="Assignments known (all agencies, every sequence).")
    instances: list[str] = Field(
        description="The instances whose registry and awards topics are read, national first."
    )


class Freshness(BaseModel):
    """The projections' freshness as seen by this instance of the service."""

    measured_at: datetime
    ownership: OwnershipFreshness
    consumers: list[ConsumerFreshness]
    lag_total: int | None = Field(
        description="Records of assigned partitions not yet applied, over every consumer; "
        "null when the broker could not be asked (see lag_error)."
    )
    lag_error: str | None = None


@router.get("/freshness", summary="Checkpoints, consumer lag and last-applied time")
async def freshness(principal: CurrentPrincipal, reporting: ReportingDep) -> Freshness:
    """Per consumer of the projections: when it last applied events, its counters since the
    process started, and per assigned topic-partition its committed offset, the end offset
    and the lag. The lag is this instance's view (its assigned partitions)."""
    return await measure_freshness(reporting)


async def measure_freshness(reporting: Reporting) -> Freshness:
    lags: tuple[PartitionLag, ...] | None
    error = None
    try:
        probe = reporting.offset_probe
        if probe is None:
            raise RuntimeError("no offset probe")
        lags = await assigned_partition_lags(reporting.broker, probe, LAG_TIMEOUT_S)
    except Exception as failure:
        log.warning("freshness: consumer lag unavailable: %s: %s", type(failure).__name__, failure)
        lags, error = None, f"{type(failure).__name__}: {failure}"
    group = reporting.settings.consumer_group
    consumer = _consumer_freshness(reporting, group, lags)
    return Freshness(
        measured_at=datetime.now(UTC),
        ownership=_ownership_freshness(reporting),
        consumers=[consumer],
        lag_total=consumer.lag,
        lag_error=error,
    )


def _ownership_freshness(reporting: Reporting) -> OwnershipFreshness:
    source = reporting.ownership
    return OwnershipFreshness(
        topic=source.topic,
        loaded=source.ready,
        assignments=sum(len(items) for items in source.ledger.history().values()),
        instances=instances_read(reporting.settings),
    )


def _consumer_freshness(
    reporting: Reporting, group: str, lags: tuple[PartitionLag, ...] | None
) -> ConsumerFreshness:
    figures = consumer_figures(reporting.consumer)
    mine = [lag for lag in lags or () if lag.group == group]
    partitions = [
        PartitionFreshness(
            topic=lag.topic,
            partition=lag.partition,
            committed_offset=lag.committed,
            end_offset=lag.end,
            lag=lag.messages,
        )
        for lag in sorted(mine, key=lambda lag: (lag.topic, lag.partition))
    ]
    return ConsumerFreshness(
        name=figures.name,
        group=group,
        last_applied_at=reporting.consumer.last_applied_at,
        seconds_since_last_applied=figures.checkpoint_age_s,
        applied_total=figures.applied,
        dead_letters_total=sum(figures.dead_letters.values()),
        partitions=partitions,
        lag=None if lags is None else sum(p.lag for p in partitions),
    )
