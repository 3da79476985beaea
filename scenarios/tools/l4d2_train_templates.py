"""Train-split templates over an `EventSpec`: per-player counters, announcements, milestones (scaffold); a userid
used as a client index, a one-milestone-only check, a wrong team filter, newdecls leftovers (repair); legacy
syntax to methodmaps (refactor); Event getters and timers carrying userids (doc).

Each template writes the reference plugin, its broken variants (each failing one tier for a stated reason)
and the scenarios that make the behaviour observable. Placeholders are `$NAME$` (see `fill`).
"""

from __future__ import annotations

import re

from l4d2_common import (NO_ERRORS, Broken, Task, advance, chat, chat_to, checks, client, code_block, command, event,
                         legacy_plugin, mutate, no_chat, plugin, reply, scenario, set_convar, uid)
from l4d2_train_specs import EventSpec

ANSWER = "Answer with the complete plugin in one ```sourcepawn code block."
NEWSTYLE = "Use SourceMod 1.11 new-style syntax (`#pragma semicolon 1`, `#pragma newdecls required`) and only the core includes."
NAME_SETS = [("Nick", "Ellis", "Rochelle", "Coach"), ("Bill", "Zoey", "Louis", "Francis")]
TEAM_NAME = {2: "survivor", 3: "infected"}


def fill(template: str, **values) -> str:
    out = template
    for k, v in values.items():
        out = out.replace(f"${k}$", str(v))
    left = re.findall(r"\$[A-Z_]+\$", out)
    if left:
        raise ValueError(f"unfilled placeholders {left}")
    return out


class Ctx:
    """Names, indices and message pieces shared by the templates for one spec."""

    def __init__(self, spec: EventSpec, index: int):
        self.s = spec
        self.names = NAME_SETS[index % 2]
        self.cast = [client(i + 1, n, 2) for i, n in enumerate(self.names)] + [
            client(5, "Hunter", 3, bot=True, zombie_class=3), client(6, "Sniper", 3, zombie_class=4),
            client(11, "Tank", 3, bot=True, zombie_class=8)]
        # the second player of pair events: a teammate, or the infected the event is about
        self.target_index = {"tankkill": 11, "kills": 5, "shove": 5}.get(spec.stem, 3)
        self.ids = dict(EVENT=spec.event, FN=spec.fn, STEM=spec.stem, TAG=spec.tag, NOUN=spec.noun, NOUNS=spec.nouns,
                        VERB=spec.verb, ACTOR=spec.actor, CMD=f"sm_{spec.stem}s" if not spec.stem.endswith("s") else f"sm_{spec.stem}")

    def ev(self, actor: int, extra=None, target: int | None = None) -> dict:
        s = self.s
        t = None
        if s.target:
            t = uid(target if target is not None else self.target_index)
        return event(s.event, **s.fields(uid(actor), t, extra))

    def name(self, index: int) -> str:
        return {5: "Hunter", 6: "Sniper", 11: "Tank"}.get(index) or self.names[index - 1]

    # -- the announcement line of T2/T8/T4: "<tag> <actor> <verb>[ <target>][ (<extra>)]"
    def announce_code(self, legacy: bool = False) -> tuple[str, str]:
        """(statements reading target/extra, PrintToChatAll statement)."""
        s = self.s
        reads, fmt, args = [], f"{s.tag} %N {s.verb}", ["client"]
        if s.target:
            if legacy:
                reads.append(f'new target = GetClientOfUserId(GetEventInt(event, "{s.target}"));')
            else:
                reads.append(f'int target = GetClientOfUserId(event.GetInt("{s.target}"));')
            reads.append("if (target == 0)\n{\n    return;\n}")
            fmt += " %N"
            args.append("target")
        e = s.extra
        if e:
            if e.kind == "int":
                reads.append(f'new {e.name.replace("_", "")} = GetEventInt(event, "{e.name}");' if legacy
                             else f'int {e.name.replace("_", "")} = event.GetInt("{e.name}");')
                fmt += f" (%d {e.label})"
                args.append(e.name.replace("_", ""))
            elif e.kind == "float":
                reads.append(f'new Float:{e.name} = GetEventFloat(event, "{e.name}");' if legacy
                             else f'float {e.name} = event.GetFloat("{e.name}");')
                fmt += f" (%.1f {e.label})"
                args.append(e.name)
            elif e.kind == "str":
                if legacy:
                    reads.append(f"decl String:{e.name}[64];")
                    reads.append(f'GetEventString(event, "{e.name}", {e.name}, sizeof({e.name}));')
                else:
                    reads.append(f"char {e.name}[64];")
                    reads.append(f'event.GetString("{e.name}", {e.name}, sizeof({e.name}));')
                fmt += f" ({e.label}: %s)"
                args.append(e.name)
            elif e.kind == "bool":
                reads.append(f'new bool:{e.name} = GetEventBool(event, "{e.name}");' if legacy
                             else f'bool {e.name} = event.GetBool("{e.name}");')
                fmt += "%s"
                args.append(f'{e.name} ? " ({e.label}!)" : ""')
        printer = f'PrintToChatAll("{fmt}", {", ".join(args)});'
        return "\n".join(reads), printer

    def expected_line(self, actor: int, extra=None, target: int | None = None) -> str:
        s = self.s
        line = f"{s.tag} {self.name(actor)} {s.verb}"
        if s.target:
            line += " " + self.name(target if target is not None else self.target_index)
        e = s.extra
        if e:
            v = e.samples[0] if extra is None else extra
            if e.kind == "int":
                line += f" ({v} {e.label})"
            elif e.kind == "float":
                line += f" ({v:.1f} {e.label})"
            elif e.kind == "str":
                line += f" ({e.label}: {v})"
            elif e.kind == "bool":
                line += f" ({e.label}!)" if v else ""
        return line

    def event_doc(self) -> str:
        s = self.s
        parts = [f"`{s.actor}` (userid of the {TEAM_NAME[s.actor_team]} who acts)"]
        if s.target:
            parts.append(f"`{s.target}` (userid of the other player)")
        if s.extra:
            parts.append(f"`{s.extra.name}` ({ {'int': 'integer', 'str': 'string', 'bool': 'bool', 'float': 'float'}[s.extra.kind] }: {s.extra.label})")
        return f"The L4D2 event `{s.event}` {s.describe}; fields used here: " + ", ".join(parts) + "."


