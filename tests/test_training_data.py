"""modbench.training data: rows, the quality filter, `modbench data export` and `modbench data harvest`.

Real task files and real rubrics throughout; the only synthetic input is the verifiers run dir that harvest reads,
written here in the shape verifiers 0.4 writes traces.jsonl (one episode per line, messages in trace nodes).
"""

from __future__ import annotations

import json
import re

import pytest
import typer
from typer.testing import CliRunner

from modbench.results.cli_training import register
from modbench.rubrics.taskset import system_prompt
from modbench.scenarios import ENVS, load_tasks
from modbench.training.export import row_for, task_rows
from modbench.training.harvest import harvest
from modbench.training.quality import find_duplicates, quality_filter, vague_reason
from modbench.training.rows import DataError, Row, read_rows, row_from_json, write_rows
from modbench.training.verify import DiskVerdicts


def _env_with(split: str) -> str:
    for env in ENVS:
        if load_tasks(env, split=split):
            return env
    pytest.fail(f"no environment has {split}-split tasks yet")


def _cli():
    app = typer.Typer()
    register(app)

    @app.callback()
    def _root():   # keeps `data`/`train` as sub-commands even though they are the only ones
        pass

    return app


def run_cli(*args: str):
    return CliRunner().invoke(_cli(), list(args), catch_exceptions=False)


# rows -------------------------------------------------------------------------------------------------------

def test_rows_roundtrip_in_both_formats(tmp_path):
    rows = [Row("sys", "Write a plugin that greets players when they join the server.", "```sp\n```",
                {"env": "l4d2", "task_id": "t1"})]
    for fmt in ("chatml", "prompt-completion"):
        path = tmp_path / f"{fmt}.jsonl"
        assert write_rows(rows, path, fmt) == 1
        obj = json.loads(path.read_text())
        if fmt == "chatml":
            assert [m["role"] for m in obj["messages"]] == ["system", "user", "assistant"]
            assert set(obj) == {"messages"}          # OpenAI's format: nothing but the messages
        else:
            assert [m["role"] for m in obj["prompt"]] == ["system", "user"]
            assert obj["completion"] == [{"role": "assistant", "content": "```sp\n```"}]
        back = read_rows(path)[0]
        assert (back.system, back.user, back.assistant) == (rows[0].system, rows[0].user, rows[0].assistant)


@pytest.mark.parametrize("bad, message", [
    ({"messages": [{"role": "user", "content": "x"}]}, "last message must be the assistant"),
    ({"text": "x"}, "expected 'messages' or 'prompt'+'completion'"),
    ({"messages": [{"role": "user", "content": "a"}, {"role": "user", "content": "b"},
                   {"role": "assistant", "content": "c"}]}, "one user"),
])
def test_bad_rows_are_clear_errors(bad, message):
    with pytest.raises(DataError, match=re.escape(message)):
        row_from_json(bad, "f.jsonl:3")


# quality filter ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("prompt", [
    "Implement: public void OnPluginStart()",
    "implement",
    "Implement: ```sourcepawn\npublic Action Cmd_Heal(int client, int args) { }\n```",
    "Fix:\n```lua\nminetest.register_node('a:b', {})\n```\nthanks",
])
def test_vague_prompts_are_caught(prompt):
    assert vague_reason(prompt)


def test_real_task_prompts_are_not_vague():
    specs = [s for env in ENVS for s in load_tasks(env)]
    assert specs
    assert [s.id for s in specs if vague_reason(s.prompt)] == []


def test_near_duplicates_and_exact_duplicates():
    base = " ".join(f"word{i} is followed by another token" for i in range(60))
    near = base.replace("word30 is", "word30 was")
    other = " ".join(f"entirely different text number {i}" for i in range(60))
    dups = find_duplicates([base, other, near, base.upper()])
    assert dups[2][0] == "near-duplicate" and dups[2][1] == 0 and dups[2][2] > 0.9
    assert dups[3][:2] == ("duplicate", 0)         # case and spacing do not make a different row
    assert 1 not in dups and 0 not in dups


