"""Generate the luacheck standard of the Luanti rubric FROM THE REAL ENGINE (never by hand).

    python -m modbench.rubrics.luanti.tools.gen_std [--check]

Runs the installed minetestserver twice with the `introspect` mod (tools/introspect/), which dumps `_G`
and every global table's fields when it loads and after all mods loaded:
  1. in an empty game (only the introspection mod): the engine's own globals = std `luanti`;
  2. in minetest_game: the game's extra globals = std `minetest_game` (owner mod of each found by a scan of
     the game's sources for top-level assignments).
Writes data/luanti_globals.json (the raw globals, their fields and owners) and data/luanti_std.luacheckrc.lua
(std "luanti+minetest_game"; it REPLACES luacheck's default std "max", so fields the engine does not give
mods under mod security, such as os.execute or io.popen, are reported). `--check` regenerates into memory and
exits 1 when the committed files differ (the test suite does the same).

The server runs trusted code only (the engine, minetest_game and the introspection mod), in a temporary
directory with a private HOME, so a plain subprocess is enough here.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from modbench.rubrics.luanti.api_catalog import game_std
from modbench.sandboxes import require

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
GLOBALS_JSON = DATA / "luanti_globals.json"
STD_RC = DATA / "luanti_std.luacheckrc.lua"
INTROSPECT_MOD = HERE / "introspect"
EMPTY_GAME = "modbench_empty"

# Globals whose value is a mutable registry a mod may legitimately write into or extend.
_WRITABLE_GLOBALS = {"minetest", "core"}
# Tables that hold registries/objects: any field name is fine (`minetest.registered_nodes["x:y"]`).
_OPEN_TABLES = {"_G"}


def run_server(game: str, games_path: Path | None = None, timeout: float = 60) -> dict:
    """Run minetestserver with the introspection mod in `game`; the mod's JSON report."""
    server = require("minetestserver")
    with tempfile.TemporaryDirectory(prefix="modbench-gen-std-") as tmp:
        root = Path(tmp)
        world = root / "world"
        shutil.copytree(INTROSPECT_MOD, world / "worldmods" / "modbench_introspect")
        (root / "home").mkdir()
        (world / "world.mt").write_text(f"gameid = {game}\nbackend = sqlite3\nplayer_backend = sqlite3\n"
                                        "auth_backend = sqlite3\nmod_storage_backend = sqlite3\n")
        (root / "minetest.conf").write_text("bind_address = 127.0.0.1\nserver_announce = false\n"
                                            "ipv6_server = false\n")
        env = {"PATH": "/usr/bin:/bin", "HOME": str(root / "home"), "LANG": "C.UTF-8"}
        if games_path is not None:
            env["MINETEST_SUBGAME_PATH"] = str(games_path)
        proc = subprocess.run([str(server.path), "--world", "world", "--config", "minetest.conf", "--logfile", "",
                               "--port", str(_free_udp_port()), "--color", "never"],
                              cwd=root, env=env, capture_output=True, text=True, timeout=timeout)
        report = world / "introspect.json"
        if proc.returncode != 0 or not report.is_file():
            raise RuntimeError(f"minetestserver ({game}) failed rc={proc.returncode}: {proc.stderr[-2000:]}")
        return json.loads(report.read_text())


def _free_udp_port() -> int:
    import socket  # noqa: PLC0415

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def engine_dumps() -> tuple[dict, dict]:
    """(empty-game report, minetest_game report)."""
    server = require("minetestserver")
    with tempfile.TemporaryDirectory(prefix="modbench-games-") as tmp:
        game = Path(tmp) / EMPTY_GAME
        (game / "mods").mkdir(parents=True)
        (game / "game.conf").write_text("title = modbench empty game (engine introspection)\n")
        empty = run_server(EMPTY_GAME, games_path=Path(tmp))
    mtg = run_server("minetest")
    del server
    return empty, mtg