def indent(code: str, level: int) -> str:
    pad = "    " * level
    return "\n".join(pad + line if line else line for line in code.split("\n"))


# ============================================================================================ T1: per-player counter

T1 = r'''
int g_iCount[MAXPLAYERS + 1];

public void OnPluginStart()
{
    HookEvent("$EVENT$", Event_$FN$);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
    RegConsoleCmd("$CMD$", Cmd_$FN$, "Shows your $NOUNS$ this round");
}

public void OnClientDisconnect(int client)
{
    g_iCount[client] = 0;
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    for (int i = 1; i <= MaxClients; i++)
    {
        g_iCount[i] = 0;
    }
}

public void Event_$FN$(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("$ACTOR$"));
    if (client == 0 || !IsClientInGame(client) || GetClientTeam(client) != 2)
    {
        return;
    }
    g_iCount[client]++;
}

public Action Cmd_$FN$(int client, int args)
{
    if (client == 0)
    {
        ReplyToCommand(client, "$TAG$ This command is for players.");
        return Plugin_Handled;
    }
    ReplyToCommand(client, "$TAG$ Your $NOUNS$ this round: %d", g_iCount[client]);
    return Plugin_Handled;
}
'''


def t1_counter(c: Ctx, split_id: str) -> Task:
    s = c.s
    ref = plugin(f"{s.noun.title()} Counter", f"Counts {s.nouns} per player and round", fill(T1, **c.ids))
    cmd = c.ids["CMD"]
    scen = [
        scenario(f"counts each player's {s.nouns}",
                 [c.cast, c.ev(1), c.ev(1), c.ev(2), command(1, cmd), command(2, cmd), command(0, cmd)],
                 [reply(f"{s.tag} Your {s.nouns} this round: 2"), reply(f"{s.tag} Your {s.nouns} this round: 1"),
                  reply(f"{s.tag} This command is for players."), NO_ERRORS]),
        scenario("round_start resets the counts",
                 [c.cast, c.ev(1), event("round_start"), command(1, cmd)], [reply(f"Your {s.nouns} this round: 0")]),
        scenario("a new player in a reused slot starts at zero",
                 [c.cast, c.ev(2), {"remove_client": 2}, client(2, "Newcomer", 2), command(2, cmd)],
                 [reply(f"Your {s.nouns} this round: 0")]),
    ]
    broken = [
        Broken("behaviour", "round_start does not reset the counts",
               mutate(ref, ("    for (int i = 1; i <= MaxClients; i++)\n    {\n        g_iCount[i] = 0;\n    }\n", ""))),
        Broken("behaviour", "the slot is not cleared on disconnect, so a newcomer inherits the count",
               mutate(ref, ("public void OnClientDisconnect(int client)\n{\n    g_iCount[client] = 0;\n}\n\n", ""))),
        Broken("static", f"hooks `{s.wrong_event}`, which is not an L4D2 event",
               mutate(ref, (f'HookEvent("{s.event}", Event_{s.fn});', f'HookEvent("{s.wrong_event}", Event_{s.fn});'))),
        Broken("compile", "missing semicolon after the increment", mutate(ref, ("    g_iCount[client]++;\n", "    g_iCount[client]++\n"))),
    ]
    if s.target:
        broken.insert(1, Broken("behaviour", f"counts the `{s.target}` player instead of the `{s.actor}` player",
                                mutate(ref, (f'int client = GetClientOfUserId(event.GetInt("{s.actor}"));',
                                             f'int client = GetClientOfUserId(event.GetInt("{s.target}"));'))))
    if s.offteam:
        scen.append(scenario("infected players are not counted",
                             [c.cast, c.ev(6), c.ev(6), command(6, cmd)], [reply(f"Your {s.nouns} this round: 0")]))
        broken.insert(1, Broken("behaviour", "no team filter: infected players are counted too",
                                mutate(ref, ("if (client == 0 || !IsClientInGame(client) || GetClientTeam(client) != 2)",
                                             "if (client == 0 || !IsClientInGame(client))"))))
    team_rule = ("Only survivors (team 2) are counted; the event also fires for infected players, who must be ignored."
                 if s.offteam else "Only survivors (team 2) are counted.")
    prompt = f"""Write a Left 4 Dead 2 SourceMod plugin that counts {s.nouns} per player.

{c.event_doc()}

- Hook `{s.event}` and resolve the `{s.actor}` field with `GetClientOfUserId`; ignore 0. {team_rule}
- Keep the counts in an array indexed by client. Reset all of them on `round_start` (hook it with `EventHookMode_PostNoCopy`) and a player's own count in `OnClientDisconnect`.
- Console command `{cmd}` replies `{s.tag} Your {s.nouns} this round: <n>`; from the server console (client 0) it replies `{s.tag} This command is for players.`

{NEWSTYLE} {ANSWER}"""
    return Task(id=f"{split_id}-{s.theme}-scaffold-counter", family="scaffold", theme=s.theme,
                title=f"Count {s.nouns} per player with {cmd}", prompt=prompt, reference=ref, broken=broken[:4],
                checks=checks(natives=["HookEvent", "GetClientOfUserId", "ReplyToCommand"], events=[s.event, "round_start"],
                              forbid_events=[s.wrong_event], commands=[cmd], scenarios=scen),
                tags=["events", "arrays", "command", "generated"])


# ============================================================================================ T2: announcement

T2 = r'''
ConVar g_cvAnnounce;

public void OnPluginStart()
{
    g_cvAnnounce = CreateConVar("l4d2_$STEM$_announce", "1", "Announce $NOUNS$ in chat (0/1)", FCVAR_NOTIFY, true, 0.0, true, 1.0);
    HookEvent("$EVENT$", Event_$FN$);
}

public void Event_$FN$(Event event, const char[] name, bool dontBroadcast)
{
    if (!g_cvAnnounce.BoolValue)
    {
        return;
    }
    int client = GetClientOfUserId(event.GetInt("$ACTOR$"));
    if (client == 0 || !IsClientInGame(client) || GetClientTeam(client) != 2)
    {
        return;
    }
$READS$
    $PRINT$
}
'''


