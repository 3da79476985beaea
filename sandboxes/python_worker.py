"""Run one of modbench's own Python modules inside the sandbox (the Lua simulation and the SourcePawn VM).

Those workers execute untrusted code in-process (LuaJIT through lupa, SourcePawn through pysmx), where a
memory bug can abort the interpreter, so they run as sandboxed subprocesses like any toolchain. The
interpreter, the environment's site-packages and modbench's own source folders are bound read-only at their
host paths, so that `.pth` files and editable installs resolve exactly as they do outside.

Bytecode: the bound source folders are read-only and the environment may set PYTHONDONTWRITEBYTECODE, so
without help every worker would compile all its modules again at every start (starting the L4D2 simulator's
worker: ~230 ms without a cache, ~90 ms with one, measured). The host (trusted) process therefore builds a
bytecode cache once, in a
background thread: modbench's packages, the standard library and the few site-packages the workers import,
laid out for `python -X pycache_prefix=...` under $MODBENCH_CACHE_DIR (default ~/.cache/modbench)
/pycache/<cache tag>/<key of the sources' paths, sizes and mtimes>. It is bound read-only at
`PYCACHE_TARGET`. Python checks every .pyc against its source's mtime and size, so a stale or missing entry
only costs speed, never correctness; until the cache is ready, or when it cannot be built, workers run
without it.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import logging
import os
import py_compile
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from .isolation import Bind

_MODBENCH_PACKAGES = ["modbench.rubrics", "modbench.sandboxes", "modbench.scenarios"]
# site-packages the workers import (lupa: the Luanti sim; the others run at start-up through `site` and .pth files)
WORKER_SITE_PACKAGES = ("lupa", "_distutils_hack")
PYCACHE_TARGET = "/tc/pycache"      # where the cache is bound inside the sandbox (read-only)
_STDLIB_SKIP = {"site-packages", "dist-packages", "test", "tests", "idlelib", "tkinter", "turtledemo", "lib2to3",
                "ensurepip", "distutils", "__pycache__", "pydoc_data"}
_BUILDER_VERSION = "1"              # bump when the cache layout changes
_STALE_SECONDS = 3600               # other keys and abandoned temp dirs older than this are removed

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def _source_binds() -> tuple[Bind, ...]:
    paths: set[Path] = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
                        Path(os.path.realpath(sys.executable)).parent.parent}
    for entry in sys.path:
        p = Path(entry or ".").resolve()
        if p.is_dir() and ("site-packages" in p.parts or "dist-packages" in p.parts):
            paths.add(p)
    for name in _MODBENCH_PACKAGES:
        mod = importlib.import_module(name)
        for loc in getattr(mod, "__path__", []):
            paths.add(Path(loc).resolve())
    # drop paths already covered by a parent in the set, and system paths the sandbox has anyway
    ordered = sorted(paths, key=lambda p: len(p.parts))
    kept: list[Path] = []
    for p in ordered:
        if str(p).startswith("/usr/") or any(p.is_relative_to(k) for k in kept):
            continue
        kept.append(p)
    return tuple(Bind(p, str(p)) for p in kept)


def python_binds() -> tuple[Bind, ...]:
    """Read-only binds for the interpreter, its site-packages, modbench's sources and (once built) the
    bytecode cache."""
    cache = pycache_dir()
    return _source_binds() + ((Bind(cache, PYCACHE_TARGET),) if cache is not None else ())


def python_argv(module: str, *args: str) -> list[str]:
    """argv that runs `python -m module args...` with this process's interpreter (and venv)."""
    # -B: the bound source folders are read-only, so never try to write bytecode caches
    # -P: never put the work dir (which holds untrusted files) on sys.path, so nothing there can shadow a module
    cache = ["-X", f"pycache_prefix={PYCACHE_TARGET}"] if pycache_dir() is not None else []
    return [sys.executable, "-B", "-P", *cache, "-m", module, *args]


# ------------------------------------------------------------------------------------------ bytecode cache

class _CacheState:
    def __init__(self):
        self.lock = threading.Lock()
        self.path: Path | None = None
        self.thread: threading.Thread | None = None
        self.failed: str | None = None


_STATE = _CacheState()


