"""The one MetaData of the registry's read-model tables."""

from sqlalchemy import MetaData

metadata = MetaData()
