"""The Luanti API as documented (lua_api.txt of the installed engine) and as it really exists (the engine dump).

Two generated data files back this module:
- data/lua_api_catalog.json, parsed from /usr/share/doc/minetest/lua_api.txt.gz by `parse_lua_api` below
  (`python -m modbench.rubrics.luanti.tools.gen_api_catalog`): `minetest.*`/`vector.*` functions with their
  signature, section, line and the first lines of their description; documented non-call fields; class
  methods (ObjectRef, ItemStack, ...); definition-table fields (node, item, ABM, LBM, entity, craft, ...);
  and the enumerations a report check needs (drawtypes, paramtype2).
- data/luanti_globals.json, dumped from the running engine by tools/gen_std.py: what exists at load time.

Used for error messages ("did you mean minetest.register_node(name, node definition)?"), for doc tasks and by
the lint tier's `require_api` / `forbid_api` checks.
"""

from __future__ import annotations

import difflib
import functools
import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
CATALOG_JSON = DATA / "lua_api_catalog.json"
GLOBALS_JSON = DATA / "luanti_globals.json"
LUA_API_TXT = Path("/usr/share/doc/minetest/lua_api.txt.gz")

# Sections that document a class's methods without naming the class in their heading.
_CLASS_SECTIONS = {"Lua Voxel Manipulator": "VoxelManip"}
# Definition-table sections whose kind names are used by tasks and by the rubric (others get a slug).
_DEFINITION_KINDS = {
    "Node definition": "node", "Item definition": "item", "Entity definition": "entity",
    "Object properties": "object_properties", "ABM (ActiveBlockModifier) definition": "abm",
    "LBM (LoadingBlockModifier) definition": "lbm", "Crafting recipes": "craft",
    "Chat command definition": "chatcommand", "Privilege definition": "privilege",
    "Tool capabilities definition": "tool_capabilities", "Tile definition": "tile",
}
_FUNC = re.compile(r"^\s*\* `((?:minetest|core|vector)\.[A-Za-z0-9_.]+)\s*(\(.*?\))?`")
_METHOD = re.compile(r"^\* `([a-z_][A-Za-z0-9_]*)\s*(\(.*?\))`")
_DEF_FIELD = re.compile(r"^ {8}([a-z_][a-z0-9_]*)\s*=\s*(.*?)\s*,?\s*(?:--.*)?$")


def game_std(mod: str) -> str:
    """The luacheck std (in data/luanti_std.luacheckrc.lua) holding the globals of minetest_game's mod `mod`."""
    return f"mtg_{mod}"


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")


def parse_lua_api(text: str) -> dict:
    """The catalog of one lua_api.txt (pure function of its text)."""
    lines = text.split("\n")
    title = lines[0].strip() if lines else ""
    functions: dict[str, dict] = {}
    fields: dict[str, dict] = {}
    classes: dict[str, dict] = {}
    definitions: dict[str, dict] = {}
    enums: dict[str, list[str]] = {"drawtype": [], "paramtype": [], "paramtype2": []}
    h = ["", "", "", ""]           # current headings: ==== level 1, ---- level 2, ### level 3, #### level 4

    def section() -> str:
        return " > ".join(x for x in h if x)

    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line.strip() and re.match(r"^=+$", nxt) and len(nxt) >= 3:
            h[:] = [line.strip(), "", "", ""]
            i += 2
            continue
        if line.strip() and re.match(r"^-+$", nxt) and len(nxt) >= 3 and not line.startswith(" "):
            h[1:] = [line.strip(), "", ""]
            i += 2
            continue
        hm = re.match(r"^(#{3,4}) (.*)$", line)
        if hm:
            if len(hm.group(1)) == 3:
                h[2:] = [hm.group(2).strip(), ""]
            else:
                h[3] = hm.group(2).strip()
            kind = _definition_kind(h)
            fm = re.search(r"`([a-z_][a-z0-9_]*)`$", hm.group(2).strip())
            if kind and fm:       # "### Full punch interval `full_punch_interval`"
                d = definitions.setdefault(kind, {"section": h[1], "line": i + 1, "fields": {}})
                d["fields"].setdefault(fm.group(1), {"line": i + 1, "example": ""})
            i += 1
            continue
        lineno = i + 1
        fm = _FUNC.match(line)
        if fm and line.startswith("*"):
            name = fm.group(1).replace("core.", "minetest.", 1)
            entry = {"section": section(), "line": lineno, "doc": _doc(lines, i)}
            if fm.group(2) is not None:
                entry["signature"] = fm.group(1) + fm.group(2)
                functions.setdefault(name, entry)
            else:
                fields.setdefault(name, entry)
        cls = _class_of(h)
        mm = _METHOD.match(line)
        if cls and mm:
            methods = classes.setdefault(cls, {"section": h[1] or h[0], "methods": {}})["methods"]
            methods.setdefault(mm.group(1), {"signature": mm.group(1) + mm.group(2), "line": lineno,
                                             "section": section(), "doc": _doc(lines, i)})
        kind = _definition_kind(h)
        if kind:
            d = definitions.setdefault(kind, {"section": h[1], "line": lineno, "fields": {}})
            dm = _DEF_FIELD.match(line)
            if dm:
                d["fields"].setdefault(dm.group(1), {"line": lineno, "example": dm.group(2)[:80]})
        if h[1] == "Node drawtypes":
            em = re.match(r"^\* `([a-z_]+)`", line)
            if em:
                enums["drawtype"].append(em.group(1))
        if h[1] == "Node paramtypes":
            em = re.match(r'^\* `(paramtype2?) = "([a-z_]+)"`', line)
            if em and em.group(2) not in enums[em.group(1)]:
                enums[em.group(1)].append(em.group(2))
        i += 1
    return {"title": title, "functions": functions,
            "fields": fields, "classes": classes, "definitions": definitions, "enums": enums}


