"""Tier `static`: facts read from real compiled plugins, the L4D2 catalog, and the task's checks."""

from __future__ import annotations

import asyncio
import io
import zlib
from pathlib import Path

import pytest
from smx.plugin import SourcePawnPlugin

from modbench.rubrics.sourcepawn import catalog, smx_facts
from modbench.rubrics.sourcepawn.compiler import compile_source
from modbench.rubrics.sourcepawn.context import Context
from modbench.rubrics.sourcepawn.smx_facts import MAX_IMAGE_BYTES, SmxReadError, read_facts
from modbench.rubrics.sourcepawn.static import StaticTier

DATA = Path(__file__).parent / "data" / "sourcepawn"
TANK = (DATA / "tank_announce.sp").read_text()


def build(code: str) -> bytes:
    out = asyncio.run(compile_source(code))
    assert out.ok, [d.render() for d in out.diagnostics]
    return out.smx


def static(code: str, checks: dict | None = None, mode: str = "task"):
    ctx = Context(text="", mode=mode, checks=checks or {})
    ctx.code, ctx.smx = code, build(code)
    return asyncio.run(StaticTier().run(ctx)), ctx


@pytest.fixture(scope="module")
def tank_facts():
    return read_facts(build(TANK))


def test_facts_of_a_small_plugin(tank_facts):
    f = tank_facts
    assert f.myinfo["name"] == "Tank Announce"
    assert {"HookEvent", "GetClientOfUserId", "Event.GetInt", "GetEntProp", "SetEntPropFloat"} <= set(f.natives)
    assert {"OnPluginStart", "Event_TankSpawn", "Event_RoundStart", "Cmd_Tanks", "Cmd_Slay"} <= set(f.publics)
    assert f.events == ["tank_spawn", "round_start"]
    assert f.event_hook_modes == {"tank_spawn": [1], "round_start": [2]}        # Post, PostNoCopy
    assert f.convars == ["l4d2_tank_announce_enable"]
    assert [(c.name, c.kind, c.admin_flags) for c in f.commands] == [
        ("sm_tanks", "console", None), ("sm_slaytank", "admin", 1 << 5)]       # ADMFLAG_SLAY
    assert [(u.name, u.native, u.accessor_type) for u in f.netprops] == [
        ("m_iHealth", "GetEntProp", "int"), ("m_flLaggedMovementValue", "SetEntPropFloat", "float")]
    assert f.event_keys == ["userid"]
    assert f.complete


def test_constant_args_survive_nested_calls():
    code = ('#include <sourcemod>\nint Pick(int a, int b) { return a > b ? a : b; }\npublic void OnPluginStart()\n{\n'
            '    HookEvent("player_death", Ev);\n    PrintToServer("%d %d", Pick(1, 2), GetRandomInt(0, 3));\n'
            '    RegAdminCmd(Pick(1, 2) > 1 ? "sm_a" : "sm_b", Cmd, ADMFLAG_BAN);\n'
            '    CreateConVar("cv_after_nested", "1");\n}\n'
            'public void Ev(Event e, const char[] n, bool d) { PrintToServer("%d", e.GetInt("attacker")); }\n'
            'public Action Cmd(int c, int a) { return Plugin_Handled; }\n')
    f = read_facts(build(code))
    assert f.events == ["player_death"] and f.convars == ["cv_after_nested"] and f.event_keys == ["attacker"]
    assert f.commands == [] and f.dynamic_args == {"RegAdminCmd": 1}        # a computed name is not guessed


def test_plugins_whose_rtti_lists_a_typeset_are_read():
    # pysmx 0.4.0 fails an assertion decoding typesets; the facts reader must not depend on that decoding
    code = ("#include <sourcemod>\nint g_n;\npublic void OnPluginStart()\n{\n"
            '    HookEvent("gauntlet_finale_start", Ev, EventHookMode_PostNoCopy);\n}\n'
            "public void Ev(Event event, const char[] name, bool dontBroadcast)\n{\n"
            '    g_n++;\n    PrintToChatAll("%s #%d", name, g_n);\n}\n')
    smx = build(code)
    with pytest.raises(AssertionError):          # the upstream bug this guards against
        SourcePawnPlugin(io.BytesIO(smx))
    assert read_facts(smx).events == ["gauntlet_finale_start"]


