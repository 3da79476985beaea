"""The wheels carry every data file: a package whose task files or harness mod are missing would fail only
for users who install from a wheel (the Hub, a clean venv), never in an editable checkout."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAPPED = {"rubrics": "modbench/rubrics", "sandboxes": "modbench/sandboxes", "scenarios": "modbench/scenarios",
          "training": "modbench/training", "results": "modbench/results"}


@pytest.mark.slow
def test_the_core_wheel_contains_every_tracked_file_of_its_packages(tmp_path):
    subprocess.run(["uv", "build", "--wheel", "-q", "-o", str(tmp_path), str(ROOT)], check=True, timeout=600)
    wheel = next(tmp_path.glob("modbench-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    tracked = subprocess.run(["git", "ls-files", *MAPPED], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    missing = []
    for path in tracked:
        top, rest = path.split("/", 1)
        if "/tools/" in f"/{rest}" or rest.startswith("tools/") or path.endswith(".gitignore"):
            continue   # authoring scripts are not importable packages
        if f"{MAPPED[top]}/{rest}" not in names:
            missing.append(path)
    assert missing == []
