"""Rebuilding every projection from the topics without taking the query API down.

**Build beside.** The rebuild writes into a second set of tables with the same schema: the
PostgreSQL schema ``reporting_rebuild``. The projection code is unchanged: it runs on a
connection whose ``schema_translate_map`` sends every unqualified table (projections and
``processed_events``) to the rebuild schema. Queries keep reading the live tables meanwhile;
no query code changes.

**Read.** A plain consumer (no group, no commits) is assigned every partition of the registry
and awards topics of every instance the service reads (the national one and the provinces' of
``TDKT_REPORTING_INSTANCES``), seeks to the beginning and reads up to the end offsets captured
at the start. Every event is judged as the live consumer judges it
(:class:`~services.reporting.screening.ReportingScreen`): by the ministry's assignments of
agencies to instances, read to the end of the ownership topic once those offsets are taken.
This first read is set-based (:mod:`~services.reporting.rebuild.bulk`): award
events, nearly all of a history, are staged with ``COPY`` and projected in SQL once every one
is read, while the other events go through the projections batch by batch; a forked worker
process parses most of the next batch while this one is written
(:mod:`~services.reporting.rebuild.parsing_pool`). For everything after the first read,
batches go through :class:`~shared.consumer.IdempotentConsumer` (same claim-by-event-id
dedupe, in the rebuild's own ``processed_events``). It then catches up round by round until
few records remain. A rebuild that fails (a database error, say) is simply run again: it starts
by dropping whatever an earlier one left.

**Switch, losing nothing.** In one transaction the rebuild (1) locks the live
``processed_events`` against writes, which pauses the live consumer: its next transaction
waits at its first statement, the claim of its event ids (its running one finishes first);
(2) reads the end offsets *now* and applies the last gap: every event the live consumer has
committed was read from the topics, so it lies below those offsets and is in the new tables;
(3) swaps the tables: PostgreSQL moves the live tables to ``reporting_retired`` and the new
ones to ``public`` (``ALTER TABLE … SET SCHEMA``, transactional, after locking them all with a
short ``lock_timeout`` so that a query is never chosen as a deadlock victim: the switch gives
up and retries instead). The live consumer then
continues from its committed offsets: what it re-reads is already in the new
``processed_events`` (same consumer name) and is skipped; what is newer is applied to the new
tables. Queries wait for the switch's locks (milliseconds) but never fail.
"""
