"""The real-engine tier of the Luanti rubric: minetestserver 5.6.1 loads the mod with minetest_game headlessly,
in a sandbox, with the harness mod (harness/modbench_harness) reporting the registry and running the task's
probes.

    runner.run_engine(mods, probes)  -> EngineRun     one server run (world.py builds the world)
    judge.judge(run, mods, ...)      -> TierResult    pass / failure with diagnostics / has_error
    tier.EngineTier                                   the tier object the rubric runs
"""

from .judge import judge
from .report_checks import check_report
from .runner import EngineRun, run_engine
from .tier import EngineTier, task_probes, world_mods
from .world import SourceMap, WorldMod, read_folder

__all__ = ["EngineRun", "EngineTier", "SourceMap", "WorldMod", "check_report", "judge", "read_folder",
           "run_engine", "task_probes", "world_mods"]
