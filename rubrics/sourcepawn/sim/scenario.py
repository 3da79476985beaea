"""The scenario DSL of the task files (`[[checks.scenarios]]`): validation, running the steps, checking the
expectations. The DSL itself is specified in briefs/L4D2_CONTRACTS.md; this module is its only interpreter.

Validation runs on the host before any sandbox starts: an unknown step or expectation, a missing or mistyped
field is a bug in the task file, reported as an infrastructure error rather than charged to the model.
"""

from __future__ import annotations

import math
from numbers import Real

from .errors import BudgetExhausted, PluginFailed
from .game import Game, clean

INT, NUM, STR, BOOL, DICT, SCALAR, ANY = "integer", "number", "string", "boolean", "table", "scalar", "any"

# name -> {field: (type, required)}; a scalar step/expectation (advance = 5.0) uses the pseudo-field "".
STEPS: dict[str, dict[str, tuple[str, bool]]] = {
    "add_client": {"index": (INT, True), "name": (STR, False), "team": (INT, False), "bot": (BOOL, False),
                   "alive": (BOOL, False), "zombie_class": (INT, False), "health": (INT, False),
                   "admin_flags": (STR, False), "netprops": (DICT, False)},
    "remove_client": {"": (INT, True)},
    "fire_event": {"name": (STR, True), "fields": (DICT, False), "dont_broadcast": (BOOL, False)},
    "command": {"client": (INT, False), "text": (STR, True)},
    "say": {"client": (INT, True), "text": (STR, True)},
    "advance": {"": (NUM, True)},
    "set_convar": {"name": (STR, True), "value": (SCALAR, True)},
    "set_netprop": {"entity": (INT, True), "prop": (STR, True), "value": (ANY, True)},
    # extension beyond the contract: damage through SDKHooks OnTakeDamage, then player_hurt / player_death
    "damage": {"victim": (INT, True), "attacker": (INT, False), "amount": (NUM, True), "type": (INT, False)},
}
EXPECTS: dict[str, dict[str, tuple[str, bool]]] = {
    "chat_contains": {"": (STR, True)},
    "no_chat_contains": {"": (STR, True)},
    "chat_to": {"client": (INT, True), "contains": (STR, True)},
    "chat_count": {"contains": (STR, True), "equals": (INT, True)},
    "reply_contains": {"": (STR, True)},
    "server_log_contains": {"": (STR, True)},
    "hint_contains": {"": (STR, True)},
    "netprop": {"entity": (INT, True), "prop": (STR, True), "equals": (ANY, True), "tolerance": (NUM, False)},
    "health": {"client": (INT, True), "equals": (INT, True)},
    "alive": {"client": (INT, True), "equals": (BOOL, True)},
    "convar": {"name": (STR, True), "equals": (SCALAR, True)},
    "pending_timers": {"": (INT, True)},
    "command_registered": {"": (STR, True)},
    "event_hooked": {"": (STR, True)},
    "no_errors": {"": (BOOL, True)},
    "error_contains": {"": (STR, True)},
    "kicked": {"client": (INT, True)},
    "slapped": {"client": (INT, True)},
    "forced_suicide": {"client": (INT, True)},
    "teleported": {"client": (INT, True)},
    "team": {"client": (INT, True), "equals": (INT, True)},
}
MAX_ADVANCE = 600.0
MAX_SCENARIOS = 50      # per task: with MAX_STEPS, keeps a run (and its report) bounded
MAX_STEPS = 200
MAX_SHOWN = 6           # entries of a log quoted in a failure message


class ScenarioError(ValueError):
    """A scenario the simulator cannot interpret: a bug in the task file."""


def _type_ok(value, kind: str) -> bool:
    if kind == INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == NUM:
        return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)
    if kind == STR:
        return isinstance(value, str)
    if kind == BOOL:
        return isinstance(value, bool)
    if kind == DICT:
        return isinstance(value, dict)
    if kind == SCALAR:
        return isinstance(value, (str, int, float)) and not isinstance(value, bool) or isinstance(value, bool)
    return value is not None


