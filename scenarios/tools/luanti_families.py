"""Task families of the vf-luanti suite, assembled from the scaffold bases (luanti_bases.py), the refactor
legacy mods (luanti_refactors.py) and the doc API mods (luanti_docs.py).

- scaffold: write the base mod from its requirements.
- repair:   the base mod with one injected bug and the error (or behaviour) a user observed; fix it.
- refactor: a legacy mod (deprecated APIs, depends.txt, global leaks, ...) to port; probes prove behaviour.
- doc:      use a named API, whose lua_api.txt entry the prompt quotes.
"""

from __future__ import annotations

import random
import re
import subprocess
import tempfile
from pathlib import Path

from luanti_bases import Base
from luanti_common import Task, Variant, mod_conf, render_answer

ANSWER_FORMAT = ("Answer with the complete files as fenced code blocks headed by their file names: "
                 "```lua init.lua and ```ini mod.conf (mod.conf with `name`, `description` and `depends`).")
ENGINE = "Luanti (Minetest 5.6)"
TIERS_ORDER = ("parse", "syntax", "lint", "sim", "engine")
# Which tier catches each class of defect first. Set from the product rubric's behaviour (luanti_validate.py).
TIER = {
    "syntax": "syntax", "api_typo": "lint", "undefined_global": "lint", "forbid_api": "lint",
    "require_api": "lint", "forbid_file": "parse", "prefix": "sim", "flat_craft": "sim",
    "missing_action": "sim", "string_group": "sim", "add_node": "engine", "logic": "engine",
    "unknown_item": "engine",
    "runtime": "engine",
    # LUANTI_CONTRACTS.md: a global that is not a declared dependency's namespace is an API error (lint)
    "undeclared_dependency": "lint",
}


def conf_for(b: Base) -> str:
    return mod_conf(b.mod, b.description, b.depends)


def files_of(b: Base, init: str | None = None) -> dict[str, str]:
    return {"init.lua": init if init is not None else b.init, **b.extra, "mod.conf": conf_for(b)}


def checks_for(b: Base, **extra) -> dict:
    c = {"mod_name": b.mod, "depends": list(b.depends), "require_api": list(b.require_api)}
    c.update(extra)
    c["registers"] = {k: v for k, v in b.registers.items() if v}
    c["probes"] = b.probes
    return c


def bullets(items: list[str]) -> str:
    return "\n".join(f"- {x}" for x in items)


def deps_text(b: Base) -> str:
    return ", ".join(f"`{d}`" for d in b.depends) if b.depends else "nothing"


# ---- injections: each returns (broken init, observed error text, why) or None when the base has no site ---------
def _line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def inj_syntax(b: Base, init: str):
    m = re.search(r'^(\t+description = "[^"\n]*"),\n(?=\t+[a-z_]+ =)', init, re.M)
    if not m:
        return None
    broken = init[:m.start()] + m.group(1) + "\n" + init[m.end():]
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "init.lua").write_text(broken)
        out = subprocess.run(["luajit", "-b", "init.lua", "/dev/null"], cwd=tmp, capture_output=True, text=True)
    msg = out.stderr.strip().removeprefix("luajit: ")
    assert out.returncode and msg, broken
    return broken, f"mods/{b.mod}/{msg}", "a missing comma after the description field: a syntax error"


TYPOS = {
    "minetest.register_node(": "minetest.register_nodee(", "minetest.register_craftitem(":
    "minetest.register_craft_item(", "minetest.register_tool(": "minetest.register_tools(",
    "minetest.register_abm(": "minetest.register_abms(", "minetest.register_lbm(": "minetest.register_lbms(",
    "minetest.register_chatcommand(": "minetest.register_chat_command(",
    "minetest.register_entity(": "minetest.register_entitiy(",
}


def inj_api_typo(b: Base, init: str):
    call = b.reg_call
    if call not in init:
        return None
    typo = TYPOS[call]
    broken = init.replace(call, typo, 1)
    line = _line_of(broken, typo)
    field = typo[len("minetest."):-1]
    return (broken, f"mods/{b.mod}/init.lua:{line}: attempt to call field '{field}' (a nil value)",
            f"`minetest.{field}` does not exist (typo of `{call[:-1]}`)")


def inj_prefix(b: Base, init: str):
    if not b.reg_name or f'"{b.reg_name}"' not in init:
        return None
    bare = b.reg_name.split(":", 1)[1]
    broken = init.replace(f'"{b.reg_name}"', f'"{bare}"', 1)
    err = (f'/usr/share/games/minetest/builtin/game/register.lua:67: Name {bare} does not follow naming '
           f'conventions: "{b.mod}:" or ":" prefix required')
    return broken, err, f"`{bare}` lacks the `{b.mod}:` prefix the engine requires"


def inj_flat_craft(b: Base, init: str):
    if not b.craft or b.craft not in init:
        return None
    items = re.findall(r'"([^"]*)"', b.craft)
    flat = "{" + ", ".join(f'"{i}"' for i in items) + "}"
    broken = init.replace(b.craft, flat, 1)
    out = re.search(r'output = "([^"]+)",\n\trecipe = ' + re.escape(flat), broken)
    return (broken, f'Invalid crafting recipe (output="{out.group(1)}")',
            "the shaped recipe is a flat list instead of a list of rows")


