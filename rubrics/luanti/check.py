"""`modbench check luanti MOD_DIR_OR_FILE... --with DEP_DIR`: the task-free tiers on mods on disk.

No task, so no required registrations and no probes: the mod must parse, pass luacheck's API and security
rules (style warnings never fail), load in the simulation and in the real server with minetest_game and the
given dependency folders, and pass the report checks. A modpack (or a folder of mods) is checked mod by mod,
each with the mods of the pack that its dependencies name. A single .lua file is the init.lua of a mod named
after the file.

Each row: {path, ok, has_error, error, feedback, tiers{name: {ok, details, ...}}, diagnostics, metrics}, with
diagnostics naming the real files.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from pathlib import Path

from modbench.sandboxes import POOL

from ..verdict import Diagnostic, TierResult, Verdict
from .answer import ModAnswer, load_mod_dir
from .context import LuantiContext
from .engine.tier import MOD_DIR_KEY
from .rubric import TIERS, enabled_tiers, feedback, metrics, score_context

MAX_LUA_FILE_BYTES = 1 << 20
# A mod checked with its dependencies can bring a hundred mods into the world (homedecor with its pack and
# dependencies: ~7600 nodes, 5-10 s to load on a busy 2-core machine); the wall limit is there to stop endless
# loops, not to hurry big worlds.
CHECK_TIMEOUTS = {"engine": 120.0}


def mod_name_for_file(path: Path) -> str:
    """A valid mod name from a file name: lower case, [a-z0-9_] only ("My-Mod.lua" -> "my_mod")."""
    name = re.sub(r"[^a-z0-9_]+", "_", path.stem.lower()).strip("_")
    return name or "mod"


def _mods_below(path: Path, depth: int = 3) -> list[Path]:
    """The mod folders in a folder: itself when it is a mod, else those of its modpacks and subfolders."""
    if (path / "init.lua").is_file():
        return [path]
    if depth == 0 or not path.is_dir():
        return []
    subs = sorted(d for d in path.iterdir() if d.is_dir() and not d.name.startswith("."))
    return [m for d in subs for m in _mods_below(d, depth - 1)]


def _declared(mod_dir: Path) -> tuple[str, list[str]]:
    """A mod folder's name and its dependencies, hard and optional (mod.conf, else depends.txt)."""
    files = {f: (mod_dir / f).read_text("utf-8", "replace") for f in ("mod.conf", "depends.txt")
             if (mod_dir / f).is_file()}
    mod = ModAnswer(mod_name=mod_dir.name, files=files)
    return mod.conf.get("name") or mod_dir.name, mod.depends + mod.optional_depends


def _needed(wants: list[str], units: list[Path]) -> list[Path]:
    """The units (mods or modpacks of a mod path) that the named dependencies need, transitively."""
    provides: dict[str, Path] = {}
    needs: dict[Path, list[str]] = {}
    for unit in units:
        for mod in _mods_below(unit):
            name, deps = _declared(mod)
            provides.setdefault(name, unit)
            needs.setdefault(unit, []).extend(deps)
    chosen: list[Path] = []
    queue = list(wants)
    while queue:
        unit = provides.get(queue.pop(0))
        if unit is not None and unit not in chosen:
            chosen.append(unit)
            queue += needs[unit]
    return sorted(chosen)


def _pack_rows(members: list[Path], others: list[Path]) -> list[tuple[Path, list[Path]]]:
    """Each mod of a modpack with the whole pack beside it (enabling a modpack enables all of its mods)
    and what the pack needs from `others`."""
    wants = [d for m in members for d in _declared(m)[1]]
    outside = _needed(wants, others)
    return [(m, [*(s for s in members if s != m), *outside]) for m in members]


def expand(paths: list[Path]) -> list[tuple[Path, list[Path]]]:
    """(mod path, folders to load beside it) for each mod to check, in input order. A modpack becomes its
    mods, each with the rest of the pack; a folder of mods (a mod path) becomes its mods and modpacks, each
    with the other entries its dependencies name."""
    out: list[tuple[Path, list[Path]]] = []
    for p in map(Path, paths):
        if not p.is_dir() or (p / "init.lua").is_file() or not _mods_below(p):
            out.append((p, []))
        elif _is_modpack(p):
            out += _pack_rows(_mods_below(p), [])
        else:
            units = [d for d in sorted(p.iterdir()) if d.is_dir() and not d.name.startswith(".") and _mods_below(d)]
            for unit in units:
                others = [u for u in units if u != unit]
                if (unit / "init.lua").is_file():
                    out.append((unit, _needed(_declared(unit)[1], others)))
                else:
                    out += _pack_rows(_mods_below(unit), others)
    return out


