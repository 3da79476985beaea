"""Acceptance tests for `modbench eval` (issue #6): the real CLI, the real `vf-eval`, the real sandboxed rubrics.

- `--model hf:PATH`: a tiny RANDOM local Llama built here (training/tiny.py, no hub) is served on loopback by
  modbench itself; its pass rate is 0, what is tested is the pipeline. Its `--adapter` (a LoRA) is checked in process.
- `--model openai:MODEL --base-url`: the model endpoint is the one truly external piece, so the test starts a
  scripted stand-in for it (modbench's own loopback SSE server answering from a script, plus a thin layer that
  records each request and refuses a wrong key, as a real vLLM/OpenAI server would). It serves each task's
  reference answer for some samples and a broken variant or garbage for the rest, so the real scoring can be
  checked rollout by rollout, and pass@1/pass@5 in the table must equal what the script served.
- The main job, `--env all` on the embedded retrieval default, run twice: the same table, counts and rollouts.
- Ctrl-C (SIGINT to the CLI, as a terminal sends it) leaves a run that the same command resumes without redoing
  finished rollouts, ending where an uninterrupted run ends.

Every test starts at least one `vf-eval` (a cold start of verifiers costs tens of seconds on 2 busy cores), so
the runs are kept tiny: 1-2 tasks x 5 samples (5 is the least -k the CLI accepts, so that pass@5 is defined).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from modbench.results import endpoint as endpoint_module
from modbench.results.endpoint import ChatEndpoint
from modbench.results.summary import count_tasks
from modbench.results.traces import read_rollouts
from modbench.scenarios import load_tasks

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900),
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sandboxes need Linux")]

MODBENCH = str(Path(sys.executable).with_name("modbench"))
SAMPLES = 5
DEFAULT_SAMPLING = {"temperature": 0.2, "top_p": 0.9, "seed": 3407}
# lines of the CLI's output that differ between two identical runs: the progress bar (elapsed time), the date,
# the run dir's path, and the "N tasks x k samples" header (which says "resuming" on a resumed run)
VOLATILE = re.compile(r"^(rollouts |Date: |Run: |run dir: |vf-(l4d2|luanti): \d+ tasks x )")


def cli_env(**extra: str) -> dict[str, str]:
    # wide enough that rich never wraps a table row; one torch thread so a tiny model does not fight the sandboxes
    return {**os.environ, "COLUMNS": "200", "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1", **extra}


def modbench_eval(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([MODBENCH, "eval", *args], capture_output=True, text=True, timeout=800,
                          env=env or cli_env())
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return proc


def run_dirs(stdout: str) -> list[Path]:
    return [Path(m) for m in re.findall(r"^run dir: (.+)$", stdout, flags=re.M)]


def stable(stdout: str) -> list[str]:
    return [line.rstrip() for line in stdout.splitlines() if not VOLATILE.match(line)]


def section(stdout: str, env: str) -> list[str]:
    """The stable lines of one environment's part of the output (from its header to its `run dir:` line)."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"vf-{env}: "))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("run dir: "))
    return stable("\n".join(lines[start:end + 1]))


def table_row(stdout: str, label: str) -> dict[str, str]:
    """The first line of the printed table's row `label`: {column: cell}."""
    header = next(line for line in stdout.splitlines() if "pass@1" in line and "pass@5" in line)
    columns = [c.strip() for c in header.strip("┃ ").split("┃")]
    row = next(line for line in stdout.splitlines() if re.match(rf"^│ {re.escape(label)}\s+│", line))
    return dict(zip(columns, (c.strip() for c in row.strip("│ ").split("│"))))


def counts(run_dir: Path) -> dict[str, tuple[int, int, int]]:
    """task key -> (valid rollouts, passed, errored), read from the run dir's traces."""
    return {t.key: (t.n, t.c, t.n_errors) for t in count_tasks(read_rollouts(run_dir))}


