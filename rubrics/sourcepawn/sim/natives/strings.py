"""String natives (string.inc), with SourceMod's return conventions (bytes written, byte offsets, -1)."""

from __future__ import annotations

import re

from ..cells import ctof, ftoc, wrap
from ..errors import PluginRuntimeError
from .base import arg, native, put, set_cell

WHITESPACE = b" \t\r\n\v\f"


def _b(g, addr: int) -> bytes:
    return g.vm.read_bytes(addr)


def _lower(b: bytes) -> bytes:
    return b.lower()        # ASCII only, like SourceMod's strncasecmp-based natives


def _sign(x: int) -> int:
    return (x > 0) - (x < 0)


@native("strlen")
def strlen(g, p):
    return len(_b(g, p[1]))


@native("StrContains")
def StrContains(g, p):
    hay, needle = _b(g, p[1]), _b(g, p[2])
    if not arg(p, 3, 1):
        hay, needle = _lower(hay), _lower(needle)
    return hay.find(needle)


def _cmp(a: bytes, b: bytes) -> int:
    return _sign((a > b) - (a < b))


@native("strcmp")
def strcmp(g, p):
    a, b = _b(g, p[1]), _b(g, p[2])
    if not arg(p, 3, 1):
        a, b = _lower(a), _lower(b)
    return _cmp(a, b)


@native("strncmp")
def strncmp(g, p):
    n = max(0, p[3])
    a, b = _b(g, p[1])[:n], _b(g, p[2])[:n]
    if not arg(p, 4, 1):
        a, b = _lower(a), _lower(b)
    return _cmp(a, b)


@native("strcopy")
def strcopy(g, p):
    return put(g, p[1], p[2], _b(g, p[3]))


_INT_RE = {10: re.compile(rb"\s*([+-]?\d+)"), 16: re.compile(rb"\s*([+-]?(?:0[xX])?[0-9a-fA-F]+)"),
           8: re.compile(rb"\s*([+-]?[0-7]+)"), 2: re.compile(rb"\s*([+-]?[01]+)")}


def parse_int(text: bytes, base: int = 10) -> tuple[int, int]:
    """strtol: (value, characters consumed)."""
    pattern = _INT_RE.get(base)
    if pattern is None:
        try:
            m = re.match(rb"\s*([+-]?[0-9a-zA-Z]+)", text)
            return (wrap(int(m.group(1), base)), m.end()) if m else (0, 0)
        except ValueError:
            return 0, 0
    m = pattern.match(text)
    if not m:
        return 0, 0
    try:
        value = int(m.group(1), base)
    except ValueError:
        return 0, 0
    value = max(-(1 << 63), min((1 << 63) - 1, value))     # strtol saturates at long's range
    return wrap(value), m.end()


_FLOAT_RE = re.compile(rb"\s*([+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|inf(?:inity)?|nan))", re.I)


def parse_float(text: bytes) -> tuple[float, int]:
    m = _FLOAT_RE.match(text)
    if not m:
        return 0.0, 0
    try:
        return float(m.group(1)), m.end()
    except (ValueError, OverflowError):
        return 0.0, 0


@native("StringToInt")
def StringToInt(g, p):
    return parse_int(_b(g, p[1]), arg(p, 2, 10))[0]


@native("StringToIntEx")
def StringToIntEx(g, p):
    value, used = parse_int(_b(g, p[1]), arg(p, 3, 10))
    set_cell(g, p[2], value)
    return used


@native("IntToString")
def IntToString(g, p):
    return put(g, p[2], p[3], str(p[1]))


@native("StringToFloat")
def StringToFloat(g, p):
    return parse_float(_b(g, p[1]))[0]


@native("StringToFloatEx")
def StringToFloatEx(g, p):
    value, used = parse_float(_b(g, p[1]))
    set_cell(g, p[2], ftoc(value))
    return used


@native("FloatToString")
def FloatToString(g, p):
    return put(g, p[2], p[3], f"{ctof(p[1]):f}")


@native("StringToInt64")
def StringToInt64(g, p):
    text = _b(g, p[1])
    m = re.match(rb"\s*([+-]?\d+)", text)
    value = int(m.group(1)) if m else 0
    value &= (1 << 64) - 1
    g.vm.write_cells(p[2], [wrap(value & 0xFFFFFFFF), wrap(value >> 32)])
    return m.end() if m else 0