def _is_modpack(path: Path) -> bool:
    return (path / "modpack.conf").is_file() or (path / "modpack.txt").is_file()


def _failed_parse(path: Path, message: str) -> Verdict:
    verdict = Verdict(passed=False, tiers={"parse": TierResult(
        "parse", ok=False, details={"problems": [message]},
        diagnostics=[Diagnostic("parse", "error", message, file=str(path), code="input")])})
    for name in TIERS[1:]:
        verdict.tiers[name] = TierResult.skip(name, "tier 'parse' failed")
    verdict.metrics, verdict.feedback = metrics(verdict), feedback(verdict)
    return verdict


def _read_single_file(path: Path) -> ModAnswer:
    name = mod_name_for_file(path)
    mod = ModAnswer(mod_name=name)
    data = path.read_bytes()
    if len(data) > MAX_LUA_FILE_BYTES:
        mod.problems.append(f"{path} holds {len(data)} bytes; at most {MAX_LUA_FILE_BYTES} are checked")
        return mod
    mod.files = {"init.lua": data.decode("utf-8", "replace"), "mod.conf": f"name = {name}\n"}
    mod.notes.append(f"checked as the init.lua of a mod named {name!r} (mod.conf generated)")
    return mod


def _real_path(file: str | None, path: Path, single: bool) -> str | None:
    """A diagnostic's file as the user knows it: relative paths of the mod become real paths."""
    if file is None or file.startswith("/") or file.startswith(str(path)):
        return file
    if single:
        return str(path) if file == "init.lua" else f"{path.parent}/{file} (generated)"
    return str(path / file)


async def check_path(path: Path, deps: list[Path] = (), *, tiers: set[str] | None = None,
                     timeouts: dict[str, float] | None = None) -> dict:
    """One row of `modbench check luanti` for a mod folder or a single .lua file.

    Never raises for anything about the mod; an unknown tier name in `tiers` is the caller's ValueError."""
    path = Path(path)
    enabled = enabled_tiers({}, tiers)
    single = path.is_file()
    try:
        if single and path.suffix == ".lua":
            mod = _read_single_file(path)
        elif path.is_dir():
            mod = load_mod_dir(path)
        else:
            why = f"{path} is neither a mod folder nor a .lua file"
            return {"path": str(path), **_failed_parse(path, why).to_json()}
    except OSError as exc:
        return {"path": str(path), **_failed_parse(path, f"cannot read {path}: {exc.strerror or exc}").to_json()}
    ctx = LuantiContext(answer="", spec=None, mod=mod, deps=[Path(d) for d in deps],
                        timeouts={**CHECK_TIMEOUTS, **(timeouts or {})})
    if not single:
        ctx.scratch[MOD_DIR_KEY] = path
    verdict = await score_context(ctx, enabled)
    for t in verdict.tiers.values():
        t.diagnostics = [replace(d, file=_real_path(d.file, path, single)) for d in t.diagnostics]
    verdict.feedback = feedback(verdict)
    return {"path": str(path), **verdict.to_json()}


async def check_paths(paths: list[Path], deps: list[Path] = (), *, tiers: set[str] | None = None,
                      timeouts: dict[str, float] | None = None) -> list[dict]:
    """Rows for many mods (folders, modpacks, folders of mods, single .lua files), checked concurrently, in
    input order. Raises ValueError for an unknown tier name in `tiers`."""
    enabled_tiers({}, tiers)
    # the sandbox pool bounds the toolchains; this bounds the mods held in memory at once
    gate = asyncio.Semaphore(max(2, 2 * POOL.size))

    async def one(p: Path, siblings: list[Path]) -> dict:
        async with gate:
            return await check_path(p, [*siblings, *deps], tiers=tiers, timeouts=timeouts)

    return list(await asyncio.gather(*(one(p, s) for p, s in expand(list(paths)))))