def test_unreadable_smx_is_an_error_not_a_crash():
    with pytest.raises(SmxReadError):
        read_facts(b"not a plugin at all")
    with pytest.raises(SmxReadError):
        read_facts(b"FFPS" + b"\x00" * 40)
    # a header that promises a huge image is refused before anything is inflated
    bomb = bytearray(build("#include <sourcemod>\npublic void OnPluginStart() {}\n"))
    bomb[11:15] = (MAX_IMAGE_BYTES + 1).to_bytes(4, "little")
    with pytest.raises(SmxReadError) as info:
        read_facts(bytes(bomb))
    assert info.value.model_fault


def test_inflated_size_is_checked_not_just_the_header(monkeypatch):
    monkeypatch.setattr(smx_facts, "MAX_IMAGE_BYTES", 1 << 20)      # a small cap keeps the test quick
    smx = bytearray(build("#include <sourcemod>\npublic void OnPluginStart() {}\n"))
    dataoffs = int.from_bytes(smx[20:24], "little")
    smx[dataoffs:] = zlib.compress(b"\x00" * (2 << 20))             # the header still claims the small size
    with pytest.raises(SmxReadError) as info:
        read_facts(bytes(smx))
    assert info.value.model_fault and "inflates past" in str(info.value)


def test_reference_plugin_passes_catalog_and_task_checks():
    checks = {"require_natives": ["HookEvent", "GetClientOfUserId"], "forbid_natives": ["GetRandomFloat"],
              "require_events": ["tank_spawn"], "forbid_events": ["pounce"], "require_commands": ["sm_tanks"],
              "require_admin_commands": ["sm_slaytank"], "require_convars": ["l4d2_tank_announce_enable"],
              "require_netprops": ["m_flLaggedMovementValue"], "forbid_netprops": ["m_flSpeed"]}
    result, ctx = static(TANK, checks)
    assert result.ok, [d.render() for d in result.diagnostics]
    assert ctx.facts.events == ["tank_spawn", "round_start"]


@pytest.mark.parametrize("checks, code, expected", [
    ({"require_events": ["player_death"]}, "require_events", 'must hook the "player_death" event'),
    ({"require_natives": ["KickClient"]}, "require_natives", "must call KickClient"),
    ({"forbid_natives": ["GetEntProp"]}, "forbid_natives", "must not call GetEntProp"),
    ({"require_commands": ["sm_other"]}, "require_commands", 'register the command "sm_other"'),
    ({"require_admin_commands": ["sm_tanks"]}, "require_admin_commands", "use RegAdminCmd with an admin flag"),
    ({"require_convars": ["missing_cvar"]}, "require_convars", 'create the convar "missing_cvar"'),
    ({"require_netprops": ["m_isIncapacitated"]}, "require_netprops", '"m_isIncapacitated"'),
    ({"forbid_netprops": ["m_iHealth"]}, "forbid_netprops", 'must not use the netprop "m_iHealth"'),
    ({"forbid_events": ["round_start"]}, "forbid_events", 'must not hook "round_start"'),
])
def test_each_task_check_fails_with_its_own_message(checks, code, expected):
    result, _ = static(TANK, checks)
    assert not result.ok and not result.has_error
    diag = next(d for d in result.diagnostics if d.code == code)
    assert expected in diag.message


def test_task_checks_do_not_apply_to_check_files_mode():
    result, _ = static(TANK, {"require_events": ["player_death"]}, mode="file")
    assert result.ok


EVENT_PAIRS = {k: v for k, v in catalog.wrong_api().items() if v in catalog.events()}
NETPROP_PAIRS = {k: v for k, v in catalog.wrong_api().items() if k.startswith("m_")}


