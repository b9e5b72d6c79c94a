"""Admin commands in-process (click's CliRunner) on a fresh SQLite folder and a fresh PostgreSQL database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner, Result
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text

from punchclock.app import create_app
from punchclock.cli.main import cli
from punchclock.config import Settings

TOKEN = re.compile(r"tt_[A-Za-z0-9]{32}")


def invoke(target, *args: str, input: str | None = None) -> Result:
    options, _ = target
    return CliRunner().invoke(cli, [*args, *options], input=input)


def create_user(target, name: str, role: str = "member", password: str = "password123") -> None:
    res = invoke(target, "user", "create", name, "--role", role, "--password-stdin", input=password + "\n")
    assert res.exit_code == 0, res.output


def create_token(target, user: str, scopes: str = "read:users", name: str = "ci") -> tuple[str, int]:
    res = invoke(target, "token", "create", "--user", user, "--name", name, "--scopes", scopes)
    assert res.exit_code == 0, res.output
    token_id = re.search(r"Token (\d+) ", res.stderr)
    assert token_id, res.stderr
    return res.stdout.strip(), int(token_id.group(1))


@contextmanager
def app_on(target, tmp_path: Path) -> Iterator[TestClient]:
    """An app on the same database as the CLI."""
    _, url = target
    settings = Settings(data_dir=tmp_path / "app", database_url=url, secret_key="k" * 40, access_log=False)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def table_rows(res: Result) -> list[list[str]]:
    """The body rows of a rich table: one list of cell texts per row."""
    return [[c.strip() for c in line.split("│")[1:-1]] for line in res.stdout.splitlines() if "│" in line]


def users(target) -> dict[str, dict[str, str]]:
    res = invoke(target, "user", "list")
    assert res.exit_code == 0, res.output
    return {row[1]: {"role": row[2], "active": row[3]} for row in table_rows(res)}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_user_create_and_list(target):
    res = invoke(
        target, "user", "create", "Alice", "--role", "admin", "--password-stdin", input="s3cret-pw\n"
    )
    assert res.exit_code == 0, res.output
    assert re.fullmatch(r"Created admin 'alice' \(id \d+\)\.\n", res.stdout)
    create_user(target, "bob")
    assert users(target) == {
        "alice": {"role": "admin", "active": "yes"},
        "bob": {"role": "member", "active": "yes"},
    }


def test_duplicate_user_fails_with_a_message(target):
    create_user(target, "alice")
    res = invoke(target, "user", "create", "ALICE", "--password-stdin", input="password456\n")
    assert res.exit_code == 1
    assert "already exists" in res.stderr
    assert res.stdout == ""


def test_user_create_rejects_bad_input(target):
    empty = invoke(target, "user", "create", "carol", "--password-stdin", input="\n")
    assert empty.exit_code == 2
    assert "No password" in empty.output
    short = invoke(target, "user", "create", "carol", "--password-stdin", input="short\n")
    assert short.exit_code == 1
    assert "at least" in short.stderr
    role = invoke(target, "user", "create", "carol", "--role", "root", "--password-stdin", input="x" * 9)
    assert role.exit_code == 2
    assert users(target) == {}


def test_set_password(target, tmp_path):
    create_user(target, "alice", password="old-password")
    res = invoke(target, "user", "set-password", "alice", "--password-stdin", input="new-password\n")
    assert res.exit_code == 0, res.output
    with app_on(target, tmp_path) as client:
        login = "/api/v1/auth/session"
        assert client.post(login, json={"username": "alice", "password": "new-password"}).status_code == 200
        assert client.post(login, json={"username": "alice", "password": "old-password"}).status_code == 401
    missing = invoke(target, "user", "set-password", "nobody", "--password-stdin", input="new-password\n")
    assert missing.exit_code == 1
    assert "nobody" in missing.stderr


def test_disable_user_stops_their_tokens(target, tmp_path):
    create_user(target, "alice")
    token, _ = create_token(target, "alice")
    with app_on(target, tmp_path) as client:
        assert client.get("/api/v1/users/me", headers=bearer(token)).status_code == 200
        res = invoke(target, "user", "disable", "alice")
        assert res.exit_code == 0, res.output
        assert client.get("/api/v1/users/me", headers=bearer(token)).status_code == 401
    assert users(target)["alice"]["active"] == "no"


def test_enable_and_role_change(target, tmp_path):
    create_user(target, "alice", password="alice-password")
    assert invoke(target, "user", "disable", "alice").exit_code == 0
    res = invoke(target, "user", "enable", "alice")
    assert res.exit_code == 0, res.output
    assert users(target)["alice"]["active"] == "yes"
    res = invoke(target, "user", "role", "alice", "manager")
    assert res.exit_code == 0, res.output
    assert "now manager" in res.stdout
    assert users(target)["alice"]["role"] == "manager"
    assert invoke(target, "user", "role", "alice", "owner").exit_code == 2  # not a role
    assert invoke(target, "user", "enable", "nobody").exit_code == 1
    with app_on(target, tmp_path) as client:
        login = {"username": "alice", "password": "alice-password"}
        assert client.post("/api/v1/auth/session", json=login).json()["user"]["role"] == "manager"


def test_token_create_prints_only_the_token_and_it_authenticates(target, tmp_path):
    create_user(target, "alice", role="manager")
    res = invoke(
        target, "token", "create", "--user", "alice", "--name", "ci", "--scopes", "read:users,read:projects"
    )
    assert res.exit_code == 0, res.output
    assert res.stdout.count("\n") == 1
    token = res.stdout.rstrip("\n")
    assert TOKEN.fullmatch(token)
    assert token not in res.stderr
    with app_on(target, tmp_path) as client:
        me = client.get("/api/v1/users/me", headers=bearer(token))
        assert me.status_code == 200, me.text
        assert me.json()["user"]["username"] == "alice"
        assert client.get("/api/v1/projects", headers={"X-API-Key": token}).status_code == 200
        # Only the scopes asked for: no read:time_entries.
        assert client.get("/api/v1/time-entries", headers=bearer(token)).status_code == 403


def test_token_create_rejects_bad_scopes_and_users(target):
    create_user(target, "alice")
    cases = [
        ("alice", "read:everything"),
        ("alice", "admin:all"),  # beyond a member's role
        ("alice", " , "),
        ("nobody", "read:users"),
    ]
    for user, scopes in cases:
        res = invoke(target, "token", "create", "--user", user, "--name", "bad", "--scopes", scopes)
        assert res.exit_code == 1, (user, scopes)
        assert res.stdout == "", (user, scopes)
        assert res.stderr.startswith("error:"), res.stderr
    assert table_rows(invoke(target, "token", "list")) == []


def test_token_list_and_filter_by_user(target):
    create_user(target, "alice")
    create_user(target, "bob")
    alice_token, _ = create_token(target, "alice", name="alpha")
    create_token(target, "bob", name="bravo")
    everyone = invoke(target, "token", "list")
    assert everyone.exit_code == 0, everyone.output
    assert {(row[1], row[2]) for row in table_rows(everyone)} == {("alice", "alpha"), ("bob", "bravo")}
    assert alice_token not in everyone.stdout
    assert alice_token[:8] in everyone.stdout
    only_bob = invoke(target, "token", "list", "--user", "bob")
    assert [(row[1], row[2]) for row in table_rows(only_bob)] == [("bob", "bravo")]
    assert invoke(target, "token", "list", "--user", "nobody").exit_code == 1


def test_token_revoke(target, tmp_path):
    create_user(target, "alice")
    token, token_id = create_token(target, "alice", name="gone")
    keep, _ = create_token(target, "alice", name="kept")
    res = invoke(target, "token", "revoke", str(token_id))
    assert res.exit_code == 0, res.output
    assert f"Token {token_id} revoked" in res.stdout
    with app_on(target, tmp_path) as client:
        assert client.get("/api/v1/users/me", headers=bearer(token)).status_code == 401
        assert client.get("/api/v1/users/me", headers=bearer(keep)).status_code == 200
    assert [row[2] for row in table_rows(invoke(target, "token", "list"))] == ["kept"]
    states = {row[2]: row[-1] for row in table_rows(invoke(target, "token", "list", "--all"))}
    assert states == {"gone": "revoked", "kept": "active"}
    assert invoke(target, "token", "revoke", "999999").exit_code == 1


def test_migrate_is_idempotent(target):
    _, url = target
    outputs = []
    for _ in range(2):
        res = invoke(target, "migrate")
        assert res.exit_code == 0, res.output
        outputs.append(res.stdout)
    # The target may have been migrated by the fixture already: the second run has nothing to do.
    assert outputs[1] == "Nothing to apply; the database is up to date.\n"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            assert {"users", "api_tokens", "time_entries"} <= set(inspect(conn).get_table_names())
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    finally:
        engine.dispose()
    assert len(versions) == 1


def test_admin_commands_never_make_a_database_they_were_not_pointed_at(tmp_path):
    elsewhere = tmp_path / "wrong-folder"
    res = CliRunner().invoke(cli, ["user", "list", "--data-dir", str(elsewhere)])
    assert res.exit_code == 1
    assert f"no Punchclock database at sqlite:///{elsewhere / 'punchclock.db'}" in res.stderr
    assert not (elsewhere / "punchclock.db").exists()
    assert CliRunner().invoke(cli, ["migrate", "--data-dir", str(elsewhere)]).exit_code == 0
    assert CliRunner().invoke(cli, ["user", "list", "--data-dir", str(elsewhere)]).exit_code == 0


def test_an_empty_postgresql_database_is_not_taken_for_punchclocks(fresh_pg_url):
    res = CliRunner().invoke(cli, ["token", "list", "--database-url", fresh_pg_url])
    assert res.exit_code == 1
    assert "no Punchclock database at postgresql" in res.stderr


def test_project_add_and_list_in_process(target):
    options, _url = target
    website = ["Website", "--client", "Acme", "--tag", "#web", "--rate", "90"]
    res = CliRunner().invoke(cli, ["project", "add", *website, *options])
    assert res.exit_code == 0, res.output
    assert "Created project 'Website' for Acme (#web)" in res.output
    # The client is found again by name, not created twice; the limits are the API's.
    intranet = ["Intranet", "--client", "Acme", "--not-billable"]
    res = CliRunner().invoke(cli, ["project", "add", *intranet, *options])
    assert res.exit_code == 0, res.output
    taken = CliRunner().invoke(cli, ["project", "add", "Other", "--tag", "web", *options])
    assert taken.exit_code == 1
    assert "already belongs to project 'Website'" in taken.output
    bad = CliRunner().invoke(cli, ["project", "add", "x" * 300, *options])
    assert bad.exit_code == 2
    assert "name" in bad.output
    listed = CliRunner().invoke(cli, ["project", "list", *options])
    assert listed.exit_code == 0, listed.output
    for shown in ("Website", "Intranet", "#web"):
        assert shown in listed.output


def test_project_add_private_with_its_members(target):
    options, _url = target
    made = invoke(target, "user", "create", "alice", "--password-stdin", input="password123\n")
    assert made.exit_code == 0, made.output
    res = CliRunner().invoke(cli, ["project", "add", "Vault", "--private", "--member", "alice", *options])
    assert res.exit_code == 0, res.output
    assert "Created project 'Vault' (id 1), private to alice." in res.output
    nobody = CliRunner().invoke(cli, ["project", "add", "Nobody", "--private", "--member", "zed", *options])
    assert nobody.exit_code == 2
    assert "no user named 'zed'" in nobody.output
    listed = CliRunner().invoke(cli, ["project", "list", *options])
    assert "Nobody" not in listed.output  # the refused one was not made either
    assert "yes" in listed.output.split("Vault")[1].splitlines()[0]
