"""Tier `security`: a small rule set over the plugin's source (plus the compiled admin flags when known).

Rules (severity; critical fails the tier):
- `admin-command-without-flag` (critical): a command any player can run (RegConsoleCmd, or RegAdminCmd with
  flag 0) whose name is admin-ish (sm_kick, sm_ban, sm_slay, sm_give, sm_cvar, ...) or whose handler kicks,
  bans, slays, slaps, runs server commands, changes the map or sets convars, without an access check.
- `sql-injection` (critical): player-controlled text (command arguments, player names, chat text) put into a
  query with Format's `%s` (Format never escapes) or with `%!s` in SQL_FormatQuery/Database.Format (the `!`
  turns their escaping off), or handed to a query native, without SQL_EscapeString/Database.Escape.
- `command-injection` (critical; high inside an admin command, none with RCON/ROOT admins, who may run any
  command anyway): player-controlled text in ServerCommand/ServerCommandEx/InsertServerCommand (`;` chains).
- `unvalidated-client-index` (high): a number from a command argument (StringToInt(arg), GetCmdArgInt) used as
  a client index or array index without a range/IsClientInGame check (use FindTarget).
- `unchecked-userid` (medium): GetClientOfUserId's result (0 once the player left) passed to a client native
  without a check.

Taint is tracked per function, in source order, through strcopy/StrCat/Format/ReplaceString; that is a
deliberate simplification that keeps every rule readable and testable.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from ..verdict import Diagnostic, TierResult
from . import catalog
from .context import Context
from .source import Call, CallIndex, Function, blank_strings, functions, line_of, strip_comments

TIER = "security"
SEVERITY_RANK = {"critical": 3, "high": 2, "medium": 1}
_STRING = re.compile(r'^"((?:[^"\\]|\\.)*)"$')
_IDENT = re.compile(r"^[A-Za-z_]\w*$")


@dataclass
class Finding:
    rule: str
    severity: str          # critical | high | medium
    message: str
    line: int | None = None


@functools.lru_cache(maxsize=1)
def rules_data() -> dict:
    return json.loads((catalog.CATALOG_DIR / "security.json").read_text(encoding="utf-8"))


def _literal(arg: str) -> str | None:
    m = _STRING.match(arg.strip())
    return m.group(1) if m else None


def _var(arg: str) -> str | None:
    """The variable an argument names (`buf`, `buf[0]` -> buf), or None for anything else."""
    arg = arg.strip()
    m = re.match(r"^([A-Za-z_]\w*)(?:\s*\[.*\])?$", arg, re.DOTALL)
    return m.group(1) if m else None


def _lookup(table: dict, call: Call):
    """A table entry for a call: by name, or (for keys starting with '.') by method on any receiver."""
    if "." in call.name:
        return table.get("." + call.method)
    return table.get(call.name)


# ---------------------------------------------------------------------------------------------- taint


def _tainted_params(fn: Function) -> set[str]:
    idx = rules_data()["say_forwards"].get(fn.name)
    if idx is None:
        return set()
    params = [p.strip() for p in fn.params.split(",")]
    if idx < len(params):
        m = re.search(r"(\w+)\s*(?:\[\s*\])?\s*$", params[idx])
        return {m.group(1)} if m else set()
    return set()


def _is_tainted(arg: str, tainted: set[str]) -> bool:
    v = _var(arg)
    return v is not None and v in tainted


def walk(fn: Function, body_calls: list[Call]) -> Iterator[tuple[Call, set[str]]]:
    """Each call of the function with the variables holding player-controlled text just before it."""
    data = rules_data()
    tainted = _tainted_params(fn)
    for c in body_calls:
        yield c, tainted
        src_idx = data["taint_sources"].get(c.name)
        if src_idx is not None and src_idx < len(c.args) and (v := _var(c.args[src_idx])):
            tainted.add(v)
            continue
        if (c.method == "GetString" and "." in c.name) or c.name == "GetEventString":
            key_idx, buf_idx = (1, 2) if c.name == "GetEventString" else (0, 1)
            key = _literal(c.args[key_idx]) if key_idx < len(c.args) else None
            if key in data["user_event_keys"] and buf_idx < len(c.args) and (v := _var(c.args[buf_idx])):
                tainted.add(v)
            continue
        esc = _lookup(data["escapers"], c)
        if esc is not None and esc < len(c.args) and (v := _var(c.args[esc])):
            tainted.discard(v)
            continue
        copy = data["copy_natives"].get(c.name)
        if copy is not None and c.args and (dst := _var(c.args[copy[0]])):
            sources = c.args[2:] if copy[1] is None else c.args[copy[1]:copy[1] + 1]
            if any(_is_tainted(a, tainted) for a in sources):
                tainted.add(dst)
            elif c.name in ("strcopy", "Format", "FormatEx"):
                tainted.discard(dst)        # overwritten with clean text


def taint_pass(fn: Function, body_calls: list[Call]) -> set[str]:
    """Variables holding player-controlled text at the end of the function."""
    tainted: set[str] = _tainted_params(fn)
    for _call, tainted in walk(fn, body_calls):
        pass
    return tainted


def _format_consumes_tainted(fmt: str, args: list[str], tainted: set[str], unescaped: str) -> bool:
    """Whether a `%s`-like spec (`unescaped` is "s" or "!s") takes a tainted argument."""
    specs = re.findall(r"%(!?)[-+ 0#]*\d*(?:\.\d+)?([a-zA-Z%])", fmt)
    i = 0
    for bang, conv in specs:
        if conv == "%":
            continue
        if i < len(args) and (bang + conv) == unescaped and _is_tainted(args[i], tainted):
            return True
        i += 1
    return False


# ---------------------------------------------------------------------------------------------- rules


def _validated(var: str, body_blanked: str) -> bool:
    v = re.escape(var)
    patterns = [
        rf"\b{v}\s*(==|!=|<=|>=|<|>)", rf"(==|!=|<=|>=|<|>)\s*{v}\b", rf"!\s*{v}\b",
        rf"\b(if|while)\s*\(\s*{v}\s*[)&|]", rf"(&&|\|\|)\s*{v}\b", rf"\b{v}\s*(&&|\|\|)",
        rf"\b{rules_data()['validators']}\s*\(\s*{v}\b",
    ]
    return any(re.search(p, body_blanked) for p in patterns)


def _client_uses(var: str, body_calls: list[Call]) -> list[Call]:
    natives = set(rules_data()["client_natives"])
    return [c for c in body_calls if c.name in natives and c.args and _var(c.args[0]) == var]


def rule_client_indices(fn: Function, body_calls: list[Call], tainted: set[str], clean: str) -> list[Finding]:
    out: list[Finding] = []
    blanked = blank_strings(fn.body)
    natives = set(rules_data()["client_natives"])
    for c in body_calls:
        if c.name in natives and c.args and c.args[0].replace(" ", "").startswith("GetClientOfUserId("):
            out.append(Finding("unchecked-userid", "medium",
                               f"{c.name}(GetClientOfUserId(...)) in {fn.name}: the userid may belong to a player "
                               "who already left (client 0); store it and check `client > 0 && "
                               "IsClientInGame(client)` first", line_of(clean, c.offset)))
    for m in re.finditer(r"\b([A-Za-z_]\w*)\s*=\s*(GetClientOfUserId|StringToInt|GetCmdArgInt)\s*\(([^;]*)", blanked):
        var, source, rest = m.group(1), m.group(2), m.group(3)
        if source == "StringToInt":
            arg = _var(rest.split(")")[0].split(",")[0])
            if arg is None or arg not in tainted:
                continue
        if _validated(var, blanked):
            continue
        uses = _client_uses(var, body_calls)
        indexed = source != "GetClientOfUserId" and re.search(rf"\[\s*{re.escape(var)}\s*\]", blanked)
        if not uses and not indexed:
            continue
        line = line_of(clean, fn.body_offset + m.start())
        if source == "GetClientOfUserId":
            out.append(Finding("unchecked-userid", "medium",
                               f"{fn.name}: `{var}` from GetClientOfUserId is used in {uses[0].name} without a check; "
                               f"it is 0 when the player has left: check `{var} > 0 && IsClientInGame({var})`", line))
        else:
            out.append(Finding("unvalidated-client-index", "high",
                               f"{fn.name}: `{var}` comes from a command argument and is used as a client/array index "
                               f"without a range check; use FindTarget() or check 1 <= {var} <= MaxClients and "
                               f"IsClientInGame({var})", line))
    return out


def rule_sql(fn: Function, body_calls: list[Call], clean: str) -> list[Finding]:
    data = rules_data()
    sql = re.compile(data["sql_keywords"])
    out: list[Finding] = []
    # in source order, so that an escape before the Format clears the variable
    for c, tainted in walk(fn, body_calls):
        fmt_idx, unescaped = data["format_natives"].get(c.name), "s"
        if fmt_idx is None:
            fmt_idx, unescaped = _lookup(data["escaping_format_natives"], c), "!s"
        if fmt_idx is not None and fmt_idx < len(c.args):
            fmt = _literal(c.args[fmt_idx])
            if fmt and sql.search(fmt) and _format_consumes_tainted(fmt, c.args[fmt_idx + 1:], tainted, unescaped):
                how = "Format never escapes %s" if unescaped == "s" else "%!s turns escaping off"
                out.append(Finding("sql-injection", "critical",
                                   f"{fn.name}: player-controlled text goes into an SQL query via {c.name} ({how}); "
                                   "escape it with SQL_EscapeString/Database.Escape or use Database.Format with %s",
                                   line_of(clean, c.offset)))
                continue
        sink = _lookup(data["query_sinks"], c)
        if sink is not None and sink < len(c.args) and _is_tainted(c.args[sink], tainted):
            out.append(Finding("sql-injection", "critical",
                               f"{fn.name}: {c.name} runs a query built from player-controlled text; escape it first",
                               line_of(clean, c.offset)))
    return out


def rule_server_command(fn: Function, body_calls: list[Call], clean: str, admin_flags: int | None) -> list[Finding]:
    data = rules_data()
    if admin_flags is not None and admin_flags & data["admin_bypass_flags"]:
        return []          # an RCON/ROOT admin may run any server command anyway
    out: list[Finding] = []
    for c, tainted in walk(fn, body_calls):
        idx = data["server_command_sinks"].get(c.name)
        if idx is None or idx >= len(c.args):
            continue
        if any(_is_tainted(a, tainted) for a in c.args[idx:]):
            severity = "high" if admin_flags else "critical"
            out.append(Finding("command-injection", severity,
                               f"{fn.name}: player-controlled text goes into {c.name}; a `;` in it runs any server "
                               "command. Pass only validated values (numbers, userids via kickid/banid)",
                               line_of(clean, c.offset)))
    return out


def _convar_names(clean: str) -> set[str]:
    names = set(re.findall(r"\bConVar\s+([A-Za-z_]\w*)", clean))
    names |= set(re.findall(r"\b([A-Za-z_]\w*)\s*=\s*(?:FindConVar|CreateConVar)\s*\(", clean))
    return names


def _privileged(body: str, body_calls: list[Call], convars: set[str]) -> str | None:
    data = rules_data()
    for c in body_calls:
        if c.name in data["privileged_natives"]:
            return c.name
        if "." in c.name and c.method in data["convar_setters"] and c.name.split(".")[0] in convars:
            return c.name
    props = "|".join(data["convar_properties"])
    m = re.search(rf"\b([A-Za-z_]\w*)\s*\.\s*({props})\s*=[^=]", blank_strings(body))
    if m and m.group(1) in convars:
        return f"{m.group(1)}.{m.group(2)} ="
    return None


def rule_admin_commands(clean: str, fns: dict[str, Function], index: CallIndex, facts) -> list[Finding]:
    data = rules_data()
    admin_name = re.compile(data["admin_command_name"])
    convars = _convar_names(clean)
    out: list[Finding] = []
    for c in index.all:
        if c.name not in ("RegConsoleCmd", "RegAdminCmd") or len(c.args) < 2:
            continue
        cmd, handler = _literal(c.args[0]), c.args[1].strip()
        if cmd is None:
            continue
        if c.name == "RegAdminCmd" and _admin_flags(cmd, c, facts) != 0:
            continue
        fn = fns.get(handler) if _IDENT.match(handler) else None
        bodies = [fn] if fn else []
        # one level into the plugin's own helpers (a handler that calls DoKick(target))
        if fn:
            bodies += [fns[x.name] for x in index.of(fn) if x.name in fns and x.name != handler]
        body = "\n".join(f.body for f in bodies)
        body_calls = [x for f in bodies for x in index.of(f)]
        if any(x.name in data["access_checks"] or x.method in data["access_checks"] for x in body_calls):
            continue
        privileged = _privileged(body, body_calls, convars)
        if not privileged and not admin_name.match(cmd):
            continue
        what = f"its handler calls {privileged}" if privileged else "its name says it is an admin command"
        how = "RegConsoleCmd" if c.name == "RegConsoleCmd" else "RegAdminCmd with flag 0"
        out.append(Finding("admin-command-without-flag", "critical",
                           f'"{cmd}" is registered with {how}, so any player can run it, and {what}; register it '
                           f'with RegAdminCmd("{cmd}", {handler}, ADMFLAG_...) or check CheckCommandAccess',
                           line_of(clean, c.offset)))
    return out


def _admin_flags(cmd: str, call: Call, facts) -> int | None:
    if facts is not None and (found := facts.command(cmd)) is not None and found.kind == "admin":
        return found.admin_flags
    text = call.args[2].strip() if len(call.args) > 2 else ""
    return 0 if text in ("0", "") else None


def analyse(code: str, facts=None) -> list[Finding]:
    clean = strip_comments(code)
    fns_list = functions(clean)
    fns = {f.name: f for f in fns_list}
    index = CallIndex(clean)
    findings = rule_admin_commands(clean, fns, index, facts)
    admin_handlers: dict[str, int | None] = {}
    for c in index.all:
        if c.name == "RegAdminCmd" and len(c.args) > 2 and (cmd := _literal(c.args[0])) is not None:
            flags = _admin_flags(cmd, c, facts)
            if flags is None and re.search(r"ADMFLAG_(RCON|ROOT)", c.args[2]):
                flags = rules_data()["admin_bypass_flags"]
            admin_handlers[c.args[1].strip()] = flags if flags is not None else 1
    for fn in fns_list:
        body_calls = index.of(fn)
        tainted = taint_pass(fn, body_calls)
        findings += rule_client_indices(fn, body_calls, tainted, clean)
        findings += rule_sql(fn, body_calls, clean)
        findings += rule_server_command(fn, body_calls, clean, admin_handlers.get(fn.name))
    findings.sort(key=lambda f: (-SEVERITY_RANK[f.severity], f.line or 0))
    return findings


class SecurityTier:
    name = TIER
    required = True

    async def run(self, ctx: Context) -> TierResult:
        import asyncio  # noqa: PLC0415
        findings = await asyncio.to_thread(analyse, ctx.code or "", ctx.facts)
        critical = [f for f in findings if f.severity == "critical"]
        diags = [Diagnostic(TIER, "error" if f.severity == "critical" else "warning", f.message,
                            ctx.file_name if f.line else None, f.line, code=f"{f.severity}:{f.rule}")
                 for f in findings]
        details = {"findings": [asdict(f) for f in findings], "critical": len(critical)}
        if critical:
            details["message"] = critical[0].message
        return TierResult(TIER, ok=not critical, details=details, diagnostics=diags)
