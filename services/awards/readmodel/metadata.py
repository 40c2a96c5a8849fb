"""The one MetaData of the awards service's own tables (read model and local view)."""

from sqlalchemy import MetaData

metadata = MetaData()
