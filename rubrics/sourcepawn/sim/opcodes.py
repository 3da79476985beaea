"""SourcePawn v1 opcodes: number -> (name, number of parameter cells).

The numbering is SourcePawn's (`smx-v1-opcodes.h`); the float opcodes use the numbers of the SourceMod 1.11
era (spcomp 1.11 never emits them: it calls the float natives instead). `casetbl` has a variable length and is
decoded specially. A test checks this table against pysmx's.
"""

OPCODES: dict[int, tuple[str, int]] = {
    0: ("none", 0), 1: ("load.pri", 1), 2: ("load.alt", 1), 3: ("load.s.pri", 1), 4: ("load.s.alt", 1),
    7: ("lref.s.pri", 1), 8: ("lref.s.alt", 1), 9: ("load.i", 0), 10: ("lodb.i", 1), 11: ("const.pri", 1),
    12: ("const.alt", 1), 13: ("addr.pri", 1), 14: ("addr.alt", 1), 15: ("stor.pri", 1), 16: ("stor.alt", 1),
    17: ("stor.s.pri", 1), 18: ("stor.s.alt", 1), 21: ("sref.s.pri", 1), 22: ("sref.s.alt", 1), 23: ("stor.i", 0),
    24: ("strb.i", 1), 25: ("lidx", 0), 27: ("idxaddr", 0), 33: ("move.pri", 0), 34: ("move.alt", 0),
    35: ("xchg", 0), 36: ("push.pri", 0), 37: ("push.alt", 0), 39: ("push.c", 1), 40: ("push", 1),
    41: ("push.s", 1), 42: ("pop.pri", 0), 43: ("pop.alt", 0), 44: ("stack", 1), 45: ("heap", 1),
    46: ("proc", 0), 48: ("retn", 0), 49: ("call", 1), 51: ("jump", 1), 53: ("jzer", 1), 54: ("jnz", 1),
    55: ("jeq", 1), 56: ("jneq", 1), 61: ("jsless", 1), 62: ("jsleq", 1), 63: ("jsgrtr", 1), 64: ("jsgeq", 1),
    65: ("shl", 0), 66: ("shr", 0), 67: ("sshr", 0), 68: ("shl.c.pri", 1), 69: ("shl.c.alt", 1),
    72: ("smul", 0), 73: ("sdiv", 0), 74: ("sdiv.alt", 0), 78: ("add", 0), 79: ("sub", 0), 80: ("sub.alt", 0),
    81: ("and", 0), 82: ("or", 0), 83: ("xor", 0), 84: ("not", 0), 85: ("neg", 0), 86: ("invert", 0),
    87: ("add.c", 1), 88: ("smul.c", 1), 89: ("zero.pri", 0), 90: ("zero.alt", 0), 91: ("zero", 1),
    92: ("zero.s", 1), 95: ("eq", 0), 96: ("neq", 0), 101: ("sless", 0), 102: ("sleq", 0), 103: ("sgrtr", 0),
    104: ("sgeq", 0), 105: ("eq.c.pri", 1), 106: ("eq.c.alt", 1), 107: ("inc.pri", 0), 108: ("inc.alt", 0),
    109: ("inc", 1), 110: ("inc.s", 1), 111: ("inc.i", 0), 112: ("dec.pri", 0), 113: ("dec.alt", 0),
    114: ("dec", 1), 115: ("dec.s", 1), 116: ("dec.i", 0), 117: ("movs", 1), 119: ("fill", 1),
    120: ("halt", 1), 121: ("bounds", 1), 123: ("sysreq.c", 1), 129: ("switch", 1), 130: ("casetbl", 2),
    131: ("swap.pri", 0), 132: ("swap.alt", 0), 133: ("push.adr", 1), 134: ("nop", 0), 135: ("sysreq.n", 2),
    137: ("break", 0),
    138: ("push2.c", 2), 139: ("push2", 2), 140: ("push2.s", 2), 141: ("push2.adr", 2),
    142: ("push3.c", 3), 143: ("push3", 3), 144: ("push3.s", 3), 145: ("push3.adr", 3),
    146: ("push4.c", 4), 147: ("push4", 4), 148: ("push4.s", 4), 149: ("push4.adr", 4),
    150: ("push5.c", 5), 151: ("push5", 5), 152: ("push5.s", 5), 153: ("push5.adr", 5),
    154: ("load.both", 2), 155: ("load.s.both", 2), 156: ("const", 2), 157: ("const.s", 2),
    160: ("trk.push.c", 1), 161: ("trk.pop", 0), 162: ("genarray", 1), 163: ("genarray.z", 1),
    164: ("stradjust.pri", 0), 166: ("endproc", 0), 169: ("initarray.pri", 5), 170: ("initarray.alt", 5),
    171: ("heap.save", 0), 172: ("heap.restore", 0),
    174: ("fabs", 0), 175: ("float", 0), 176: ("float.add", 0), 177: ("float.sub", 0), 178: ("float.mul", 0),
    179: ("float.div", 0), 180: ("round", 0), 181: ("floor", 0), 182: ("ceil", 0), 183: ("rndtozero", 0),
    184: ("float.cmp", 0), 185: ("float.gt", 0), 186: ("float.ge", 0), 187: ("float.lt", 0), 188: ("float.le", 0),
    189: ("float.ne", 0), 190: ("float.eq", 0), 191: ("float.not", 0),
}