def t2_announce(c: Ctx, split_id: str) -> Task:
    s = c.s
    reads, printer = c.announce_code()
    ref = plugin(f"{s.noun.title()} Announcer", f"Announces {s.nouns} in chat", fill(T2, READS=indent(reads, 1), PRINT=printer, **c.ids))
    cvar = f"l4d2_{s.stem}_announce"
    e = s.extra
    steps_two = [c.ev(1), c.ev(2, e.samples[1] if e else None)]
    expect_two = [chat(c.expected_line(1)), chat(c.expected_line(2, e.samples[1] if e else None))]
    scen = [scenario(f"each {s.noun} is announced with its details", [c.cast, *steps_two], [*expect_two, NO_ERRORS]),
            scenario(f"{cvar} 0 silences the announcements", [c.cast, set_convar(cvar, 0), c.ev(1)], [no_chat(s.tag)])]
    broken = [
        Broken("behaviour", f"ignores {cvar}", mutate(ref, ("    if (!g_cvAnnounce.BoolValue)\n    {\n        return;\n    }\n", ""))),
        Broken("behaviour", "inverted team filter: survivors are never announced",
               mutate(ref, ("if (client == 0 || !IsClientInGame(client) || GetClientTeam(client) != 2)",
                            "if (client == 0 || !IsClientInGame(client) || GetClientTeam(client) == 2)"))),
        Broken("static", f"hooks `{s.wrong_event}`, which is not an L4D2 event",
               mutate(ref, (f'HookEvent("{s.event}", Event_{s.fn});', f'HookEvent("{s.wrong_event}", Event_{s.fn});'))),
        Broken("compile", "the ConVar is read with a property that does not exist (`.Bool`)",
               mutate(ref, ("if (!g_cvAnnounce.BoolValue)", "if (!g_cvAnnounce.Bool)"))),
    ]
    if e and e.kind in ("int", "str", "float"):
        broken[1] = Broken("behaviour", f"reads the {e.label} from a misspelled key, so it is always empty/zero",
                           mutate(ref, (f'"{e.name}"', f'"{e.name}_value"')))
    elif e and e.kind == "bool":
        broken[1] = Broken("behaviour", f"inverted {e.label} flag", mutate(ref, (f'event.GetBool("{e.name}")', f'!event.GetBool("{e.name}")')))
    fmt_lines = [f"- Hook `{s.event}`. Resolve `{s.actor}` with `GetClientOfUserId`; only in-game survivors (team 2) are announced."]
    example = c.expected_line(1)
    detail = ""
    if s.target:
        detail += f" The second name is the `{s.target}` player (skip the event if it is 0)."
    if e:
        kinds = {"int": f"` (<{e.name}> {e.label})`",
                 "float": f"` (<{e.name} with 1 decimal> {e.label})`",
                 "str": f"` ({e.label}: <{e.name}>)`", "bool": f"` ({e.label}!)` only when `{e.name}` is true"}
        detail += f" Append {kinds[e.kind]}."
    fmt_lines.append(f"- Print to all players one line per event, for example `{example}`.{detail}")
    fmt_lines.append(f"- ConVar `{cvar}` (default \"1\", bounds 0..1): when 0 nothing is printed.")
    prompt = f"""Write a Left 4 Dead 2 SourceMod plugin that announces {s.nouns} in chat.

{c.event_doc()}

""" + "\n".join(fmt_lines) + f"\n\n{NEWSTYLE} {ANSWER}"
    natives = ["HookEvent", "CreateConVar", "Event.GetInt"] + ([{"int": "Event.GetInt", "float": "Event.GetFloat", "str": "Event.GetString", "bool": "Event.GetBool"}[e.kind]] if e else [])
    return Task(id=f"{split_id}-{s.theme}-scaffold-announce", family="scaffold", theme=s.theme,
                title=f"Announce {s.nouns} in chat, switchable by ConVar", prompt=prompt, reference=ref, broken=broken,
                checks=checks(natives=sorted(set(natives)), events=[s.event], forbid_events=[s.wrong_event], convars=[cvar],
                              scenarios=scen),
                tags=["events", "convar", "generated"])


# ============================================================================================ T3: milestones

T3 = r'''
ConVar g_cvEvery;
int g_iCount[MAXPLAYERS + 1];

public void OnPluginStart()
{
    g_cvEvery = CreateConVar("l4d2_$STEM$_milestone", "3", "Announce every N $NOUNS$ of a player", FCVAR_NOTIFY, true, 1.0);
    HookEvent("$EVENT$", Event_$FN$);
}

public void OnClientDisconnect(int client)
{
    g_iCount[client] = 0;
}

public void Event_$FN$(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("$ACTOR$"));
    if (client == 0 || !IsClientInGame(client) || GetClientTeam(client) != 2)
    {
        return;
    }
    g_iCount[client]++;
    int every = g_cvEvery.IntValue;
    if (every > 0 && g_iCount[client] % every == 0)
    {
        PrintToChatAll("$TAG$ %N reached %d $NOUNS$!", client, g_iCount[client]);
    }
}
'''


