"""Pieces a service's composition root starts and stops."""
