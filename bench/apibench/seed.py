"""Build the benchmark database: punchclock's migrations, Core bulk inserts, then real API tokens."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import Engine, create_engine, insert, select, text
from sqlalchemy.engine import make_url

from apibench.dataset import PROJECTS, TASKS, Plan, ProjectRef, entry_rows
from punchclock.auth.passwords import hash_password
from punchclock.db import Database
from punchclock.models import Client, Project, Task, TimeEntry, User
from punchclock.token import service as token_service

BATCH = 10_000
MEMBER_SCOPES = "read:time_entries write:time_entries read:reports"
CLIENTS = ("Acme GmbH", "Globex Ltd")


@dataclass(frozen=True, slots=True)
class Seeded:
    plan: Plan
    tokens: list[str]  # one per member, in user order
    admin_token: str  # sees the whole team, for the team-wide report
    entries: int
    seconds: float


def recreate_postgres(url: str) -> None:
    """Drop and create the benchmark database so every run starts from the same data."""
    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def _user_row(username: str, role: str, password_hash: str, now: int) -> dict:
    return {
        "username": username,
        "display_name": username.title(),
        "role": role,
        "password_hash": password_hash,
        "is_active": True,
        "token_seed": f"seed-{username}",
        "timezone": "UTC",
        "week_start": 0,
        "created_at": now,
        "updated_at": now,
    }


def _insert_users(engine: Engine, count: int, now: int) -> list[int]:
    password_hash = hash_password("bench-password-1234")  # one hash: argon2 costs ~50 ms each
    rows = [_user_row(f"user{i:02d}", "member", password_hash, now) for i in range(1, count + 1)]
    rows.append(_user_row("bench-admin", "admin", password_hash, now))
    with engine.begin() as conn:
        conn.execute(insert(User), rows)
        ids = conn.scalars(select(User.id).where(User.role == "member").order_by(User.username)).all()
    return list(ids)


def _insert_projects(engine: Engine, now: int) -> list[ProjectRef]:
    stamps = {"created_at": now, "updated_at": now}
    with engine.begin() as conn:
        conn.execute(insert(Client), [{"name": name, "status": "active", **stamps} for name in CLIENTS])
        client_ids = conn.scalars(select(Client.id).order_by(Client.name)).all()
        for name, client, rate, billable in PROJECTS:
            values = {"name": name, "description": "", "hourly_rate": rate, "billable": billable}
            client_id = client_ids[client] if client is not None else None
            conn.execute(insert(Project), [{**values, "client_id": client_id, "status": "active", **stamps}])
        projects = conn.execute(select(Project.id, Project.billable).order_by(Project.id)).all()
        task_rows = [
            {"project_id": p.id, "name": t, "description": "", "status": "in_progress", **stamps}
            for p in projects
            for t in TASKS
        ]
        conn.execute(insert(Task), task_rows)
        tasks = conn.execute(select(Task.id, Task.project_id).order_by(Task.id)).all()
    return [
        ProjectRef(p.id, p.billable, tuple(t.id for t in tasks if t.project_id == p.id)) for p in projects
    ]


def _create_tokens(db: Database) -> tuple[list[str], str]:
    with db.session() as session:
        users = session.scalars(select(User).order_by(User.username)).all()
        raw = {
            u.username: token_service.create(
                session, u, "bench", "admin:all" if u.role == "admin" else MEMBER_SCOPES
            )[1]
            for u in users
        }
        session.commit()
    admin = raw.pop("bench-admin")
    return [raw[name] for name in sorted(raw)], admin


def seed(url: str, plan: Plan) -> Seeded:
    started = time.perf_counter()
    db = Database(url)
    db.migrate()
    now = int(time.time())
    user_ids = _insert_users(db.engine, plan.users, now)
    projects = _insert_projects(db.engine, now)
    rows = entry_rows(plan, user_ids, projects)
    with db.engine.begin() as conn:
        for offset in range(0, len(rows), BATCH):
            conn.execute(insert(TimeEntry), rows[offset : offset + BATCH])
    tokens, admin_token = _create_tokens(db)
    if not db.is_sqlite:
        # A long-running database has statistics from autovacuum; a fresh bulk load has none yet.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    db.dispose()
    return Seeded(plan, tokens, admin_token, len(rows), time.perf_counter() - started)
