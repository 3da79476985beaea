"""Decoding SourcePawn v1 bytecode into one Python closure per instruction, following SourcePawn's interpreter
(vm/interpreter.cpp) and PluginContext (plugin-context.cpp) semantics.

`decode(vm, smx)` returns a list indexed by code cell: the closure of the instruction starting at that cell, which
runs it against the VM's registers and memory and returns the index of the next instruction (or the return
address popped by RETN; -1 ends an invocation). Cells inside an instruction hold a closure that raises "Invalid
instruction", so a jump into the middle of one is a runtime error, not undefined behaviour.
"""

from __future__ import annotations

import array
import math
import struct

from . import errors as E
from .cells import ctof, ftoc, to_cell, wrap
from .errors import PluginRuntimeError
from .opcodes import OPCODES

STACK_MARGIN = 64                       # bytes kept free between heap and stack (SourcePawn's STACK_MARGIN)

_I32 = struct.Struct("<i")
_unpack_i = _I32.unpack_from
_pack_i = _I32.pack_into


def decode(vm, smx) -> list:
    code = array.array("i")
    code.frombytes(smx.code)
    ncells = len(code)
    prog: list = [None] * (ncells + 1)
    make = _Maker(vm, code, ncells)
    i = 0
    while i < ncells:
        op = code[i]
        spec = OPCODES.get(op)
        if spec is None:
            prog[i] = make.invalid(f"unknown opcode {op}")
            break       # cannot know the length of an unknown instruction: nothing after it is reachable safely
        name, nparams = spec
        if name == "casetbl":
            ncases = code[i + 1] if i + 1 < ncells else 0
            length = 3 + 2 * max(0, ncases)
        else:
            length = 1 + nparams
        args = list(code[i + 1: i + 1 + nparams])
        if len(args) < nparams:
            prog[i] = make.invalid("truncated instruction")
            break
        prog[i] = make.build(name, args, i + length)
        i += length
    for k, fn in enumerate(prog):
        if fn is None:
            prog[k] = make.invalid("jump into the middle of an instruction")
    return prog


