"""Helpers for the simulator tests: compile a fixture with the real spcomp (sandboxed), run the simulator.

Compiled fixtures are cached per test session by source hash; each compile is one sandboxed spcomp run.
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

from modbench.rubrics.sourcepawn.sim import run_behaviour
from modbench.sandboxes import Bind, Limits, MiB, require, run

DATA = Path(__file__).parent / "data" / "sim"
_CACHE: dict[str, bytes] = {}


def go(coro):
    return asyncio.run(coro)


async def _compile(source: str) -> bytes:
    tc = require("spcomp")
    res = await run(["/tc/spcomp/spcomp.elf64", "-i/tc/include", "-v0", "plugin.sp", "-o", "plugin.smx"],
                    files={"plugin.sp": source},
                    binds=[Bind(tc.path.parent, "/tc/spcomp"), Bind(tc.extra["include"], "/tc/include")],
                    limits=Limits(wall_seconds=60, cpu_seconds=30, memory_bytes=1024 * MiB), collect=["plugin.smx"])
    assert res.exit_code == 0 and "plugin.smx" in res.files, f"fixture did not compile:\n{res.stdout}\n{res.stderr}"
    return res.files["plugin.smx"]


def compile_source(source: str) -> bytes:
    key = hashlib.sha256(source.encode()).hexdigest()
    if key not in _CACHE:
        _CACHE[key] = go(_compile(source))
    return _CACHE[key]


def compile_fixture(name: str) -> bytes:
    return compile_source((DATA / name).read_text())


def simulate(smx: bytes, scenarios: list[dict] | None = None, **kwargs):
    return go(run_behaviour(smx, scenarios or [], **kwargs))


def by_name(result) -> dict[str, dict]:
    return {s["name"]: s for s in result.scenarios}
