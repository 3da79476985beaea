"""Tier `behaviour` through the rubric: task scenarios, the smoke run, runtime errors, and plugins that stop
themselves (SetFailState) - run on the real simulator (`modbench.rubrics.sourcepawn.sim`)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from modbench.rubrics.sourcepawn import TIERS, answer_for_code, check_files, score_answer
from modbench.scenarios.schema import TaskSpec

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sandboxes need Linux")
DATA = Path(__file__).parent / "data" / "sourcepawn"
TANK = (DATA / "tank_announce.sp").read_text()

SCENARIO = {
    "name": "announces the tank with its health",
    "steps": [
        {"add_client": {"index": 1, "name": "Nick", "team": 2}},
        {"add_client": {"index": 5, "name": "Tank", "team": 3, "zombie_class": 8, "bot": True,
                        "netprops": {"m_iHealth": 6000}}},
        {"fire_event": {"name": "tank_spawn", "fields": {"userid": 105, "tankid": 5}}},
        {"command": {"client": 1, "text": "sm_tanks"}},
        {"advance": 5.0},
    ],
    "expect": [{"chat_contains": "6000"}, {"reply_contains": "Tanks this round: 1"}, {"no_errors": True}],
}


def task(scenarios: list[dict] | None) -> TaskSpec:
    checks = {"require_events": ["tank_spawn"]}
    if scenarios is not None:
        checks["scenarios"] = scenarios
    return TaskSpec.model_validate(dict(
        id="tank-announce-behaviour", env="l4d2", family="scaffold", split="train", theme="tanks",
        title="Tank announce", reference=answer_for_code(TANK), checks=checks,
        prompt=("Write a SourceMod plugin for Left 4 Dead 2 that announces each Tank spawn in chat with the Tank's "
                "health and answers sm_tanks with the number of Tanks this round."),
        broken=[{"answer": "none", "fails": "extract", "why": "no code"},
                {"answer": "none", "fails": "extract", "why": "no code"}]))


def score(answer: str, spec: TaskSpec):
    return asyncio.run(score_answer(spec, answer))


def test_reference_passes_its_scenario_and_every_tier():
    v = score(answer_for_code(TANK), task([SCENARIO]))
    assert v.passed and not v.has_error, v.feedback
    assert all(v.tiers[t].ok for t in TIERS)
    assert v.metrics["behaviour_pass_rate"] == 1.0 and v.metrics["passed"] == 1.0
    assert v.tiers["behaviour"].details["smoke"] is False


def test_wrong_behaviour_fails_with_the_scenario_in_feedback():
    wrong = TANK.replace("Tanks this round: %d", "Tanks so far: %d")
    v = score(answer_for_code(wrong), task([SCENARIO]))
    assert not v.passed and not v.has_error
    assert not v.tiers["behaviour"].ok and v.tiers["security"].skipped
    assert v.metrics["behaviour_pass_rate"] == 0.0 and v.metrics["compiled"] == 1.0 and v.metrics["api_ok"] == 1.0
    assert v.feedback.startswith("behaviour failed: scenario 'announces the tank with its health'")
    assert "Tanks this round: 1" in v.feedback


def test_pass_rate_is_the_fraction_of_scenarios_passed():
    other = {"name": "no tank, no announcement", "steps": [{"add_client": {"index": 1, "name": "Nick", "team": 2}},
                                                           {"advance": 1.0}],
             "expect": [{"no_chat_contains": "spawned"}]}
    wrong = TANK.replace("Tanks this round: %d", "Tanks so far: %d")
    v = score(answer_for_code(wrong), task([SCENARIO, other]))
    assert v.metrics["behaviour_pass_rate"] == 0.5 and not v.passed


def test_task_without_scenarios_gets_the_smoke_run():
    v = score(answer_for_code(TANK), task(None))
    assert v.passed, v.feedback
    assert v.tiers["behaviour"].details["smoke"] is True and v.metrics["behaviour_pass_rate"] == 1.0


def test_runtime_error_in_the_smoke_run_fails():
    crashing = TANK.replace("    if (client <= 0 || !IsClientInGame(client)) return;\n",
                            "    PrintToServer(\"%d\", GetClientTeam(0));\n")
    assert crashing != TANK
    v = score(answer_for_code(crashing), task(None))
    assert not v.passed and not v.tiers["behaviour"].ok and not v.has_error
    assert v.feedback.startswith("behaviour failed: smoke run")


def test_plugin_that_stops_itself_fails_a_task_but_not_check_files(tmp_path):
    stopping = TANK.replace("public void OnPluginStart()\n{\n",
                            "public void OnPluginStart()\n{\n    if (!FileExists(\"gamedata/tank.txt\")) "
                            "SetFailState(\"Missing gamedata/tank.txt\");\n")
    assert stopping != TANK
    v = score(answer_for_code(stopping), task(None))
    assert not v.passed and not v.has_error
    assert "stopped itself" in v.feedback and v.tiers["behaviour"].details["not_verifiable"]
    path = tmp_path / "stopping.sp"
    path.write_text(stopping)
    row = asyncio.run(check_files([path]))[0]
    assert row["ok"] and row["tiers"]["behaviour"]["ok"]
    assert "gamedata" in row["tiers"]["behaviour"]["details"]["not_verifiable"]


def test_a_scenario_the_simulator_cannot_read_is_a_task_error():
    broken = dict(SCENARIO, steps=[{"teleport_everyone": True}])
    v = score(answer_for_code(TANK), task([broken]))
    assert v.has_error and not v.passed and "teleport_everyone" in (v.error or "")


@pytest.mark.slow
def test_check_files_passes_real_community_plugins():
    """The checker must not flag working code (SOURCE.md names where these come from)."""
    paths = sorted((DATA / "community").glob("*.sp"))
    assert len(paths) >= 3
    rows = asyncio.run(check_files(paths))
    for row in rows:
        assert row["ok"] and not row["has_error"], (row["path"], row["feedback"])
        assert all(row["tiers"][t]["ok"] for t in TIERS), row["path"]
    by_name = {Path(r["path"]).name: r for r in rows}
    assert by_name["l4d_spec2ghost.sp"]["tiers"]["behaviour"]["details"]["not_verifiable"]
    charger = by_name["l4d2_charger_shoved_fix.sp"]["tiers"]["security"]["details"]["findings"]
    assert [f["rule"] for f in charger] == ["unchecked-userid"]
