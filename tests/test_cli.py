"""The `modbench` command line as a user meets it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

MODBENCH = str(Path(sys.executable).with_name("modbench"))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([MODBENCH, *args], capture_output=True, text=True, timeout=120, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})


def test_help_lists_every_subcommand():
    proc = run("--help")
    assert proc.returncode == 0, proc.stderr
    for sub in ("check", "validate", "eval", "report", "baseline", "versions", "data", "train"):
        assert f" {sub} " in proc.stdout, f"{sub} missing from modbench --help"


def test_versions_reports_real_toolchains_and_isolation():
    proc = run("versions", "--json")
    info = json.loads(proc.stdout)
    assert info["toolchains"]["spcomp"].startswith("1.11.")
    assert info["toolchains"]["minetestserver"] == "5.6.1"
    assert info["isolation"] == "bwrap"


def test_unknown_environment_for_validate_is_one_clear_error():
    proc = run("validate", "quake")
    assert proc.returncode == 2
    assert "unknown environment 'quake'" in proc.stderr
    assert "Traceback" not in proc.stderr
