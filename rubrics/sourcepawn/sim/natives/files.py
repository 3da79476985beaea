"""Files and KeyValues against a virtual, initially empty file system.

Nothing here touches the host: a plugin sees the standard SourceMod folders, no files in them, and can create,
write and read back its own files in memory. Reading a config, data or gamedata file the plugin expects to be
installed therefore fails the way it fails on a server where the file is missing.
"""

from __future__ import annotations

import posixpath

from ..cells import ctof
from .base import arg, farg, native, put, s, set_cell, set_vec, vec
from .fmt import format_params

STANDARD_DIRS = {"addons", "addons/sourcemod", "addons/sourcemod/configs", "addons/sourcemod/data",
                 "addons/sourcemod/logs", "addons/sourcemod/translations", "addons/sourcemod/gamedata",
                 "addons/sourcemod/plugins", "addons/sourcemod/scripting", "cfg", "cfg/sourcemod", "maps",
                 "materials", "models", "sound", "scripts", "logs"}


def norm(path: str) -> str:
    path = path.replace("\\", "/").strip()
    path = posixpath.normpath(path).lstrip("/")
    return "" if path == "." else path


class VFile:
    def __init__(self, path: str, mode: str, data: bytearray):
        self.path, self.mode, self.data, self.pos = path, mode, data, 0
        if "a" in mode:
            self.pos = len(data)


@native("BuildPath")
def BuildPath(g, p):
    sub = format_params(g, p, 4)
    return put(g, p[2], p[3], f"addons/sourcemod/{sub}" if sub else "addons/sourcemod")


@native("FileExists")
def FileExists(g, p):
    return norm(s(g, p[1])) in g.files


@native("DirExists")
def DirExists(g, p):
    path = norm(s(g, p[1]))
    return path in STANDARD_DIRS or path in g.dirs or any(f.startswith(path + "/") for f in g.files)


@native("CreateDirectory")
def CreateDirectory(g, p):
    g.dirs.add(norm(s(g, p[1])))
    return True


@native("RemoveDir")
def RemoveDir(g, p):
    path = norm(s(g, p[1]))
    if path in g.dirs and not any(f.startswith(path + "/") for f in g.files):
        g.dirs.discard(path)
        return True
    return False


@native("FileSize")
def FileSize(g, p):
    data = g.files.get(norm(s(g, p[1])))
    return -1 if data is None else len(data)


@native("DeleteFile")
def DeleteFile(g, p):
    return g.files.pop(norm(s(g, p[1])), None) is not None


@native("RenameFile")
def RenameFile(g, p):
    new, old = norm(s(g, p[1])), norm(s(g, p[2]))
    if old not in g.files:
        return False
    g.files[new] = g.files.pop(old)
    return True


@native("GetFileTime")
def GetFileTime(g, p):
    return -1


@native("SetFilePermissions")
def SetFilePermissions(g, p):
    return norm(s(g, p[1])) in g.files


@native("OpenFile")
def OpenFile(g, p):
    path, mode = norm(s(g, p[1])), s(g, p[2])
    g.opened_files.append({"path": path, "mode": mode})
    if mode.startswith("r"):
        if path not in g.files:
            return 0
        data = g.files[path]
    else:
        if mode.startswith("w"):
            g.files[path] = bytearray()
        data = g.files.setdefault(path, bytearray())
    return g.handles.new(VFile(path, mode, data))


def vfile(g, h: int) -> VFile:
    return g.handles.get(h, VFile, "file handle")


@native("ReadFileLine", "File.ReadLine")
def ReadFileLine(g, p):
    f = vfile(g, p[1])
    if f.pos >= len(f.data):
        return False
    end = f.data.find(b"\n", f.pos)
    end = len(f.data) if end < 0 else end + 1
    line = bytes(f.data[f.pos:end])
    f.pos = end
    put(g, p[2], p[3], line)
    return True


@native("IsEndOfFile", "File.EndOfFile")
def IsEndOfFile(g, p):
    f = vfile(g, p[1])
    return f.pos >= len(f.data)


def _write(f: VFile, raw: bytes) -> None:
    if "a" in f.mode:
        f.pos = len(f.data)
    f.data[f.pos:f.pos + len(raw)] = raw
    f.pos += len(raw)


@native("WriteFileLine", "File.WriteLine")
def WriteFileLine(g, p):
    _write(vfile(g, p[1]), (format_params(g, p, 2) + "\n").encode())
    return True


@native("WriteFileString", "File.WriteString")
def WriteFileString(g, p):
    raw = g.vm.read_bytes(p[2]) + (b"\0" if arg(p, 3) else b"")
    _write(vfile(g, p[1]), raw)
    return True


@native("ReadFileString", "File.ReadString")
def ReadFileString(g, p):
    f = vfile(g, p[1])
    if f.pos >= len(f.data):
        return -1
    size = arg(p, 4, -1)
    end = f.data.find(b"\0", f.pos)
    end = len(f.data) if end < 0 else end
    if size >= 0:
        end = min(end, f.pos + size)
    raw = bytes(f.data[f.pos:end])
    f.pos = end + (1 if end < len(f.data) and f.data[end:end + 1] == b"\0" else 0)
    return put(g, p[2], p[3], raw)