def _owners(names: set[str], game_dir: Path) -> dict[str, str]:
    """Which minetest_game mod defines each global: a top-level `name = ` in that mod's sources."""
    owners: dict[str, str] = {}
    for mod_conf in sorted(game_dir.glob("mods/*/mod.conf")):
        mod_dir = mod_conf.parent
        conf = dict(line.split("=", 1) for line in mod_conf.read_text().splitlines() if "=" in line)
        mod = conf.get("name", mod_dir.name).strip()
        for lua in sorted(mod_dir.rglob("*.lua")):
            for m in re.finditer(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=", lua.read_text("utf-8", "replace"), re.MULTILINE):
                if m.group(1) in names and m.group(1) not in owners:
                    owners[m.group(1)] = mod
    return owners


def build_globals(empty: dict, mtg: dict, game_dir: Path) -> dict:
    """The data file: engine globals (type, fields) at load time, and minetest_game's additions with owners."""
    ours = {"modbench_introspect"}
    engine = {k: v for k, v in empty["load"].items() if k not in ours}
    engine_late = sorted(set(empty["mods_loaded"]) - set(engine) - ours)
    game = {k: v for k, v in mtg["mods_loaded"].items() if k not in engine and k not in ours}
    # fields minetest_game adds to engine tables (e.g. minetest.x helpers): reported, never part of std luanti
    game_fields = {}
    for k, v in mtg["mods_loaded"].items():
        if k in engine and "fields" in v and "fields" in engine[k]:
            extra = sorted(set(v["fields"]) - set(engine[k]["fields"]))
            if extra:
                game_fields[k] = extra
    return {
        "generated_by": "modbench.rubrics.luanti.tools.gen_std",
        "engine_version": empty["version"],
        "engine": _sorted(engine),
        "engine_globals_after_load": engine_late,
        "minetest_game": _sorted(game),
        "minetest_game_owners": dict(sorted(_owners(set(game), game_dir).items())),
        "minetest_game_fields_on_engine_tables": game_fields,
        "minetest_game_mods": sorted(set(mtg.get("modnames", [])) - ours),
        "minetest_game_items": {k: _item(v) for k, v in sorted(mtg.get("items", {}).items())
                                if v.get("mod_origin") not in ("modbench_introspect", "??", "*builtin*")},
        "minetest_game_aliases": dict(sorted((mtg.get("aliases") or {}).items())),
    }


def _item(v: dict) -> dict:
    groups = v.get("groups") or {}
    out = {"type": v.get("type"), "mod_origin": v.get("mod_origin"),
           "groups": {g: _num(n) for g, n in sorted(groups.items())} if isinstance(groups, dict) else {}}
    for key in ("description", "drawtype", "stack_max"):
        if v.get(key) is not None:
            out[key] = _num(v[key])
    return out


def _num(v):
    """write_json gives every number as a float; integral ones read back as ints."""
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _sorted(globals_: dict) -> dict:
    out = {}
    for name in sorted(globals_):
        entry = dict(globals_[name])
        if isinstance(entry.get("fields"), dict):
            entry["fields"] = dict(sorted(entry["fields"].items()))
        elif "fields" in entry:          # an empty Lua table comes back from write_json as []
            entry["fields"] = {}
        out[name] = entry
    return out


def _lua_key(name: str) -> str:
    return name if re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name) and name not in _LUA_KEYWORDS else json.dumps(name)


_LUA_KEYWORDS = {"and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
                 "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while"}


def _field_def(field_type: str, writable: bool) -> str:
    # a nested table (minetest.registered_nodes, vector.metatable) may be indexed with any key
    parts = []
    if field_type in ("table", "userdata"):      # minetest.registered_nodes[...], minetest.settings:get(...)
        parts.append("other_fields = true")
    if writable:
        parts.append("read_only = false")
    return "{" + ", ".join(parts) + "}"