def t3_milestone(c: Ctx, split_id: str) -> Task:
    s = c.s
    ref = plugin(f"{s.noun.title()} Milestones", f"Announces every few {s.nouns} of a player", fill(T3, **c.ids))
    cvar = f"l4d2_{s.stem}_milestone"
    n1, n2 = c.names[0], c.names[1]
    scen = [scenario("every third event of a player is announced",
                     [c.cast] + [c.ev(1)] * 6 + [c.ev(2)] * 2,
                     [chat(f"{s.tag} {n1} reached 3 {s.nouns}!"), chat(f"{s.tag} {n1} reached 6 {s.nouns}!"),
                      no_chat(f"{n2} reached"), NO_ERRORS]),
            scenario("the ConVar sets the step", [c.cast, set_convar(cvar, 2)] + [c.ev(2)] * 2,
                     [chat(f"{s.tag} {n2} reached 2 {s.nouns}!")]),
            scenario("counts are per player", [c.cast, c.ev(1), c.ev(1), c.ev(2)], [no_chat("reached"), NO_ERRORS])]
    broken = [
        Broken("behaviour", "only the first milestone is announced (== instead of a multiple check)",
               mutate(ref, ("if (every > 0 && g_iCount[client] % every == 0)", "if (g_iCount[client] == every)"))),
        Broken("behaviour", "one global counter for everybody",
               mutate(ref, ("int g_iCount[MAXPLAYERS + 1];", "int g_iCount[MAXPLAYERS + 1];\nint g_iTotal;"),
                      ("    g_iCount[client]++;\n    int every = g_cvEvery.IntValue;\n    if (every > 0 && g_iCount[client] % every == 0)\n    {\n        PrintToChatAll(\"$TAG$ %N reached %d $NOUNS$!\", client, g_iCount[client]);".replace("$TAG$", s.tag).replace("$NOUNS$", s.nouns),
                       "    g_iTotal++;\n    int every = g_cvEvery.IntValue;\n    if (every > 0 && g_iTotal % every == 0)\n    {\n        PrintToChatAll(\"$TAG$ %N reached %d $NOUNS$!\", client, g_iTotal);".replace("$TAG$", s.tag).replace("$NOUNS$", s.nouns)))),
        Broken("compile", "calls the IntValue property like a method",
               mutate(ref, ("    int every = g_cvEvery.IntValue;", "    int every = g_cvEvery.IntValue();"))),
    ]
    prompt = f"""Write a Left 4 Dead 2 SourceMod plugin that celebrates {s.noun} milestones.

{c.event_doc()}

- Count {s.nouns} per player (in-game survivors only, array indexed by client, cleared in `OnClientDisconnect`).
- ConVar `{cvar}` (default "3", minimum 1). Whenever a player's count reaches a multiple of it (3, 6, 9, ... by default), print to all `{s.tag} <name> reached <count> {s.nouns}!`.

{NEWSTYLE} {ANSWER}"""
    return Task(id=f"{split_id}-{s.theme}-scaffold-milestone", family="scaffold", theme=s.theme,
                title=f"Announce {s.noun} milestones per player", prompt=prompt, reference=ref, broken=broken,
                checks=checks(natives=["HookEvent", "GetClientOfUserId", "ConVar.IntValue.get"], events=[s.event],
                              convars=[cvar], scenarios=scen),
                tags=["events", "convar", "arrays", "generated"])


# ============================================================================================ T4: userid used as index

T4 = r'''
public void OnPluginStart()
{
    HookEvent("$EVENT$", Event_$FN$);
}

public void Event_$FN$(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("$ACTOR$"));
    if (client == 0 || !IsClientInGame(client) || GetClientTeam(client) != 2)
    {
        return;
    }
$READS$
    $PRINT$
}
'''


def t4_userid_repair(c: Ctx, split_id: str) -> Task:
    s = c.s
    reads, printer = c.announce_code()
    good = plugin(f"{s.noun.title()} Feed", f"Prints a chat line for every {s.noun}", fill(T4, READS=indent(reads, 1), PRINT=printer, **c.ids))
    bad = mutate(good, (f'    int client = GetClientOfUserId(event.GetInt("{s.actor}"));\n    if (client == 0 || !IsClientInGame(client) || GetClientTeam(client) != 2)',
                        f'    int client = event.GetInt("{s.actor}");\n    if (GetClientTeam(client) != 2)'))
    scen = [scenario(f"every {s.noun} is printed without errors", [c.cast, c.ev(1), c.ev(2)],
                     [chat(c.expected_line(1)), chat(c.expected_line(2)), NO_ERRORS]),
            scenario("a player who already left is skipped", [c.cast, event(s.event, **s.fields(250, uid(c.target_index) if s.target else None))],
                     [NO_ERRORS])]
    prompt = f"""This plugin should print a chat line such as `{c.expected_line(1)}` for every `{s.event}` event. In game nothing is printed, and the error log shows `Exception reported: Client index {uid(1)} is invalid` (with a different number for each player) from `Event_{s.fn}`.

{code_block(bad)}

Fix it so the line is printed for every survivor and events for players who already left are ignored without errors. {ANSWER}"""
    return Task(id=f"{split_id}-{s.theme}-repair-userid", family="repair", theme=s.theme,
                title=f"Fix the {s.noun} feed that treats a userid as a client index", prompt=prompt, reference=good,
                broken=[Broken("behaviour", "the unrepaired plugin: a userid passed to GetClientTeam", bad),
                        Broken("behaviour", "hides the error by returning for any value above MaxClients, so nothing is printed",
                               mutate(bad, ("    if (GetClientTeam(client) != 2)", "    if (client > MaxClients || GetClientTeam(client) != 2)"))),
                        Broken("compile", "misspells the native as GetClientOfUserID (undefined symbol)",
                               mutate(good, (f'int client = GetClientOfUserId(event.GetInt("{s.actor}"));', f'int client = GetClientOfUserID(event.GetInt("{s.actor}"));')))],
                checks=checks(events=[s.event], scenarios=scen),
                tags=["userid", "events", "generated"])


# ============================================================================================ T5: only first milestone

def t5_milestone_repair(c: Ctx, split_id: str) -> Task:
    s = c.s
    base = t3_milestone(c, split_id)
    good = base.reference
    bad = mutate(good, ("if (every > 0 && g_iCount[client] % every == 0)", "if (g_iCount[client] == every)"))
    n1 = c.names[0]
    scen = [scenario("milestones 3 and 6 are both announced", [c.cast] + [c.ev(1)] * 7,
                     [chat(f"{s.tag} {n1} reached 3 {s.nouns}!"), chat(f"{s.tag} {n1} reached 6 {s.nouns}!"), no_chat("reached 7"),
                      NO_ERRORS])]
    prompt = f"""This plugin should print `{s.tag} <name> reached <count> {s.nouns}!` every time a player's {s.noun} count reaches a multiple of `l4d2_{s.stem}_milestone` (3 by default: at 3, 6, 9, ...). Players see the message at 3, but never again at 6 or 9. No errors are logged.

{code_block(bad)}

Fix it. {ANSWER}"""
    return Task(id=f"{split_id}-{s.theme}-repair-milestone", family="repair", theme=s.theme,
                title=f"Fix the {s.noun} milestone message that only fires once", prompt=prompt, reference=good,
                broken=[Broken("behaviour", "the unrepaired plugin: == instead of a multiple check", bad),
                        Broken("behaviour", "announces every event after the first milestone (>=)",
                               mutate(good, ("if (every > 0 && g_iCount[client] % every == 0)", "if (g_iCount[client] >= every)"))),
                        Broken("compile", "modulo written with a word operator",
                               mutate(good, ("if (every > 0 && g_iCount[client] % every == 0)", "if (every > 0 && g_iCount[client] mod every == 0)")))],
                checks=checks(natives=["ConVar.IntValue.get"], events=[s.event], convars=[f"l4d2_{s.stem}_milestone"], scenarios=scen),
                tags=["logic", "generated"])


