"""The throwaway world one engine run loads: world.mt, minetest.conf, the harness and the mods as world mods.

Everything is a file map for `modbench.sandboxes.run`, written into the sandbox's private work dir, which
is the world itself:

    /box/world.mt                       gameid = minetest (minetest_game, read-only from /usr)
    /box/minetest.conf                  the server config (--config)
    /box/modbench_run.json              nonce, mods under check, probes (the harness deletes it)
    /box/worldmods/modbench_harness/    the harness mod (package data)
    /box/worldmods/<folder>/            each mod or modpack; world mods are always enabled

The world path is absolute because the engine resolves some mod-relative paths (schematics) against the mod
path, which breaks when that is relative; it is short because Lua cuts chunk names in messages at 60
characters (`/box/worldmods/<mod>/init.lua` leaves room for the mod's own paths).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from modbench.sandboxes import WORKDIR

from ..answer import ModAnswer, parse_mod_conf

HARNESS_NAME = "modbench_harness"
HARNESS_DIR = Path(__file__).resolve().parent / "harness" / HARNESS_NAME
WORLD = WORKDIR            # the sandbox work dir is the world
MODS_DIR = "worldmods"
RUN_FILE = "modbench_run.json"
REPORT_FILE = "modbench_report.json"
PROBES_FILE = "modbench_probes.json"

# All four backends named: without them 5.6.1 picks the deprecated "files" backends and logs six warnings.
WORLD_MT = """gameid = minetest
backend = sqlite3
player_backend = sqlite3
auth_backend = sqlite3
mod_storage_backend = sqlite3
"""
# Loopback only (the sandbox has an empty network namespace anyway); no server list announcement.
MINETEST_CONF = """bind_address = 127.0.0.1
server_announce = false
ipv6_server = false
enable_rollback_recording = false
sqlite_synchronous = 0
"""

# Media the server only hashes to send to clients; a dependency folder is copied without them.
MEDIA_DIRS = {"textures", "sounds", "models", "media", "screenshots"}
MEDIA_EXT = {".png", ".jpg", ".jpeg", ".bmp", ".tga", ".ogg", ".b3d", ".x", ".obj", ".gltf", ".glb", ".xcf"}
MAX_FOLDER_BYTES = 64 << 20
MAX_FOLDER_FILES = 5000

# a path in the world's mod folder, or a chunk name Lua cut to "...tail"
_SERVER_PATH = re.compile(r"(?:\.\.\.|[^\s:'\"<>()\[\]]*/worldmods/)[^\s:'\"<>()\[\]]+")


@dataclass
class WorldMod:
    """One world-mod folder: a mod or a modpack, given as its files (relative path -> content)."""

    folder: str                                  # the folder name under worldmods
    files: dict[str, str | bytes]
    display: str = ""                            # shown path of the folder ("" = paths as in the answer)
    checked: bool = True                         # under check: judged, and its definitions checked

    @property
    def mod_names(self) -> list[str]:
        return [name for _, name in mods_in(self.folder, self.files)]

    def optional_depends(self) -> dict[str, set[str]]:
        """mod name -> the mods it declares as optional (mod.conf optional_depends, or `name?` in depends.txt)."""
        out: dict[str, set[str]] = {}
        for prefix, name in mods_in(self.folder, self.files):
            legacy = {f: _text(self.files[prefix + f]) for f in ("mod.conf", "depends.txt") if prefix + f in self.files}
            out[name] = set(ModAnswer(mod_name=name, files=legacy).optional_depends)
        return out

    def shown_path(self, rel: str) -> str:
        return f"{self.display.rstrip('/')}/{rel}" if self.display else rel


def _text(content: str | bytes) -> str:
    return content.decode("utf-8", "replace") if isinstance(content, bytes) else content


def mods_in(folder: str, files: dict[str, str | bytes]) -> list[tuple[str, str]]:
    """(directory prefix, mod name) of every mod in a folder: the folder itself, or a modpack's mods.

    The name is mod.conf's `name`, else the mod's directory name (the engine's rule).
    """
    out = []
    dirs = sorted({p.rsplit("/", 1)[0] if "/" in p else "" for p in files if p.rsplit("/", 1)[-1] == "init.lua"})
    for d in dirs:
        if d and "" in dirs:
            continue                 # a mod's own subfolder that happens to hold an init.lua
        prefix = f"{d}/" if d else ""
        conf = files.get(prefix + "mod.conf")
        name = parse_mod_conf(_text(conf)).get("name") if conf is not None else None
        out.append((prefix, name or (d.rsplit("/", 1)[-1] if d else folder)))
    return out


def with_harness_first(mod_conf: str) -> str:
    """mod.conf text with the harness added to optional_depends."""
    lines = mod_conf.splitlines()
    for i, line in enumerate(lines):
        key, _, value = line.partition("=")
        if key.strip() == "optional_depends":
            if value.strip().startswith('"""'):
                return mod_conf          # the rare multi-line form: leave it alone
            existing = value.strip()
            lines[i] = f"optional_depends = {existing + ', ' if existing else ''}{HARNESS_NAME}"
            return "\n".join(lines) + "\n"
    return mod_conf.rstrip("\n") + f"\noptional_depends = {HARNESS_NAME}\n"


def harness_first(mod: WorldMod) -> dict[str, str | bytes]:
    """A folder's files with the harness made an optional dependency of every mod in it, so that the harness
    loads before them. Only the copy in the throwaway world changes; an optional dependency adds nothing a
    mod can see.

    The engine reads depends.txt only when mod.conf names no dependencies, so the harness goes where the
    engine will look: mod.conf when it has `depends`/`optional_depends` (or there is no depends.txt),
    otherwise depends.txt (as `modbench_harness?`).
    """
    out = dict(mod.files)
    for prefix, _ in mods_in(mod.folder, mod.files):
        conf = _text(mod.files[prefix + "mod.conf"]) if prefix + "mod.conf" in mod.files else None
        deps_txt = mod.files.get(prefix + "depends.txt")
        conf_has_deps = conf is not None and bool({"depends", "optional_depends"} & set(parse_mod_conf(conf)))
        if deps_txt is not None and not conf_has_deps:
            out[prefix + "depends.txt"] = _text(deps_txt).rstrip("\n") + f"\n{HARNESS_NAME}?\n"
        elif conf is not None:
            out[prefix + "mod.conf"] = with_harness_first(conf)
        else:
            # no mod.conf: one holding only the dependency keeps the engine's "no name" deprecation notice
            out[prefix + "mod.conf"] = f"optional_depends = {HARNESS_NAME}\n"
    return out


def _harness_files() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(HARNESS_DIR.iterdir()) if p.is_file()}


