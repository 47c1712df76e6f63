"""Issue 2, point 1: settings come from environment variables through small strict helpers,
and `.env.example` lists every variable Kring reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kring.config.env import ConfigError, env_bool, env_int, env_list

PROJECT = Path(__file__).resolve().parents[2]
READS = re.compile(
    r"""(?:env_[a-z]+\(|environ\.get\(|environ\[|getenv\()"((?:KRING|DATABASE)_[A-Z0-9_]*)\""""
)


def test_every_variable_kring_reads_is_in_env_example():
    read = {
        name for path in (PROJECT / "src/kring").rglob("*.py") for name in READS.findall(path.read_text())
    }
    listed = (PROJECT / ".env.example").read_text()

    assert {"KRING_SECRET_KEY", "DATABASE_URL", "KRING_DEBUG"} <= read
    assert sorted(name for name in read if name not in listed) == []


@pytest.mark.parametrize(
    ("reader", "raw"), [(env_bool, "maybe"), (env_bool, "ja"), (env_int, "30 min"), (env_int, "1.5")]
)
def test_a_value_the_helpers_cannot_read_stops_the_start(monkeypatch, reader, raw):
    monkeypatch.setenv("KRING_SOMETHING", raw)

    with pytest.raises(ConfigError, match="KRING_SOMETHING"):
        reader("KRING_SOMETHING", 0)


def test_the_helpers_read_what_people_write(monkeypatch):
    monkeypatch.setenv("KRING_FLAG", " Yes ")
    monkeypatch.setenv("KRING_NUMBER", "1800")
    monkeypatch.setenv("KRING_HOSTS", "kring.example.nl, ,localhost")

    assert env_bool("KRING_FLAG", False) is True
    assert env_int("KRING_NUMBER", 0) == 1800
    assert env_list("KRING_HOSTS", []) == ["kring.example.nl", "localhost"]
    assert env_bool("KRING_UNSET_FLAG", True) is True
