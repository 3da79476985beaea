"""Reading the Luanti server's log (stderr): entries, grouped multi-line errors, and their source locations.

Every line of a multi-line message carries its own `YYYY-MM-DD HH:MM:SS: LEVEL[Thread]: ` prefix, so an error
with a Lua traceback arrives as several ERROR lines; they are grouped back into one entry. Lines without the
prefix (the ASCII banner, a C++ abort message) are kept as `RAW` entries: they explain crashes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d: (ERROR|WARNING|ACTION|INFO|VERBOSE)\[(\w+)\]: (.*)$")
# A Lua source position in a message: "path/file.lua:12" (followed by ":", ")" or "."). Lua cuts long chunk
# names to "...tail.lua".
LUA_POSITION = re.compile(r"((?:\.\.\.)?[^\s:'\"<>()\[\]]*?\.lua):(\d+)")
# "Mod <name> at <path>:" heads the engine's list of deprecation notices about one mod's files.
MOD_NOTICE = re.compile(r"^Mod (\S+) at \S+:")
# The engine does not load a mod whose dependencies are missing, yet carries on (exit code 0).
UNSATISFIED = re.compile(r'^mod "([^"]+)" has unsatisfied dependencies')
HARNESS_TAG = "[modbench_harness] "
BANNER_CHARS = set(" _.|/\\<>()Y-")


@dataclass
class LogEntry:
    level: str          # ERROR, WARNING, ACTION, INFO, VERBOSE, or RAW for unprefixed output
    thread: str
    text: str           # the message; a grouped multi-line message keeps its lines joined by "\n"




def _continues(previous: str, line: str) -> bool:
    """Whether an ERROR/WARNING line continues the message before it (same level and thread)."""
    return (line.startswith(("\t", " ")) or line.strip() == "stack traceback:"
            or previous.rstrip().endswith(":") or previous.strip() == "stack traceback:")


def parse_log(text: str) -> list[LogEntry]:
    entries: list[LogEntry] = []
    for raw in text.splitlines():
        m = LOG_LINE.match(raw)
        if not m:
            if raw.strip() and not set(raw) <= BANNER_CHARS:
                entries.append(LogEntry("RAW", "", raw))
            continue
        level, thread, message = m.groups()
        last = entries[-1] if entries else None
        if (last is not None and level in ("ERROR", "WARNING") and last.level == level and last.thread == thread
                and _continues(last.text.rsplit("\n", 1)[-1], message)):
            last.text += "\n" + message
        else:
            entries.append(LogEntry(level, thread, message))
    return entries


def positions(text: str) -> list[tuple[str, int]]:
    """Every Lua source position in a message, in order (the error line first, then traceback frames)."""
    return [(m.group(1), int(m.group(2))) for m in LUA_POSITION.finditer(text)]


def headline(text: str) -> str:
    """The line of a grouped error that says what went wrong, without the loader's wrapper and traceback."""
    lines = [ln.strip() for ln in text.split("\n")]
    if "stack traceback:" in lines:
        lines = lines[: lines.index("stack traceback:")]
    # "ModError: Failed to load and run script from X:" only says where; the next line says what.
    meaningful = [ln for ln in lines if ln and not (ln.startswith("ModError: Failed to load and run script")
                                                    and ln.endswith(":"))]
    return " ".join(meaningful) if meaningful else text.strip()


def harness_lines(entries: list[LogEntry]) -> list[str]:
    """The harness's own progress lines (without the tag), in order."""
    return [e.text[len(HARNESS_TAG):] for e in entries
            if e.level in ("ACTION", "ERROR") and e.text.startswith(HARNESS_TAG)]
