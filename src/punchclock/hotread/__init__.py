"""Hot reads (``Database.read_hot``): plain SQL over a bare driver connection, no Session or pool.

Notes:
The week list is the API's hottest request, and its read takes a fraction of a millisecond. Around
it, the usual unit of work (a thread hop, a Session, a pool checkout with its pre-ping, BEGIN and
ROLLBACK) cost several times the query, and with dozens of requests in flight the worker threads
mostly queued for the GIL. A hot read skips all that:

- On SQLite it runs right on the event loop, over a sqlite3 connection that only that thread uses
  (made by an engine with the pool's connect listeners, so the same PRAGMAs apply). It never waits
  for a pooled connection, and in WAL mode a reader never waits for a writer (sqlite.py).
- On PostgreSQL it runs on the event loop too, over a few autocommit asyncpg connections of its
  own (pg_asyncpg.py; psycopg's async ones, pg_psycopg.py, when the URL has options asyncpg does
  not take): one round trip per statement, and no thread hop (with 64 requests in flight, worker
  threads spent their time handing the GIL around). The read function stays plain synchronous
  code, the same as SQLite's: it runs in a greenlet, SQLAlchemy's bridge between sync code and
  asyncio, and waits for each statement without a thread. Under READ COMMITTED every statement
  reads its own snapshot inside a transaction too, so nothing is lost by leaving BEGIN out. A
  connection found broken is replaced and the read tried once more, as the pool's pre-ping would.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from punchclock.hotread.base import PG_CONNECTIONS, Reader, Rows
from punchclock.hotread.pg_asyncpg import AsyncpgReader, connect_options
from punchclock.hotread.pg_psycopg import PostgresReader
from punchclock.hotread.sqlite import DriverRows, SqliteReader

__all__ = [
    "PG_CONNECTIONS", "AsyncpgReader", "DriverRows", "PostgresReader", "Reader", "Rows",
    "SqliteReader", "postgres_reader",
]  # fmt: skip


def postgres_reader(
    engine: Engine, connect_timeout: float = 5.0, statement_timeout: float = 10.0
) -> AsyncpgReader | PostgresReader:
    """asyncpg's reader, or psycopg's when the URL has a connection option asyncpg does not take.

    The timeouts apply where the URL sets none (psycopg's reader shares the engine's settings).
    """
    options = connect_options(engine.url)
    if options is None:
        return PostgresReader(engine)
    options.setdefault("timeout", connect_timeout)
    options["server_settings"] = {"statement_timeout": str(round(statement_timeout * 1000))}
    return AsyncpgReader(options)