def _check_entry(kind: str, entry, table: dict, where: str) -> tuple[str, object]:
    if not isinstance(entry, dict) or len(entry) != 1:
        raise ScenarioError(f"{where}: each {kind} must be a table with exactly one key, got {entry!r}")
    (name, value), = entry.items()
    spec = table.get(name)
    if spec is None:
        raise ScenarioError(f"{where}: unknown {kind} '{name}' (known: {', '.join(sorted(table))})")
    if "" in spec:
        ftype, _ = spec[""]
        if not _type_ok(value, ftype):
            raise ScenarioError(f"{where}: {kind} '{name}' takes a {ftype}, got {value!r}")
        return name, value
    if name in ("kicked", "slapped", "forced_suicide", "teleported") and _type_ok(value, INT):
        return name, {"client": value}          # shorthand: kicked = 3
    if not isinstance(value, dict):
        raise ScenarioError(f"{where}: {kind} '{name}' takes a table with {', '.join(spec)}, got {value!r}")
    for field, fvalue in value.items():
        if field not in spec:
            raise ScenarioError(f"{where}: {kind} '{name}' has no field '{field}' (fields: {', '.join(spec)})")
        ftype, _ = spec[field]
        if not _type_ok(fvalue, ftype):
            raise ScenarioError(f"{where}: {kind} '{name}'.{field} must be a {ftype}, got {fvalue!r}")
    for field, (_ftype, required) in spec.items():
        if required and field not in value:
            raise ScenarioError(f"{where}: {kind} '{name}' needs the field '{field}'")
    return name, value


def validate(scenarios: list[dict], max_clients: int = 32) -> list[dict]:
    """Normalised scenarios ({name, steps: [(step, value)], expect: [(name, value)]}); raises ScenarioError."""
    if not isinstance(scenarios, list):
        raise ScenarioError(f"scenarios must be a list, got {type(scenarios).__name__}")
    if len(scenarios) > MAX_SCENARIOS:
        raise ScenarioError(f"{len(scenarios)} scenarios: a task may have at most {MAX_SCENARIOS}")
    out = []
    for k, sc in enumerate(scenarios):
        where = f"scenario #{k + 1}"
        if not isinstance(sc, dict):
            raise ScenarioError(f"{where}: must be a table")
        unknown = set(sc) - {"name", "steps", "expect"}
        if unknown:
            raise ScenarioError(f"{where}: unknown keys {sorted(unknown)} (a scenario has name, steps, expect)")
        name = sc.get("name") or f"scenario {k + 1}"
        if not isinstance(name, str):
            raise ScenarioError(f"{where}: name must be a string")
        where = f"scenario '{name}'"
        if len(sc.get("steps") or []) > MAX_STEPS:
            raise ScenarioError(f"{where}: more than {MAX_STEPS} steps")
        steps = [_check_entry("step", st, STEPS, where) for st in sc.get("steps") or []]
        expect = [_check_entry("expectation", ex, EXPECTS, where) for ex in sc.get("expect") or []]
        if not expect:
            raise ScenarioError(f"{where}: has no expectations")
        for step, value in steps:
            if step == "add_client" and not 1 <= value["index"] <= max_clients:
                raise ScenarioError(f"{where}: add_client index {value['index']} is outside 1..{max_clients}")
            if step == "add_client" and value.get("team", 2) not in (0, 1, 2, 3):
                raise ScenarioError(f"{where}: add_client team must be 1, 2 or 3")
            if step == "advance" and not 0 <= value <= MAX_ADVANCE:
                raise ScenarioError(f"{where}: advance must be between 0 and {MAX_ADVANCE:g} seconds")
        out.append({"name": name, "steps": steps, "expect": expect})
    return out


# ---- running ------------------------------------------------------------------------------------------------------

LIFECYCLE = ("OnPluginStart", "OnAllPluginsLoaded", "OnMapStart", "OnConfigsExecuted")


