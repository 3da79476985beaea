"""`modbench validate`: every task's reference passes and every broken variant fails for its stated reason.

A broken variant "holds" when it does not pass, did not hit an infrastructure error, and the first tier that
failed is the one its task file names in `fails`: a variant meant to fail in behaviour that already fails to
compile is testing nothing it claims to.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from modbench.scenarios import TaskSpec, load_tasks

from .registry import rubric_for
from .verdict import Verdict


def first_failing_tier(verdict: Verdict) -> str | None:
    for name, tier in verdict.tiers.items():
        if not tier.skipped and (not tier.ok or tier.has_error):
            return name
    return None


@dataclass
class TaskCheck:
    task: TaskSpec
    problems: list[str] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return not self.problems


async def check_task(spec: TaskSpec) -> TaskCheck:
    rubric = rubric_for(spec.env)
    out = TaskCheck(spec)
    answers = [spec.reference, *(b.answer for b in spec.broken)]
    verdicts = await asyncio.gather(*(rubric.score_answer(spec, a) for a in answers))
    ref, broken = verdicts[0], verdicts[1:]
    if ref.has_error:
        out.problems.append(f"reference: infrastructure error: {ref.error}")
    elif not ref.passed:
        out.problems.append(f"reference fails at {first_failing_tier(ref)}: {ref.feedback[:300]}")
    for i, (variant, v) in enumerate(zip(spec.broken, broken)):
        where = first_failing_tier(v)
        if v.has_error:
            out.problems.append(f"broken[{i}]: infrastructure error: {v.error}")
        elif v.passed:
            out.problems.append(f"broken[{i}] passes, but should fail at {variant.fails}")
        elif where != variant.fails:
            out.problems.append(f"broken[{i}] fails at {where}, but should fail at {variant.fails}")
    return out


async def validate_env(env: str, split: str | None = None, ids: list[str] | None = None) -> list[TaskCheck]:
    return list(await asyncio.gather(*(check_task(s) for s in load_tasks(env, split=split, ids=ids))))


def summarize(checks: list[TaskCheck]) -> dict:
    by_split: dict[str, dict[str, int]] = {}
    for c in checks:
        s = by_split.setdefault(c.task.split, {"tasks": 0, "held": 0})
        s["tasks"] += 1
        s["held"] += c.held
    return {
        "tasks": len(checks),
        "held": sum(c.held for c in checks),
        "failed": sorted(c.task.id for c in checks if not c.held),
        "by_split": by_split,
        "problems": {c.task.id: c.problems for c in checks if not c.held},
    }
