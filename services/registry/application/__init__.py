"""The registry's command handlers: glue between the API and the pure domain."""
