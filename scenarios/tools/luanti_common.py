"""Shared pieces of the vf-luanti task authoring scripts (not shipped: scenarios/tools has no __init__.py).

A `Task` is what a builder returns; `write_task` renders it as scenarios/luanti/<split>/<id>.toml. Answers are
rendered exactly like a model's completion: a short sentence, then fenced blocks headed by their file names.
"""

from __future__ import annotations

import gzip
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SUITE = REPO / "scenarios" / "luanti"
LUA_API = Path("/usr/share/doc/minetest/lua_api.txt.gz")


def lua(src: str) -> str:
    """Dedent a Lua snippet written inside Python and end it with exactly one newline."""
    return textwrap.dedent(src).strip("\n") + "\n"


def mod_conf(name: str, description: str, depends: list[str]) -> str:
    return f"name = {name}\ndescription = {description}\ndepends = {', '.join(depends)}\n"


def render_answer(files: dict[str, str], intro: str = "") -> str:
    """Files as a model answer: ```lua init.lua / ```ini mod.conf blocks (other files by extension)."""
    parts = [intro.strip()] if intro.strip() else []
    for path, text in files.items():
        lang = "lua" if path.endswith(".lua") else "ini" if path.endswith(".conf") else "text"
        parts.append(f"```{lang} {path}\n{text.rstrip()}\n```")
    return "\n\n".join(parts) + "\n"


@dataclass
class Variant:
    files: dict[str, str]
    fails: str
    why: str
    intro: str = "Here is the mod."


@dataclass
class Task:
    id: str
    family: str
    split: str
    theme: str
    title: str
    prompt: str
    files: dict[str, str]                      # the reference mod
    broken: list[Variant]
    checks: dict
    api: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    intro: str = "Here is the complete mod."


# ---- TOML writing (the stdlib reads TOML but does not write it; our shapes are simple) -----------------------
_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(k: str) -> str:
    return k if _BARE.match(k) else _str(k)


def _str(s: str) -> str:
    if "\n" in s and "'''" not in s and not s.endswith("'"):
        return "'''\n" + s + "'''"
    out = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return '"' + out + '"'


def _value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return _str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def task_toml(t: Task) -> str:
    lines = [
        f"id = {_str(t.id)}", 'env = "luanti"', f"family = {_str(t.family)}", f"split = {_str(t.split)}",
        f"theme = {_str(t.theme)}", f"title = {_str(t.title)}", f"api = {_value(t.api)}",
        f"tags = {_value(t.tags)}", "",
        f"prompt = {_str(t.prompt.strip() + chr(10))}", "",
        f"reference = {_str(render_answer(t.files, t.intro))}", "",
    ]
    for b in t.broken:
        lines += ["[[broken]]", f"fails = {_str(b.fails)}", f"why = {_str(b.why)}",
                  f"answer = {_str(render_answer(b.files, b.intro))}", ""]
    checks = dict(t.checks)
    registers = checks.pop("registers", {})
    probes = checks.pop("probes", [])
    lines.append("[checks]")
    for k, v in checks.items():
        lines.append(f"{_key(k)} = {_value(v)}")
    lines += ["", "[checks.registers]"]
    for k, v in registers.items():
        lines.append(f"{_key(k)} = {_value(v)}")
    for p in probes:
        lines += ["", "[[checks.probes]]", f"name = {_str(p['name'])}", f"lua = {_str(lua(p['lua']))}"]
    return "\n".join(lines).rstrip() + "\n"


# ---- lua_api.txt quotes for doc tasks ----------------------------------------------------------------------
_api_text: list[str] | None = None


def api_quote(api: str, max_lines: int = 14) -> str:
    """The documented bullet for `api` in lua_api.txt (5.6.1): its signature line and indented continuation."""
    global _api_text
    if _api_text is None:
        _api_text = gzip.decompress(LUA_API.read_bytes()).decode("utf-8").splitlines()
    call = re.compile(r"^(\s*)\* `" + re.escape(api) + r"\(")          # the signature bullet, when there is one
    other = re.compile(r"^(\s*)\* `" + re.escape(api) + r"[`: ]")
    hits = [(i, m) for i, line in enumerate(_api_text) if (m := call.match(line))]
    hits = hits or [(i, m) for i, line in enumerate(_api_text) if (m := other.match(line))]
    for i, m in hits[:1]:
        indent = len(m.group(1))
        out = [_api_text[i].rstrip()]
        for nxt in _api_text[i + 1:i + max_lines]:
            ind = len(nxt) - len(nxt.lstrip())
            if not nxt.strip() or (nxt.lstrip().startswith("* ") and ind <= indent):
                break
            out.append(nxt.rstrip())
        return textwrap.dedent("\n".join(out))
    raise KeyError(f"{api} is not documented in {LUA_API}")
