"""Host side of the simulator: validate the scenarios, run the sandboxed worker, turn its output into a
`BehaviourResult`. Everything that executes plugin code happens in the worker process, inside the sandbox."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from modbench.sandboxes import Limits, MiB, SandboxResult, python_argv, python_binds
from modbench.sandboxes.warm import run_warm

from .scenario import ScenarioError, validate

WORKER = "modbench.rubrics.sourcepawn.sim.worker"
MEMORY_LIMIT = 1024 * MiB       # plugin memory is capped at 256 MiB inside the worker; the rest is Python


@dataclass
class BehaviourResult:
    ok: bool                     # every scenario passed (or, smoke: load + OnPluginStart + each hooked event ok)
    has_error: bool              # the simulator itself failed (worker crashed for a reason not the plugin's)
    error: str | None
    not_verifiable: str | None   # plugin stopped itself (SetFailState) because gamedata/a data file is absent
    scenarios: list[dict]        # [{name, passed, failures: [str], chat: [...], replies: [...], errors: [...]}]
    pass_rate: float
    missing_natives: list[str]   # natives called that the simulator does not implement (stubbed to 0)
    instructions: int


def _infra(message: str, scenarios: list[dict] | None = None) -> BehaviourResult:
    return BehaviourResult(ok=False, has_error=True, error=message, not_verifiable=None,
                           scenarios=scenarios or [], pass_rate=0.0, missing_natives=[], instructions=0)


def _parse(stdout: str) -> tuple[dict[int, dict], dict | None, str | None, set[int]]:
    results: dict[int, dict] = {}
    done = None
    internal = None
    started: set[int] = set()
    # "\n" only: str.splitlines() also splits at U+2028/U+2029/U+0085, which the worker's JSON lines carry raw
    for line in stdout.split("\n"):
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        kind = msg.get("type") if isinstance(msg, dict) else None
        if kind == "scenario":
            results[int(msg["index"])] = msg["result"]
        elif kind == "start":
            started.add(int(msg["index"]))
        elif kind == "done":
            done = msg
        elif kind == "internal_error":
            internal = str(msg.get("error"))
    return results, done, internal, started


async def run_behaviour(smx: bytes, scenarios: list[dict], *, smoke: bool = False, timeout: float = 10.0,
                        max_instructions: int = 5_000_000, strict: bool = False) -> BehaviourResult:
    """Run a compiled plugin in the simulated L4D2 server against the task's scenarios (or the smoke run).

    A scenario the simulator cannot interpret is a task-file bug (has_error). A plugin that loops forever ends
    at the instruction budget (deterministic) or, failing that, at the wall-clock `timeout`.
    """
    if not smoke:
        try:
            normalised = validate(scenarios)
        except ScenarioError as exc:
            return _infra(f"task file error in checks.scenarios: {exc}")
        names = [sc["name"] for sc in normalised]
    else:
        names = ["smoke"]
    if not names:
        return BehaviourResult(ok=True, has_error=False, error=None, not_verifiable=None, scenarios=[],
                               pass_rate=1.0, missing_natives=[], instructions=0)
    request = {"scenarios": scenarios, "smoke": smoke, "max_instructions": int(max_instructions), "strict": strict}
    limits = Limits(wall_seconds=timeout, cpu_seconds=int(math.ceil(timeout)) + 1, memory_bytes=MEMORY_LIMIT,
                    processes=16, output_bytes=8 * MiB, file_bytes=1 * MiB)
    # a pre-started worker when one is ready (its imports done): see sandboxes/warm.py
    res = await run_warm("l4d2-sim", python_argv(WORKER),
                         files={"plugin.smx": smx, "request.json": json.dumps(request)},
                         binds=list(python_binds()), limits=limits)
    return summarise(res, names, timeout)


def summarise(res: SandboxResult, names: list[str], timeout: float) -> BehaviourResult:
    """Turn the worker's run into a result. Whose fault a failure is depends on where it happened: a crash or
    timeout while a scenario's plugin code ran is the plugin's; one before any plugin code ran, between
    scenarios, or a Python exception in the simulator is the simulator's (has_error)."""
    if res.has_error:
        return _infra(f"sandbox failure: {res.error}")
    results, done, internal, started = _parse(res.stdout)
    if internal:
        return _infra(f"simulator bug: {internal}")
    scenario_results = []
    for index, name in enumerate(names):
        if index in results:
            scenario_results.append(results[index])
            continue
        if res.timed_out:
            why = f"timed out after {timeout:g} s of wall-clock time"
        elif res.output_exceeded:
            why = "the plugin produced too much output"
        elif index in started:
            why = f"the simulator process died while the plugin ran ({res.summary()})"
        else:
            why = f"the simulator process died ({res.summary()})"
        scenario_results.append({"name": name, "passed": False, "failures": [f"not completed: {why}"], "chat": [],
                                 "replies": [], "hints": [], "server_log": [],
                                 "errors": [why] if index in started else []})
    if done is None and not started:
        # ended before running any plugin code (start-up failed or was too slow): our fault, not the plugin's
        return _infra(f"simulator worker failed before running the plugin: {res.summary()}; "
                      f"stderr: {res.stderr.strip()[-800:]}", scenario_results)
    if done is None and not res.timed_out and not res.output_exceeded and not (started - set(results)):
        # died between scenarios, outside plugin code
        return _infra(f"simulator worker died between scenarios: {res.summary()}; "
                      f"stderr: {res.stderr.strip()[-800:]}", scenario_results)
    passed = sum(1 for r in scenario_results if r.get("passed"))
    error = None
    if done is None:
        error = scenario_results[-1]["failures"][0] if scenario_results else res.summary()
    elif done.get("load_error"):
        error = f"the .smx could not be loaded: {done['load_error']}"
        for r in scenario_results:
            r["failures"] = [error]
    return BehaviourResult(
        ok=passed == len(scenario_results) and done is not None and not done.get("load_error"),
        has_error=False,
        error=error,
        not_verifiable=(done or {}).get("not_verifiable"),
        scenarios=scenario_results,
        pass_rate=passed / len(scenario_results),
        missing_natives=list((done or {}).get("missing_natives") or []),
        instructions=int((done or {}).get("instructions") or 0),
    )