@native("Int64ToString")
def Int64ToString(g, p):
    lo, hi = g.vm.read_cells(p[1], 2)
    value = ((hi & 0xFFFFFFFF) << 32) | (lo & 0xFFFFFFFF)
    if value >= 1 << 63:
        value -= 1 << 64
    return put(g, p[2], p[3], str(value))


@native("BreakString")
def BreakString(g, p):
    src = _b(g, p[1])
    i = 0
    while i < len(src) and src[i] in WHITESPACE:
        i += 1
    if i >= len(src):
        put(g, p[2], p[3], b"")
        return -1
    if src[i] == ord('"'):
        end = src.find(b'"', i + 1)
        token = src[i + 1:] if end < 0 else src[i + 1:end]
        i = len(src) if end < 0 else end + 1
    else:
        j = i
        while j < len(src) and src[j] not in WHITESPACE:
            j += 1
        token, i = src[i:j], j
    put(g, p[2], p[3], token)
    while i < len(src) and src[i] in WHITESPACE:
        i += 1
    return -1 if i >= len(src) else i


@native("TrimString")
def TrimString(g, p):
    raw = _b(g, p[1])
    trimmed = raw.strip(WHITESPACE)
    if trimmed != raw:
        g.vm.write_string(p[1], len(raw) + 1, trimmed)
    return len(trimmed)


@native("SplitString")
def SplitString(g, p):
    src, split = _b(g, p[1]), _b(g, p[2])
    idx = src.find(split) if split else -1
    if idx < 0:
        return -1
    put(g, p[3], p[4], src[:idx])
    return idx + len(split)


def _replace(text: bytes, search: bytes, replace: bytes, case_sensitive: bool, limit: int | None):
    count, out, i = 0, bytearray(), 0
    hay = text if case_sensitive else text.lower()
    needle = search if case_sensitive else search.lower()
    first_end = -1
    while True:
        if limit is not None and count >= limit:
            break
        j = hay.find(needle, i)
        if j < 0:
            break
        out += text[i:j] + replace
        i = j + len(search)
        count += 1
        if first_end < 0:
            first_end = len(out)
    out += text[i:]
    return bytes(out), count, first_end


@native("ReplaceString")
def ReplaceString(g, p):
    text, search, replace = _b(g, p[1]), _b(g, p[3]), _b(g, p[4])
    if not search:
        raise PluginRuntimeError("Cannot replace searches of empty strings")
    result, count, _ = _replace(text, search, replace, bool(arg(p, 5, 1)), None)
    if count:
        put(g, p[1], p[2], result)
    return count


@native("ReplaceStringEx")
def ReplaceStringEx(g, p):
    text, search, replace = _b(g, p[1]), _b(g, p[3]), _b(g, p[4])
    slen, rlen = arg(p, 5, -1), arg(p, 6, -1)
    if slen >= 0:
        search = search[:slen]
    if rlen >= 0:
        replace = replace[:rlen]
    if not search:
        raise PluginRuntimeError("Cannot replace searches of empty strings")
    result, count, first_end = _replace(text, search, replace, bool(arg(p, 7, 1)), 1)
    if not count:
        return -1
    put(g, p[1], p[2], result)
    return first_end


@native("GetCharBytes")
def GetCharBytes(g, p):
    raw = g.vm.read_bytes(p[1], 4)
    if not raw:
        return 0
    c = raw[0]
    return 1 if c < 0x80 else 2 if c < 0xE0 else 3 if c < 0xF0 else 4


@native("IsCharAlpha")
def IsCharAlpha(g, p):
    return 0 <= p[1] < 0x80 and chr(p[1]).isalpha()


@native("IsCharNumeric")
def IsCharNumeric(g, p):
    return 0x30 <= p[1] <= 0x39


@native("IsCharSpace")
def IsCharSpace(g, p):
    return p[1] in (0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C)


@native("IsCharMB")
def IsCharMB(g, p):
    c = p[1] & 0xFF
    return 0 if c < 0x80 else 2 if c < 0xE0 else 3 if c < 0xF0 else 4


@native("IsCharUpper")
def IsCharUpper(g, p):
    return 0x41 <= p[1] <= 0x5A


@native("IsCharLower")
def IsCharLower(g, p):
    return 0x61 <= p[1] <= 0x7A


@native("StripQuotes")
def StripQuotes(g, p):
    raw = _b(g, p[1])
    if len(raw) >= 2 and raw[:1] == b'"' and raw[-1:] == b'"':
        g.vm.write_string(p[1], len(raw) + 1, raw[1:-1])
        return True
    return False