class _Maker:
    """Builds the closure for one instruction. Registers live on the VM object; memory is shared."""

    def __init__(self, vm, code: array.array, ncells: int):
        self.vm, self.code, self.ncells = vm, code, ncells
        cells, mem, stp, data_size = vm.cells, vm.mem, vm.stp, vm.data_size
        bad_addr = E.INVALID_ADDRESS

        def rd(x):
            if x < 0 or x >= stp or vm.hp <= x < vm.sp:
                raise PluginRuntimeError(bad_addr)
            return cells[x >> 2] if not x & 3 else _unpack_i(mem, x)[0]

        def wr(x, v):
            if x < 0 or x >= stp or vm.hp <= x < vm.sp:
                raise PluginRuntimeError(bad_addr)
            if x & 3:
                _pack_i(mem, x, v)
            else:
                cells[x >> 2] = v

        def push(v):
            sp = vm.sp - 4
            if sp <= vm.hp:
                raise PluginRuntimeError(E.STACKLOW)
            cells[sp >> 2] = v
            vm.sp = sp

        def pop():
            sp = vm.sp
            if sp >= stp:
                raise PluginRuntimeError(E.STACKMIN)
            vm.sp = sp + 4
            return cells[sp >> 2]

        def heap_alloc(amount):
            new_hp = vm.hp + amount
            if amount < 0:
                if new_hp < data_size:
                    raise PluginRuntimeError(E.HEAPMIN)
            elif new_hp + STACK_MARGIN > vm.sp:
                raise PluginRuntimeError(E.HEAPLOW)
            old, vm.hp = vm.hp, new_hp
            return old

        self.rd, self.wr, self.push, self.pop, self.heap_alloc = rd, wr, push, pop, heap_alloc

    def invalid(self, why: str):
        def op():
            raise PluginRuntimeError(f"{E.INVALID_INSTRUCTION} ({why})")
        return op

    def target(self, addr: int) -> int:
        if addr < 0 or addr & 3 or (addr >> 2) >= self.ncells:
            return self.ncells      # the slot past the end holds an "invalid instruction" closure
        return addr >> 2

    def build(self, name: str, a: list[int], nxt: int):  # noqa: C901 - one branch per opcode, by design
        vm = self.vm
        cells, mem, stp, data_size, rets = vm.cells, vm.mem, vm.stp, vm.data_size, vm.rets
        rd, wr, push, pop, heap_alloc = self.rd, self.wr, self.push, self.pop, self.heap_alloc
        bad_addr = E.INVALID_ADDRESS

        # A constant address into the data section needs no check at run time.
        def global_ok(x):
            return 0 <= x < data_size and not x & 3

        n = name
        if n in ("load.pri", "load.alt"):
            x = a[0]
            reg = n[-3:]
            if global_ok(x):
                k = x >> 2
                if reg == "pri":
                    def op():
                        vm.pri = cells[k]; return nxt
                else:
                    def op():
                        vm.alt = cells[k]; return nxt
            else:
                def op():
                    setattr(vm, reg, rd(x)); return nxt
            return op
        if n == "load.s.pri":
            off = a[0]
            if off & 3:
                def op():
                    vm.pri = rd(vm.frm + off); return nxt
            else:
                def op():           # an aligned frame slot: the frame is always valid stack memory
                    vm.pri = cells[(vm.frm + off) >> 2]; return nxt
            return op
        if n == "load.s.alt":
            off = a[0]
            if off & 3:
                def op():
                    vm.alt = rd(vm.frm + off); return nxt
            else:
                def op():           # an aligned frame slot: the frame is always valid stack memory
                    vm.alt = cells[(vm.frm + off) >> 2]; return nxt
            return op
        if n == "load.s.both":
            o1, o2 = a
            def op():
                f = vm.frm
                vm.pri = rd(f + o1); vm.alt = rd(f + o2); return nxt
            return op
        if n == "load.both":
            x1, x2 = a
            def op():
                vm.pri = rd(x1); vm.alt = rd(x2); return nxt
            return op
        if n == "lref.s.pri":
            off = a[0]
            def op():
                vm.pri = rd(rd(vm.frm + off)); return nxt
            return op
        if n == "lref.s.alt":
            off = a[0]
            def op():
                vm.alt = rd(rd(vm.frm + off)); return nxt
            return op
        if n == "load.i":
            def op():
                vm.pri = rd(vm.pri); return nxt
            return op
        if n == "lodb.i":
            width = a[0]
            def op():
                x = vm.pri
                if x < 0 or x >= stp or vm.hp <= x < vm.sp:
                    raise PluginRuntimeError(bad_addr)
                if width == 1:
                    vm.pri = mem[x]
                elif width == 2:
                    vm.pri = mem[x] | (mem[x + 1] << 8)
                else:
                    vm.pri = rd(x)
                return nxt
            return op
        if n in ("const.pri", "const.alt"):
            v, reg = a[0], n[-3:]
            if reg == "pri":
                def op():
                    vm.pri = v; return nxt
            else:
                def op():
                    vm.alt = v; return nxt
            return op
        if n == "addr.pri":
            off = a[0]
            def op():
                vm.pri = vm.frm + off; return nxt
            return op
        if n == "addr.alt":
            off = a[0]
            def op():
                vm.alt = vm.frm + off; return nxt
            return op
        if n in ("stor.pri", "stor.alt"):
            x, reg = a[0], n[-3:]
            if global_ok(x):
                k = x >> 2
                if reg == "pri":
                    def op():
                        cells[k] = vm.pri; return nxt
                else:
                    def op():
                        cells[k] = vm.alt; return nxt
            else:
                def op():
                    wr(x, getattr(vm, reg)); return nxt
            return op
        if n == "stor.s.pri":
            off = a[0]
            if off & 3:
                def op():
                    wr(vm.frm + off, vm.pri); return nxt
            else:
                def op():           # an aligned frame slot: the frame is always valid stack memory
                    cells[(vm.frm + off) >> 2] = vm.pri; return nxt
            return op
        if n == "stor.s.alt":
            off = a[0]
            if off & 3:
                def op():
                    wr(vm.frm + off, vm.alt); return nxt
            else:
                def op():           # an aligned frame slot: the frame is always valid stack memory
                    cells[(vm.frm + off) >> 2] = vm.alt; return nxt
            return op
        if n == "sref.s.pri":
            off = a[0]
            def op():
                wr(rd(vm.frm + off), vm.pri); return nxt
            return op
        if n == "sref.s.alt":
            off = a[0]
            def op():
                wr(rd(vm.frm + off), vm.alt); return nxt
            return op
        if n == "stor.i":
            def op():
                wr(vm.alt, vm.pri); return nxt
            return op
        if n == "strb.i":
            width = a[0]
            def op():
                x = vm.alt
                if x < 0 or x >= stp or vm.hp <= x < vm.sp:
                    raise PluginRuntimeError(bad_addr)
                v = vm.pri
                if width == 1:
                    mem[x] = v & 0xFF
                elif width == 2:
                    mem[x] = v & 0xFF; mem[x + 1] = (v >> 8) & 0xFF
                else:
                    wr(x, v)
                return nxt
            return op
        if n == "lidx":
            def op():
                vm.pri = rd(vm.alt + vm.pri * 4); return nxt
            return op
        if n == "idxaddr":
            def op():
                vm.pri = wrap(vm.alt + vm.pri * 4); return nxt
            return op
        if n == "move.pri":
            def op():
                vm.pri = vm.alt; return nxt
            return op
        if n == "move.alt":
            def op():
                vm.alt = vm.pri; return nxt
            return op
        if n == "xchg":
            def op():
                vm.pri, vm.alt = vm.alt, vm.pri; return nxt
            return op
        if n == "push.pri":
            def op():
                sp = vm.sp - 4
                if sp <= vm.hp:
                    raise PluginRuntimeError(E.STACKLOW)
                cells[sp >> 2] = vm.pri; vm.sp = sp; return nxt
            return op
        if n == "push.alt":
            def op():
                push(vm.alt); return nxt
            return op
        if n.startswith("push") and n.endswith(".c") or n in ("push.c",):
            vals = tuple(a)
            if len(vals) == 1:
                v0 = vals[0]
                def op():
                    sp = vm.sp - 4
                    if sp <= vm.hp:
                        raise PluginRuntimeError(E.STACKLOW)
                    cells[sp >> 2] = v0; vm.sp = sp; return nxt
            else:
                def op():
                    for v in vals:
                        push(v)
                    return nxt
            return op
        if n.startswith("push") and n.endswith(".s"):
            offs = tuple(a)
            if len(offs) == 1:
                o0 = offs[0]
                def op():
                    push(rd(vm.frm + o0)); return nxt
            else:
                def op():
                    f = vm.frm
                    for o in offs:
                        push(rd(f + o))
                    return nxt
            return op
        if n.startswith("push") and n.endswith(".adr"):
            offs = tuple(a)
            def op():
                f = vm.frm
                for o in offs:
                    push(f + o)
                return nxt
            return op
        if n in ("push", "push2", "push3", "push4", "push5"):
            addrs = tuple(a)
            def op():
                for x in addrs:
                    push(rd(x))
                return nxt
            return op
        if n == "pop.pri":
            def op():
                vm.pri = pop(); return nxt
            return op
        if n == "pop.alt":
            def op():
                vm.alt = pop(); return nxt
            return op
        if n == "stack":
            amount = a[0]
            def op():
                new_sp = vm.sp + amount
                if amount < 0:
                    if new_sp < vm.hp + STACK_MARGIN:
                        raise PluginRuntimeError(E.STACKLOW)
                elif new_sp > stp:
                    raise PluginRuntimeError(E.STACKMIN)
                vm.alt = vm.sp; vm.sp = new_sp; return nxt
            return op
        if n == "heap":
            amount = a[0]
            def op():
                vm.alt = heap_alloc(amount); return nxt
            return op
        if n == "proc":
            def op():
                # pushAmxFrame: save FRM, save the heap scope in a heap cell, FRM = SP
                push(vm.frm)
                saved = heap_alloc(4)
                cells[saved >> 2] = vm.hp_scope
                push(saved)
                vm.frm = vm.sp
                return nxt
            return op
        if n == "retn":
            def op():
                # popAmxFrame
                vm.sp = vm.frm
                saved = pop()
                if saved < data_size or saved > vm.sp or saved & 3:
                    raise PluginRuntimeError(bad_addr)
                vm.hp_scope = cells[saved >> 2]
                vm.hp = saved
                vm.frm = pop()
                nargs = pop()
                new_sp = vm.sp + nargs * 4
                if nargs < 0 or new_sp > stp:
                    raise PluginRuntimeError(E.STACKMIN)
                vm.sp = new_sp
                return rets.pop()
            return op
        if n == "call":
            dest = self.target(a[0])
            def op():
                rets.append(nxt); return dest
            return op
        if n == "jump":
            dest = self.target(a[0])
            def op():
                return dest
            return op
        if n in ("jzer", "jnz", "jeq", "jneq", "jsless", "jsleq", "jsgrtr", "jsgeq"):
            dest = self.target(a[0])
            if n == "jzer":
                def op():
                    return dest if vm.pri == 0 else nxt
            elif n == "jnz":
                def op():
                    return dest if vm.pri != 0 else nxt
            elif n == "jeq":
                def op():
                    return dest if vm.pri == vm.alt else nxt
            elif n == "jneq":
                def op():
                    return dest if vm.pri != vm.alt else nxt
            elif n == "jsless":
                def op():
                    return dest if vm.pri < vm.alt else nxt
            elif n == "jsleq":
                def op():
                    return dest if vm.pri <= vm.alt else nxt
            elif n == "jsgrtr":
                def op():
                    return dest if vm.pri > vm.alt else nxt
            else:
                def op():
                    return dest if vm.pri >= vm.alt else nxt
            return op
        if n == "shl":
            def op():
                vm.pri = wrap(vm.pri << (vm.alt & 31)); return nxt
            return op
        if n == "shr":
            def op():
                vm.pri = wrap((vm.pri & 0xFFFFFFFF) >> (vm.alt & 31)); return nxt
            return op
        if n == "sshr":
            def op():
                vm.pri = vm.pri >> (vm.alt & 31); return nxt
            return op
        if n == "shl.c.pri":
            k = a[0] & 31
            def op():
                vm.pri = wrap(vm.pri << k); return nxt
            return op
        if n == "shl.c.alt":
            k = a[0] & 31
            def op():
                vm.alt = wrap(vm.alt << k); return nxt
            return op
        if n == "smul":
            def op():
                vm.pri = wrap(vm.pri * vm.alt); return nxt
            return op
        if n == "smul.c":
            k = a[0]
            def op():
                vm.pri = wrap(vm.pri * k); return nxt
            return op
        if n in ("sdiv", "sdiv.alt"):
            alt_form = n == "sdiv.alt"
            def op():
                dividend, divisor = (vm.alt, vm.pri) if alt_form else (vm.pri, vm.alt)
                if divisor == 0:
                    raise PluginRuntimeError(E.DIVIDE_BY_ZERO)
                if divisor == -1 and dividend == -2147483648:
                    raise PluginRuntimeError(E.INTEGER_OVERFLOW)
                q = abs(dividend) // abs(divisor)
                if (dividend < 0) != (divisor < 0):
                    q = -q
                vm.pri = q
                vm.alt = dividend - q * divisor
                return nxt
            return op
        if n == "add":
            def op():
                x = vm.pri + vm.alt
                vm.pri = x if -2147483648 <= x <= 2147483647 else wrap(x); return nxt
            return op
        if n == "add.c":
            k = a[0]
            def op():
                x = vm.pri + k
                vm.pri = x if -2147483648 <= x <= 2147483647 else wrap(x); return nxt
            return op
        if n == "sub":
            def op():
                x = vm.pri - vm.alt
                vm.pri = x if -2147483648 <= x <= 2147483647 else wrap(x); return nxt
            return op
        if n == "sub.alt":
            def op():
                x = vm.alt - vm.pri
                vm.pri = x if -2147483648 <= x <= 2147483647 else wrap(x); return nxt
            return op
        if n == "and":
            def op():
                vm.pri = vm.pri & vm.alt; return nxt
            return op
        if n == "or":
            def op():
                vm.pri = vm.pri | vm.alt; return nxt
            return op
        if n == "xor":
            def op():
                vm.pri = vm.pri ^ vm.alt; return nxt
            return op
        if n == "not":
            def op():
                vm.pri = 0 if vm.pri else 1; return nxt
            return op
        if n == "neg":
            def op():
                vm.pri = wrap(-vm.pri); return nxt
            return op
        if n == "invert":
            def op():
                vm.pri = ~vm.pri; return nxt
            return op
        if n == "zero.pri":
            def op():
                vm.pri = 0; return nxt
            return op
        if n == "zero.alt":
            def op():
                vm.alt = 0; return nxt
            return op
        if n == "zero":
            x = a[0]
            def op():
                wr(x, 0); return nxt
            return op
        if n == "zero.s":
            off = a[0]
            def op():
                wr(vm.frm + off, 0); return nxt
            return op
        if n in ("eq", "neq", "sless", "sleq", "sgrtr", "sgeq"):
            if n == "eq":
                def op():
                    vm.pri = 1 if vm.pri == vm.alt else 0; return nxt
            elif n == "neq":
                def op():
                    vm.pri = 1 if vm.pri != vm.alt else 0; return nxt
            elif n == "sless":
                def op():
                    vm.pri = 1 if vm.pri < vm.alt else 0; return nxt
            elif n == "sleq":
                def op():
                    vm.pri = 1 if vm.pri <= vm.alt else 0; return nxt
            elif n == "sgrtr":
                def op():
                    vm.pri = 1 if vm.pri > vm.alt else 0; return nxt
            else:
                def op():
                    vm.pri = 1 if vm.pri >= vm.alt else 0; return nxt
            return op
        if n == "eq.c.pri":
            k = a[0]
            def op():
                vm.pri = 1 if vm.pri == k else 0; return nxt
            return op
        if n == "eq.c.alt":
            k = a[0]
            def op():
                vm.pri = 1 if vm.alt == k else 0; return nxt
            return op
        if n in ("inc.pri", "inc.alt", "dec.pri", "dec.alt"):
            reg, delta = n[-3:], (1 if n.startswith("inc") else -1)
            def op():
                setattr(vm, reg, wrap(getattr(vm, reg) + delta)); return nxt
            return op
        if n in ("inc", "dec"):
            x, delta = a[0], (1 if n == "inc" else -1)
            def op():
                wr(x, wrap(rd(x) + delta)); return nxt
            return op
        if n in ("inc.s", "dec.s"):
            off, delta = a[0], (1 if n == "inc.s" else -1)
            def op():
                x = vm.frm + off
                wr(x, wrap(rd(x) + delta)); return nxt
            return op
        if n in ("inc.i", "dec.i"):
            delta = 1 if n == "inc.i" else -1
            def op():
                x = vm.pri
                wr(x, wrap(rd(x) + delta)); return nxt
            return op
        if n == "movs":
            nbytes = a[0]
            def op():
                src, dst = vm.pri, vm.alt
                vm.check_range(src, nbytes)
                vm.check_range(dst, nbytes)
                mem[dst: dst + nbytes] = mem[src: src + nbytes]
                return nxt
            return op
        if n == "fill":
            nbytes = a[0]
            def op():
                dst = vm.alt
                vm.check_range(dst, nbytes)
                ncell = nbytes // 4
                if ncell:
                    struct.pack_into(f"<{ncell}i", mem, dst, *([vm.pri] * ncell))
                return nxt
            return op
        if n == "halt":
            return self.invalid("halt")
        if n == "bounds":
            limit = a[0]
            def op():
                if (vm.pri & 0xFFFFFFFF) > limit:
                    if limit == 0x7FFFFFFF:         # a dynamic array: the compiler does not know its size
                        raise PluginRuntimeError(f"Array index out-of-bounds (index {vm.pri})")
                    raise PluginRuntimeError(f"Array index out-of-bounds (index {vm.pri}, limit {limit + 1})")
                return nxt
            return op
        if n in ("sysreq.c", "sysreq.n"):
            return self.native_call(a[0], a[1] if n == "sysreq.n" else None, nxt)
        if n == "switch":
            return self.switch(a[0])
        if n == "casetbl":
            def op():
                raise PluginRuntimeError(f"{E.INVALID_INSTRUCTION} (casetbl executed)")
            return op
        if n in ("swap.pri", "swap.alt"):
            reg = n[-3:]
            def op():
                x = vm.sp
                if x >= stp:
                    raise PluginRuntimeError(E.STACKMIN)
                top = cells[x >> 2]
                cells[x >> 2] = getattr(vm, reg)
                setattr(vm, reg, top)
                return nxt
            return op
        if n in ("nop", "break"):
            def op():
                return nxt
            return op
        if n in ("const", "const.s"):
            x, v = a
            stack_rel = n == "const.s"
            def op():
                wr(vm.frm + x if stack_rel else x, v); return nxt
            return op
        if n in ("genarray", "genarray.z"):
            dims, autozero = a[0], n == "genarray.z"
            def op():
                _genarray(vm, dims, autozero); return nxt
            return op
        if n == "stradjust.pri":
            def op():
                vm.pri = (vm.pri + 4) >> 2; return nxt
            return op
        if n in ("initarray.pri", "initarray.alt"):
            use_pri = n == "initarray.pri"
            dat_addr, iv_size, copy_size, fill_size, fill_value = a
            def op():
                _initarray(vm, vm.pri if use_pri else vm.alt, dat_addr, iv_size, copy_size, fill_size, fill_value)
                return nxt
            return op
        if n == "heap.save":
            def op():
                old = vm.hp_scope
                vm.hp_scope = heap_alloc(4)
                cells[vm.hp_scope >> 2] = old
                return nxt
            return op
        if n == "heap.restore":
            def op():
                x = vm.hp_scope
                if x < data_size or x >= vm.hp or x & 3:
                    raise PluginRuntimeError(bad_addr)
                prev = cells[x >> 2]
                vm.hp = x
                vm.hp_scope = prev
                return nxt
            return op
        if n == "trk.push.c":
            amount = a[0]
            def op():
                x = heap_alloc(4)
                cells[x >> 2] = amount
                return nxt
            return op
        if n == "trk.pop":
            def op():
                hp = vm.hp - 4
                if hp < data_size:
                    raise PluginRuntimeError("Tracker stack is out of bounds")
                amount = cells[hp >> 2]
                if amount < 0 or hp - data_size < amount:
                    raise PluginRuntimeError("Tracker stack is out of bounds")
                vm.hp = hp - amount
                return nxt
            return op
        if n in ("endproc", "none"):
            return self.invalid(n)
        if n in _FLOAT_OPS:
            return _float_op(n, vm, pop, nxt)
        return self.invalid(n)

    def switch(self, tbl_addr: int):
        code, ncells = self.code, self.ncells
        k = tbl_addr >> 2
        if tbl_addr & 3 or k + 2 >= ncells or OPCODES.get(code[k], ("",))[0] != "casetbl":
            return self.invalid("switch without a case table")
        ncases, default = code[k + 1], self.target(code[k + 2])
        table: dict[int, int] = {}
        for c in range(max(0, ncases)):
            value, dest = code[k + 3 + 2 * c], code[k + 4 + 2 * c]
            table.setdefault(value, self.target(dest))
        vm = self.vm
        get = table.get

        def op():
            return get(vm.pri, default)
        return op

    def native_call(self, index: int, nargs: int | None, nxt: int):
        vm = self.vm
        cells = vm.cells
        if not 0 <= index < len(vm.natives):
            return self.invalid(f"native #{index} does not exist")
        fn = vm.natives[index]
        native_name = vm.native_names[index]

        def op():
            sp = vm.sp
            if nargs is not None:
                sp -= 4
                if sp <= vm.hp:
                    raise PluginRuntimeError(E.STACKLOW)
                cells[sp >> 2] = nargs
                vm.sp = sp
            count = cells[sp >> 2]
            base = sp >> 2
            if count < 0 or sp + 4 * count >= vm.stp:
                raise PluginRuntimeError("Invalid parameter or parameter type")
            params = cells[base: base + count + 1].tolist()
            hp = vm.hp
            try:
                result = fn(params)
            except PluginRuntimeError as exc:
                if exc.native is None:
                    exc.native = native_name
                raise
            vm.sp, vm.hp = sp, hp
            vm.pri = result if type(result) is int and -2147483648 <= result <= 2147483647 else to_cell(result)
            if nargs is not None:
                vm.sp = sp + 4 * (nargs + 1)
            return nxt
        return op


