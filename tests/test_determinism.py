"""Determinism: the same answer scored again and again gives the same verdict and metrics, in one process and
across processes, for a passing and a failing answer in each environment.

The VerdictCache would answer every repeat from memory, so repeats score through the rubric's own cache-free
path (`score_context` / `_score`: exactly the coroutine `score_answer` hands to the cache); one test checks
that `score_answer` gives the same verdict as that path.

Cost bounds the counts: 100 in-process runs each use the tiers without the slow ones (l4d2: no behaviour
simulator; luanti: parse, syntax, lint, without the mocked or the real engine), and 10 runs use every tier
(the real Luanti server, the L4D2 simulator). Three subprocesses score everything again (the cheap ones
twice, the full ones once each).

Compared: `Verdict.to_json()` and the toolchain versions, without what is a measurement rather than a
judgement (MEASUREMENTS: wall-clock times) and two fields that are known to vary (KNOWN_VARYING, with why).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from modbench.sandboxes import POOL
from modbench.scenarios import load_tasks

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sandboxes need Linux")]

TASKS = {"l4d2": "l4d2-eval-gauntlet_run-scaffold-timer", "luanti": "scaffold_chat_param_foundry"}
CHEAP_TIERS = {"l4d2": {"extract", "includes", "compile", "static", "security"}, "luanti": {"parse", "syntax", "lint"}}
# name: (env, which answer: "reference" or the `fails` tier of a broken variant, tiers (None = all))
CHEAP = {
    "l4d2-pass": ("l4d2", "reference", CHEAP_TIERS["l4d2"]),
    "l4d2-fail": ("l4d2", "compile", CHEAP_TIERS["l4d2"]),
    "luanti-pass": ("luanti", "reference", CHEAP_TIERS["luanti"]),
    "luanti-fail": ("luanti", "lint", CHEAP_TIERS["luanti"]),
}
FULL = {
    "l4d2-pass-full": ("l4d2", "reference", None),
    "l4d2-fail-full": ("l4d2", "behaviour", None),
    "luanti-pass-full": ("luanti", "reference", None),
    "luanti-fail-full": ("luanti", "engine", None),
}
IN_PROCESS_RUNS = {**{name: 100 for name in CHEAP}, **{name: 10 for name in FULL}}
SUBPROCESSES = 3
RUNS_PER_SUBPROCESS = {**{name: 2 for name in CHEAP}, **{name: 1 for name in FULL}}

MEASUREMENTS = {"seconds", "sandbox_seconds", "server_seconds"}
KNOWN_VARYING = {
    # spcomp puts __DATE__/__TIME__ into every plugin (core.inc's `__version`) and compresses the data
    # section, so the .smx size moves by a byte or two from one second to the next
    ("compile", "smx_bytes"),
    # the sim counts instructions per 1,000-instruction hook step, and the mocked engine's table walks
    # (address-keyed tables, ASLR) take a few more or fewer steps from run to run: 1000 vs 2000 seen
    ("sim", "instructions"),
}


def _strip(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip(v) for k, v in obj.items() if k not in MEASUREMENTS}
    if isinstance(obj, list):
        return [_strip(v) for v in obj]
    return obj


def canonical(verdict) -> str:
    data = verdict.to_json()
    for tier, key in KNOWN_VARYING:
        data["tiers"].get(tier, {}).get("details", {}).pop(key, None)
    return json.dumps({"verdict": _strip(data), "versions": verdict.versions}, sort_keys=True, ensure_ascii=False)


def _answer(spec, which: str) -> str:
    if which == "reference":
        return spec.reference
    return next(b.answer for b in spec.broken if b.fails == which)


async def score_uncached(env: str, which: str, tiers: set[str] | None):
    """One scoring through the rubric's cache-free path."""
    spec = load_tasks(env, ids=[TASKS[env]])[0]
    answer = _answer(spec, which)
    if env == "l4d2":
        from modbench.rubrics.sourcepawn.context import Context
        from modbench.rubrics.sourcepawn.rubric import _score, enabled_tiers

        checks = dict(spec.checks)
        return await _score(Context(text=answer, mode="task", checks=checks), enabled_tiers(checks, tiers))
    from modbench.rubrics.luanti.context import LuantiContext
    from modbench.rubrics.luanti.rubric import enabled_tiers, score_context

    return await score_context(LuantiContext(answer=answer, spec=spec), enabled_tiers(dict(spec.checks), tiers))


async def repeat(name: str, runs: int, spec_of: dict) -> list[str]:
    env, which, tiers = spec_of[name]
    gate = asyncio.Semaphore(POOL.size)

    async def one():
        async with gate:
            return canonical(await score_uncached(env, which, tiers))

    return list(await asyncio.gather(*(one() for _ in range(runs))))


ALL = {**CHEAP, **FULL}
EXPECTED_PASS = {name: which == "reference" for name, (_, which, _) in ALL.items()}


@pytest.fixture(scope="module")
def in_process() -> dict[str, list[str]]:
    async def everything():
        return {name: await repeat(name, IN_PROCESS_RUNS[name], ALL) for name in ALL}

    return asyncio.run(everything())


@pytest.mark.parametrize("name", list(ALL))
def test_repeated_scoring_in_one_process_gives_one_verdict(in_process, name):
    runs = in_process[name]
    assert len(runs) == IN_PROCESS_RUNS[name]
    distinct = sorted(set(runs))
    assert len(distinct) == 1, f"{name}: {len(distinct)} different verdicts in {len(runs)} runs:\n" + \
        "\n".join(d[:1500] for d in distinct[:3])
    verdict = json.loads(distinct[0])["verdict"]
    assert verdict["ok"] is EXPECTED_PASS[name] and verdict["has_error"] is False, verdict["feedback"]


def test_score_answer_gives_the_verdict_of_the_uncached_path(in_process):
    import importlib

    async def both():
        out = {}
        for name in CHEAP:
            env, which, tiers = CHEAP[name]
            spec = load_tasks(env, ids=[TASKS[env]])[0]
            rubric = importlib.import_module({"l4d2": "modbench.rubrics.sourcepawn",
                                              "luanti": "modbench.rubrics.luanti"}[env])
            out[name] = canonical(await rubric.score_answer(spec, _answer(spec, which), tiers=tiers))
        return out

    for name, got in asyncio.run(both()).items():
        assert got == in_process[name][0], name


def test_other_processes_give_the_same_verdicts(in_process):
    procs = [subprocess.Popen([sys.executable, __file__, "--worker"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(SUBPROCESSES)]
    for proc in procs:
        out, err = proc.communicate(timeout=280)
        assert proc.returncode == 0, err[-3000:]
        theirs: dict[str, list[str]] = json.loads(out.strip().splitlines()[-1])
        for name, runs in theirs.items():
            assert len(runs) == RUNS_PER_SUBPROCESS[name]
            assert set(runs) == {in_process[name][0]}, f"{name} differs in another process"


def _worker() -> None:
    async def everything():
        return {name: await repeat(name, RUNS_PER_SUBPROCESS[name], ALL) for name in ALL}

    print(json.dumps(asyncio.run(everything())))


if __name__ == "__main__" and sys.argv[1:] == ["--worker"]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    _worker()
