"""Checks over the harness's registry report for what the engine accepts without a word but cannot work.

The engine reads enum fields with a silent fallback (an unknown drawtype draws as "normal"), truncates
fractional ratings of the groups it reads, turns a number into a texture name and ignores a string where a
list of tiles belongs; and it registers craft recipes and drops naming items that do not exist. None of that
shows in the log, so it is checked here, on the definitions of the mods under check only.

What working mods do on purpose stays a warning, so the checker does not flag working code:
- items of optional dependencies in recipes and drops (basic_materials crafts with `moreores:silver_ingot`;
  ethereal with farming redo's `farming:baking_tray`, which minetest_game's farming lacks). An unknown item
  is an error only when its mod is the mod itself, a hard dependency, or a loaded mod not marked optional;
- a group no item has, in a recipe;
- fractions in a mod's own groups (3d_armor's `physics_speed = -0.01`, read back from Lua);
- ABMs on nodes that no longer exist (moreblocks converts old nodes that way).

Each finding points at the registering line, which the harness recorded as "path:line".
"""

from __future__ import annotations

import difflib
import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from modbench.rubrics.verdict import Diagnostic

RULES_FILE = Path(__file__).resolve().parent / "report_rules.json"
TIER = "engine"
Locate = Callable[[str | None], tuple[str | None, int | None]]   # "path:line" -> (shown file, line)
ITEM_TYPES = {"node": "node", "craft": "craftitem", "tool": "tool"}   # the engine's `type` -> what mods call it


@functools.lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


def as_list(value: Any) -> list | None:
    """A JSON array from the report; the harness writes an empty Lua table as {}."""
    if isinstance(value, list):
        return value
    if value == {}:
        return []
    return None


def as_dict(value: Any) -> dict | None:
    if isinstance(value, dict):
        return value
    if value == []:
        return {}
    return None


def item_name(itemstring: str) -> str:
    """The item name of an itemstring ("default:stone 4" -> "default:stone")."""
    name = itemstring.strip().split(" ", 1)[0]
    return name[1:] if name.startswith(":") else name


