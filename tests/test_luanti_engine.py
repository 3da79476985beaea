"""The engine tier against the real Luanti 5.6.1 server: what it reports, what it catches, what it blames.

All server runs of this file start together in one module fixture (they take ~0.5 s each and the sandbox
pool runs them two at a time); the tests then read the results. Pure-Python pieces (log parsing, the world
files, source paths) are tested without the server.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path

import pytest

from modbench.rubrics.luanti.engine import EngineRun, judge, read_folder, run_engine
from modbench.rubrics.luanti.engine import runner as runner_module
from modbench.rubrics.luanti.engine.log import headline, parse_log, positions
from modbench.rubrics.luanti.engine.report_checks import check_report
from modbench.rubrics.luanti.engine.world import HARNESS_NAME, SourceMap, WorldMod, harness_first, world_files
from modbench.sandboxes import ToolchainMissing

DATA = Path(__file__).resolve().parent / "data" / "luanti" / "engine"
LOOP_TIMEOUT = 3.0

GOOD_PROBES = [
    {"name": "glowcount answers", "lua": """
local ok, msg = probe.chat("glowcount", "")
probe.assert(ok, "command failed: " .. tostring(msg))
probe.assert(msg:find("0 glow blocks"), "no count in: " .. tostring(msg))
"""},
    {"name": "construct sets infotext, punches count", "lua": """
local pos = {x = 0, y = 2, z = 0}
probe.set_node(pos, "good_mod:glow_block")
probe.eq(probe.get_node(pos), "good_mod:glow_block")
probe.eq(probe.meta(pos):get_string("infotext"), "Glowing", "on_construct")
probe.punch(pos)
probe.punch(pos, probe.player("alice"))
probe.eq(probe.meta(pos):get_int("punches"), 2, "punch count")
"""},
    {"name": "ABM melts snow", "lua": """
local snow = {x = 3, y = 2, z = 0}
probe.set_node(snow, "default:snow")
probe.set_node({x = 4, y = 2, z = 0}, "good_mod:glow_block")
probe.run_abm("Glow block melts snow", snow)
probe.eq(probe.get_node(snow), "air")
"""},
    {"name": "recipe crafts four", "lua": """
probe.eq(probe.craft({{"default:torch", "default:stone"}, {"default:stone", "default:torch"}}),
         "good_mod:glow_block 4")
probe.eq(probe.craft({"default:stone"}), "", "no recipe")
"""},
    {"name": "place then dig into the inventory", "lua": """
