"""The simulator's .smx reader and opcode table, checked against pysmx (which parses the same files its own way)
and against broken input. Nothing here executes plugin code."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from modbench.rubrics.sourcepawn.sim.errors import BadPlugin
from modbench.rubrics.sourcepawn.sim.opcodes import OPCODES
from modbench.rubrics.sourcepawn.sim.smxfile import read_smx
from sim_support import compile_fixture


def test_opcode_table_matches_pysmx():
    from smx.opcodes import sp_opcodes_list
    theirs = {i: (op.name, len(op.params)) for i, op in enumerate(sp_opcodes_list) if op.is_generated}
    # pysmx lists trk.push.c without its parameter; SourcePawn's own table (smx-v1-opcodes.h) gives it one.
    theirs[160] = ("trk.push.c", 1)
    del theirs[0]   # "none" is never executed
    for number, spec in theirs.items():
        if spec[0] == "casetbl":
            continue
        assert OPCODES.get(number) == spec, f"opcode {number}"


def test_reader_agrees_with_pysmx_on_a_real_plugin():
    from smx import SourcePawnPlugin
    blob = compile_fixture("tank_announce.sp")
    mine = read_smx(blob)
    theirs = SourcePawnPlugin(io.BytesIO(blob))
    assert mine.natives == [n.name for n in theirs.natives]
    assert dict(mine.publics) == {name: pub.code_offs for name, pub in theirs.publics_by_name.items()}
    assert {name: addr + theirs.data for name, addr in mine.pubvars.items()} == {v.name: v.offs for v in theirs.pubvars}
    assert len(mine.data) == theirs.datasize and mine.memsize == theirs.memsize
    assert mine.code == theirs.base[theirs.pcode.pcode: theirs.pcode.pcode + theirs.pcode.size]
    assert mine.direct_arrays
    assert mine.where(dict(mine.publics)["Cmd_Tanks"] + 8).endswith("in Cmd_Tanks")


@pytest.mark.parametrize("blob, reason", [
    (b"", "too small"),
    (b"MZ" + b"\0" * 64, "not an .smx"),
    (struct.pack("<IHBIIBII", 0x53504646, 0x0999, 0, 24, 24, 0, 0, 24), "unsupported .smx version"),
    (struct.pack("<IHBIIBII", 0x53504646, 0x0102, 1, 40, 99, 0, 0, 24) + b"not zlib data", "corrupt"),
    (struct.pack("<IHBIIBII", 0x53504646, 0x0102, 0, 24, 1 << 30, 0, 0, 24), "larger than the simulator allows"),
])
def test_reader_rejects_broken_files_with_a_reason(blob, reason):
    with pytest.raises(BadPlugin, match=reason):
        read_smx(blob)


def test_reader_refuses_a_truncated_plugin():
    blob = compile_fixture("tank_announce.sp")
    header = blob[:24]
    dataoffs = struct.unpack_from("<I", header, 20)[0]
    body = zlib.decompress(blob[dataoffs:])
    truncated = blob[:dataoffs] + zlib.compress(body[: len(body) // 3])
    with pytest.raises(BadPlugin):
        read_smx(truncated)


def test_every_instruction_spcomp_emitted_for_the_fixtures_is_known():
    import array

    from sim_support import DATA
    seen: set[str] = set()
    for source in sorted(DATA.glob("*.sp")):
        code = array.array("i")
        code.frombytes(read_smx(compile_fixture(source.name)).code)
        i = 0
        while i < len(code):
            assert code[i] in OPCODES, f"{source.name}: unknown opcode {code[i]} at {i * 4}"
            name, nparams = OPCODES[code[i]]
            seen.add(name)
            i += 3 + 2 * code[i + 1] if name == "casetbl" else 1 + nparams
    assert {"sysreq.n", "genarray.z", "stradjust.pri", "heap.save", "switch", "initarray.pri", "bounds"} <= seen
