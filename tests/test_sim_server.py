"""The simulated L4D2 server around real compiled plugins: the tank-announce scenario of the contract, events,
commands (arguments, admin access, chat triggers, server-only commands), timers on the virtual clock, convars,
natives that fail like SourceMod's, plugins that stop themselves, old syntax, unknown natives, smoke runs."""

from __future__ import annotations

import pytest
from sim_support import by_name, compile_fixture, compile_source, simulate

PLAYERS = [
    {"add_client": {"index": 1, "name": "Nick", "team": 2, "admin_flags": "z"}},
    {"add_client": {"index": 2, "name": "Ellis", "team": 2}},
    {"add_client": {"index": 3, "name": "Hunter", "team": 3, "bot": True, "zombie_class": 3, "health": 250}},
]

TANK_SCENARIO = {
    "name": "announces the tank with its health",
    "steps": [
        {"add_client": {"index": 1, "name": "Nick", "team": 2}},
        {"add_client": {"index": 5, "name": "Tank", "team": 3, "zombie_class": 8, "bot": True,
                        "netprops": {"m_iHealth": 6000}}},
        {"fire_event": {"name": "tank_spawn", "fields": {"userid": 105, "tankid": 5}}},
        {"command": {"client": 1, "text": "sm_tanks"}},
        {"advance": 5.0},
    ],
    "expect": [{"chat_contains": "6000"}, {"reply_contains": "Tanks this round: 1"}],
}


@pytest.fixture(scope="module")
def tank_run():
    smx = compile_fixture("tank_announce.sp")
    wrong = dict(TANK_SCENARIO, name="wrong health", expect=[{"chat_contains": "4000"}])
    speed = {"name": "speed", "steps": TANK_SCENARIO["steps"][:3], "expect": [
        {"netprop": {"entity": 1, "prop": "m_flLaggedMovementValue", "equals": 1.25, "tolerance": 0.14}},
        {"netprop": {"entity": 5, "prop": "m_flLaggedMovementValue", "equals": 1.0}},
        {"pending_timers": 1}]}
    result = simulate(smx, [TANK_SCENARIO, wrong, speed])
    assert not result.has_error, result.error
    return result


def test_tank_announce_scenario_end_to_end(tank_run):
    good, bad = tank_run.scenarios[:2]
    assert good["passed"], good["failures"]
    assert "[TA] Tank #1 spawned (Tank, 6000 HP)!" in good["chat"]          # %N, %d and color codes stripped
    assert "Run! Speed x1.25" in good["chat"]                              # float comparison mult > 1.0
    assert "Tank 5 still alive" in good["chat"]                            # Action timer after 5 s
    assert good["errors"] == []
    assert not bad["passed"] and "4000" in bad["failures"][0]
    assert bad["chat"] == good["chat"]          # same steps, same seeded randomness: the same run
    assert tank_run.pass_rate == pytest.approx(2 / 3) and tank_run.missing_natives == []


def test_speed_netprop_set_by_the_tank_handler(tank_run):
    speed = by_name(tank_run)["speed"]
    assert speed["passed"], speed["failures"]


