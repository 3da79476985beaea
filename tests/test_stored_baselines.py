"""The stored retrieval baselines cannot silently drift from the code.

Re-runs the retrieval baseline — the same neighbours the endpoint hands out, scored by the same rubric as in
`modbench eval` (verifiers only transports the text) — and checks the per-task counts equal the stored file
exactly. By default a deterministic sample of tasks per family keeps the suite fast; MODBENCH_FULL_BASELINE=1
re-scores every eval task.
"""

from __future__ import annotations

import asyncio
import os

import pytest

from modbench.results.baselines import load_baseline
from modbench.results.evaluate import ENV_PACKAGES, ENV_TOOLCHAINS
from modbench.results.retrieval import model_for
from modbench.rubrics.registry import rubric_for
from modbench.sandboxes import versions
from modbench.scenarios import FAMILIES, load_tasks

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]
PER_FAMILY = 3
SAMPLES = 5


def sample(env: str) -> list:
    tasks = load_tasks(env, split="eval")
    if os.environ.get("MODBENCH_FULL_BASELINE"):
        return tasks
    return [t for fam in FAMILIES for t in [x for x in tasks if x.family == fam][:PER_FAMILY]]


@pytest.mark.parametrize("env", ["l4d2", "luanti"])
def test_stored_retrieval_baseline_matches_a_fresh_run(env):
    baseline = load_baseline(f"retrieval-{env}")
    meta = baseline.metadata
    assert meta["environment"] == ENV_PACKAGES[env]
    assert meta["toolchains"] == versions(ENV_TOOLCHAINS[env]), "toolchains changed: regenerate the baseline"
    assert meta["sampling"]["seed"] == 3407 and meta["sampling"]["temperature"] == 0.2
    stored = {t.key: t for t in baseline.tasks}
    assert set(stored) == {t.id for t in load_tasks(env, split="eval")}, "the eval split changed: regenerate"
    model, rubric = model_for(env), rubric_for(env)

    async def count(spec) -> int:
        answers = [t.reference for t in model.neighbours(spec.prompt, SAMPLES)]
        verdicts = await asyncio.gather(*(rubric.score_answer(spec, a) for a in answers))
        assert not any(v.has_error for v in verdicts), [v.error for v in verdicts if v.has_error]
        return sum(v.passed for v in verdicts)

    async def all_counts(specs):
        return await asyncio.gather(*(count(s) for s in specs))

    specs = sample(env)
    fresh = asyncio.run(all_counts(specs))
    for spec, c in zip(specs, fresh):
        row = stored[spec.id]
        assert (row.n, row.c, row.n_errors) == (SAMPLES, c, 0), f"{spec.id}: stored c={row.c}, fresh c={c}"