@native("FlushFile", "File.Flush")
def FlushFile(g, p):
    vfile(g, p[1])
    return True


@native("FileSeek", "File.Seek")
def FileSeek(g, p):
    f = vfile(g, p[1])
    whence = arg(p, 3)
    base = 0 if whence == 0 else f.pos if whence == 1 else len(f.data)
    f.pos = max(0, min(len(f.data), base + p[2]))
    return True


@native("FilePosition", "File.Position.get")
def FilePosition(g, p):
    return vfile(g, p[1]).pos


@native("LogToOpenFile", "LogToOpenFileEx")
def LogToOpenFile(g, p):
    _write(vfile(g, p[1]), (format_params(g, p, 2) + "\n").encode())


@native("OpenDirectory")
def OpenDirectory(g, p):
    path = norm(s(g, p[1]))
    if not (path in STANDARD_DIRS or path in g.dirs):
        return 0
    entries = sorted({f[len(path) + 1:].split("/", 1)[0] for f in g.files if f.startswith(path + "/")})
    return g.handles.new(["dir", [".", ".."] + entries])


@native("ReadDirEntry", "DirectoryListing.GetNext")
def ReadDirEntry(g, p):
    listing = g.handles.get(p[1], list, "directory handle")
    if not listing[1]:
        return False
    name = listing[1].pop(0)
    put(g, p[2], p[3], name)
    if p[0] >= 4:
        set_cell(g, p[4], 1 if name in (".", "..") else 2)
    return True


# ---- KeyValues -----------------------------------------------------------------------------------------------------

class KvNode:
    def __init__(self, name: str):
        self.name, self.value, self.children = name, None, []

    def find(self, path: str, create: bool = False) -> KvNode | None:
        node = self
        for part in [x for x in path.split("/") if x] or [""]:
            child = next((c for c in node.children if c.name.lower() == part.lower()), None)
            if child is None:
                if not create:
                    return None
                child = KvNode(part)
                node.children.append(child)
            node = child
        return node


class KeyValues:
    def __init__(self, name: str):
        self.root = KvNode(name)
        self.stack = [self.root]

    @property
    def cur(self) -> KvNode:
        return self.stack[-1]


def kv(g, h: int) -> KeyValues:
    return g.handles.get(h, KeyValues, "KeyValues handle")


@native("KeyValues.KeyValues", "CreateKeyValues")
def KeyValues_new(g, p):
    k = KeyValues(s(g, p[1]))
    if p[0] >= 3 and s(g, p[2]):
        k.root.find(s(g, p[2]), create=True).value = s(g, p[3])
    return g.handles.new(k)


def _get(g, p, default):
    node = kv(g, p[1]).cur.find(s(g, p[2])) if s(g, p[2]) else kv(g, p[1]).cur
    return default if node is None or node.value is None else node.value


def _set(g, p, value) -> None:
    kv(g, p[1]).cur.find(s(g, p[2]), create=True).value = value