# ============================================================================================ T6: newdecls leftovers

def t6_newdecls_repair(c: Ctx, split_id: str) -> Task:
    s = c.s
    base = t1_counter(c, split_id)
    good = base.reference
    bad = mutate(good, (f'    int client = GetClientOfUserId(event.GetInt("{s.actor}"));', f'    new client = GetClientOfUserId(GetEventInt(event, "{s.actor}"));'),
                 (f"public Action Cmd_{s.fn}(int client, int args)", f"public Action:Cmd_{s.fn}(client, args)"))
    prompt = f"""A plugin that counts {s.nouns} per player was half converted to new-style syntax. With `#pragma newdecls required` spcomp 1.11 now stops with several `error 147: new-style declarations are required`.

{code_block(bad)}

Finish the conversion (typed declarations, the `Event` methodmap instead of `GetEventInt`) without changing the behaviour: `{base.checks['require_commands'][0]}` replies `{s.tag} Your {s.nouns} this round: <n>`. {ANSWER}"""
    return Task(id=f"{split_id}-{s.theme}-repair-newdecls", family="repair", theme=s.theme,
                title=f"Fix the newdecls errors in the {s.noun} counter", prompt=prompt, reference=good,
                broken=[Broken("compile", "the unrepaired plugin", bad),
                        Broken("static", "compiles after deleting `#pragma newdecls required`, but keeps GetEventInt",
                               bad.replace("#pragma newdecls required\n", "", 1)),
                        Broken("behaviour", "converted, but the reply reads the count of slot 0",
                               mutate(good, (f'ReplyToCommand(client, "{s.tag} Your {s.nouns} this round: %d", g_iCount[client]);',
                                             f'ReplyToCommand(client, "{s.tag} Your {s.nouns} this round: %d", g_iCount[0]);')))],
                checks=checks(natives=["Event.GetInt"], forbid_natives=["GetEventInt"], events=[s.event],
                              commands=base.checks["require_commands"], scenarios=base.checks["scenarios"][:1]),
                tags=["compile-error-msg", "legacy-syntax", "generated"])


# ============================================================================================ T7: wrong team filter

def t7_team_repair(c: Ctx, split_id: str) -> Task:
    s = c.s
    base = t1_counter(c, split_id)
    good = base.reference
    bad = mutate(good, ("GetClientTeam(client) != 2)", "GetClientTeam(client) != 3)"))
    cmd = base.checks["require_commands"][0]
    scen = [scenario("survivors are counted, infected are not",
                     [c.cast, c.ev(1), c.ev(1), c.ev(6), command(1, cmd), command(6, cmd)],
                     [reply(f"Your {s.nouns} this round: 2"), reply(f"Your {s.nouns} this round: 0"), NO_ERRORS])]
    prompt = f"""`{cmd}` should tell survivors how many {s.nouns} they made this round. It always replies `{s.tag} Your {s.nouns} this round: 0` for every survivor, while infected players who trigger `{s.event}` get real counts. No errors are logged.

{code_block(bad)}

Fix it so only survivors (team 2) are counted. {ANSWER}"""
    return Task(id=f"{split_id}-{s.theme}-repair-team", family="repair", theme=s.theme,
                title=f"Fix the {s.noun} counter's team filter", prompt=prompt, reference=good,
                broken=[Broken("behaviour", "the unrepaired plugin: counts team 3", bad),
                        Broken("behaviour", "drops the team filter, so infected are counted too",
                               mutate(good, ("if (client == 0 || !IsClientInGame(client) || GetClientTeam(client) != 2)", "if (client == 0 || !IsClientInGame(client))"))),
                        Broken("compile", "compares the team with a string",
                               mutate(good, ("GetClientTeam(client) != 2)", "GetClientTeam(client) != \"survivor\")")))],
                checks=checks(events=[s.event], commands=[cmd], scenarios=scen),
                tags=["team-filter", "generated"])


# ============================================================================================ T8: legacy announce

T8_LEGACY = r'''
new Handle:g_hAnnounce = INVALID_HANDLE;

public OnPluginStart()
{
    g_hAnnounce = CreateConVar("l4d2_$STEM$_feed", "1", "Announce $NOUNS$ (0/1)");
    HookEvent("$EVENT$", Event_$FN$);
}

public Event_$FN$(Handle:event, const String:name[], bool:dontBroadcast)
{
    if (!GetConVarBool(g_hAnnounce))
    {
        return;
    }
    new client = GetClientOfUserId(GetEventInt(event, "$ACTOR$"));
    if (client == 0 || !IsClientInGame(client) || GetClientTeam(client) != 2)
    {
        return;
    }
$READS$
    $PRINT$
}
'''

T8_NEW = r'''
ConVar g_hAnnounce;

public void OnPluginStart()
{
    g_hAnnounce = CreateConVar("l4d2_$STEM$_feed", "1", "Announce $NOUNS$ (0/1)");
    HookEvent("$EVENT$", Event_$FN$);
}

public void Event_$FN$(Event event, const char[] name, bool dontBroadcast)
{
    if (!g_hAnnounce.BoolValue)
    {
        return;
    }
    int client = GetClientOfUserId(event.GetInt("$ACTOR$"));
    if (client == 0 || !IsClientInGame(client) || GetClientTeam(client) != 2)
    {
        return;
    }
$READS$
    $PRINT$
}
'''

LEGACY_GETTER = {"int": "GetEventInt", "float": "GetEventFloat", "str": "GetEventString", "bool": "GetEventBool"}