def _genarray(vm, dims: int, autozero: bool) -> None:
    """GENARRAY: the dimension sizes are on the stack (innermost first); leaves the array address there."""
    sp = vm.sp
    if dims <= 0 or sp + 4 * dims > vm.stp:
        raise PluginRuntimeError("Invalid parameter or parameter type")
    argv = vm.cells[sp >> 2: (sp >> 2) + dims].tolist()
    if dims == 1:
        size = argv[0] & 0xFFFFFFFF
        if size == 0:
            raise PluginRuntimeError(E.INVALID_ARRAY_SIZE)
        nbytes = size * 4
        if nbytes > 0xFFFFFFFF:
            raise PluginRuntimeError(E.ARRAY_TOO_BIG)
        if vm.hp + nbytes >= sp:
            raise PluginRuntimeError(E.HEAPLOW)
        base = vm.hp
        vm.hp += nbytes
        if autozero:
            vm.mem[base: base + nbytes] = bytes(nbytes)
        vm.cells[sp >> 2] = base
        return
    # multi-dimensional: indirection vectors then data (generateFullArray)
    if argv[0] <= 0:
        raise PluginRuntimeError(E.ARRAY_TOO_BIG)
    cells_needed = argv[0]
    iv_size = 0
    for dim in range(1, dims):
        dimsize = argv[dim]
        if dimsize <= 0:
            raise PluginRuntimeError(E.ARRAY_TOO_BIG)
        cells_needed = cells_needed * dimsize + dimsize
        iv_size = iv_size * dimsize + dimsize * 4
        if cells_needed > 0x3FFFFFFF:
            raise PluginRuntimeError(E.ARRAY_TOO_BIG)
    nbytes = cells_needed * 4
    base = vm.hp
    if base + nbytes >= sp - STACK_MARGIN:
        raise PluginRuntimeError(E.HEAPLOW)
    if autozero:
        vm.mem[base + iv_size: base + nbytes] = bytes(nbytes - iv_size)
    if vm.smx.direct_arrays:
        state = {"iv": 0, "data": iv_size}

        def gen(dim: int) -> int:
            if dim == 0:
                offset = state["data"]
                state["data"] += argv[0] * 4
                return offset
            iv_base = state["iv"]
            state["iv"] += argv[dim] * 4
            for k in range(argv[dim]):
                vm.cells[(base + iv_base + k * 4) >> 2] = base + gen(dim - 1)
            return iv_base
        gen(dims - 1)
    else:
        _relative_ivs(vm, base, argv, dims)
    vm.hp = base + nbytes
    vm.sp = sp + 4 * (dims - 1)
    vm.cells[vm.sp >> 2] = base