local pos = {x = 6, y = 2, z = 0}
local player = probe.player()
probe.place(pos, "good_mod:glow_block", player)
probe.eq(probe.get_node(pos), "good_mod:glow_block", "placed")
probe.dig(pos, player)
probe.eq(probe.get_node(pos), "air", "dug")
probe.assert(player:get_inventory():contains_item("main", "good_mod:glow_block"), "drop in inventory")
"""},
]
FAILING_PROBES = [
    GOOD_PROBES[0],
    {"name": "expects the wrong count", "lua": 'local _, msg = probe.chat("glowcount", "")\n'
                                               'probe.assert(msg:find("7 glow blocks"), "wanted 7 in: " .. msg)'},
    {"name": "loops forever", "lua": "while true do end"},
]


def fixture_mod(name: str) -> list[WorldMod]:
    # paths shown as in an answer ("init.lua"), not as the folder on disk
    return [replace(m, display="") for m in read_folder(DATA / name, checked=True)]


async def _run(name: str, probes=(), timeout: float = 20.0):
    mods = fixture_mod(name)
    run = await run_engine(mods, list(probes), timeout=timeout)
    return run, judge(run, mods, probes=list(probes), timeout=timeout,
                      registers={"nodes": ["good_mod:glow_block"], "chatcommands": ["glowcount"],
                                 "abms": ["Glow block melts snow"],
                                 "crafts": [{"output": "good_mod:glow_block 4"}]} if name == "good_mod" else None)


CASES = {
    "good": ("good_mod", (), 20.0),
    "good_probes": ("good_mod", GOOD_PROBES, 20.0),
    "failing_probes": ("good_mod", FAILING_PROBES, 20.0),
    "bad_runtime": ("bad_runtime", (), 20.0),
    "wrong_prefix": ("wrong_prefix", (), 20.0),
    "missing_dep": ("missing_dep", (), 20.0),
    "load_loop": ("load_loop", (), LOOP_TIMEOUT),
    "reads_passwd": ("reads_passwd", (), 20.0),
    "unknown_craft_item": ("unknown_craft_item", (), 20.0),
    "silent_mistakes": ("silent_mistakes", (), 20.0),
    "tampers": ("tampers", (), 20.0),
}


@pytest.fixture(scope="module")
def runs():
    async def all_runs():
        keys = list(CASES)
        results = await asyncio.gather(*(_run(*CASES[k]) for k in keys))
        return dict(zip(keys, results))
    return asyncio.run(all_runs())


def codes(tier) -> list[str]:
    return [d.code for d in tier.diagnostics if d.severity == "error"]


# ------------------------------------------------------------------------------------------ real server

@pytest.mark.slow
def test_good_mod_loads_and_the_report_lists_its_registrations(runs):
    run, tier = runs["good"]
    assert run.exit_code == 0 and not run.errors and not run.tampered
    assert tier.ok, [d.render() for d in tier.diagnostics]
    report = run.report
    assert report["nodes"]["good_mod:glow_block"] == "good_mod"
    assert report["chatcommands"]["glowcount"]["mod_origin"] == "good_mod"
    abm = next(a for a in report["abms"] if a["label"] == "Glow block melts snow")
    assert (abm["nodenames"], abm["interval"], abm["chance"], abm["mod_origin"]) == (
        ["default:snow"], 5, 1, "good_mod")
    craft = next(c for c in report["crafts"] if c["mod_origin"] == "good_mod")
    assert craft["output"] == "good_mod:glow_block 4" and craft["where"].endswith("good_mod/init.lua:19")
    engine_recipe = report["engine_crafts"]["good_mod:glow_block"][0]
    assert engine_recipe["items"] == ["default:torch", "default:stone", "default:stone", "default:torch"]
    assert "default" in report["mods"] and report["definitions"]["good_mod:glow_block"]["light_source"] == 12
    assert tier.details["registered"]["nodes"] == ["good_mod:glow_block"]


@pytest.mark.slow
def test_misspelled_api_call_fails_with_the_file_and_line(runs):
    run, tier = runs["bad_runtime"]
    assert run.exit_code == 1 and not tier.ok and not tier.has_error
    d = tier.diagnostics[0]
    assert (d.file, d.line, d.code) == ("init.lua", 1, "engine-error")
    assert "attempt to call field 'register_nodee'" in d.message
    assert "ModError" not in d.message and "/box/" not in d.message


@pytest.mark.slow
def test_wrong_name_prefix_is_the_engines_message_at_the_mods_line(runs):
    _, tier = runs["wrong_prefix"]
    d = tier.diagnostics[0]
    assert not tier.ok and (d.file, d.line) == ("init.lua", 2)
    assert 'Name wrongprefix:block does not follow naming conventions: "wrong_prefix:" or ":" prefix required' \
        in d.message


@pytest.mark.slow
def test_unsatisfied_dependency_fails_although_the_server_exits_0(runs):
    run, tier = runs["missing_dep"]
    assert run.exit_code == 0 and run.report is not None
    assert not tier.ok
    d = next(d for d in tier.diagnostics if d.code == "unsatisfied-dependency")
    assert d.file == "mod.conf" and '"nonexistent_mod"' in d.message
    assert not any("loading your world anyway" in d.message for d in tier.diagnostics)


@pytest.mark.slow
def test_endless_loop_at_load_is_stopped_and_blamed_on_the_mod(runs):
    run, tier = runs["load_loop"]
    assert run.timed_out and run.stage == "start"
    assert not tier.ok and not tier.has_error
    assert codes(tier) == ["timeout"] and "endless loop at load time" in tier.diagnostics[0].message


@pytest.mark.slow
def test_mod_security_blocks_reading_outside_the_world(runs):
    run, tier = runs["reads_passwd"]
    assert not tier.ok and (tier.diagnostics[0].file, tier.diagnostics[0].line) == ("init.lua", 2)
    assert "Mod security: Blocked attempted read from /etc/passwd" in tier.diagnostics[0].message
    assert "root:" not in run.stderr


@pytest.mark.slow
def test_report_check_fails_a_recipe_with_an_unknown_item_the_engine_accepted(runs):
    run, tier = runs["unknown_craft_item"]
    assert run.exit_code == 0 and not run.errors
    assert not tier.ok and codes(tier) == ["unknown-item"]
    d = tier.diagnostics[0]
    assert (d.file, d.line) == ("init.lua", 7) and "'default:nonexistent_item'" in d.message


@pytest.mark.slow
def test_report_checks_find_what_the_engine_silently_replaces_or_ignores(runs):
    run, tier = runs["silent_mistakes"]
    assert run.exit_code == 0 and not run.errors and not tier.ok
    found = {(d.code, d.line) for d in tier.diagnostics if d.severity == "error"}
    assert found == {("unknown-drawtype", 3), ("unknown-paramtype2", 3), ("texture-not-string", 3),
                     ("group-not-integer", 3), ("texture-not-string", 11), ("unknown-item", 11),
                     ("texture-not-string", 18), ("chatcommand-func", 23)}
    abm = next(d for d in tier.diagnostics if d.code == "unknown-node")
    assert abm.severity == "warning" and abm.line == 28 and "can never run" in abm.message
    drawtype = next(d for d in tier.diagnostics if d.code == "unknown-drawtype")
    assert "'glasslikee'" in drawtype.message and "did you mean 'glasslike'" in drawtype.message


@pytest.mark.slow
def test_probes_exercise_chat_nodes_meta_abm_craft_and_inventory(runs):
    run, tier = runs["good_probes"]
    assert tier.ok, [d.render() for d in tier.diagnostics]
    assert tier.details["probe_pass_rate"] == 1.0
    assert [p["name"] for p in tier.details["probes"]] == [p["name"] for p in GOOD_PROBES]


@pytest.mark.slow
def test_failing_and_endless_probes_lower_the_pass_rate(runs):
    run, tier = runs["failing_probes"]
    assert not tier.ok and not tier.has_error and not run.timed_out
    assert tier.details["probe_pass_rate"] == pytest.approx(1 / 3)
    failed = {d.message for d in tier.diagnostics if d.code == "probe-failed"}
    assert any("'expects the wrong count'" in m and "wanted 7 in: There are" in m for m in failed)
    assert any("'loops forever'" in m and "instruction budget" in m for m in failed)


@pytest.mark.slow
def test_a_mod_cannot_read_the_run_file_nor_fake_the_report(runs):
    run, tier = runs["tampers"]
    assert "tampers: read the run file" not in run.stderr      # deleted before the mod loaded
    assert run.tampered == ["modbench_report.json"] and run.report is None
    assert not tier.ok and codes(tier) == ["tampered"]


def test_missing_server_is_an_infrastructure_error(monkeypatch):
    def missing(name):
        raise ToolchainMissing("minetestserver is not installed: apt-get install minetest-server")

    monkeypatch.setattr(runner_module, "require", missing)
    mods = fixture_mod("good_mod")
    run = asyncio.run(run_engine(mods))
    tier = judge(run, mods, timeout=20)
    assert run.has_error and tier.has_error and "apt-get install minetest-server" in tier.error


# ------------------------------------------------------------------------------------------ no server

def test_log_groups_multi_line_errors_and_finds_positions():
    text = "\n".join([
        "         __.               __.",
        "2026-11-24 05:52:55: ACTION[Main]: Server: Shutting down",
        "2026-11-24 05:52:56: ERROR[Main]: ModError: Failed to load and run script from /box/worldmods/m/init.lua:",
        "2026-11-24 05:52:56: ERROR[Main]: /usr/share/games/minetest/builtin/game/register.lua:67: Name x:y does "
        "not follow naming conventions",
        "2026-11-24 05:52:56: ERROR[Main]: stack traceback:",
        "2026-11-24 05:52:56: ERROR[Main]: \t...ldmods/m/nodes.lua:2: in main chunk",
        '2026-11-24 05:52:56: ERROR[Main]: mod "a" has unsatisfied dependencies:  "b"',
        "terminate called after throwing an instance of 'std::bad_alloc'",
    ])
    entries = parse_log(text)
    assert [e.level for e in entries] == ["ACTION", "ERROR", "ERROR", "RAW"]
    assert headline(entries[1].text).startswith("/usr/share/games/minetest/builtin/game/register.lua:67: Name x:y")
    assert positions(entries[1].text)[-1] == ("...ldmods/m/nodes.lua", 2)
    mods = [WorldMod("m", {"init.lua": "", "nodes.lua": "", "mod.conf": "name = m\n"})]
    assert SourceMap(mods).locate(positions(entries[1].text)) == ("nodes.lua", 2)


def test_harness_becomes_an_optional_dependency_where_the_engine_looks():
    conf = harness_first(WorldMod("a", {"init.lua": "", "mod.conf": "name = a\ndepends = default\n"}))
    assert conf["mod.conf"].endswith(f"optional_depends = {HARNESS_NAME}\n")
    both = harness_first(WorldMod("b", {"init.lua": "", "mod.conf": "name = b\noptional_depends = x\n"}))
    assert f"optional_depends = x, {HARNESS_NAME}" in both["mod.conf"]
    legacy = harness_first(WorldMod("c", {"init.lua": "", "mod.conf": "name = c\n", "depends.txt": "default\n"}))
    assert legacy["depends.txt"] == f"default\n{HARNESS_NAME}?\n" and legacy["mod.conf"] == "name = c\n"
    pack = harness_first(WorldMod("p", {"modpack.conf": "", "x/init.lua": "", "y/init.lua": "",
                                        "y/mod.conf": "name = yy\n"}))
    assert pack["x/mod.conf"] == f"optional_depends = {HARNESS_NAME}\n" and HARNESS_NAME in pack["y/mod.conf"]
    assert WorldMod("p", {"x/init.lua": "", "y/init.lua": "", "y/mod.conf": "name = yy\n"}).mod_names == ["x", "yy"]


def test_world_files_name_the_checked_mods_and_keep_dependencies_unchanged():
    mod = WorldMod("a", {"init.lua": "x = 1\n", "mod.conf": "name = a\n"})
    dep = WorldMod("d", {"init.lua": "", "mod.conf": "name = d\n"}, checked=False)
    files = world_files([mod, dep], nonce="n", probes=[{"name": "p", "lua": "return"}], probe_instructions=5)
    run = json.loads(files["modbench_run.json"])
    assert run == {"nonce": "n", "checked": ["a"], "probes": [{"name": "p", "lua": "return"}],
                   "probe_instructions": 5}
    assert files["worldmods/d/mod.conf"] == "name = d\n" and HARNESS_NAME in files["worldmods/a/mod.conf"]
    assert f"worldmods/{HARNESS_NAME}/init.lua" in files and "gameid = minetest" in files["world.mt"]


def test_report_checks_tell_a_typo_from_an_optional_mods_item():
    report = {"mods": ["default", "farming", "m"], "nodes": {"default:stone": "default"}, "craftitems": {},
              "tools": {}, "aliases": {}, "groups": {"stone": 1}, "definitions": {},
              "crafts": [{"mod_origin": "m", "type": "shaped", "output": "default:stone",
                          "recipe": [["default:stoen", "moreores:tin", "farming:tray", "group:nope"]],
                          "where": "/box/worldmods/m/init.lua:4"}]}
    found = check_report(report, {"m"}, lambda w: ("init.lua", 4), {"m": {"farming"}})
    def severity(item: str) -> str:
        return next(d.severity for d in found if f"'{item}'" in d.message.split(":", 2)[-1])

    assert severity("default:stoen") == "error"          # a loaded mod without that item: a typo
    assert severity("moreores:tin") == "warning"         # a mod that is not loaded
    assert severity("farming:tray") == "warning"         # an optional dependency
    assert severity("nope") == "warning"                 # a group no item has
    assert all(d.file == "init.lua" and d.line == 4 for d in found)


def _synthetic_run(stderr: str, **fields) -> EngineRun:
    run = EngineRun(exit_code=fields.pop("exit_code", 0), stderr=stderr, **fields)
    run.log = parse_log(stderr)
    return run


def test_our_own_failures_are_has_error_not_the_mods():
    mods = [WorldMod("m", {"init.lua": "", "mod.conf": "name = m\n"})]
    internal = _synthetic_run("", report={"mods": ["m"]}, internal_errors=["the run file is missing"])
    assert judge(internal, mods, timeout=20).has_error
    bind = _synthetic_run("2026-11-24 06:57:51: ERROR[Main]: ServerError: AsyncErr: Failed to bind socket (port "
                          "already in use?)\n")
    tier = judge(bind, mods, timeout=20)
    assert tier.has_error and "Failed to bind socket" in tier.error
    broken_probe = _synthetic_run("", report={"mods": ["m"]},
                                  probes=[{"name": "p", "ok": False, "probe_error": True, "error": "does not compile"}])
    tier = judge(broken_probe, mods, probes=[{"name": "p", "lua": "if then"}], timeout=20)
    assert tier.has_error and "the task's probe 'p' is broken" in tier.error


def test_only_internal_errors_signed_with_the_runs_nonce_count():
    import hashlib

    def line(sig: str, message: str) -> str:
        return f"2026-11-24 05:52:56: ERROR[Server]: [modbench_harness] INTERNAL {sig} {message}\n"

    good = hashlib.sha1(b"n0nce" + b"cannot write x").hexdigest()
    log = parse_log(line(good, "cannot write x") + line("0" * 40, "forged") + line(good, "cannot write y")
                    + "2026-11-24 05:52:56: ERROR[Server]: [modbench_harness] INTERNAL forged too\n")
    assert runner_module._internal_errors(log, "n0nce") == ["cannot write x"]
    assert runner_module._internal_errors(log, "other") == []


def test_a_missing_report_without_an_error_is_a_failure():
    mods = [WorldMod("m", {"init.lua": "", "mod.conf": "name = m\n"})]
    tier = judge(_synthetic_run(""), mods, timeout=20)
    assert not tier.ok and not tier.has_error and codes(tier) == ["no-report"]


def test_cut_chunk_names_are_shown_as_the_mods_paths():
    mods = [WorldMod("a_rather_long_mod_name", {"init.lua": "", "src/machines/generator.lua": ""})]
    text = "...g_mod_name/src/machines/generator.lua:12: attempt to index a nil value"
    assert SourceMap(mods).shorten(text) == "src/machines/generator.lua:12: attempt to index a nil value"
