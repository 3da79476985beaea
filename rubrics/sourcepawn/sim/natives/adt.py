"""Handles and containers: CloseHandle, ArrayList, StringMap (+ snapshots), ArrayStack, DataPack.

Containers hold cells. Strings stored in an array block are packed four bytes per cell, as in SourceMod, so a
block of N cells holds a string of at most 4*N-1 bytes. Index errors use SourceMod's texts.
"""

from __future__ import annotations

import struct

from ..cells import ctof
from ..errors import PluginRuntimeError
from ..game import ConVar, GameEvent, Timer
from .base import arg, native, put, s, set_cell


def pack_string(text: bytes, cells: int) -> list[int]:
    raw = text[: max(0, cells * 4 - 1)]
    raw = raw + b"\0" * (cells * 4 - len(raw))
    return list(struct.unpack(f"<{cells}i", raw))


def unpack_string(values: list[int]) -> bytes:
    raw = struct.pack(f"<{len(values)}i", *values)
    return raw.split(b"\0", 1)[0]


# ---- generic handles ---------------------------------------------------------------------------------------------

@native("CloseHandle")
def CloseHandle(g, p):
    h = p[1]
    if h == 0:
        return False
    obj = g.handles.objects.get(h)
    if obj is None:
        g.handles.get(h, object)            # raises SourceMod's "Invalid Handle" error
    if isinstance(obj, Timer):
        from .timers import kill
        kill(g, obj)
        return True
    if isinstance(obj, ConVar):
        return False                        # convar handles are not closable; SourceMod ignores the request
    if isinstance(obj, GameEvent):
        if not obj.fired:
            g.handles.free(h)
        return True
    g.handles.free(h)
    return True


@native("CloneHandle")
def CloneHandle(g, p):
    obj = g.handles.get(p[1], object)
    return g.handles.new(obj)


@native("IsValidHandle")
def IsValidHandle(g, p):
    return p[1] in g.handles.objects


# ---- ArrayList -----------------------------------------------------------------------------------------------------

MAX_CELLS = 1 << 24        # cells one container may hold (64 MiB); more is a runaway plugin


class ArrayList:
    def __init__(self, blocksize: int, size: int = 0):
        if blocksize > 1 << 16 or blocksize * max(0, size) > MAX_CELLS:
            raise PluginRuntimeError(f"Failed to create array (block size {blocksize}, size {size})")
        self.blocksize = max(1, blocksize)
        self.items: list[list[int]] = [[0] * self.blocksize for _ in range(max(0, size))]


def alist(g, h: int) -> ArrayList:
    return g.handles.get(h, ArrayList)


def _index(a: ArrayList, index: int) -> None:
    if index < 0 or index >= len(a.items):
        raise PluginRuntimeError(f"Invalid index {index} (count: {len(a.items)})")


def _room(a: ArrayList) -> ArrayList:
    if (len(a.items) + 1) * a.blocksize > MAX_CELLS:
        raise PluginRuntimeError(f"Failed to grow array: {len(a.items)} items of {a.blocksize} cells is the limit")
    return a


def _block(a: ArrayList, block: int) -> None:
    if block < 0 or block >= a.blocksize:
        raise PluginRuntimeError(f"Invalid block {block} (blocksize: {a.blocksize})")


@native("ArrayList.ArrayList", "CreateArray")
def ArrayList_new(g, p):
    blocksize, size = arg(p, 1, 1), arg(p, 2, 0)
    if blocksize < 1:
        raise PluginRuntimeError("Invalid block size (must be > 0)")
    if size < 0:
        raise PluginRuntimeError("Invalid array size (must be >= 0)")
    return g.handles.new(ArrayList(blocksize, size))


@native("ArrayList.Clear", "ClearArray")
def ArrayList_Clear(g, p):
    alist(g, p[1]).items.clear()


@native("ArrayList.Clone", "CloneArray")
def ArrayList_Clone(g, p):
    a = alist(g, p[1])
    b = ArrayList(a.blocksize)
    b.items = [list(x) for x in a.items]
    return g.handles.new(b)