def start_plugin(g: Game) -> None:
    """Load the plugin into a fresh server: AskPluginLoad2, then the lifecycle forwards of the contract."""
    from .game import Ref
    error = Ref("", string=True, size=256)
    result = g.forward("AskPluginLoad2", [0x7F000001, False, error, 256], default=0)
    if result == 1:
        raise PluginFailed(f"AskPluginLoad2 refused to load: {error.values}")
    if result == 2:
        raise PluginFailed("AskPluginLoad2 refused to load (silently)")
    for name in LIFECYCLE:
        g.forward(name)
        g.settle()
    g.loaded = True


def run_step(g: Game, step: str, value, failures: list[str]) -> None:
    if step == "add_client":
        index = value["index"]
        if index in g.clients:
            failures.append(f"add_client: slot {index} is already taken")
            return
        g.add_client(index, value.get("name", f"Player{index}"), team=value.get("team", 2),
                     bot=value.get("bot", False), alive=value.get("alive", True),
                     zombie_class=value.get("zombie_class", 0), health=value.get("health", 100),
                     admin_flags=value.get("admin_flags", ""), netprops=value.get("netprops"))
        g.connect(index)
    elif step == "remove_client":
        if value not in g.clients:
            failures.append(f"remove_client: no client in slot {value}")
            return
        g.disconnect(value)
    elif step == "fire_event":
        fields = value.get("fields") or {}
        apply_event_effects(g, value["name"], fields)
        g.fire_event(value["name"], fields, value.get("dont_broadcast", False))
        apply_event_after_effects(g, value["name"], fields)
    elif step == "damage":
        victim = value["victim"]
        if victim not in g.entities:
            failures.append(f"damage: entity {victim} does not exist")
            return
        g.apply_damage(victim, value.get("attacker", 0), float(value["amount"]), value.get("type", 0))
    elif step == "command":
        from .natives.commands import run_command
        client = value.get("client", 0)
        if client and client not in g.clients:
            failures.append(f"command: no client in slot {client}")
            return
        run_command(g, client, value["text"])
    elif step == "say":
        say(g, value["client"], value["text"], failures)
    elif step == "advance":
        g.advance(float(value))
    elif step == "set_convar":
        cv = g.find_convar(value["name"])
        if cv is None:
            failures.append(f"set_convar: there is no convar '{value['name']}' (the plugin did not create it)")
            return
        raw = value["value"]
        g.set_convar(cv, ("1" if raw else "0") if isinstance(raw, bool) else str(raw))
    elif step == "set_netprop":
        set_netprop(g, value, failures)
    g.settle()


def apply_event_effects(g: Game, name: str, fields: dict) -> None:
    """A game event reports something that already happened: make the world agree before the hooks run
    (a player_death victim is dead, a player_spawn player is alive, ...)."""
    def client_of(key: str):
        userid = fields.get(key)
        return g.clients.get(userid - 100) if isinstance(userid, int) and not isinstance(userid, bool) else None

    cl = client_of("userid")
    if name == "player_death" and cl is not None and cl.alive:
        cl.alive = False
        g.entities[cl.index].props.update({"m_lifeState": 2, "m_iHealth": 0})
    elif name == "player_spawn" and cl is not None:
        cl.alive = True
        props = g.entities[cl.index].props
        props["m_lifeState"] = 0
        if int(props.get("m_iHealth", 0)) <= 0:
            props["m_iHealth"] = int(props.get("m_iMaxHealth", 100))
    elif name == "player_hurt" and cl is not None and isinstance(fields.get("health"), int):
        g.entities[cl.index].props["m_iHealth"] = fields["health"]
    elif name in ("player_incapacitated", "player_incapacitated_start") and cl is not None:
        g.entities[cl.index].props["m_isIncapacitated"] = 1
    elif name == "revive_success":
        subject = client_of("subject")
        if subject is not None:
            g.entities[subject.index].props["m_isIncapacitated"] = 0