def t8_refactor_announce(c: Ctx, split_id: str) -> Task:
    s = c.s
    lreads, lprint = c.announce_code(legacy=True)
    nreads, nprint = c.announce_code()
    legacy = legacy_plugin(f"{s.noun.title()} Feed", f"Announces {s.nouns}", fill(T8_LEGACY, READS=indent(lreads, 1), PRINT=lprint, **c.ids))
    ref = plugin(f"{s.noun.title()} Feed", f"Announces {s.nouns}", fill(T8_NEW, READS=indent(nreads, 1), PRINT=nprint, **c.ids))
    cvar = f"l4d2_{s.stem}_feed"
    e = s.extra
    forbid = ["GetEventInt", "GetConVarBool"] + ([LEGACY_GETTER[e.kind]] if e else [])
    scen = [scenario("announces like the legacy plugin", [c.cast, c.ev(1), c.ev(2, e.samples[1] if e else None)],
                     [chat(c.expected_line(1)), chat(c.expected_line(2, e.samples[1] if e else None)), NO_ERRORS]),
            scenario("the ConVar switches it off", [c.cast, set_convar(cvar, 0), c.ev(1)], [no_chat(s.tag)])]
    broken = [Broken("static", "the legacy plugin returned unchanged", legacy),
              Broken("behaviour", "the rewrite inverted the ConVar check",
                     mutate(ref, ("if (!g_hAnnounce.BoolValue)", "if (g_hAnnounce.BoolValue)"))),
              Broken("compile", "half-converted callback keeps `const String:name[]`",
                     mutate(ref, (f"public void Event_{s.fn}(Event event, const char[] name, bool dontBroadcast)",
                                  f"public void Event_{s.fn}(Event event, const String:name[], bool dontBroadcast)")))]
    getters = ", ".join(f"`{g}`" for g in forbid)
    prompt = f"""Port this legacy SourceMod plugin to new-style syntax (`#pragma newdecls required`) and methodmaps: `ConVar` with `.BoolValue` and the `Event` methods instead of {getters}, typed variables and a typed event callback. The chat output and the ConVar must behave exactly as before.

{code_block(legacy)}

{ANSWER}"""
    natives = ["Event.GetInt", "ConVar.BoolValue.get"] + ([{"int": "Event.GetInt", "float": "Event.GetFloat", "str": "Event.GetString", "bool": "Event.GetBool"}[e.kind]] if e else [])
    return Task(id=f"{split_id}-{s.theme}-refactor-feed", family="refactor", theme=s.theme,
                title=f"Port the legacy {s.noun} feed to methodmaps", prompt=prompt, reference=ref, broken=broken,
                checks=checks(natives=sorted(set(natives)), forbid_natives=sorted(set(forbid)), events=[s.event],
                              convars=[cvar], scenarios=scen),
                tags=["legacy-syntax", "methodmaps", "generated"])


# ============================================================================================ T9: legacy counter

def t9_refactor_counter(c: Ctx, split_id: str) -> Task:
    s = c.s
    base = t1_counter(c, split_id)
    ref = base.reference
    body = fill(T1, **c.ids)
    legacy_body = (body.replace("int g_iCount[MAXPLAYERS + 1];", "new g_iCount[MAXPLAYERS + 1];")
                   .replace("public void OnPluginStart()", "public OnPluginStart()")
                   .replace("public void OnClientDisconnect(int client)", "public OnClientDisconnect(client)")
                   .replace("public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)",
                            "public Event_RoundStart(Handle:event, const String:name[], bool:dontBroadcast)")
                   .replace("    for (int i = 1; i <= MaxClients; i++)", "    for (new i = 1; i <= MaxClients; i++)")
                   .replace(f"public void Event_{s.fn}(Event event, const char[] name, bool dontBroadcast)",
                            f"public Event_{s.fn}(Handle:event, const String:name[], bool:dontBroadcast)")
                   .replace(f'    int client = GetClientOfUserId(event.GetInt("{s.actor}"));',
                            f'    new client = GetClientOfUserId(GetEventInt(event, "{s.actor}"));')
                   .replace(f"public Action Cmd_{s.fn}(int client, int args)", f"public Action:Cmd_{s.fn}(client, args)"))
    legacy = legacy_plugin(f"{s.noun.title()} Counter", f"Counts {s.nouns} per player and round", legacy_body)
    prompt = f"""Port this legacy SourceMod plugin to new-style syntax (`#pragma newdecls required`): `int` arrays and loop variables, typed forwards (`public void OnClientDisconnect(int client)`), `Event event` callbacks with `event.GetInt` instead of `GetEventInt`, and `public Action Cmd_{s.fn}(int client, int args)`. The counting, the resets and the replies must not change.

{code_block(legacy)}

{ANSWER}"""
    broken = [Broken("static", "unchanged legacy plugin (GetEventInt)", legacy),
              Broken("behaviour", "the rewrite dropped the round_start reset",
                     mutate(ref, ("    for (int i = 1; i <= MaxClients; i++)\n    {\n        g_iCount[i] = 0;\n    }\n", ""))),
              Broken("compile", "command callback left with untyped parameters",
                     mutate(ref, (f"public Action Cmd_{s.fn}(int client, int args)", f"public Action Cmd_{s.fn}(client, args)")))]
    return Task(id=f"{split_id}-{s.theme}-refactor-counter", family="refactor", theme=s.theme,
                title=f"Port the legacy {s.noun} counter to new-style syntax", prompt=prompt, reference=ref, broken=broken,
                checks=checks(natives=["Event.GetInt", "ReplyToCommand"], forbid_natives=["GetEventInt"],
                              events=[s.event, "round_start"], commands=base.checks["require_commands"],
                              scenarios=base.checks["scenarios"][:2]),
                tags=["legacy-syntax", "generated"])


# ============================================================================================ T10: Event getter doc

GETTER_DOC = {
    "int": ("Event.GetInt", "public native int GetInt(const char[] key, int defValue=0);", "Returns the integer value of a game event's key (`defValue` when the key is missing)."),
    "float": ("Event.GetFloat", "public native float GetFloat(const char[] key, float defValue=0.0);", "Returns the floating point value of a game event's key."),
    "str": ("Event.GetString", 'public native void GetString(const char[] key, char[] value, int maxlength, const char[] defvalue="");', "Copies the string value of a game event's key into `value` (at most `maxlength` bytes)."),
    "bool": ("Event.GetBool", "public native bool GetBool(const char[] key, bool defValue=false);", "Returns the boolean value of a game event's key."),
}

T10 = r'''
public void OnPluginStart()
{
    HookEvent("$EVENT$", Event_$FN$);
}

public void Event_$FN$(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("$ACTOR$"));
    if (client == 0 || !IsClientInGame(client) || IsFakeClient(client))
    {
        return;
    }
$BODY$
}
'''