@native("ArrayList.Resize", "ResizeArray")
def ArrayList_Resize(g, p):
    a = alist(g, p[1])
    n = p[2]
    if n < 0 or n * a.blocksize > MAX_CELLS:
        raise PluginRuntimeError(f"Invalid array size: {n}")
    if n < len(a.items):
        del a.items[n:]
    else:
        a.items.extend([0] * a.blocksize for _ in range(n - len(a.items)))
    return True


@native("ArrayList.Length.get", "GetArraySize")
def ArrayList_Length(g, p):
    return len(alist(g, p[1]).items)


@native("ArrayList.BlockSize.get", "GetArrayBlockSize")
def ArrayList_BlockSize(g, p):
    return alist(g, p[1]).blocksize


@native("ArrayList.Push", "PushArrayCell")
def ArrayList_Push(g, p):
    a = _room(alist(g, p[1]))
    a.items.append([p[2]] + [0] * (a.blocksize - 1))
    return len(a.items) - 1


@native("ArrayList.PushString", "PushArrayString")
def ArrayList_PushString(g, p):
    a = _room(alist(g, p[1]))
    a.items.append(pack_string(g.vm.read_bytes(p[2]), a.blocksize))
    return len(a.items) - 1


def _array_arg(g, a: ArrayList, addr: int, size: int) -> list[int]:
    n = a.blocksize if size == -1 else min(size, a.blocksize)
    values = g.vm.read_cells(addr, n) if n > 0 else []
    return values + [0] * (a.blocksize - len(values))


@native("ArrayList.PushArray", "PushArrayArray")
def ArrayList_PushArray(g, p):
    a = _room(alist(g, p[1]))
    a.items.append(_array_arg(g, a, p[2], arg(p, 3, -1)))
    return len(a.items) - 1


@native("ArrayList.Get", "GetArrayCell")
def ArrayList_Get(g, p):
    a = alist(g, p[1])
    _index(a, p[2])
    block, as_char = arg(p, 3), arg(p, 4)
    if as_char:
        raw = struct.pack(f"<{a.blocksize}i", *a.items[p[2]])
        if block < 0 or block >= len(raw):
            raise PluginRuntimeError(f"Invalid block {block} (blocksize: {a.blocksize})")
        return raw[block]
    _block(a, block)
    return a.items[p[2]][block]


@native("ArrayList.GetString", "GetArrayString")
def ArrayList_GetString(g, p):
    a = alist(g, p[1])
    _index(a, p[2])
    return put(g, p[3], p[4], unpack_string(a.items[p[2]]))


@native("ArrayList.GetArray", "GetArrayArray")
def ArrayList_GetArray(g, p):
    a = alist(g, p[1])
    _index(a, p[2])
    size = arg(p, 4, -1)
    n = a.blocksize if size == -1 else min(size, a.blocksize)
    g.vm.write_cells(p[3], a.items[p[2]][:n])
    return n


@native("ArrayList.Set", "SetArrayCell")
def ArrayList_Set(g, p):
    a = alist(g, p[1])
    _index(a, p[2])
    block, as_char = arg(p, 4), arg(p, 5)
    if as_char:
        raw = bytearray(struct.pack(f"<{a.blocksize}i", *a.items[p[2]]))
        if block < 0 or block >= len(raw):
            raise PluginRuntimeError(f"Invalid block {block} (blocksize: {a.blocksize})")
        raw[block] = p[3] & 0xFF
        a.items[p[2]] = list(struct.unpack(f"<{a.blocksize}i", bytes(raw)))
        return
    _block(a, block)
    a.items[p[2]][block] = p[3]


@native("ArrayList.SetString", "SetArrayString")
def ArrayList_SetString(g, p):
    a = alist(g, p[1])
    _index(a, p[2])
    raw = g.vm.read_bytes(p[3])
    a.items[p[2]] = pack_string(raw, a.blocksize)
    return min(len(raw), a.blocksize * 4 - 1)


@native("ArrayList.SetArray", "SetArrayArray")
def ArrayList_SetArray(g, p):
    a = alist(g, p[1])
    _index(a, p[2])
    a.items[p[2]] = _array_arg(g, a, p[3], arg(p, 4, -1))
    return a.blocksize


