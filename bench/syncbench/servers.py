"""The two servers under test, each a real process on a free port with its own temporary data.

TimeTagger 26.1.3 runs from its own virtualenv (bench/run_sync.sh makes it) as ``python -m
timetagger``, configured through its environment variables, with one account given as
``user:bcrypt-hash`` in TIMETAGGER_CREDENTIALS. Punchclock runs as ``punchclock serve`` through
apibench.server (rate limits off, no access log) on SQLite in its data folder or on a PostgreSQL
database made afresh; its account is made with ``punchclock user create``. Both hand out a web
token through ``bootstrap_authentication`` (usernamepassword), which every request then sends in
the ``authtoken`` header. ``restart`` stops and starts the process on the same data, so that a
memory figure starts from a fresh process.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from apibench.seed import recreate_postgres
from apibench.server import free_port, running_server

API = "/timetagger/api/v2/"
USERNAME = "bench"
PASSWORD = "bench-password-1234"
SCOPES = "read:time_entries,write:time_entries"
START_TIMEOUT = 60.0


def _bootstrap(port: int) -> str:
    """A web token for the bench account, by username and password."""
    info = {"method": "usernamepassword", "username": USERNAME, "password": PASSWORD}
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{API}bootstrap_authentication",
        data=base64.b64encode(json.dumps(info).encode()),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["token"]


class Server:
    """One server under test: ``start()``, ``restart()``, ``stop()``; ``port``, ``pid``, ``token``."""

    name = ""
    label = ""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = 0
        self.pid = 0
        self.token = ""

    def _launch(self) -> None:
        raise NotImplementedError

    def _halt(self) -> None:
        raise NotImplementedError

    def start(self) -> None:
        self._launch()
        if not self.token:
            self.token = _bootstrap(self.port)

    def stop(self) -> None:
        if self.pid:
            self._halt()
            self.pid = 0

    def restart(self) -> None:
        self.stop()
        self.start()


class TimeTagger(Server):
    name = "timetagger"
    label = "TimeTagger 26.1.3"

    def __init__(self, data_dir: Path, python: Path) -> None:
        super().__init__(data_dir)
        self.python = python
        self.process: subprocess.Popen | None = None
        self.credentials = f"{USERNAME}:{self._bcrypt(PASSWORD)}"

    def _bcrypt(self, password: str) -> str:
        code = "import bcrypt, sys; print(bcrypt.hashpw(sys.argv[1].encode(), bcrypt.gensalt()).decode())"
        return subprocess.run(
            [str(self.python), "-c", code, password], capture_output=True, text=True, check=True
        ).stdout.strip()

    def version(self) -> str:
        code = "import timetagger; print(timetagger.__version__)"
        return subprocess.run(
            [str(self.python), "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()

    def _launch(self) -> None:
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("TIMETAGGER_")}
        env.update(
            TIMETAGGER_BIND=f"127.0.0.1:{self.port}",
            TIMETAGGER_DATADIR=str(self.data_dir),
            TIMETAGGER_CREDENTIALS=self.credentials,
            TIMETAGGER_LOG_LEVEL="warning",
        )
        log = self.data_dir / "server.log"
        with log.open("a") as out:
            self.process = subprocess.Popen(
                [str(self.python), "-m", "timetagger"],
                env=env,
                cwd=self.data_dir,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.pid = self.process.pid
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"TimeTagger exited with {self.process.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/timetagger/status", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        self._halt()
        raise RuntimeError(f"TimeTagger did not start in {START_TIMEOUT:.0f} s:\n{log.read_text()}")

    def _halt(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Punchclock(Server):
    def __init__(self, data_dir: Path, backend: str, pg_url: str | None) -> None:
        super().__init__(data_dir)
        self.name = f"punchclock-{backend}"
        self.label = f"Punchclock ({'PostgreSQL' if backend == 'postgresql' else 'SQLite'})"
        self.backend = backend
        self.database_url = pg_url if backend == "postgresql" else None
        self._stack: ExitStack | None = None
        self.api_token = ""
        if self.database_url:
            recreate_postgres(self.database_url)
        self._create_user()

    def _cli(self, *args: str, stdin: str | None = None) -> str:
        command = [str(Path(sys.executable).with_name("punchclock")), *args, "--data-dir", str(self.data_dir)]
        if self.database_url:
            command += ["--database-url", self.database_url]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PUNCHCLOCK_")}
        done = subprocess.run(command, input=stdin, text=True, env=env, check=True, capture_output=True)
        return done.stdout.strip()

    def _create_user(self) -> None:
        """The account, and a Punchclock API token (``pc_...``) for the poll with cached sign-in."""
        self._cli("user", "create", USERNAME, "--password-stdin", stdin=PASSWORD)
        self.api_token = self._cli(
            "token", "create", "--user", USERNAME, "--name", "syncbench", "--scopes", SCOPES
        )

    @property
    def db_title(self) -> str | None:
        """The PostgreSQL backends' process title, for their CPU time (apibench.machine.Watch)."""
        if not self.database_url:
            return None
        from sqlalchemy.engine import make_url

        return f" {make_url(self.database_url).database} "

    def _launch(self) -> None:
        self._stack = ExitStack()
        self.port, self.pid = self._stack.enter_context(running_server(self.data_dir, self.database_url))

    def _halt(self) -> None:
        assert self._stack is not None
        self._stack.close()
