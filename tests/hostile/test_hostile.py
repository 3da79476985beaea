"""The red-team corpus: hostile completions (l4d2.toml, luanti.toml) scored by each environment's real rubric.

For every case: the verdict it must get (passed / has_error / first failing tier, and a reason where given),
within its deadline (a hang detector: the scoring is cancelled past it), with no exception escaping
score_answer, and with no trace of the host's secrets in anything the verdict carries: the random token of a
canary file the test plants (world-readable, so only the sandbox and the rubric's own rules keep it out), a
second token in the scorer's environment, and /etc/passwd's first line. After the run, nothing was written
to the host directory the cases aim at, the canary is intact, and no sandbox work dir is left behind.

All cases run concurrently (bounded by the sandbox pool), once, in a module fixture; each case is then its own
test item. Cases that attack the host (categories in HOST_CATEGORIES) run a second time with
MODBENCH_SANDBOX=rlimits, where no namespace hides the host and only the rubric's own rules protect it.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from hostile_generators import generate
from modbench.rubrics.engine import VerdictCache
from modbench.sandboxes import POOL
from modbench.scenarios import load_tasks

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sandboxes need Linux")]

HERE = Path(__file__).resolve().parent
RUBRICS = {"l4d2": "modbench.rubrics.sourcepawn", "luanti": "modbench.rubrics.luanti"}
HOST_CATEGORIES = {"host-read", "host-write", "process", "network"}
ENV_CANARY_VAR = "MODBENCH_HOSTILE_ENV_CANARY"


@dataclass
class Case:
    env: str
    id: str
    category: str
    why: str
    raw: dict[str, Any]
    expect: dict[str, Any]
    deadline: float
    tiers: set[str] | None = None
    timeouts: dict[str, float] | None = None
    diagnostic: str | None = None
    xfail: str | None = None

    def render(self, templates: dict[str, str], places: dict[str, str]) -> str:
        if "generator" in self.raw:
            text = generate(self.env, self.raw["generator"])
        elif "template" in self.raw:
            fill = self.raw.get("fill", {})
            unknown = set(fill) - set(SLOT.findall(templates[self.raw["template"]]))
            assert not unknown, f"{self.id}: the template has no slot(s) {sorted(unknown)}"
            # one pass over the template: what a slot receives is not scanned again
            text = SLOT.sub(lambda m: m.group(0) if m.group(1) in places else fill.get(m.group(1), ""),
                            templates[self.raw["template"]])
        else:
            text = self.raw["answer"]
        for key, value in places.items():
            text = text.replace(f"@@{key}@@", value)
        return text


SLOT = re.compile(r"@@([A-Z_]+)@@")


def load_file(env: str) -> tuple[str, dict[str, str], list[Case]]:
    data = tomllib.loads((HERE / f"{env}.toml").read_text(encoding="utf-8"))
    default_deadline = float(data.get("default_deadline_seconds", 60))
    cases = []
    for raw in data["case"]:
        tiers = raw.get("tiers")
        cases.append(Case(env=env, id=raw["id"], category=raw["category"], why=raw["why"], raw=raw,
                          expect=raw["expect"], deadline=float(raw.get("deadline_seconds", default_deadline)),
                          tiers=set(tiers) if tiers else None, timeouts=raw.get("timeouts"),
                          diagnostic=raw.get("diagnostic"), xfail=raw.get("xfail")))
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), f"duplicate case ids in {env}.toml"
    return data["task"], data.get("templates", {}), cases


CORPUS = {env: load_file(env) for env in RUBRICS}


def _params():
    out = []
    for env, (_, _, cases) in CORPUS.items():
        for case in cases:
            modes = ["bwrap", "rlimits"] if case.category in HOST_CATEGORIES else ["bwrap"]
            for mode in modes:
                marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
                out.append(pytest.param(env, case.id, mode, id=f"{env}-{case.id}-{mode}", marks=marks))
    return out


# ------------------------------------------------------------------------------------------------ the run

@dataclass
class Outcome:
    case: Case
    mode: str
    verdict: Any = None
    exception: str | None = None
    hung: bool = False
    seconds: float = 0.0
    dump: str = ""


@dataclass
class Host:
    root: Path
    canary: Path
    outside: Path
    tmp_root: Path
    markers: dict[str, str] = field(default_factory=dict)


def _passwd_marker() -> str:
    try:
        first = Path("/etc/passwd").read_text().splitlines()[0]
    except (OSError, IndexError):
        return "root:x:0:0:"
    return first


def failing_tier(verdict) -> str:
    for name, t in verdict.tiers.items():
        if not t.skipped and (not t.ok or t.has_error):
            return name
    return ""


async def _score(case: Case, text: str, mode: str, gate: asyncio.Semaphore) -> Outcome:
    spec = load_tasks(case.env, ids=[CORPUS[case.env][0]])[0]
    rubric = importlib.import_module(RUBRICS[case.env])
    out = Outcome(case, mode)
    async with gate:
        started = time.monotonic()
        try:
            out.verdict = await asyncio.wait_for(
                rubric.score_answer(spec, text, tiers=case.tiers, timeouts=case.timeouts), case.deadline)
        except asyncio.TimeoutError:
            out.hung = True
        except Exception as exc:  # the point of the test: nothing may escape score_answer
            out.exception = f"{type(exc).__name__}: {exc}"
        out.seconds = time.monotonic() - started
    if out.verdict is not None:
        out.dump = json.dumps({"verdict": out.verdict.to_json(), "versions": out.verdict.versions},
                              ensure_ascii=False, default=str)
    return out


async def _run_all(cases: list[tuple[Case, str]], mode: str) -> list[Outcome]:
    gate = asyncio.Semaphore(max(2, POOL.size))
    return list(await asyncio.gather(*(_score(c, text, mode, gate) for c, text in cases)))


@pytest.fixture(scope="module")
def host():
    root = Path(tempfile.mkdtemp(prefix="hostile-host-"))
    root.chmod(0o755)               # world-traversable: only the sandbox, not permissions, may keep it out
    token = secrets.token_hex(16)
    canary = root / "canary.txt"
    # Lua and spcomp both echo source tokens in syntax errors: make the token the first thing a parser sees
    canary.write_text(f"CANARY_{token} CANARY_{token}\nsecret = {token}\n")
    canary.chmod(0o644)
    outside = root / "outside"
    outside.mkdir()
    outside.chmod(0o777)            # world-writable, so that a write would succeed if the sandbox let it through
    tmp_root = root / "sandbox-tmp"
    tmp_root.mkdir()
    h = Host(root, canary, outside, tmp_root,
             markers={"canary file token": token, "environment token": secrets.token_hex(16),
                      "/etc/passwd": _passwd_marker()})
    yield h
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def outcomes(host):
    """{(env, case id, mode): Outcome}, every case scored once per mode."""
    places = {"CANARY": str(host.canary), "CANARY_REL": str(host.canary).lstrip("/"), "OUTSIDE": str(host.outside)}
    rendered = [(case, case.render(templates, places))
                for _, (_, templates, cases) in CORPUS.items() for case in cases]
    for case, text in rendered:
        for name, marker in host.markers.items():
            assert marker not in text, f"case {case.id} contains the {name} itself; the leak check would be void"
    results: dict[tuple[str, str, str], Outcome] = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(ENV_CANARY_VAR, host.markers["environment token"])
        mp.setenv("MODBENCH_TMPDIR", str(host.tmp_root))
        for mode in ("bwrap", "rlimits"):
            todo = [(c, t) for c, t in rendered if mode == "bwrap" or c.category in HOST_CATEGORIES]
            mp.setenv("MODBENCH_SANDBOX", "auto" if mode == "bwrap" else "rlimits")
            # a verdict cached in the other mode would hide this mode's behaviour
            for module in RUBRICS.values():
                mp.setattr(importlib.import_module(module + ".rubric"), "_CACHE", VerdictCache())
            for out in asyncio.run(_run_all(todo, mode)):
                results[(out.case.env, out.case.id, mode)] = out
    return results


# ------------------------------------------------------------------------------------------------ the tests

@pytest.mark.parametrize("env,case_id,mode", _params())
def test_hostile_case(outcomes, host, env, case_id, mode):
    out = outcomes[(env, case_id, mode)]
    case = out.case
    assert out.exception is None, f"{case.id}: an exception escaped score_answer: {out.exception}"
    assert not out.hung, f"{case.id}: no verdict within its {case.deadline:g} s deadline"
    v = out.verdict
    got = {"passed": v.passed, "has_error": v.has_error, "failing_tier": failing_tier(v)}
    want = {k: case.expect[k] for k in ("passed", "has_error", "failing_tier")}
    assert got == want, (f"{case.id} ({case.why}): got {got}, want {want}; error={v.error!r}; "
                         f"feedback={v.feedback[:400]!r}")
    if case.diagnostic:
        tier = v.tiers[want["failing_tier"]]
        text = json.dumps({"diagnostics": [d.message for d in tier.diagnostics], "details": tier.details,
                           "error": tier.error}, ensure_ascii=False, default=str)
        assert case.diagnostic in text, \
            f"{case.id}: {case.diagnostic!r} not in the {want['failing_tier']} tier's messages: {text[:600]}"
    for name, marker in host.markers.items():
        assert marker not in out.dump, f"{case.id}: the {name} leaked into the verdict"


def test_nothing_reached_the_host(outcomes, host):
    assert outcomes, "the corpus ran"
    assert not any(host.outside.iterdir()), f"hostile code wrote to the host: {sorted(host.outside.iterdir())}"
    assert host.canary.read_text().startswith("CANARY_" + host.markers["canary file token"])


def test_no_sandbox_work_dir_or_process_is_left_behind(outcomes, host):
    assert outcomes
    assert sorted(p.name for p in host.tmp_root.iterdir()) == []
    # a sandboxed program cannot outlive the bubblewrap process whose command line names its work dir (that
    # one is its PID namespace's init); without bubblewrap the program's own cwd is that work dir
    time.sleep(0.5)
    root, alive = str(host.tmp_root), []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            if Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                continue
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            cwd = os.readlink(f"/proc/{entry}/cwd")
        except OSError:
            continue
        if root in cmd or cwd.startswith(root):
            alive.append(cmd[:200])
    assert alive == [], f"sandboxed processes outlived their scoring: {alive[:5]}"


def test_the_corpus_covers_every_category_with_40_cases_per_environment():
    for env, (_, _, cases) in CORPUS.items():
        assert len(cases) >= 40, f"{env}: only {len(cases)} hostile cases"
    l4d2 = {c.category for c in CORPUS["l4d2"][2]}
    luanti = {c.category for c in CORPUS["luanti"][2]}
    assert {"host-read", "self-include", "deep-nesting", "memory-bomb", "infinite-loop", "size", "encoding"} <= l4d2
    assert {"host-read", "host-write", "process", "network", "infinite-loop", "pathological-pattern",
            "memory-bomb", "self-include", "deep-nesting", "size", "encoding", "path-escape"} <= luanti
