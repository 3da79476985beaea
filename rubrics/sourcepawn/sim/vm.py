"""A SourcePawn v1 interpreter over a bounds-checked Python bytearray.

Why not pysmx's `SourcePawnAbstractMachine`: it keeps plugin memory in a ctypes buffer and dereferences raw
pointers (plugin-controlled addresses segfaulted CPython), lets registers grow past 32 bits, logs every executed
instruction (553 MB for 2.2 M instructions), tracks a Python shadow stack on every push, and runs at ~250k
instructions/s. Patching all of that touches nearly every method of the class, so this module re-implements the
execution core (about 80 opcodes) following SourcePawn's own interpreter and PluginContext semantics:

- memory is data | heap (grows up) ... stack (grows down); every plugin-controlled address is checked like
  `PluginContext::throwIfBadAddress` and a bad one is the plugin's runtime error, never a crash;
- registers are wrapped to signed 32 bits after every arithmetic operation;
- frames are SourcePawn's (`pushAmxFrame`/`popAmxFrame`: saved FRM, heap-scope cell, argument count);
- the code is decoded once into one closure per instruction (cell index -> closure returning the next index),
  which runs several times faster than a generic dispatch loop;
- an instruction budget shared by all (nested) invocations ends runaway loops deterministically.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence

from . import errors as E
from .cells import wrap
from .errors import BudgetExhausted, PluginRuntimeError
from .instructions import STACK_MARGIN, decode
from .smxfile import SmxFile

MIN_HEAP = 16384
MAX_MEMORY = 256 << 20                  # a plugin asking for more memory than this is refused at load
BUDGET_CHUNK = 20000                    # instructions run between two checks of the shared budget

_unpack_i = struct.Struct("<i").unpack_from
_pack_i = struct.Struct("<i").pack_into

NativeFn = Callable[[list], object]


class VM:
    """One loaded plugin: memory, registers, decoded code. `reset()` gives a freshly loaded plugin again."""

    def __init__(self, smx: SmxFile, natives: Sequence[NativeFn]):
        self.smx = smx
        memsize = (max(smx.memsize, len(smx.data)) + 3) & ~3
        if memsize < len(smx.data) + MIN_HEAP:
            memsize = ((len(smx.data) + MIN_HEAP) + 3) & ~3
        if memsize > MAX_MEMORY:
            raise E.BadPlugin(f"the plugin asks for {memsize >> 20} MiB of memory; the simulator allows "
                              f"{MAX_MEMORY >> 20} MiB")
        self.memsize = memsize
        self.data_size = len(smx.data)
        self.stp = memsize - 4
        self.mem = bytearray(memsize)
        self.cells = memoryview(self.mem).cast("i")
        self.natives = list(natives)
        self.native_names = list(smx.natives)
        self.rets: list[int] = []
        self.budget_left = 0
        self.executed = 0
        self.depth = 0
        self.prog = decode(self, smx)
        self.reset()

    # ---- state -------------------------------------------------------------------------------------------
    def reset(self) -> None:
        """Memory and registers as right after loading the plugin."""
        self.mem[: self.data_size] = self.smx.data
        self.mem[self.data_size:] = bytes(self.memsize - self.data_size)
        self.pri = self.alt = 0
        self.hp = self.data_size
        self.sp = self.frm = self.stp
        self.hp_scope = -1
        self.rets.clear()
        self.depth = 0

    def bad(self, a: int) -> bool:
        return a < 0 or a >= self.stp or self.hp <= a < self.sp

    # ---- memory access for natives -----------------------------------------------------------------------
    def read_cell(self, a: int) -> int:
        if a < 0 or a >= self.stp or self.hp <= a < self.sp:
            raise PluginRuntimeError(E.INVALID_ADDRESS)
        return self.cells[a >> 2] if not a & 3 else _unpack_i(self.mem, a)[0]

    def write_cell(self, a: int, v: int) -> None:
        if a < 0 or a >= self.stp or self.hp <= a < self.sp:
            raise PluginRuntimeError(E.INVALID_ADDRESS)
        v = wrap(v)
        if a & 3:
            _pack_i(self.mem, a, v)
        else:
            self.cells[a >> 2] = v

    def read_cells(self, a: int, n: int) -> list[int]:
        if n <= 0:
            return []
        self.check_range(a, 4 * n)
        if a & 3:
            return list(struct.unpack_from(f"<{n}i", self.mem, a))
        return self.cells[a >> 2: (a >> 2) + n].tolist()

    def write_cells(self, a: int, values: Sequence[int]) -> None:
        if not values:
            return
        self.check_range(a, 4 * len(values))
        struct.pack_into(f"<{len(values)}i", self.mem, a, *[wrap(v) for v in values])

    def check_range(self, a: int, n: int) -> None:
        if n < 0 or self.bad(a) or (n and self.bad(a + n - 1)):
            raise PluginRuntimeError(E.INVALID_ADDRESS)

    def read_bytes(self, a: int, limit: int | None = None) -> bytes:
        """A NUL-terminated string at `a` (at most `limit` bytes, and never past valid memory)."""
        if self.bad(a):
            raise PluginRuntimeError(E.INVALID_ADDRESS)
        end_region = self.hp if a < self.hp else self.stp + 4
        stop = end_region if limit is None else min(end_region, a + limit)
        end = self.mem.find(b"\0", a, stop)
        return bytes(self.mem[a: stop if end < 0 else end])

    def read_string(self, a: int, limit: int | None = None) -> str:
        return self.read_bytes(a, limit).decode("utf-8", "replace")

    def write_string(self, a: int, maxlen: int, text: str | bytes) -> int:
        """Copy a string into a plugin buffer of `maxlen` bytes, NUL-terminated and cut on a UTF-8 boundary
        (SourceMod's StringToLocalUTF8). Returns the number of bytes written, without the NUL."""
        if maxlen <= 0:
            return 0
        raw = text.encode("utf-8", "replace") if isinstance(text, str) else bytes(text)
        raw = raw.split(b"\0", 1)[0]
        if len(raw) >= maxlen:
            raw = raw[: maxlen - 1]
            while raw and (raw[-1] & 0xC0) == 0x80:           # drop a cut multi-byte sequence
                raw = raw[:-1]
            if raw and raw[-1] >= 0xC0:
                raw = raw[:-1]
        self.check_range(a, len(raw) + 1)
        self.mem[a: a + len(raw)] = raw
        self.mem[a + len(raw)] = 0
        return len(raw)

    def heap_alloc(self, nbytes: int) -> int:
        nbytes = (nbytes + 3) & ~3
        new_hp = self.hp + nbytes
        if nbytes < 0 or new_hp + STACK_MARGIN > self.sp:
            raise PluginRuntimeError(E.HEAPLOW)
        addr, self.hp = self.hp, new_hp
        return addr

    def push(self, v: int) -> None:
        sp = self.sp - 4
        if sp <= self.hp:
            raise PluginRuntimeError(E.STACKLOW)
        self.cells[sp >> 2] = wrap(v)
        self.sp = sp

    # ---- calling into the plugin ----------------------------------------------------------------------------
    def invoke(self, code_addr: int, args: Sequence[int]) -> int:
        """Run the function at `code_addr` with already-prepared cell arguments; returns PRI.

        Registers, stack and heap are restored afterwards (PluginContext::Invoke), so a callback can be invoked
        from inside a native. Raises PluginRuntimeError (with `.where`) or BudgetExhausted.
        """
        if self.depth > 48:
            raise PluginRuntimeError(E.STACKLOW)
        saved = (self.sp, self.hp, self.frm, self.hp_scope, self.pri, self.alt, len(self.rets))
        self.depth += 1
        try:
            if self.hp + 16 * 4 > self.sp - 4 * (len(args) + 1):
                raise PluginRuntimeError(E.STACKLOW)
            for a in reversed(args):
                self.push(a)
            self.push(len(args))
            self.rets.append(-1)
            self._run(code_addr >> 2)
            return self.pri
        finally:
            self.depth -= 1
            self.sp, self.hp, self.frm, self.hp_scope, self.pri, self.alt, nrets = saved
            del self.rets[nrets:]

    def _run(self, i: int) -> None:
        prog = self.prog
        n = 0
        limit = min(self.budget_left, BUDGET_CHUNK)
        if limit <= 0:
            raise BudgetExhausted()
        try:
            while i >= 0:
                i = prog[i]()
                n += 1
                if n >= limit:
                    self.budget_left -= n
                    self.executed += n
                    n = 0
                    limit = min(self.budget_left, BUDGET_CHUNK)
                    if limit <= 0:
                        raise BudgetExhausted()
        except PluginRuntimeError as exc:
            if exc.where is None:
                exc.where = self.smx.where(i * 4)
            raise
        except BudgetExhausted as exc:
            if exc.where is None:
                exc.where = self.smx.where(i * 4)
            raise
        except (IndexError, struct.error) as exc:
            # an address that passed no check (only possible through a bug in a plugin-controlled path)
            err = PluginRuntimeError(E.INVALID_ADDRESS)
            err.where = self.smx.where(i * 4)
            raise err from exc
        finally:
            self.budget_left -= n
            self.executed += n


__all__ = ["VM", "NativeFn"]
