"""Which global names a mod may use because of its declared dependencies.

A dependency's namespace usually is its mod name (`default`, `stairs`), but not always (the mod `mesecons`
defines `mesecon`, `3d_armor` defines `armor`). For a dependency whose sources are at hand (a `--with` dir
of `modbench check luanti`, or a mod installed under /usr/share/games/minetest/mods), the globals its files
assign at top level are added too. minetest_game's namespaces are in the generated std already.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .answer import MOD_NAME_RE, ModAnswer, parse_mod_conf

SYSTEM_MOD_PATHS = (Path("/usr/share/games/minetest/mods"),)
GAME_MODS_DIR = Path("/usr/share/games/minetest/games/minetest_game/mods")
_TOP_LEVEL_ASSIGN = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=[^=]", re.MULTILINE)
_TOP_LEVEL_FUNC = re.compile(r"^function\s+([A-Za-z_][A-Za-z0-9_]*)\s*[.:(]", re.MULTILINE)


def _unique(names) -> list[str]:
    out: list[str] = []
    for n in names:
        if isinstance(n, str) and MOD_NAME_RE.match(n) and n not in out:
            out.append(n)
    return out


def hard_dependencies(mod: ModAnswer | None, checks: dict) -> list[str]:
    """Task dependencies (`checks.depends`) plus mod.conf `depends`: present whenever the mod loads."""
    return _unique([*checks.get("depends", []), *(mod.depends if mod else [])])


def declared_dependencies(mod: ModAnswer | None, checks: dict) -> list[str]:
    """Hard dependencies plus mod.conf `optional_depends`, in order, unique."""
    return _unique([*hard_dependencies(mod, checks), *(mod.optional_depends if mod else [])])


@functools.lru_cache(maxsize=256)
def _mod_dirs_by_name(root: Path) -> dict[str, Path]:
    """mod name -> dir for every mod (also inside modpacks) below a mod path."""
    out: dict[str, Path] = {}
    if not root.is_dir():
        return out
    for conf in sorted(root.rglob("mod.conf")):
        name = parse_mod_conf(conf.read_text("utf-8", "replace")).get("name") or conf.parent.name
        out.setdefault(name, conf.parent)
    for init in sorted(root.rglob("init.lua")):     # old mods without mod.conf: the folder name
        out.setdefault(init.parent.name, init.parent)
    return out


@functools.lru_cache(maxsize=512)
def globals_defined_in(mod_dir: Path) -> frozenset[str]:
    """Names a mod's files assign or define as functions at top level (column 0)."""
    names: set[str] = set()
    for lua in sorted(mod_dir.rglob("*.lua"))[:200]:
        try:
            text = lua.read_text("utf-8", "replace")
        except OSError:
            continue
        names.update(_TOP_LEVEL_ASSIGN.findall(text))
        names.update(_TOP_LEVEL_FUNC.findall(text))
    return frozenset(n for n in names if n not in ("local", "function", "return"))


def find_mod_dir(name: str, extra_dirs: list[Path], *, game: bool = False) -> Path | None:
    """The folder of mod `name`: minetest_game's (when `game`), a `--with` dir, or an installed mod."""
    if game and (GAME_MODS_DIR / name / "init.lua").is_file():
        return GAME_MODS_DIR / name
    for d in extra_dirs:
        d = Path(d)
        conf = d / "mod.conf"
        dname = parse_mod_conf(conf.read_text("utf-8", "replace")).get("name") if conf.is_file() else None
        if (dname or d.name) == name and (d / "init.lua").is_file():
            return d
        found = _mod_dirs_by_name(d).get(name)     # a modpack or a mods folder given with --with
        if found:
            return found
    for root in SYSTEM_MOD_PATHS:
        found = _mod_dirs_by_name(root).get(name)
        if found:
            return found
    return None


def _conf_depends(mod_dir: Path) -> list[str]:
    """A mod folder's hard dependencies (mod.conf `depends`, else the legacy depends.txt)."""
    conf = mod_dir / "mod.conf"
    if conf.is_file():
        value = parse_mod_conf(conf.read_text("utf-8", "replace")).get("depends", "")
        if value:
            return [n for n in re.split(r"[,\s]+", value) if n]
    legacy = mod_dir / "depends.txt"
    if legacy.is_file():
        return [n.strip() for n in legacy.read_text("utf-8", "replace").splitlines()
                if n.strip() and not n.strip().endswith("?")]
    return []


def dependency_globals(names: list[str], extra_dirs: list[Path] = ()) -> list[str]:
    """Every global a mod with these dependencies may use: the names themselves plus the globals their sources
    define, following found dependencies' own hard dependencies (they are loaded first too)."""
    out: list[str] = []
    queue, seen = list(names), set()
    while queue and len(seen) < 200:
        name = queue.pop(0)
        if name in seen:
            continue
        seen.add(name)
        if name not in out:
            out.append(name)
        d = find_mod_dir(name, list(extra_dirs))
        if d is not None:
            for g in sorted(globals_defined_in(d)):
                if g not in out:
                    out.append(g)
            queue.extend(n for n in _conf_depends(d) if n not in seen)
    return out


def _conf_optional(mod_dir: Path) -> list[str]:
    conf = mod_dir / "mod.conf"
    if conf.is_file():
        value = parse_mod_conf(conf.read_text("utf-8", "replace")).get("optional_depends", "")
        return [n for n in re.split(r"[,\s]+", value) if n]
    legacy = mod_dir / "depends.txt"
    if legacy.is_file():
        return [n.strip().rstrip("?") for n in legacy.read_text("utf-8", "replace").splitlines()
                if n.strip().endswith("?")]
    return []


def load_order(names: list[str], extra_dirs: list[Path] = (), limit: int = 64) -> tuple[list[tuple[str, Path]],
                                                                                        list[str]]:
    """The dependency mods to run before a mod: `names` and, recursively, their hard dependencies, whose
    sources are at hand, dependencies first (an optional dependency orders only when it is in the set).
    Returns (ordered [(name, dir)], names whose sources are not at hand)."""
    dirs: dict[str, Path] = {}
    missing: list[str] = []
    todo = list(names)
    while todo and len(dirs) < limit:
        name = todo.pop(0)
        if name in dirs or name in missing:
            continue
        d = find_mod_dir(name, list(extra_dirs), game=True)
        if d is None:
            missing.append(name)
            continue
        dirs[name] = d
        todo.extend(_conf_depends(d))
    order: list[str] = []

    def visit(name: str, stack: tuple[str, ...]) -> None:
        if name in order or name in stack:
            return
        for dep in sorted(set(_conf_depends(dirs[name]) + _conf_optional(dirs[name]))):
            if dep in dirs:
                visit(dep, stack + (name,))
        order.append(name)

    for name in sorted(dirs):
        visit(name, ())
    return [(n, dirs[n]) for n in order], missing