LATER = PLAYERS + [{"command": {"client": 1, "text": "sm_later"}}]
BEHAVIOUR_SCENARIOS = [
    {"name": "events", "steps": PLAYERS + [
        {"fire_event": {"name": "round_start"}},
        {"fire_event": {"name": "player_hurt", "fields": {"userid": 102, "attacker": 103, "dmg_health": 20,
                                                          "weapon": "claw"}}},
        {"fire_event": {"name": "player_death", "fields": {"userid": 102}}}],
     "expect": [{"server_log_contains": "round start (round_start)"},
                {"chat_contains": "Hunter hit Ellis for 20 with claw (#1)"}, {"no_chat_contains": "Big hit"},
                {"server_log_contains": "death of Ellis (alive=0)"}, {"alive": {"client": 2, "equals": False}},
                {"no_errors": True}]},
    {"name": "args", "steps": PLAYERS + [{"command": {"client": 2, "text": 'sm_args one "two words" 3'}}],
     "expect": [{"reply_contains": "args=3 all=[one \"two words\" 3] first=[one] second=[two words]"}]},
    {"name": "no access", "steps": PLAYERS + [{"command": {"client": 2, "text": "sm_slayme"}}],
     "expect": [{"reply_contains": "You do not have access to this command"},
                {"alive": {"client": 2, "equals": True}}]},
    {"name": "slay flag", "steps": [{"add_client": {"index": 4, "name": "Rochelle", "admin_flags": "f"}},
                                    {"command": {"client": 4, "text": "sm_slayme"}}],
     "expect": [{"alive": {"client": 4, "equals": False}}, {"server_log_contains": "death of Rochelle"},
                {"reply_contains": "You slayed yourself"}]},
    {"name": "console may", "steps": [{"command": {"client": 0, "text": "sm_punish @all"}}],
     "expect": [{"reply_contains": "No matching client"}]},
    {"name": "chat trigger", "steps": PLAYERS + [{"say": {"client": 2, "text": "!hello"}}],
     "expect": [{"chat_to": {"client": 2, "contains": "Hello Ellis, you are #1"}},
                {"chat_contains": "Ellis said hello"}]},
    {"name": "server command", "steps": PLAYERS + [{"command": {"client": 0, "text": "sm_status"}},
                                                  {"command": {"client": 1, "text": "sm_status"}}],
     "expect": [{"server_log_contains": "status: 0 hellos, enable=1"},
                {"reply_contains": 'Unknown command "sm_status"'}]},
    {"name": "heal stock", "steps": PLAYERS + [{"command": {"client": 2, "text": "sm_heal"}}],
     "expect": [{"health": {"client": 2, "equals": 125}}, {"reply_contains": "Healed to 125"}]},
    {"name": "targets", "steps": PLAYERS + [{"command": {"client": 1, "text": "sm_punish @humans"}}],
     "expect": [{"slapped": {"client": 1}}, {"slapped": {"client": 2}}, {"team": {"client": 1, "equals": 1}},
                {"chat_contains": "[SM] Nick: Punished all humans"},
                {"netprop": {"entity": 2, "prop": "m_vecOrigin", "equals": [100.0, 200.0, 300.0]}}]},
    {"name": "kick", "steps": PLAYERS + [{"command": {"client": 1, "text": "sm_boot Ellis"}}],
     "expect": [{"kicked": {"client": 2}}, {"command_registered": "sm_boot"}]},
    {"name": "half second", "steps": [{"advance": 0.5}],
     "expect": [{"pending_timers": 1}, {"no_chat_contains": "tick"}]},
    {"name": "repeat stops", "steps": [{"advance": 10.0}],
     "expect": [{"pending_timers": 0}, {"server_log_contains": "tick 3"}]},
    {"name": "frame then timer", "steps": LATER + [{"advance": 0.05}],
     "expect": [{"chat_to": {"client": 1, "contains": "next frame"}}, {"no_chat_contains": "delayed message"},
                {"pending_timers": 2}]},
    {"name": "data timer fires", "steps": LATER + [{"advance": 2.5}],
     "expect": [{"chat_to": {"client": 1, "contains": "delayed message"}}, {"no_errors": True}]},
    {"name": "cvars", "steps": [{"set_convar": {"name": "sim_bonus", "value": 40}},
                                {"set_convar": {"name": "sim_enable", "value": False}}],
     "expect": [{"server_log_contains": "bonus 25 -> 40"}, {"convar": {"name": "sim_bonus", "equals": 40}},
                {"convar": {"name": "sim_enable", "equals": 0}},
                {"convar": {"name": "z_tank_health", "equals": 4000}}]},
]
BAD_NATIVES = {
    "team0": "Client index 0 is invalid",
    "health5": "Client 5 is not in game",
    "name9": "Client 9 is not connected",
    "ent": "Entity 2049 (2049) is invalid",
    "float": "SendProp m_flLaggedMovementValue is not an integer",
    "throw": "custom failure 7",
    "oob": "Array index out-of-bounds (index 10, limit 4)",
}


