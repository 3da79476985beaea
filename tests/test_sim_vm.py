"""The simulator's SourcePawn interpreter, run end to end (real spcomp, sandboxed worker): language semantics,
runtime errors, the instruction budget, hostile memory use, and files that are not plugins."""

from __future__ import annotations

from sim_support import by_name, compile_fixture, compile_source, simulate

# What SourcePawn computes for tests/data/sim/semantics.sp (C semantics: truncating division, 32-bit
# wrap-around, single-precision floats; SourceMod's Format rules).
EXPECTED_SEMANTICS = [
    "div=-3", "mod=-1", "divpos=-3", "wrap=-2147483648", "mulwrap=5", "shift=16 -4 15", "bits=8 14 6 -6",
    "ternary=1", "not=0 1", "switch=10 70 -50 0",
    "global=55", "local=21 84", "grid=23 10", "names=Ellis|Rochelle|i", "dyn=8", "dynstr=dynamic string",
    "dyn2=42", "cube=123 12 124", "byref=6 3.0", "esarray=9 smg 0", "sort=1 3 5 7 9", "sortcustom=9 1",
    "sortstrings=alpha bravo charlie delta", "explode=4 [bb] [] [ccc]", "vector=5.0", "bools=1 1 1",
    "fadd=1.75", "fmul=0.375", "fdiv=0.3750", "fcmp=1 0 1 0", "fconv=7.0 -2 2 3", "fabs=3.25", "finc=1.5",
    "fneg=-1.50",
    "format=[   42|42   |00042|ff|FF|101|str|tru|%]", "trunc=overf 5", "strequal=0 1", "contains=5 -1",
    # `word[1]` passed to a variadic native is the address of a byte: SourceMod reads the cell there ("ello")
    "charidx=Jello 1869376613", "strtoint=-123 255 25.00", "replace=a;b;c",
    "enumstruct=rifle 30 12.5", "methodmap=2", "fib=610", "arraylist=2 second 0", "datapack=7 1.25 packed",
]


def test_language_semantics_match_sourcepawn():
    result = simulate(compile_fixture("semantics.sp"), [{"name": "battery", "expect": [{"no_errors": True}]}])
    assert not result.has_error, result.error
    scenario = result.scenarios[0]
    assert scenario["errors"] == []
    assert scenario["server_log"] == EXPECTED_SEMANTICS
    assert result.ok and result.pass_rate == 1.0 and result.missing_natives == []
    assert result.instructions > 10_000


def test_endless_loop_in_an_event_handler_ends_at_the_instruction_budget():
    smx = compile_fixture("loop.sp")
    scenarios = [
        {"name": "jump", "steps": [{"add_client": {"index": 1, "name": "Nick"}},
                                   {"fire_event": {"name": "player_jump", "fields": {"userid": 101}}}],
         "expect": [{"no_errors": True}]},
        {"name": "ping afterwards", "steps": [{"command": {"client": 0, "text": "sm_ping"}}],
         "expect": [{"reply_contains": "pong"}]},
    ]
    result = simulate(smx, scenarios, max_instructions=300_000)
    assert not result.has_error, result.error
    assert not result.ok and result.instructions >= 300_000
    jump, after = result.scenarios
    assert any("Script execution timed out" in e and "in Event_Jump" in e for e in jump["errors"])
    assert not jump["passed"]
    assert not after["passed"] and "not run" in after["failures"][0]


def test_wall_clock_timeout_still_gives_a_verdict():
    smx = compile_fixture("loop.sp")
    steps = [{"add_client": {"index": 1, "name": "Nick"}},
             {"fire_event": {"name": "player_jump", "fields": {"userid": 101}}}]
    result = simulate(smx, [{"name": "jump", "steps": steps, "expect": [{"no_errors": True}]}],
                      max_instructions=10**12, timeout=2.0)
    assert not result.has_error and not result.ok
    assert "timed out" in result.scenarios[0]["failures"][0]


def test_hostile_memory_use_is_a_runtime_error_not_a_crash():
    smx = compile_fixture("memhog.sp")
    scenarios = [{"name": "hog", "steps": [
        {"command": {"client": 0, "text": "sm_alloc 2000000000"}},
        {"command": {"client": 0, "text": "sm_alloc -5"}},
        {"command": {"client": 0, "text": "sm_alloc2d 100000"}},
        {"command": {"client": 0, "text": "sm_alloc 1000"}},
        {"command": {"client": 0, "text": "sm_ok"}},
    ], "expect": [{"error_contains": "Not enough space on the heap"}, {"error_contains": "Dynamic array is too big"},
                  {"reply_contains": "allocated 1000"}, {"reply_contains": "still alive"}]}]
    result = simulate(smx, scenarios)
    assert not result.has_error, result.error
    assert result.ok, result.scenarios[0]["failures"]
    assert len(result.scenarios[0]["errors"]) == 3


def test_out_of_bounds_and_division_by_zero_report_sourcepawn_errors():
    smx = compile_source("""
#include <sourcemod>
public void OnPluginStart() { RegConsoleCmd("sm_crash", Cmd); }
public Action Cmd(int client, int args)
{
    int values[4];
    int zero = GetCmdArgs() - 1;
    if (args == 1) values[args + 5] = 1;
    if (args == 2) PrintToServer("%d", 10 / (zero - 1));
    return Plugin_Handled;
}
""")
    steps = [{"command": {"text": "sm_crash x"}}, {"command": {"text": "sm_crash x y"}}]
    result = simulate(smx, [{"name": "c", "steps": steps, "expect": [
        {"error_contains": "Array index out-of-bounds (index 6, limit 4)"}, {"error_contains": "Divide by zero"}]}])
    assert result.ok, result.scenarios[0]


def test_a_file_that_is_not_a_plugin_fails_without_an_infrastructure_error():
    result = simulate(b"this is not an smx file", [], smoke=True)
    assert not result.has_error
    assert not result.ok and "could not be loaded" in result.error


def test_scenarios_start_from_a_freshly_loaded_plugin():
    smx = compile_fixture("behaviour.sp")
    hello = {"steps": [{"add_client": {"index": 1, "name": "Nick"}}, {"command": {"client": 1, "text": "sm_hello"}}],
             "expect": [{"reply_contains": "you are #1"}]}
    result = simulate(smx, [{"name": "first", **hello}, {"name": "second", **hello}])
    assert [s["passed"] for s in result.scenarios] == [True, True]
    assert by_name(result)["second"]["replies"] == ["Hello Nick, you are #1"]