def apply_event_after_effects(g: Game, name: str, fields: dict) -> None:
    """Events the engine fires *before* the state changes: in the Source SDK, CBasePlayer::ChangeTeam fires
    player_team and only then calls SetTeamNumber, so a hook still sees the old team with GetClientTeam."""
    userid = fields.get("userid")
    cl = g.clients.get(userid - 100) if isinstance(userid, int) and not isinstance(userid, bool) else None
    if name == "player_team" and cl is not None and isinstance(fields.get("team"), int) \
            and not fields.get("disconnect"):
        cl.team = fields["team"]
        g.entities[cl.index].props["m_iTeamNum"] = fields["team"]


def say(g: Game, client: int, text: str, failures: list[str]) -> None:
    from .natives.commands import run_command
    cl = g.clients.get(client)
    if cl is None:
        failures.append(f"say: no client in slot {client}")
        return
    from .natives.commands import listeners_block
    blocked = listeners_block(g, client, ["say", text], text, chat=False)
    fid = g.publics.get("OnClientSayCommand")
    if fid is not None:
        result = g.call(fid, [client, "say", text], what="OnClientSayCommand")
        blocked = blocked or (result is not None and result >= 3)
    if not blocked:
        g.fire_event("player_say", {"userid": cl.userid, "text": text})
        g.forward("OnClientSayCommand_Post", [client, "say", text])
    if text[:1] in ("!", "/") and len(text) > 1:
        words = text[1:].split(None, 1)
        command = "sm_" + words[0]
        if command.lower() in g.commands:
            run_command(g, client, command + (" " + words[1] if len(words) > 1 else ""), chat=True)


def set_netprop(g: Game, value: dict, failures: list[str]) -> None:
    index = value["entity"]
    if 1 <= index <= g.max_clients and index not in g.clients:
        failures.append(f"set_netprop: no client in slot {index}")
        return
    ent = g.entities.get(index)
    if ent is None:
        if index <= g.max_clients or index >= int(g.k["max_entities"]):
            failures.append(f"set_netprop: entity {index} cannot be created")
            return
        from .game import Entity
        g.entity_serial += 1
        ent = Entity(index, "info_target", {"m_iClassname": "info_target"}, g.entity_serial)
        g.entities[index] = ent
    ent.props[value["prop"]] = value["value"]
    from .natives.entities import sync_client
    sync_client(g, index, value["prop"], value["value"])
    if value["prop"] == "m_iHealth" and index in g.clients and g.clients[index].alive and value["value"] <= 0:
        g.clients[index].alive = False
        ent.props["m_lifeState"] = 2


# ---- expectations -------------------------------------------------------------------------------------------------

def _quote(items: list[str]) -> str:
    if not items:
        return "nothing"
    shown = [repr(x) for x in items[:MAX_SHOWN]]
    more = f" and {len(items) - MAX_SHOWN} more" if len(items) > MAX_SHOWN else ""
    return ", ".join(shown) + more


def _num_equal(actual, wanted, tolerance: float) -> bool:
    if isinstance(wanted, (list, tuple)):
        return isinstance(actual, (list, tuple)) and len(actual) == len(wanted) and all(
            _num_equal(a, w, tolerance) for a, w in zip(actual, wanted))
    if isinstance(wanted, bool):
        return actual is not None and bool(actual) == wanted
    if isinstance(wanted, (int, float)):
        try:
            return abs(float(actual) - float(wanted)) <= tolerance
        except (TypeError, ValueError):
            return False
    return str(actual) == str(wanted)