def episodes(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "traces.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def reply(trace: dict) -> str:
    return [n["message"]["content"] for n in trace["nodes"] if (n.get("message") or {}).get("role") == "assistant"][-1]


def rollout_signature(run_dir: Path) -> list[tuple]:
    """Every rollout as (task, hash of the answer, score, metrics), sorted: what must repeat exactly."""
    rows = []
    for ep in episodes(run_dir):
        for trace in ep["traces"]:
            rows.append((trace["task"]["data"]["id"], hashlib.sha256(reply(trace).encode()).hexdigest()[:16],
                         trace["rewards"]["passed"]["score"], json.dumps(trace["metrics"], sort_keys=True)))
    return sorted(rows)


def assert_pipeline(run_dir: Path, n_tasks: int) -> None:
    """n_tasks x SAMPLES rollouts on disk, each scored by the rubric (none errored), and report.md written."""
    got = counts(run_dir)
    assert len(got) == n_tasks, got
    assert all(n == SAMPLES and errored == 0 for n, _, errored in got.values()), got
    assert len(episodes(run_dir)) == n_tasks * SAMPLES
    for ep in episodes(run_dir):
        trace = ep["traces"][0]
        assert trace["rewards"]["passed"]["score"] in (0.0, 1.0)
        assert trace["metrics"]["has_error"] == 0.0, trace["errors"]
    assert (run_dir / "report.md").is_file() and (run_dir / "pass_at_k.png").is_file()


# ------------------------------------------------------------------------------------ hf:PATH (tiny local model)

@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> dict[str, Path]:
    """A tiny random Llama and an untrained-but-nonzero LoRA adapter for it (random B, so it changes outputs)."""
    pytest.importorskip("torch", reason="hf: models need the training extra (uv sync --extra train)")
    pytest.importorskip("peft")
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from modbench.training.tiny import build_tiny

    root = tmp_path_factory.mktemp("tiny")
    model_dir = build_tiny(root / "llama", "llama")
    adapter = get_peft_model(AutoModelForCausalLM.from_pretrained(model_dir),
                             LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"],
                                        init_lora_weights=False))
    adapter.save_pretrained(root / "adapter")
    return {"model": model_dir, "adapter": root / "adapter"}


def test_hf_model_runs_the_whole_pipeline(tiny, tmp_path):
    proc = modbench_eval("--env", "l4d2", "--model", f"hf:{tiny['model']}", "-n", "1", "-k", str(SAMPLES),
                         "--max-tokens", "48", "--out", str(tmp_path))
    [run_dir] = run_dirs(proc.stdout)
    assert_pipeline(run_dir, n_tasks=1)
    replies = [reply(ep["traces"][0]) for ep in episodes(run_dir)]
    assert all(isinstance(r, str) and r for r in replies)      # what the random model wrote reached the rubric
    all_row = table_row(proc.stdout, "all")
    assert (all_row["pass@1"], all_row["pass@5"], all_row["error rate"]) == ("0.0%", "0.0%", "0.0% (0/5)")
    assert "(vs baseline retrieval-l4d2)" in proc.stdout and "Gate " in proc.stdout
    meta = json.loads((run_dir / "modbench_run.json").read_text())
    assert (meta["model_spec"], meta["model"]) == (f"hf:{tiny['model'].name}", f"hf:{tiny['model'].name}")
    assert {k: meta["sampling"][k] for k in DEFAULT_SAMPLING} == DEFAULT_SAMPLING


def test_hf_adapter_changes_what_the_model_writes(tiny):
    """`--adapter` in process (a second CLI run would cost another cold start of vf-eval for one line of
    plumbing, `parse_model_spec(model, adapter)`): same weights, prompt, seed and sampling, only the LoRA
    adapter differs, so the answers must differ, while each model repeats itself."""
    from modbench.results.models import hf_endpoint, parse_model_spec

    spec = parse_model_spec(f"hf:{tiny['model']}", str(tiny["adapter"]))
    assert spec.label == f"hf:llama + adapter {tiny['adapter']}"
    plain, adapted = hf_endpoint(parse_model_spec(f"hf:{tiny['model']}")), hf_endpoint(spec)
    task = load_tasks("l4d2", split="eval")[0]
    messages = [{"role": "user", "content": task.prompt}]
    sampling = {**DEFAULT_SAMPLING, "max_tokens": 24, "sample": 0}
    assert plain.generate(messages, sampling) == plain.generate(messages, sampling)
    assert adapted.generate(messages, sampling) == adapted.generate(messages, sampling)
    assert adapted.generate(messages, sampling) != plain.generate(messages, sampling)


# ------------------------------------------------------------------- openai:MODEL against a scripted endpoint

