"""Sandboxed entry point: `python -m modbench.rubrics.sourcepawn.sim.worker` in a work dir holding plugin.smx and
request.json. Runs every scenario (or the smoke run) and writes JSON lines to stdout:

    {"type": "start", "index": i}                      about to run plugin code for scenario i
    {"type": "scenario", "index": i, "result": {...}}  one finished scenario
    {"type": "done", ...}                              the run ended normally (summary fields below)
    {"type": "internal_error", "error": "..."}         a bug in the simulator itself (not the plugin's fault)

Streaming lets the caller keep finished scenarios when the wall clock kills the run, and tell a crash inside
plugin code ("start" without its "scenario") from one in the simulator's own setup.

It starts "warm" (sandboxes/warm.py): it imports the whole simulator, then waits for the line "go" on stdin
before it reads plugin.smx and request.json (EOF or any other line: exit at once). One process runs one job.
"""

from __future__ import annotations

import json
import os
import re
import sys
import traceback
from pathlib import Path


def emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def wait_for_go() -> bool:
    """True when the job is there ("go"); False on EOF or any other line (the host is gone: just exit)."""
    return sys.stdin.readline() == "go\n"


def classify_failure(g, message: str | None) -> str | None:
    """The SetFailState message when it says a file/gamedata/dependency the simulator cannot have is missing."""
    if not message:
        return None
    for pattern in g.k["not_verifiable_patterns"]:
        if re.search(pattern, message, re.IGNORECASE):
            return message
    return None


def main() -> int:
    from .errors import BadPlugin, BudgetExhausted
    from .game import Game, clean, knowledge, parse_number
    from .natives import NATIVES
    from .scenario import report, run_scenario, run_smoke, validate
    from .smxfile import read_smx

    knowledge()                             # the simulator's data, and a pattern compiled on first use: start-up
    parse_number("0")                       # work, done before the job arrives
    if not wait_for_go():                   # a warm start (sandboxes/warm.py) waits here for its job
        return 0
    request = json.loads(Path("request.json").read_text())
    blob = Path("plugin.smx").read_bytes()
    budget = int(request.get("max_instructions", 5_000_000))
    try:
        smx = read_smx(blob)
        g = Game(smx, NATIVES, strict=bool(request.get("strict", False)))
    except BadPlugin as exc:
        emit({"type": "done", "load_error": str(exc), "missing_natives": [], "instructions": 0})
        return 0
    g.vm.budget_left = budget
    smoke = bool(request.get("smoke"))
    scenarios = [] if smoke else validate(request.get("scenarios") or [], g.max_clients)
    jobs = [("smoke", None)] if smoke else [(sc["name"], sc) for sc in scenarios]
    not_verifiable = None
    stopped = None
    for index, (name, sc) in enumerate(jobs):
        if stopped:
            emit({"type": "scenario", "index": index, "result": {
                "name": name, "passed": False, "failures": [f"not run: {stopped}"], "chat": [], "replies": [],
                "hints": [], "server_log": [], "errors": []}})
            continue
        g.reset()
        emit({"type": "start", "index": index})
        try:
            result = run_smoke(g) if sc is None else run_scenario(g, sc)
        except MemoryError:
            g.errors.clear()
            g.record_error("the plugin exhausted the simulator's memory")
            result = report(g, name, ["the plugin exhausted the simulator's memory"])
            stopped = "the plugin exhausted the simulator's memory in an earlier scenario"
        except BudgetExhausted as exc:
            where = f" ({exc.where})" if exc.where else ""
            g.record_error(f"Script execution timed out: the instruction budget ({budget}) is spent{where} "
                           "- an endless or very long loop?")
            result = report(g, name, [f"the plugin ran out of its instruction budget ({budget} instructions)"])
            stopped = "the instruction budget was spent by an earlier scenario"
        not_verifiable = not_verifiable or g.not_verifiable or classify_failure(g, g.failed)
        result["failed_state"] = clean(g.failed) if g.failed else None
        result["unknown_netprops"] = list(g.unknown_netprops)
        result["unknown_convars"] = list(g.unknown_convars)
        emit({"type": "scenario", "index": index, "result": result})
        if not_verifiable and not stopped:
            stopped = "the plugin cannot be checked in the simulator (see not_verifiable)"
    emit({"type": "done", "missing_natives": list(g.missing_natives), "instructions": g.vm.executed,
          "not_verifiable": not_verifiable})
    return 0


if __name__ == "__main__":
    try:
        code = main()
    except Exception:                       # a bug in the simulator: report it, never as the plugin's failure
        emit({"type": "internal_error", "error": traceback.format_exc(limit=8)[-4000:]})
        code = 3
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)                          # everything is written: skip the interpreter's teardown (~30-60 ms)