def check(g: Game, name: str, value) -> str | None:  # noqa: C901 - one branch per expectation, by design
    """None when the expectation holds, else a message saying what was expected and what happened."""
    chat = [m["text"] for m in g.chat]
    if name == "chat_contains":
        if any(value in t for t in chat):
            return None
        return f"chat_contains {value!r}: no chat message contains it; chat: {_quote(chat)}"
    if name == "no_chat_contains":
        hits = [t for t in chat if value in t]
        return None if not hits else f"no_chat_contains {value!r}: chat contains it: {_quote(hits)}"
    if name == "chat_to":
        mine = [m["text"] for m in g.chat if value["client"] in m["to"]]
        if any(value["contains"] in t for t in mine):
            return None
        return f"chat_to client {value['client']} containing {value['contains']!r}: that client got {_quote(mine)}"
    if name == "chat_count":
        n = sum(1 for t in chat if value["contains"] in t)
        return None if n == value["equals"] else (
            f"chat_count {value['contains']!r}: expected {value['equals']} message(s), got {n}; chat: {_quote(chat)}")
    if name == "reply_contains":
        replies = [r["text"] for r in g.replies]
        return None if any(value in t for t in replies) else f"reply_contains {value!r}: replies were {_quote(replies)}"
    if name == "server_log_contains":
        return None if any(value in t for t in g.server_log) else (
            f"server_log_contains {value!r}: server log was {_quote(g.server_log)}")
    if name == "hint_contains":
        hints = [h["text"] for h in g.hints]
        return None if any(value in t for t in hints) else f"hint_contains {value!r}: hints were {_quote(hints)}"
    if name == "netprop":
        ent = g.entities.get(value["entity"])
        if ent is None:
            return f"netprop {value['prop']} of entity {value['entity']}: the entity does not exist"
        actual = ent.props.get(value["prop"])
        if _num_equal(actual, value["equals"], float(value.get("tolerance", 0.0001))):
            return None
        return f"netprop {value['prop']} of entity {value['entity']}: expected {value['equals']!r}, got {actual!r}"
    if name == "health":
        ent = g.entities.get(value["client"])
        actual = ent.props.get("m_iHealth") if ent is not None and value["client"] in g.clients else None
        return None if actual is not None and int(actual) == value["equals"] else (
            f"health of client {value['client']}: expected {value['equals']}, got {actual}")
    if name == "alive":
        cl = g.clients.get(value["client"])
        actual = cl.alive if cl is not None else None
        return None if actual == value["equals"] else (
            f"alive of client {value['client']}: expected {value['equals']}, got {actual}")
    if name == "convar":
        cv = g.find_convar(value["name"])
        if cv is None:
            return f"convar {value['name']}: does not exist"
        wanted = value["equals"]
        ok = _num_equal(cv.value, wanted, 1e-4) if isinstance(wanted, (int, float)) and not isinstance(wanted, bool) \
            else cv.value == (("1" if wanted else "0") if isinstance(wanted, bool) else wanted)
        return None if ok else f"convar {value['name']}: expected {wanted!r}, got {cv.value!r}"
    if name == "pending_timers":
        n = sum(1 for t in g.timers if t.alive)
        return None if n == value else f"pending_timers: expected {value}, got {n}"
    if name == "command_registered":
        return None if value.lower() in g.commands else (
            f"command_registered {value!r}: registered commands are "
            f"{_quote(sorted(c.name for c in g.commands.values()))}")
    if name == "event_hooked":
        hooked = [n for n, hooks in g.event_hooks.items() if hooks]
        return None if value.lower() in hooked else f"event_hooked {value!r}: hooked events are {_quote(hooked)}"
    if name == "no_errors":
        if value:
            return None if not g.errors else f"no_errors: the plugin raised {_quote(g.errors)}"
        return None if g.errors else "no_errors = false: expected a runtime error, there was none"
    if name == "error_contains":
        if any(value in e for e in g.errors):
            return None
        return f"error_contains {value!r}: errors were {_quote(g.errors)}"
    if name == "kicked":
        hits = [k for k in g.kicks if k["client"] == value["client"]]
        return None if hits else f"kicked client {value['client']}: nobody was kicked" if not g.kicks else \
            f"kicked client {value['client']}: kicked were {_quote([str(k['client']) for k in g.kicks])}"
    if name in ("slapped", "forced_suicide", "teleported"):
        cl = g.clients.get(value["client"])
        count = {"slapped": "slapped", "forced_suicide": "suicides", "teleported": "teleported"}[name]
        cl = cl or g.departed.get(value["client"])
        n = getattr(cl, count, 0) if cl is not None else 0
        return None if n else f"{name} client {value['client']}: did not happen"
    if name == "team":
        cl = g.clients.get(value["client"])
        actual = cl.team if cl is not None else None
        if actual == value["equals"]:
            return None
        return f"team of client {value['client']}: expected {value['equals']}, got {actual}"
    raise ScenarioError(f"unknown expectation {name}")


