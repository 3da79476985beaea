"""A small Lua 5.1/LuaJIT tokenizer and the two questions the lint tier asks of it.

1. Which API names does the code access (`minetest.register_node`, `core.after`, `vector.add`, `obj:get_pos`)?
   For `checks.require_api` / `checks.forbid_api`. Strings and comments never count.
2. Which calls are security findings that luacheck cannot see because the engine *has* the function
   (`require`, `dofile`/`io.open` of paths outside the mod, `debug.sethook`, `request_insecure_environment`,
   `loadstring` of HTTP data)?

Static and conservative: a path built at run time from variables is not judged (the real engine's mod
security still blocks it in the engine tier); literal absolute paths and `..` are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KEYWORDS = {"and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
            "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while"}

_TOKEN = re.compile(r"""
    (?P<ws>[ \t\f\v]+)
  | (?P<nl>\n)
  | (?P<longc>--\[(?P<lceq>=*)\[)
  | (?P<comment>--[^\n]*)
  | (?P<longs>\[(?P<lseq>=*)\[)
  | (?P<str>"(?:[^"\\\n]|\\.|\\\n)*"?|'(?:[^'\\\n]|\\.|\\\n)*'?)
  | (?P<num>0[xX][0-9a-fA-F.]*(?:[pP][+-]?\d+)?|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\.\.\.|\.\.|==|~=|<=|>=|::|[-+*/%^\#<>=(){}\[\];:,.])
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


@dataclass(frozen=True)
class Token:
    kind: str          # name | keyword | string | number | op
    text: str          # for strings: the (roughly unescaped) contents
    line: int
    col: int


def tokenize(src: str) -> list[Token]:
    """Tokens of `src` without whitespace and comments; never raises (bad input gives odd tokens)."""
    out: list[Token] = []
    pos, line, line_start, n = 0, 1, 0, len(src)
    while pos < n:
        m = _TOKEN.match(src, pos)
        if m is None:       # cannot happen (`other` matches any char), but never loop forever
            pos += 1
            continue
        kind = m.lastgroup
        text = m.group(0)
        col = pos - line_start + 1
        if kind in ("longc", "lceq", "longs", "lseq"):
            eq = m.group("lceq") if m.group("longc") else m.group("lseq")
            close = "]" + (eq or "") + "]"
            end = src.find(close, m.end())
            end = n if end < 0 else end + len(close)
            body = src[m.end():max(m.end(), end - len(close))]
            if m.group("longs"):
                out.append(Token("string", body, line, col))
            nls = src.count("\n", pos, end)
            if nls:
                line += nls
                line_start = src.rfind("\n", pos, end) + 1
            pos = end
            continue
        pos = m.end()
        if kind == "nl":
            line += 1
            line_start = pos
        elif kind == "str":
            body = text[1:-1] if len(text) >= 2 and text[-1] == text[0] else text[1:]
            out.append(Token("string", _unescape(body), line, col))
            nls = text.count("\n")
            if nls:
                line += nls
                line_start = src.rfind("\n", 0, pos) + 1
        elif kind == "name":
            out.append(Token("keyword" if text in KEYWORDS else "name", text, line, col))
        elif kind in ("num", "op"):
            out.append(Token(kind, text, line, col))
    return out


def _unescape(body: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


# ------------------------------------------------------------------------------------------------ accesses

@dataclass(frozen=True)
class Access:
    name: str          # "minetest.register_node", "vector.add", ":get_pos", "ItemStack"
    line: int
    col: int


def accesses(tokens: list[Token]) -> list[Access]:
    """Global-rooted dotted names (`a.b.c`, `a["b"]`) and method names (`:m(`) the code mentions.

    A name right after `.`/`:` is a field, not a root, and `local x` declarations are not accesses;
    `core.x` is reported as written (callers treat minetest/core alike).
    """
    out: list[Access] = []
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        prev = tokens[i - 1] if i else None
        if t.kind == "name" and not (prev and prev.kind == "op" and prev.text in (".", ":")):
            parts = [t.text]
            j = i + 1
            while j + 1 < n:
                if tokens[j].text == "." and tokens[j].kind == "op" and tokens[j + 1].kind == "name":
                    parts.append(tokens[j + 1].text)
                    j += 2
                elif (tokens[j].text == "[" and j + 2 < n and tokens[j + 1].kind == "string"
                      and tokens[j + 2].text == "]" and re.match(r"^[A-Za-z_]\w*$", tokens[j + 1].text)):
                    parts.append(tokens[j + 1].text)
                    j += 3
                else:
                    break
            for k in range(1, len(parts) + 1):
                out.append(Access(".".join(parts[:k]), t.line, t.col))
            i = j
            continue
        if t.kind == "op" and t.text == ":" and i + 1 < n and tokens[i + 1].kind == "name":
            out.append(Access(":" + tokens[i + 1].text, tokens[i + 1].line, tokens[i + 1].col))
        i += 1
    return out


def normalize_api(name: str) -> str:
    """`core.x` and `minetest.x` are one table; class methods `ObjectRef:get_pos` are matched by `:get_pos`."""
    if name.startswith("core."):
        name = "minetest." + name[5:]
    if ":" in name and not name.startswith(":"):
        name = ":" + name.split(":", 1)[1]
    return name


def accessed_names(tokens: list[Token]) -> dict[str, tuple[int, int]]:
    """Normalized accessed names -> first (line, col)."""
    seen: dict[str, tuple[int, int]] = {}
    for a in accesses(tokens):
        seen.setdefault(normalize_api(a.name), (a.line, a.col))
    return seen


def function_depths(tokens: list[Token]) -> list[int]:
    """For each token, how many `function` bodies enclose it (0: the file's main chunk, run at load time)."""
    depths: list[int] = []
    stack: list[str] = []
    functions = 0
    skip_then = False
    for t in tokens:
        depths.append(functions)
        if t.kind != "keyword":
            continue
        word = t.text
        if word == "elseif":
            skip_then = True
        elif word == "then" and skip_then:
            skip_then = False
        elif word in ("function", "do", "then", "repeat"):
            stack.append(word)
            functions += word == "function"
        elif word in ("end", "until") and stack:
            functions -= stack.pop() == "function"
    return depths


# ------------------------------------------------------------------------------------------------ security

@dataclass(frozen=True)
class Finding:
    message: str
    line: int
    col: int
    code: str          # "require", "dofile", "io.open", "debug", "insecure_env", "remote_code", "package"


# debug functions the engine keeps for mods that are harmless (error reporting, introspection of the caller)
SAFE_DEBUG = {"traceback", "getinfo"}
# fields luacheck already reports (the engine does not have them); here only so messages name the risk
REMOVED_BY_ENGINE = {"os.execute", "os.exit", "os.tmpname", "io.popen", "io.tmpfile", "os.getenv_unsafe",
                     "package.loadlib", "debug.getregistry", "debug.setupvalue", "debug.getupvalue",
                     "debug.setlocal", "debug.getlocal", "debug.setmetatable", "debug.getmetatable", "debug.setfenv",
                     "debug.getfenv", "debug.upvaluejoin"}
_PATH_CALLS = {"dofile", "loadfile", "io.open", "io.lines", "os.remove", "os.rename"}


def _call_at(tokens: list[Token], i: int) -> tuple[str, int] | None:
    """If tokens[i] starts `a.b(` or `a(` (a global-rooted call), its dotted name and the index after `(`."""
    t = tokens[i]
    if t.kind != "name" or (i and tokens[i - 1].text in (".", ":") and tokens[i - 1].kind == "op"):
        return None
    if i and tokens[i - 1].kind == "keyword" and tokens[i - 1].text == "function":
        return None
    parts = [t.text]
    j = i + 1
    while j + 1 < len(tokens) and tokens[j].text == "." and tokens[j + 1].kind == "name":
        parts.append(tokens[j + 1].text)
        j += 2
    if j < len(tokens) and tokens[j].kind == "op" and tokens[j].text == "(":
        return ".".join(parts), j + 1
    if j < len(tokens) and tokens[j].kind == "string":      # require "x"
        return ".".join(parts), j
    return None


def _local_names(tokens: list[Token]) -> set[str]:
    """Names declared local anywhere (`local require = ...`, `local function dofile`): then not the global."""
    names: set[str] = set()
    for i, t in enumerate(tokens[:-1]):
        if t.kind == "keyword" and t.text == "local":
            j = i + 1
            if tokens[j].kind == "keyword" and tokens[j].text == "function":
                j += 1
            while j < len(tokens) and tokens[j].kind == "name":
                names.add(tokens[j].text)
                if j + 1 < len(tokens) and tokens[j + 1].text == ",":
                    j += 2
                else:
                    break
    return names


def _bad_path(tokens: list[Token], start: int) -> str | None:
    """The literal path of a call's first argument when it is absolute or climbs with `..`."""
    depth = 0
    for t in tokens[start:start + 40]:
        if t.kind == "op" and t.text in "([{":
            depth += 1
        elif t.kind == "op" and t.text in ")]}":
            if depth == 0:
                return None
            depth -= 1
        elif t.kind == "op" and t.text == "," and depth == 0:
            return None
        elif t.kind == "string":
            s = t.text
            if s.startswith("/") and t is tokens[start] or s.startswith("~") or "../" in s or s.endswith("/.."):
                return s
    return None


def security_findings(tokens: list[Token]) -> list[Finding]:
    out: list[Finding] = []
    locals_ = _local_names(tokens)
    uses_http = any(t.kind == "name" and t.text == "request_http_api" for t in tokens)
    for i, t in enumerate(tokens):
        call = _call_at(tokens, i)
        root = t.text
        if call is not None and root not in locals_:
            name, arg = call
            name = normalize_api(name)
            if name == "require":
                out.append(Finding("require() loads code from outside the mod; the engine runs mods without it "
                                   "(use dofile(minetest.get_modpath(...) .. \"/file.lua\"))", t.line, t.col,
                                   "require"))
            elif name in _PATH_CALLS:
                bad = _bad_path(tokens, arg)
                if bad is not None:
                    out.append(Finding(f"{name}({bad!r}) reaches outside the mod and world folders", t.line,
                                       t.col, name))
            elif name in ("loadstring", "load") and uses_http:
                out.append(Finding(f"{name}() in a mod that requests the HTTP API: running downloaded code is "
                                   "not allowed", t.line, t.col, "remote_code"))
        if t.kind == "name" and (not i or tokens[i - 1].text not in (".", ":")) and root not in locals_:
            if (root in ("minetest", "core") and i + 2 < len(tokens) and tokens[i + 1].text == "."
                    and tokens[i + 2].text == "request_insecure_environment"):
                out.append(Finding(f"{root}.request_insecure_environment() asks for the unrestricted Lua "
                                   "environment", t.line, t.col, "insecure_env"))
            elif root in ("debug", "package") and i + 2 < len(tokens) and tokens[i + 1].text == ".":
                field = tokens[i + 2].text
                if root == "package" or field not in SAFE_DEBUG:
                    out.append(Finding(f"{root}.{field} is not for mods (it reaches into the interpreter)",
                                       t.line, t.col, root))
    return out
