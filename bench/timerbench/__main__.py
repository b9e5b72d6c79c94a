"""The timer pair (start + stop), pause + resume, timer status and an entry create, this build
against an earlier one, in interleaved rounds on the same machine:
`python -m bench.timerbench --baseline 201764d`.

A plain member also lists a week of 50 entries and tracks (a timer pair, an entry create) on a
project; on a build that has private projects, half the projects are private, the member is a
member of some of them, and the measured project is a private one: the visibility checks in play.

Each build gets its own `punchclock serve` and a fresh database (SQLite in a temporary folder, or
a PostgreSQL database created and dropped here). Rounds alternate between the builds, so a slow
minute of a shared machine hits both; the figure per build is the median over rounds of each
round's median. The earlier build runs from a git worktree of BASELINE, made and removed here.
Status is measured with a tt_ token on this build and with the earlier build's pc_ token, so the
status line also compares the token lookups (the principal cache is off, so every request looks its
token up, unless --auth-cache).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
from bench.apibench.server import running_server
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "timerbench-admin-pw"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@contextmanager
def worktree(rev: str) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="pc-baseline-"))
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(path), rev], check=True)
    try:
        yield path
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)], check=False)


@contextmanager
def database(backend: str, name: str, folder: Path) -> Iterator[str | None]:
    if backend == "sqlite":
        yield None  # the server's default: SQLite in its data folder
        return
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def api_token(base: str) -> str:
    """An admin:all API token: signed in through /auth/session (this build) or /auth/login (older)."""
    body = {"username": "admin", "password": PASSWORD}
    res = httpx.post(f"{base}/api/v1/auth/session", json=body)
    if res.status_code == 404:
        res = httpx.post(f"{base}/api/v1/auth/login", json=body)
    web = {"Authorization": f"Bearer {res.json()['token']}"}
    made = httpx.post(f"{base}/api/v1/tokens", json={"name": "bench", "scopes": ["admin:all"]}, headers=web)
    return str(made.json()["token"])


def timed(n: int, once: Callable[[], None]) -> float:
    """Median milliseconds of ``n`` calls."""
    took = []
    for _ in range(n):
        t0 = time.perf_counter()
        once()
        took.append((time.perf_counter() - t0) * 1000)
    return statistics.median(took)


WEEK = "start_date=2024-01-08T00:00:00Z&end_date=2024-01-14T23:59:59Z&per_page=50&include_active=true"


def member_world(base: str, admin: httpx.Client, private: bool) -> tuple[str, int]:
    """A member's API token and the project it tracks on: 10 projects (on a build with private
    projects, 5 private, the member in 3 of them, the measured one among those) and 50 entries of
    the member in the week of 2024-01-08."""
    res = admin.post(
        "/api/v1/users", json={"username": "bench-member", "password": PASSWORD, "role": "member"}
    )
    assert res.status_code == 201, res.text
    user_id = res.json()["user"]["id"]
    projects = []
    for i in range(10):
        body: dict[str, object] = {"name": f"Project {i}"}
        if private and i % 2:
            body["is_private"] = True
        res = admin.post("/api/v1/projects", json=body)
        assert res.status_code == 201, res.text
        projects.append(res.json()["project"]["id"])
        if private and i in (1, 3, 5):
            assert admin.put(f"/api/v1/projects/{projects[-1]}/members/{user_id}").status_code == 200
    usable = [p for i, p in enumerate(projects) if not private or i % 2 == 0 or i in (1, 3, 5)]
    for n in range(50):
        day, hour = 8 + n % 5, 8 + n // 5
        at = f"2024-01-{day:02d}T{hour:02d}"
        body = {
            "user_id": user_id, "project_id": usable[n % len(usable)], "notes": f"work {n} #bench",
            "start_time": f"{at}:00:00Z", "end_time": f"{at}:50:00Z",
        }  # fmt: skip
        res = admin.post("/api/v1/time-entries", json=body)
        assert res.status_code == 201, res.text
    res = httpx.post(f"{base}/api/v1/auth/session", json={"username": "bench-member", "password": PASSWORD})
    if res.status_code == 404:
        res = httpx.post(f"{base}/api/v1/auth/login", json={"username": "bench-member", "password": PASSWORD})
    web = {"Authorization": f"Bearer {res.json()['token']}"}
    scopes = ["read:projects", "read:time_entries", "write:time_entries"]
    made = httpx.post(f"{base}/api/v1/tokens", json={"name": "bench", "scopes": scopes}, headers=web)
    assert made.status_code == 201, made.text
    return str(made.json()["token"]), projects[3] if private else projects[0]


class Build:
    def __init__(self, name: str, client: httpx.Client, pausing: bool) -> None:
        self.name, self.client, self.pausing = name, client, pausing
        self.figures: dict[str, list[float]] = {}
        self.member: httpx.Client | None = None
        self.project = 0

    def member_round(self, n: int) -> None:
        member = self.member
        assert member is not None
        week = lambda: member.get(f"/api/v1/time-entries?{WEEK}").raise_for_status()  # noqa: E731
        self.figures.setdefault("member week list", []).append(timed(n, week))

        def pair() -> None:
            res = member.post("/api/v1/timer/start", json={"project_id": self.project})
            assert res.status_code == 201, res.text
            member.post("/api/v1/timer/stop").raise_for_status()

        self.figures.setdefault("member timer pair", []).append(timed(n, pair))
        body = {
            "start_time": "2024-02-15T09:00:00Z", "end_time": "2024-02-15T10:00:00Z", "notes": "bench",
            "project_id": self.project,
        }  # fmt: skip

        def create() -> None:
            res = member.post("/api/v1/time-entries", json=body)
            assert res.status_code == 201, res.text

        self.figures.setdefault("member create", []).append(timed(n, create))

    def post(self, path: str) -> None:
        res = self.client.post(path)
        assert res.status_code in (200, 201), res.text

    def round(self, n: int) -> None:
        def pair() -> None:
            self.post("/api/v1/timer/start")
            self.post("/api/v1/timer/stop")

        self.figures.setdefault("timer pair", []).append(timed(n, pair))
        if self.pausing:
            self.post("/api/v1/timer/start")

            def hold() -> None:
                self.post("/api/v1/timer/pause")
                self.post("/api/v1/timer/resume")

            self.figures.setdefault("pause + resume", []).append(timed(n, hold))
            self.post("/api/v1/timer/stop")
        status = lambda: self.client.get("/api/v1/timer/status").raise_for_status()  # noqa: E731
        self.figures.setdefault("timer status", []).append(timed(n, status))
        body = {"start_time": "2024-01-15T09:00:00Z", "end_time": "2024-01-15T10:00:00Z", "notes": "bench"}

        def create() -> None:
            res = self.client.post("/api/v1/time-entries", json=body)
            assert res.status_code == 201, res.text

        self.figures.setdefault("entry create", []).append(timed(n, create))
        if self.member is not None:
            self.member_round(n)


def run(backend: str, baseline: str, rounds: int, n: int, auth_cache: bool, week: bool) -> None:
    env = {"PUNCHCLOCK_ADMIN_PASSWORD": PASSWORD}
    if not auth_cache:
        env["PUNCHCLOCK_AUTH_CACHE_SECONDS"] = "0"
    with ExitStack() as stack:
        old_src = stack.enter_context(worktree(baseline)) / "src"
        builds = []
        for name, extra in ((f"baseline {baseline}", {"PYTHONPATH": str(old_src)}), ("this build", {})):
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="timerbench-")))
            url = stack.enter_context(database(backend, f"timerbench_{len(builds)}", folder))
            port, _ = stack.enter_context(running_server(folder, url, {**env, **extra}))
            base = f"http://127.0.0.1:{port}"
            token = api_token(base)
            client = stack.enter_context(
                httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"})
            )
            build = Build(f"{name} ({token[:3]} token)", client, pausing=not extra)
            if week:
                member_token, build.project = member_world(base, client, private=not extra)
                build.member = stack.enter_context(
                    httpx.Client(base_url=base, headers={"Authorization": f"Bearer {member_token}"})
                )
            builds.append(build)
        for build in builds:
            build.round(max(10, n // 5))  # warm-up, not kept
            build.figures.clear()
        for r in range(rounds):
            for build in builds if r % 2 == 0 else builds[::-1]:
                build.round(n)
        cache = "principal cache on" if auth_cache else "every request looks its token up"
        print(f"\n{backend}, {cache}: median of {rounds} interleaved rounds of {n} requests each (ms)")
        kinds = ("timer pair", "pause + resume", "timer status", "entry create")
        members = ("member week list", "member timer pair", "member create") if week else ()
        for kind in kinds + members:
            cells = [
                f"{b.name}: {statistics.median(b.figures[kind]):.2f}" for b in builds if kind in b.figures
            ]
            print(f"  {kind:15} " + "   ".join(cells))
        old, new = builds
        for kind in ("timer pair", "timer status", "entry create", *members):
            ratio = statistics.median(new.figures[kind]) / statistics.median(old.figures[kind])
            print(f"  {kind}: this build / baseline = {ratio:.2f}")
        ratio = statistics.median(new.figures["pause + resume"]) / statistics.median(
            new.figures["timer pair"]
        )
        print(f"  pause + resume / timer pair (this build) = {ratio:.2f}")


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.timerbench", description=__doc__.split("\n\n")[0])
    p.add_argument("--baseline", default="201764d", help="git revision to compare with [201764d]")
    p.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    p.add_argument("--rounds", type=int, default=8)
    p.add_argument("--requests", type=int, default=100, help="requests (or pairs) per measure and round")
    p.add_argument("--auth-cache", action="store_true", help="keep the principal cache on (as by default)")
    p.add_argument("--no-member", action="store_true", help="skip the member's week list and tracking")
    args = p.parse_args()
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        run(backend, args.baseline, args.rounds, args.requests, args.auth_cache, not args.no_member)


if __name__ == "__main__":
    main()