@native("ArrayList.ShiftUp", "ShiftArrayUp")
def ArrayList_ShiftUp(g, p):
    a = _room(alist(g, p[1]))
    _index(a, p[2])
    a.items.insert(p[2], [0] * a.blocksize)


@native("ArrayList.Erase", "RemoveFromArray")
def ArrayList_Erase(g, p):
    a = alist(g, p[1])
    _index(a, p[2])
    del a.items[p[2]]


@native("ArrayList.SwapAt", "SwapArrayItems")
def ArrayList_SwapAt(g, p):
    a = alist(g, p[1])
    _index(a, p[2])
    _index(a, p[3])
    a.items[p[2]], a.items[p[3]] = a.items[p[3]], a.items[p[2]]


@native("ArrayList.FindString", "FindStringInArray")
def ArrayList_FindString(g, p):
    a = alist(g, p[1])
    needle = g.vm.read_bytes(p[2])
    for i, item in enumerate(a.items):
        if unpack_string(item) == needle:
            return i
    return -1


@native("ArrayList.FindValue", "FindValueInArray")
def ArrayList_FindValue(g, p):
    a = alist(g, p[1])
    block = arg(p, 3)
    _block(a, block)
    for i, item in enumerate(a.items):
        if item[block] == p[2]:
            return i
    return -1


SORT_ASC, SORT_DESC, SORT_RANDOM = 0, 1, 2
SORT_INT, SORT_FLOAT, SORT_STRING = 0, 1, 2


@native("ArrayList.Sort", "SortADTArray")
def ArrayList_Sort(g, p):
    a = alist(g, p[1])
    order, kind = p[2], p[3]
    if order == SORT_RANDOM:
        g.rng.shuffle(a.items)
        return
    key = {SORT_INT: lambda x: x[0], SORT_FLOAT: lambda x: ctof(x[0]),
           SORT_STRING: lambda x: unpack_string(x)}.get(kind, lambda x: x[0])
    a.items.sort(key=key, reverse=order == SORT_DESC)


@native("ArrayList.SortCustom", "SortADTArrayCustom")
def ArrayList_SortCustom(g, p):
    a = alist(g, p[1])
    func, extra = p[2], arg(p, 3)
    import functools

    def compare(i, j):
        result = g.call(func, [i, j, p[1], extra])
        return result or 0

    order = list(range(len(a.items)))
    snapshot = [list(x) for x in a.items]
    # the comparator receives indexes into the array as it is while sorting: keep it stable during the sort
    order.sort(key=functools.cmp_to_key(compare))
    a.items = [snapshot[i] for i in order]


# ---- StringMap -------------------------------------------------------------------------------------------------------

class StringMap:
    def __init__(self):
        self.data: dict[str, tuple[str, object]] = {}


class Snapshot:
    def __init__(self, keys: list[str]):
        self.keys = keys


def smap(g, h: int) -> StringMap:
    return g.handles.get(h, StringMap)


@native("StringMap.StringMap", "CreateTrie")
def StringMap_new(g, p):
    return g.handles.new(StringMap())


@native("StringMap.Clone")
def StringMap_Clone(g, p):
    m = StringMap()
    m.data = dict(smap(g, p[1]).data)
    return g.handles.new(m)


def _set(g, p, entry, replace_i: int) -> bool:
    m = smap(g, p[1])
    key = s(g, p[2])
    if key in m.data and not arg(p, replace_i, 1):
        return False
    m.data[key] = entry
    return True


@native("StringMap.SetValue", "SetTrieValue")
def StringMap_SetValue(g, p):
    return _set(g, p, ("cell", p[3]), 4)


@native("StringMap.SetArray", "SetTrieArray")
def StringMap_SetArray(g, p):
    values = g.vm.read_cells(p[3], max(0, p[4]))
    return _set(g, p, ("array", values), 5)


@native("StringMap.SetString", "SetTrieString")
def StringMap_SetString(g, p):
    return _set(g, p, ("string", g.vm.read_bytes(p[3])), 4)


@native("StringMap.GetValue", "GetTrieValue")
def StringMap_GetValue(g, p):
    entry = smap(g, p[1]).data.get(s(g, p[2]))
    if entry is None or entry[0] != "cell":
        return False
    set_cell(g, p[3], entry[1])
    return True


