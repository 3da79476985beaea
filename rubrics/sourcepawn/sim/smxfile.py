"""Read the parts of a compiled SourcePawn plugin (.smx) that running it needs.

Only the stable, simple sections are read: code, data, publics, pubvars, natives, names, and the debug line,
file and method tables used to say where an error happened. RTTI type descriptions are not decoded at all
(pysmx's eager RTTI decoding is what made 12% of real plugins fail to load).
"""

from __future__ import annotations

import bisect
import struct
import zlib
from dataclasses import dataclass, field

from .errors import BadPlugin

SMX_MAGIC = 0x53504646
SMX_VERSIONS = (0x0101, 0x0102, 0x0200)
FEATURE_DIRECT_ARRAYS = 1 << 1
FEATURE_HEAP_SCOPES = 1 << 2
FEATURE_NULL_FUNCTIONS = 1 << 3

_HEADER = struct.Struct("<IHBIIBII")
_SECTION = struct.Struct("<III")
MAX_IMAGE_BYTES = 64 << 20          # a decompressed .smx above this is refused (zip bomb guard)


@dataclass
class SmxFile:
    code: bytes
    data: bytes                 # the initial data section (datasize bytes)
    memsize: int                # data + heap + stack, as the plugin was compiled (#pragma dynamic)
    features: int
    natives: list[str]
    publics: list[tuple[str, int]]          # (name, code address), in table order: funcid = index*2+1
    pubvars: dict[str, int]                 # name -> data address
    methods: list[tuple[int, int, str]] = field(default_factory=list)   # (code start, code end, name)
    lines: list[tuple[int, int]] = field(default_factory=list)          # (code address, line), sorted
    files: list[tuple[int, str]] = field(default_factory=list)          # (code address, file), sorted

    @property
    def direct_arrays(self) -> bool:
        return bool(self.features & FEATURE_DIRECT_ARRAYS)

    def where(self, address: int) -> str | None:
        """'file.sp:LINE in Function' for a code address, from the debug tables (None without them)."""
        parts = []
        if self.lines:
            i = bisect.bisect_right(self.lines, (address, 1 << 31)) - 1
            if i >= 0:
                line = self.lines[i][1] + 1          # the table is 0-based
                fname = "?"
                if self.files:
                    j = bisect.bisect_right(self.files, (address, "\U0010ffff")) - 1
                    if j >= 0:
                        fname = self.files[j][1].rsplit("/", 1)[-1]
                parts.append(f"{fname}:{line}")
        name = self.function_at(address)
        if name:
            parts.append(f"in {name}")
        return " ".join(parts) or None

    def function_at(self, address: int) -> str | None:
        for start, end, name in self.methods:
            if start <= address < end:
                return name
        best = None
        for name, start in self.publics:
            if start <= address and (best is None or start > best[1]):
                best = (name, start)
        return best[0] if best else None


def _cstr(buf: bytes, offset: int) -> str:
    end = buf.find(b"\0", offset)
    if end < 0:
        raise BadPlugin("unterminated string in the .smx name table")
    return buf[offset:end].decode("utf-8", "replace")


def read_smx(blob: bytes) -> SmxFile:
    """Parse an .smx image; raises BadPlugin with a plain reason when it is not a loadable plugin."""
    try:
        return _read(blob)
    except BadPlugin:
        raise
    except (struct.error, IndexError, ValueError, zlib.error) as exc:
        raise BadPlugin(f"corrupt .smx file: {exc}") from exc


def _read(blob: bytes) -> SmxFile:
    if len(blob) < _HEADER.size:
        raise BadPlugin("file too small to be an .smx plugin")
    magic, version, compression, _disksize, imagesize, nsections, stringtab, dataoffs = _HEADER.unpack_from(blob)
    if magic != SMX_MAGIC:
        raise BadPlugin(f"not an .smx plugin (magic 0x{magic:08x})")
    if version not in SMX_VERSIONS:
        raise BadPlugin(f"unsupported .smx version 0x{version:04x}")
    if imagesize > MAX_IMAGE_BYTES:
        raise BadPlugin(f".smx image of {imagesize} bytes is larger than the simulator allows")
    if compression == 1:
        d = zlib.decompressobj()
        body = d.decompress(blob[dataoffs:], MAX_IMAGE_BYTES)
        image = blob[:dataoffs] + body
    elif compression == 0:
        image = blob
    else:
        raise BadPlugin(f"unknown .smx compression {compression}")

    sections: dict[str, tuple[int, int]] = {}
    for i in range(nsections):
        nameoffs, offs, size = _SECTION.unpack_from(image, _HEADER.size + i * _SECTION.size)
        sections[_cstr(image, stringtab + nameoffs)] = (offs, size)
    for needed in (".code", ".data", ".names"):
        if needed not in sections:
            raise BadPlugin(f".smx has no {needed} section")
    names_base = sections[".names"][0]

    def name(offset: int) -> str:
        return _cstr(image, names_base + offset)

    offs, _ = sections[".code"]
    codesize, cellsize, codeversion, _flags, _main, code_rel = struct.unpack_from("<IBBHII", image, offs)
    features = struct.unpack_from("<I", image, offs + 16)[0] if codeversion >= 13 else 0
    if cellsize != 4:
        raise BadPlugin(f"unsupported cell size {cellsize}")
    code = bytes(image[offs + code_rel: offs + code_rel + codesize])
    if len(code) != codesize or codesize % 4:
        raise BadPlugin("truncated code section")

    offs, _ = sections[".data"]
    datasize, memsize, data_rel = struct.unpack_from("<III", image, offs)
    data = bytes(image[offs + data_rel: offs + data_rel + datasize])
    if len(data) != datasize:
        raise BadPlugin("truncated data section")

    def table(section: str, fmt: str) -> list[tuple]:
        if section not in sections:
            return []
        offs, size = sections[section]
        st = struct.Struct(fmt)
        return [st.unpack_from(image, offs + k * st.size) for k in range(size // st.size)]

    natives = [name(n) for (n,) in table(".natives", "<I")]
    publics = [(name(n), addr) for addr, n in table(".publics", "<II")]
    pubvars = {name(n): addr for addr, n in table(".pubvars", "<II")}
    lines = sorted(table(".dbg.lines", "<II"))
    files = sorted((addr, name(n)) for addr, n in table(".dbg.files", "<II"))
    methods = []
    if "rtti.methods" in sections:
        offs, _ = sections["rtti.methods"]
        header_size, row_size, rows = struct.unpack_from("<III", image, offs)
        for k in range(rows):
            n, start, end, _sig = struct.unpack_from("<IIII", image, offs + header_size + k * row_size)
            methods.append((start, end, name(n)))
    return SmxFile(code=code, data=data, memsize=max(memsize, datasize), features=features, natives=natives,
                   publics=publics, pubvars=pubvars, methods=methods, lines=lines, files=files)
