"""Tier `static`: what the compiled plugin does, checked against the L4D2 catalog and the task's `checks`.

Catalog checks apply to every plugin (also `modbench check`): a hooked event L4D2 does not have, a netprop
from the wrong-API table, a netprop read with the wrong accessor type, a native SourceMod does not provide
(the plugin would not load). A key read from events that no hooked event has is a warning. Task checks add
require/forbid lists of natives, events, commands, admin commands, convars and netprops.
"""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

from ..verdict import Diagnostic, TierResult
from . import catalog
from .context import Context
from .smx_facts import SmxFacts, SmxReadError, read_facts
from .source import strip_comments
from .toolchain import spcomp_toolchain

TIER = "static"


class Problems:
    """Collects diagnostics; points each at the first source line that spells the name in quotes."""

    def __init__(self, code: str, file_name: str):
        self.code, self.file_name = strip_comments(code), file_name
        self.items: list[Diagnostic] = []

    def _line(self, name: str | None) -> int | None:
        if not name:
            return None
        at = self.code.find(f'"{name}"')
        return self.code.count("\n", 0, at) + 1 if at >= 0 else None

    def add(self, message: str, name: str | None = None, severity: str = "error", code: str | None = None):
        if any(d.message == message for d in self.items):
            return
        line = self._line(name)
        self.items.append(Diagnostic(TIER, severity, message, self.file_name if line else None, line, code=code))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]


def catalog_checks(facts: SmxFacts, p: Problems, known_functions: frozenset[str] | set[str]) -> None:
    events = catalog.events()
    for ev in facts.events:
        if ev not in events:
            better = catalog.event_suggestion(ev)
            hint = f" (did you mean {better!r}?)" if better else ""
            p.add(f'HookEvent("{ev}"): L4D2 has no game event named {ev!r}{hint}', ev, code="unknown_event")
    wrong = catalog.wrong_api()
    accepts = catalog.natives_roles()["accessor_accepts"]
    for use in facts.netprops:
        if use.name in wrong:
            # a hint, not a failure: some of these exist on other entities (m_flSpeed on doors); a task that
            # means the player's speed says so with forbid_netprops
            p.add(f'{use.native}(..., "{use.name}"): players have no netprop {use.name!r}; for players use '
                  f'{wrong[use.name]!r}', use.name, severity="warning", code="wrong_netprop")
            continue
        prop_type = catalog.netprop_type(use.name)
        if use.accessor_type and prop_type and prop_type not in accepts.get(use.accessor_type, [prop_type]):
            article = "an" if prop_type[0] in "aeiou" else "a"
            p.add(f'{use.native}(..., "{use.name}"): {use.name} is {article} {prop_type} netprop; '
                  f'{use.native} reads/writes {use.accessor_type} values and fails at run time',
                  use.name, code="netprop_type")
    optional = set(facts.optional_natives)
    for native in facts.natives:
        if native in wrong:
            p.add(f"native {native} does not exist in SourceMod; use {wrong[native]}", native, code="wrong_native")
        elif native not in optional and not catalog.native_declared(native, known_functions):
            p.add(f"native {native} is not provided by SourceMod or an allowed include: "
                  "the plugin would fail to load", native, code="unknown_native")
    hooked_fields = {k for ev in facts.events for k in events.get(ev, {})}
    for key in facts.event_keys:
        if facts.events and key not in hooked_fields:
            p.add(f'event key "{key}" is read, but none of the hooked events ({", ".join(facts.events)}) has it',
                  key, severity="warning", code="event_key")


def task_checks(facts: SmxFacts, checks: dict, p: Problems) -> None:
    natives = set(facts.natives)
    for n in checks.get("require_natives", []):
        if n not in natives:
            p.add(f"the plugin must call {n}", code="require_natives")
    for n in checks.get("forbid_natives", []):
        if n in natives:
            better = catalog.wrong_api().get(n)
            p.add(f"the plugin must not call {n}" + (f" (use {better})" if better else ""), n, code="forbid_natives")
    events = set(facts.events)
    for ev in checks.get("require_events", []):
        if ev not in events:
            p.add(f'the plugin must hook the "{ev}" event (HookEvent("{ev}", ...) with a constant name)',
                  code="require_events")
    for ev in checks.get("forbid_events", []):
        if ev in events:
            better = catalog.event_suggestion(ev)
            p.add(f'the plugin must not hook "{ev}"' + (f" (use {better!r})" if better else ""), ev,
                  code="forbid_events")
    for cmd in checks.get("require_commands", []):
        if facts.command(cmd) is None:
            p.add(f'the plugin must register the command "{cmd}" (RegConsoleCmd/RegAdminCmd/RegServerCmd)',
                  code="require_commands")
    for cmd in checks.get("require_admin_commands", []):
        found = facts.command(cmd)
        if found is None:
            p.add(f'the plugin must register the admin command "{cmd}" with RegAdminCmd', code="require_admin_commands")
        elif found.kind != "admin" or not found.admin_flags:
            how = "RegAdminCmd with flag 0" if found.kind == "admin" else f"a {found.kind} command"
            p.add(f'"{cmd}" is registered as {how}: use RegAdminCmd with an admin flag (e.g. ADMFLAG_SLAY)', cmd,
                  code="require_admin_commands")
    for cv in checks.get("require_convars", []):
        if cv not in facts.convars:
            p.add(f'the plugin must create the convar "{cv}" with CreateConVar', code="require_convars")
    props = {u.name for u in facts.netprops}
    for prop in checks.get("require_netprops", []):
        if prop not in props:
            p.add(f'the plugin must use the netprop "{prop}"', code="require_netprops")
    for prop in checks.get("forbid_netprops", []):
        if prop in props:
            better = catalog.wrong_api().get(prop)
            p.add(f'the plugin must not use the netprop "{prop}"' + (f" (use {better!r})" if better else ""), prop,
                  code="forbid_netprops")


@functools.lru_cache(maxsize=32)
def known_functions(include_dir: Path, extra_dirs: tuple[Path, ...]) -> frozenset[str]:
    names = set(catalog.sourcemod_functions(include_dir))
    for d in extra_dirs:
        names |= catalog.sourcemod_functions(d)
    return frozenset(names)


class StaticTier:
    name = TIER
    required = True

    async def run(self, ctx: Context) -> TierResult:
        if ctx.smx is None:
            return TierResult.infra_error(TIER, "no compiled plugin to inspect (the compile tier did not run)")
        try:
            facts = await asyncio.to_thread(read_facts, ctx.smx)
        except SmxReadError as exc:
            if exc.model_fault:
                return TierResult(TIER, ok=False, details={"message": str(exc)},
                                  diagnostics=[Diagnostic(TIER, "error", str(exc))])
            return TierResult.infra_error(TIER, str(exc))
        ctx.facts = facts
        tc = await spcomp_toolchain()
        problems = Problems(ctx.code or "", ctx.file_name)
        catalog_checks(facts, problems, known_functions(tc.extra["include"], tuple(ctx.include_dirs)))
        if ctx.mode == "task":
            task_checks(facts, ctx.checks, problems)
        errors = problems.errors
        details = {"facts": facts.to_json(), "problems": len(errors)}
        if errors:
            details["message"] = errors[0].message
        return TierResult(TIER, ok=not errors, details=details, diagnostics=problems.items)
