"""The awards service's local view of facts it does not own (fed by the registry's events)
plus its own awards, stored so the eligibility engine can fold them per recipient."""
