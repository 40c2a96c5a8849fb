"""Demo data: every province's department and a few ministry units, 2016–2025, over HTTP."""
