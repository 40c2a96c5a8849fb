"""Example clients for integrators; see examples/README.md."""
