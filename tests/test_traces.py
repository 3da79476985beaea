"""Reading verifiers v1 run dirs: one row per rollout, has_error rules, clear errors for damaged files."""

import json

import pytest

from modbench.results.metadata import environment_name, read_run_metadata
from modbench.results.summary import count_tasks
from modbench.results.traces import ResultsError, RunDirError, TraceError, parse_episode, read_rollouts
from results_synth import RUNS, episode, task_record, write_named, write_run


def outcome_of(r):
    return "error" if r.has_error else ("pass" if r.passed else "fail")


def test_one_row_per_rollout_with_task_fields(tmp_path):
    run = write_named("base", tmp_path)
    rollouts = read_rollouts(run)
    _, tasks = RUNS["base"]
    assert len(rollouts) == sum(len(o) for o in tasks.values())
    for task_id, outcomes in tasks.items():
        rows = [r for r in rollouts if r.task_key == task_id]
        expected = sorted({"P": "pass", "F": "fail"}.get(o, "error") for o in outcomes)
        assert sorted(outcome_of(r) for r in rows) == expected
        assert {(r.environment, r.split) for r in rows} == {("vf-l4d2", "eval")}
    assert {r.family for r in rollouts} == {"scaffold", "repair", "refactor", "doc"}
    scored = [r for r in rollouts if not r.has_error]
    assert all(r.metrics["compiled"] == 1.0 and r.model == "qwen2.5-coder-1.5b-instruct" for r in scored)
    assert {r.verifiers_version for r in scored} == {"0.4.0"}


@pytest.mark.parametrize("outcome, reason", [
    ("N", "reward 'passed' is null (scoring error or timeout)"),
    ("E", "trace error TaskError: task L4D2Task scoring: InfrastructureError: spcomp crashed"),
    ("M", "metric has_error = 1"),
    ("X", "episode error SandboxError: runtime could not be provisioned"),
])
def test_has_error_rules(outcome, reason):
    [row] = parse_episode(episode(task_record("t1", "repair"), outcome, run="r", model="m", n=0))
    assert row.has_error and not row.passed
    assert row.error.split("; ")[0] == reason
    assert row.task_key == "t1" and row.family == "repair"     # an episode without traces keeps its task


def test_error_flags_beyond_the_synthetic_shapes():
    base = episode(task_record("t1", "doc"), "P", run="r", model="m", n=0)
    [ok] = parse_episode(base)
    assert ok.passed and not ok.has_error and ok.error is None

    def variant(**changes):
        line = json.loads(json.dumps(base))
        for path, value in changes.items():
            target = line
            *parents, last = path.split(".")
            for p in parents:
                target = target[int(p)] if p.isdigit() else target[p]
            if value is ...:
                del target[last]
            else:
                target[last] = value
        [row] = parse_episode(line)
        return row

    assert variant(**{"traces.0.rewards": None}).error == "no rewards recorded (scoring did not run)"
    assert variant(**{"traces.0.rewards": {}}).error == "no 'passed' reward recorded"
    assert variant(**{"traces.0.ok": False}).error == "trace not ok (stop: agent_completed)"
    assert variant(ok=False).error == "episode not ok"
    assert variant(errors=[{"type": "TimeoutError", "message": ""}], ok=False).error == "episode error TimeoutError"
    assert variant(errors=[{"type": "TimeoutError", "message": ""}], ok=...).error == "episode error TimeoutError"
    # errors next to ok: true are earlier attempts a verifiers retry recovered from: a normal, scored rollout
    retried = variant(**{"traces.0.errors": [{"type": "ModelError", "message": "502"}]})
    assert retried.passed and not retried.has_error
    assert variant(**{"traces.0.errors": [{"type": "ModelError", "message": "502"}], "traces.0.ok": ...}).has_error
    # a passing score never survives an error flag
    assert variant(**{"traces.0.metrics.has_error": 1.0}).passed is False
    # the env id may be absent: modbench's own env_name stands in
    assert variant(env={}).environment == "l4d2"
    # without a key the task is identified by data.id, then by the hash
    assert variant(**{"traces.0.task.key": ...}).task_key == "t1"
    assert variant(**{"traces.0.task.key": None, "traces.0.task.data.id": None}).task_key.startswith(
        base["task"]["hash"][:8])


