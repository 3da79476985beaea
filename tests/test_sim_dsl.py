"""The scenario DSL of the task files: every expectation type passes when the behaviour is there and fails,
with a message that says why, when it is not; malformed scenarios are task-file errors (has_error)."""

from __future__ import annotations

import pytest
from modbench.rubrics.sourcepawn.sim import ScenarioError, validate
from sim_support import by_name, compile_fixture, simulate

PLAYERS = [
    {"add_client": {"index": 1, "name": "Nick", "team": 2, "admin_flags": "z"}},
    {"add_client": {"index": 2, "name": "Ellis", "team": 2}},
    {"add_client": {"index": 3, "name": "Hunter", "team": 3, "bot": True, "zombie_class": 3, "health": 250}},
]
HURT = [{"fire_event": {"name": "player_hurt", "fields": {"userid": 102, "attacker": 103, "dmg_health": 60}}}]
PUNISH = [{"command": {"client": 1, "text": "sm_punish Ellis"}}]
SLAYME = [{"command": {"client": 1, "text": "sm_slayme"}}]

# expectation type -> (extra steps, an expectation that holds, one that does not, text of its failure message)
CASES = {
    "chat_contains": (HURT, "Hunter hit Ellis for 60 with fists (#1)", "Ellis hit Hunter", "no chat message"),
    "no_chat_contains": (HURT, "Tank", "Hunter hit", "chat contains it"),
    "chat_to": (HURT, {"client": 2, "contains": "Welcome Ellis"}, {"client": 1, "contains": "Welcome Ellis"},
                "that client got"),
    "chat_count": (HURT, {"contains": "hit", "equals": 1}, {"contains": "hit", "equals": 2}, "expected 2"),
    "reply_contains": ([{"command": {"client": 2, "text": "sm_hello"}}], "Hello Ellis", "Goodbye", "replies were"),
    "server_log_contains": ([{"advance": 1.5}], "tick 1", "tick 2", "server log was"),
    "hint_contains": (HURT, "Big hit: 60", "Big hit: 99", "hints were"),
    "netprop": (PUNISH, {"entity": 2, "prop": "m_flLaggedMovementValue", "equals": 0.5},
                {"entity": 2, "prop": "m_flLaggedMovementValue", "equals": 1.0}, "expected 1.0, got 0.5"),
    "health": (PUNISH, {"client": 2, "equals": 90}, {"client": 2, "equals": 100}, "expected 100, got 90"),
    "alive": (SLAYME, {"client": 1, "equals": False}, {"client": 1, "equals": True}, "expected True, got False"),
    "convar": ([{"set_convar": {"name": "sim_bonus", "value": 400}}], {"name": "sim_bonus", "equals": 100},
               {"name": "sim_bonus", "equals": 400}, "got '100.000000'"),
    "pending_timers": ([{"advance": 0.5}], 1, 0, "expected 0, got 1"),
    "command_registered": ([], "sm_hello", "sm_goodbye", "registered commands are"),
    "event_hooked": ([], "player_hurt", "tank_spawn", "hooked events are"),
    "no_errors": ([{"command": {"client": 1, "text": "sm_bad none"}}], True, True, "the plugin raised"),
    "error_contains": ([{"command": {"client": 1, "text": "sm_bad team0"}}], "Client index 0 is invalid",
                       "Client index 7 is invalid", "errors were"),
    "kicked": ([{"command": {"client": 1, "text": "sm_boot Hunt"}}], {"client": 3}, {"client": 2}, "kicked were"),
    "slapped": (PUNISH, {"client": 2}, {"client": 1}, "did not happen"),
    "forced_suicide": (SLAYME, {"client": 1}, {"client": 2}, "did not happen"),
    "teleported": (PUNISH, {"client": 2}, {"client": 1}, "did not happen"),
    "team": (PUNISH, {"client": 2, "equals": 1}, {"client": 2, "equals": 2}, "expected 2, got 1"),
}
# the failing no_errors case needs a plugin error: run the bad native for it
FAILING_STEPS = {"no_errors": [{"command": {"client": 1, "text": "sm_bad team0"}}]}


