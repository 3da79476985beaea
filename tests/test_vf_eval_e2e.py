"""End to end through verifiers: `vf-eval vf-l4d2|vf-luanti -n 5 -r 2` against a local OpenAI-compatible
streaming endpoint, then `modbench report` on the run dir.

The model is the one truly external piece, so it is replaced here by a scripted endpoint (modbench's own
loopback server): for each task, its first request gets the task's reference answer and its second a broken
variant. Everything else — verifiers, the harness, the sandboxed rubric — is real, so the test asserts that
each reference scored 1 and each broken variant 0.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from modbench.results.endpoint import ChatEndpoint
from modbench.scenarios import load_tasks

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]
BIN = Path(sys.executable).parent


def scripted_endpoint(env: str) -> tuple[ChatEndpoint, dict[str, tuple[str, str]]]:
    by_prompt = {t.prompt: (t.reference, t.broken[0].answer) for t in load_tasks(env, split="eval")}

    def generate(messages, sampling):
        prompt = next(m["content"] for m in reversed(messages) if m["role"] == "user")
        reference, broken = by_prompt[prompt]
        return reference if sampling["sample"] == 0 else broken

    return ChatEndpoint(generate, "scripted-mock"), by_prompt


@pytest.mark.parametrize("env", ["l4d2", "luanti"])
def test_vf_eval_runs_end_to_end_and_report_reads_it(env, tmp_path):
    endpoint, by_prompt = scripted_endpoint(env)
    url = endpoint.start()
    try:
        proc = subprocess.run(
            [str(BIN / "vf-eval"), f"vf-{env}", "-n", "5", "-r", "2", "--model", "scripted-mock",
             "--client.base-url", url, "--client.api-key-var", "MOCK_KEY", "--max-concurrent", "4",
             "--sampling.temperature", "0", "--no-push", "--no-rich", "-o", str(tmp_path), "--run.name", "e2e"],
            capture_output=True, text=True, timeout=600, env={**os.environ, "MOCK_KEY": "x"})
    finally:
        endpoint.stop()
    assert proc.returncode == 0, proc.stderr[-3000:]
    run_dir = tmp_path / "e2e"
    episodes = [json.loads(line) for line in (run_dir / "traces.jsonl").read_text().splitlines()]
    assert len(episodes) == 10
    for ep in episodes:
        trace = ep["traces"][0]
        reply = [n["message"]["content"] for n in trace["nodes"] if n["message"]["role"] == "assistant"][-1]
        reference, broken = by_prompt[trace["task"]["data"]["prompt"]]
        expected = 1.0 if reply == reference else 0.0
        assert reply in (reference, broken)
        assert trace["rewards"]["passed"]["score"] == expected, (trace["task"]["data"]["id"], trace["errors"])
        assert trace["metrics"]["has_error"] == 0.0

    report = subprocess.run([str(BIN / "modbench"), "report", str(run_dir), "--json"], capture_output=True,
                            text=True, timeout=120)
    assert report.returncode == 0, report.stderr
    summary = json.loads(report.stdout)
    assert summary["pass@1"] == pytest.approx(0.5)     # every task: one passing and one failing sample
    assert summary["error_rate"] == 0
    assert (run_dir / "report.md").exists()