def _relative_ivs(vm, base: int, argv: list[int], dims: int) -> None:
    """Old-style (relative offset) indirection vectors, for plugins compiled without DirectArrays."""
    dim_list = list(reversed(argv))
    count = len(dim_list)

    def calc(dim: int) -> int:
        size = dim_list[dim]
        if dim < count - 2:
            size += dim_list[dim] * calc(dim + 1)
        return size

    data_offs = [calc(0)]

    def inner(dim: int, cur: int) -> int:
        write = cur
        cur += dim_list[dim]
        if count > 2 and dim < count - 2:
            for _ in range(dim_list[dim]):
                vm.cells[(base >> 2) + write] = (cur - write) * 4
                write += 1
                cur = inner(dim + 1, cur)
        else:
            for _ in range(dim_list[dim]):
                vm.cells[(base >> 2) + write] = (data_offs[0] - write) * 4
                write += 1
                data_offs[0] += dim_list[dim + 1]
        return cur
    inner(0, 0)


def _initarray(vm, array_addr: int, dat_addr: int, iv_size: int, copy_size: int, fill_size: int,
               fill_value: int) -> None:
    if vm.bad(array_addr) or iv_size < 0 or copy_size < 0 or fill_size < 0:
        raise PluginRuntimeError(E.INVALID_ADDRESS)
    data_vec = array_addr + iv_size * 4
    if data_vec + (copy_size + fill_size) * 4 > vm.memsize:
        raise PluginRuntimeError(E.INVALID_ADDRESS)
    if iv_size or copy_size:
        if vm.bad(dat_addr) or dat_addr + (iv_size + copy_size) * 4 > vm.data_size:
            raise PluginRuntimeError(E.INVALID_ADDRESS)
        tpl = vm.cells[dat_addr >> 2: (dat_addr >> 2) + iv_size + copy_size].tolist()
        for k in range(iv_size):
            vm.cells[(array_addr >> 2) + k] = wrap(tpl[k] + array_addr)
        if copy_size:
            vm.cells[data_vec >> 2: (data_vec >> 2) + copy_size] = array.array("i", tpl[iv_size:])
    if fill_size:
        start = (data_vec >> 2) + copy_size
        vm.cells[start: start + fill_size] = array.array("i", [fill_value]) * fill_size