def test_every_wrong_event_in_the_table_fails_with_the_right_hint():
    hooks = "\n".join(f'    HookEvent("{wrong}", Ev);' for wrong in EVENT_PAIRS)
    code = (f"#include <sourcemod>\npublic void OnPluginStart()\n{{\n{hooks}\n}}\n"
            "public void Ev(Event e, const char[] n, bool d) {}\n")
    result, _ = static(code, mode="file")
    assert not result.ok
    for wrong, right in EVENT_PAIRS.items():
        diag = next(d for d in result.diagnostics if f'HookEvent("{wrong}")' in d.message)
        assert diag.severity == "error" and f"did you mean {right!r}?" in diag.message and diag.line


def test_contract_pairs_are_in_the_table():
    table = catalog.wrong_api()
    assert {"RandomFloat": "GetRandomFloat", "RandomInt": "GetRandomInt", "m_flSpeed": "m_flLaggedMovementValue",
            "pounce": "lunge_pounce", "smoker_tongue_grab": "tongue_grab", "charger_grab": "charger_carry_start",
            "boomer_vomit": "player_now_it"}.items() <= table.items()
    for right in EVENT_PAIRS.values():
        assert right in catalog.events()


def test_wrong_netprops_give_a_hint_and_fail_only_when_the_task_forbids_them():
    uses = "\n".join(f'    SetEntPropFloat(1, Prop_Send, "{wrong}", 1.0);' for wrong in NETPROP_PAIRS)
    code = f"#include <sourcemod>\n#include <sdktools>\npublic void OnPluginStart()\n{{\n{uses}\n}}\n"
    result, _ = static(code, mode="file")
    assert result.ok          # m_flSpeed is real on doors: a hint, not a failure, without a task
    for wrong, right in NETPROP_PAIRS.items():
        diag = next(d for d in result.diagnostics if f'"{wrong}"' in d.message)
        assert diag.severity == "warning" and repr(right) in diag.message
    result, _ = static(code, {"forbid_netprops": ["m_flSpeed"]})
    assert not result.ok
    assert any("must not use the netprop \"m_flSpeed\" (use 'm_flLaggedMovementValue')" in d.message
               for d in result.diagnostics)


def test_unknown_event_gets_a_close_match():
    code = ('#include <sourcemod>\npublic void OnPluginStart() { HookEvent("tank_spawned_now", Ev); HookEvent('
            '"player_deth", Ev); }\npublic void Ev(Event e, const char[] n, bool d) {}\n')
    result, _ = static(code, mode="file")
    messages = " | ".join(d.message for d in result.diagnostics)
    assert "did you mean 'player_death'?" in messages and 'HookEvent("tank_spawned_now")' in messages


def test_netprop_read_with_the_wrong_accessor_fails():
    code = ('#include <sourcemod>\npublic void OnPluginStart() { float h = GetEntPropFloat(1, Prop_Send, "m_iHealth");'
            ' PrintToServer("%f", h); }\n')
    result, _ = static(code, mode="file")
    assert not result.ok
    assert any(d.code == "netprop_type" and "m_iHealth is an int netprop" in d.message for d in result.diagnostics)


def test_natives_sourcemod_does_not_have_fail_unless_marked_optional():
    code = ("#include <sourcemod>\nnative void Imaginary_Native(int x);\n"
            "public void OnPluginStart() { Imaginary_Native(1); }\n")
    result, _ = static(code, mode="file")
    assert not result.ok and any(d.code == "unknown_native" for d in result.diagnostics)
    optional = code.replace("public void OnPluginStart() {",
                            "public APLRes AskPluginLoad2(Handle m, bool l, char[] e, int n) "
                            "{ MarkNativeAsOptional(\"Imaginary_Native\"); return APLRes_Success; }\n"
                            "public void OnPluginStart() {")
    result, _ = static(optional, mode="file")
    assert result.ok, [d.render() for d in result.diagnostics]


def test_event_key_no_hooked_event_has_is_a_warning():
    code = ('#include <sourcemod>\npublic void OnPluginStart() { HookEvent("round_end", Ev); }\n'
            'public void Ev(Event e, const char[] n, bool d) { PrintToServer("%d", e.GetInt("userid")); }\n')
    result, _ = static(code, mode="file")
    assert result.ok
    assert any(d.code == "event_key" and d.severity == "warning" for d in result.diagnostics)
