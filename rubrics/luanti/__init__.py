"""vf-luanti's rubric: Luanti (Minetest) mods in Lua, scored by LuaJIT, luacheck, a mocked engine and the real
Luanti 5.6.1 server with minetest_game, each in a sandbox.

Tiers, in order: parse, syntax, lint, sim, engine.

    from modbench.rubrics.luanti import score_answer, check_paths, TIERS
    verdict = await score_answer(spec, completion)                     # a task's answer
    rows = await check_paths([Path("mymod")], deps=[Path("basic_materials")])   # `modbench check luanti`
"""

from .answer import ModAnswer, answer_for_files, load_mod_dir, parse_answer
from .check import check_path, check_paths
from .context import LuantiContext
from .rubric import FAST_TIERS, TIERS, enabled_tiers, feedback, metrics, score_answer

__all__ = ["FAST_TIERS", "TIERS", "LuantiContext", "ModAnswer", "answer_for_files", "check_path", "check_paths",
           "enabled_tiers", "feedback", "load_mod_dir", "metrics", "parse_answer", "score_answer"]