def _num(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


native("KeyValues.SetString", "KvSetString")(lambda g, p: _set(g, p, s(g, p[3])))
native("KeyValues.SetNum", "KvSetNum")(lambda g, p: _set(g, p, str(p[3])))
native("KeyValues.SetFloat", "KvSetFloat")(lambda g, p: _set(g, p, f"{ctof(p[3]):f}"))


@native("KeyValues.SetVector", "KvSetVector")
def KvSetVector(g, p):
    _set(g, p, " ".join(f"{c:f}" for c in vec(g, p[3])))


@native("KeyValues.GetString", "KvGetString")
def KvGetString(g, p):
    value = _get(g, p, None)
    put(g, p[3], p[4], value if value is not None else (s(g, p[5]) if p[0] >= 5 else ""))


@native("KeyValues.GetNum", "KvGetNum")
def KvGetNum(g, p):
    value = _get(g, p, None)
    return arg(p, 3) if value is None else int(_num(value))


@native("KeyValues.GetFloat", "KvGetFloat")
def KvGetFloat(g, p):
    value = _get(g, p, None)
    return farg(p, 3) if value is None else _num(value)


@native("KeyValues.GetVector", "KvGetVector")
def KvGetVector(g, p):
    value = _get(g, p, None)
    if value is None:
        set_vec(g, p[3], vec(g, p[4]) if p[0] >= 4 and p[4] else [0.0, 0.0, 0.0])
        return
    parts = (value.split() + ["0", "0", "0"])[:3]
    set_vec(g, p[3], [_num(x) for x in parts])


@native("KeyValues.JumpToKey", "KvJumpToKey")
def KvJumpToKey(g, p):
    k = kv(g, p[1])
    node = k.cur.find(s(g, p[2]), create=bool(arg(p, 3)))
    if node is None:
        return False
    k.stack.append(node)
    return True


def _subkeys(node: KvNode, keys_only: bool) -> list[KvNode]:
    return [c for c in node.children if not keys_only or c.value is None]


@native("KeyValues.GotoFirstSubKey", "KvGotoFirstSubKey")
def KvGotoFirstSubKey(g, p):
    k = kv(g, p[1])
    subs = _subkeys(k.cur, bool(arg(p, 2, 1)))
    if not subs:
        return False
    k.stack.append(subs[0])
    return True


@native("KeyValues.GotoNextKey", "KvGotoNextKey")
def KvGotoNextKey(g, p):
    k = kv(g, p[1])
    if len(k.stack) < 2:
        return False
    siblings = _subkeys(k.stack[-2], bool(arg(p, 2, 1)))
    if k.cur not in siblings:
        return False
    i = siblings.index(k.cur)
    if i + 1 >= len(siblings):
        return False
    k.stack[-1] = siblings[i + 1]
    return True


@native("KeyValues.SavePosition", "KvSavePosition")
def KvSavePosition(g, p):
    k = kv(g, p[1])
    k.stack.append(k.cur)


@native("KeyValues.GoBack", "KvGoBack")
def KvGoBack(g, p):
    k = kv(g, p[1])
    if len(k.stack) < 2:
        return False
    k.stack.pop()
    return True


@native("KeyValues.Rewind", "KvRewind")
def KvRewind(g, p):
    k = kv(g, p[1])
    k.stack = [k.root]


@native("KeyValues.GetSectionName", "KvGetSectionName")
def KvGetSectionName(g, p):
    put(g, p[2], p[3], kv(g, p[1]).cur.name)
    return True


@native("KeyValues.SetSectionName", "KvSetSectionName")
def KvSetSectionName(g, p):
    kv(g, p[1]).cur.name = s(g, p[2])


@native("KeyValues.DeleteKey", "KvDeleteKey")
def KvDeleteKey(g, p):
    k = kv(g, p[1])
    node = k.cur.find(s(g, p[2]))
    if node is None:
        return False
    for parent in [k.cur] + k.cur.children:
        if node in parent.children:
            parent.children.remove(node)
    return True


@native("KeyValues.DeleteThis", "KvDeleteThis")
def KvDeleteThis(g, p):
    k = kv(g, p[1])
    if len(k.stack) < 2:
        return 0
    node = k.stack.pop()
    parent = k.cur
    siblings = parent.children
    i = siblings.index(node) if node in siblings else -1
    if i >= 0:
        siblings.remove(node)
        if i < len(siblings):
            k.stack.append(siblings[i])
            return 1
    return -1


@native("KeyValues.NodesInStack", "KvNodesInStack")
def KvNodesInStack(g, p):
    return len(kv(g, p[1]).stack) - 1


@native("KeyValues.GetDataType", "KvGetDataType")
def KvGetDataType(g, p):
    node = kv(g, p[1]).cur.find(s(g, p[2]))
    return 0 if node is None or node.value is None else 1       # KvData_None / KvData_String


@native("KeyValues.ImportFromFile", "FileToKeyValues")
def KvImportFromFile(g, p):
    path = norm(s(g, p[2]))
    text = g.files.get(path)
    if text is None:
        return False
    return _parse_into(kv(g, p[1]), bytes(text).decode("utf-8", "replace"))


@native("KeyValues.ImportFromString", "StringToKeyValues")
def KvImportFromString(g, p):
    return _parse_into(kv(g, p[1]), s(g, p[2]))


@native("KeyValues.ExportToFile", "KeyValuesToFile")
def KvExportToFile(g, p):
    g.files[norm(s(g, p[2]))] = bytearray(_dump(kv(g, p[1]).cur).encode())
    return True


@native("KeyValues.SetEscapeSequences", "KvSetEscapeSequences")
def KvSetEscapeSequences(g, p):
    kv(g, p[1])


def _tokens(text: str):
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "{}":
            yield c
            i += 1
        elif c == '"':
            j = text.find('"', i + 1)
            j = n if j < 0 else j
            yield ("str", text[i + 1:j])
            i = j + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '{}"':
                j += 1
            yield ("str", text[i:j])
            i = j


def _parse_into(k: KeyValues, text: str) -> bool:
    toks = list(_tokens(text))
    if len(toks) < 2 or not isinstance(toks[0], tuple) or toks[1] != "{":
        return False
    k.root.name = toks[0][1]
    stack, i = [k.root], 2
    while i < len(toks):
        t = toks[i]
        if t == "}":
            stack.pop()
            if not stack:
                break
            i += 1
        elif isinstance(t, tuple) and i + 1 < len(toks) and toks[i + 1] == "{":
            node = KvNode(t[1])
            stack[-1].children.append(node)
            stack.append(node)
            i += 2
        elif isinstance(t, tuple) and i + 1 < len(toks) and isinstance(toks[i + 1], tuple):
            node = KvNode(t[1])
            node.value = toks[i + 1][1]
            stack[-1].children.append(node)
            i += 2
        else:
            return False
    k.stack = [k.root]
    return True


def _dump(node: KvNode, depth: int = 0) -> str:
    pad = "\t" * depth
    if node.value is not None:
        return f'{pad}"{node.name}"\t\t"{node.value}"\n'
    inner = "".join(_dump(c, depth + 1) for c in node.children)
    return f'{pad}"{node.name}"\n{pad}{{\n{inner}{pad}}}\n'

