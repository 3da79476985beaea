"""Small, exact helpers over SourcePawn source text: comments out, functions and call arguments found.

Not a parser: just enough lexical care (strings, character literals, comments, balanced brackets) for the
include policy and the security rules to never mistake a comment or a string for code. Every scan is a
regular expression over the whole text (no per-character Python loop), so a 512 KB plugin takes milliseconds.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# A string or character literal ends at its closing quote or, unterminated, at the end of the line; spcomp
# takes a lone \r for a line end too, so both end literals and // comments here. (A backslash continuing a
# string onto the next line ends it here: the next line is then read as code, the cautious side.)
_LITERAL = r'"(?:[^"\\\r\n]|\\[^\r\n])*"?|\'(?:[^\'\\\r\n]|\\[^\r\n])*\'?'
_COMMENT_OR_LITERAL = re.compile(r"//[^\r\n]*|/\*.*?(?:\*/|\Z)|" + _LITERAL, re.DOTALL)
_LITERAL_RE = re.compile(_LITERAL)
_BRACKET = re.compile(r"[()\[\]{}]")
_SPLIT = re.compile(r"[()\[\]{},]")


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def strip_comments(code: str) -> str:
    """`code` with every comment replaced by spaces; newlines, strings and offsets are kept."""
    return _COMMENT_OR_LITERAL.sub(lambda m: m.group() if m.group()[0] in "\"'" else _blank(m.group()), code)


def blank_strings(code: str) -> str:
    """`code` (comments already stripped) with the inside of every string/char literal blanked out."""
    def blank(m: re.Match) -> str:
        s = m.group()
        closed = len(s) >= 2 and s[-1] == s[0]
        return s[0] + " " * (len(s) - 1 - closed) + (s[-1] if closed else "")
    return _LITERAL_RE.sub(blank, code)


def line_of(code: str, offset: int) -> int:
    return code.count("\n", 0, offset) + 1


def bracket_pairs(blanked: str) -> dict[int, int]:
    """Offset of each opening bracket -> offset of its closing one, in one linear pass (strings blanked).

    An unclosed bracket maps to len(text); a closer that does not match the innermost opener is ignored.
    """
    closers = {")": "(", "]": "[", "}": "{"}
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for m in _BRACKET.finditer(blanked):
        j, ch = m.start(), m.group()
        if ch in "([{":
            stack.append(j)
        elif stack and blanked[stack[-1]] == closers[ch]:
            pairs[stack.pop()] = j
    for opened in stack:
        pairs[opened] = len(blanked)
    return pairs


def split_args(text: str, blanked: str | None = None) -> list[str]:
    """Split a call's argument text at top-level commas. `blanked` is the same text with strings blanked
    (computed when not given); the pieces are cut from `text`, so string literals come back intact."""
    if blanked is None:
        blanked = blank_strings(text)
    args, depth, start = [], 0, 0
    for m in _SPLIT.finditer(blanked):
        ch = m.group()
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0:
            args.append(text[start:m.start()].strip())
            start = m.end()
    tail = text[start:].strip()
    if tail or args:
        args.append(tail)
    return args


@dataclass
class Function:
    name: str
    params: str
    body: str          # comment-free source between the braces
    body_offset: int   # offset of the body in the comment-free source
    line: int

    @property
    def body_end(self) -> int:
        return self.body_offset + len(self.body)


_FUNC_HEAD = re.compile(
    r"^[ \t]*(?:(?:public|static|stock)[ \t]+)*"
    r"(?:[A-Za-z_]\w*(?:[ \t]*\[[ \t]*\])?[ \t]+|[A-Za-z_]\w*:)?"   # return type: `void f(` or old `Action:f(`
    r"(?P<name>[A-Za-z_]\w*)[ \t]*\((?P<params>[^;{}()]*(?:\([^()]*\)[^;{}()]*)*)\)\s*\{", re.MULTILINE)
_KEYWORDS = {"if", "for", "while", "switch", "return", "else", "do", "sizeof", "view_as", "case"}


def functions(clean: str) -> list[Function]:
    """Function definitions that start a line, in comment-free source."""
    blanked = blank_strings(clean)
    pairs = bracket_pairs(blanked)
    out: list[Function] = []
    pos = 0
    while True:
        m = _FUNC_HEAD.search(blanked, pos)
        if not m:
            break
        name = m.group("name")
        brace = m.end() - 1
        end = pairs.get(brace, len(blanked))
        if name in _KEYWORDS:
            pos = m.end()
            continue
        out.append(Function(name, clean[m.start("params"):m.end("params")], clean[brace + 1:end], brace + 1,
                            line_of(clean, m.start("name"))))
        pos = max(end, m.end())
    return out


_MAX_ARGS_TEXT = 20_000
_CALL = re.compile(r"(?<![\w.])(?P<name>[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)?)\s*\(")


@dataclass
class Call:
    name: str          # "GetCmdArg" or "db.Query" (receiver kept)
    method: str        # the part after the last dot ("Query"), or the name
    args: list[str]
    offset: int        # in the text that was scanned


def calls(text: str) -> list[Call]:
    """Every call expression in comment-free text, nested ones included, in source order."""
    blanked = blank_strings(text)
    pairs = bracket_pairs(blanked)
    out: list[Call] = []
    # Nested calls re-read their arguments once per nesting level; a budget keeps pathological nesting linear
    # (the facts that matter live in short argument lists).
    budget = 4 * len(text) + 100_000
    for m in _CALL.finditer(blanked):
        name = re.sub(r"\s+", "", m.group("name"))
        if name in _KEYWORDS:
            continue
        open_at = m.end() - 1
        close = pairs.get(open_at, len(text))
        args: list[str] = []
        if close - open_at <= min(_MAX_ARGS_TEXT, budget):
            budget -= close - open_at
            args = split_args(text[open_at + 1:close], blanked[open_at + 1:close])
        out.append(Call(name, name.rsplit(".", 1)[-1], args, m.start()))
    return out


class CallIndex:
    """One scan of the whole text; the calls inside any function body are then a slice of it."""

    def __init__(self, clean: str):
        self.all = calls(clean)
        self._offsets = [c.offset for c in self.all]

    def within(self, start: int, end: int) -> list[Call]:
        return self.all[bisect.bisect_left(self._offsets, start):bisect.bisect_left(self._offsets, end)]

    def of(self, fn: Function) -> list[Call]:
        return self.within(fn.body_offset, fn.body_end)