def inj_missing_action(b: Base, init: str):
    if not b.abm or "\taction = function" not in init:
        return None
    broken = init.replace("\taction = function", "\ton_action = function", 1)
    return (broken, "/usr/share/games/minetest/builtin/game/register.lua:84: Required field 'action' of type "
            "function", "the ABM callback is named `on_action`, so the required `action` field is missing")


WORDS = {1: "one", 2: "two", 3: "three"}


def inj_string_group(b: Base, init: str):
    if not b.groups or b.groups not in init:
        return None
    g = re.sub(r"= (\d)", lambda m: f'= "{WORDS[int(m.group(1))]}"', b.groups, count=1)
    broken = init.replace(b.groups, g, 1)
    return (broken, "/usr/share/games/minetest/builtin/game/register.lua:184: bad argument #7 to "
            "'register_item_raw' (number expected, got string)", "a group rating is a string, not a number")


def inj_add_node(b: Base, init: str):
    if not b.set_node or b.set_node not in init:
        return None
    m = re.match(r'minetest\.(set_node|swap_node)\((\w+), \{name = ("[^"]+")', b.set_node)
    broken = init.replace(b.set_node, f"minetest.add_node({m.group(2)}, {m.group(3)})", 1)
    return (broken, f"when {b.trigger}: Node name is not set or is not a string!",
            "`minetest.add_node` takes a node table `{name = ...}`, not a bare name string")


def inj_undefined_global(b: Base, init: str):
    if "default.node_sound_" not in init:
        return None
    broken = init.replace("default.node_sound_", "defualt.node_sound_", 1)
    line = _line_of(broken, "defualt.")
    return (broken, f"mods/{b.mod}/init.lua:{line}: attempt to index global 'defualt' (a nil value)",
            "`defualt` is an undefined global (a typo of `default`)")


def inj_unknown_item(b: Base, init: str):
    m = re.search(r'recipe = \{[^=]*?"(default:([a-z_]+))"', init, re.S)
    if not m:
        return None
    wrong = f"default:{m.group(2)}s"                  # a plausible plural that no mod registers
    broken = init[:m.start(1)] + wrong + init[m.end(1):]
    outputs = re.findall(r'output = "([^"]+)"', init[:m.start()])        # the recipe's own output comes last
    what = outputs[-1] if outputs else "the recipe"
    return (broken, f"`{what}` cannot be crafted: putting the ingredients into the crafting grid gives nothing",
            f"the recipe names `{wrong}`, an item that does not exist (the engine accepts it silently)")


INJECTIONS = {"syntax": inj_syntax, "api_typo": inj_api_typo, "prefix": inj_prefix, "flat_craft": inj_flat_craft,
              "missing_action": inj_missing_action, "string_group": inj_string_group, "add_node": inj_add_node,
              "undefined_global": inj_undefined_global, "unknown_item": inj_unknown_item}


def registered_literals(b: Base) -> list[str]:
    """Source fragments the expected registrations need (names as string literals, craft outputs)."""
    regs = b.registers
    out = [f'"{n}"' for k in ("nodes", "craftitems", "tools", "entities", "chatcommands", "lbms", "abms")
           for n in regs.get(k, [])]
    return out + [f'output = "{c["output"]}"' for c in regs.get("crafts", [])]


def _uses(init: str, api: str) -> bool:
    """Whether the code names `api`: `minetest.x` as a field access, `ObjectRef:x` as any `:x(` method call."""
    if ":" in api:
        return re.search(r":\s*" + re.escape(api.split(":", 1)[1]) + r"\s*\(", init) is not None
    return re.search(re.escape(api).replace(r"\.", r"\s*\.\s*") + r"\b", init) is not None


def first_tier(b: Base, init: str, cls: str) -> str:
    """The tier a defect class fails at. A variant that no longer uses a required API fails lint first; one
    whose registrations no longer match `checks.registers` fails the sim tier (the mocked engine's report)."""
    tier = TIER[cls]
    if TIERS_ORDER.index(tier) > TIERS_ORDER.index("lint"):
        if any(not _uses(init, api) for api in b.require_api):
            return TIER["require_api"]
    if TIERS_ORDER.index(tier) > TIERS_ORDER.index("sim"):
        if any(lit not in init for lit in registered_literals(b)):
            return "sim"
    return tier


def regression(b: Base, rng: random.Random, avoid: int | None = None) -> tuple[int, str, str]:
    choices = [i for i, (_, why) in enumerate(b.regressions) if why and i != avoid]
    i = rng.choice(choices)
    return i, b.regressions[i][0], b.regressions[i][1]