@pytest.fixture(scope="module")
def behaviour_run():
    bad = [{"name": f"bad {what}", "steps": PLAYERS + [{"command": {"client": 1, "text": f"sm_bad {what}"}}],
            "expect": [{"no_errors": False}]} for what in BAD_NATIVES]
    result = simulate(compile_fixture("behaviour.sp"), BEHAVIOUR_SCENARIOS + bad)
    assert not result.has_error, result.error
    return by_name(result)


@pytest.mark.parametrize("name", [sc["name"] for sc in BEHAVIOUR_SCENARIOS])
def test_server_behaviour(behaviour_run, name):
    """events (Pre/Post/PostNoCopy, world effects), command arguments, admin access, chat triggers,
    server-only commands, SetEntityHealth's gamedata path, targeting, kicks, timers, RequestFrame, convars"""
    scenario = behaviour_run[name]
    assert scenario["passed"], scenario["failures"]


def test_repeat_timer_stops_after_plugin_stop(behaviour_run):
    log = behaviour_run["repeat stops"]["server_log"]
    assert log.count("tick 3") == 1 and "tick 4" not in log


@pytest.mark.parametrize("what", sorted(BAD_NATIVES))
def test_bad_native_arguments_fail_like_sourcemod(behaviour_run, what):
    scenario = behaviour_run[f"bad {what}"]
    assert scenario["passed"], scenario["failures"]
    assert len(scenario["errors"]) == 1 and BAD_NATIVES[what] in scenario["errors"][0]
    assert "in Cmd_Bad" in scenario["errors"][0]
    assert f"survived {what}" not in scenario["replies"]            # the error aborted the callback


def test_console_name_and_game_convars():
    smx = compile_source("""
#include <sourcemod>
public void OnPluginStart()
{
    char name[64];
    GetClientName(0, name, sizeof(name));
    PrintToServer("[%s] [%N]", name, 0);
    ConVar tank = FindConVar("z_tank_health"), unlisted = FindConVar("z_unlisted_for_test");
    ConVar other = FindConVar("l4d_other_plugin_cvar");
    ConVar mine = CreateConVar("sv_fixture_value", "7");
    PrintToServer("tank=%d unlisted=%d other=%d mine=%d", tank.IntValue, unlisted != null, other != null,
                  mine.IntValue);
}
""")
    result = simulate(smx, [{"name": "console", "expect": [
        {"server_log_contains": "[Left 4 Dead 2 Dedicated Server] [Console]"},     # not an error in SourceMod
        {"server_log_contains": "tank=4000 unlisted=1 other=0 mine=7"}, {"no_errors": True}]}])
    assert result.ok, result.scenarios[0]
    assert result.scenarios[0]["unknown_convars"] == ["z_unlisted_for_test"]


def test_missing_gamedata_is_not_verifiable():
    result = simulate(compile_fixture("gamedata.sp"), [], smoke=True)
    assert not result.has_error
    assert result.not_verifiable and "l4d2_sim_fixture" in result.not_verifiable


def test_missing_translation_file_is_not_verifiable():
    result = simulate(compile_fixture("transfail.sp"), [{"name": "a", "expect": [{"no_errors": True}]},
                                                        {"name": "b", "expect": [{"no_errors": True}]}])
    assert not result.has_error and not result.ok
    assert "translation file" in result.not_verifiable
    assert "not run" in result.scenarios[1]["failures"][0]


def test_setfailstate_for_another_reason_is_the_plugins_failure():
    result = simulate(compile_fixture("failstate.sp"), [{"name": "a", "expect": [{"no_errors": True}]}])
    assert not result.has_error and not result.ok and result.not_verifiable is None
    failure = result.scenarios[0]["failures"][0]
    assert "SetFailState" in failure and "refuses to run (mode 0)" in failure


def test_old_syntax_plugin_runs():
    smx = compile_fixture("oldsyntax.sp")
    steps = [{"add_client": {"index": 1, "name": "Nick"}},
             {"add_client": {"index": 3, "name": "Hunter", "team": 3, "bot": True, "zombie_class": 3}},
             {"fire_event": {"name": "lunge_pounce", "fields": {"userid": 103, "victim": 101, "distance": 720}}},
             {"fire_event": {"name": "lunge_pounce", "fields": {"userid": 103, "victim": 101, "distance": 200}}}]
    result = simulate(smx, [{"name": "pounce", "steps": steps, "expect": [
        {"chat_contains": "Hunter pounced Nick from 720 units (#1)"},
        {"chat_count": {"contains": "pounced", "equals": 1}},
        {"no_errors": True}]}])
    assert result.ok, result.scenarios[0]["failures"]


