"""Building blocks for the vf-l4d2 task files: plugin boilerplate, broken-variant mutations, scenario steps and a
small deterministic TOML writer.

The eval tasks (`l4d2_eval*.py`) and the train templates (`l4d2_train.py`) describe tasks with these helpers;
`gen_l4d2.py` writes them to `scenarios/l4d2/<split>/<id>.toml`. Nothing here is used at scoring time.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

ALL_TIERS = ("extract", "includes", "compile", "static", "behaviour", "security")

# Names a model might reach for that do not exist in L4D2 / SourceMod (also listed in the rubric's catalog).
WRONG_EVENTS = ["pounce", "smoker_tongue_grab", "charger_grab", "boomer_vomit"]
WRONG_NETPROPS = ["m_flSpeed"]


# ----------------------------------------------------------------------------------------------- plugin source

def plugin(name: str, description: str, body: str, *, sdktools: bool = False, sdkhooks: bool = False,
           version: str = "1.0.0", author: str = "modbench") -> str:
    """A complete new-style plugin: pragmas, core includes, myinfo, then `body` (which holds OnPluginStart)."""
    includes = "#include <sourcemod>\n" + ("#include <sdktools>\n" if sdktools else "") + \
        ("#include <sdkhooks>\n" if sdkhooks else "")
    return (
        "#pragma semicolon 1\n#pragma newdecls required\n\n" + includes + "\n"
        "public Plugin myinfo =\n{\n"
        f'\tname = "{name}",\n\tauthor = "{author}",\n\tdescription = "{description}",\n'
        f'\tversion = "{version}",\n\turl = ""\n}};\n\n' + _tabs(body).strip("\n") + "\n"
    )


def legacy_plugin(name: str, description: str, body: str, *, sdktools: bool = False,
                  version: str = "1.0.0", author: str = "modbench") -> str:
    """An old-syntax (pre-1.7) plugin: no newdecls pragma, `public Plugin:myinfo`."""
    includes = "#include <sourcemod>\n" + ("#include <sdktools>\n" if sdktools else "")
    return (
        "#pragma semicolon 1\n\n" + includes + "\n"
        "public Plugin:myinfo =\n{\n"
        f'\tname = "{name}",\n\tauthor = "{author}",\n\tdescription = "{description}",\n'
        f'\tversion = "{version}",\n\turl = ""\n}};\n\n' + _tabs(body).strip("\n") + "\n"
    )


def _tabs(code: str) -> str:
    """Bodies are written with 4-space indents in Python; plugins use tabs like most SourceMod code."""
    out = []
    for line in code.split("\n"):
        stripped = line.lstrip(" ")
        out.append("\t" * ((len(line) - len(stripped)) // 4) + stripped)
    return "\n".join(out)


def mutate(code: str, *pairs: tuple[str, str]) -> str:
    """Apply (old, new) replacements; each `old` must occur exactly once, so a variant never drifts silently."""
    for old, new in pairs:
        old_t, new_t = _tabs(old), _tabs(new)
        n = code.count(old_t)
        if n != 1:
            raise ValueError(f"mutation target occurs {n} times (need exactly 1): {old!r}")
        code = code.replace(old_t, new_t)
    return code


def fence(code: str) -> str:
    """The completion text of an answer: one ```sourcepawn block (what the rubric's extract tier reads)."""
    return "```sourcepawn\n" + code.rstrip("\n") + "\n```\n"


# -------------------------------------------------------------------------------------------------- scenarios

def client(index: int, name: str, team: int, **kw: Any) -> dict:
    return {"add_client": {"index": index, "name": name, "team": team, **kw}}


def survivors(*names: str, start: int = 1) -> list[dict]:
    return [client(start + i, n, 2) for i, n in enumerate(names)]


ZOMBIE = {"smoker": 1, "boomer": 2, "hunter": 3, "spitter": 4, "jockey": 5, "charger": 6, "tank": 8}


def infected(index: int, name: str, cls: str, **kw: Any) -> dict:
    return client(index, name, 3, bot=True, zombie_class=ZOMBIE[cls], **kw)


def event(event_name: str, /, **fields: Any) -> dict:
    return {"fire_event": {"name": event_name, "fields": fields}}


def command(client_index: int, text: str) -> dict:
    return {"command": {"client": client_index, "text": text}}


def say(client_index: int, text: str) -> dict:
    return {"say": {"client": client_index, "text": text}}


def advance(seconds: float) -> dict:
    return {"advance": float(seconds)}


def set_convar(name: str, value: Any) -> dict:
    return {"set_convar": {"name": name, "value": str(value)}}


def set_netprop(entity: int, prop: str, value: Any) -> dict:
    return {"set_netprop": {"entity": entity, "prop": prop, "value": value}}


def remove(index: int) -> dict:
    return {"remove_client": index}


def uid(index: int) -> int:
    """userid of a simulated client: always index + 100 (L4D2_CONTRACTS)."""
    return index + 100


def scenario(name: str, steps: list, expect: list) -> dict:
    flat: list = []
    for s in steps:
        flat.extend(s if isinstance(s, list) else [s])
    return {"name": name, "steps": flat, "expect": expect}


# ------------------------------------------------------------------------------------------------------- tasks

@dataclass
class Broken:
    fails: str
    why: str
    code: str | None = None          # a plugin source; formatted with fence()
    answer: str | None = None        # or a raw completion (e.g. no code block at all)

    def text(self) -> str:
        if (self.code is None) == (self.answer is None):
            raise ValueError("a broken variant has exactly one of code / answer")
        return fence(self.code) if self.code is not None else self.answer


@dataclass
class Task:
    id: str
    family: str
    theme: str
    title: str
    prompt: str
    reference: str                   # plugin source of the passing answer
    broken: list[Broken]
    checks: dict
    api: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    def validate(self) -> None:
        if self.family not in ("scaffold", "repair", "refactor", "doc"):
            raise ValueError(f"{self.id}: bad family {self.family}")
        if len(self.broken) < 2:
            raise ValueError(f"{self.id}: needs at least two broken variants")
        for b in self.broken:
            if b.fails not in ALL_TIERS:
                raise ValueError(f"{self.id}: unknown tier {b.fails}")
            if b.code is not None and b.code == self.reference:
                raise ValueError(f"{self.id}: a broken variant equals the reference")
        if self.family == "doc" and not self.api:
            raise ValueError(f"{self.id}: doc tasks name their API")


def code_block(code: str) -> str:
    return "```sourcepawn\n" + code.rstrip("\n") + "\n```"


# --------------------------------------------------------------------------------------------------- TOML out

_BARE_KEY = re.compile(r"^[A-Za-z0-9_\-]+$")


def _key(k: str) -> str:
    return k if _BARE_KEY.match(k) else json.dumps(k)


def _basic(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError("no inf/nan in task files")
        return repr(v)
    if isinstance(v, str):
        return _basic(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + " }" if v else "{}"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def _multiline(s: str) -> str:
    """Long text as a literal multi-line string (backslashes such as \\x04 stay verbatim), else a basic string."""
    if "'''" not in s and "\r" not in s and all(c == "\n" or c == "\t" or ord(c) >= 0x20 for c in s):
        return "'''\n" + s + "'''" if s.endswith("\n") else "'''\n" + s + "'''"
    return _basic(s)


def task_toml(task: Task, env: str, split: str) -> str:
    task.validate()
    lines = [
        f"id = {_basic(task.id)}", f"env = {_basic(env)}", f"family = {_basic(task.family)}",
        f"split = {_basic(split)}", f"theme = {_basic(task.theme)}", f"title = {_basic(task.title)}",
        f"api = {_value(task.api)}", f"tags = {_value(task.tags)}", "",
        f"prompt = {_multiline(task.prompt.rstrip(chr(10)) + chr(10))}", "",
        f"reference = {_multiline(fence(task.reference))}", "",
    ]
    for b in task.broken:
        lines += ["[[broken]]", f"fails = {_basic(b.fails)}", f"why = {_basic(b.why)}",
                  f"answer = {_multiline(b.text())}", ""]
    checks = dict(task.checks)
    scenarios = checks.pop("scenarios", [])
    lines.append("[checks]")
    for k, v in checks.items():
        lines.append(f"{_key(k)} = {_value(v)}")
    for sc in scenarios:
        lines += ["", "[[checks.scenarios]]", f"name = {_basic(sc['name'])}", "steps = ["]
        lines += [f"  {_value(s)}," for s in sc["steps"]]
        lines += ["]", "expect = ["]
        lines += [f"  {_value(e)}," for e in sc["expect"]]
        lines.append("]")
    text = "\n".join(lines).rstrip("\n") + "\n"
    _roundtrip(task, env, split, text)
    return text


def _roundtrip(task: Task, env: str, split: str, text: str) -> None:
    data = tomllib.loads(text)
    assert data["prompt"].rstrip("\n") == task.prompt.rstrip("\n"), task.id
    assert data["reference"] == fence(task.reference), task.id
    assert [b["answer"] for b in data["broken"]] == [b.text() for b in task.broken], task.id
    assert data["checks"] == json.loads(json.dumps(task.checks)), task.id


def checks(*, natives=(), forbid_natives=(), events=(), forbid_events=(), commands=(), admin_commands=(),
           convars=(), netprops=(), forbid_netprops=(), scenarios=()) -> dict:
    """The `checks` table (L4D2_CONTRACTS): only the keys a task uses, in the contract's order."""
    out: dict[str, Any] = {}
    for key, val in (("require_natives", natives), ("forbid_natives", forbid_natives),
                     ("require_events", events), ("forbid_events", forbid_events),
                     ("require_commands", commands), ("require_admin_commands", admin_commands),
                     ("require_convars", convars), ("require_netprops", netprops),
                     ("forbid_netprops", forbid_netprops)):
        if val:
            out[key] = list(val)
    if scenarios:
        out["scenarios"] = list(scenarios)
    return out


# expectations (L4D2_CONTRACTS: checked after the steps, every one must hold)
def chat(s: str) -> dict: return {"chat_contains": s}
def no_chat(s: str) -> dict: return {"no_chat_contains": s}
def chat_to(c: int, s: str) -> dict: return {"chat_to": {"client": c, "contains": s}}
def chat_count(s: str, n: int) -> dict: return {"chat_count": {"contains": s, "equals": n}}
def reply(s: str) -> dict: return {"reply_contains": s}
def log(s: str) -> dict: return {"server_log_contains": s}
def hint(s: str) -> dict: return {"hint_contains": s}
def health(c: int, v: int) -> dict: return {"health": {"client": c, "equals": v}}
def alive(c: int, v: bool) -> dict: return {"alive": {"client": c, "equals": v}}
def convar(n: str, v: Any) -> dict: return {"convar": {"name": n, "equals": v}}
def timers(n: int) -> dict: return {"pending_timers": n}
def registered(cmd: str) -> dict: return {"command_registered": cmd}
def hooked(ev: str) -> dict: return {"event_hooked": ev}
def kicked(c: int) -> dict: return {"kicked": {"client": c}}
def slapped(c: int) -> dict: return {"slapped": {"client": c}}
def suicided(c: int) -> dict: return {"forced_suicide": {"client": c}}
def teleported(c: int) -> dict: return {"teleported": {"client": c}}
def team_is(c: int, t: int) -> dict: return {"team": {"client": c, "equals": t}}
def error(s: str) -> dict: return {"error_contains": s}


NO_ERRORS = {"no_errors": True}


def netprop(entity: int, prop: str, value: Any, tolerance: float | None = None) -> dict:
    d: dict[str, Any] = {"entity": entity, "prop": prop, "equals": value}
    if tolerance is not None:
        d["tolerance"] = tolerance
    return {"netprop": d}
