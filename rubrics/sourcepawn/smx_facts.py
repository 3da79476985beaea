"""Facts about a compiled plugin, read from its .smx without running it.

Natives called, public functions, and the constant arguments of every native call: which events it hooks,
which commands and convars it registers, which netprops and event keys it reads. The constant arguments come
from a small linear disassembler that follows spcomp 1.11's calling convention: arguments are pushed last to
first (`push.c`, or `const.pri` + `push.pri`) and then `sysreq.n <native> <nargs>` calls the native.

Why in-process and not in a sandboxed worker: parsing is not execution. pysmx's reader is pure Python
(`construct` structs over a `bytes` object, and `ctypes.c_char_p` only over `bytes`, which CPython always
NUL-terminates), so a malformed file can raise an exception but cannot corrupt memory; the VM, which does
dereference raw pointers, is never started here. What is left is size: the .smx is capped before parsing,
and so is its decompressed image (pysmx's own `zlib.decompress` has no output cap), so parsing is bounded in
memory and time. A sandboxed Python worker would cost ~0.45 s per rollout just to import pysmx; the parse
of the six sections facts need takes ~2 ms. Every exception becomes a `SmxReadError`, which the static tier
reports.
"""

from __future__ import annotations

import functools
import io
import struct
import zlib
from dataclasses import asdict, dataclass, field

from .catalog import natives_roles

MAX_SMX_BYTES = 8 * 1024 * 1024        # the compressed file
MAX_IMAGE_BYTES = 64 * 1024 * 1024     # the decompressed image pysmx builds
_HEADER = struct.Struct("<IHBIIBII")   # magic, version, compression, disksize, imagesize, sections, stringtab, dataoffs
_SPFILE_MAGIC = 0x53504646
_MAX_MODELLED_CELLS = 1024


class SmxReadError(ValueError):
    """The .smx could not be read. `model_fault`: the plugin is too large to inspect (the code's doing);
    otherwise the reader failed on what the compiler produced (ours)."""

    def __init__(self, message: str, *, model_fault: bool = False):
        super().__init__(message)
        self.model_fault = model_fault


@dataclass
class Command:
    name: str
    kind: str                    # console | admin | server
    admin_flags: int | None = None   # RegAdminCmd's flag bits when constant


@dataclass
class NetpropUse:
    name: str
    native: str                  # GetEntProp, SetEntPropFloat, ...
    accessor_type: str | None    # int | float | ent | vector | string | None (type-agnostic natives)


@dataclass
class SmxFacts:
    myinfo: dict[str, str] = field(default_factory=dict)
    natives: list[str] = field(default_factory=list)            # natives table (what the plugin may call)
    publics: list[str] = field(default_factory=list)            # public functions (no inline stocks)
    events: list[str] = field(default_factory=list)             # HookEvent(Ex) constant names
    event_hook_modes: dict[str, list[int]] = field(default_factory=dict)
    commands: list[Command] = field(default_factory=list)
    convars: list[str] = field(default_factory=list)
    netprops: list[NetpropUse] = field(default_factory=list)
    event_keys: list[str] = field(default_factory=list)         # keys read with Event.Get*/GetEvent*
    optional_natives: list[str] = field(default_factory=list)   # MarkNativeAsOptional: may be missing at load
    native_calls: dict[str, int] = field(default_factory=dict)  # native -> number of call sites
    dynamic_args: dict[str, int] = field(default_factory=dict)  # native -> call sites whose fact arg is not constant
    complete: bool = True        # False when the disassembler met something it could not decode

    def command(self, name: str) -> Command | None:
        return next((c for c in self.commands if c.name == name), None)

    def to_json(self) -> dict:
        out = asdict(self)
        out["optional_natives"] = len(self.optional_natives)   # core.inc marks ~120 extension natives optional
        return out


# The sections facts come from. The others (.dbg.*, rtti.*, .tags) are most of pysmx's parse time, and
# pysmx 0.4.0 cannot even decode rtti.typesets (it reads a typeset's signature offset as a type id and fails
# an assertion), so they are hidden from it.
NEEDED_SECTIONS = {".names", ".code", ".data", ".publics", ".pubvars", ".natives"}
_SECTION = struct.Struct("<III")       # nameoffs, dataoffs, size