def test_unknown_natives_are_stubbed_and_listed_or_fail_in_strict_mode():
    smx = compile_fixture("natives_extra.sp")
    scenario = [{"name": "u", "steps": [{"command": {"client": 0, "text": "sm_unknown"}}],
                 "expect": [{"reply_contains": "value 0"}]}]
    lenient = simulate(smx, scenario)
    assert lenient.ok and lenient.missing_natives == ["L4D_SimUnknownNative"]
    strict = simulate(smx, scenario, strict=True)
    assert not strict.ok and not strict.has_error
    assert any('"L4D_SimUnknownNative" is not available' in e for e in strict.scenarios[0]["errors"])


def test_smoke_run_fires_hooked_events_and_commands():
    result = simulate(compile_fixture("behaviour.sp"), [], smoke=True)
    assert not result.has_error and result.ok, result.scenarios
    smoke = result.scenarios[0]
    assert smoke["name"] == "smoke" and smoke["errors"] == []
    assert "round start (round_start)" in smoke["server_log"]
    assert any(r.startswith("Hello Nick") for r in smoke["replies"])     # commands ran from client 1
    assert "tick 3" in smoke["server_log"]                               # 3 s of virtual time
    loop = simulate(compile_fixture("loop.sp"), [], smoke=True, max_instructions=200_000)
    assert not loop.has_error and not loop.ok


def test_game_mode_entity_output_and_damage_over_time():
    smx = compile_fixture("tongue_damage.sp")
    steps = [{"add_client": {"index": 1, "name": "Nick"}},
             {"add_client": {"index": 3, "name": "Smoker", "team": 3, "bot": True, "zombie_class": 1}},
             {"set_netprop": {"entity": 1, "prop": "m_tongueOwner", "value": 3}},
             {"fire_event": {"name": "tongue_grab", "fields": {"userid": 103, "victim": 101}}},
             {"advance": 2.2},
             {"fire_event": {"name": "tongue_release", "fields": {"userid": 103, "victim": 101}}},
             {"advance": 2.0}]
    result = simulate(smx, [{"name": "drag", "steps": steps, "expect": [
        {"server_log_contains": "tongue damage on (mode 1)"}, {"health": {"client": 1, "equals": 80}},
        {"pending_timers": 0}, {"no_errors": True}]}])
    assert result.ok, result.scenarios[0]["failures"]


def test_damage_step_runs_ontakedamage_hooks_then_player_hurt():
    smx = compile_fixture("friendly_fire.sp")
    result = simulate(smx, [{"name": "ff", "steps": PLAYERS + [
        {"damage": {"victim": 2, "attacker": 1, "amount": 40}},
        {"damage": {"victim": 2, "attacker": 3, "amount": 30}},
        {"damage": {"victim": 2, "amount": 500, "type": 32}},
        {"damage": {"victim": 1, "attacker": 3, "amount": 150}},
        {"damage": {"victim": 3, "attacker": 1, "amount": 400}},
    ], "expect": [
        {"server_log_contains": "Ellis hurt for 20, health 80"},
        {"server_log_contains": "Ellis hurt for 30, health 50"},
        {"health": {"client": 2, "equals": 50}},
        # a survivor brought to 0 is incapacitated (with the incap health), an infected dies
        {"alive": {"client": 1, "equals": True}}, {"netprop": {"entity": 1, "prop": "m_isIncapacitated", "equals": 1}},
        {"health": {"client": 1, "equals": 300}}, {"alive": {"client": 3, "equals": False}}, {"no_errors": True}]},
        {"name": "incapacitated then killed", "steps": PLAYERS + [
            {"damage": {"victim": 2, "attacker": 3, "amount": 150}},
            {"damage": {"victim": 2, "attacker": 3, "amount": 350}}],
         "expect": [{"alive": {"client": 2, "equals": False}}]}])
    assert result.ok, [s["failures"] for s in result.scenarios]
