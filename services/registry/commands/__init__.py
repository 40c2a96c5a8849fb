"""Commands the registry accepts (imperative names, frozen models), one module per area."""