class ScriptedEndpoint:
    """Stand-in for an external OpenAI-compatible endpoint (the one mocked piece): modbench's own streaming
    loopback server, answering from a script, with every request recorded and a wrong API key refused (401).

    Script: the i-th task to show up gets REFERENCES[i] reference answers among its samples; every other sample
    gets the task's first broken variant or plain garbage, alternately.
    """

    REFERENCES = (3, 0)
    GARBAGE = "Sorry, I cannot write that."

    def __init__(self, env: str, key: str):
        self.key = key
        self.tasks = {t.prompt: t for t in load_tasks(env, split="eval")}
        self.references: dict[str, int] = {}          # task id -> references served to it
        self.requests: list[tuple[str, str | None, dict]] = []   # (method path, Authorization, JSON body)
        self._lock = threading.Lock()
        self.endpoint = ChatEndpoint(self.generate, "scripted-stand-in")

    def generate(self, messages: list[dict], sampling: dict) -> str:
        prompt = next(m["content"] for m in reversed(messages) if m["role"] == "user")
        task = self.tasks[prompt]
        with self._lock:
            if task.id not in self.references:
                self.references[task.id] = self.REFERENCES[len(self.references) % len(self.REFERENCES)]
            refs, s = self.references[task.id], sampling["sample"]
        if s < refs:
            return task.reference
        return task.broken[0].answer if (s - refs) % 2 == 0 else self.GARBAGE

    def start(self, monkeypatch) -> str:
        scripted = self

        class RecordingServer(ThreadingHTTPServer):
            def __init__(self, address, handler):
                class Recording(handler):
                    def _check(self, body: dict) -> bool:
                        auth = self.headers.get("Authorization")
                        with scripted._lock:
                            scripted.requests.append((f"{self.command} {self.path}", auth, body))
                        if auth == f"Bearer {scripted.key}":
                            return True
                        self._json(401, {"error": {"message": "invalid api key", "type": "invalid_request_error"}})
                        return False

                    def do_GET(self):
                        if self._check({}):
                            super().do_GET()

                    def do_POST(self):
                        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                        if self._check(json.loads(raw or b"{}")):
                            self.rfile = io.BytesIO(raw)     # hand the body on to ChatEndpoint's handler
                            super().do_POST()

                super().__init__(address, Recording)

        # ChatEndpoint builds its server from the module's ThreadingHTTPServer: this test's recording one instead
        monkeypatch.setattr(endpoint_module, "ThreadingHTTPServer", RecordingServer)
        return self.endpoint.start()

    def stop(self) -> None:
        self.endpoint.stop()

    def chat_bodies(self) -> list[dict]:
        return [body for what, _, body in self.requests if what.startswith("POST") and "chat/completions" in what]


@pytest.fixture
def scripted(monkeypatch):
    server = ScriptedEndpoint("l4d2", key="sk-modbench-test-key")
    url = server.start(monkeypatch)
    yield server, url
    server.stop()


def test_openai_model_is_scored_for_what_the_endpoint_served(scripted, tmp_path):
    server, url = scripted
    # the key comes from $OPENAI_API_KEY, the variable `--api-key-var` defaults to
    env = cli_env(OPENAI_API_KEY=server.key)
    proc = modbench_eval("--env", "l4d2", "--model", "openai:fake-model", "--base-url", url, "-n", "2",
                         "-k", str(SAMPLES), "--out", str(tmp_path), env=env)
    [run_dir] = run_dirs(proc.stdout)
    assert_pipeline(run_dir, n_tasks=2)

    # every request carried the key and reached the endpoint with the sampling defaults
    assert server.requests and all(auth == f"Bearer {server.key}" for _, auth, _ in server.requests)
    bodies = server.chat_bodies()
    assert len(bodies) == 2 * SAMPLES
    for body in bodies:
        assert body["model"] == "fake-model" and body["stream"] is True
        assert (body.get("temperature"), body.get("top_p")) == (0.2, 0.9), body
        # no fixed per-request seed: a server that honours one would answer all k samples of a task identically
        assert "seed" not in body, body

    # each rollout's score is what its answer deserves: the reference passes, a broken variant or garbage fails
    specs = {t.id: t for t in load_tasks("l4d2", split="eval")}
    for ep in episodes(run_dir):
        trace = ep["traces"][0]
        spec = specs[trace["task"]["data"]["id"]]
        answer = reply(trace)
        assert answer in (spec.reference, spec.broken[0].answer, ScriptedEndpoint.GARBAGE)
        expected = 1.0 if answer == spec.reference else 0.0
        assert trace["rewards"]["passed"]["score"] == expected, (spec.id, answer[:200])

    # the run dir and the printed table hold exactly what was served
    assert sorted(server.references.values()) == sorted(ScriptedEndpoint.REFERENCES)
    assert counts(run_dir) == {tid: (SAMPLES, refs, 0) for tid, refs in server.references.items()}
    pass1 = sum(server.references.values()) / (len(server.references) * SAMPLES)
    pass5 = sum(r > 0 for r in server.references.values()) / len(server.references)
    all_row = table_row(proc.stdout, "all")
    assert (all_row["tasks"], all_row["pass@1"], all_row["pass@5"]) == (
        "2", f"{100 * pass1:.1f}%", f"{100 * pass5:.1f}%")
    for tid, refs in server.references.items():
        row = table_row(proc.stdout, specs[tid].family)     # the two selected tasks are of different families
        assert (row["pass@1"], row["pass@5"]) == (f"{100 * refs / SAMPLES:.1f}%", f"{100.0 * (refs > 0):.1f}%")
    report = (run_dir / "report.md").read_text(encoding="utf-8")
    assert f"{100 * pass1:.1f}%" in report and f"{100 * pass5:.1f}%" in report
    meta = json.loads((run_dir / "modbench_run.json").read_text())
    assert meta["model_spec"] == "openai:fake-model"
    assert {k: meta["sampling"][k] for k in DEFAULT_SAMPLING} == DEFAULT_SAMPLING
    assert meta["seed_sent_per_request"] is False