class _Checker:
    def __init__(self, report: dict[str, Any], checked: set[str], locate: Locate,
                 optional: dict[str, set[str]]):
        self.report = report
        self.optional = optional
        self.checked = checked
        self.locate = locate
        self.findings: list[Diagnostic] = []
        kinds = ("nodes", "craftitems", "tools")
        self.items = {n for k in kinds for n in (as_dict(report.get(k)) or {})}
        self.nodes = set(as_dict(report.get("nodes")) or {})
        self.aliases = as_dict(report.get("aliases")) or {}
        self.groups = as_dict(report.get("groups")) or {}
        self.loaded = set(as_list(report.get("mods")) or []) | checked
        self.seen: set[tuple] = set()

    def add(self, severity: str, message: str, where: str | None, code: str) -> None:
        if (message, where) in self.seen:
            return
        self.seen.add((message, where))
        file, line = self.locate(where)
        self.findings.append(Diagnostic(TIER, severity, message, file, line, None, code))

    def unknown_item(self, subject: str, name: str, where: str | None, registrant: str | None) -> None:
        """`subject` ends like "the ingredient": an error for a typo, a warning for an optional mod's item."""
        owner = name.split(":", 1)[0] if ":" in name else None
        if owner is not None and owner not in self.loaded:
            self.add("warning", f"{subject} {name!r} belongs to mod {owner!r}, which is not loaded: it only "
                     "works when that mod is installed", where, "optional-item")
        elif owner is not None and owner in self.optional.get(registrant or "", set()):
            self.add("warning", f"{subject} {name!r} is not registered by the loaded {owner!r} (an optional "
                     "dependency: another mod of that name may provide it)", where, "optional-item")
        else:
            self.add("error", f"{subject} {name!r} is not a registered item", where, "unknown-item")

    def known_item(self, name: str) -> bool:
        # "" is the empty hand, "unknown" the engine's placeholder item; both are registered items
        return name in ("", "unknown") or name in self.items or name in self.aliases

    def known_node(self, name: str) -> bool:
        return name in self.nodes or self.aliases.get(name) in self.nodes

    # -- definitions -------------------------------------------------------------------------------------

    def definitions(self) -> None:
        r = rules()
        for name, d in sorted((as_dict(self.report.get("definitions")) or {}).items()):
            where = d.get("where")
            kind = d.get("type")
            if kind == "node":
                for field, allowed in (("drawtype", r["drawtypes"]), ("paramtype", r["paramtypes"]),
                                       ("paramtype2", r["paramtype2s"]), ("liquidtype", r["liquidtypes"])):
                    value = d.get(field)
                    if value is not None and value not in allowed:
                        self.add("error", f"node {name}: unknown {field} {_show(value)}; the engine silently uses "
                                 f"{allowed[0]!r} instead{_suggest(value, allowed)}", where, f"unknown-{field}")
                for field in r["texture_fields"]["node"]:
                    if field in d:
                        self.tiles(name, field, d[field], where)
                self.drop(name, d.get("drop"), where, _origin(name))
            if kind in ITEM_TYPES:
                self.groups_of(name, d.get("groups"), where)
                for field in r["texture_fields"]["image"]:
                    if field in d and not isinstance(d[field], str):
                        self.add("error", f"{ITEM_TYPES[kind]} {name}: {field} must be a texture name (a string), "
                                 f"not {_show(d[field])}", where, "texture-not-string")
            if kind == "entity":
                props = as_dict(d.get("initial_properties")) or {}
                for owner, textures in (("initial_properties.textures", props.get("textures")),
                                        ("textures", d.get("textures"))):
                    if textures is None:
                        continue
                    entries = as_list(textures)
                    if entries is None or not all(isinstance(t, str) for t in entries):
                        self.add("error", f"entity {name}: {owner} must be a list of texture names, not "
                                 f"{_show(textures)}", where, "texture-not-string")

    def groups_of(self, name: str, groups: Any, where: str | None) -> None:
        if groups is None:
            return
        table = as_dict(groups)
        if table is None:
            self.add("error", f"{name}: groups must be a table of group = rating, not {_show(groups)}", where,
                     "groups-not-table")
            return
        engine_groups = set(rules()["engine_groups"])
        for group, rating in sorted(table.items()):
            if isinstance(rating, bool) or not isinstance(rating, (int, float)):
                self.add("error", f"{name}: group {group} = {_show(rating)} is not a number", where,
                         "group-not-integer")
            elif isinstance(rating, float):
                if group in engine_groups:
                    self.add("error", f"{name}: group {group} = {_show(rating)} is not an integer; the engine "
                             f"truncates it to {int(rating)}", where, "group-not-integer")
                else:      # mods such as 3d_armor keep fractions in their own groups and read them from Lua
                    self.add("warning", f"{name}: group {group} = {_show(rating)} is not an integer; only Lua code "
                             "reading the definition sees the fraction", where, "group-not-integer")

    def tiles(self, name: str, field: str, value: Any, where: str | None) -> None:
        entries = as_list(value)
        if entries is None:
            self.add("error", f"node {name}: {field} must be a list of textures, not {_show(value)}; the engine "
                     "ignores anything else", where, "texture-not-string")
            return
        for i, tile in enumerate(entries, start=1):
            if isinstance(tile, str):
                continue
            spec = as_dict(tile)
            if spec is not None and isinstance(spec.get("name", spec.get("image")), str):
                continue
            self.add("error", f"node {name}: {field}[{i}] must be a texture name or a tile table with a "
                     f"string name, not {_show(tile)}", where, "texture-not-string")

    def drop(self, name: str, drop: Any, where: str | None, origin: str | None) -> None:
        names: list[str] = []
        if isinstance(drop, str):
            names = [drop] if drop else []
        elif isinstance(drop, dict):
            for entry in as_list(drop.get("items")) or []:
                names += [i for i in (as_list(entry.get("items")) or []) if isinstance(i, str)] \
                    if isinstance(entry, dict) else []
        for itemstring in names:
            if not self.known_item(item_name(itemstring)):
                self.unknown_item(f"node {name}: the drop", item_name(itemstring), where, origin)

    # -- crafts ------------------------------------------------------------------------------------------

    def crafts(self) -> None:
        for craft in as_list(self.report.get("crafts")) or []:
            if craft.get("mod_origin") not in self.checked:
                continue
            where = craft.get("where")
            kind = craft.get("type") or "shaped"
            label = f"craft recipe for {craft.get('output')!r}" if craft.get("output") else f"{kind} recipe"
            if kind not in rules()["craft_types"]:
                self.add("error", f"{label}: unknown type {kind!r}", where, "unknown-craft-type")
                continue
            output = craft.get("output")
            if isinstance(output, str) and output and not self.known_item(item_name(output)):
                self.unknown_item(f"{label}: the output", item_name(output), where, craft.get("mod_origin"))
            origin = craft.get("mod_origin")
            for entry in _recipe_items(craft.get("recipe")):
                self.recipe_item(label, entry, where, origin)
            for pair in as_list(craft.get("replacements")) or []:
                for entry in as_list(pair) or []:
                    if isinstance(entry, str):
                        self.recipe_item(label, entry, where, origin, what="replacement")

    def recipe_item(self, label: str, entry: str, where: str | None, origin: str | None,
                    what: str = "ingredient") -> None:
        if not entry:
            return
        if entry.startswith("group:"):
            for group in entry[len("group:"):].split(","):
                if group not in self.groups:
                    self.add("warning", f"{label}: no registered item is in group {group!r}, so the recipe "
                             "cannot be crafted now", where, "unknown-group")
            return
        if not self.known_item(item_name(entry)):
            self.unknown_item(f"{label}: the {what}", item_name(entry), where, origin)

    # -- ABMs, chat commands ---------------------------------------------------------------------

    def node_matchers(self, what: str, names: Any, where: str | None, *, required: bool) -> None:
        """ABM node names that match no registered node (a probe that runs the ABM catches a real typo)."""
        entries = [n for n in (as_list(names) or []) if isinstance(n, str)]
        unknown = []
        for n in entries:
            if n.startswith("group:"):
                if n[len("group:"):] not in self.groups:
                    unknown.append(n)
            elif not self.known_node(n):
                unknown.append(n)
        if not unknown:
            return
        if required and len(unknown) == len(entries):
            # a warning still: mods keep ABMs that convert nodes of older versions (moreblocks)
            self.add("warning", f"{what} can never run: no registered node matches {', '.join(unknown)}", where,
                     "unknown-node")
        else:
            self.add("warning", f"{what} names nodes that are not registered: {', '.join(unknown)}", where,
                     "unknown-node")

    def callbacks(self) -> None:
        for abm in as_list(self.report.get("abms")) or []:
            if abm.get("mod_origin") not in self.checked:
                continue
            what = f"ABM {abm.get('label') or '(no label)'!r}"
            where = abm.get("where")
            self.node_matchers(what, abm.get("nodenames"), where, required=True)
            self.node_matchers(f"{what} neighbors", abm.get("neighbors"), where, required=False)
            for field in ("interval", "chance"):
                value = abm.get(field)
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                    self.add("error", f"{what}: {field} must be a positive number, not {_show(value)}", where,
                             "bad-abm-field")
        # LBMs are not checked: converting nodes that no longer exist is what they are for.
        for cmd, c in sorted((as_dict(self.report.get("chatcommands")) or {}).items()):
            if c.get("mod_origin") in self.checked and c.get("func") != "function":
                self.add("error", f"chat command /{cmd}: func must be a function, not a {c.get('func')}; "
                         "running the command fails", c.get("where"), "chatcommand-func")


def _origin(item: str) -> str | None:
    return item.split(":", 1)[0] if ":" in item else None


def _recipe_items(recipe: Any) -> list[str]:
    if isinstance(recipe, str):
        return [recipe]
    out: list[str] = []
    for entry in as_list(recipe) or []:
        if isinstance(entry, str):
            out.append(entry)
        elif as_list(entry) is not None:
            out += [e for e in as_list(entry) if isinstance(e, str)]
    return out


def _suggest(value: Any, allowed: list[str]) -> str:
    close = difflib.get_close_matches(str(value), allowed, n=1) if isinstance(value, str) else []
    return f" (did you mean {close[0]!r}?)" if close else f" (valid: {', '.join(allowed)})"


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_report(report: dict[str, Any], checked: set[str], locate: Locate,
                 optional: dict[str, set[str]] | None = None) -> list[Diagnostic]:
    """Findings (errors fail the tier, warnings do not) for the definitions of the `checked` mods.

    `optional`: mod name -> its optional dependencies (items of those may legitimately be missing).
    """
    checker = _Checker(report, checked, locate, optional or {})
    checker.definitions()
    checker.crafts()
    checker.callbacks()
    return checker.findings