def _image(smx: bytes) -> bytes:
    """The plugin's uncompressed image, size-checked, with unneeded sections renamed to "" (pysmx skips them).

    Mirrors pysmx's own layout (header and section table as stored, then the inflated data), so every offset
    in the file stays valid; only the compression flag and the names of skipped sections change.
    """
    if len(smx) > MAX_SMX_BYTES:
        raise SmxReadError(f"the compiled plugin is {len(smx) // 1024} KB, over the {MAX_SMX_BYTES // 1024} KB "
                           "limit", model_fault=True)
    if len(smx) < _HEADER.size:
        raise SmxReadError("the compiled plugin is truncated (no header)")
    magic, _version, compression, _disksize, imagesize, sections, stringtab, dataoffs = _HEADER.unpack_from(smx)
    if magic != _SPFILE_MAGIC:
        raise SmxReadError("not a SourcePawn plugin (bad magic)")
    if imagesize > MAX_IMAGE_BYTES:
        raise SmxReadError(f"the plugin image is {imagesize // (1024 * 1024)} MB, over the "
                           f"{MAX_IMAGE_BYTES // (1024 * 1024)} MB limit (huge initialised arrays?)", model_fault=True)
    data = smx[dataoffs:]
    if compression == 1:
        # inflate with a cap: the header's size is the compiler's claim, not a bound
        try:
            data = zlib.decompressobj().decompress(data, MAX_IMAGE_BYTES + 1)
        except zlib.error as exc:
            raise SmxReadError(f"corrupt plugin data: {exc}") from exc
        if len(data) > MAX_IMAGE_BYTES:
            raise SmxReadError("the plugin image inflates past the size limit", model_fault=True)
    image = bytearray(smx[:dataoffs] + data)
    image[6] = 0                                             # compression: none
    try:
        empty = image.index(0, stringtab) - stringtab          # the NUL ending the first name: an empty name
        for k in range(sections):
            at = _HEADER.size + _SECTION.size * k
            nameoffs = _SECTION.unpack_from(image, at)[0]
            name_at = stringtab + nameoffs
            name = bytes(image[name_at:image.index(0, name_at)]).decode("utf-8", "replace")
            if name not in NEEDED_SECTIONS:
                struct.pack_into("<I", image, at, empty)
    except (ValueError, struct.error) as exc:
        raise SmxReadError(f"corrupt section table: {exc}") from exc
    return bytes(image)


def _load(smx: bytes):
    image = _image(smx)
    from smx.plugin import SourcePawnPlugin  # noqa: PLC0415  (0.45 s import; only when a plugin is read)
    try:
        return SourcePawnPlugin(io.BytesIO(image))
    except RecursionError as exc:
        raise SmxReadError("the compiled plugin could not be read: nesting too deep") from exc
    except Exception as exc:  # pysmx raises assertion, struct, unicode and its own errors on odd files
        raise SmxReadError(f"the compiled plugin could not be read: {type(exc).__name__}: {exc}") from exc


def _data_string(plugin, offset: int | None, limit: int = 256) -> str | None:
    """A NUL-terminated string at a data-section offset, or None when the offset is not a string there."""
    if offset is None or offset < 0 or offset >= (plugin.datasize or 0):
        return None
    start = plugin.data + offset
    end = plugin.base.find(b"\x00", start, start + limit + 1)
    if end < 0:
        return None
    raw = plugin.base[start:end]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if text.isprintable() else None


@functools.lru_cache(maxsize=1)
def _opcodes() -> tuple[tuple[str, int, tuple[int, ...]], ...]:
    """Per opcode number: (name, number of parameter cells, positions of jump-target parameters)."""
    from smx.opcodes import SourcePawnInstructionParam as P, sp_opcodes_list  # noqa: PLC0415

    return tuple((ins.name, len(ins.params), tuple(k for k, p in enumerate(ins.params) if p is P.JUMP))
                 for ins in sp_opcodes_list)


def _jump_targets(cells: tuple[int, ...]) -> set[int]:
    """Code offsets that some jump, switch case or case table can reach."""
    table = _opcodes()
    targets: set[int] = set()
    i, n = 0, len(cells)
    while i < n:
        op = cells[i]
        if op < 0 or op >= len(table):
            break
        name, nparams, jumps = table[op]
        for k in jumps:
            if i + 1 + k < n:
                targets.add(cells[i + 1 + k])
        if name == "casetbl" and i + 2 < n:
            count = cells[i + 1]
            targets.add(cells[i + 2])
            targets.update(cells[i + 4:i + 3 + 2 * max(0, count):2])     # (value, address) records follow
            i += 2 * max(0, count)
        i += 1 + nparams
    return targets