def test_openai_key_is_read_from_the_named_variable(scripted, tmp_path):
    """--api-key-var names the variable: the right key in $OPENAI_API_KEY does not help when another is named."""
    server, url = scripted
    env = {**cli_env(), "OPENAI_API_KEY": server.key, "OTHER_KEY": "sk-wrong"}
    proc = subprocess.run([MODBENCH, "eval", "--env", "l4d2", "--model", "openai:fake-model", "--base-url", url,
                           "--api-key-var", "OTHER_KEY", "-n", "1", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip() == f"modbench: endpoint {url} refused the API key (HTTP 401)"
    assert [auth for _, auth, _ in server.requests] == ["Bearer sk-wrong"]
    assert not server.chat_bodies()


# ------------------------------------------------------ the main job: --env all on the retrieval default, twice

MAIN_JOB = ["--env", "all", "-n", "2", "-k", str(SAMPLES)]


@pytest.fixture(scope="module")
def main_job_twice(tmp_path_factory) -> list[tuple[subprocess.CompletedProcess, list[Path]]]:
    runs = []
    for i in range(2):
        proc = modbench_eval(*MAIN_JOB, "--out", str(tmp_path_factory.mktemp(f"main-job-{i}")))
        runs.append((proc, run_dirs(proc.stdout)))
    return runs


def test_main_job_prints_the_same_table_twice(main_job_twice):
    (first, dirs1), (second, dirs2) = main_job_twice
    assert [d.name for d in dirs1] == [d.name for d in dirs2] and len(dirs1) == 2
    for proc in (first, second):
        assert "retrieval (BM25 nearest train-split references; a non-LLM baseline)" in proc.stdout
        assert "(vs baseline retrieval-l4d2)" in proc.stdout and "(vs baseline retrieval-luanti)" in proc.stdout
    assert stable(first.stdout) == stable(second.stdout)


def test_main_job_reproduces_counts_and_rollouts(main_job_twice):
    (_, dirs1), (_, dirs2) = main_job_twice
    for d1, d2 in zip(dirs1, dirs2):
        assert_pipeline(d1, n_tasks=2)
        assert counts(d1) == counts(d2)
        # the same neighbours handed out and every one scored alike, tier metrics included (stronger than the
        # table: the stored retrieval baselines pass no task, so a table of zeros alone would hide a drift)
        assert rollout_signature(d1) == rollout_signature(d2)


# ----------------------------------------------------------------------------- Ctrl-C leaves a resumable run

def test_ctrl_c_leaves_a_run_that_resumes_to_the_uninterrupted_result(main_job_twice, tmp_path):
    (uninterrupted, dirs), _ = main_job_twice
    reference_dir = next(d for d in dirs if d.name.startswith("l4d2--"))
    # two rollouts at a time, so that the interrupt lands between rollouts written and rollouts owed; the resume
    # must use the same settings (vf-eval resumes only under the exact config the run started with)
    args = ["--env", "l4d2", "-n", "2", "-k", str(SAMPLES), "--concurrency", "2", "--out", str(tmp_path)]
    traces = tmp_path / reference_dir.name / "traces.jsonl"
    proc = subprocess.Popen([MODBENCH, "eval", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=cli_env())
    try:
        deadline = time.monotonic() + 600
        while not (traces.exists() and len(traces.read_bytes().splitlines()) >= 4):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no rollouts written in 10 minutes"
            time.sleep(0.2)
        proc.send_signal(signal.SIGINT)      # what Ctrl-C sends (vf-eval runs in its own session; the CLI forwards it)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 2, stderr
    assert stderr.strip() == "modbench: interrupted: run the same command again to resume"
    on_disk = episodes(traces.parent)
    kept = {ep["id"] for ep in on_disk if ep["ok"] and not ep["errors"]}   # a rollout cut off mid-way is owed
    assert 4 <= len(kept) < 2 * SAMPLES

    resumed = modbench_eval(*args)
    run_dir = traces.parent
    assert f"(resuming: {len(on_disk)}/{2 * SAMPLES} rollouts on disk)" in resumed.stdout
    assert kept <= {ep["id"] for ep in episodes(run_dir)}                      # finished rollouts kept ...
    second_attempt = (run_dir / "logs" / "attempt_2" / "eval.log").read_text()
    assert second_attempt.count("rollout start:") == 2 * SAMPLES - len(kept)  # ... and not run again
    assert_pipeline(run_dir, n_tasks=2)
    assert counts(run_dir) == counts(reference_dir)
    assert rollout_signature(run_dir) == rollout_signature(reference_dir)
    assert section(resumed.stdout, "l4d2") == section(uninterrupted.stdout, "l4d2")
