"""The awards service's read model: proposals, decisions, awards (updated in each command's
transaction, rebuildable from the event store)."""
