"""The native registry and the argument helpers every native module uses.

A native is `fn(g: Game, p: list[int]) -> int | float | bool | None`, where `p` is SourceMod's `params`:
`p[0]` is the argument count and `p[1..]` the cells (addresses for arrays, strings and by-reference values).
Natives that exist under several names (old and methodmap API) are registered once under all of them.
"""

from __future__ import annotations

from collections.abc import Callable

from ..cells import ctof, ftoc, wrap
from ..errors import PluginRuntimeError

NATIVES: dict[str, Callable] = {}


def native(*names: str):
    def register(fn):
        for name in names:
            if name in NATIVES:
                raise RuntimeError(f"native {name} registered twice")
            NATIVES[name] = fn
        return fn
    return register


def constant(value, *names: str) -> None:
    """Natives whose only effect in a simulated server is their return value (precaching, sounds, effects)."""
    def fn(g, p, value=value):
        return value
    native(*names)(fn)


def arg(p: list[int], i: int, default: int = 0) -> int:
    """Argument i (1-based), or `default` when the plugin passed fewer (older includes)."""
    return p[i] if i < len(p) and i <= p[0] else default


def farg(p: list[int], i: int, default: float = 0.0) -> float:
    return ctof(p[i]) if i < len(p) and i <= p[0] else default


def s(g, addr: int) -> str:
    return g.vm.read_string(addr)


def put(g, addr: int, maxlen: int, text: str) -> int:
    return g.vm.write_string(addr, maxlen, text)


def cell(g, addr: int) -> int:
    return g.vm.read_cell(addr)


def set_cell(g, addr: int, value) -> None:
    if isinstance(value, float):
        value = ftoc(value)
    g.vm.write_cell(addr, int(value))


def vec(g, addr: int) -> list[float]:
    return [ctof(c) for c in g.vm.read_cells(addr, 3)]


def set_vec(g, addr: int, values) -> None:
    g.vm.write_cells(addr, [ftoc(float(v)) for v in values])


def is_null_vector(g, addr: int) -> bool:
    return addr == g.smx.pubvars.get("NULL_VECTOR", -1)


def is_null_string(g, addr: int) -> bool:
    return addr == g.smx.pubvars.get("NULL_STRING", -1)


def error(message: str) -> PluginRuntimeError:
    return PluginRuntimeError(message)


__all__ = ["NATIVES", "native", "constant", "arg", "farg", "s", "put", "cell", "set_cell", "vec", "set_vec",
           "is_null_vector", "is_null_string", "error", "ctof", "ftoc", "wrap"]
