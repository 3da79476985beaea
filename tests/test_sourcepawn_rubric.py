"""The assembled vf-l4d2 rubric: score_answer on a hand-written task (a pass, and a failure at each tier),
metrics, feedback, the cache, hostile answers end to end, and check_files on real community plugins."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest

from modbench.rubrics.sourcepawn import TIERS, answer_for_code, check_files, score_answer
from modbench.rubrics.sourcepawn.rubric import _CACHE, enabled_tiers
from modbench.sandboxes import require
from modbench.scenarios.schema import TaskSpec

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sandboxes need Linux")
DATA = Path(__file__).parent / "data" / "sourcepawn"
TANK = (DATA / "tank_announce.sp").read_text()
NO_SIM = {"extract", "includes", "compile", "static", "security"}     # tiers that need no simulator


def task(checks: dict | None = None, **changes) -> TaskSpec:
    base = dict(
        id="tank-announce-mini", env="l4d2", family="scaffold", split="train", theme="tanks", title="Tank announce",
        prompt=("Write a SourceMod plugin for Left 4 Dead 2 that hooks tank_spawn, announces each Tank in chat with "
                "its health, and registers sm_tanks (console) and sm_slaytank (admin, ADMFLAG_SLAY)."),
        reference=answer_for_code(TANK),
        broken=[{"answer": "no code", "fails": "extract", "why": "prose only"},
                {"answer": answer_for_code("int x = ;"), "fails": "compile", "why": "syntax"}],
        checks={"require_events": ["tank_spawn"], "require_commands": ["sm_tanks"],
                "require_admin_commands": ["sm_slaytank"], "require_convars": ["l4d2_tank_announce_enable"],
                "forbid_netprops": ["m_flSpeed"]} if checks is None else checks)
    base.update(changes)
    return TaskSpec.model_validate(base)


def score(answer: str, spec: TaskSpec | None = None, tiers=NO_SIM, **kw):
    return asyncio.run(score_answer(spec or task(), answer, tiers=tiers, **kw))


def failed_tier(verdict) -> str:
    return next(name for name, t in verdict.tiers.items() if not t.ok and not t.skipped)


def test_reference_passes_every_tier_it_runs():
    v = score(task().reference)
    assert v.passed and not v.has_error, v.feedback
    assert all(v.tiers[name].ok for name in NO_SIM)
    assert v.tiers["behaviour"].skipped
    assert v.metrics == {"compiled": 1.0, "api_ok": 1.0, "behaviour_pass_rate": 0.0, "warnings": 0.0,
                         "security_issues": 0.0, "passed": 1.0}
    assert v.feedback == "" and v.versions["spcomp"].startswith("1.11")
    assert list(v.tiers) == list(TIERS)


@pytest.mark.parametrize("answer, tier, feedback", [
    ("I would hook tank_spawn.", "extract", "```sourcepawn"),
    (answer_for_code(TANK.replace("#include <sdktools>", "#include <left4dhooks>")), "includes", "community include"),
    (answer_for_code(TANK.replace("FCVAR_NOTIFY, true", "FCVAR_NOTIFY, RandomFloat(0.0, 1.0) > 0.5")), "compile",
     "did you mean GetRandomFloat?"),
    (answer_for_code(TANK.replace('"tank_spawn"', '"tank_spawned"')), "static", "did you mean 'tank_spawn'?"),
    (answer_for_code(TANK.replace('RegAdminCmd("sm_slaytank", Cmd_Slay, ADMFLAG_SLAY, "slay")',
                                  'RegConsoleCmd("sm_slay", Cmd_Slay)')), "static", "sm_slaytank"),
])
def test_each_failing_tier_is_named_in_feedback(answer, tier, feedback):
    v = score(answer)
    assert not v.passed and not v.has_error
    assert failed_tier(v) == tier
    assert v.feedback.startswith(f"{tier} failed: ") and feedback in v.feedback, v.feedback
    later = TIERS[TIERS.index(tier) + 1:]
    assert all(v.tiers[name].skipped for name in later)
    assert v.metrics["passed"] == 0.0


def test_security_failure_is_its_own_tier_and_counted():
    spec = task(checks={})
    insecure = TANK.replace('RegAdminCmd("sm_slaytank", Cmd_Slay, ADMFLAG_SLAY, "slay");',
                            'RegConsoleCmd("sm_slaytank", Cmd_Slay);').replace(
        "public Action Cmd_Slay(int client, int args) { return Plugin_Handled; }",
        "public Action Cmd_Slay(int client, int args) { ForcePlayerSuicide(client); return Plugin_Handled; }")
    v = score(answer_for_code(insecure), spec)
    assert failed_tier(v) == "security" and v.metrics["security_issues"] >= 1
    assert v.metrics["compiled"] == 1.0 and v.metrics["api_ok"] == 1.0
    assert "sm_slaytank" in v.feedback and "ADMFLAG_" in v.feedback


def test_warnings_metric_counts_compiler_warnings():
    warned = TANK.replace("g_iTankCount = 0; }", "g_iTankCount = 0; int unused; }")
    v = score(answer_for_code(warned))
    assert v.passed and v.metrics["warnings"] >= 1


def test_tiers_argument_enables_what_a_tier_needs():
    assert enabled_tiers({}, {"static"}) == {"extract", "includes", "compile", "static"}
    assert enabled_tiers({"tiers": ["extract", "security"]}, None) == {"extract", "security"}
    v = score(task().reference, tiers={"compile"})
    assert v.passed and v.tiers["static"].skipped and v.tiers["includes"].ok


def test_task_file_errors_are_infrastructure_errors():
    v = score(task().reference, task(checks={"require_event": ["tank_spawn"]}))
    assert v.has_error and not v.passed and "require_event" in v.error
    v = score(task().reference, task(checks={"tiers": ["compile", "linting"]}))
    assert v.has_error and "linting" in v.error


def test_identical_answers_are_scored_once():
    spec = task()
    answer = task().reference + "\n"
    before = _CACHE.hits

    async def twice():
        return await asyncio.gather(score_answer(spec, answer, tiers=NO_SIM), score_answer(spec, answer, tiers=NO_SIM))

    a, b = asyncio.run(twice())
    assert a is b and _CACHE.hits == before + 1


def test_verdict_json_is_serialisable():
    v = score(task().reference)
    assert json.loads(json.dumps(v.to_json()))["ok"] is True


# ------------------------------------------------------------------------------------------ hostile answers


@pytest.fixture
def canary(tmp_path) -> Path:
    path = tmp_path / "canary.txt"
    path.write_text("CANARY_b41d sk_live_ABCDEF\n")
    path.chmod(0o644)
    tmp_path.chmod(0o755)
    return path


def hostile_answers(canary: Path) -> list[str]:
    body = "\npublic void OnPluginStart() {}\n"
    return [answer_for_code(c) for c in (
        f'#include <sourcemod>\n#include "{canary}"' + body,
        f'\ufeff#include "{canary}"\n#include <sourcemod>' + body,
        f'#include <sourcemod>\r#include "{canary}"' + body,
        f'#include <sourcemod>\n/* x */#include \\\n"{canary}"' + body,
        f"#include <sourcemod>\n#include {canary}" + body,
        f'#include <sourcemod>\n  #tryinclude "{canary}"' + body,
        "#include <sourcemod>\n#include </etc/passwd>" + body,
        "#include <sourcemod>\n#include <../../../../../../../../../../../.." + str(canary) + ">" + body,
        "#include <sourcemod>\npublic void OnPluginStart() { int x = " + "(" * 5000 + "1" + ")" * 5000 + "; }\n",
        "#include <sourcemod>\nint g_big[200000000];\npublic void OnPluginStart() { g_big[1] = 1; }\n",
        "#include <sourcemod>\n#pragma dynamic 2000000000\npublic void OnPluginStart() {}\n",
        '#include "plugin.sp"\n#include <sourcemod>' + body,
    )]


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["auto", "rlimits"])
def test_hostile_answers_get_a_verdict_and_never_leak(canary, monkeypatch, mode):
    """In rlimits mode the compiler could read any host file: the include policy alone must stop it."""
    monkeypatch.setenv("MODBENCH_SANDBOX", mode)
    tc = require("spcomp")
    for answer in hostile_answers(canary):
        v = score(answer + f"<!-- {mode} -->", task(checks={}))    # distinct per mode: no cached verdict
        blob = json.dumps(v.to_json())
        assert not v.passed and not v.has_error, blob[:500]
        assert failed_tier(v) in ("includes", "compile")
        for secret in ("CANARY_b41d", "sk_live", "root:x:0", str(tc.extra["include"]), "/tc/", "/box/"):
            assert secret not in blob, (secret, blob[:500])


# ------------------------------------------------------------------------------------------- check_files


def test_check_files_reports_bad_and_unreadable_files(tmp_path):
    broken = tmp_path / "broken.sp"
    broken.write_text("#include <sourcemod>\npublic void OnPluginStart() { Undefined(); }\n")
    latin = tmp_path / "latin.sp"
    latin.write_bytes(b"// caf\xe9\n#include <sourcemod>\n")
    rows = asyncio.run(check_files([broken, latin, tmp_path / "missing.sp"]))
    assert [r["path"] for r in rows] == [str(broken), str(latin), str(tmp_path / "missing.sp")]
    assert not rows[0]["ok"] and not rows[0]["tiers"]["compile"]["ok"]
    assert rows[0]["diagnostics"][0]["file"] == "broken.sp"
    assert not rows[1]["ok"] and "not UTF-8" in rows[1]["tiers"]["extract"]["details"]["message"]
    assert not rows[2]["ok"] and "cannot read" in rows[2]["tiers"]["extract"]["details"]["message"]
    assert all(not r["has_error"] for r in rows)
