"""The L4D2 knowledge the checker uses, loaded from the data files in `catalog/`.

`l4d2.json` holds the game's events with their key types, common netprops with their types, zombie classes,
teams and the wrong-API table (names models confuse with the real ones); `includes.json` the community
include files; the SourceMod natives and include names come from the compiler's own include folder.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from pathlib import Path

CATALOG_DIR = Path(__file__).parent / "catalog"


@functools.lru_cache(maxsize=None)
def l4d2() -> dict:
    return json.loads((CATALOG_DIR / "l4d2.json").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def community_includes() -> dict[str, str]:
    return json.loads((CATALOG_DIR / "includes.json").read_text(encoding="utf-8"))["community"]


@functools.lru_cache(maxsize=None)
def natives_roles() -> dict:
    """Which argument of which native carries an event, command, convar, netprop or event key."""
    return json.loads((CATALOG_DIR / "natives.json").read_text(encoding="utf-8"))


def events() -> dict[str, dict[str, str]]:
    return l4d2()["events"]


def netprops() -> dict[str, dict[str, str]]:
    return l4d2()["netprops"]


def wrong_api() -> dict[str, str]:
    return l4d2()["wrong_api"]


@functools.lru_cache(maxsize=None)
def stock_includes(include_dir: Path) -> frozenset[str]:
    """Names (without .inc) of the include files that ship with the compiler."""
    return frozenset(p.stem for p in include_dir.glob("*.inc"))


_NATIVE_DECL = re.compile(r"^\s*(?:native|forward|stock|public\s+native)\s+(?:[\w:]+\s+)?(\w+)\s*\(", re.MULTILINE)
_METHOD_DECL = re.compile(r"^\s*public\s+(?:native\s+)?(?:[\w:]+\s+)?(\w+)\s*\(", re.MULTILINE)
_PROPERTY_DECL = re.compile(r"^\s*property\s+[\w:]+\s+(\w+)", re.MULTILINE)


@functools.lru_cache(maxsize=None)
def sourcemod_functions(include_dir: Path) -> frozenset[str]:
    """Every native, forward, stock, method and property declared by the include files of `include_dir`.

    Used for "did you mean" hints and to tell whether a native in a plugin's table exists at all.
    """
    names: set[str] = set()
    for inc in include_dir.glob("*.inc"):
        text = inc.read_text(encoding="utf-8", errors="replace")
        for pattern in (_NATIVE_DECL, _METHOD_DECL, _PROPERTY_DECL):
            names.update(pattern.findall(text))
    return frozenset(names)


def native_declared(native: str, known: frozenset[str] | set[str]) -> bool:
    """`PrintToChat`, `Event.GetInt` (method) and `ConVar.BoolValue.get` (property) against declared names."""
    parts = native.split(".")
    return (parts[1] if len(parts) > 1 else parts[0]) in known


def suggest(name: str, known: list[str] | frozenset[str] | set[str] | None = None) -> str | None:
    """The right name for a wrong one: the wrong-API table first, then the closest known name."""
    table = wrong_api()
    if name in table:
        return table[name]
    if known:
        close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
        if close:
            return close[0]
    return None


def event_suggestion(name: str) -> str | None:
    return suggest(name, set(events()))


def netprop_type(name: str) -> str | None:
    entry = netprops().get(name)
    return entry["type"] if entry else None
