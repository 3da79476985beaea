"""Train split: parametrised tasks over the train event specs, plus the special train themes.

No theme here is an eval theme (tests/test_l4d2_suite.py checks it), and the prompts and references are
checked for near-duplicates against the eval split.
"""

from __future__ import annotations

from l4d2_common import Task
from l4d2_train_specs import SPECS
from l4d2_train_templates import tasks_for


def tasks() -> list[Task]:
    out: list[Task] = []
    for i, spec in enumerate(SPECS):
        out.extend(tasks_for(spec, i))
    try:
        import l4d2_train_special  # noqa: PLC0415
        out.extend(l4d2_train_special.tasks())
    except ModuleNotFoundError:
        pass
    return out