def _class_of(h: list[str]) -> str | None:
    if re.match(r"^`[A-Z][A-Za-z]+`$", h[1]):
        return h[1].strip("`")
    if h[0] in _CLASS_SECTIONS and h[1] == "Methods":
        return _CLASS_SECTIONS[h[0]]
    return None


def _definition_kind(h: list[str]) -> str | None:
    if h[1] in _DEFINITION_KINDS:
        return _DEFINITION_KINDS[h[1]]
    if h[0] == "Definition tables" and h[1]:
        return _slug(h[1])
    return None


def _doc(lines: list[str], i: int, max_lines: int = 6) -> str:
    """The bullet's own text plus its indented continuation lines (a short description for messages)."""
    first = re.sub(r"^\s*\* `[^`]*`:?\s*", "", lines[i]).strip()
    out = [first] if first else []
    j = i + 1
    while j < len(lines) and len(out) < max_lines and lines[j].startswith("  ") and lines[j].strip():
        out.append(lines[j].strip())
        j += 1
    return " ".join(out)[:400]


def read_lua_api(path: Path = LUA_API_TXT) -> str:
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
        return fh.read()


# ------------------------------------------------------------------------------------------------- lookups

@dataclass(frozen=True)
class ApiCatalog:
    doc: dict            # lua_api_catalog.json
    engine: dict         # luanti_globals.json

    def engine_fields(self, global_name: str) -> set[str]:
        """Field names of an engine or minetest_game global table as the real engine has them."""
        name = "minetest" if global_name == "core" else global_name
        entry = self.engine["engine"].get(name) or self.engine["minetest_game"].get(name) or {}
        return set(entry.get("fields") or {})

    def is_global(self, name: str) -> bool:
        return name in self.engine["engine"] or name in self.engine["minetest_game"]

    def exists(self, dotted: str) -> bool:
        """`minetest.register_node` / `core.after` / `vector.add` / `default.node_sound_stone_defaults`."""
        head, _, rest = dotted.partition(".")
        if not rest:
            return self.is_global(head)
        return rest.split(".")[0] in self.engine_fields(head)

    def signature(self, dotted: str) -> str | None:
        key = dotted.replace("core.", "minetest.", 1) if dotted.startswith("core.") else dotted
        entry = self.doc["functions"].get(key)
        return entry["signature"] if entry else None

    def describe(self, dotted: str) -> str:
        """The signature when documented, else the name (as it would be called)."""
        return self.signature(dotted) or dotted

    def suggest(self, global_name: str, field: str, n: int = 3) -> list[str]:
        """Closest existing fields of `global_name` to a misspelt/invented `field`, as dotted names."""
        candidates = sorted(self.engine_fields(global_name))
        close = difflib.get_close_matches(field, candidates, n=n, cutoff=0.6)
        return [f"{global_name}.{c}" for c in close]

    def definition_fields(self, kind: str) -> set[str]:
        d = self.doc["definitions"].get(kind)
        return set(d["fields"]) if d else set()

    def enum(self, name: str) -> list[str]:
        return list(self.doc["enums"].get(name, []))


@functools.lru_cache(maxsize=1)
def load_catalog() -> ApiCatalog:
    return ApiCatalog(json.loads(CATALOG_JSON.read_text()), json.loads(GLOBALS_JSON.read_text()))
