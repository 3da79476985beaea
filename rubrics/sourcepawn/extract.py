"""Tier `extract`: find the SourcePawn plugin in a completion.

A completion may hold several fenced blocks (a config, a snippet, the plugin); the plugin is the
sourcepawn-ish block (```sourcepawn, ```sp, ```c, ```cpp, ...) that contains OnPluginStart, else the longest
(the later one on a tie). Without any fence, the text itself counts when it looks like SourcePawn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..verdict import Diagnostic, TierResult
from .context import Context

TIER = "extract"
MAX_ANSWER_CHARS = 2_000_000       # read no further than this (a 2 MB completion is not an answer)
MAX_CODE_BYTES = 512 * 1024        # the plugin itself
SOURCEPAWN_TAGS = {"sourcepawn", "sp", "sourcemod", "pawn", "c", "cpp", "c++", "cc", "h", "inc"}

_FENCE = re.compile(r"^[ \t]{0,3}(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)$")
_SIGNALS = [re.compile(p, re.MULTILINE) for p in (
    r"^\s*#\s*include\s*<sourcemod>", r"\bOnPluginStart\s*\(", r"\bPlugin\s*:?\s*myinfo\b",
    r"^\s*#\s*pragma\s+(semicolon|newdecls)\b", r"\b(RegConsoleCmd|RegAdminCmd|HookEvent|CreateConVar)\s*\(",
)]
_CODE_START = re.compile(
    r"^\s*(#|public\b|stock\b|static\b|void\b|int\b|float\b|bool\b|char\b|Handle\b|ConVar\b|enum\b|methodmap\b|"
    r"new\b|decl\b|//|/\*)", re.MULTILINE)


@dataclass
class Block:
    lang: str            # lowercased first word of the info string ("" when untagged)
    body: str
    index: int


def fenced_blocks(text: str) -> list[Block]:
    """Fenced code blocks, in order. An unclosed last fence runs to the end (a truncated completion)."""
    blocks: list[Block] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m.group("fence"), m.group("info").strip()
        lang = info.split()[0].lower() if info else ""
        body: list[str] = []
        i += 1
        while i < len(lines):
            close = _FENCE.match(lines[i])
            if close and close.group("fence")[0] == fence[0] and len(close.group("fence")) >= len(fence) \
                    and not close.group("info").strip():
                break
            body.append(lines[i])
            i += 1
        blocks.append(Block(lang, "\n".join(body), len(blocks)))
        i += 1
    return blocks


def without_thinking(text: str) -> str:
    """The text outside <think>...</think> sections; an unclosed one runs to the end (still thinking)."""
    lower = text.lower()
    kept: list[str] = []
    pos = 0
    while (start := lower.find("<think>", pos)) >= 0:
        kept.append(text[pos:start])
        end = lower.find("</think>", start)
        if end < 0:
            return "".join(kept)
        pos = end + len("</think>")
    kept.append(text[pos:])
    return "".join(kept)


def looks_like_sourcepawn(text: str) -> bool:
    return any(p.search(text) for p in _SIGNALS)


def _pick(blocks: list[Block]) -> Block:
    return max(blocks, key=lambda b: ("OnPluginStart" in b.body, len(b.body), b.index))


def find_code(text: str) -> tuple[str | None, str]:
    """(code, where it came from) or (None, why there is none)."""
    text = without_thinking(text)
    blocks = fenced_blocks(text)
    tagged = [b for b in blocks if b.lang in SOURCEPAWN_TAGS and b.body.strip()]
    if tagged:
        best = _pick(tagged)
        return best.body, f"fence:{best.lang}"
    untagged = [b for b in blocks if not b.lang and looks_like_sourcepawn(b.body)]
    if untagged:
        return _pick(untagged).body, "fence"
    other = [b for b in blocks if looks_like_sourcepawn(b.body)]
    if other:
        best = _pick(other)
        return best.body, f"fence:{best.lang}"
    if not blocks and looks_like_sourcepawn(text):
        start = _CODE_START.search(text)
        return text[start.start():] if start else text, "bare"
    if blocks:
        langs = sorted({b.lang or "untagged" for b in blocks})
        return None, (f"no SourcePawn code block found (blocks: {', '.join(langs)}): answer with the whole "
                      "plugin in one ```sourcepawn code block")
    return None, "no SourcePawn code found: answer with the whole plugin in one ```sourcepawn code block"


def _not_text(text: str) -> str | None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "the answer is not valid UTF-8 text"
    odd = sum(1 for ch in text if (ch < " " and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    if odd > 8 and odd > len(text) // 100:
        return f"the answer looks like binary data ({odd} control or invalid characters)"
    return None


def _fail(reason: str, message: str, **details) -> TierResult:
    return TierResult(TIER, ok=False, details={"reason": reason, "message": message, **details},
                      diagnostics=[Diagnostic(TIER, "error", message)])


class ExtractTier:
    name = TIER
    required = True

    async def run(self, ctx: Context) -> TierResult:
        text = ctx.text
        if len(text) > MAX_ANSWER_CHARS:
            return _fail("too_large", f"answer too large: {len(text) // 1024} KB of text "
                         f"(the limit is {MAX_ANSWER_CHARS // 1024} KB)")
        why = _not_text(text)
        if why:
            return _fail("not_text", why)
        if ctx.mode == "file":
            code, where = text, "file"
        else:
            code, where = find_code(text)
        if code is None:
            return _fail("no_code", where)
        size = len(code.encode("utf-8"))
        if size > MAX_CODE_BYTES:
            return _fail("too_large", f"answer too large: the code is {size // 1024} KB "
                         f"(the limit is {MAX_CODE_BYTES // 1024} KB)")
        if "\x00" in code:
            return _fail("not_text", "the code contains NUL characters")
        if not code.strip():
            return _fail("no_code", "the code block is empty")
        ctx.code = code
        return TierResult(TIER, ok=True, details={"source": where, "bytes": size, "lines": code.count("\n") + 1})
