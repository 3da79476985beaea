"""Tier `sim`: the mod runs in sandboxed LuaJIT (lupa) on the engine's builtin Lua over a mocked C++ API.

Hostile mods must end in a verdict about the mod (never a hang, never has_error). Time bounds below are hang
detectors with generous margins, not speed measurements (benchmarks/bench_luanti_fast.py measures speed).
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from modbench.rubrics.luanti.answer import parse_answer
from modbench.rubrics.luanti.context import LuantiContext
from modbench.rubrics.luanti.sim.tier import SimTier, check_registers

FAST = Path(__file__).parent / "data" / "luanti" / "fast"
REGISTERS = {"nodes": ["glowing_blocks:glow_block"], "chatcommands": ["glowcount"],
             "abms": ["Glow block melts snow"], "crafts": [{"output": "glowing_blocks:glow_block 4"}]}


def sim(text: str, mod_name: str = "glow", checks: dict | None = None, wall: float = 10.0, **tier_args):
    checks = {"mod_name": mod_name, **(checks or {})}
    if not text.lstrip().startswith(("```", "Here")):
        text = f"```lua init.lua\n{text}\n```\n"
    mod = parse_answer(text, mod_name, depends=checks.get("depends", []))
    assert mod.ok, mod.problems
    ctx = LuantiContext(answer=text, spec=None, mod=mod, checks=checks, timeouts={"sim": wall})
    result = asyncio.run(SimTier(**tier_args).run(ctx))
    assert not result.has_error, result.error
    return result, ctx


def message(result) -> str:
    return " | ".join(d.message for d in result.diagnostics if d.severity == "error")


def test_good_mod_registers_what_the_task_expects():
    result, ctx = sim((FAST / "good_answer.md").read_text(), "glowing_blocks",
                      {"depends": ["default"], "registers": REGISTERS})
    assert result.ok, message(result)
    report = ctx.scratch["sim"]
    assert report["nodes"] == ["glowing_blocks:glow_block"]
    assert [c["name"] for c in report["chatcommands"]] == ["glowcount"]
    assert report["abms"][0]["nodenames"] == ["default:snow"] and report["abms"][0]["interval"] == 5
    assert report["crafts"][0]["items"] == ["default:torch", "default:stone", "default:stone", "default:torch"]
    assert result.details["sim_ok"] and result.details["registers_missing"] == []


def test_missing_registrations_fail_with_clear_messages():
    result, _ = sim('minetest.register_node("glow:other", {})', checks={"registers": {
        "nodes": ["glow:block"], "chatcommands": ["glowcount"], "crafts": [{"output": "glow:block 4"}],
        "abms": ["Glow"]}})
    assert not result.ok
    text = message(result)
    assert "node glow:block is not registered (registered nodes: glow:other)" in text
    assert "chat command /glowcount" in text and "output 'glow:block 4'" in text and "'Glow'" in text


def test_check_registers_matches_itemstrings_and_types():
    report = {"crafts": [{"output": "glow:block 4", "type": "shaped"}, {"output": ":glow:dust", "type": "cooking"}]}
    assert check_registers({"crafts": [{"output": "glow:block 4"}, {"output": "glow:dust", "type": "cooking"}]},
                           report) == []
    assert check_registers({"crafts": [{"output": "glow:block"}]}, report)            # count 1 != 4
    assert check_registers({"crafts": [{"output": "glow:dust", "type": "shapeless"}]}, report)


def test_missing_prefix_fails_with_the_engines_message():
    result, _ = sim('\nminetest.register_node("wrongprefix:block", {})')
    assert not result.ok
    [d] = [d for d in result.diagnostics if d.severity == "error"]
    assert 'Name wrongprefix:block does not follow naming conventions: "glow:" or ":" prefix required' in d.message
    assert (d.file, d.line) == ("init.lua", 2)


def test_engine_validation_errors_are_reproduced():
    result, _ = sim('minetest.register_node("glow:a", {groups = {cracky = "three"}})')
    assert "number expected, got string" in message(result)
    result, _ = sim('minetest.register_craft({output = "glow:a", recipe = {"default:stone", "default:dirt"}})')
    assert 'Invalid crafting recipe (output="glow:a")' in message(result)
    result, _ = sim('minetest.register_abm({nodenames = {"default:dirt"}, interval = 1, chance = 1})')
    assert "Required field 'action' of type function" in message(result)


def test_runtime_error_points_at_the_mod_line_and_names_the_missing_api():
    result, _ = sim('local x = 1\nminetest.register_nodee("glow:a", {})')
    assert not result.ok
    [d] = [d for d in result.diagnostics if d.severity == "error"]
    assert (d.file, d.line) == ("init.lua", 2)
    assert "attempt to call field 'register_nodee'" in d.message and "did you mean" in d.message


def test_multi_file_mod_with_dependency_stubs_and_builtin_helpers():
    text = ("```ini mod.conf\nname = glow\ndepends = default, mymod_api\n```\n"
            "```lua init.lua\nglow = {}\ndofile(minetest.get_modpath('glow') .. '/api.lua')\nglow.reg('lamp')\n"
            "mymod_api.register_anything('glow:lamp', {x = 1})\n"
            "minetest.override_item('default:dirt', {light_source = 1})\n"
            "assert(('a,b'):split(',')[2] == 'b' and table.copy({1})[1] == 1)\n"
            "assert(vector.add(vector.new(1, 2, 3), 1).z == 4)\n"
            "assert(ItemStack('glow:lamp 5'):get_count() == 5)\n"
            "minetest.register_on_joinplayer(function() end)\n"
            "minetest.after(0, function() minetest.chat_send_all('loaded') end)\n```\n"
            "```lua api.lua\nfunction glow.reg(n) minetest.register_node(':glow:' .. n, {}) end\n```\n")
    result, ctx = sim(text)
    assert result.ok, message(result)
    report = ctx.scratch["sim"]
    assert report["nodes"] == ["glow:lamp"] and report["overrides"] == ["default:dirt"]
    assert report["callbacks"] == {"on_joinplayer": 1}
    assert report["chat"] == [{"to": "*", "message": "loaded"}]      # the after(0) job ran in one server step


def test_optional_dependency_that_is_not_installed_is_absent():
    text = ("```ini mod.conf\nname = glow\noptional_depends = fancylib\n```\n"
            "```lua init.lua\nif minetest.get_modpath('fancylib') then fancy.x() end\n"
            "minetest.register_node('glow:a', {})\n```\n")
    result, _ = sim(text)
    assert result.ok, message(result)


def test_endless_loop_at_load_hits_the_instruction_limit():
    started = time.monotonic()
    result, _ = sim("while true do end")
    assert not result.ok and "instruction limit exceeded" in message(result)
    assert result.details["instruction_limit_hit"]
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("code", [
    "while true do pcall(function() while true do end end) end",
    "local co = coroutine.create(function() while true do end end) coroutine.resume(co) error('x')",
    "jit.on() local n = 0 while true do n = n + 1 end",
    "minetest.register_on_mods_loaded(function() while true do end end)",
])
def test_loops_that_try_to_outrun_the_budget_are_stopped(code):
    result, _ = sim(code)
    assert not result.ok and "instruction limit exceeded" in message(result)


@pytest.mark.parametrize("code", ["local t = {} for i = 1, 1e9 do t[i] = {i, i, i} end",
                                  'local s = string.rep("x", 2^30)',
                                  "bomb = {} for i = 1, 1e9 do bomb[i] = ('x'):rep(64) .. i end"])
def test_memory_bombs_end_in_a_verdict(code):
    # a generous wall limit: on a heavily loaded machine filling 128 MiB can outlast the default 10 s, and
    # then the timeout (not the memory cap this test is about) would stop the mod
    result, _ = sim(code, wall=60.0)
    assert not result.ok
    assert "not enough memory" in message(result) or result.details.get("crashed")


@pytest.mark.parametrize("code, needle", [
    ('local f = io.open("/etc/passwd") print(f:read("*a"))', "Blocked attempted read from /etc/passwd"),
    ('dofile("/etc/passwd")', "Blocked attempted read from /etc/passwd"),
    ('local f = loadfile("/etc/passwd")', "Blocked attempted read from /etc/passwd"),
    ('io.open("/tmp/pwned", "w")', "Blocked attempted write to /tmp/pwned"),
    ('os.execute("touch /tmp/pwned")', "attempt to call field 'execute' (a nil value)"),
    ('io.popen("id")', "attempt to call field 'popen' (a nil value)"),
    ('local s = require("socket")', "require is not available"),
    ('getfenv(0).os.execute("id")', "attempt to call field 'execute'"),
    ('local g = getfenv(minetest.register_node) assert(g.io.popen)', "assertion failed"),
    ('debug.getinfo(1, "f").func()', "attempt to call field 'func' (a nil value)"),
    ('debug.sethook()', "attempt to call field 'sethook' (a nil value)"),
    ('string.dump(print)', "attempt to call field 'dump'"),
    ('assert(loadstring("\\27LJ\\2"))', "binary (bytecode) chunks are not allowed"),
    ('local e = minetest.request_insecure_environment() e.os.execute("id")', "attempt to index local 'e'"),
    ('python.eval("1")', "attempt to index global 'python'"),
])
def test_escapes_are_blocked(code, needle):
    result, _ = sim(code)
    assert not result.ok, code
    assert needle in message(result), message(result)
    assert not Path("/tmp/pwned").exists()


def test_pathological_pattern_is_stopped_by_the_sandbox_timeout():
    started = time.monotonic()
    result, _ = sim('local s = ("a"):rep(3000)\ns:find(".-.-.-.-b")', wall=2.0)
    assert not result.ok and result.details.get("timed_out")
    assert "did not finish loading within 2 s" in message(result)
    assert time.monotonic() - started < 30


def test_the_report_cannot_be_forged_by_replacing_library_functions():
    # (replacing tostring/pairs before registering would change what builtin registers in the real engine too;
    # replacing library functions afterwards must not change what the simulation reports)
    code = ("minetest.register_node('glow:real', {})\n"
            "minetest.registered_nodes['glow:fake'] = {name = 'glow:fake'}\n"
            "local broken = function() return 'glow:forged' end\n"
            "string.format, string.sub, string.gsub, string.rep = broken, broken, broken, broken\n"
            "table.concat, table.sort, table.insert = broken, broken, broken\n"
            "next, pairs, ipairs, rawget, type, tostring = broken, broken, broken, broken, broken, broken")
    result, ctx = sim(code, checks={"registers": {"nodes": ["glow:real"]}})
    assert result.ok, message(result)
    assert ctx.scratch["sim"]["nodes"] == ["glow:real"]
