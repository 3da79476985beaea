"""`modbench eval` with wrong input: one clear line on stderr, exit code 2, never a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

MODBENCH = [str(Path(sys.executable).with_name("modbench"))]


def run_cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*MODBENCH, *args, "--out", str(tmp_path / "runs")], capture_output=True, text=True,
                          timeout=120)


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.mark.parametrize("args, message", [
    (["--env", "quake"], "unknown environment 'quake'"),
    (["--model", "gpt4"], "bad model spec 'gpt4'"),
    (["--model", "torch:x"], "unknown model kind 'torch'"),
    (["--model", "hf:/nonexistent/model"], "does not exist"),
    (["--env", "l4d2", "-k", "3"], "n < k: 3 samples per task cannot estimate pass@5"),
    (["--env", "l4d2", "--split", "test"], "--split must be eval or train"),
])
def test_wrong_input_gives_one_clear_line(args, message, tmp_path):
    proc = run_cli("eval", *args, tmp_path=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_unreachable_endpoint_gives_one_clear_line(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/v1"
    proc = run_cli("eval", "--env", "l4d2", "--model", "openai:some-model", "--base-url", url, tmp_path=tmp_path)
    assert proc.returncode == 2
    assert f"cannot reach the model endpoint {url}" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())