@native("StringMap.GetArray", "GetTrieArray")
def StringMap_GetArray(g, p):
    entry = smap(g, p[1]).data.get(s(g, p[2]))
    if entry is None or entry[0] == "string":
        return False
    values = [entry[1]] if entry[0] == "cell" else entry[1]
    values = values[: max(0, p[4])]
    g.vm.write_cells(p[3], values)
    if p[0] >= 5:
        set_cell(g, p[5], len(values))
    return True


@native("StringMap.GetString", "GetTrieString")
def StringMap_GetString(g, p):
    entry = smap(g, p[1]).data.get(s(g, p[2]))
    if entry is None or entry[0] != "string":
        return False
    written = put(g, p[3], p[4], entry[1])
    if p[0] >= 5:
        set_cell(g, p[5], written)
    return True


@native("StringMap.ContainsKey")
def StringMap_ContainsKey(g, p):
    return s(g, p[2]) in smap(g, p[1]).data


@native("StringMap.Remove", "RemoveFromTrie")
def StringMap_Remove(g, p):
    return smap(g, p[1]).data.pop(s(g, p[2]), None) is not None


@native("StringMap.Clear", "ClearTrie")
def StringMap_Clear(g, p):
    smap(g, p[1]).data.clear()


@native("StringMap.Size.get", "GetTrieSize")
def StringMap_Size(g, p):
    return len(smap(g, p[1]).data)


@native("StringMap.Snapshot", "CreateTrieSnapshot")
def StringMap_Snapshot(g, p):
    return g.handles.new(Snapshot(list(smap(g, p[1]).data)))


def snap(g, h: int) -> Snapshot:
    return g.handles.get(h, Snapshot)


def _snap_key(g, h: int, index: int) -> str:
    keys = snap(g, h).keys
    if index < 0 or index >= len(keys):
        raise PluginRuntimeError(f"Invalid index {index}")
    return keys[index]


@native("StringMapSnapshot.Length.get", "TrieSnapshotLength")
def Snapshot_Length(g, p):
    return len(snap(g, p[1]).keys)


@native("StringMapSnapshot.KeyBufferSize", "TrieSnapshotKeyBufferSize")
def Snapshot_KeyBufferSize(g, p):
    return len(_snap_key(g, p[1], p[2]).encode()) + 1


@native("StringMapSnapshot.GetKey", "GetTrieSnapshotKey")
def Snapshot_GetKey(g, p):
    return put(g, p[3], p[4], _snap_key(g, p[1], p[2]))


# ---- ArrayStack ------------------------------------------------------------------------------------------------------

class ArrayStack(ArrayList):
    pass


def astack(g, h: int) -> ArrayStack:
    return g.handles.get(h, ArrayStack)


@native("ArrayStack.ArrayStack", "CreateStack")
def ArrayStack_new(g, p):
    return g.handles.new(ArrayStack(arg(p, 1, 1)))


@native("ArrayStack.Clear")
def ArrayStack_Clear(g, p):
    astack(g, p[1]).items.clear()


@native("ArrayStack.Clone")
def ArrayStack_Clone(g, p):
    a = astack(g, p[1])
    b = ArrayStack(a.blocksize)
    b.items = [list(x) for x in a.items]
    return g.handles.new(b)


@native("ArrayStack.Push", "PushStackCell")
def ArrayStack_Push(g, p):
    a = _room(astack(g, p[1]))
    a.items.append([p[2]] + [0] * (a.blocksize - 1))


@native("ArrayStack.PushString", "PushStackString")
def ArrayStack_PushString(g, p):
    a = _room(astack(g, p[1]))
    a.items.append(pack_string(g.vm.read_bytes(p[2]), a.blocksize))


@native("ArrayStack.PushArray", "PushStackArray")
def ArrayStack_PushArray(g, p):
    a = _room(astack(g, p[1]))
    a.items.append(_array_arg(g, a, p[2], arg(p, 3, -1)))


def _pop(a: ArrayStack) -> list[int]:
    if not a.items:
        raise PluginRuntimeError("stack is empty")
    return a.items.pop()


