"""The vf-luanti rubric end to end: all five tiers on a task of this file, metrics, feedback, tier selection,
task-file errors and the verdict cache. The engine runs here are real (a few seconds in all)."""

from __future__ import annotations

import asyncio

import pytest

from modbench.rubrics.luanti import FAST_TIERS, TIERS, answer_for_files, score_answer
from modbench.rubrics.luanti import rubric as rubric_module
from modbench.rubrics.luanti.engine import runner as runner_module
from modbench.sandboxes import ToolchainMissing
from modbench.scenarios.schema import TaskSpec

METRICS = {"syntax_ok", "lint_ok", "api_ok", "sim_ok", "engine_ok", "probe_pass_rate", "warnings",
           "security_issues", "passed"}

INIT = """\
local count = 0

minetest.register_node("glowing_blocks:glow_block", {
	description = "Glow Block",
	tiles = {"default_stone.png^[colorize:#ffcc00:120"},
	light_source = 12,
	groups = {cracky = 3},
	sounds = default.node_sound_stone_defaults(),
	on_construct = function(pos)
		count = count + 1
	end,
})

minetest.register_craft({
	output = "glowing_blocks:glow_block 4",
	recipe = {{"default:torch", "default:stone"}, {"default:stone", "default:torch"}},
})

minetest.register_chatcommand("glowcount", {
	description = "How many glow blocks were built",
	func = function(name)
		return true, "Glow blocks built: " .. count
	end,
})
"""
CONF = "name = glowing_blocks\ndescription = Glowing blocks\ndepends = default\n"
REFERENCE = answer_for_files({"mod.conf": CONF, "init.lua": INIT})
# loads everywhere and lints clean, but counts nothing: only the engine's probe can tell
NO_COUNT = answer_for_files({"mod.conf": CONF, "init.lua": INIT.replace("count = count + 1", "local _ = pos")})
ENDLESS = answer_for_files({"mod.conf": CONF, "init.lua": "while true do end\n"})
CHECKS = {
    "mod_name": "glowing_blocks",
    "depends": ["default"],
    "require_api": ["minetest.register_node", "minetest.register_chatcommand"],
    "registers": {"nodes": ["glowing_blocks:glow_block"], "chatcommands": ["glowcount"],
                  "crafts": [{"output": "glowing_blocks:glow_block 4"}]},
    "probes": [
        {"name": "count starts at zero", "lua": 'local ok, msg = probe.chat("glowcount", "")\n'
                                                'probe.assert(ok)\nprobe.eq(msg, "Glow blocks built: 0")'},
        {"name": "building counts", "lua": 'probe.set_node({x = 1, y = 2, z = 1}, "glowing_blocks:glow_block")\n'
                                           'local _, msg = probe.chat("glowcount", "")\n'
                                           'probe.eq(msg, "Glow blocks built: 1")'},
    ],
}


def make_spec(**checks_override) -> TaskSpec:
    return TaskSpec(
        id="test_glowing_blocks", env="luanti", family="scaffold", split="train", theme="rubric-test",
        title="Glow blocks", reference=REFERENCE,
        prompt="Write a Luanti mod glowing_blocks that registers the node glowing_blocks:glow_block (light 12), "
               "a recipe for 4 of them and a /glowcount chat command that reports how many were built.",
        broken=[{"answer": "no code at all", "fails": "parse", "why": "no code block"},
                {"answer": NO_COUNT, "fails": "engine", "why": "never counts"}],
        checks={**CHECKS, **checks_override})


def score(spec, answer, **kw):
    return asyncio.run(score_answer(spec, answer, **kw))


@pytest.mark.slow
def test_reference_passes_every_tier_with_full_metrics():
    v = score(make_spec(), REFERENCE)
    assert v.passed and not v.has_error, v.feedback
    assert list(v.tiers) == list(TIERS) and all(t.ok for t in v.tiers.values())
    assert set(v.metrics) == METRICS
    assert {k: v.metrics[k] for k in METRICS - {"warnings", "security_issues"}} == dict.fromkeys(
        METRICS - {"warnings", "security_issues"}, 1.0)
    assert v.metrics["security_issues"] == 0.0 and v.feedback == ""
    assert v.tiers["engine"].details["probe_pass_rate"] == 1.0
    assert v.versions["minetestserver"] == "5.6.1"


