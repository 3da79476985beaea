"""Score answers with the environment's real rubric before they become training data.

`verify_answers` runs `rubric_for(env).score_answer(spec, answer)` for many (task, answer) pairs at once, bounded
by a semaphore (the sandbox slot pool bounds the toolchain processes underneath), deduplicated through the shared
`VerdictCache`, and remembered on disk: verifying a few hundred references runs real compilers and a real game
server, so a second export with nothing changed should not pay for it again.

The disk cache key covers everything a verdict depends on: the task (all fields but the broken variants), the
answer, the enabled tiers, the toolchain versions and a fingerprint of the rubric's own source files. Verdicts
with `has_error` (the rubric could not judge) are never stored.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import os
from pathlib import Path

from modbench.rubrics.engine import VerdictCache, answer_key
from modbench.rubrics.registry import rubric_for
from modbench.rubrics.verdict import Verdict
from modbench.scenarios import TaskSpec

CACHE_VERSION = 1
RUBRICS_ROOT = Path(__file__).resolve().parent.parent / "rubrics"


def default_cache_dir() -> Path:
    base = os.environ.get("MODBENCH_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "modbench")
    return Path(base) / "verdicts"


@functools.lru_cache(maxsize=None)
def rubric_fingerprint(env: str) -> str:
    """A hash of the rubric's source and data files: editing the rubric invalidates cached verdicts."""
    module = rubric_for(env)
    roots = [Path(module.__file__).resolve().parent, RUBRICS_ROOT / "engine.py", RUBRICS_ROOT / "verdict.py"]
    h = hashlib.sha256()
    for root in roots:
        files = [root] if root.is_file() else sorted(
            p for p in root.rglob("*") if p.is_file() and p.suffix != ".pyc" and "__pycache__" not in p.parts)
        for p in files:
            h.update(str(p.relative_to(RUBRICS_ROOT.parent)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def _toolchain_versions() -> dict[str, str | None]:
    from modbench.sandboxes import versions

    return versions()


class DiskVerdicts:
    """Finished verdicts as small JSON files under `root/<key[:2]>/<key>.json` (passed, feedback, metrics)."""

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root else default_cache_dir()
        self.hits = 0

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> Verdict | None:
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        self.hits += 1
        return Verdict(passed=bool(data["passed"]), feedback=data.get("feedback", ""),
                       metrics=data.get("metrics", {}), versions=data.get("versions", {}))

    def put(self, key: str, verdict: Verdict) -> None:
        if verdict.has_error:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.part")
            tmp.write_text(json.dumps({"passed": verdict.passed, "feedback": verdict.feedback,
                                       "metrics": verdict.metrics, "versions": verdict.versions}), encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass   # a read-only or full cache dir only costs time, never correctness


def verdict_key(spec: TaskSpec, answer: str, tiers: list[str] | None = None) -> str:
    task = spec.model_dump(mode="json", exclude={"broken"})
    return answer_key("modbench-verdict", CACHE_VERSION, task, answer, sorted(tiers or []),
                      _toolchain_versions(), rubric_fingerprint(spec.env))


async def verify_answers(pairs: list[tuple[TaskSpec, str]], *, concurrency: int | None = None,
                         disk: DiskVerdicts | None = None, tiers: list[str] | None = None,
                         timeout: float = 300.0, on_done=None) -> list[Verdict]:
    """One verdict per (spec, answer) pair, in order. Never raises for a single pair: a rubric crash or a timeout
    becomes a `has_error` verdict (the answer could not be judged), which callers report separately."""
    from modbench.sandboxes import POOL

    sem = asyncio.Semaphore(concurrency or POOL.size)
    memory = VerdictCache()
    done = 0

    async def score(spec: TaskSpec, answer: str) -> Verdict:
        async with sem:
            try:
                return await asyncio.wait_for(
                    rubric_for(spec.env).score_answer(spec, answer, tiers=set(tiers) if tiers else None), timeout)
            except asyncio.TimeoutError:
                return Verdict(passed=False, has_error=True, error=f"scoring timed out after {timeout:.0f} s")
            except Exception as exc:  # the rubric must not raise; if it does, that is ours, not the answer's
                return Verdict(passed=False, has_error=True, error=f"{type(exc).__name__}: {exc}")

    async def one(spec: TaskSpec, answer: str) -> Verdict:
        key = verdict_key(spec, answer, tiers)
        verdict = disk.get(key) if disk is not None else None
        if verdict is None:
            verdict = await memory.get_or_score(key, lambda: score(spec, answer))
            if disk is not None:
                disk.put(key, verdict)
        nonlocal done
        done += 1
        if on_done is not None:
            on_done(done, len(pairs))
        return verdict

    return list(await asyncio.gather(*(one(s, a) for s, a in pairs)))