@native("ArrayStack.Pop")
def ArrayStack_Pop(g, p):
    item = _pop(astack(g, p[1]))
    return item[arg(p, 2)] if 0 <= arg(p, 2) < len(item) else 0


@native("ArrayStack.PopString")
def ArrayStack_PopString(g, p):
    written = put(g, p[2], p[3], unpack_string(_pop(astack(g, p[1]))))
    if p[0] >= 4:
        set_cell(g, p[4], written)


@native("ArrayStack.PopArray")
def ArrayStack_PopArray(g, p):
    item = _pop(astack(g, p[1]))
    size = arg(p, 3, -1)
    g.vm.write_cells(p[2], item if size == -1 else item[:size])


@native("PopStackCell")
def PopStackCell(g, p):
    a = astack(g, p[1])
    if not a.items:
        return False
    item = a.items.pop()
    set_cell(g, p[2], item[arg(p, 3)] if 0 <= arg(p, 3) < len(item) else 0)
    return True


@native("PopStackString")
def PopStackString(g, p):
    a = astack(g, p[1])
    if not a.items:
        return False
    written = put(g, p[2], p[3], unpack_string(a.items.pop()))
    if p[0] >= 4:
        set_cell(g, p[4], written)
    return True


@native("PopStackArray")
def PopStackArray(g, p):
    a = astack(g, p[1])
    if not a.items:
        return False
    item = a.items.pop()
    size = arg(p, 3, -1)
    g.vm.write_cells(p[2], item if size == -1 else item[:size])
    return True


@native("ArrayStack.Empty.get", "IsStackEmpty")
def ArrayStack_Empty(g, p):
    return not astack(g, p[1]).items


@native("ArrayStack.BlockSize.get")
def ArrayStack_BlockSize(g, p):
    return astack(g, p[1]).blocksize


# ---- DataPack ------------------------------------------------------------------------------------------------------

class DataPack:
    def __init__(self):
        self.items: list[tuple[str, object]] = []
        self.pos = 0


def pack(g, h: int) -> DataPack:
    return g.handles.get(h, DataPack)


@native("DataPack.DataPack", "CreateDataPack")
def DataPack_new(g, p):
    return g.handles.new(DataPack())


def _write(d: DataPack, item, insert: bool) -> None:
    if insert:
        d.items.insert(d.pos, item)
    else:
        del d.items[d.pos:]
        d.items.append(item)
    d.pos += 1


@native("DataPack.WriteCell", "WritePackCell")
def WriteCell(g, p):
    _write(pack(g, p[1]), ("cell", p[2]), bool(arg(p, 3)))


@native("DataPack.WriteFloat", "WritePackFloat")
def WriteFloat(g, p):
    _write(pack(g, p[1]), ("float", p[2]), bool(arg(p, 3)))


@native("DataPack.WriteString", "WritePackString")
def WriteString(g, p):
    _write(pack(g, p[1]), ("string", g.vm.read_bytes(p[2])), bool(arg(p, 3)))


@native("DataPack.WriteFunction", "WritePackFunction")
def WriteFunction(g, p):
    _write(pack(g, p[1]), ("function", p[2]), bool(arg(p, 3)))


@native("DataPack.WriteCellArray")
def WriteCellArray(g, p):
    _write(pack(g, p[1]), ("cellarray", g.vm.read_cells(p[2], max(0, p[3]))), bool(arg(p, 4)))


@native("DataPack.WriteFloatArray")
def WriteFloatArray(g, p):
    _write(pack(g, p[1]), ("floatarray", g.vm.read_cells(p[2], max(0, p[3]))), bool(arg(p, 4)))


def _read(d: DataPack, kind: str):
    if d.pos >= len(d.items):
        raise PluginRuntimeError("DataPack operation is out of bounds.")
    got, value = d.items[d.pos]
    if got != kind:
        names = {"cell": 1, "float": 2, "string": 3, "function": 4, "cellarray": 5, "floatarray": 6}
        raise PluginRuntimeError(f"Invalid data pack type (got {names[got]} / expected {names[kind]}).")
    d.pos += 1
    return value


