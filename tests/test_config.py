"""Settings: every field documented (in code and in the README), defaults, sources and their precedence."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from punchclock.config import Settings, default_data_dir

README = Path(__file__).resolve().parents[1] / "README.md"
FIELDS = sorted(Settings.model_fields)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No PUNCHCLOCK_* from the shell, and an empty working directory (so no .env)."""
    for name in list(os.environ):
        if name.startswith("PUNCHCLOCK_"):
            monkeypatch.delenv(name)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    return cwd


def _readme_row(env_name: str) -> str | None:
    text = README.read_text(encoding="utf-8")
    return next((line for line in text.splitlines() if f"`{env_name}`" in line and "|" in line), None)


@pytest.mark.parametrize("field", FIELDS)
def test_every_setting_has_a_description(field):
    description = Settings.model_fields[field].description
    assert len((description or "").strip()) > 10, field


@pytest.mark.parametrize("field", FIELDS)
def test_every_setting_is_in_the_readme(field):
    env_name = f"PUNCHCLOCK_{field.upper()}"
    assert README.is_file(), "README.md is missing"
    assert env_name in README.read_text(encoding="utf-8"), f"{env_name} is not documented in README.md"


@pytest.mark.parametrize(
    "field",
    [f for f in FIELDS if isinstance(Settings.model_fields[f].default, bool | int | str)],
)
def test_readme_shows_the_current_default(field):
    default = Settings.model_fields[field].default
    row = _readme_row(f"PUNCHCLOCK_{field.upper()}")
    assert row, f"no README table row for PUNCHCLOCK_{field.upper()}"
    shown = str(default).lower() if isinstance(default, bool) else str(default)
    assert f"`{shown}`" in row, f"README says {row!r}, the default is {shown!r}"


def test_every_env_var_is_read(monkeypatch):
    # The README names PUNCHCLOCK_<FIELD>; check that this is the name pydantic actually reads.
    monkeypatch.setenv("PUNCHCLOCK_RATE_LIMIT_PER_MINUTE", "7")
    monkeypatch.setenv("PUNCHCLOCK_ACCESS_LOG", "false")
    monkeypatch.setenv("PUNCHCLOCK_REDIS_URL", "redis://example:6379/2")
    settings = Settings()
    assert settings.rate_limit_per_minute == 7
    assert settings.access_log is False
    assert settings.redis_url == "redis://example:6379/2"


# Data folder


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG applies on Linux and other Unixes")
def test_default_data_dir_follows_xdg_data_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "xdg" / "punchclock"
    assert Settings().data_dir == tmp_path / "xdg" / "punchclock"
    assert (
        Settings().effective_database_url == f"sqlite:///{tmp_path / 'xdg' / 'punchclock' / 'punchclock.db'}"
    )


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG applies on Linux and other Unixes")
@pytest.mark.parametrize("xdg", [None, ""])
def test_default_data_dir_without_xdg_is_under_home(monkeypatch, tmp_path, xdg):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert default_data_dir() == tmp_path / "home" / ".local" / "share" / "punchclock"


def test_data_dir_expands_the_home_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("PUNCHCLOCK_DATA_DIR", "~/pc-data")
    assert Settings().data_dir == tmp_path / "pc-data"


# Sources and precedence


def test_dotenv_in_the_working_directory_is_read(clean_env):
    (clean_env / ".env").write_text("PUNCHCLOCK_PORT=9123\nPUNCHCLOCK_LOG_LEVEL=debug\n")
    settings = Settings()
    assert (settings.port, settings.log_level) == (9123, "debug")


def test_precedence_flags_then_env_then_dotenv_then_defaults(clean_env, monkeypatch):
    (clean_env / ".env").write_text("PUNCHCLOCK_PORT=9001\nPUNCHCLOCK_WORKERS=3\nPUNCHCLOCK_HOST=10.0.0.1\n")
    monkeypatch.setenv("PUNCHCLOCK_PORT", "9002")
    monkeypatch.setenv("PUNCHCLOCK_WORKERS", "4")
    settings = Settings(port=9003)
    assert settings.port == 9003  # explicit (CLI flag) beats the environment
    assert settings.workers == 4  # the environment beats .env
    assert settings.host == "10.0.0.1"  # .env beats the default
    assert settings.db_pool_size == 10  # the default


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PORT", "0"),
        ("PORT", "70000"),
        ("WORKERS", "0"),
        ("MAX_BODY_BYTES", "10"),
        ("RATE_LIMIT_PER_MINUTE", "0"),
    ],
)
def test_out_of_range_values_are_rejected(monkeypatch, name, value):
    monkeypatch.setenv(f"PUNCHCLOCK_{name}", value)
    with pytest.raises(ValidationError):
        Settings()


# The generated secret


def test_secret_is_generated_once_with_owner_only_permissions(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    first = settings.resolved_secret()
    path = tmp_path / "data" / "secret.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 32
    assert Settings(data_dir=tmp_path / "data").resolved_secret() == first


def test_configured_secret_wins_and_writes_no_file(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", secret_key="configured-secret-" + "y" * 20)
    assert settings.resolved_secret() == "configured-secret-" + "y" * 20
    assert not (tmp_path / "data" / "secret.key").exists()
