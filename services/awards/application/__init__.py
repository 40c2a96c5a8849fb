"""The awards service's command handlers: glue between the API and the pure domain."""
