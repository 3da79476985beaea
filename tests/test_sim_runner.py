"""Whose fault is it: how the host side classifies what the sandboxed worker did. A crash or timeout while a
scenario's plugin code ran is the plugin's failure; one before any plugin code ran, between scenarios, or a
Python exception inside the simulator is an infrastructure error (has_error), excluded from scoring.

The worker's side of each case is a `SandboxResult` built here as plain data (what the sandbox reports), so the
classification is tested without depending on timing."""

from __future__ import annotations

import json

from modbench.rubrics.sourcepawn.sim.runner import summarise
from modbench.sandboxes import SandboxResult

NAMES = ["first", "second"]


def lines(*messages: dict) -> str:
    return "".join(json.dumps(m) + "\n" for m in messages)


def scenario(index: int, name: str, passed: bool = True) -> dict:
    return {"type": "scenario", "index": index, "result": {"name": name, "passed": passed, "failures": [] if passed
            else ["x"], "chat": [], "replies": [], "hints": [], "server_log": [], "errors": []}}


DONE = {"type": "done", "missing_natives": ["L4D_X"], "instructions": 1234, "not_verifiable": None}


def test_a_normal_run():
    out = lines({"type": "start", "index": 0}, scenario(0, "first"), {"type": "start", "index": 1},
                scenario(1, "second", passed=False), DONE)
    r = summarise(SandboxResult(exit_code=0, stdout=out), NAMES, 10)
    assert not r.has_error and not r.ok and r.pass_rate == 0.5
    assert r.missing_natives == ["L4D_X"] and r.instructions == 1234


def test_crash_inside_plugin_code_is_the_plugins_failure():
    out = lines({"type": "start", "index": 0}, scenario(0, "first"), {"type": "start", "index": 1})
    r = summarise(SandboxResult(exit_code=None, signal=11, stdout=out), NAMES, 10)
    assert not r.has_error and not r.ok
    second = r.scenarios[1]
    assert "died while the plugin ran" in second["failures"][0] and second["errors"]


def test_timeout_inside_plugin_code_keeps_finished_scenarios():
    out = lines({"type": "start", "index": 0}, scenario(0, "first"), {"type": "start", "index": 1})
    r = summarise(SandboxResult(exit_code=None, timed_out=True, stdout=out), NAMES, 3)
    assert not r.has_error and r.pass_rate == 0.5
    assert r.scenarios[0]["passed"] and "timed out after 3 s" in r.scenarios[1]["failures"][0]


def test_failure_before_any_plugin_code_is_an_infrastructure_error():
    for res in (SandboxResult(exit_code=1, stderr="ImportError: no module named x"),
                SandboxResult(exit_code=None, timed_out=True),
                SandboxResult(exit_code=None, signal=9)):
        r = summarise(res, NAMES, 10)
        assert r.has_error and "before running the plugin" in r.error


def test_death_between_scenarios_is_an_infrastructure_error():
    out = lines({"type": "start", "index": 0}, scenario(0, "first"))
    r = summarise(SandboxResult(exit_code=None, signal=6, stdout=out), NAMES, 10)
    assert r.has_error and "between scenarios" in r.error


def test_a_python_exception_in_the_simulator_is_an_infrastructure_error():
    out = lines({"type": "start", "index": 0}, {"type": "internal_error", "error": "KeyError: 'x'"})
    r = summarise(SandboxResult(exit_code=3, stdout=out), NAMES, 10)
    assert r.has_error and "simulator bug" in r.error and "KeyError" in r.error


def test_sandbox_failure_is_an_infrastructure_error():
    r = summarise(SandboxResult(exit_code=None, has_error=True, error="bubblewrap failed"), NAMES, 10)
    assert r.has_error and "bubblewrap failed" in r.error


def test_an_unloadable_file_is_the_plugins_failure():
    out = lines({"type": "done", "load_error": "not an .smx plugin", "missing_natives": [], "instructions": 0})
    r = summarise(SandboxResult(exit_code=0, stdout=out), NAMES, 10)
    assert not r.has_error and not r.ok and "not an .smx plugin" in r.error
    assert all("could not be loaded" in s["failures"][0] for s in r.scenarios)