@pytest.mark.parametrize("text, message", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "expected a JSON object (an episode), got list"),
    ('{"env": {"id": "x"}}', "episode has no 'traces' list"),
    ('{"task": {"key": "t"}, "traces": [3]}', "traces[0] is not an object"),
    ('{"traces": [{"task": {"data": {}}, "rewards": {"passed": {"score": 1.0}}}]}',
     "traces[0]: task has no key, data.id or hash"),
    ('{"traces": [{"task": {"key": "t"}, "rewards": {"passed": {"score": 0.5}}}]}',
     "traces[0]: reward 'passed' must be 0 or 1, got 0.5"),
    ('{"traces": [{"task": {"key": "t"}, "rewards": {"passed": {"weight": 1.0}}}]}',
     "traces[0]: reward 'passed' has no numeric 'score'"),
    ('{"traces": [{"task": {"key": "t"}, "rewards": [1]}]}', "traces[0]: 'rewards' is list, expected an object"),
    ('{"traces": [{"task": {"key": "t"}, "metrics": {"x": "high"}, "rewards": {"passed": {"score": 1}}}]}',
     "traces[0]: metric 'x' is not a number"),
    ('{"traces": [{"task": {"key": "t"}, "errors": "boom", "rewards": {"passed": {"score": 1}}}]}',
     "traces[0]: trace 'errors' is str, expected a list"),
])
def test_malformed_line_names_file_and_line(tmp_path, text, message):
    run = write_named("base", tmp_path)
    lines = (run / "traces.jsonl").read_text().splitlines(keepends=True)
    lines.insert(3, "\n")                      # a blank line is skipped but still counted
    lines.insert(5, text + "\n")
    (run / "traces.jsonl").write_text("".join(lines))
    with pytest.raises(TraceError) as info:
        read_rollouts(run)
    assert str(info.value).startswith(f"{run / 'traces.jsonl'}:6: ")
    assert message in str(info.value)
    assert info.value.line == 6


def test_truncated_last_line_is_reported(tmp_path):
    run = write_named("base", tmp_path)
    text = (run / "traces.jsonl").read_text()
    (run / "traces.jsonl").write_text(text + text.splitlines()[0][:50])      # a run killed mid-write
    with pytest.raises(TraceError, match=r"traces\.jsonl:41: not valid JSON"):
        read_rollouts(run)


def test_missing_run_dir_and_file(tmp_path):
    with pytest.raises(RunDirError, match="does not exist"):
        read_rollouts(tmp_path / "nope")
    with pytest.raises(RunDirError, match="has no traces.jsonl"):
        read_rollouts(tmp_path)
    (tmp_path / "traces.jsonl").write_bytes(b"\xff\xfe\n")
    with pytest.raises(RunDirError, match="not UTF-8"):
        read_rollouts(tmp_path)


def test_task_with_two_families_is_refused(tmp_path):
    run = write_run(tmp_path / "r", "r", "m", {"a": "PF", "b": "P"}, family={"a": "doc", "b": "doc"})
    line = episode(task_record("a", "repair"), "P", run="r", model="m", n=9)
    with (run / "traces.jsonl").open("a") as f:
        f.write(json.dumps(line) + "\n")
    with pytest.raises(ResultsError, match="task 'a' in vf-l4d2 has rollouts with different families"):
        count_tasks(read_rollouts(run))


