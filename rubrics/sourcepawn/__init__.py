"""vf-l4d2's rubric: SourcePawn plugins for Left 4 Dead 2, scored by the real spcomp 1.11 in a sandbox.

Tiers, in order: extract (the plugin from the completion), includes (only known include files), compile
(spcomp), static (facts from the .smx against the L4D2 catalog and the task's checks), behaviour (the
simulator in `sim/`), security (a small rule set over the source).

    from modbench.rubrics.sourcepawn import score_answer, check_files, TIERS, answer_for_code
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rubric import TIERS, answer_for_code, check_file, check_files, enabled_tiers, metrics, score_answer

__all__ = ["TIERS", "answer_for_code", "check_file", "check_files", "enabled_tiers", "metrics", "score_answer"]


def __getattr__(name: str):
    # Lazy: the simulator's sandboxed worker imports `modbench.rubrics.sourcepawn.sim.worker`, and loading the
    # whole rubric (sandbox runner, catalog, compiler) here cost it ~40% of its start-up on every rollout.
    if name in __all__:
        from . import rubric

        return getattr(rubric, name)
    raise AttributeError(name)