# ---- scaffold -------------------------------------------------------------------------------------------------------
def scaffold(b: Base, split: str, theme, rng: random.Random) -> Task:
    apis = ", ".join(f"`{a}`" for a in b.require_api)
    if split == "eval":      # eval words its framing differently from train (see tests/test_luanti_suite.py)
        prompt = (
            f"I need a small {ENGINE} mod for {b.description.lower()}. Call it `{b.mod}` and give it a mod.conf "
            f"with `name = {b.mod}`, a one-line description and `depends = {', '.join(b.depends)}`. It should:\n"
            f"{bullets(b.requirements)}\n\nUse {apis}. When it is loaded in the real engine, this must hold: "
            f"{b.observe}.\n\n{ANSWER_FORMAT}"
        )
    else:
        prompt = (
            f"Write a {ENGINE} mod named `{b.mod}` ({b.description.lower()}). Its mod.conf must declare "
            f"`name = {b.mod}`, a description and `depends = {', '.join(b.depends)}`.\n\n"
            f"Requirements:\n{bullets(b.requirements)}\n\n"
            f"APIs to use: {apis}.\n"
            f"Checked in the real engine: {b.observe}.\n\n{ANSWER_FORMAT}"
        )
    broken = []
    idx = list(range(len(b.regressions))) if split == "eval" else [regression(b, rng)[0]]
    for i in idx:
        init, why = b.regressions[i]
        if why:
            broken.append(Variant(files_of(b, init), first_tier(b, init, "logic"), why))
    kinds = [k for k in ("syntax", "api_typo", "prefix", "undefined_global", "string_group") if
             INJECTIONS[k](b, b.init)]
    k = rng.choice(kinds)
    init, _, why = INJECTIONS[k](b, b.init)
    broken.append(Variant(files_of(b, init), TIER[k], why))
    return Task(id=f"scaffold_{b.kind}_{theme.key}", family="scaffold", split=split, theme=theme.key,
                title=f"{theme.title}: {b.kind.replace('_', ' ')} mod `{b.mod}`", prompt=prompt,
                files=files_of(b), broken=broken, checks=checks_for(b), tags=["scaffold", *b.tags])


# ---- repair -----------------------------------------------------------------------------------------------------------
SYMPTOM_LEAD = "The mod loads without errors, but testing it in the engine shows a bug: "


def repair(b: Base, bug: str, split: str, theme, rng: random.Random) -> Task | None:
    reg_i = None
    if bug == "logic":
        reg_i, buggy, why = regression(b, rng)
        observed = SYMPTOM_LEAD + b.symptoms[reg_i] + "."
        tier = TIER["logic"]
    else:
        got = INJECTIONS[bug](b, b.init)
        if not got:
            return None
        buggy, err, why = got
        tier = TIER[bug]
        if bug == "unknown_item":
            observed = "The world starts without any error in the log, but " + err + "."
        elif bug == "add_node":
            observed = ("The mod loads, but the server crashes at run time " + err.split(":", 1)[0] +
                        ", with this error:\n\n```\n" + err.split(": ", 1)[1] + "\n```")
        else:
            observed = ("Starting a world with this mod fails; the server log shows:\n\n```\nERROR[Main]: ModError: "
                        f"Failed to load and run script from mods/{b.mod}/init.lua:\nERROR[Main]: {err}\n```")
    shown = render_answer({"init.lua": buggy, "mod.conf": conf_for(b)})
    if split == "eval":
        prompt = (
            f"Something is wrong with my {ENGINE} mod `{b.mod}`.\n\n{observed}\n\nHere is the mod:\n\n{shown}\n"
            f"What it should do:\n{bullets(b.requirements)}\n\nPlease repair it without renaming anything; in the "
            f"real engine {b.observe}.\n\n{ANSWER_FORMAT}"
        )
    else:
        prompt = (
            f"This {ENGINE} mod `{b.mod}` is supposed to:\n{bullets(b.requirements)}\n\n{observed}\n\n"
            f"Find and fix the problem so that the mod loads cleanly and behaves as described (checked in the real "
            f"engine: {b.observe}). Keep the mod name, the registered names and the rest of the behaviour.\n\n"
            f"{shown}\n{ANSWER_FORMAT}"
        )
    tier = first_tier(b, buggy, bug)
    broken = [Variant(files_of(b, buggy), tier, f"unfixed: {why}", intro="I looked at it; it should work as is.")]
    _, reg_init, reg_why = regression(b, rng, avoid=reg_i)
    broken.append(Variant(files_of(b, reg_init), first_tier(b, reg_init, "logic"),
                          f"the reported problem is gone but {reg_why}",
                          intro="Fixed mod:"))
    return Task(id=f"repair_{bug}_{b.kind}_{theme.key}", family="repair", split=split, theme=theme.key,
                title=f"{theme.title}: repair `{b.mod}` ({bug.replace('_', ' ')})", prompt=prompt,
                files=files_of(b), broken=broken, checks=checks_for(b), tags=["repair", bug, *b.tags],
                intro="The fixed mod:")


REPAIR_BUGS = ("syntax", "api_typo", "prefix", "flat_craft", "missing_action", "string_group", "add_node",
               "undefined_global", "unknown_item", "logic")
