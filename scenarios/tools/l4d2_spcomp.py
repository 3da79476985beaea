"""Compile SourcePawn sources with the real spcomp 1.11, in the modbench sandbox (authoring aid for the task suite).

Used by `check_l4d2.py --compile-only` before the rubric exists, and by `gen_l4d2.py` to verify that every
`require_natives` name really is a native of the compiled reference (stocks like PrintToChatAll are not).
"""

from __future__ import annotations

import re

from modbench.sandboxes import Bind, Limits, require, run

DIAG = re.compile(r"^(?P<file>.*)\((?P<line>\d+)\) : (?P<kind>error|warning) (?P<code>\d+): (?P<msg>.*)$", re.M)


async def compile_source(code: str) -> tuple[bool, list[str], bytes | None]:
    """(compiled, diagnostics, smx bytes): rc 0 means an .smx was written (warnings allowed)."""
    tc = require("spcomp")
    res = await run(["/tc/spcomp/spcomp.elf64", "-i/tc/inc", "-v0", "plugin.sp", "-o", "plugin.smx"],
                    files={"plugin.sp": code},
                    binds=[Bind(tc.path.parent, "/tc/spcomp"), Bind(tc.extra["include"], "/tc/inc")],
                    limits=Limits(wall_seconds=20, cpu_seconds=20, memory_bytes=1024 << 20),
                    collect=["plugin.smx"])
    if res.has_error:
        raise RuntimeError(f"sandbox failed: {res.error}")
    out = (res.stdout or b"").decode("utf-8", "replace") if isinstance(res.stdout, bytes) else (res.stdout or "")
    diags = [m.group(0) for m in DIAG.finditer(out)]
    return res.exit_code == 0 and "plugin.smx" in res.files, diags, res.files.get("plugin.smx")


def smx_natives(smx: bytes) -> set[str]:
    """Native names in a compiled plugin's `.natives` section (read directly: pysmx's loader trips on typesets)."""
    import struct
    import zlib

    magic, _ver, compression, _disk, image, nsect, stringtab, dataoffs = struct.unpack_from("<IHBIIBII", smx, 0)
    if magic != 0x53504646:
        raise ValueError("not an .smx file")
    img = smx[:dataoffs] + (zlib.decompress(smx[dataoffs:]) if compression == 1 else smx[dataoffs:])
    sections = {}
    for k in range(nsect):
        nameoffs, offs, size = struct.unpack_from("<III", img, 24 + 12 * k)
        sections[_cstr(img, stringtab + nameoffs)] = (offs, size)
    names_offs, _ = sections[".names"]
    offs, size = sections[".natives"]
    return {_cstr(img, names_offs + struct.unpack_from("<I", img, offs + 4 * j)[0]) for j in range(size // 4)}


def _cstr(buf: bytes, at: int) -> str:
    return buf[at:buf.index(b"\0", at)].decode()
