"""Run one of modbench's own Python modules inside the sandbox (the Lua simulation and the SourcePawn VM).

Those workers execute untrusted code in-process (LuaJIT through lupa, SourcePawn through pysmx), where a
memory bug can abort the interpreter, so they run as sandboxed subprocesses like any toolchain. The
interpreter, the environment's site-packages and modbench's own source folders are bound read-only at their
host paths, so that `.pth` files and editable installs resolve exactly as they do outside.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from pathlib import Path

from .isolation import Bind

_MODBENCH_PACKAGES = ["modbench.rubrics", "modbench.sandboxes", "modbench.scenarios"]


@functools.lru_cache(maxsize=1)
def python_binds() -> tuple[Bind, ...]:
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


def python_argv(module: str, *args: str) -> list[str]:
    """argv that runs `python -m module args...` with this process's interpreter (and venv)."""
    # -B: the bound source folders are read-only, so never try to write bytecode caches
    # -P: never put the work dir (which holds untrusted files) on sys.path, so nothing there can shadow a module
    return [sys.executable, "-B", "-P", "-m", module, *args]
