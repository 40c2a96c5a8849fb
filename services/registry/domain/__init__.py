"""The registry's pure domain: decide(state, command) -> events; evolve(state, event) -> state."""
