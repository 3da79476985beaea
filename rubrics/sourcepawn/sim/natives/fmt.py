"""SourceMod's printf (atcprintf): %d %i %u %f %s %c %x %X %b %N %L %t %T %%, with flags, width and precision.

Variadic arguments arrive by reference (addresses), as SourcePawn passes them. Running out of arguments is the
same runtime error SourceMod raises ("String formatted incorrectly"). Translations are not loaded in the
simulator, so %t / %T print the phrase key.
"""

from __future__ import annotations

import math

from ..cells import ctof
from ..errors import PluginRuntimeError
from .base import native, put, s

TEAM_NAMES = {0: "Unassigned", 1: "Spectator", 2: "Survivor", 3: "Infected"}
MAX_FIELD = 4096        # width/precision cap: SourceMod's buffers are never larger, and %999999999d must not OOM


class _Args:
    def __init__(self, g, addrs: list[int], first_index: int):
        self.g, self.addrs, self.first, self.next = g, addrs, first_index, 0

    def take(self) -> int:
        if self.next >= len(self.addrs):
            raise PluginRuntimeError(f"String formatted incorrectly - parameter {self.first + self.next} "
                                     f"(total {self.first + len(self.addrs) - 1})")
        addr = self.addrs[self.next]
        self.next += 1
        return addr

    def cell(self) -> int:
        return self.g.vm.read_cell(self.take())

    def string(self) -> str:
        return self.g.vm.read_string(self.take())


def _pad(text: str, width: int, left: bool, zero: bool) -> str:
    if width <= len(text):
        return text
    if left:
        return text.ljust(width)
    if zero and text[:1] in "+-":
        return text[0] + text[1:].rjust(width - 1, "0")
    return text.rjust(width, "0" if zero else " ")


def _float_text(v: float, precision: int) -> str:
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Inf" if v > 0 else "-Inf"
    return f"{v:.{precision}f}"


def client_name(g, client: int) -> str:
    if client == 0:
        return "Console"
    if client < 1 or client > g.max_clients:
        raise PluginRuntimeError(f"Client index {client} is invalid")
    cl = g.clients.get(client)
    if cl is None:
        raise PluginRuntimeError(f"Client {client} is not connected")
    return cl.name


def client_log_name(g, client: int) -> str:
    if client == 0:
        return "Console<0><Console><Console>"
    name = client_name(g, client)
    cl = g.clients[client]
    auth = "BOT" if cl.bot else f"STEAM_1:0:{client}"
    return f"{name}<{cl.userid}><{auth}><{TEAM_NAMES.get(cl.team, '')}>"


def format_text(g, fmt: str, addrs: list[int], first_index: int) -> str:
    """Format `fmt` with the by-reference arguments `addrs` (`first_index` = their native parameter number)."""
    args = _Args(g, addrs, first_index)
    out: list[str] = []
    i, n = 0, len(fmt)
    while i < n:
        ch = fmt[i]
        if ch != "%":
            out.append(ch)
            i += 1
            continue
        i += 1
        if i >= n:
            break
        left = zero = False
        while i < n and fmt[i] in "-0":
            left |= fmt[i] == "-"
            zero |= fmt[i] == "0"
            i += 1
        width = 0
        while i < n and fmt[i].isdigit():
            width = width * 10 + int(fmt[i])
            i += 1
        precision = -1
        if i < n and fmt[i] == ".":
            i += 1
            precision = 0
            while i < n and fmt[i].isdigit():
                precision = precision * 10 + int(fmt[i])
                i += 1
        if i >= n:
            break
        width, precision = min(width, MAX_FIELD), min(precision, MAX_FIELD)
        spec = fmt[i]
        i += 1
        if spec == "%":
            out.append("%")
        elif spec in "di":
            out.append(_pad(str(args.cell()), width, left, zero))
        elif spec == "u":
            out.append(_pad(str(args.cell() & 0xFFFFFFFF), width, left, zero))
        elif spec == "f":
            out.append(_pad(_float_text(ctof(args.cell()), 6 if precision < 0 else precision), width, left, zero))
        elif spec == "s":
            text = args.string()
            if precision >= 0:
                text = text[:precision]
            out.append(_pad(text, width, left, False))
        elif spec == "c":
            code = args.cell() & 0xFF
            out.append(_pad(chr(code) if code else "", width, left, False))
        elif spec in "xX":
            text = format(args.cell() & 0xFFFFFFFF, "x" if spec == "x" else "X")
            out.append(_pad(text, width, left, zero))
        elif spec == "b":
            out.append(_pad(format(args.cell() & 0xFFFFFFFF, "b"), width, left, zero))
        elif spec == "N":
            out.append(_pad(client_name(g, args.cell()), width, left, False))
        elif spec == "L":
            out.append(_pad(client_log_name(g, args.cell()), width, left, False))
        elif spec == "t":
            out.append(args.string())
        elif spec == "T":
            phrase = args.string()
            args.cell()                     # the client whose language to use
            out.append(phrase)
        else:
            out.append("%" + spec)          # SourceMod copies an unknown specifier through
    return "".join(out)


def format_params(g, p: list[int], fmt_index: int) -> str:
    """The common shape `native(..., const char[] format, any ...)`: format string at p[fmt_index]."""
    fmt = s(g, p[fmt_index])
    return format_text(g, fmt, p[fmt_index + 1: p[0] + 1], fmt_index + 1)


@native("Format")
def Format(g, p):
    return put(g, p[1], p[2], format_params(g, p, 3))


@native("FormatEx")
def FormatEx(g, p):
    return put(g, p[1], p[2], format_params(g, p, 3))


def caller_varargs(g, varpos: int) -> tuple[list[int], int]:
    """The by-reference varargs of the plugin function that called a V* native (VFormat, PrintToChatAll's
    VFormat): its parameters live at FRM+12 onwards (FRM+8 holds their count)."""
    vm = g.vm
    count = vm.read_cell(vm.frm + 8)
    if varpos < 1:
        raise PluginRuntimeError("Invalid parameter or parameter type")
    addrs = [vm.read_cell(vm.frm + 8 + 4 * k) for k in range(varpos, count + 1)]
    return addrs, varpos


@native("VFormat")
def VFormat(g, p):
    addrs, first = caller_varargs(g, p[4])
    text = format_text(g, s(g, p[3]), addrs, first)
    return put(g, p[1], p[2], text)


@native("FormatNativeString")
def FormatNativeString(g, p):
    raise PluginRuntimeError("FormatNativeString can only be used inside a native handler")
