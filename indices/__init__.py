"""Labour-market indices (劳动力市场指数) as Ibis expressions over monthly Parquet extracts.

Plain Python: no Django, no database of Bashu's. The same expressions run on DuckDB (the
default) and on PySpark through Ibis. ``compute`` takes a backend and a folder of extracts
and returns one long table per index; :mod:`indices.schema` defines the extracts.
"""

from indices.compute import INDEX_NAMES, compute, connect, months_of_year
from indices.methodology import Methodology, load

__all__ = ["INDEX_NAMES", "Methodology", "compute", "connect", "load", "months_of_year"]