@pytest.fixture(scope="module")
def dsl_run():
    scenarios = []
    for name, (steps, good, bad, _msg) in CASES.items():
        scenarios.append({"name": f"{name}/pass", "steps": PLAYERS + steps, "expect": [{name: good}]})
        scenarios.append({"name": f"{name}/fail", "steps": PLAYERS + FAILING_STEPS.get(name, steps),
                          "expect": [{name: bad}]})
    result = simulate(compile_fixture("behaviour.sp"), scenarios)
    assert not result.has_error, result.error
    return by_name(result)


def test_every_expectation_type_is_covered():
    from modbench.rubrics.sourcepawn.sim.scenario import EXPECTS
    assert set(CASES) == set(EXPECTS)


@pytest.mark.parametrize("name", sorted(CASES))
def test_expectation_passes_when_the_behaviour_is_there(dsl_run, name):
    scenario = dsl_run[f"{name}/pass"]
    assert scenario["passed"], scenario["failures"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_expectation_fails_with_a_reason_when_it_is_not(dsl_run, name):
    scenario = dsl_run[f"{name}/fail"]
    assert not scenario["passed"]
    assert len(scenario["failures"]) == 1
    assert CASES[name][3] in scenario["failures"][0], scenario["failures"][0]


def test_pass_rate_counts_scenarios():
    smx = compile_fixture("behaviour.sp")
    result = simulate(smx, [
        {"name": "a", "expect": [{"command_registered": "sm_hello"}]},
        {"name": "b", "expect": [{"command_registered": "sm_nope"}]},
        {"name": "c", "expect": [{"event_hooked": "round_start"}]},
    ])
    assert not result.ok and result.pass_rate == pytest.approx(2 / 3)


def test_step_problems_fail_the_scenario_with_a_message():
    result = simulate(compile_fixture("behaviour.sp"), [{"name": "s", "steps": [
        {"set_convar": {"name": "sim_missing_cvar", "value": 1}},
        {"command": {"client": 7, "text": "sm_hello"}},
        {"remove_client": 4},
    ], "expect": [{"no_errors": True}]}])
    failures = result.scenarios[0]["failures"]
    assert any("no convar 'sim_missing_cvar'" in f for f in failures)
    assert any("no client in slot 7" in f for f in failures)
    assert any("remove_client: no client in slot 4" in f for f in failures)


@pytest.mark.parametrize("scenarios, message", [
    ([{"name": "x", "steps": [{"spawn_tank": {}}], "expect": [{"no_errors": True}]}], "unknown step 'spawn_tank'"),
    ([{"name": "x", "expect": [{"chat_has": "x"}]}], "unknown expectation 'chat_has'"),
    ([{"name": "x", "steps": [{"advance": "5"}], "expect": [{"no_errors": True}]}], "takes a number"),
    ([{"name": "x", "steps": [{"command": {"client": 1}}], "expect": [{"no_errors": True}]}], "needs the field 'text'"),
    ([{"name": "x", "steps": [{"add_client": {"index": 1, "nmae": "typo"}}], "expect": [{"no_errors": True}]}],
     "has no field 'nmae'"),
    ([{"name": "x", "steps": [{"add_client": {"index": 40}}], "expect": [{"no_errors": True}]}], "outside 1..32"),
    ([{"name": "x", "steps": [{"advance": 5, "command": {"text": "x"}}], "expect": [{"no_errors": True}]}],
     "exactly one key"),
    ([{"name": "x", "steps": []}], "has no expectations"),
    ([{"name": "x", "expect": [{"no_errors": True}], "extra": 1}], "unknown keys"),
])
def test_malformed_scenarios_are_task_file_errors(scenarios, message):
    with pytest.raises(ScenarioError, match=message):
        validate(scenarios)
    result = simulate(b"never run", scenarios)
    assert result.has_error and message.split("'")[0] in result.error and "task file error" in result.error