_FLOAT_OPS = {"fabs", "float", "float.add", "float.sub", "float.mul", "float.div", "round", "floor", "ceil",
              "rndtozero", "float.cmp", "float.gt", "float.ge", "float.lt", "float.le", "float.ne", "float.eq",
              "float.not"}


def _float_op(name: str, vm, pop, nxt: int):
    """The float opcodes (SourceMod 1.11's spcomp calls natives instead; kept for other compilers)."""
    def binary(fn):
        def op():
            left, right = ctof(pop()), ctof(pop())
            vm.pri = ftoc(fn(left, right)); return nxt
        return op

    def compare(fn):
        def op():
            left, right = ctof(pop()), ctof(pop())
            vm.pri = 0 if (math.isnan(left) or math.isnan(right)) else int(fn(left, right)); return nxt
        return op

    def unary_int(fn):
        def op():
            f = ctof(pop())
            vm.pri = wrap(int(fn(f))) if math.isfinite(f) else -2147483648; return nxt
        return op

    if name == "fabs":
        def op():
            vm.pri = pop() & 0x7FFFFFFF; return nxt
        return op
    if name == "float":
        def op():
            vm.pri = ftoc(float(pop())); return nxt
        return op
    table = {
        "float.add": lambda: binary(lambda a, b: a + b),
        "float.sub": lambda: binary(lambda a, b: a - b),
        "float.mul": lambda: binary(lambda a, b: a * b),
        "float.div": lambda: binary(lambda a, b: a / b if b else math.copysign(math.inf, a) if a else math.nan),
        "round": lambda: unary_int(lambda f: round(f)),
        "floor": lambda: unary_int(math.floor),
        "ceil": lambda: unary_int(math.ceil),
        "rndtozero": lambda: unary_int(math.trunc),
        "float.cmp": lambda: binary_cmp(),
        "float.gt": lambda: compare(lambda a, b: a > b),
        "float.ge": lambda: compare(lambda a, b: a >= b),
        "float.lt": lambda: compare(lambda a, b: a < b),
        "float.le": lambda: compare(lambda a, b: a <= b),
        "float.ne": lambda: compare(lambda a, b: a != b),
        "float.eq": lambda: compare(lambda a, b: a == b),
    }

    def binary_cmp():
        def op():
            left, right = ctof(pop()), ctof(pop())
            vm.pri = 1 if left > right else (-1 if left < right else 0); return nxt
        return op

    if name == "float.not":
        def op():
            f = ctof(pop())
            vm.pri = 1 if (math.isnan(f) or f == 0) else 0; return nxt
        return op
    return table[name]()