def pycache_root() -> Path:
    base = os.environ.get("MODBENCH_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "modbench")
    return Path(base) / "pycache" / sys.implementation.cache_tag


def pycache_dir() -> Path | None:
    """The bytecode cache for the workers, or None while it is being built or when it cannot be built.

    The first call starts the build in a background thread (never on the caller's event loop); later calls
    return the built directory. MODBENCH_PYCACHE=0 turns the cache off."""
    if os.environ.get("MODBENCH_PYCACHE", "1").strip() == "0" or sys.implementation.cache_tag is None:
        return None
    with _STATE.lock:
        if _STATE.path is not None or _STATE.failed is not None:
            return _STATE.path
        if _STATE.thread is None:
            _STATE.thread = threading.Thread(target=_build_in_background, name="modbench-pycache", daemon=True)
            _STATE.thread.start()
    return None


def wait_for_pycache(timeout: float = 60.0) -> Path | None:
    """Start the build if needed and wait for it (blocking: for benchmarks, tests and tools, not event loops)."""
    pycache_dir()
    thread = _STATE.thread
    if thread is not None:
        thread.join(timeout)
    return pycache_dir()


def _build_in_background() -> None:
    try:
        path = build_pycache(pycache_root())
    except Exception as exc:            # any failure: run without the cache, never an error for a rollout
        log.warning("no bytecode cache for sandboxed Python workers: %s", exc)
        with _STATE.lock:
            _STATE.failed = f"{type(exc).__name__}: {exc}"
        return
    with _STATE.lock:
        _STATE.path = path


def _sources() -> list[str]:
    """Every .py file a worker may import: modbench's packages, the standard library (minus tests, GUIs and
    tools), top-level modules in site-packages (start-up .pth hooks) and WORKER_SITE_PACKAGES. Paths are
    spelled as the interpreter spells them in `__file__`, which is what pycache_prefix's layout uses."""
    roots: list[tuple[str, set[str]]] = []
    for name in _MODBENCH_PACKAGES:
        for loc in getattr(importlib.import_module(name), "__path__", []):
            roots.append((str(loc), {"__pycache__"}))
    roots.append((os.path.dirname(os.__file__), _STDLIB_SKIP))
    files: set[str] = set()
    for entry in sys.path:
        if entry and os.path.isdir(entry) and ("site-packages" in entry or "dist-packages" in entry):
            for spelled in {entry, os.path.realpath(entry)}:
                files.update(os.path.join(spelled, f) for f in os.listdir(spelled) if f.endswith(".py"))
                for pkg in WORKER_SITE_PACKAGES:
                    if os.path.isdir(os.path.join(spelled, pkg)):
                        roots.append((os.path.join(spelled, pkg), {"__pycache__"}))
    for root, skip in roots:
        for here, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in skip)
            files.update(os.path.join(here, n) for n in names if n.endswith(".py"))
    return sorted(files)


def _cache_key(sources: list[str]) -> str:
    h = hashlib.sha256(f"{_BUILDER_VERSION}\0{sys.version}\0{sys.implementation.cache_tag}\0".encode())
    for path in sources:
        try:
            st = os.stat(path)
        except OSError:
            continue
        h.update(f"{path}\0{st.st_mtime_ns}\0{st.st_size}\n".encode())
    return h.hexdigest()[:20]


def _valid_pyc(pyc: str, source_stat: os.stat_result) -> bool:
    """Would the interpreter accept this .pyc for that source (magic number, timestamp mode, mtime, size)?"""
    try:
        with open(pyc, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return (len(head) == 16 and head[:4] == importlib.util.MAGIC_NUMBER and head[4:8] == b"\0\0\0\0"
            and int.from_bytes(head[8:12], "little") == (int(source_stat.st_mtime) & 0xFFFFFFFF)
            and int.from_bytes(head[12:16], "little") == (source_stat.st_size & 0xFFFFFFFF))


def build_pycache(root: Path) -> Path:
    """Build (or find) the cache for the current sources under `root` and return its directory.

    Safe when several processes build at once: each compiles into its own temp dir, then renames it into
    place; a process that loses the race drops its copy and uses the winner's."""
    sources = _sources()
    key = _cache_key(sources)
    final = root / key
    if final.is_dir():
        try:
            os.utime(final)                            # in use: keeps _prune in other processes away
        except OSError:
            pass
        return final
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{key}.tmp-", dir=root))
    try:
        tag = sys.implementation.cache_tag
        for src in sources:
            try:
                st = os.stat(src)
            except OSError:
                continue
            target = tmp / os.path.dirname(src).lstrip(os.sep) / f"{Path(src).stem}.{tag}.pyc"
            target.parent.mkdir(parents=True, exist_ok=True)
            beside = importlib.util.cache_from_source(src) if sys.pycache_prefix is None else ""
            if beside and _valid_pyc(beside, st):
                shutil.copyfile(beside, target)        # the installed standard library ships valid ones
                continue
            try:
                py_compile.compile(src, cfile=str(target), doraise=True,
                                   invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)
            except (py_compile.PyCompileError, OSError, ValueError, SyntaxError):
                continue                               # that module compiles at import instead
        # readable by the sandboxes' unprivileged uids; nobody writes into a finished cache
        for here, dirs, names in os.walk(tmp):
            os.chmod(here, 0o755)
            for n in names:
                os.chmod(os.path.join(here, n), 0o644)
        try:
            os.rename(tmp, final)
        except OSError:
            if not final.is_dir():
                raise
            shutil.rmtree(tmp, ignore_errors=True)    # another process finished first
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _prune(root, keep=final)
    return final


def _prune(root: Path, keep: Path) -> None:
    """Remove caches of older sources and abandoned temp dirs (a process still using one only loses speed)."""
    now = time.time()
    for entry in root.iterdir():
        try:
            if entry != keep and entry.is_dir() and now - entry.stat().st_mtime > _STALE_SECONDS:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            continue