def t10_doc_getter(c: Ctx, split_id: str) -> Task:
    s = c.s
    e = s.extra
    if e is None:
        return t10b_doc_userid(c, split_id)
    native, sig, sem = GETTER_DOC[e.kind]
    shown = f"{e.samples[0]:.1f}" if e.kind == "float" else str(e.samples[0])
    if e.kind == "int":
        body = f'    int value = event.GetInt("{e.name}");\n    PrintToChat(client, "{s.tag} Your last {s.noun}: %d {e.label}.", value);'
        lines = [f"{s.tag} Your last {s.noun}: {v} {e.label}." for v in e.samples]
    elif e.kind == "float":
        body = f'    float value = event.GetFloat("{e.name}");\n    PrintToChat(client, "{s.tag} Your last {s.noun}: %.1f {e.label}.", value);'
        lines = [f"{s.tag} Your last {s.noun}: {v:.1f} {e.label}." for v in e.samples]
    elif e.kind == "str":
        body = (f'    char value[64];\n    event.GetString("{e.name}", value, sizeof(value), "unknown");\n'
                f'    PrintToChat(client, "{s.tag} Your last {s.noun}: {e.label} %s.", value);')
        lines = [f"{s.tag} Your last {s.noun}: {e.label} {v}." for v in e.samples]
    else:
        body = (f'    if (event.GetBool("{e.name}"))\n    {{\n        PrintToChat(client, "{s.tag} Your last {s.noun} was a {e.label}!");\n    }}\n'
                f'    else\n    {{\n        PrintToChat(client, "{s.tag} Your last {s.noun} was not a {e.label}.");\n    }}')
        lines = [f"{s.tag} Your last {s.noun} was a {e.label}!", f"{s.tag} Your last {s.noun} was not a {e.label}."]
    ref = plugin(f"{s.noun.title()} Details", f"Tells players the {e.label} of their {s.nouns}", fill(T10, BODY=body, **c.ids))
    scen = [scenario(f"the {e.label} is read from the event", [c.cast, c.ev(1, e.samples[0]), c.ev(2, e.samples[1])],
                     [chat_to(1, lines[0]), chat_to(2, lines[1]), NO_ERRORS]),
            scenario("bots are not told", [client(1, c.names[0], 2, bot=True), *c.cast[1:], c.ev(1, e.samples[0])],
                     [no_chat(lines[0]), NO_ERRORS])]
    wrong_getter = {"int": ("event.GetInt(\"" + e.name + "\")", "event.GetInt(\"" + e.name + "s\")"),
                    "float": ("event.GetFloat(\"" + e.name + "\")", "float(event.GetInt(\"" + e.name + "\"))"),
                    "str": ("event.GetString(\"" + e.name + "\", value, sizeof(value), \"unknown\")", "event.GetString(\"" + e.name + "\", value, 4, \"unknown\")"),
                    "bool": ("event.GetBool(\"" + e.name + "\")", "event.GetBool(\"" + e.name + "\", true) && false")}[e.kind]
    fails_wrong = "static" if e.kind == "float" else "behaviour"
    if e.kind == "bool":
        what = f"`{lines[0]}` when `{e.name}` is true, otherwise `{lines[1]}`"
    else:
        placeholder = f"<{e.name} with 1 decimal>" if e.kind == "float" else f"<{e.name}>"
        what = "`" + lines[0].replace(shown, placeholder) + "`" + (" (default the string to `unknown`)" if e.kind == "str" else "")
    why_wrong = {"int": "reads a misspelled key, so the default 0 is printed",
                 "float": "reads the float field with GetInt (Event.GetFloat is never called)",
                 "str": "passes a 4-byte buffer size, truncating the value",
                 "bool": "the condition is always false"}[e.kind]
    broken = [Broken(fails_wrong, why_wrong, mutate(ref, wrong_getter)),
              Broken("behaviour", "reads a misspelled player field, so nobody is ever told",
                     mutate(ref, (f'int client = GetClientOfUserId(event.GetInt("{s.actor}"));', 'int client = GetClientOfUserId(event.GetInt("userid_"));'))),
              Broken("compile", "calls the getter without the key", mutate(ref, wrong_getter[:1] + ({"int": "event.GetInt()", "float": "event.GetFloat()", "str": "event.GetString(value, sizeof(value))", "bool": "event.GetBool()"}[e.kind],)))]
    prompt = f"""Use this method of SourceMod's `Event` methodmap (events.inc) as documented:

`{sig}` — {sem}

{c.event_doc()}

Task: hook `{s.event}`. For a human player (not a bot) resolved from `{s.actor}`, send them (only) {what}.

{NEWSTYLE} {ANSWER}"""
    return Task(id=f"{split_id}-{s.theme}-doc-getter", family="doc", theme=s.theme,
                title=f"Read `{e.name}` with {native}", prompt=prompt, reference=ref, broken=broken,
                checks=checks(natives=[native, "PrintToChat"], events=[s.event], scenarios=scen), api=[native],
                tags=["events", "generated"])


def t10b_doc_userid(c: Ctx, split_id: str) -> Task:
    """For events without an extra field: GetClientOfUserId and IsFakeClient."""
    s = c.s
    body = (f'    PrintToChat(client, "{s.tag} Noted: you {s.verb} (userid %d, slot %d).", GetClientUserId(client), client);')
    ref = plugin(f"{s.noun.title()} Receipt", f"Confirms each {s.noun} to the player", fill(T10, BODY=body, **c.ids))
    scen = [scenario("each human gets their receipt with userid and slot", [c.cast, c.ev(2), c.ev(3)],
                     [chat_to(2, f"{s.tag} Noted: you {s.verb} (userid {uid(2)}, slot 2)."),
                      chat_to(3, f"(userid {uid(3)}, slot 3)."), NO_ERRORS]),
            scenario("unknown userids are ignored", [c.cast, event(s.event, **s.fields(299, uid(3) if s.target else None))], [NO_ERRORS])]
    broken = [Broken("behaviour", "swaps userid and slot in the message",
                     mutate(ref, ("GetClientUserId(client), client);", "client, GetClientUserId(client));"))),
              Broken("static", "uses the userid as the client index (GetClientOfUserId is never called)",
                     mutate(ref, (f'    int client = GetClientOfUserId(event.GetInt("{s.actor}"));\n    if (client == 0 || !IsClientInGame(client) || IsFakeClient(client))',
                                  f'    int client = event.GetInt("{s.actor}");\n    if (client == 0)'))),
              Broken("compile", "misspelled native GetClientUserID", mutate(ref, ("GetClientUserId(client), client);", "GetClientUserID(client), client);")))]
    prompt = f"""Use these SourceMod natives as documented (clients.inc):

- `native int GetClientOfUserId(int userid);` — "Translates an userid index to the real player index." Returns 0 for an invalid userid.
- `native int GetClientUserId(int client);` — "Retrieves a client's user id, which is an index incremented for every client that joins the server."
- `native bool IsFakeClient(int client);`

{c.event_doc()}

Task: hook `{s.event}`; for a human player resolved from `{s.actor}` send them `{s.tag} Noted: you {s.verb} (userid <userid>, slot <client index>).` Unknown userids and bots are ignored.

{NEWSTYLE} {ANSWER}"""
    return Task(id=f"{split_id}-{s.theme}-doc-userid", family="doc", theme=s.theme,
                title="Userids and client indices with GetClientOfUserId / GetClientUserId", prompt=prompt, reference=ref,
                broken=broken, checks=checks(natives=["GetClientOfUserId", "GetClientUserId", "IsFakeClient"], events=[s.event],
                                             scenarios=scen),
                api=["GetClientOfUserId", "GetClientUserId"], tags=["userid", "generated"])