def test_filter_reports_every_drop_with_its_reason():
    env = _env_with("train")
    specs = load_tasks(env, split="train")[:2]
    good = [row_for(s) for s in specs]
    vague = Row(good[0].system, "Implement: void OnMapStart()", good[0].assistant, {"env": env, "task_id": "v"})
    dup = Row(good[0].system, good[0].user, good[0].assistant, dict(good[0].meta))
    filler = " ".join(f"local_{i} = {i}" for i in range(6000))            # ~18k tokens of distinct code
    long = Row(good[1].system, "Write a mod that defines six thousand numbered local variables, one per line, "
               "and nothing else.", filler, {"env": env, "task_id": "long"})
    kept, report = quality_filter([*good, vague, dup, long], verify=False, max_tokens=4096)
    assert [r.meta["task_id"] for r in kept] == [s.id for s in specs]
    assert report.counts() == {"vague": 1, "duplicate": 1, "too-long": 1}
    assert report.candidates == 5 and report.kept == 2
    assert "verification skipped" in report.notes[0]


@pytest.mark.slow
def test_verification_runs_the_real_rubric_and_caches_verdicts(tmp_path):
    env = _env_with("train")
    spec = load_tasks(env, split="train")[0]
    rows = [row_for(spec), row_for(spec, spec.broken[0].answer)]
    rows[1].meta["task_id"] = spec.id
    disk = DiskVerdicts(tmp_path / "cache")
    kept, report = quality_filter(rows, verify=True, specs={(env, spec.id): spec}, disk=disk,
                                  near_dup_threshold=1.01)
    assert [r.assistant for r in kept] == [spec.reference.strip()]
    assert [d.reason for d in report.drops] == ["fails-rubric"]
    assert report.drops[0].detail                      # the rubric's own feedback says why
    again = DiskVerdicts(tmp_path / "cache")
    kept2, _ = quality_filter(rows, verify=True, specs={(env, spec.id): spec}, disk=again, near_dup_threshold=1.01)
    assert again.hits == 2 and [r.assistant for r in kept2] == [r.assistant for r in kept]


# export -----------------------------------------------------------------------------------------------------

def test_export_refuses_the_eval_split():
    with pytest.raises(DataError, match="refusing to export the 'eval' split"):
        task_rows(list(ENVS), "eval")
    result = run_cli("data", "export", "--split", "eval", "--no-verify", "/dev/null")
    assert result.exit_code == 2 and "refusing" in result.output


def test_export_cli_writes_train_rows_only(tmp_path):
    out = tmp_path / "train.jsonl"
    result = run_cli("data", "export", str(out), "--env", "all", "--no-verify", "--meta")
    assert result.exit_code == 0, result.output
    assert "kept" in result.output
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    report = json.loads((tmp_path / "train.report.json").read_text())
    train = {(s.env, s.id): s for env in ENVS for s in load_tasks(env, split="train")}
    assert len(lines) == report["kept"] > 0
    assert report["candidates"] == len(train)
    for obj in lines:
        spec = train[(obj["meta"]["env"], obj["meta"]["task_id"])]     # KeyError = an eval task leaked
        system, user, assistant = obj["messages"]
        assert system == {"role": "system", "content": system_prompt(spec.env)}
        assert user["content"] == spec.prompt.strip() and assistant["content"] == spec.reference.strip()

    pc = tmp_path / "pc.jsonl"
    assert run_cli("data", "export", str(pc), "--env", _env_with("train"), "--no-verify",
                   "--format", "prompt-completion").exit_code == 0
    first = json.loads(pc.read_text().splitlines()[0])
    assert set(first) == {"prompt", "completion"} and len(first["prompt"]) == 2


# harvest ----------------------------------------------------------------------------------------------------

