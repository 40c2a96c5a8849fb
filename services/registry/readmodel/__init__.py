"""The registry's read model: tables updated in each command's transaction (read-your-writes).

Personal details (``member_profiles``) are written beside the events, never in them, so they
can be erased; every other table can be rebuilt from the event store.
"""