def _native_calls(plugin) -> tuple[list[tuple[str, list[int | None]]], bool]:
    """Every `sysreq.n` call as (native name, constant args in source order, None where not constant)."""
    code = plugin.pcode
    ncells = code.size // 4
    cells = struct.unpack_from(f"<{ncells}i", plugin.base, code.pcode) if ncells else ()
    natives = [n.name for n in plugin.natives]
    table = _opcodes()
    targets = _jump_targets(cells)
    calls: list[tuple[str, list[int | None]]] = []
    pushed: list[int | None] = []      # a model of the stack since `proc`: a constant, or None when unknown
    pri: int | None = None
    complete = True

    def pop(n: int) -> None:
        del pushed[max(0, len(pushed) - n):]

    i = 0
    while i < ncells:
        op = cells[i]
        if op < 0 or op >= len(table):
            complete = False
            break
        if i * 4 in targets:
            pri = None          # control flow joins here (`c ? "a" : "b"`): the value depends on the path taken
        name, nparams, _ = table[op]
        params = cells[i + 1:i + 1 + nparams]
        i += 1 + nparams
        if name in ("break", "nop"):
            continue
        if name == "const.pri":
            pri = params[0]
            continue
        if name == "zero.pri":
            pri = 0
            continue
        if name == "push.pri":
            pushed.append(pri)
            continue
        if name.startswith("push"):
            # push.c, push2.c .. push5.c carry constants; push.alt, push.s, push.adr, push2.s, ... do not
            pushed.extend(params if name.endswith(".c") else [None] * max(1, nparams))
            continue
        if name == "casetbl":
            i += 2 * max(0, params[0]) if params else 0
        elif name in ("pop.pri", "pop.alt"):
            pop(1)
        elif name == "stack":                                      # negative: locals allocated; positive: freed
            if params[0] < 0:
                # only the top of the stack holds arguments: a huge local array is modelled by a few unknowns
                pushed.extend([None] * min(-params[0] // 4, _MAX_MODELLED_CELLS))
            else:
                pop(params[0] // 4)
        elif name == "swap.pri" and pushed:
            pushed[-1] = None
        elif name == "sysreq.n":
            index, nargs = params
            args = (list(reversed(pushed[len(pushed) - nargs:])) if 0 <= nargs <= len(pushed)
                    else [None] * min(max(nargs, 0), _MAX_MODELLED_CELLS))
            if 0 <= index < len(natives):
                calls.append((natives[index], args))
            pop(nargs)
        elif name == "call":
            # spcomp pushes the argument count last; the callee's frame removes count + arguments
            count = pushed[-1] if pushed else None
            if count is None or count < 0:
                pushed.clear()
            else:
                pop(count + 1)
        elif name in ("proc", "retn", "endproc", "sysreq.c", "sysreq.pri"):
            pushed.clear()
        pri = None
    return calls, complete


def read_facts(smx: bytes) -> SmxFacts:
    """Facts of one compiled plugin. Raises SmxReadError for a file that cannot be read safely."""
    plugin = _load(smx)
    roles = natives_roles()
    facts = SmxFacts()
    facts.myinfo = dict(plugin.myinfo or {})
    facts.natives = [n.name for n in plugin.natives]
    facts.publics = sorted(p.name for p in plugin.publics_by_name.values()
                           if not p.is_inline() and not p.name.startswith("__ext_"))
    try:
        calls, facts.complete = _native_calls(plugin)
    except (struct.error, IndexError, ValueError) as exc:
        raise SmxReadError(f"the compiled plugin's code could not be decoded: {exc}") from exc

    def string_arg(args: list, idx: int) -> str | None:
        return _data_string(plugin, args[idx]) if idx < len(args) else None

    def note_dynamic(native: str) -> None:
        facts.dynamic_args[native] = facts.dynamic_args.get(native, 0) + 1

    for native, args in calls:
        facts.native_calls[native] = facts.native_calls.get(native, 0) + 1
        if native in roles["events"]:
            ev = string_arg(args, roles["events"][native])
            if ev is None:
                note_dynamic(native)
                continue
            if ev not in facts.events:
                facts.events.append(ev)
            mode_idx = roles["event_hook_mode"].get(native)
            mode = args[mode_idx] if mode_idx is not None and mode_idx < len(args) else None
            facts.event_hook_modes.setdefault(ev, []).append(1 if mode is None else mode)
        elif native in roles["commands"]:
            role = roles["commands"][native]
            cmd = string_arg(args, role["name"])
            if cmd is None:
                note_dynamic(native)
                continue
            flags = args[role["flags"]] if "flags" in role and role["flags"] < len(args) else None
            facts.commands.append(Command(cmd, role["kind"], flags))
        elif native in roles["convars"]:
            cv = string_arg(args, roles["convars"][native])
            if cv is None:
                note_dynamic(native)
            elif cv not in facts.convars:
                facts.convars.append(cv)
        elif native in roles["netprops"]:
            role = roles["netprops"][native]
            prop = string_arg(args, role["arg"])
            if prop is None:
                note_dynamic(native)
            else:
                facts.netprops.append(NetpropUse(prop, native, role["type"]))
        elif native in roles["optional_natives"]:
            name = string_arg(args, roles["optional_natives"][native])
            if name is not None:
                facts.optional_natives.append(name)
        elif native in roles["event_keys"]:
            key = string_arg(args, roles["event_keys"][native])
            if key is not None and key not in facts.event_keys:
                facts.event_keys.append(key)
    return facts