def _global_def(name: str, entry: dict, *, open_fields: bool) -> str:
    writable = name in _WRITABLE_GLOBALS
    if entry["type"] != "table" or name in _OPEN_TABLES:
        return f"{_lua_key(name)} = {{other_fields = true, read_only = false}}" if name in _OPEN_TABLES \
            else f"{_lua_key(name)} = {{}}"
    lines = [f"{_lua_key(name)} = {{"]
    if writable:
        lines.append("    read_only = false,")
    if open_fields:
        lines.append("    other_fields = true,")
    lines.append("    fields = {")
    for field, ftype in entry.get("fields", {}).items():
        lines.append(f"      {_lua_key(field)} = {_field_def(ftype, writable)},")
    lines.append("    },")
    lines.append("  }")
    return "\n  ".join(lines)


def render_luacheckrc(data: dict) -> str:
    engine, game = data["engine"], data["minetest_game"]
    out = [
        f"-- GENERATED by `python -m {data['generated_by']}` from the real engine "
        f"(Minetest {data['engine_version'].get('string', '?')}): do not edit.",
        "-- std luanti: every global a mod sees at load time under mod security; std mtg_<mod>: the globals that",
        "-- minetest_game's mod <mod> adds. `std` replaces luacheck's default (max), so os.execute, io.popen, ...",
        "-- are undefined fields here exactly as they are in the engine.",
        "",
        "stds.luanti = {",
        "  globals = {",
    ]
    for name in sorted(engine):
        if name in _WRITABLE_GLOBALS or name in _OPEN_TABLES:
            out.append("    " + _global_def(name, engine[name], open_fields=False).replace("\n  ", "\n    ") + ",")
    out += ["  },", "  read_globals = {"]
    for name in sorted(engine):
        if name not in _WRITABLE_GLOBALS and name not in _OPEN_TABLES:
            out.append("    " + _global_def(name, engine[name], open_fields=False).replace("\n  ", "\n    ") + ",")
    out += ["  },", "}", ""]
    # one std per minetest_game mod, so that the lint tier admits exactly the namespaces of the mods the checked
    # mod declares as dependencies (`--std luanti+mtg_default+...`): the engine loads the others after it
    owners = data["minetest_game_owners"]
    by_mod: dict[str, list[str]] = {}
    for name in sorted(game):
        by_mod.setdefault(owners.get(name, name), []).append(name)
    for mod in sorted(by_mod):
        out += [f"stds.{game_std(mod)} = {{", "  read_globals = {"]
        for name in by_mod[mod]:
            out.append("    " + _global_def(name, game[name], open_fields=False).replace("\n  ", "\n    ") + ",")
        out += ["  },", "}", ""]
    out += ['std = "' + "+".join(["luanti", *(game_std(m) for m in sorted(by_mod))]) + '"',
            "allow_defined_top = true     -- a mod's top-level globals (its namespace table) are its own",
            "unused_args = false          -- engine callbacks have fixed signatures (pos, node, player, ...)",
            ""]
    return "\n".join(out)


def generate() -> tuple[str, str]:
    """(globals JSON text, luacheckrc text), freshly from the engine."""
    game_dir = require("minetestserver").extra["game"]
    empty, mtg = engine_dumps()
    data = build_globals(empty, mtg, game_dir)
    return json.dumps(data, indent=1, sort_keys=False) + "\n", render_luacheckrc(data)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when the committed files differ from the engine")
    args = ap.parse_args(argv)
    globals_text, rc_text = generate()
    if args.check:
        same = (GLOBALS_JSON.is_file() and GLOBALS_JSON.read_text() == globals_text
                and STD_RC.is_file() and STD_RC.read_text() == rc_text)
        print("up to date" if same else "DIFFERS from the engine: regenerate with gen_std")
        return 0 if same else 1
    DATA.mkdir(exist_ok=True)
    GLOBALS_JSON.write_text(globals_text)
    STD_RC.write_text(rc_text)
    print(f"wrote {GLOBALS_JSON} and {STD_RC}")
    return 0


if __name__ == "__main__":
    os.umask(0o022)
    sys.exit(main())