@native("DataPack.ReadCell", "ReadPackCell")
def ReadCell(g, p):
    return _read(pack(g, p[1]), "cell")


@native("DataPack.ReadFloat", "ReadPackFloat")
def ReadFloat(g, p):
    return _read(pack(g, p[1]), "float")


@native("DataPack.ReadString", "ReadPackString")
def ReadString(g, p):
    put(g, p[2], p[3], _read(pack(g, p[1]), "string"))


@native("DataPack.ReadFunction", "ReadPackFunction")
def ReadFunction(g, p):
    return _read(pack(g, p[1]), "function")


@native("DataPack.ReadCellArray", "DataPack.ReadFloatArray")
def ReadCellArray(g, p):
    d = pack(g, p[1])
    kind = d.items[d.pos][0] if d.pos < len(d.items) else "cellarray"
    values = _read(d, "floatarray" if kind == "floatarray" else "cellarray")
    g.vm.write_cells(p[2], values[: max(0, p[3])])


@native("DataPack.Reset", "ResetPack")
def Reset(g, p):
    d = pack(g, p[1])
    if arg(p, 2):
        d.items.clear()
    d.pos = 0


@native("DataPack.Position.get", "GetPackPosition")
def Position_get(g, p):
    return pack(g, p[1]).pos


@native("DataPack.Position.set", "SetPackPosition")
def Position_set(g, p):
    d = pack(g, p[1])
    if p[2] < 0 or p[2] > len(d.items):
        raise PluginRuntimeError(f"Invalid DataPack position, {p[2]} is out of bounds (0-{len(d.items)})")
    d.pos = p[2]


@native("DataPack.IsReadable", "IsPackReadable")
def IsReadable(g, p):
    d = pack(g, p[1])
    return d.pos < len(d.items)




# ---- sorting.inc: sorting plugin arrays in place ----------------------------------------------------------------

def _sort_values(g, values: list, order: int, key=None) -> list:
    if order == SORT_RANDOM:
        g.rng.shuffle(values)
        return values
    return sorted(values, key=key, reverse=order == SORT_DESC)


@native("SortIntegers")
def SortIntegers(g, p):
    values = g.vm.read_cells(p[1], max(0, p[2]))
    g.vm.write_cells(p[1], _sort_values(g, values, arg(p, 3)))


@native("SortFloats")
def SortFloats(g, p):
    values = g.vm.read_cells(p[1], max(0, p[2]))
    g.vm.write_cells(p[1], _sort_values(g, values, arg(p, 3), key=ctof))


def _rows(g, base: int, count: int) -> list[int]:
    """Row addresses of a 2-D array (its indirection vector holds absolute addresses with DirectArrays,
    offsets relative to each entry otherwise)."""
    iv = g.vm.read_cells(base, count)
    if g.smx.direct_arrays:
        return iv
    return [base + 4 * k + off for k, off in enumerate(iv)]


def _write_rows(g, base: int, rows: list[int]) -> None:
    if g.smx.direct_arrays:
        g.vm.write_cells(base, rows)
    else:
        g.vm.write_cells(base, [row - (base + 4 * k) for k, row in enumerate(rows)])


@native("SortStrings")
def SortStrings(g, p):
    rows = _rows(g, p[1], max(0, p[2]))
    _write_rows(g, p[1], _sort_values(g, rows, arg(p, 3), key=lambda addr: g.vm.read_bytes(addr)))


def _custom(g, func: int, items: list, make_args) -> list:
    import functools

    def compare(a, b):
        return g.call(func, make_args(a, b)) or 0
    return sorted(items, key=functools.cmp_to_key(compare))


@native("SortCustom1D")
def SortCustom1D(g, p):
    values = g.vm.read_cells(p[1], max(0, p[2]))
    ordered = _custom(g, p[3], values, lambda a, b: [a, b, p[1], arg(p, 4)])
    g.vm.write_cells(p[1], ordered)


@native("SortCustom2D")
def SortCustom2D(g, p):
    rows = _rows(g, p[1], max(0, p[2]))
    _write_rows(g, p[1], _custom(g, p[3], rows, lambda a, b: [a, b, p[1], arg(p, 4)]))
