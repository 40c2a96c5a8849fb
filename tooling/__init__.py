"""Whole-system tooling beside the services: the ``tdkt`` command line, the local run, the demo
data and the export of the API contracts. It may import every service; ``shared`` imports none."""