# ============================================================================================ T11: timer doc

T11 = r'''
ConVar g_cvDelay;

public void OnPluginStart()
{
    g_cvDelay = CreateConVar("l4d2_$STEM$_followup", "$DELAY$", "Seconds before the follow-up message", FCVAR_NOTIFY, true, 0.1);
    HookEvent("$EVENT$", Event_$FN$);
}

public void Event_$FN$(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("$ACTOR$"));
    if (client == 0 || !IsClientInGame(client) || GetClientTeam(client) != 2)
    {
        return;
    }
    CreateTimer(g_cvDelay.FloatValue, Timer_Followup, GetClientUserId(client), TIMER_FLAG_NO_MAPCHANGE);
}

public Action Timer_Followup(Handle timer, any userid)
{
    int client = GetClientOfUserId(userid);
    if (client == 0 || !IsClientInGame(client))
    {
        return Plugin_Stop;
    }
    PrintToChat(client, "$TAG$ $DELAY$ seconds ago you $VERB$. $CHEER$");
    return Plugin_Stop;
}
'''

CHEERS = ["Keep it up!", "Nice work!", "The team owes you one.", "Stay sharp!"]


def t11_doc_timer(c: Ctx, split_id: str, index: int) -> Task:
    s = c.s
    delay = (2, 3, 4, 5)[index % 4]
    cheer = CHEERS[index % len(CHEERS)]
    verb = s.verb
    ref = plugin(f"{s.noun.title()} Follow-up", f"Follows up on {s.nouns} after a delay",
                 fill(T11, DELAY=f"{delay}.0" if False else str(delay), CHEER=cheer, **c.ids))
    line = f"{s.tag} {delay} seconds ago you {verb}. {cheer}"
    scen = [scenario("not before the delay", [c.cast, c.ev(1), advance(delay - 0.5)], [no_chat(line)]),
            scenario("after the delay", [c.cast, c.ev(1), advance(delay + 0.5)], [chat_to(1, line), NO_ERRORS]),
            scenario("a player who left is skipped without errors",
                     [c.cast, c.ev(2), {"remove_client": 2}, advance(delay + 1)], [no_chat(line), NO_ERRORS])]
    broken = [Broken("behaviour", "passes the client index and does not re-validate it: PrintToChat errors once the player left",
                     mutate(ref, ("CreateTimer(g_cvDelay.FloatValue, Timer_Followup, GetClientUserId(client), TIMER_FLAG_NO_MAPCHANGE);",
                                  "CreateTimer(g_cvDelay.FloatValue, Timer_Followup, client, TIMER_FLAG_NO_MAPCHANGE);"),
                            ("    int client = GetClientOfUserId(userid);\n    if (client == 0 || !IsClientInGame(client))\n    {\n        return Plugin_Stop;\n    }\n",
                             "    int client = userid;\n"))),
              Broken("behaviour", "ignores the ConVar and uses a fixed 0.1 s delay",
                     mutate(ref, ("CreateTimer(g_cvDelay.FloatValue,", "CreateTimer(0.1,"))),
              Broken("compile", "timer callback with a signature that matches no Timer typedef",
                     mutate(ref, ("public Action Timer_Followup(Handle timer, any userid)", "public Action Timer_Followup(int userid)")))]
    prompt = f"""Use these SourceMod APIs as documented:

- `native Handle CreateTimer(float interval, Timer func, any data=0, int flags=0);` (timers.inc) — runs `func(Handle timer, any data)` once after `interval` seconds; return `Plugin_Stop` from a one-shot timer.
- `GetClientUserId(client)` / `GetClientOfUserId(userid)` — pass the userid (not the client index) through a timer, because a slot can be reused; `GetClientOfUserId` gives 0 once the player has left.

{c.event_doc()}

Task: ConVar `l4d2_{s.stem}_followup` (default "{delay}", minimum 0.1). When an in-game survivor (team 2) triggers `{s.event}` (player in `{s.actor}`), start a timer of that many seconds carrying their userid; when it fires and the player is still in game, send them `{line}`

{NEWSTYLE} {ANSWER}"""
    return Task(id=f"{split_id}-{s.theme}-doc-timer", family="doc", theme=s.theme,
                title=f"Delayed follow-up with CreateTimer and a userid", prompt=prompt, reference=ref, broken=broken,
                checks=checks(natives=["CreateTimer", "GetClientOfUserId"], events=[s.event],
                              convars=[f"l4d2_{s.stem}_followup"], scenarios=scen),
                api=["CreateTimer", "GetClientOfUserId"], tags=["timer", "userid", "generated"])


def tasks_for(spec: EventSpec, index: int, split_id: str = "l4d2-train") -> list[Task]:
    c = Ctx(spec, index)
    out = [t1_counter(c, split_id), t2_announce(c, split_id), t3_milestone(c, split_id),
           t4_userid_repair(c, split_id), t6_newdecls_repair(c, split_id),
           t7_team_repair(c, split_id) if spec.offteam else t5_milestone_repair(c, split_id),
           t8_refactor_announce(c, split_id), t9_refactor_counter(c, split_id),
           t10_doc_getter(c, split_id), t11_doc_timer(c, split_id, index)]
    return out