def world_files(mods: list[WorldMod], *, nonce: str, probes: list[dict], probe_instructions: int) -> dict:
    """The complete file map of one run's sandbox work dir."""
    files: dict[str, str | bytes] = {"minetest.conf": MINETEST_CONF, "world.mt": WORLD_MT}
    for name, content in _harness_files().items():
        files[f"{MODS_DIR}/{HARNESS_NAME}/{name}"] = content
    checked: list[str] = []
    for mod in mods:
        for rel, content in (harness_first(mod) if mod.checked else mod.files).items():
            files[f"{MODS_DIR}/{mod.folder}/{rel}"] = content
        if mod.checked:
            checked.extend(mod.mod_names)
    run = {"nonce": nonce, "checked": checked, "probes": probes, "probe_instructions": probe_instructions}
    files[RUN_FILE] = json.dumps(run)
    return files


# ------------------------------------------------------------------------------------------ folders on disk

def _is_media(rel: str) -> bool:
    parts = rel.split("/")
    return any(p in MEDIA_DIRS for p in parts[:-1]) or Path(rel).suffix.lower() in MEDIA_EXT


def _read_tree(path: Path, *, skip_media: bool) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    total = 0
    for f in sorted(path.rglob("*")):
        rel = f.relative_to(path).as_posix()
        if f.is_symlink() or not f.is_file() or any(p.startswith(".") for p in rel.split("/")):
            continue
        if skip_media and _is_media(rel):
            continue
        total += f.stat().st_size
        if len(files) >= MAX_FOLDER_FILES or total > MAX_FOLDER_BYTES:
            raise ValueError(f"{path} holds more than {MAX_FOLDER_FILES} files or {MAX_FOLDER_BYTES >> 20} MiB "
                             "(media excluded)")
        files[rel] = f.read_bytes()
    return files