@pytest.mark.slow     # importing verifiers.v1 takes seconds
def test_reads_what_verifiers_writes(tmp_path):
    """Lines written by verifiers 0.4.0's own trace_store give the same rows as our synthetic shapes."""
    vf = pytest.importorskip("verifiers.v1")
    from verifiers.v1.configs.agent import WireAgentConfig
    from verifiers.v1.episode import EnvInfo, Episode, EvalRunInfo
    from verifiers.v1.trace import AgentInfo, Error, Reward, Trace, TraceTask
    from verifiers.v1.utils.trace_store import read_episodes, write_episode

    class Data(vf.TaskData):
        family: str
        split: str

    def write(key, family, outcome):
        task = TraceTask[Data](type="L4D2Task", key=key, hash="h" + key,
                               data=Data(id=key, family=family, split="eval", prompt="p"))
        trace_kw = dict(task=task, agent=AgentInfo(config=vf.AgentConfig(model="m")), is_completed=True, ok=True,
                        metrics={"compiled": 1.0, "has_error": 0.0})
        if outcome in "PF":
            trace_kw["rewards"] = {"passed": Reward(score=1.0 if outcome == "P" else 0.0)}
        elif outcome == "N":
            trace_kw.update(rewards={"passed": None}, is_timeout=True, stop_condition="scoring_timeout")
        elif outcome == "E":
            trace_kw.update(rewards={"passed": None}, ok=False, stop_condition="TaskError",
                            errors=[Error(type="TaskError", message="task scoring: boom")],
                            metrics={"compiled": None, "has_error": 1.0})
        trace = Trace[Data, vf.State, vf.AgentConfig](**trace_kw)
        write_episode(tmp_path, Episode[Data, vf.State, vf.AgentConfig](
            env=EnvInfo(id="vf-l4d2"), task=task, traces=[trace], ok=trace.ok, run=EvalRunInfo(id="x", name="x")))

    plan = [("a", "scaffold", "P"), ("a", "scaffold", "F"), ("a", "scaffold", "N"), ("b", "doc", "E"),
            ("b", "doc", "P")]
    for key, family, outcome in plan:
        write(key, family, outcome)
    rows = read_rollouts(tmp_path)
    assert [(r.task_key, r.family, r.environment, r.split, outcome_of(r)) for r in rows] == [
        (k, f, "vf-l4d2", "eval", {"P": "pass", "F": "fail"}.get(o, "error")) for k, f, o in plan]
    assert rows[0].model == "m" and rows[0].verifiers_version == "0.4.0"
    # and verifiers' own typed reader agrees on what was stored
    typed = read_episodes(tmp_path, Trace[vf.WireTaskData, vf.State, WireAgentConfig])
    assert [e.traces[0].task.key for e in typed] == [r.task_key for r in rows]
    assert [e.traces[0].rewards["passed"] is None for e in typed] == [o in "NE" for _, _, o in plan]


def test_environment_name():
    assert environment_name("vf-l4d2") == ("vf-l4d2", None)
    assert environment_name("someone/vf-luanti@0.2.1") == ("vf-luanti", "0.2.1")


def test_metadata_sources_in_order(tmp_path):
    model, tasks = RUNS["base"]
    full = read_run_metadata(write_named("base", tmp_path / "full"))
    assert full["environment"] == "vf-l4d2" and full["environment_version"] == "0.1.0"
    assert full["toolchains"] == {"bwrap": "0.8.0", "spcomp": "1.11.0.6970"}
    assert full["sampling"] == {"temperature": 0.7, "top_p": 0.95, "max_tokens": 2048, "seed": 1234}
    assert full["seed"] == 1234 and full["date"] == "2026-11-24T12:00:00+00:00"
    assert full["sources"]["toolchains"] == "modbench_run.json"

    # vf-eval only: eval.json gives model, sampling and the taskset id (with its @version)
    run = write_run(tmp_path / "vf", "vf", model, tasks, env_id="owner/vf-l4d2@0.1.0", modbench_run={})
    rollouts = read_rollouts(run)
    meta = read_run_metadata(run, rollouts)
    assert (meta["environment"], meta["environment_version"]) == ("vf-l4d2", "0.1.0")
    assert meta["sources"]["environment"] == "configs/resolved/eval.json"
    assert meta["model"] == model and meta["sampling"]["top_p"] == 0.95 and meta["seed"] == 1234
    assert meta["toolchains"] == {} and "toolchains" not in meta["sources"]
    assert meta["num_rollouts"] == 6 and meta["verifiers_version"] == "0.4.0"

    # traces only
    bare = write_run(tmp_path / "bare", "bare", model, tasks, modbench_run={}, eval_config=False)
    meta = read_run_metadata(bare, read_rollouts(bare))
    assert meta["environment"] == "vf-l4d2" and meta["sources"]["environment"] == "traces.jsonl"
    assert meta["environment_version"] is None
    assert meta["model"] == model and meta["sources"]["model"] == "traces.jsonl"
    assert meta["sampling"] == {"temperature": None, "top_p": None, "max_tokens": None, "seed": None}
    assert meta["date"] and meta["sources"]["date"] == "traces.jsonl mtime"


def test_damaged_metadata_file_is_a_clear_error(tmp_path):
    run = write_named("base", tmp_path)
    (run / "modbench_run.json").write_text("{oops")
    with pytest.raises(RunDirError, match="modbench_run.json is not valid JSON"):
        read_run_metadata(run)