@pytest.mark.slow
def test_behaviour_only_the_engine_sees_fails_there_with_the_probe_in_the_feedback():
    v = score(make_spec(), NO_COUNT)
    assert not v.passed and not v.has_error
    assert [n for n, t in v.tiers.items() if t.ok] == ["parse", "syntax", "lint", "sim"]
    assert v.metrics["engine_ok"] == 0.0 and v.metrics["probe_pass_rate"] == 0.5
    assert v.feedback.startswith("engine failed: probe 'building counts' failed: ")
    assert "Glow blocks built: 0" in v.feedback


def test_unusable_answer_fails_at_parse_and_skips_the_rest():
    v = score(make_spec(), "I would write a mod, but here is no code.")
    assert not v.passed and not v.has_error
    assert not v.tiers["parse"].ok and all(v.tiers[n].skipped for n in TIERS[1:])
    assert v.metrics["passed"] == 0.0 and v.metrics["syntax_ok"] == 0.0 and v.metrics["probe_pass_rate"] == 0.0
    assert v.feedback.startswith("parse failed: no fenced code block")


@pytest.mark.slow
def test_fast_tiers_skip_the_server():
    v = score(make_spec(), NO_COUNT, tiers=set(FAST_TIERS))
    assert v.passed and v.tiers["engine"].skipped
    assert v.tiers["engine"].details["skipped"] == "disabled by configuration"
    assert v.metrics["engine_ok"] == 0.0 and v.metrics["sim_ok"] == 1.0


def test_task_tiers_narrow_what_runs():
    v = score(make_spec(tiers=["parse", "syntax"]), ENDLESS)
    assert v.passed
    assert [n for n, t in v.tiers.items() if not t.skipped] == ["parse", "syntax"]


@pytest.mark.slow
def test_engine_timeout_is_configurable_and_an_endless_load_is_the_answers_failure():
    v = score(make_spec(), ENDLESS, tiers={"parse", "engine"}, timeouts={"engine": 2})
    assert not v.passed and not v.has_error
    assert v.tiers["engine"].diagnostics[0].code == "timeout"
    assert "timed out after 2 s" in v.feedback


def test_task_file_problems_are_infrastructure_errors():
    v = score(make_spec(regsiters={}), REFERENCE)
    assert v.has_error and not v.passed and "unknown checks keys ['regsiters']" in v.error
    v = score(make_spec(), REFERENCE, tiers={"parse", "compile"})
    assert v.has_error and "unknown tier(s) ['compile']" in v.error
    assert set(v.metrics) == METRICS and v.metrics["passed"] == 0.0


def test_missing_server_makes_the_verdict_has_error(monkeypatch):
    def missing(name):
        raise ToolchainMissing("minetestserver is not installed: apt-get install minetest-server")

    monkeypatch.setattr(runner_module, "require", missing)
    v = score(make_spec(), REFERENCE + "\n", tiers={"parse", "engine"})
    assert v.has_error and not v.passed
    assert v.feedback.startswith("could not be scored (not the answer's fault)")


@pytest.mark.slow
def test_identical_answers_are_scored_once():
    spec = make_spec(tiers=["parse", "syntax", "engine"])
    answer = REFERENCE + "\n\n"        # a text no other test scores

    async def twice():
        hits = rubric_module._CACHE.hits
        first, second = await asyncio.gather(score_answer(spec, answer), score_answer(spec, answer))
        third = await score_answer(spec, answer)
        return first, second, third, rubric_module._CACHE.hits - hits

    first, second, third, hits = asyncio.run(twice())
    assert first.passed and first is third and hits == 2
    assert second.to_json() == first.to_json()