def read_folder(path: Path, *, checked: bool) -> list[WorldMod]:
    """World mods from a folder on disk: a mod, a modpack, or a folder of mods (each becomes one world mod).

    Media files (textures, sounds, models) are left out: the server only hashes them for clients.
    Raises ValueError for a folder that holds no mod or is too large.
    """
    path = Path(path)
    if not path.is_dir():
        raise ValueError(f"{path} is not a directory")
    is_mod = (path / "init.lua").is_file()
    is_pack = (path / "modpack.conf").is_file() or (path / "modpack.txt").is_file()
    if is_mod or is_pack:
        return [WorldMod(path.name, _read_tree(path, skip_media=True), display=str(path), checked=checked)]
    mods = [WorldMod(sub.name, _read_tree(sub, skip_media=True), display=str(sub), checked=checked)
            for sub in sorted(path.iterdir())
            if sub.is_dir() and not sub.name.startswith(".")
            and ((sub / "init.lua").is_file() or (sub / "modpack.conf").is_file() or (sub / "modpack.txt").is_file())]
    if not mods:
        raise ValueError(f"{path} holds no mod (no init.lua, modpack.conf or mod folders)")
    return mods


# ----------------------------------------------------------------------------------------------- messages

class SourceMap:
    """Turns the server's paths (/box/worldmods/<folder>/<file>) back into the names the user knows.
    Without bubblewrap the world is a host temp dir; paths then resolve by their part below worldmods/.

    A mod from an answer shows its paths as written in the answer ("init.lua"); a folder given on the
    command line shows its real path. Lua cuts long chunk names to "...<tail>"; a tail that ends exactly
    one known file still resolves.
    """

    def __init__(self, mods: list[WorldMod]):
        self._files: dict[str, tuple[str, bool]] = {}
        self._mod_confs: dict[str, str] = {}
        self._base = base = f"{WORLD}/{MODS_DIR}/"
        for mod in mods:
            for rel in mod.files:
                self._files[f"{base}{mod.folder}/{rel}"] = (mod.shown_path(rel), mod.checked)
            for prefix, name in mods_in(mod.folder, mod.files):
                uses_txt = prefix + "mod.conf" not in mod.files and prefix + "depends.txt" in mod.files
                self._mod_confs[name] = mod.shown_path(prefix + ("depends.txt" if uses_txt else "mod.conf"))

    def resolve(self, path: str) -> tuple[str, bool] | None:
        """(shown path, checked) for a server path, or None for a file that is not one of the mods'."""
        if path in self._files:
            return self._files[path]
        marker = f"/{MODS_DIR}/"
        if marker in path and not path.startswith("..."):      # the world elsewhere (no bubblewrap)
            return self._files.get(self._base + path.split(marker, 1)[1])
        if path.startswith("..."):
            hits = [v for k, v in self._files.items() if k.endswith(path[3:])]
            if len(hits) == 1:
                return hits[0]
        return None

    def locate(self, positions: list[tuple[str, int]]) -> tuple[str | None, int | None]:
        """The first position in a checked mod's file, else the first in any mod's file, else (None, None)."""
        fallback: tuple[str | None, int | None] = (None, None)
        for path, line in positions:
            hit = self.resolve(path)
            if hit is None:
                continue
            if hit[1]:
                return hit[0], line
            if fallback[0] is None:
                fallback = (hit[0], line)
        return fallback

    def mod_conf(self, mod_name: str) -> str | None:
        """The shown path of the file that declares a mod's dependencies (for dependency errors)."""
        return self._mod_confs.get(mod_name)

    def shorten(self, text: str) -> str:
        """`text` with the server's paths of mod files (whole, or cut to "...tail") replaced by shown paths."""
        return _SERVER_PATH.sub(lambda m: (self.resolve(m.group(0)) or (m.group(0),))[0], text)