def _episode(spec, answer: str, *, passed: float | None, split: str | None = None, errors=None, model="m1"):
    data = {"id": spec.id, "name": spec.title, "prompt": spec.prompt, "env_name": spec.env, "family": spec.family,
            "split": split or spec.split, "theme": spec.theme, "title": spec.title, "reference": spec.reference}
    rewards = None if passed is None else {"passed": {"score": passed, "weight": 1.0}}
    trace = {"version": 1, "task": {"type": "T", "key": spec.id, "data": data},
             "agent": {"config": {"model": model}},
             "nodes": [{"message": {"role": "system", "content": system_prompt(spec.env)}, "sampled": False},
                       {"message": {"role": "user", "content": spec.prompt}, "sampled": False},
                       {"parent": 1, "message": {"role": "assistant", "content": answer}, "sampled": True}],
             "rewards": rewards, "metrics": {"has_error": 0.0}, "ok": not errors, "errors": errors or []}
    return {"env": {"id": f"vf-{spec.env}"}, "task": {"key": spec.id, "data": data}, "ok": True, "errors": [],
            "traces": [trace]}


def _run_dir(path, episodes):
    path.mkdir(parents=True)
    (path / "traces.jsonl").write_text("".join(json.dumps(e) + "\n" for e in episodes))
    return path


def test_harvest_takes_passing_train_rollouts_and_refuses_eval(tmp_path):
    env = _env_with("train")
    train = load_tasks(env, split="train")[:3]
    evals = load_tasks(_env_with("eval"), split="eval")[:1]
    answer = train[0].reference.replace("\n", "\n\n", 1)      # a model's own (passing) wording
    run1 = _run_dir(tmp_path / "run1", [
        _episode(train[0], answer, passed=1.0),
        _episode(evals[0], evals[0].reference, passed=1.0),                       # eval split: refused
        _episode(train[1], "no code here", passed=0.0),                           # failed
        _episode(train[2], train[2].reference, passed=None,
                 errors=[{"type": "InfrastructureError", "message": "spcomp missing"}]),   # has_error
        _episode(evals[0], evals[0].reference, passed=1.0, split="train"),        # mislabelled: scenario says eval
    ])
    run2 = _run_dir(tmp_path / "run2", [_episode(train[0], answer, passed=1.0, model="m2")])   # same answer again
    out = tmp_path / "harvest.jsonl"
    result = run_cli("data", "harvest", str(run1), str(run2), str(out), "--meta")
    assert result.exit_code == 0, result.output
    rows = read_rows(out)
    assert len(rows) == 1
    assert rows[0].assistant == answer.strip() and rows[0].user == train[0].prompt.strip()
    assert rows[0].meta["source"] == "harvest" and rows[0].meta["split"] == "train"
    report = json.loads((tmp_path / "harvest.report.json").read_text())
    assert report["by_reason"] == {"eval-split": 2, "has-error": 1, "failed": 1, "duplicate": 1}
    assert "REFUSED" in result.output and evals[0].id in result.output


def test_harvest_min_passes_and_stale_prompts(tmp_path):
    env = _env_with("train")
    a, b = load_tasks(env, split="train")[:2]
    stale = _episode(b, b.reference, passed=1.0)
    stale["traces"][0]["nodes"][1]["message"]["content"] = "an older wording of the task"
    run = _run_dir(tmp_path / "r", [_episode(a, a.reference, passed=1.0), stale])
    rows, report = harvest([run], min_passes=2)
    assert rows == [] and report.counts() == {"below-min-passes": 1, "stale-prompt": 1}
    rows, report = harvest([run], min_passes=1)
    assert [r.meta["task_id"] for r in rows] == [a.id]


def test_harvest_errors_are_one_line(tmp_path):
    result = run_cli("data", "harvest", str(tmp_path / "missing"), str(tmp_path / "o.jsonl"))
    assert result.exit_code == 2 and "does not exist" in result.output
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "traces.jsonl").write_text("{not json\n")
    result = run_cli("data", "harvest", str(bad), str(tmp_path / "o.jsonl"))
    assert result.exit_code == 2 and "traces.jsonl:1" in result.output

