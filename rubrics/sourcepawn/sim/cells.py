"""Cells: SourcePawn's 32-bit values, and the float bit patterns stored in them."""

from __future__ import annotations

import math
import struct

_I32 = struct.Struct("<i")
_F32 = struct.Struct("<f")


def wrap(x: int) -> int:
    """Signed 32-bit wrap-around, as a C int32 would do."""
    return ((x + 0x80000000) & 0xFFFFFFFF) - 0x80000000


def ctof(c: int) -> float:
    """The float stored in a cell."""
    return _F32.unpack(_I32.pack(c))[0]


def ftoc(f: float) -> int:
    """The cell holding a float (overflow becomes +-inf, as a C float cast would)."""
    try:
        return _I32.unpack(_F32.pack(f))[0]
    except OverflowError:
        return _I32.unpack(_F32.pack(math.copysign(math.inf, f)))[0]


def to_cell(value) -> int:
    """A native's Python return value as a cell."""
    if value is None:
        return 0
    if isinstance(value, float):
        return ftoc(value)
    return wrap(int(value))