# ---- one scenario, and the smoke run --------------------------------------------------------------------------------

REPORT_ENTRIES = 100    # entries per log in a scenario report (the checks above see all of them)
REPORT_CHARS = 200


def _cap(items: list[str]) -> list[str]:
    out = [t if len(t) <= REPORT_CHARS else t[:REPORT_CHARS] + "..." for t in items[:REPORT_ENTRIES]]
    if len(items) > REPORT_ENTRIES:
        out.append(f"... ({len(items) - REPORT_ENTRIES} more)")
    return out


def report(g: Game, name: str, failures: list[str]) -> dict:
    return {"name": name, "passed": not failures, "failures": _cap(failures),
            "chat": _cap([m["text"] for m in g.chat]), "replies": _cap([r["text"] for r in g.replies]),
            "hints": _cap([h["text"] for h in g.hints]), "server_log": _cap(g.server_log), "errors": _cap(g.errors)}


def run_scenario(g: Game, sc: dict) -> dict:
    """Fresh server, plugin start, steps, expectations. BudgetExhausted propagates (the run is over)."""
    failures: list[str] = []
    try:
        start_plugin(g)
        for step, value in sc["steps"]:
            if g.failed is not None:
                break
            run_step(g, step, value, failures)
    except PluginFailed as exc:
        g.failed = exc.message
    if g.failed is not None:
        failures.append(f"the plugin stopped itself with SetFailState: {clean(g.failed)}")
    for name, value in sc["expect"]:
        problem = check(g, name, value)
        if problem:
            failures.append(problem)
    return report(g, sc["name"], failures)


SMOKE_CLIENTS = (
    {"index": 1, "name": "Nick", "team": 2, "admin_flags": "z"},
    {"index": 2, "name": "Ellis", "team": 2},
    {"index": 3, "name": "Hunter", "team": 3, "bot": True, "zombie_class": 3, "health": 250},
    {"index": 4, "name": "Tank", "team": 3, "bot": True, "zombie_class": 8, "health": 6000},
)


def smoke_fields(g: Game, event: str) -> dict:
    """Plausible fields for an event: typed defaults, userids of the smoke players, a few per-event values."""
    fields: dict = {}
    for key, kind in (g.k["event_fields"].get(event) or {}).items():
        if key in g.k["userid_fields"]:
            fields[key] = 101
        elif key in g.k["entity_fields"]:
            fields[key] = 1
        elif kind == "string":
            fields[key] = ""
        elif kind == "float":
            fields[key] = 0.0
        elif kind == "bool":
            fields[key] = False
        else:
            fields[key] = 0
    fields.update(g.k["event_overrides_for_smoke"].get(event, {}))
    if "userid" not in fields and event not in g.k["event_fields"]:
        fields["userid"] = 101
    return fields


def run_smoke(g: Game) -> dict:
    """Load, lifecycle, 4 players, every hooked event once, every command once from client 1, 3 s of time."""
    failures: list[str] = []
    try:
        start_plugin(g)
        for spec in SMOKE_CLIENTS:
            if g.failed is not None:
                break
            run_step(g, "add_client", dict(spec), failures)
        for event in list(g.hooked_event_order):
            if g.failed is not None:
                break
            g.fire_event(event, smoke_fields(g, event))
            g.settle()
        from .natives.commands import run_command
        for cmd in list(g.commands.values()):
            if g.failed is not None:
                break
            server_only = all(kind == "server" for _f, _fl, kind in cmd.funcs)
            run_command(g, 0 if server_only else 1, cmd.name)
            g.settle()
        if g.failed is None:
            g.advance(3.0)
    except PluginFailed as exc:
        g.failed = exc.message
    if g.failed is not None:
        failures.append(f"the plugin stopped itself with SetFailState: {clean(g.failed)}")
    if g.errors:
        failures.append(f"runtime errors: {_quote(g.errors)}")
    return report(g, "smoke", failures)


__all__ = ["ScenarioError", "validate", "run_scenario", "run_smoke", "start_plugin", "BudgetExhausted"]
