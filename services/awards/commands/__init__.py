"""Commands the awards service accepts (imperative names, frozen models), one module per area."""
