"""What a backup or a restore asks the database itself: its revision, whether it holds data."""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, literal, select, text
from sqlalchemy.engine import Connection, Engine

from punchclock.db import alembic_config
from punchclock.models import Base
from punchclock.models.entry_tag import KEEPER_FUNCTION


def revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def known_revisions(url: str) -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(alembic_config(url)).walk_revisions()}


def head_revision(url: str) -> str | None:
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


# Not data of anyone's: the pause a restore leaves behind does not make a database worth keeping.
NOT_DATA = {"server_settings"}


def tables_with_rows(engine: Engine) -> list[str]:
    """Punchclock's tables in the database that hold at least one row of someone's data."""
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        return [
            table.name
            for table in Base.metadata.sorted_tables
            if table.name in present
            and table.name not in NOT_DATA
            and conn.scalar(select(literal(1)).select_from(table).limit(1))
        ]


def server_major(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000


def drop_punchclock_tables(engine: Engine) -> None:
    """Drop Punchclock's tables (and the sequences they own, and the function of entry_tags'
    triggers), so that a dump's schema can be restored in their place. Other tables in the same
    database are left alone."""
    names = [table.name for table in reversed(Base.metadata.sorted_tables)] + ["alembic_version"]
    with engine.begin() as conn:
        quote = conn.dialect.identifier_preparer.quote
        for name in names:
            conn.execute(text(f"DROP TABLE IF EXISTS {quote(name)} CASCADE"))
        conn.execute(text(f"DROP FUNCTION IF EXISTS {KEEPER_FUNCTION}()"))
