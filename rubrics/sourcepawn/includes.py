"""Tier `includes`: only `#include <name>` of known include files, checked before anything is compiled.

spcomp reads any file an include names (`"/abs"`, bare `/abs`, `<../../..>` traversal, quoted relative
paths) and echoes its tokens in diagnostics, so the policy allows exactly one form: angle brackets around a
plain name of a SourceMod 1.11 include that ships with the compiler, or of a community include the task
allows and this machine has. A well-known community include that is not available gets its own reason,
`missing_community_include`: the plugin depends on a library, which is not the same as broken code.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from dataclasses import asdict, dataclass
from pathlib import Path

from ..verdict import Diagnostic, TierResult
from . import catalog
from .context import Context
from .source import blank_strings, line_of, strip_comments
from .toolchain import spcomp_toolchain

TIER = "includes"
EXTRA_DIRS_ENV = "MODBENCH_SP_INCLUDE_DIRS"     # colon-separated folders holding community .inc files

# spcomp honours a directive after any control character or BOM, after a comment on the same line, and
# after a lone \r (which it takes for a line end), so the scan does not look for line starts at all: every
# `#include` / `#tryinclude` outside comments and strings is a directive to check, wherever it stands.
# Characters up to space are skipped between `#` and the keyword too: rejecting a harmless oddity is cheaper
# than missing a real one.
_DIRECTIVE = re.compile(r"#[\x00-\x20\ufeff]*(?P<kind>tryinclude|include)(?![A-Za-z0-9_])")
_LINE_END = re.compile(r"[\r\n]")
_BLANKS = "".join(chr(c) for c in range(0x21) if chr(c) not in "\r\n") + "\ufeff"   # what spcomp skips as space
_ANGLE = re.compile(r"^<(?P<name>[^<>\n]*)>$")
_NAME = re.compile(r"^(?P<stem>[A-Za-z0-9_]+)(?:\.inc)?$")


@dataclass
class Include:
    kind: str          # include | tryinclude
    target: str        # as written, e.g. <sdktools> or "/etc/passwd"
    line: int
    name: str | None   # the include's name when the form is allowed
    status: str        # stock | community | forbidden | unknown | missing_community


def extra_include_dirs() -> list[Path]:
    return [Path(p) for p in os.environ.get(EXTRA_DIRS_ENV, "").split(":") if p and Path(p).is_dir()]


def find_community(name: str) -> Path | None:
    """The folder holding `name.inc` among the configured community include folders."""
    return next((d for d in extra_include_dirs() if (d / f"{name}.inc").is_file()), None)


def _world_readable(folder: Path, name: str) -> bool:
    # the compiler runs as an unprivileged uid: a private folder would look like a missing include
    try:
        return bool(folder.stat().st_mode & stat.S_IXOTH and (folder / f"{name}.inc").stat().st_mode & stat.S_IROTH)
    except OSError:
        return False


def scan(code: str, stock: frozenset[str], allowed_community: list[str]) -> list[Include]:
    # line continuations joined first, so that `#include \<newline>"/etc/passwd"` is seen whole
    clean = strip_comments(code.replace("\\\r\n", "").replace("\\\n", ""))
    blanked = blank_strings(clean)          # a "#include" inside a string literal is not a directive
    found: list[Include] = []
    for m in _DIRECTIVE.finditer(blanked):
        end = _LINE_END.search(clean, m.end())
        target = clean[m.end():end.start() if end else len(clean)].strip(_BLANKS)
        line = line_of(clean, m.start())
        angle = _ANGLE.match(target)
        name_match = _NAME.match(angle.group("name").strip()) if angle else None
        if not name_match:
            found.append(Include(m.group("kind"), target, line, None, "forbidden"))
            continue
        name = name_match.group("stem")
        if name in stock:
            status = "stock"
        elif name in allowed_community:
            status = "community"
        elif name in catalog.community_includes():
            status = "missing_community"
        else:
            status = "unknown"
        found.append(Include(m.group("kind"), target, line, name, status))
    return found


def _message(inc: Include, stock: frozenset[str]) -> str:
    where = f"#{inc.kind} {inc.target[:80]}"
    if inc.status == "forbidden":
        return (f"{where}: only `#include <name>` of SourceMod's standard include files is allowed "
                "(no quotes, no paths, no `..`); e.g. #include <sourcemod>")
    if inc.status == "missing_community":
        what = catalog.community_includes()[inc.name]
        return (f"{where}: {inc.name} is a community include ({what}) that is not available here; "
                "use only SourceMod's own includes (sourcemod, sdktools, sdkhooks, ...)")
    close = difflib.get_close_matches(inc.name or "", sorted(stock), n=1, cutoff=0.6)
    hint = f" (did you mean <{close[0]}>?)" if close else ""
    return f"{where}: SourceMod 1.11 has no include file named {inc.name!r}{hint}"


class IncludesTier:
    name = TIER
    required = True

    async def run(self, ctx: Context) -> TierResult:
        tc = await spcomp_toolchain()
        stock = catalog.stock_includes(tc.extra["include"])
        found = scan(ctx.code or "", stock, ctx.community_allowed)
        details = {"includes": [asdict(i) for i in found]}
        bad = [i for i in found if i.status in ("forbidden", "unknown")]
        missing = [i for i in found if i.status == "missing_community"]
        if bad or missing:
            reason = ("forbidden_include" if any(i.status == "forbidden" for i in bad) else "unknown_include") \
                if bad else "missing_community_include"
            diags = [Diagnostic(TIER, "error", _message(i, stock), ctx.file_name, i.line,
                                code="missing_community_include" if i.status == "missing_community" else None)
                     for i in bad + missing]
            return TierResult(TIER, ok=False, diagnostics=diags,
                              details={**details, "reason": reason, "missing": sorted({i.name for i in missing}),
                                       "message": diags[0].message})
        dirs: list[Path] = []
        for inc in found:
            if inc.status != "community":
                continue
            where = find_community(inc.name)
            if where is None:
                return TierResult.infra_error(
                    TIER, f"the task allows the community include {inc.name!r}, but it is not installed here "
                          f"(put {inc.name}.inc in a folder named by {EXTRA_DIRS_ENV})", **details)
            if not _world_readable(where, inc.name):
                return TierResult.infra_error(
                    TIER, f"{inc.name}.inc is installed but not readable by the sandbox user (chmod o+rx the folder, "
                          "o+r the file)", **details)
            if where not in dirs:
                dirs.append(where)
        ctx.include_dirs = dirs
        return TierResult(TIER, ok=True, details=details)
