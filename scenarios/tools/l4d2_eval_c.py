"""Eval tasks, part C: witch_proximity, finale_start, rescue_vehicle, gauntlet_run, null_client_check,
entity_validation, random_timer.

Hand-written: every plugin, prompt, broken variant and scenario here was written and reviewed for its task.
"""

from __future__ import annotations

from l4d2_common import (NO_ERRORS, Broken, Task, advance, chat, chat_to, checks, client, code_block, command, event,
                         hint, infected, legacy_plugin, mutate, netprop, no_chat, plugin, reply, scenario, set_convar,
                         survivors, uid)

ANSWER = "Answer with the complete plugin in one ```sourcepawn code block."
NEWSTYLE = "Target SourceMod 1.11 with `#pragma semicolon 1` and `#pragma newdecls required`; use only the core includes (sourcemod, sdktools)."
FOUR = survivors("Nick", "Ellis", "Rochelle", "Coach")


def at(index: int, name: str, x: float, y: float, z: float = 0.0, **kw) -> dict:
    """A survivor standing at a position (both origin props set, whichever the natives read)."""
    pos = [float(x), float(y), float(z)]
    return client(index, name, kw.pop("team", 2), netprops={"m_vecOrigin": pos, "m_vecAbsOrigin": pos}, **kw)


def witch_proximity() -> list[Task]:
    out = []
    harass = lambda who: event("witch_harasser_set", userid=uid(who), witchid=40, first=True)  # noqa: E731
    # ---------------------------------------------------------------- scaffold: warn survivors near the startler
    ref = plugin("Witch Proximity Warning", "Warns survivors standing near whoever startled the Witch", r'''
ConVar g_cvRadius;

public void OnPluginStart()
{
    g_cvRadius = CreateConVar("l4d2_witch_warn_radius", "500", "Warn survivors within this distance of the Witch's target", FCVAR_NOTIFY, true, 50.0);
    HookEvent("witch_harasser_set", Event_WitchHarasserSet);
}

public void Event_WitchHarasserSet(Event event, const char[] name, bool dontBroadcast)
{
    int target = GetClientOfUserId(event.GetInt("userid"));
    if (target == 0 || !IsClientInGame(target))
    {
        return;
    }
    PrintToChatAll("[Witch] %N startled the Witch!", target);
    float targetPos[3], pos[3];
    GetClientAbsOrigin(target, targetPos);
    float radius = g_cvRadius.FloatValue;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (i == target || !IsClientInGame(i) || GetClientTeam(i) != 2 || !IsPlayerAlive(i))
        {
            continue;
        }
        GetClientAbsOrigin(i, pos);
        float distance = GetVectorDistance(targetPos, pos);
        if (distance <= radius)
        {
            PrintToChat(i, "[Witch] You are %.0f units from %N - get away from the Witch!", distance, target);
        }
    }
}
''')
    cast = [at(1, "Nick", 0, 0), at(2, "Ellis", 300, 400), at(3, "Rochelle", 900, 0), at(4, "Coach", 0, 500),
            at(5, "Hunter", 10, 10, team=3, zombie_class=3)]
    scen = [scenario("survivors within the radius are warned with their distance",
                     [cast, harass(1)],
                     [chat("[Witch] Nick startled the Witch!"), chat_to(2, "You are 500 units from Nick"),
                      chat_to(4, "You are 500 units from Nick"), no_chat("You are 900 units"), no_chat("You are 14 units"),
                      NO_ERRORS]),
            scenario("a smaller radius leaves the boundary survivors out",
                     [cast, set_convar("l4d2_witch_warn_radius", 400), harass(1)],
                     [chat("startled the Witch"), no_chat("You are 500 units")])]
    out.append(Task(
        id="l4d2-eval-witch_proximity-scaffold-startle_warning", family="scaffold", theme="witch_proximity",
        title="Warn survivors who stand near the Witch's target",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin that warns survivors close to whoever startled a Witch.

- Hook `witch_harasser_set` (fields: `userid` = the survivor the Witch is now after, `witchid`, `first`). Print to all `[Witch] <name> startled the Witch!`.
- ConVar `l4d2_witch_warn_radius` (default "500", minimum 50).
- For every other in-game, living survivor (team 2) whose distance to the target (`GetClientAbsOrigin` + `GetVectorDistance`) is at most the radius, send them `[Witch] You are <distance, no decimals> units from <target> - get away from the Witch!`. Infected and survivors farther away get nothing.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "no team filter: the Hunter next to the target is warned too",
                   mutate(ref, ("if (i == target || !IsClientInGame(i) || GetClientTeam(i) != 2 || !IsPlayerAlive(i))",
                                "if (i == target || !IsClientInGame(i) || !IsPlayerAlive(i))"))),
            Broken("behaviour", "off-by-one on the boundary: < instead of <=",
                   mutate(ref, ("if (distance <= radius)", "if (distance < radius)"))),
            Broken("behaviour", "compares the squared distance with the radius",
                   mutate(ref, ("float distance = GetVectorDistance(targetPos, pos);", "float distance = GetVectorDistance(targetPos, pos, true);"))),
            Broken("compile", "position buffers declared with 2 elements; GetClientAbsOrigin needs float[3] (error 047)",
                   mutate(ref, ("    float targetPos[3], pos[3];", "    float targetPos[2], pos[2];"))),
        ],
        checks=checks(natives=["GetClientAbsOrigin", "GetVectorDistance", "PrintToChat", "Event.GetInt"],
                      events=["witch_harasser_set"], forbid_events=["witch_startled"],
                      convars=["l4d2_witch_warn_radius"], scenarios=scen),
        tags=["vectors", "events", "convar"],
    ))

    # ---------------------------------------------------------------- repair: squared distance vs plain radius
    good = plugin("Witch Alarm Radius", "Tells nearby survivors when the Witch has a target", r'''
#define WARN_RADIUS 600.0

public void OnPluginStart()
{
    HookEvent("witch_harasser_set", Event_Harasser);
}

public void Event_Harasser(Event event, const char[] name, bool dontBroadcast)
{
    int target = GetClientOfUserId(event.GetInt("userid"));
    if (target == 0)
    {
        return;
    }
    float origin[3];
    GetClientAbsOrigin(target, origin);
    for (int i = 1; i <= MaxClients; i++)
    {
        if (i == target || !IsClientInGame(i) || GetClientTeam(i) != 2)
        {
            continue;
        }
        float other[3];
        GetClientAbsOrigin(i, other);
        if (GetVectorDistance(origin, other, true) <= WARN_RADIUS * WARN_RADIUS)
        {
            PrintHintText(i, "The Witch is after %N, %.0f units from you!", target, GetVectorDistance(origin, other));
        }
    }
}
''')
    bad = mutate(good, ("if (GetVectorDistance(origin, other, true) <= WARN_RADIUS * WARN_RADIUS)",
                        "if (GetVectorDistance(origin, other, true) <= WARN_RADIUS)"))
    scen = [scenario("a survivor 200 units away is warned, one 800 units away is not",
                     [at(1, "Nick", 0, 0), at(2, "Ellis", 200, 0), at(3, "Rochelle", 800, 0), harass(1)],
                     [hint("The Witch is after Nick, 200 units from you!"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-witch_proximity-repair-squared_distance", family="repair", theme="witch_proximity",
        title="Fix the Witch alarm that only reaches survivors standing on top of the target",
        prompt=f"""This plugin should show a hint to every survivor within 600 units of the player a Witch has just targeted (`witch_harasser_set`). In testing, a survivor standing 200 units from the target gets no hint; only survivors closer than about 25 units ever see it. No errors are logged.

{code_block(bad)}

Fix it. {ANSWER}""",
        reference=good,
        broken=[
            Broken("behaviour", "the unrepaired plugin: a squared distance compared with the plain radius", bad),
            Broken("behaviour", "inverts the comparison, warning only survivors far away",
                   mutate(good, ("if (GetVectorDistance(origin, other, true) <= WARN_RADIUS * WARN_RADIUS)",
                                 "if (GetVectorDistance(origin, other) >= WARN_RADIUS)"))),
            Broken("compile", "the radius macro is used with a misspelled name",
                   mutate(good, ("if (GetVectorDistance(origin, other, true) <= WARN_RADIUS * WARN_RADIUS)",
                                 "if (GetVectorDistance(origin, other, true) <= WARN_RADIUS * WARN_RADUIS)"))),
        ],
        checks=checks(natives=["GetVectorDistance", "GetClientAbsOrigin", "PrintHintText"], events=["witch_harasser_set"],
                      scenarios=scen),
        tags=["vectors", "math"],
    ))

    # ---------------------------------------------------------------- refactor: legacy witch warning
    legacy = legacy_plugin("Witch Spawn Notice", "Announces Witches and who startles them", r'''
new Handle:g_hAnnounceSpawn;
new g_iWitches;

public OnPluginStart()
{
    g_hAnnounceSpawn = CreateConVar("l4d2_witch_notice_spawn", "1", "Announce Witch spawns");
    HookEvent("witch_spawn", Event_WitchSpawn);
    HookEvent("witch_harasser_set", Event_WitchHarasser);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
}

public Event_RoundStart(Handle:event, const String:name[], bool:dontBroadcast)
{
    g_iWitches = 0;
}

public Event_WitchSpawn(Handle:event, const String:name[], bool:dontBroadcast)
{
    g_iWitches++;
    if (GetConVarBool(g_hAnnounceSpawn))
    {
        PrintToChatAll("[Witch] A Witch is sitting nearby (#%d this round). Lights off!", g_iWitches);
    }
}

public Event_WitchHarasser(Handle:event, const String:name[], bool:dontBroadcast)
{
    new client = GetClientOfUserId(GetEventInt(event, "userid"));
    new bool:first = GetEventBool(event, "first");
    if (client == 0 || !first)
    {
        return;
    }
    PrintToChatAll("[Witch] %N woke up the Witch!", client);
}
''')
    ref = plugin("Witch Spawn Notice", "Announces Witches and who startles them", r'''
ConVar g_hAnnounceSpawn;
int g_iWitches;

public void OnPluginStart()
{
    g_hAnnounceSpawn = CreateConVar("l4d2_witch_notice_spawn", "1", "Announce Witch spawns");
    HookEvent("witch_spawn", Event_WitchSpawn);
    HookEvent("witch_harasser_set", Event_WitchHarasser);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    g_iWitches = 0;
}

public void Event_WitchSpawn(Event event, const char[] name, bool dontBroadcast)
{
    g_iWitches++;
    if (g_hAnnounceSpawn.BoolValue)
    {
        PrintToChatAll("[Witch] A Witch is sitting nearby (#%d this round). Lights off!", g_iWitches);
    }
}

public void Event_WitchHarasser(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("userid"));
    bool first = event.GetBool("first");
    if (client == 0 || !first)
    {
        return;
    }
    PrintToChatAll("[Witch] %N woke up the Witch!", client);
}
''')
    scen = [scenario("spawns are numbered per round; only the first startle is announced",
                     [FOUR, event("witch_spawn", witchid=40), event("witch_spawn", witchid=41),
                      event("witch_harasser_set", userid=uid(3), witchid=40, first=True),
                      event("witch_harasser_set", userid=uid(2), witchid=40, first=False),
                      event("round_start"), event("witch_spawn", witchid=42)],
                     [chat("(#2 this round)"), chat("[Witch] Rochelle woke up the Witch!"), no_chat("Ellis woke up"),
                      chat("A Witch is sitting nearby (#1 this round)"), NO_ERRORS]),
            scenario("spawn notices can be switched off",
                     [FOUR, set_convar("l4d2_witch_notice_spawn", 0), event("witch_spawn", witchid=40)],
                     [no_chat("sitting nearby")])]
    out.append(Task(
        id="l4d2-eval-witch_proximity-refactor-spawn_notice", family="refactor", theme="witch_proximity",
        title="Port the Witch spawn notice to new-style syntax",
        prompt=f"""Port this legacy plugin to new-style SourcePawn (`#pragma newdecls required`): `ConVar`/`.BoolValue`, `Event`/`.GetInt`/`.GetBool`, `int`/`bool` declarations and typed event callbacks. Its behaviour (numbering per round, only the first startle announced, the ConVar switch) must stay identical.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "legacy GetConVarBool/GetEventInt/GetEventBool kept", legacy),
            Broken("behaviour", "the `first` check was dropped, so every re-target is announced",
                   mutate(ref, ("if (client == 0 || !first)", "if (client == 0)"))),
            Broken("static", "hooks the invented event witch_startled instead of witch_harasser_set",
                   mutate(ref, ('HookEvent("witch_harasser_set", Event_WitchHarasser);', 'HookEvent("witch_startled", Event_WitchHarasser);'))),
        ],
        checks=checks(natives=["Event.GetBool", "Event.GetInt", "ConVar.BoolValue.get"],
                      forbid_natives=["GetConVarBool", "GetEventInt", "GetEventBool"],
                      events=["witch_spawn", "witch_harasser_set", "round_start"], convars=["l4d2_witch_notice_spawn"],
                      scenarios=scen),
        tags=["legacy-syntax", "methodmaps"],
    ))

    # ---------------------------------------------------------------- doc: GetVectorDistance nearest survivor
    ref = plugin("Nearest Teammate", "Tells a survivor who is closest to them", r'''
public void OnPluginStart()
{
    RegConsoleCmd("sm_nearest", Cmd_Nearest, "Shows your nearest living teammate");
}

public Action Cmd_Nearest(int client, int args)
{
    if (client == 0 || !IsClientInGame(client) || GetClientTeam(client) != 2)
    {
        ReplyToCommand(client, "[Nearest] Survivors only.");
        return Plugin_Handled;
    }
    float me[3], other[3];
    GetClientAbsOrigin(client, me);
    int best = 0;
    float bestDistance = 0.0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (i == client || !IsClientInGame(i) || GetClientTeam(i) != 2 || !IsPlayerAlive(i))
        {
            continue;
        }
        GetClientAbsOrigin(i, other);
        float d = GetVectorDistance(me, other);
        if (best == 0 || d < bestDistance)
        {
            best = i;
            bestDistance = d;
        }
    }
    if (best == 0)
    {
        ReplyToCommand(client, "[Nearest] You are alone.");
    }
    else
    {
        ReplyToCommand(client, "[Nearest] %N is %.1f units away.", best, bestDistance);
    }
    return Plugin_Handled;
}
''')
    scen = [scenario("the closest living teammate is reported",
                     [at(1, "Nick", 0, 0), at(2, "Ellis", 300, 400), at(3, "Rochelle", 30, 40, alive=False),
                      at(4, "Coach", -120, 0, 50), at(5, "Hunter", 1, 1, team=3, zombie_class=3), command(1, "sm_nearest")],
                     [reply("[Nearest] Coach is 130.0 units away."), NO_ERRORS]),
            scenario("alone and non-survivors",
                     [at(1, "Nick", 0, 0), at(5, "Hunter", 1, 1, team=3, zombie_class=3), command(1, "sm_nearest"),
                      command(5, "sm_nearest")],
                     [reply("You are alone."), reply("Survivors only.")])]
    out.append(Task(
        id="l4d2-eval-witch_proximity-doc-vector_distance", family="doc", theme="witch_proximity",
        title="Find the nearest teammate with GetClientAbsOrigin and GetVectorDistance",
        prompt=f"""Use these SourceMod natives as documented:

- `native void GetClientAbsOrigin(int client, float vec[3]);` (clients.inc) — "Returns the client's origin vector."
- `native float GetVectorDistance(const float vec1[3], const float vec2[3], bool squared=false);` (vector.inc) — "Calculates the distance between two vectors." With `squared=true` it returns the squared distance.

Task: console command `sm_nearest`. Only in-game survivors (team 2) may use it; others (and the console) get `[Nearest] Survivors only.` Find the nearest other living survivor and reply `[Nearest] <name> is <distance with 1 decimal> units away.`, or `[Nearest] You are alone.` if there is none.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "reports the squared distance",
                   mutate(ref, ("float d = GetVectorDistance(me, other);", "float d = GetVectorDistance(me, other, true);"))),
            Broken("behaviour", "includes dead survivors in the search",
                   mutate(ref, ("if (i == client || !IsClientInGame(i) || GetClientTeam(i) != 2 || !IsPlayerAlive(i))",
                                "if (i == client || !IsClientInGame(i) || GetClientTeam(i) != 2)"))),
            Broken("compile", "GetClientAbsOrigin used as if it returned the vector",
                   mutate(ref, ("    float me[3], other[3];\n    GetClientAbsOrigin(client, me);", "    float me[3], other[3];\n    me = GetClientAbsOrigin(client);"))),
        ],
        checks=checks(natives=["GetClientAbsOrigin", "GetVectorDistance", "ReplyToCommand"], commands=["sm_nearest"],
                      scenarios=scen),
        api=["GetClientAbsOrigin", "GetVectorDistance"],
        tags=["vectors", "command"],
    ))
    return out


def finale_start() -> list[Task]:
    out = []
    # ---------------------------------------------------------------- scaffold: finale status timer
    ref = plugin("Finale Status", "Reports survivor status at intervals during a finale", r'''
ConVar g_cvInterval;
Handle g_hStatusTimer;
int g_iElapsed;

public void OnPluginStart()
{
    g_cvInterval = CreateConVar("l4d2_finale_status_interval", "30", "Seconds between finale status reports", FCVAR_NOTIFY, true, 5.0);
    HookEvent("finale_start", Event_FinaleStart);
    HookEvent("finale_vehicle_leaving", Event_VehicleLeaving);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
}

public void OnMapEnd()
{
    g_hStatusTimer = null;
}

public void Event_FinaleStart(Event event, const char[] name, bool dontBroadcast)
{
    PrintToChatAll("[Finale] The finale has started! Hold out until the rescue arrives.");
    if (g_hStatusTimer == null)
    {
        g_iElapsed = 0;
        g_hStatusTimer = CreateTimer(g_cvInterval.FloatValue, Timer_Status, _, TIMER_REPEAT | TIMER_FLAG_NO_MAPCHANGE);
    }
}

public Action Timer_Status(Handle timer)
{
    g_iElapsed += g_cvInterval.IntValue;
    int alive = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 2 && IsPlayerAlive(i))
        {
            alive++;
        }
    }
    PrintToChatAll("[Finale] %d survivor(s) standing after %d seconds.", alive, g_iElapsed);
    return Plugin_Continue;
}

void StopStatus()
{
    if (g_hStatusTimer != null)
    {
        KillTimer(g_hStatusTimer);
        g_hStatusTimer = null;
    }
}

public void Event_VehicleLeaving(Event event, const char[] name, bool dontBroadcast)
{
    StopStatus();
    PrintToChatAll("[Finale] %d survivor(s) escaped after %d seconds!", event.GetInt("survivorcount"), g_iElapsed);
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    StopStatus();
}
''')
    scen = [scenario("status every interval with the living survivors, stopped by the rescue",
                     [FOUR[:3], client(4, "Coach", 2, alive=False), event("finale_start", rushes=0, campaign="c1"),
                      advance(61.0), event("finale_vehicle_leaving", survivorcount=3), advance(40.0)],
                     [chat("The finale has started!"), chat("[Finale] 3 survivor(s) standing after 30 seconds."),
                      chat("3 survivor(s) standing after 60 seconds."), chat("[Finale] 3 survivor(s) escaped after 60 seconds!"),
                      no_chat("after 90 seconds"), {"pending_timers": 0}, NO_ERRORS]),
            scenario("interval ConVar and a second finale_start do not double the timer",
                     [FOUR, set_convar("l4d2_finale_status_interval", 10), event("finale_start", rushes=0, campaign="c1"),
                      event("finale_start", rushes=0, campaign="c1"), advance(10.5)],
                     [chat("4 survivor(s) standing after 10 seconds."), no_chat("after 20 seconds"), {"pending_timers": 1}]),
            scenario("round_start stops a running report",
                     [FOUR, event("finale_start", rushes=0, campaign="c1"), advance(5.0), event("round_start"), advance(60.0)],
                     [no_chat("standing after"), {"pending_timers": 0}])]
    out.append(Task(
        id="l4d2-eval-finale_start-scaffold-status_timer", family="scaffold", theme="finale_start",
        title="Periodic survivor status reports during the finale",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin that reports survivor status during a finale.

- On `finale_start` print `[Finale] The finale has started! Hold out until the rescue arrives.` and, unless a report timer is already running, start a repeating timer (`TIMER_REPEAT`) every `l4d2_finale_status_interval` seconds (ConVar, default "30", minimum 5).
- Each tick adds the interval to an elapsed-seconds counter and prints `[Finale] <n> survivor(s) standing after <elapsed> seconds.` where `<n>` counts in-game, living survivors (team 2).
- On `finale_vehicle_leaving` (field `survivorcount`) stop the timer and print `[Finale] <survivorcount> survivor(s) escaped after <elapsed> seconds!`.
- `round_start` also stops a running timer. Keep the timer handle so it can be killed, and clear it when it is stopped.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "the timer is not repeating, so only the first report appears",
                   mutate(ref, ("Timer_Status, _, TIMER_REPEAT | TIMER_FLAG_NO_MAPCHANGE);", "Timer_Status, _, TIMER_FLAG_NO_MAPCHANGE);"))),
            Broken("behaviour", "the rescue does not stop the reports",
                   mutate(ref, ("    StopStatus();\n    PrintToChatAll(\"[Finale] %d survivor(s) escaped", "    PrintToChatAll(\"[Finale] %d survivor(s) escaped"))),
            Broken("behaviour", "every finale_start starts another timer (no running check), doubling the reports",
                   mutate(ref, ("    if (g_hStatusTimer == null)\n    {\n        g_iElapsed = 0;\n        g_hStatusTimer",
                                "    {\n        g_iElapsed = 0;\n        g_hStatusTimer"))),
            Broken("compile", "KillTimer called without the timer handle",
                   mutate(ref, ("        KillTimer(g_hStatusTimer);", "        KillTimer();"))),
        ],
        checks=checks(natives=["CreateTimer", "KillTimer", "ConVar.FloatValue.get", "Event.GetInt"],
                      events=["finale_start", "finale_vehicle_leaving", "round_start"],
                      convars=["l4d2_finale_status_interval"], scenarios=scen),
        tags=["timer", "events", "convar"],
    ))

    # ---------------------------------------------------------------- repair: stale timer handle
    good = plugin("Finale Wave Clock", "Counts finale time for each finale of the session", r'''
Handle g_hClock;
int g_iSeconds;
int g_iFinales;
bool g_bEscaping;

public void OnPluginStart()
{
    HookEvent("finale_start", Event_FinaleStart);
    HookEvent("finale_vehicle_leaving", Event_Leaving);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    g_bEscaping = false;
}

public void Event_FinaleStart(Event event, const char[] name, bool dontBroadcast)
{
    if (g_hClock != null)
    {
        return;
    }
    g_iFinales++;
    g_iSeconds = 0;
    g_hClock = CreateTimer(10.0, Timer_Clock, _, TIMER_REPEAT);
}

public void Event_Leaving(Event event, const char[] name, bool dontBroadcast)
{
    g_bEscaping = true;
}

public Action Timer_Clock(Handle timer)
{
    if (g_bEscaping)
    {
        g_hClock = null;
        return Plugin_Stop;
    }
    g_iSeconds += 10;
    PrintToChatAll("[Finale] %d seconds survived (finale #%d)", g_iSeconds, g_iFinales);
    return Plugin_Continue;
}
''')
    bad = mutate(good, ("    if (g_bEscaping)\n    {\n        g_hClock = null;\n        return Plugin_Stop;\n    }",
                        "    if (g_bEscaping)\n    {\n        return Plugin_Stop;\n    }"))
    scen = [scenario("the clock works again in the next round's finale",
                     [FOUR, event("finale_start", rushes=0, campaign="c1"), advance(10.5),
                      event("finale_vehicle_leaving", survivorcount=4), advance(10.0), event("round_start"),
                      event("finale_start", rushes=0, campaign="c1"), advance(20.5)],
                     [chat("[Finale] 10 seconds survived (finale #1)"), chat("[Finale] 20 seconds survived (finale #2)"),
                      {"pending_timers": 1}, NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-finale_start-repair-stale_handle", family="repair", theme="finale_start",
        title="Fix the finale clock that only works in the first finale",
        prompt=f"""This plugin prints `[Finale] <n> seconds survived (finale #<k>)` every 10 seconds during a finale and stops when the rescue vehicle leaves. The first finale of a session works. After the survivors escape, the next finale (after `round_start`) prints nothing at all, and neither does any later one. No errors are logged.

{code_block(bad)}

Fix it. {ANSWER}""",
        reference=good,
        broken=[
            Broken("behaviour", "the unrepaired plugin: the handle of the stopped timer is never cleared", bad),
            Broken("behaviour", "drops the escape check from the timer, so the clock never stops and the next finale cannot start its own",
                   mutate(good, ("    if (g_bEscaping)\n    {\n        g_hClock = null;\n        return Plugin_Stop;\n    }\n", ""))),
            Broken("compile", "assigns null to an int counter",
                   mutate(good, ("        g_hClock = null;\n        return Plugin_Stop;", "        g_hClock = null;\n        g_iSeconds = null;\n        return Plugin_Stop;"))),
        ],
        checks=checks(natives=["CreateTimer"], events=["finale_start", "finale_vehicle_leaving", "round_start"], scenarios=scen),
        tags=["timer", "state"],
    ))

    # ---------------------------------------------------------------- refactor: legacy finale rush counter
    legacy = legacy_plugin("Finale Rush Counter", "Counts finale horde rushes", r'''
new g_iRushes;
new Handle:g_hVerbose;

public OnPluginStart()
{
    g_hVerbose = CreateConVar("l4d2_rush_verbose", "1", "Announce every rush");
    HookEvent("finale_start", Event_FinaleStart);
    HookEvent("finale_rush", Event_FinaleRush, EventHookMode_PostNoCopy);
    HookEvent("finale_win", Event_FinaleWin);
    RegConsoleCmd("sm_rushes", Command_Rushes);
}

public Event_FinaleStart(Handle:event, const String:name[], bool:dontBroadcast)
{
    g_iRushes = 0;
    decl String:campaign[64];
    GetEventString(event, "campaign", campaign, sizeof(campaign));
    PrintToChatAll("[Finale] Finale of %s started", campaign);
}

public Event_FinaleRush(Handle:event, const String:name[], bool:dontBroadcast)
{
    g_iRushes++;
    if (GetConVarBool(g_hVerbose))
    {
        PrintToChatAll("[Finale] Horde rush #%d!", g_iRushes);
    }
}

public Event_FinaleWin(Handle:event, const String:name[], bool:dontBroadcast)
{
    new difficulty = GetEventInt(event, "difficulty");
    PrintToChatAll("[Finale] Won after %d rush(es) on difficulty %d", g_iRushes, difficulty);
}

public Action:Command_Rushes(client, args)
{
    ReplyToCommand(client, "[Finale] Rushes so far: %d", g_iRushes);
    return Plugin_Handled;
}
''')
    ref = plugin("Finale Rush Counter", "Counts finale horde rushes", r'''
int g_iRushes;
ConVar g_hVerbose;

public void OnPluginStart()
{
    g_hVerbose = CreateConVar("l4d2_rush_verbose", "1", "Announce every rush");
    HookEvent("finale_start", Event_FinaleStart);
    HookEvent("finale_rush", Event_FinaleRush, EventHookMode_PostNoCopy);
    HookEvent("finale_win", Event_FinaleWin);
    RegConsoleCmd("sm_rushes", Command_Rushes);
}

public void Event_FinaleStart(Event event, const char[] name, bool dontBroadcast)
{
    g_iRushes = 0;
    char campaign[64];
    event.GetString("campaign", campaign, sizeof(campaign));
    PrintToChatAll("[Finale] Finale of %s started", campaign);
}

public void Event_FinaleRush(Event event, const char[] name, bool dontBroadcast)
{
    g_iRushes++;
    if (g_hVerbose.BoolValue)
    {
        PrintToChatAll("[Finale] Horde rush #%d!", g_iRushes);
    }
}

public void Event_FinaleWin(Event event, const char[] name, bool dontBroadcast)
{
    int difficulty = event.GetInt("difficulty");
    PrintToChatAll("[Finale] Won after %d rush(es) on difficulty %d", g_iRushes, difficulty);
}

public Action Command_Rushes(int client, int args)
{
    ReplyToCommand(client, "[Finale] Rushes so far: %d", g_iRushes);
    return Plugin_Handled;
}
''')
    scen = [scenario("rushes are counted from finale_start to finale_win",
                     [FOUR, event("finale_start", rushes=0, campaign="Dead Center"), event("finale_rush"), event("finale_rush"),
                      command(2, "sm_rushes"), event("finale_win", map_name="c1m4_atrium", difficulty=2)],
                     [chat("[Finale] Finale of Dead Center started"), chat("[Finale] Horde rush #2!"), reply("Rushes so far: 2"),
                      chat("[Finale] Won after 2 rush(es) on difficulty 2"), NO_ERRORS]),
            scenario("quiet mode and reset on a new finale",
                     [FOUR, set_convar("l4d2_rush_verbose", 0), event("finale_rush"),
                      event("finale_start", rushes=0, campaign="Dark Carnival"), command(1, "sm_rushes")],
                     [no_chat("Horde rush"), reply("Rushes so far: 0")])]
    out.append(Task(
        id="l4d2-eval-finale_start-refactor-rush_counter", family="refactor", theme="finale_start",
        title="Port the finale rush counter to new-style syntax",
        prompt=f"""Port this legacy plugin to new-style SourcePawn (`#pragma newdecls required`): typed globals, `ConVar`, `Event` methods (`GetString`, `GetInt`) instead of `GetEventString`/`GetEventInt`, `char` instead of `decl String:`, typed callbacks. The output must stay the same.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "unchanged legacy natives", legacy),
            Broken("behaviour", "no longer resets the rush counter at finale_start",
                   mutate(ref, ("    g_iRushes = 0;\n    char campaign[64];", "    char campaign[64];"))),
            Broken("compile", "reads a field from the PostNoCopy rush event through an undeclared variable",
                   mutate(ref, ("    g_iRushes++;\n    if (g_hVerbose.BoolValue)", "    g_iRushes += rushes;\n    if (g_hVerbose.BoolValue)"))),
        ],
        checks=checks(natives=["Event.GetString", "Event.GetInt", "ConVar.BoolValue.get"],
                      forbid_natives=["GetEventString", "GetEventInt", "GetConVarBool"],
                      events=["finale_start", "finale_rush", "finale_win"], commands=["sm_rushes"],
                      convars=["l4d2_rush_verbose"], scenarios=scen),
        tags=["legacy-syntax", "methodmaps"],
    ))

    # ---------------------------------------------------------------- doc: FindConVar game mode
    ref = plugin("Finale Mode Notice", "Names the game mode when a finale starts", r'''
ConVar g_cvGameMode;

public void OnPluginStart()
{
    g_cvGameMode = FindConVar("mp_gamemode");
    HookEvent("finale_start", Event_FinaleStart);
}

public void Event_FinaleStart(Event event, const char[] name, bool dontBroadcast)
{
    char mode[32];
    if (g_cvGameMode != null)
    {
        g_cvGameMode.GetString(mode, sizeof(mode));
    }
    else
    {
        strcopy(mode, sizeof(mode), "unknown");
    }
    if (StrEqual(mode, "versus", false))
    {
        PrintToChatAll("[Finale] Versus finale: survive for points!");
    }
    else
    {
        PrintToChatAll("[Finale] Finale started (%s mode).", mode);
    }
}
''')
    scen = [scenario("coop by default",
                     [FOUR, event("finale_start", rushes=0, campaign="c1")],
                     [chat("[Finale] Finale started (coop mode)."), NO_ERRORS]),
            scenario("versus is recognised case-insensitively",
                     [FOUR, set_convar("mp_gamemode", "Versus"), event("finale_start", rushes=0, campaign="c1")],
                     [chat("[Finale] Versus finale: survive for points!"), NO_ERRORS]),
            scenario("other modes are named",
                     [FOUR, set_convar("mp_gamemode", "realism"), event("finale_start", rushes=0, campaign="c1")],
                     [chat("Finale started (realism mode).")])]
    out.append(Task(
        id="l4d2-eval-finale_start-doc-findconvar", family="doc", theme="finale_start",
        title="Read the game's mp_gamemode with FindConVar",
        prompt=f"""Use these SourceMod APIs as documented (convars.inc):

- `native ConVar FindConVar(const char[] name);` — "Searches for a console variable." Returns a ConVar handle, or null if it was not found. Game cvars (not created by your plugin) are found this way.
- `public native void GetString(char[] value, int maxlength);` on `ConVar` — "Retrieves the string value of a console variable."
- `stock bool StrEqual(const char[] str1, const char[] str2, bool caseSensitive=true)`.

Task: find the L4D2 cvar `mp_gamemode` once in `OnPluginStart`. On `finale_start`, read its current value: for `versus` (any letter case) print to all `[Finale] Versus finale: survive for points!`, otherwise `[Finale] Finale started (<mode> mode).`

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "compares case-sensitively, so `Versus` is not recognised",
                   mutate(ref, ('if (StrEqual(mode, "versus", false))', 'if (StrEqual(mode, "versus"))'))),
            Broken("static", "creates its own ConVar instead of finding the game's mp_gamemode (FindConVar never called)",
                   mutate(ref, ('    g_cvGameMode = FindConVar("mp_gamemode");', '    g_cvGameMode = CreateConVar("l4d2_finale_gamemode", "coop", "Game mode");'))),
            Broken("compile", "GetString called as a function returning the value",
                   mutate(ref, ("        g_cvGameMode.GetString(mode, sizeof(mode));", "        mode = g_cvGameMode.GetString();"))),
        ],
        checks=checks(natives=["FindConVar", "ConVar.GetString"], events=["finale_start"], scenarios=scen),
        api=["FindConVar", "ConVar.GetString"],
        tags=["convar", "events"],
    ))
    return out


def rescue_vehicle() -> list[Task]:
    out = []
    # ---------------------------------------------------------------- scaffold: vehicle ready + escapees
    ref = plugin("Rescue Announcer", "Announces the rescue vehicle and who escaped", r'''
public void OnPluginStart()
{
    HookEvent("finale_vehicle_ready", Event_VehicleReady);
    HookEvent("finale_vehicle_leaving", Event_VehicleLeaving);
}

public void Event_VehicleReady(Event event, const char[] name, bool dontBroadcast)
{
    PrintToChatAll("[Rescue] The rescue vehicle is here! Everybody in!");
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 2 && IsPlayerAlive(i) && !IsFakeClient(i))
        {
            PrintHintText(i, "Get to the rescue vehicle!");
        }
    }
}

public void Event_VehicleLeaving(Event event, const char[] name, bool dontBroadcast)
{
    int count = event.GetInt("survivorcount");
    PrintToChatAll("[Rescue] %d survivor(s) made it out:", count);
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 2 && IsPlayerAlive(i))
        {
            PrintToChatAll("[Rescue] - %N (%d HP)", i, GetClientHealth(i));
        }
    }
}
''')
    scen = [scenario("vehicle ready and the list of escaped survivors",
                     [client(1, "Nick", 2, health=55), client(2, "Ellis", 2, alive=False), client(3, "Rochelle", 2, health=12),
                      client(4, "Coach", 2, bot=True), client(5, "Tank", 3, bot=True, zombie_class=8),
                      event("finale_vehicle_ready", campaign="c1"), event("finale_vehicle_leaving", survivorcount=3)],
                     [chat("[Rescue] The rescue vehicle is here! Everybody in!"), hint("Get to the rescue vehicle!"),
                      chat("[Rescue] 3 survivor(s) made it out:"), chat("[Rescue] - Nick (55 HP)"), chat("[Rescue] - Rochelle (12 HP)"),
                      chat("[Rescue] - Coach (100 HP)"), no_chat("- Ellis"), no_chat("- Tank"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-rescue_vehicle-scaffold-announcer", family="scaffold", theme="rescue_vehicle",
        title="Announce the rescue vehicle and list the survivors who escaped",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin for the end of a finale.

- On `finale_vehicle_ready` print to all `[Rescue] The rescue vehicle is here! Everybody in!` and show every living human survivor (team 2, not a bot) the hint `Get to the rescue vehicle!`.
- On `finale_vehicle_leaving` (field `survivorcount`) print `[Rescue] <survivorcount> survivor(s) made it out:` followed by one line per living survivor (team 2, bots included): `[Rescue] - <name> (<health> HP)`. Dead survivors and infected are not listed.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "lists dead survivors too",
                   mutate(ref, ("        if (IsClientInGame(i) && GetClientTeam(i) == 2 && IsPlayerAlive(i))\n        {\n            PrintToChatAll(\"[Rescue] - %N",
                                "        if (IsClientInGame(i) && GetClientTeam(i) == 2)\n        {\n            PrintToChatAll(\"[Rescue] - %N"))),
            Broken("behaviour", "lists infected players (team check != 1 instead of == 2)",
                   mutate(ref, ("        if (IsClientInGame(i) && GetClientTeam(i) == 2 && IsPlayerAlive(i))\n        {\n            PrintToChatAll(\"[Rescue] - %N",
                                "        if (IsClientInGame(i) && GetClientTeam(i) != 1 && IsPlayerAlive(i))\n        {\n            PrintToChatAll(\"[Rescue] - %N"))),
            Broken("static", "hooks finale_vehicle_arrived, which L4D2 does not have",
                   mutate(ref, ('HookEvent("finale_vehicle_ready", Event_VehicleReady);', 'HookEvent("finale_vehicle_arrived", Event_VehicleReady);'))),
            Broken("compile", "loop variable used outside its scope",
                   mutate(ref, ('    PrintToChatAll("[Rescue] %d survivor(s) made it out:", count);', '    PrintToChatAll("[Rescue] %d survivor(s) made it out:", count + i);'))),
        ],
        checks=checks(natives=["Event.GetInt", "PrintHintText", "GetClientHealth", "IsPlayerAlive"],
                      events=["finale_vehicle_ready", "finale_vehicle_leaving"], scenarios=scen),
        tags=["events", "team-filter"],
    ))

    # ---------------------------------------------------------------- repair: countdown below zero
    good = plugin("Rescue Countdown", "Counts down until the rescue vehicle leaves", r'''
ConVar g_cvSeconds;
int g_iLeft;

public void OnPluginStart()
{
    g_cvSeconds = CreateConVar("l4d2_rescue_countdown", "10", "Seconds counted down after the vehicle arrives", FCVAR_NOTIFY, true, 1.0);
    HookEvent("finale_vehicle_ready", Event_VehicleReady, EventHookMode_PostNoCopy);
}

public void Event_VehicleReady(Event event, const char[] name, bool dontBroadcast)
{
    g_iLeft = g_cvSeconds.IntValue;
    CreateTimer(1.0, Timer_Countdown, _, TIMER_REPEAT | TIMER_FLAG_NO_MAPCHANGE);
}

public Action Timer_Countdown(Handle timer)
{
    g_iLeft--;
    if (g_iLeft <= 0)
    {
        PrintToChatAll("[Rescue] The vehicle is leaving NOW!");
        return Plugin_Stop;
    }
    PrintToChatAll("[Rescue] Vehicle leaves in %d s", g_iLeft);
    return Plugin_Continue;
}
''')
    bad = mutate(good, ("    g_iLeft--;\n    if (g_iLeft <= 0)\n    {\n        PrintToChatAll(\"[Rescue] The vehicle is leaving NOW!\");\n        return Plugin_Stop;\n    }\n",
                        "    g_iLeft--;\n    if (g_iLeft == 0)\n    {\n        PrintToChatAll(\"[Rescue] The vehicle is leaving NOW!\");\n    }\n"))
    scen = [scenario("counts 4..1, announces departure, then stops",
                     [FOUR, set_convar("l4d2_rescue_countdown", 5), event("finale_vehicle_ready", campaign="c1"), advance(8.0)],
                     [chat("[Rescue] Vehicle leaves in 4 s"), chat("[Rescue] Vehicle leaves in 1 s"),
                      chat("[Rescue] The vehicle is leaving NOW!"), no_chat("in 0 s"), no_chat("in -1 s"),
                      {"pending_timers": 0}, NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-rescue_vehicle-repair-countdown", family="repair", theme="rescue_vehicle",
        title="Fix the rescue countdown that runs into negative numbers",
        prompt=f"""After `finale_vehicle_ready` this plugin should count down once per second (`[Rescue] Vehicle leaves in <n> s`), print `[Rescue] The vehicle is leaving NOW!` when it reaches zero, and stop. On the server the departure line appears, but then the countdown goes on: `Vehicle leaves in -1 s`, `-2 s`, and so on until the map changes.

{code_block(bad)}

Fix it. {ANSWER}""",
        reference=good,
        broken=[
            Broken("behaviour", "the unrepaired plugin: the repeating timer never returns Plugin_Stop", bad),
            Broken("behaviour", "stops one tick too early: the departure line is printed at 1",
                   mutate(good, ("    if (g_iLeft <= 0)", "    if (g_iLeft <= 1)"))),
            Broken("compile", "returns a misspelled Action value (Plugin_Stopped)",
                   mutate(good, ("        PrintToChatAll(\"[Rescue] The vehicle is leaving NOW!\");\n        return Plugin_Stop;",
                                 "        PrintToChatAll(\"[Rescue] The vehicle is leaving NOW!\");\n        return Plugin_Stopped;"))),
        ],
        checks=checks(natives=["CreateTimer", "ConVar.IntValue.get"], events=["finale_vehicle_ready"],
                      convars=["l4d2_rescue_countdown"], scenarios=scen),
        tags=["timer", "off-by-one"],
    ))

    # ---------------------------------------------------------------- refactor: legacy escape stats
    legacy = legacy_plugin("Escape Stats", "Keeps count of escapes and wipes", r'''
new g_iEscapes;
new g_iWipes;

public OnPluginStart()
{
    HookEvent("finale_vehicle_leaving", Event_Leaving);
    HookEvent("mission_lost", Event_MissionLost, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_escapes", Command_Escapes);
}

public Event_Leaving(Handle:event, const String:name[], bool:dontBroadcast)
{
    new count = GetEventInt(event, "survivorcount");
    if (count > 0)
    {
        g_iEscapes++;
        PrintToChatAll("[Escape] Escape #%d with %d survivor(s)!", g_iEscapes, count);
    }
}

public Event_MissionLost(Handle:event, const String:name[], bool:dontBroadcast)
{
    g_iWipes++;
}

public Action:Command_Escapes(client, args)
{
    new total = g_iEscapes + g_iWipes;
    new Float:rate = total > 0 ? float(g_iEscapes) * 100.0 / float(total) : 0.0;
    ReplyToCommand(client, "[Escape] %d escape(s), %d wipe(s), %.0f%% success", g_iEscapes, g_iWipes, rate);
    return Plugin_Handled;
}
''')
    ref = plugin("Escape Stats", "Keeps count of escapes and wipes", r'''
int g_iEscapes;
int g_iWipes;

public void OnPluginStart()
{
    HookEvent("finale_vehicle_leaving", Event_Leaving);
    HookEvent("mission_lost", Event_MissionLost, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_escapes", Command_Escapes);
}

public void Event_Leaving(Event event, const char[] name, bool dontBroadcast)
{
    int count = event.GetInt("survivorcount");
    if (count > 0)
    {
        g_iEscapes++;
        PrintToChatAll("[Escape] Escape #%d with %d survivor(s)!", g_iEscapes, count);
    }
}

public void Event_MissionLost(Event event, const char[] name, bool dontBroadcast)
{
    g_iWipes++;
}

public Action Command_Escapes(int client, int args)
{
    int total = g_iEscapes + g_iWipes;
    float rate = total > 0 ? float(g_iEscapes) * 100.0 / float(total) : 0.0;
    ReplyToCommand(client, "[Escape] %d escape(s), %d wipe(s), %.0f%% success", g_iEscapes, g_iWipes, rate);
    return Plugin_Handled;
}
''')
    scen = [scenario("escapes and wipes give the success rate",
                     [FOUR, event("finale_vehicle_leaving", survivorcount=2), event("mission_lost"), event("mission_lost"),
                      event("finale_vehicle_leaving", survivorcount=4), event("finale_vehicle_leaving", survivorcount=0),
                      command(1, "sm_escapes")],
                     [chat("[Escape] Escape #2 with 4 survivor(s)!"), reply("[Escape] 2 escape(s), 2 wipe(s), 50% success"),
                      NO_ERRORS]),
            scenario("no games yet", [FOUR, command(1, "sm_escapes")], [reply("0 escape(s), 0 wipe(s), 0% success")])]
    out.append(Task(
        id="l4d2-eval-rescue_vehicle-refactor-escape_stats", family="refactor", theme="rescue_vehicle",
        title="Port the escape statistics plugin to new-style syntax",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`): `int`/`float` instead of untyped and `Float:` declarations, `Event` + `event.GetInt` instead of `GetEventInt`, typed `public void`/`public Action` callbacks. The output, including the percentage, must not change.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "GetEventInt still used", legacy),
            Broken("behaviour", "integer division in the rewrite: 2*100/4 is fine but the rate is computed as escapes/total*100 = 0",
                   mutate(ref, ("    float rate = total > 0 ? float(g_iEscapes) * 100.0 / float(total) : 0.0;",
                                "    float rate = total > 0 ? float(g_iEscapes / total * 100) : 0.0;"))),
            Broken("compile", "uses C-style casts `(float)x`, which SourcePawn does not have",
                   mutate(ref, ("    float rate = total > 0 ? float(g_iEscapes) * 100.0 / float(total) : 0.0;",
                                "    float rate = total > 0 ? (float)g_iEscapes * 100.0 / (float)total : 0.0;"))),
        ],
        checks=checks(natives=["Event.GetInt", "ReplyToCommand"], forbid_natives=["GetEventInt"],
                      events=["finale_vehicle_leaving", "mission_lost"], commands=["sm_escapes"], scenarios=scen),
        tags=["legacy-syntax", "floats"],
    ))

    # ---------------------------------------------------------------- doc: StrCat name list
    ref = plugin("Escapee List", "Prints the names of everyone who escaped in one line", r'''
public void OnPluginStart()
{
    HookEvent("finale_vehicle_leaving", Event_Leaving);
}

public void Event_Leaving(Event event, const char[] name, bool dontBroadcast)
{
    char list[256];
    char playerName[MAX_NAME_LENGTH];
    int count = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (!IsClientInGame(i) || GetClientTeam(i) != 2 || !IsPlayerAlive(i))
        {
            continue;
        }
        GetClientName(i, playerName, sizeof(playerName));
        if (count > 0)
        {
            StrCat(list, sizeof(list), ", ");
        }
        StrCat(list, sizeof(list), playerName);
        count++;
    }
    if (count == 0)
    {
        PrintToChatAll("[Rescue] Nobody escaped.");
        return;
    }
    PrintToChatAll("[Rescue] Escaped: %s", list);
}
''')
    scen = [scenario("names joined with commas, in client order",
                     [client(1, "Nick", 2), client(2, "Ellis", 2, alive=False), client(3, "Rochelle", 2), client(4, "Coach", 2),
                      client(5, "Witchy", 3, zombie_class=3), event("finale_vehicle_leaving", survivorcount=3)],
                     [chat("[Rescue] Escaped: Nick, Rochelle, Coach"), no_chat("Coach,"), NO_ERRORS]),
            scenario("nobody alive", [client(1, "Nick", 2, alive=False), event("finale_vehicle_leaving", survivorcount=0)],
                     [chat("[Rescue] Nobody escaped.")])]
    out.append(Task(
        id="l4d2-eval-rescue_vehicle-doc-strcat", family="doc", theme="rescue_vehicle",
        title="Build a name list with StrCat",
        prompt=f"""Use these SourceMod string functions as documented (string.inc / clients.inc):

- `stock int StrCat(char[] buffer, int maxlength, const char[] source)` — "Concatenates one string onto another." Returns the number of bytes written.
- `native bool GetClientName(int client, char[] name, int maxlen);`

Task: on `finale_vehicle_leaving`, build one line with the names of all living survivors (team 2) in client-index order, separated by `, `, and print `[Rescue] Escaped: <names>`. If nobody is alive print `[Rescue] Nobody escaped.`

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "puts the separator after every name, leaving a trailing comma",
                   mutate(ref, ("        if (count > 0)\n        {\n            StrCat(list, sizeof(list), \", \");\n        }\n        StrCat(list, sizeof(list), playerName);",
                                "        StrCat(list, sizeof(list), playerName);\n        StrCat(list, sizeof(list), \", \");"))),
            Broken("behaviour", "copies instead of appending (strcopy), so only the last name remains",
                   mutate(ref, ("        StrCat(list, sizeof(list), playerName);", "        strcopy(list, sizeof(list), playerName);"))),
            Broken("compile", "StrCat without the buffer size",
                   mutate(ref, ("        StrCat(list, sizeof(list), playerName);", "        StrCat(list, playerName);"))),
        ],
        checks=checks(natives=["GetClientName", "IsPlayerAlive"], events=["finale_vehicle_leaving"], scenarios=scen),
        api=["StrCat", "GetClientName"],
        tags=["strings"],
    ))
    return out


def gauntlet_run() -> list[Task]:
    out = []
    # ---------------------------------------------------------------- scaffold: gauntlet timer
    ref = plugin("Gauntlet Timer", "Times the gauntlet run from start to rescue", r'''
float g_fStart;
bool g_bRunning;

public void OnPluginStart()
{
    HookEvent("gauntlet_finale_start", Event_GauntletStart, EventHookMode_PostNoCopy);
    HookEvent("finale_vehicle_leaving", Event_VehicleLeaving, EventHookMode_PostNoCopy);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_gauntlet", Cmd_Gauntlet, "Shows the running gauntlet time");
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    g_bRunning = false;
}

public void Event_GauntletStart(Event event, const char[] name, bool dontBroadcast)
{
    g_fStart = GetGameTime();
    g_bRunning = true;
    PrintToChatAll("[Gauntlet] RUN! The gauntlet has begun.");
}

public void Event_VehicleLeaving(Event event, const char[] name, bool dontBroadcast)
{
    if (!g_bRunning)
    {
        return;
    }
    g_bRunning = false;
    PrintToChatAll("[Gauntlet] Completed in %.1f seconds!", GetGameTime() - g_fStart);
}

public Action Cmd_Gauntlet(int client, int args)
{
    if (!g_bRunning)
    {
        ReplyToCommand(client, "[Gauntlet] No gauntlet is running.");
    }
    else
    {
        ReplyToCommand(client, "[Gauntlet] Running for %.0f seconds.", GetGameTime() - g_fStart);
    }
    return Plugin_Handled;
}
''')
    scen = [scenario("times the run and reports it",
                     [FOUR, advance(5.0), command(1, "sm_gauntlet"), event("gauntlet_finale_start"), advance(42.0),
                      command(2, "sm_gauntlet"), advance(30.5), event("finale_vehicle_leaving", survivorcount=4),
                      command(3, "sm_gauntlet")],
                     [reply("[Gauntlet] No gauntlet is running."), chat("[Gauntlet] RUN! The gauntlet has begun."),
                      reply("[Gauntlet] Running for 42 seconds."), chat("[Gauntlet] Completed in 72.5 seconds!"), NO_ERRORS]),
            scenario("a vehicle leaving without a gauntlet prints nothing; round_start cancels",
                     [FOUR, event("finale_vehicle_leaving", survivorcount=4), event("gauntlet_finale_start"), advance(3.0),
                      event("round_start"), command(1, "sm_gauntlet")],
                     [no_chat("Completed in"), reply("No gauntlet is running.")])]
    out.append(Task(
        id="l4d2-eval-gauntlet_run-scaffold-timer", family="scaffold", theme="gauntlet_run",
        title="Time the gauntlet finale from start to rescue",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin that times gauntlet finales (bridge runs and the like).

- `gauntlet_finale_start` (no fields; hook it with `EventHookMode_PostNoCopy`): remember `GetGameTime()`, mark the run as active and print `[Gauntlet] RUN! The gauntlet has begun.`
- `finale_vehicle_leaving`: if a run is active, end it and print `[Gauntlet] Completed in <seconds, 1 decimal> seconds!`; otherwise print nothing.
- `round_start` cancels an active run.
- `sm_gauntlet` replies `[Gauntlet] Running for <seconds, no decimals> seconds.` during a run, otherwise `[Gauntlet] No gauntlet is running.`

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "prints a completion time even without a running gauntlet",
                   mutate(ref, ("    if (!g_bRunning)\n    {\n        return;\n    }\n    g_bRunning = false;", "    g_bRunning = false;"))),
            Broken("behaviour", "round_start does not cancel the run",
                   mutate(ref, ("    g_bRunning = false;\n}\n\npublic void Event_GauntletStart", "}\n\npublic void Event_GauntletStart"))),
            Broken("static", "hooks gauntlet_start, which is not an L4D2 event",
                   mutate(ref, ('HookEvent("gauntlet_finale_start", Event_GauntletStart, EventHookMode_PostNoCopy);',
                                'HookEvent("gauntlet_start", Event_GauntletStart, EventHookMode_PostNoCopy);'))),
            Broken("compile", "calls GetGameTime without parentheses (error 076)",
                   mutate(ref, ('PrintToChatAll("[Gauntlet] Completed in %.1f seconds!", GetGameTime() - g_fStart);',
                                'PrintToChatAll("[Gauntlet] Completed in %.1f seconds!", GetGameTime - g_fStart);'))),
        ],
        checks=checks(natives=["GetGameTime", "ReplyToCommand"],
                      events=["gauntlet_finale_start", "finale_vehicle_leaving", "round_start"], commands=["sm_gauntlet"],
                      scenarios=scen),
        tags=["events", "time", "command"],
    ))

    # ---------------------------------------------------------------- repair: loop from client 0
    good = plugin("Gauntlet Adrenaline", "Gives survivors temporary health when a gauntlet starts", r'''
ConVar g_cvBuffer;

public void OnPluginStart()
{
    g_cvBuffer = CreateConVar("l4d2_gauntlet_temp_health", "30", "Temporary health given at the gauntlet start", FCVAR_NOTIFY, true, 0.0, true, 100.0);
    HookEvent("gauntlet_finale_start", Event_GauntletStart, EventHookMode_PostNoCopy);
}

public void Event_GauntletStart(Event event, const char[] name, bool dontBroadcast)
{
    float amount = g_cvBuffer.FloatValue;
    int given = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (!IsClientInGame(i) || GetClientTeam(i) != 2 || !IsPlayerAlive(i))
        {
            continue;
        }
        SetEntPropFloat(i, Prop_Send, "m_healthBuffer", amount);
        SetEntPropFloat(i, Prop_Send, "m_healthBufferTime", GetGameTime());
        given++;
    }
    PrintToChatAll("[Gauntlet] %d survivor(s) got %.0f temporary health. RUN!", given, amount);
}
''')
    bad = mutate(good, ("    for (int i = 1; i <= MaxClients; i++)", "    for (int i = 0; i <= MaxClients; i++)"))
    scen = [scenario("every living survivor receives temporary health",
                     [FOUR[:3], client(4, "Coach", 2, alive=False), client(5, "Jockey", 3, zombie_class=5),
                      event("gauntlet_finale_start")],
                     [netprop(1, "m_healthBuffer", 30.0, 0.01), netprop(3, "m_healthBuffer", 30.0, 0.01),
                      netprop(5, "m_healthBuffer", 0.0, 0.01), chat("[Gauntlet] 3 survivor(s) got 30 temporary health. RUN!"),
                      NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-gauntlet_run-repair-client_zero", family="repair", theme="gauntlet_run",
        title="Fix the gauntlet temp-health bonus that errors and gives nothing",
        prompt=f"""When a gauntlet finale starts, this plugin should give every living survivor `l4d2_gauntlet_temp_health` temporary health and announce how many got it. Nobody gets anything and the announcement never appears; instead the error log shows `Exception reported: Client index 0 is invalid` each time a gauntlet starts.

{code_block(bad)}

Fix it. {ANSWER}""",
        reference=good,
        broken=[
            Broken("behaviour", "the unrepaired plugin: the loop starts at client 0", bad),
            Broken("behaviour", "starts at 1 but stops one short (< MaxClients), and gives infected the bonus too",
                   mutate(good, ("    for (int i = 1; i <= MaxClients; i++)", "    for (int i = 1; i < MaxClients; i++)"),
                          ("        if (!IsClientInGame(i) || GetClientTeam(i) != 2 || !IsPlayerAlive(i))", "        if (!IsClientInGame(i) || !IsPlayerAlive(i))"))),
            Broken("static", "writes the temporary health with the int accessor SetEntProp",
                   mutate(good, ('        SetEntPropFloat(i, Prop_Send, "m_healthBuffer", amount);', '        SetEntProp(i, Prop_Send, "m_healthBuffer", RoundToFloor(amount));'))),
        ],
        checks=checks(natives=["SetEntPropFloat", "IsClientInGame", "ConVar.FloatValue.get"], events=["gauntlet_finale_start"],
                      netprops=["m_healthBuffer"], convars=["l4d2_gauntlet_temp_health"], scenarios=scen),
        tags=["loops", "netprop"],
    ))

    # ---------------------------------------------------------------- refactor: legacy gauntlet hint timer
    legacy = legacy_plugin("Gauntlet Pacer", "Keeps survivors moving during a gauntlet", r'''
new Handle:g_hPaceTimer = INVALID_HANDLE;
new Handle:g_hInterval;
new g_iTicks;

public OnPluginStart()
{
    g_hInterval = CreateConVar("l4d2_gauntlet_pace", "15", "Seconds between pace reminders");
    HookEvent("gauntlet_finale_start", Event_Start, EventHookMode_PostNoCopy);
    HookEvent("finale_vehicle_leaving", Event_End, EventHookMode_PostNoCopy);
}

public Event_Start(Handle:event, const String:name[], bool:dontBroadcast)
{
    if (g_hPaceTimer != INVALID_HANDLE)
    {
        return;
    }
    g_iTicks = 0;
    g_hPaceTimer = CreateTimer(GetConVarFloat(g_hInterval), Timer_Pace, _, TIMER_REPEAT);
}

public Event_End(Handle:event, const String:name[], bool:dontBroadcast)
{
    if (g_hPaceTimer != INVALID_HANDLE)
    {
        KillTimer(g_hPaceTimer);
        g_hPaceTimer = INVALID_HANDLE;
    }
}

public Action:Timer_Pace(Handle:timer)
{
    g_iTicks++;
    PrintToChatAll("[Gauntlet] Keep moving! Reminder #%d", g_iTicks);
    return Plugin_Continue;
}
''')
    ref = plugin("Gauntlet Pacer", "Keeps survivors moving during a gauntlet", r'''
Handle g_hPaceTimer = null;
ConVar g_hInterval;
int g_iTicks;

public void OnPluginStart()
{
    g_hInterval = CreateConVar("l4d2_gauntlet_pace", "15", "Seconds between pace reminders");
    HookEvent("gauntlet_finale_start", Event_Start, EventHookMode_PostNoCopy);
    HookEvent("finale_vehicle_leaving", Event_End, EventHookMode_PostNoCopy);
}

public void Event_Start(Event event, const char[] name, bool dontBroadcast)
{
    if (g_hPaceTimer != null)
    {
        return;
    }
    g_iTicks = 0;
    g_hPaceTimer = CreateTimer(g_hInterval.FloatValue, Timer_Pace, _, TIMER_REPEAT);
}

public void Event_End(Event event, const char[] name, bool dontBroadcast)
{
    if (g_hPaceTimer != null)
    {
        KillTimer(g_hPaceTimer);
        g_hPaceTimer = null;
    }
}

public Action Timer_Pace(Handle timer)
{
    g_iTicks++;
    PrintToChatAll("[Gauntlet] Keep moving! Reminder #%d", g_iTicks);
    return Plugin_Continue;
}
''')
    scen = [scenario("reminders every interval until the vehicle leaves",
                     [FOUR, event("gauntlet_finale_start"), advance(31.0), event("finale_vehicle_leaving", survivorcount=4),
                      advance(30.0)],
                     [chat("[Gauntlet] Keep moving! Reminder #2"), no_chat("Reminder #3"), {"pending_timers": 0}, NO_ERRORS]),
            scenario("interval ConVar",
                     [FOUR, set_convar("l4d2_gauntlet_pace", 5), event("gauntlet_finale_start"), advance(16.0)],
                     [chat("Reminder #3"), no_chat("Reminder #4")])]
    out.append(Task(
        id="l4d2-eval-gauntlet_run-refactor-pacer", family="refactor", theme="gauntlet_run",
        title="Port the gauntlet pacer to new-style syntax",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`): `ConVar` + `.FloatValue` instead of `GetConVarFloat`, `null` instead of `INVALID_HANDLE`, typed globals and callbacks (`public Action Timer_Pace(Handle timer)`). The reminder timing and messages must not change.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "GetConVarFloat is still used", legacy),
            Broken("behaviour", "the rewrite forgot TIMER_REPEAT",
                   mutate(ref, ("CreateTimer(g_hInterval.FloatValue, Timer_Pace, _, TIMER_REPEAT);", "CreateTimer(g_hInterval.FloatValue, Timer_Pace);"))),
            Broken("compile", "calls CloseTimer, which does not exist (KillTimer or delete)",
                   mutate(ref, ("        KillTimer(g_hPaceTimer);", "        CloseTimer(g_hPaceTimer);"))),
        ],
        checks=checks(natives=["ConVar.FloatValue.get", "CreateTimer", "KillTimer"], forbid_natives=["GetConVarFloat"],
                      events=["gauntlet_finale_start", "finale_vehicle_leaving"], convars=["l4d2_gauntlet_pace"],
                      scenarios=scen),
        tags=["legacy-syntax", "timer"],
    ))

    # ---------------------------------------------------------------- doc: EventHookMode_PostNoCopy
    ref = plugin("Gauntlet Counter", "Counts gauntlet starts per map", r'''
int g_iGauntlets;

public void OnPluginStart()
{
    HookEvent("gauntlet_finale_start", Event_Gauntlet, EventHookMode_PostNoCopy);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    g_iGauntlets = 0;
}

public void Event_Gauntlet(Event event, const char[] name, bool dontBroadcast)
{
    g_iGauntlets++;
    PrintToChatAll("[Gauntlet] %s #%d - go go go!", name, g_iGauntlets);
}
''')
    scen = [scenario("counts starts using only the event name",
                     [FOUR, event("gauntlet_finale_start"), event("gauntlet_finale_start")],
                     [chat("[Gauntlet] gauntlet_finale_start #2 - go go go!"), NO_ERRORS]),
            scenario("round_start resets the count",
                     [FOUR, event("gauntlet_finale_start"), event("round_start"), event("gauntlet_finale_start")],
                     [{"chat_count": {"contains": "gauntlet_finale_start #1 - go go go!", "equals": 2}}, NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-gauntlet_run-doc-postnocopy", family="doc", theme="gauntlet_run",
        title="Hook field-less events with EventHookMode_PostNoCopy",
        prompt=f"""Use `HookEvent` as documented (events.inc):

`native void HookEvent(const char[] name, EventHook callback, EventHookMode mode=EventHookMode_Post);`
Modes: `EventHookMode_Pre` (before the event is fired), `EventHookMode_Post` (after, with a copy of the event), `EventHookMode_PostNoCopy` (after, "without a copy of the event": the callback's `event` handle is null, so no field may be read from it — only `name` is usable). PostNoCopy is the cheap choice for events whose fields you do not need.

Task: hook L4D2's `gauntlet_finale_start` and `round_start` with `EventHookMode_PostNoCopy`. Count gauntlet starts (reset on round_start) and on each start print `[Gauntlet] <event name> #<n> - go go go!`, taking the event name from the callback's `name` parameter.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "reads a field from the null event handle in a PostNoCopy hook (invalid handle error)",
                   mutate(ref, ("    g_iGauntlets++;\n    PrintToChatAll", "    g_iGauntlets += event.GetInt(\"count\", 1) > 0 ? 1 : 0;\n    PrintToChatAll"))),
            Broken("behaviour", "does not reset the counter on round_start",
                   mutate(ref, ("    g_iGauntlets = 0;\n", ""))),
            Broken("compile", "passes the mode as a string",
                   mutate(ref, ('HookEvent("gauntlet_finale_start", Event_Gauntlet, EventHookMode_PostNoCopy);',
                                'HookEvent("gauntlet_finale_start", Event_Gauntlet, "PostNoCopy");'))),
        ],
        checks=checks(natives=["HookEvent"], events=["gauntlet_finale_start", "round_start"], scenarios=scen),
        api=["HookEvent", "EventHookMode_PostNoCopy"],
        tags=["events"],
    ))
    return out


def null_client_check() -> list[Task]:
    out = []
    death = lambda victim, attacker, **kw: event("player_death", userid=uid(victim) if victim else 0,  # noqa: E731
                                                 attacker=uid(attacker) if attacker else 0, entityid=kw.get("entityid", 0),
                                                 attackername="", attackerentid=0, weapon=kw.get("weapon", "rifle"),
                                                 headshot=kw.get("headshot", False), attackerisbot=False, victimname="",
                                                 victimisbot=False, abort=False, type=0, victim_x=0.0, victim_y=0.0, victim_z=0.0)
    # ---------------------------------------------------------------- scaffold: death announcer with world kills
    ref = plugin("Survivor Death Feed", "Announces survivor deaths and their cause", r'''
int g_iDeaths;

public void OnPluginStart()
{
    HookEvent("player_death", Event_PlayerDeath);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_deaths", Cmd_Deaths, "Survivor deaths this round");
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    g_iDeaths = 0;
}

public void Event_PlayerDeath(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("userid"));
    if (victim == 0 || !IsClientInGame(victim) || GetClientTeam(victim) != 2)
    {
        return;
    }
    g_iDeaths++;
    int attacker = GetClientOfUserId(event.GetInt("attacker"));
    if (attacker > 0 && attacker != victim && IsClientInGame(attacker))
    {
        PrintToChatAll("[Death] %N was killed by %N.", victim, attacker);
    }
    else
    {
        PrintToChatAll("[Death] %N died.", victim);
    }
}

public Action Cmd_Deaths(int client, int args)
{
    ReplyToCommand(client, "[Death] Survivor deaths this round: %d", g_iDeaths);
    return Plugin_Handled;
}
''')
    scen = [scenario("player kills, world deaths and common-infected deaths",
                     [FOUR, infected(11, "Tank", "tank"), death(2, 11), death(3, 0), death(0, 1, entityid=150),
                      death(4, 4), death(11, 1), command(1, "sm_deaths")],
                     [chat("[Death] Ellis was killed by Tank."), chat("[Death] Rochelle died."), chat("[Death] Coach died."),
                      no_chat("Tank died"), reply("Survivor deaths this round: 3"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-null_client_check-scaffold-death_feed", family="scaffold", theme="null_client_check",
        title="Survivor death feed that copes with world and common-infected deaths",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin that announces survivor deaths.

- Hook `player_death`. `userid` is the victim's userid but is 0 when a common infected dies (those deaths also fire `player_death`); `attacker` is 0 for world damage (falls, fire, commons). Resolve both with `GetClientOfUserId` and never pass 0 to a client native: SourceMod throws `Client index 0 is invalid`.
- Only survivor victims (team 2) count. If the attacker is another in-game client (not the victim), print `[Death] <victim> was killed by <attacker>.`, otherwise `[Death] <victim> died.`
- Count survivor deaths per round (reset on `round_start`); `sm_deaths` replies `[Death] Survivor deaths this round: <n>`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "no victim check: a common infected death (userid 0) makes GetClientTeam(0) throw",
                   mutate(ref, ("if (victim == 0 || !IsClientInGame(victim) || GetClientTeam(victim) != 2)", "if (GetClientTeam(victim) != 2)"))),
            Broken("behaviour", "suicides are reported as 'killed by' themselves",
                   mutate(ref, ("if (attacker > 0 && attacker != victim && IsClientInGame(attacker))", "if (attacker > 0 && IsClientInGame(attacker))"))),
            Broken("behaviour", "counts infected deaths as survivor deaths",
                   mutate(ref, ("if (victim == 0 || !IsClientInGame(victim) || GetClientTeam(victim) != 2)", "if (victim == 0 || !IsClientInGame(victim))"))),
            Broken("compile", "the victim variable is declared twice",
                   mutate(ref, ("    g_iDeaths++;\n    int attacker", "    g_iDeaths++;\n    int victim = 0;\n    int attacker"))),
        ],
        checks=checks(natives=["GetClientOfUserId", "ReplyToCommand"],
                      events=["player_death", "round_start"], commands=["sm_deaths"], scenarios=scen),
        tags=["null-client", "events"],
    ))

    # ---------------------------------------------------------------- repair: IsFakeClient(0)
    good = plugin("Headshot Praise", "Praises human survivors for headshots on special infected", r'''
public void OnPluginStart()
{
    HookEvent("player_death", Event_PlayerDeath);
}

public void Event_PlayerDeath(Event event, const char[] name, bool dontBroadcast)
{
    if (!event.GetBool("headshot"))
    {
        return;
    }
    int attacker = GetClientOfUserId(event.GetInt("attacker"));
    int victim = GetClientOfUserId(event.GetInt("userid"));
    if (attacker == 0 || victim == 0 || IsFakeClient(attacker))
    {
        return;
    }
    if (GetClientTeam(attacker) == 2 && GetClientTeam(victim) == 3)
    {
        PrintToChat(attacker, "[Headshot] Nice shot on %N!", victim);
    }
}
''')
    bad = mutate(good, ("    if (attacker == 0 || victim == 0 || IsFakeClient(attacker))", "    if (IsFakeClient(attacker))"))
    scen = [scenario("headshots on specials are praised; world and common deaths are ignored without errors",
                     [FOUR, infected(5, "Hunter", "hunter"), death(5, 2, headshot=True), death(0, 3, entityid=150, headshot=True),
                      death(1, 0, headshot=True), death(5, 4, headshot=False)],
                     [chat_to(2, "[Headshot] Nice shot on Hunter!"), no_chat("Nice shot on Console"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-null_client_check-repair-fake_client_zero", family="repair", theme="null_client_check",
        title="Fix the headshot praise that floods the error log",
        prompt=f"""This plugin praises a human survivor who kills a special infected with a headshot. Praise works, but the error log fills with `Exception reported: Client index 0 is invalid` (from `Event_PlayerDeath`) whenever a common infected is headshotted or a survivor dies to world damage.

{code_block(bad)}

Fix it without changing what gets praised. {ANSWER}""",
        reference=good,
        broken=[
            Broken("behaviour", "the unrepaired plugin: IsFakeClient(0) throws", bad),
            Broken("behaviour", "checks the attacker but not the victim: a headshotted common (userid 0) still reaches GetClientTeam(0)",
                   mutate(good, ("    if (attacker == 0 || victim == 0 || IsFakeClient(attacker))", "    if (attacker == 0 || IsFakeClient(attacker))"))),
            Broken("compile", "compares the client with null (a Handle) instead of 0",
                   mutate(good, ("    if (attacker == 0 || victim == 0 || IsFakeClient(attacker))", "    if (attacker == null || victim == null || IsFakeClient(attacker))"))),
        ],
        checks=checks(natives=["IsFakeClient", "GetClientOfUserId", "Event.GetBool"], events=["player_death"], scenarios=scen),
        tags=["null-client"],
    ))

    # ---------------------------------------------------------------- refactor: legacy incap announcer with null checks
    legacy = legacy_plugin("Incap Announcer", "Announces who incapacitated a survivor", r'''
new Handle:g_hShowWeapon;

public OnPluginStart()
{
    g_hShowWeapon = CreateConVar("l4d2_incap_show_weapon", "1", "Show the weapon that incapacitated the survivor");
    HookEvent("player_incapacitated", Event_Incap);
}

public Event_Incap(Handle:event, const String:name[], bool:dontBroadcast)
{
    new victim = GetClientOfUserId(GetEventInt(event, "userid"));
    new attacker = GetClientOfUserId(GetEventInt(event, "attacker"));
    if (victim == 0 || !IsClientInGame(victim))
    {
        return;
    }
    decl String:weapon[32];
    GetEventString(event, "weapon", weapon, sizeof(weapon));
    if (attacker == 0 || !IsClientInGame(attacker))
    {
        PrintToChatAll("[Incap] %N is down!", victim);
    }
    else if (GetConVarBool(g_hShowWeapon))
    {
        PrintToChatAll("[Incap] %N was downed by %N (%s)", victim, attacker, weapon);
    }
    else
    {
        PrintToChatAll("[Incap] %N was downed by %N", victim, attacker);
    }
}
''')
    ref = plugin("Incap Announcer", "Announces who incapacitated a survivor", r'''
ConVar g_hShowWeapon;

public void OnPluginStart()
{
    g_hShowWeapon = CreateConVar("l4d2_incap_show_weapon", "1", "Show the weapon that incapacitated the survivor");
    HookEvent("player_incapacitated", Event_Incap);
}

public void Event_Incap(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("userid"));
    int attacker = GetClientOfUserId(event.GetInt("attacker"));
    if (victim == 0 || !IsClientInGame(victim))
    {
        return;
    }
    char weapon[32];
    event.GetString("weapon", weapon, sizeof(weapon));
    if (attacker == 0 || !IsClientInGame(attacker))
    {
        PrintToChatAll("[Incap] %N is down!", victim);
    }
    else if (g_hShowWeapon.BoolValue)
    {
        PrintToChatAll("[Incap] %N was downed by %N (%s)", victim, attacker, weapon);
    }
    else
    {
        PrintToChatAll("[Incap] %N was downed by %N", victim, attacker);
    }
}
''')
    incap = lambda v, a, w: event("player_incapacitated", userid=uid(v), attacker=uid(a) if a else 0, attackerentid=0,  # noqa: E731
                                  weapon=w, type=0)
    scen = [scenario("attacker named with the weapon; world incaps are just 'down'",
                     [FOUR, infected(11, "Tank", "tank"), incap(1, 11, "tank_claw"), incap(2, 0, "world")],
                     [chat("[Incap] Nick was downed by Tank (tank_claw)"), chat("[Incap] Ellis is down!"), NO_ERRORS]),
            scenario("weapon display switched off",
                     [FOUR, infected(11, "Tank", "tank"), set_convar("l4d2_incap_show_weapon", 0), incap(3, 11, "tank_rock")],
                     [chat("[Incap] Rochelle was downed by Tank"), no_chat("(tank_rock)")])]
    out.append(Task(
        id="l4d2-eval-null_client_check-refactor-incap_announcer", family="refactor", theme="null_client_check",
        title="Port the incap announcer to new-style syntax, keeping its null-client checks",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`): `ConVar`/`.BoolValue`, `Event` with `.GetInt`/`.GetString`, `char` buffers and typed callbacks. Keep the checks for a victim or attacker that is 0 or not in game exactly as they are, and all messages.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "legacy natives kept (GetEventInt, GetEventString, GetConVarBool)", legacy),
            Broken("behaviour", "the rewrite dropped the attacker check: world incaps print 'downed by Console (world)'",
                   mutate(ref, ("    if (attacker == 0 || !IsClientInGame(attacker))\n    {\n        PrintToChatAll(\"[Incap] %N is down!\", victim);\n    }\n    else if",
                                "    if"))),
            Broken("compile", "GetString with a missing buffer size argument",
                   mutate(ref, ('event.GetString("weapon", weapon, sizeof(weapon));', 'event.GetString("weapon", weapon);'))),
        ],
        checks=checks(natives=["Event.GetInt", "Event.GetString", "ConVar.BoolValue.get"],
                      forbid_natives=["GetEventInt", "GetEventString", "GetConVarBool"], events=["player_incapacitated"],
                      convars=["l4d2_incap_show_weapon"], scenarios=scen),
        tags=["legacy-syntax", "null-client"],
    ))

    # ---------------------------------------------------------------- doc: GetClientOfUserId from a command arg
    ref = plugin("Who Is", "Looks up a player by userid", r'''
public void OnPluginStart()
{
    RegConsoleCmd("sm_whois", Cmd_WhoIs, "sm_whois <userid> - shows who has that userid");
}

public Action Cmd_WhoIs(int client, int args)
{
    if (args < 1)
    {
        ReplyToCommand(client, "[WhoIs] Usage: sm_whois <userid>");
        return Plugin_Handled;
    }
    char arg[16];
    GetCmdArg(1, arg, sizeof(arg));
    int userid = StringToInt(arg);
    int target = GetClientOfUserId(userid);
    if (target == 0 || !IsClientInGame(target))
    {
        ReplyToCommand(client, "[WhoIs] No player has userid %d.", userid);
        return Plugin_Handled;
    }
    static const char teams[][] = {"Unassigned", "Spectator", "Survivor", "Infected"};
    int team = GetClientTeam(target);
    ReplyToCommand(client, "[WhoIs] #%d is %N (client %d, %s)", userid, target, target, team >= 0 && team <= 3 ? teams[team] : "?");
    return Plugin_Handled;
}
''')
    scen = [scenario("known and unknown userids",
                     [FOUR, infected(5, "Hunter", "hunter"), command(1, "sm_whois 105"), command(1, "sm_whois 999"),
                      command(2, "sm_whois"), command(0, "sm_whois 102")],
                     [reply("[WhoIs] #105 is Hunter (client 5, Infected)"), reply("[WhoIs] No player has userid 999."),
                      reply("Usage: sm_whois <userid>"), reply("[WhoIs] #102 is Ellis (client 2, Survivor)"), NO_ERRORS]),
            scenario("a player who left",
                     [FOUR, {"remove_client": 3}, command(1, "sm_whois 103")],
                     [reply("No player has userid 103."), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-null_client_check-doc-getclientofuserid", family="doc", theme="null_client_check",
        title="Validate GetClientOfUserId results for a userid typed by a player",
        prompt=f"""Use these SourceMod natives as documented:

- `native int GetClientOfUserId(int userid);` (clients.inc) — "Translates an userid index to the real player index. Returns the client index; 0 for invalid userids."
- `native int GetCmdArg(int argnum, char[] buffer, int maxlength);` (console.inc) and `native int StringToInt(const char[] str, int nBase=10);` (string.inc).
- Client natives such as `GetClientTeam` throw `Client index 0 is invalid` for 0, so check the result first.

Task: console command `sm_whois <userid>`. Without an argument reply `[WhoIs] Usage: sm_whois <userid>`. If no in-game player has that userid reply `[WhoIs] No player has userid <userid>.`; otherwise reply `[WhoIs] #<userid> is <name> (client <index>, <team>)` with team names Unassigned/Spectator/Survivor/Infected for teams 0-3.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "no check of GetClientOfUserId's result: an unknown userid makes GetClientTeam(0) throw",
                   mutate(ref, ("    if (target == 0 || !IsClientInGame(target))\n    {\n        ReplyToCommand(client, \"[WhoIs] No player has userid %d.\", userid);\n        return Plugin_Handled;\n    }\n", ""))),
            Broken("static", "treats the typed number as a client index instead of a userid (GetClientOfUserId never called)",
                   mutate(ref, ("    int target = GetClientOfUserId(userid);", "    int target = userid <= MaxClients ? userid : 0;"))),
            Broken("compile", "GetCmdArg without a buffer length",
                   mutate(ref, ("    GetCmdArg(1, arg, sizeof(arg));", "    GetCmdArg(1, arg);"))),
        ],
        checks=checks(natives=["GetClientOfUserId", "GetCmdArg", "StringToInt", "ReplyToCommand"], commands=["sm_whois"],
                      scenarios=scen),
        api=["GetClientOfUserId", "GetCmdArg"],
        tags=["null-client", "command"],
    ))
    return out


def entity_validation() -> list[Task]:
    out = []
    # ---------------------------------------------------------------- scaffold: sm_entinfo with validation
    ref = plugin("Entity Info", "Describes an entity by index, safely", r'''
public void OnPluginStart()
{
    RegAdminCmd("sm_entinfo", Cmd_EntInfo, ADMFLAG_GENERIC, "sm_entinfo <index> - describes an entity");
}

public Action Cmd_EntInfo(int client, int args)
{
    if (args < 1)
    {
        ReplyToCommand(client, "[Ent] Usage: sm_entinfo <index>");
        return Plugin_Handled;
    }
    char arg[16];
    GetCmdArg(1, arg, sizeof(arg));
    int entity = StringToInt(arg);
    if (entity < 0 || entity >= GetMaxEntities())
    {
        ReplyToCommand(client, "[Ent] %d is not a valid entity index.", entity);
        return Plugin_Handled;
    }
    if (!IsValidEntity(entity))
    {
        ReplyToCommand(client, "[Ent] Entity %d does not exist.", entity);
        return Plugin_Handled;
    }
    char classname[64];
    GetEntityClassname(entity, classname, sizeof(classname));
    if (entity >= 1 && entity <= MaxClients && IsClientInGame(entity))
    {
        ReplyToCommand(client, "[Ent] Entity %d: %s (%N, %d HP)", entity, classname, entity, GetClientHealth(entity));
    }
    else
    {
        ReplyToCommand(client, "[Ent] Entity %d: %s", entity, classname);
    }
    return Plugin_Handled;
}
''')
    admin = client(4, "Admin", 1, admin_flags="b")
    scen = [scenario("players, the world, missing and out-of-range entities",
                     [client(1, "Nick", 2, health=77), client(2, "Ellis", 2), admin, command(4, "sm_entinfo 1"),
                      command(4, "sm_entinfo 0"), command(4, "sm_entinfo 700"), command(4, "sm_entinfo 9000"),
                      command(4, "sm_entinfo -3"), command(4, "sm_entinfo")],
                     [reply("[Ent] Entity 1: player (Nick, 77 HP)"), reply("[Ent] Entity 0: worldspawn"),
                      reply("[Ent] Entity 700 does not exist."), reply("[Ent] 9000 is not a valid entity index."),
                      reply("[Ent] -3 is not a valid entity index."), reply("Usage: sm_entinfo <index>"), NO_ERRORS]),
            scenario("an empty player slot does not exist",
                     [client(1, "Nick", 2), admin, command(4, "sm_entinfo 9")],
                     [reply("[Ent] Entity 9 does not exist."), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-entity_validation-scaffold-entinfo", family="scaffold", theme="entity_validation",
        title="Describe an entity by index with full validation",
        prompt=f"""Write a SourceMod plugin (Left 4 Dead 2) with the admin command `sm_entinfo <index>` (flag `ADMFLAG_GENERIC`).

- Without an argument reply `[Ent] Usage: sm_entinfo <index>`.
- If the index is negative or not below `GetMaxEntities()`, reply `[Ent] <index> is not a valid entity index.`
- If `IsValidEntity` says the entity does not exist, reply `[Ent] Entity <index> does not exist.`
- Otherwise read its class name (`GetEntityClassname`). For an in-game player (1..MaxClients) reply `[Ent] Entity <index>: <classname> (<name>, <health> HP)`, for anything else `[Ent] Entity <index>: <classname>`.
Never call an entity or client native on an index you have not validated.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "no IsValidEntity check: GetEntityClassname on a missing entity throws",
                   mutate(ref, ("    if (!IsValidEntity(entity))\n    {\n        ReplyToCommand(client, \"[Ent] Entity %d does not exist.\", entity);\n        return Plugin_Handled;\n    }\n", ""))),
            Broken("behaviour", "no range check: a negative index reaches IsValidEntity as an entity reference and is reported as missing",
                   mutate(ref, ("    if (entity < 0 || entity >= GetMaxEntities())", "    if (entity >= GetMaxEntities())"))),
            Broken("static", "registered as a console command although it must be an admin command",
                   mutate(ref, ('RegAdminCmd("sm_entinfo", Cmd_EntInfo, ADMFLAG_GENERIC, "sm_entinfo <index> - describes an entity");',
                                'RegConsoleCmd("sm_entinfo", Cmd_EntInfo, "sm_entinfo <index> - describes an entity");'))),
            Broken("compile", "GetEntityClassname used as a function returning the name",
                   mutate(ref, ("    char classname[64];\n    GetEntityClassname(entity, classname, sizeof(classname));",
                                "    char classname[64];\n    classname = GetEntityClassname(entity);"))),
        ],
        checks=checks(natives=["GetEntPropString", "GetMaxEntities", "GetCmdArg"],
                      admin_commands=["sm_entinfo"], scenarios=scen),
        tags=["entities", "validation", "admin"],
    ))

    # ---------------------------------------------------------------- repair: client index from arg
    good = plugin("Health Check", "Admins can check a player's health by client index", r'''
public void OnPluginStart()
{
    RegAdminCmd("sm_hp", Cmd_Hp, ADMFLAG_GENERIC, "sm_hp <client index> - shows a player's health");
}

public Action Cmd_Hp(int client, int args)
{
    char arg[8];
    GetCmdArg(1, arg, sizeof(arg));
    int target = StringToInt(arg);
    if (target < 1 || target > MaxClients || !IsClientInGame(target))
    {
        ReplyToCommand(client, "[HP] No player in slot %d.", target);
        return Plugin_Handled;
    }
    ReplyToCommand(client, "[HP] %N has %d HP.", target, GetClientHealth(target));
    return Plugin_Handled;
}
''')
    bad = mutate(good, ("    if (target < 1 || target > MaxClients || !IsClientInGame(target))\n    {\n        ReplyToCommand(client, \"[HP] No player in slot %d.\", target);\n        return Plugin_Handled;\n    }\n", ""))
    admin = client(4, "Admin", 1, admin_flags="b")
    scen = [scenario("valid, empty and out-of-range slots",
                     [client(1, "Nick", 2, health=42), admin, command(4, "sm_hp 1"), command(4, "sm_hp 7"), command(4, "sm_hp 0"),
                      command(4, "sm_hp 99"), command(4, "sm_hp abc")],
                     [reply("[HP] Nick has 42 HP."), reply("[HP] No player in slot 7."), reply("[HP] No player in slot 0."),
                      reply("[HP] No player in slot 99."), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-entity_validation-repair-slot_index", family="repair", theme="entity_validation",
        title="Fix the admin health check that throws on empty slots",
        prompt=f"""`sm_hp <client index>` should reply `[HP] <name> has <hp> HP.` or `[HP] No player in slot <n>.` Admins report that `sm_hp 7` (an empty slot), `sm_hp 0`, `sm_hp 99` and `sm_hp abc` never answer, and the error log shows `Client 7 is not in game`, `Client index 0 is invalid` and `Client index 99 is invalid`.

{code_block(bad)}

Fix it. {ANSWER}""",
        reference=good,
        broken=[
            Broken("behaviour", "the unrepaired plugin: the typed index is never validated", bad),
            Broken("behaviour", "checks only the upper bound, so 0 and empty slots still throw",
                   mutate(good, ("    if (target < 1 || target > MaxClients || !IsClientInGame(target))", "    if (target > MaxClients)"))),
            Broken("compile", "the range check uses MAXCLIENTS, which is not defined",
                   mutate(good, ("    if (target < 1 || target > MaxClients || !IsClientInGame(target))", "    if (target < 1 || target > MAXCLIENTS || !IsClientInGame(target))"))),
        ],
        checks=checks(natives=["GetClientHealth", "GetCmdArg"], admin_commands=["sm_hp"], scenarios=scen),
        tags=["validation", "admin"],
    ))

    # ---------------------------------------------------------------- refactor: legacy classname counter
    legacy = legacy_plugin("Entity Census", "Counts entities by class name", r'''
public OnPluginStart()
{
    RegAdminCmd("sm_census", Command_Census, ADMFLAG_GENERIC, "sm_census <classname>");
}

public Action:Command_Census(client, args)
{
    if (args < 1)
    {
        ReplyToCommand(client, "[Census] Usage: sm_census <classname>");
        return Plugin_Handled;
    }
    decl String:wanted[64], String:classname[64];
    GetCmdArg(1, wanted, sizeof(wanted));
    new count = 0;
    new maxEntities = GetMaxEntities();
    for (new i = 0; i < maxEntities; i++)
    {
        if (!IsValidEntity(i))
        {
            continue;
        }
        GetEntityClassname(i, classname, sizeof(classname));
        if (StrEqual(classname, wanted, false))
        {
            count++;
        }
    }
    ReplyToCommand(client, "[Census] %d entit%s of class %s", count, count == 1 ? "y" : "ies", wanted);
    return Plugin_Handled;
}
''')
    ref = plugin("Entity Census", "Counts entities by class name", r'''
public void OnPluginStart()
{
    RegAdminCmd("sm_census", Command_Census, ADMFLAG_GENERIC, "sm_census <classname>");
}

public Action Command_Census(int client, int args)
{
    if (args < 1)
    {
        ReplyToCommand(client, "[Census] Usage: sm_census <classname>");
        return Plugin_Handled;
    }
    char wanted[64], classname[64];
    GetCmdArg(1, wanted, sizeof(wanted));
    int count = 0;
    int maxEntities = GetMaxEntities();
    for (int i = 0; i < maxEntities; i++)
    {
        if (!IsValidEntity(i))
        {
            continue;
        }
        GetEntityClassname(i, classname, sizeof(classname));
        if (StrEqual(classname, wanted, false))
        {
            count++;
        }
    }
    ReplyToCommand(client, "[Census] %d entit%s of class %s", count, count == 1 ? "y" : "ies", wanted);
    return Plugin_Handled;
}
''')
    admin = client(9, "Admin", 1, admin_flags="b")
    scen = [scenario("counts players and the world",
                     [FOUR, admin, command(9, "sm_census player"), command(9, "sm_census WORLDSPAWN"), command(9, "sm_census")],
                     [reply("[Census] 5 entities of class player"), reply("[Census] 1 entity of class WORLDSPAWN"),
                      reply("Usage: sm_census <classname>"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-entity_validation-refactor-census", family="refactor", theme="entity_validation",
        title="Port the entity census command to new-style syntax",
        prompt=f"""Port this admin command plugin to new-style SourcePawn (`#pragma newdecls required`): `char` instead of `decl String:`, `int` instead of `new`, and `public Action Command_Census(int client, int args)`. Keep the `IsValidEntity` check before reading class names, the admin flag and the reply text.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("compile", "the legacy plugin with `#pragma newdecls required` added but not converted",
                   legacy.replace("#pragma semicolon 1\n", "#pragma semicolon 1\n#pragma newdecls required\n", 1)),
            Broken("behaviour", "the rewrite dropped the IsValidEntity check, so reading the class name of a free slot throws",
                   mutate(ref, ("        if (!IsValidEntity(i))\n        {\n            continue;\n        }\n", ""))),
            Broken("behaviour", "compares class names case-sensitively",
                   mutate(ref, ("if (StrEqual(classname, wanted, false))", "if (StrEqual(classname, wanted))"))),
        ],
        checks=checks(natives=["GetMaxEntities", "GetEntPropString"], admin_commands=["sm_census"],
                      scenarios=scen),
        tags=["legacy-syntax", "entities"],
    ))

    # ---------------------------------------------------------------- doc: entity references
    ref = plugin("Tank Tracker", "Tracks the current Tank with an entity reference", r'''
int g_iTankRef = INVALID_ENT_REFERENCE;

public void OnPluginStart()
{
    HookEvent("tank_spawn", Event_TankSpawn);
    RegConsoleCmd("sm_tankhp", Cmd_TankHp, "Shows the tracked Tank's health");
}

public void Event_TankSpawn(Event event, const char[] name, bool dontBroadcast)
{
    int tank = GetClientOfUserId(event.GetInt("userid"));
    if (tank != 0)
    {
        g_iTankRef = EntIndexToEntRef(tank);
    }
}

public Action Cmd_TankHp(int client, int args)
{
    int tank = EntRefToEntIndex(g_iTankRef);
    if (tank == INVALID_ENT_REFERENCE || tank <= 0 || !IsClientInGame(tank))
    {
        ReplyToCommand(client, "[Tank] No Tank is being tracked.");
        return Plugin_Handled;
    }
    ReplyToCommand(client, "[Tank] %N has %d HP.", tank, GetClientHealth(tank));
    return Plugin_Handled;
}
''')
    scen = [scenario("tracks the Tank and forgets it when the slot is reused",
                     [FOUR, command(1, "sm_tankhp"), infected(11, "Tank", "tank", health=5500),
                      event("tank_spawn", userid=uid(11), tankid=11), command(1, "sm_tankhp"), {"remove_client": 11},
                      client(11, "Francis", 2), command(1, "sm_tankhp")],
                     [reply("[Tank] No Tank is being tracked."), reply("[Tank] Tank has 5500 HP."), no_chat("Francis"),
                      NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-entity_validation-doc-entity_refs", family="doc", theme="entity_validation",
        title="Track an entity safely with EntIndexToEntRef / EntRefToEntIndex",
        prompt=f"""Use these natives as documented (halflife.inc):

- `native int EntIndexToEntRef(int entity);` — "Converts an entity index into a serial encoded entity reference."
- `native int EntRefToEntIndex(int ref);` — "Retrieves the entity index from a reference." Returns `INVALID_ENT_REFERENCE` if the entity is gone (also when its index was reused by a new entity).

Task: on `tank_spawn` (`userid` = the Tank) store a reference to the Tank. Console command `sm_tankhp`: turn the reference back into an index; if it is invalid (or not an in-game client) reply `[Tank] No Tank is being tracked.`, otherwise `[Tank] <name> has <health> HP.` A new player who gets the old Tank's slot must not be reported as the Tank.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "stores the plain index instead of a reference (EntIndexToEntRef/EntRefToEntIndex never called)",
                   mutate(ref, ("        g_iTankRef = EntIndexToEntRef(tank);", "        g_iTankRef = tank;"),
                          ("    int tank = EntRefToEntIndex(g_iTankRef);\n    if (tank == INVALID_ENT_REFERENCE || tank <= 0 || !IsClientInGame(tank))",
                           "    int tank = g_iTankRef;\n    if (tank == INVALID_ENT_REFERENCE || tank <= 0 || !IsClientInGame(tank))"))),
            Broken("behaviour", "checks the stored reference instead of the converted index: a stale reference gives -1 and GetClientHealth(-1) throws",
                   mutate(ref, ("    if (tank == INVALID_ENT_REFERENCE || tank <= 0 || !IsClientInGame(tank))", "    if (g_iTankRef == INVALID_ENT_REFERENCE)"))),
            Broken("compile", "EntIndexToEntRef called with two arguments",
                   mutate(ref, ("        g_iTankRef = EntIndexToEntRef(tank);", "        g_iTankRef = EntIndexToEntRef(tank, true);"))),
        ],
        checks=checks(natives=["EntIndexToEntRef", "EntRefToEntIndex", "GetClientHealth"], events=["tank_spawn"],
                      commands=["sm_tankhp"], scenarios=scen),
        api=["EntIndexToEntRef", "EntRefToEntIndex"],
        tags=["entities", "references"],
    ))
    # the reused-slot case must answer "not tracked"
    out[-1].checks["scenarios"].append(
        scenario("after the Tank left, a newcomer in its slot is not the Tank",
                 [FOUR, infected(11, "Tank", "tank", health=5500), event("tank_spawn", userid=uid(11), tankid=11),
                  {"remove_client": 11}, client(11, "Francis", 2), command(1, "sm_tankhp")],
                 [reply("[Tank] No Tank is being tracked."), NO_ERRORS]))
    return out


def random_timer() -> list[Task]:
    out = []
    # ---------------------------------------------------------------- scaffold: random event chain
    ref = plugin("Random Supply Drops", "Announces supply drops at random intervals", r'''
ConVar g_cvMin;
ConVar g_cvMax;
Handle g_hTimer;
int g_iDrops;

public void OnPluginStart()
{
    g_cvMin = CreateConVar("l4d2_drop_min", "30.0", "Minimum seconds between drops", FCVAR_NOTIFY, true, 1.0);
    g_cvMax = CreateConVar("l4d2_drop_max", "60.0", "Maximum seconds between drops", FCVAR_NOTIFY, true, 1.0);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
}

public void OnMapEnd()
{
    g_hTimer = null;
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    g_iDrops = 0;
    delete g_hTimer;
    ScheduleDrop();
}

void ScheduleDrop()
{
    float delay = GetRandomFloat(g_cvMin.FloatValue, g_cvMax.FloatValue);
    g_hTimer = CreateTimer(delay, Timer_Drop, _, TIMER_FLAG_NO_MAPCHANGE);
}

public Action Timer_Drop(Handle timer)
{
    g_hTimer = null;
    g_iDrops++;
    PrintToChatAll("[Supply] Supply drop #%d has landed!", g_iDrops);
    ScheduleDrop();
    return Plugin_Stop;
}
''')
    scen = [scenario("no drop before the minimum delay",
                     [FOUR, event("round_start"), advance(29.5)],
                     [no_chat("Supply drop"), {"pending_timers": 1}, NO_ERRORS]),
            scenario("drops keep coming at random intervals within the bounds",
                     [FOUR, event("round_start"), advance(121.0)],
                     [chat("[Supply] Supply drop #1 has landed!"), chat("[Supply] Supply drop #2 has landed!"),
                      no_chat("drop #5"), {"pending_timers": 1}, NO_ERRORS]),
            scenario("a new round restarts the chain instead of adding a second one",
                     [FOUR, set_convar("l4d2_drop_min", 10), set_convar("l4d2_drop_max", 10), event("round_start"),
                      advance(5.0), event("round_start"), advance(12.0)],
                     [chat("Supply drop #1"), no_chat("Supply drop #2"), {"pending_timers": 1}])]
    out.append(Task(
        id="l4d2-eval-random_timer-scaffold-supply_drops", family="scaffold", theme="random_timer",
        title="Announce supply drops at random intervals",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin that announces "supply drops" at random intervals.

- ConVars `l4d2_drop_min` (default "30.0") and `l4d2_drop_max` (default "60.0"), both at least 1.
- On `round_start`: reset the drop counter, cancel any pending drop timer, and schedule the first drop after a random delay between the two ConVars (`GetRandomFloat`; SourceMod has no `RandomFloat`).
- When a drop happens print `[Supply] Supply drop #<n> has landed!` and schedule the next one with a new random delay. Only one drop timer may be pending at any time.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("compile", "calls RandomFloat, which does not exist in SourceMod",
                   mutate(ref, ("    float delay = GetRandomFloat(g_cvMin.FloatValue, g_cvMax.FloatValue);", "    float delay = RandomFloat(g_cvMin.FloatValue, g_cvMax.FloatValue);"))),
            Broken("behaviour", "never schedules the next drop",
                   mutate(ref, ("    PrintToChatAll(\"[Supply] Supply drop #%d has landed!\", g_iDrops);\n    ScheduleDrop();", "    PrintToChatAll(\"[Supply] Supply drop #%d has landed!\", g_iDrops);"))),
            Broken("behaviour", "round_start does not cancel the old timer, so two chains run",
                   mutate(ref, ("    g_iDrops = 0;\n    delete g_hTimer;\n", "    g_iDrops = 0;\n"))),
            Broken("behaviour", "uses the bounds as an integer 0..1 fraction: GetRandomFloat() without bounds",
                   mutate(ref, ("    float delay = GetRandomFloat(g_cvMin.FloatValue, g_cvMax.FloatValue);", "    float delay = GetRandomFloat() * 5.0;"))),
        ],
        checks=checks(natives=["GetRandomFloat", "CreateTimer"], forbid_natives=["RandomFloat"],
                      events=["round_start"], convars=["l4d2_drop_min", "l4d2_drop_max"], scenarios=scen),
        tags=["timer", "random"],
    ))

    # ---------------------------------------------------------------- repair: one-shot chain never re-armed
    good = plugin("Random Horde Taunts", "Plays random taunts during the round", r'''
ConVar g_cvEnable;

public void OnPluginStart()
{
    g_cvEnable = CreateConVar("l4d2_taunts_enable", "1", "Enable random taunts");
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    CreateTimer(GetRandomFloat(20.0, 40.0), Timer_Taunt, 1, TIMER_FLAG_NO_MAPCHANGE);
}

public Action Timer_Taunt(Handle timer, any number)
{
    if (g_cvEnable.BoolValue)
    {
        PrintToChatAll("[Horde] Taunt #%d: They can smell you...", number);
    }
    CreateTimer(GetRandomFloat(20.0, 40.0), Timer_Taunt, number + 1, TIMER_FLAG_NO_MAPCHANGE);
    return Plugin_Stop;
}
''')
    bad = mutate(good, ("    CreateTimer(GetRandomFloat(20.0, 40.0), Timer_Taunt, number + 1, TIMER_FLAG_NO_MAPCHANGE);\n    return Plugin_Stop;",
                        "    return Plugin_Continue;"))
    scen = [scenario("taunts keep coming every 20-40 seconds",
                     [FOUR, event("round_start"), advance(125.0)],
                     [chat("[Horde] Taunt #1: They can smell you..."), chat("Taunt #3:"), no_chat("Taunt #7"),
                      {"pending_timers": 1}, NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-random_timer-repair-chain", family="repair", theme="random_timer",
        title="Fix the random taunt timer that fires only once",
        prompt=f"""After `round_start` this plugin should print `[Horde] Taunt #<n>: They can smell you...` again and again, each time after a new random delay of 20 to 40 seconds, with the number counting up. On the server only `Taunt #1` ever appears. No errors are logged.

{code_block(bad)}

Fix it. {ANSWER}""",
        reference=good,
        broken=[
            Broken("behaviour", "the unrepaired plugin: returning Plugin_Continue does not re-arm a one-shot timer", bad),
            Broken("behaviour", "makes the first timer repeat at a fixed random interval, but never increments the number",
                   mutate(good, ("    CreateTimer(GetRandomFloat(20.0, 40.0), Timer_Taunt, 1, TIMER_FLAG_NO_MAPCHANGE);",
                                 "    CreateTimer(GetRandomFloat(20.0, 40.0), Timer_Taunt, 1, TIMER_REPEAT | TIMER_FLAG_NO_MAPCHANGE);"),
                          ("    CreateTimer(GetRandomFloat(20.0, 40.0), Timer_Taunt, number + 1, TIMER_FLAG_NO_MAPCHANGE);\n    return Plugin_Stop;",
                           "    return Plugin_Continue;"))),
            Broken("compile", "RandomFloat is not a SourceMod native",
                   mutate(good, ("    CreateTimer(GetRandomFloat(20.0, 40.0), Timer_Taunt, number + 1, TIMER_FLAG_NO_MAPCHANGE);",
                                 "    CreateTimer(RandomFloat(20.0, 40.0), Timer_Taunt, number + 1, TIMER_FLAG_NO_MAPCHANGE);"))),
        ],
        checks=checks(natives=["GetRandomFloat", "CreateTimer"], forbid_natives=["RandomFloat"], events=["round_start"],
                      scenarios=scen),
        tags=["timer", "random"],
    ))

    # ---------------------------------------------------------------- refactor: legacy random tip timer
    legacy = legacy_plugin("Random Tips", "Shows a random gameplay tip every minute", r'''
new Handle:g_hTips = INVALID_HANDLE;
new Handle:g_hInterval;
new Handle:g_hTimer = INVALID_HANDLE;

public OnPluginStart()
{
    g_hInterval = CreateConVar("l4d2_tips_interval", "60", "Seconds between tips");
    g_hTips = CreateArray(64);
    PushArrayString(g_hTips, "Crown the Witch with a shotgun!");
    PushArrayString(g_hTips, "Shove Hunters off your teammates.");
    PushArrayString(g_hTips, "Stay out of Spitter acid.");
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
}

public Event_RoundStart(Handle:event, const String:name[], bool:dontBroadcast)
{
    if (g_hTimer == INVALID_HANDLE)
    {
        g_hTimer = CreateTimer(GetConVarFloat(g_hInterval), Timer_Tip, _, TIMER_REPEAT);
    }
}

public Action:Timer_Tip(Handle:timer)
{
    decl String:tip[64];
    new index = GetRandomInt(0, GetArraySize(g_hTips) - 1);
    GetArrayString(g_hTips, index, tip, sizeof(tip));
    PrintToChatAll("[Tip] %s", tip);
    return Plugin_Continue;
}
''')
    ref = plugin("Random Tips", "Shows a random gameplay tip every minute", r'''
ArrayList g_hTips;
ConVar g_hInterval;
Handle g_hTimer = null;

public void OnPluginStart()
{
    g_hInterval = CreateConVar("l4d2_tips_interval", "60", "Seconds between tips");
    g_hTips = new ArrayList(ByteCountToCells(64));
    g_hTips.PushString("Crown the Witch with a shotgun!");
    g_hTips.PushString("Shove Hunters off your teammates.");
    g_hTips.PushString("Stay out of Spitter acid.");
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    if (g_hTimer == null)
    {
        g_hTimer = CreateTimer(g_hInterval.FloatValue, Timer_Tip, _, TIMER_REPEAT);
    }
}

public Action Timer_Tip(Handle timer)
{
    char tip[64];
    int index = GetRandomInt(0, g_hTips.Length - 1);
    g_hTips.GetString(index, tip, sizeof(tip));
    PrintToChatAll("[Tip] %s", tip);
    return Plugin_Continue;
}
''')
    scen = [scenario("a random tip from the list every interval",
                     [FOUR, set_convar("l4d2_tips_interval", 10), event("round_start"), event("round_start"), advance(30.5)],
                     [chat("[Tip] "), no_chat("[Tip] \n"), {"pending_timers": 1}, NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-random_timer-refactor-tips", family="refactor", theme="random_timer",
        title="Port the random tips plugin to ArrayList and ConVar methodmaps",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`): an `ArrayList` (created with `ByteCountToCells(64)`) with `PushString`/`GetString`/`Length` instead of `CreateArray`/`PushArrayString`/`GetArrayString`/`GetArraySize`, `ConVar`/`.FloatValue` instead of `GetConVarFloat`, `null` instead of `INVALID_HANDLE`. The tips, the interval and the random choice must behave the same.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "still the adt_array natives and GetConVarFloat", legacy),
            Broken("behaviour", "the rewrite creates a new repeating timer on every round_start",
                   mutate(ref, ("    if (g_hTimer == null)\n    {\n        g_hTimer = CreateTimer(g_hInterval.FloatValue, Timer_Tip, _, TIMER_REPEAT);\n    }",
                                "    g_hTimer = CreateTimer(g_hInterval.FloatValue, Timer_Tip, _, TIMER_REPEAT);"))),
            Broken("compile", "GetRandomInt with one argument",
                   mutate(ref, ("    int index = GetRandomInt(0, g_hTips.Length - 1);", "    int index = GetRandomInt(g_hTips.Length - 1);"))),
        ],
        checks=checks(natives=["ArrayList.PushString", "ArrayList.GetString", "ArrayList.Length.get", "GetRandomInt"],
                      forbid_natives=["CreateArray", "PushArrayString", "GetArrayString", "GetArraySize", "GetConVarFloat"],
                      events=["round_start"], convars=["l4d2_tips_interval"], scenarios=scen),
        tags=["legacy-syntax", "arraylist", "random"],
    ))

    # ---------------------------------------------------------------- doc: GetRandomFloat bounds
    ref = plugin("Random Spawn Speed", "Gives each spawning survivor a random speed", r'''
ConVar g_cvMin;
ConVar g_cvMax;

public void OnPluginStart()
{
    g_cvMin = CreateConVar("l4d2_random_speed_min", "1.0", "Lowest random speed multiplier", FCVAR_NOTIFY, true, 0.5, true, 2.0);
    g_cvMax = CreateConVar("l4d2_random_speed_max", "1.2", "Highest random speed multiplier", FCVAR_NOTIFY, true, 0.5, true, 2.0);
    HookEvent("player_spawn", Event_PlayerSpawn);
}

public void Event_PlayerSpawn(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("userid"));
    if (client == 0 || GetClientTeam(client) != 2)
    {
        return;
    }
    float speed = GetRandomFloat(g_cvMin.FloatValue, g_cvMax.FloatValue);
    SetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue", speed);
    PrintToChat(client, "[Speed] Your speed this life: x%.2f", speed);
}
''')
    scen = [scenario("the random speed stays within the bounds",
                     [FOUR, event("player_spawn", userid=uid(1)), event("player_spawn", userid=uid(2))],
                     [netprop(1, "m_flLaggedMovementValue", 1.1, 0.1), netprop(2, "m_flLaggedMovementValue", 1.1, 0.1),
                      chat_to(1, "[Speed] Your speed this life: x1."), NO_ERRORS]),
            scenario("fixed bounds give a fixed speed",
                     [FOUR, set_convar("l4d2_random_speed_min", 1.5), set_convar("l4d2_random_speed_max", 1.5),
                      event("player_spawn", userid=uid(3))],
                     [netprop(3, "m_flLaggedMovementValue", 1.5, 0.0001), chat_to(3, "x1.50")])]
    out.append(Task(
        id="l4d2-eval-random_timer-doc-getrandomfloat", family="doc", theme="random_timer",
        title="Random values with GetRandomFloat",
        prompt=f"""Use this SourceMod native as documented (halflife.inc):

`native float GetRandomFloat(float fMin=0.0, float fMax=1.0);` — "Returns a random floating point number from the Source Engine's random number stream", between `fMin` and `fMax`. (There is no `RandomFloat` in SourceMod.)

Task: ConVars `l4d2_random_speed_min` (default "1.0") and `l4d2_random_speed_max` (default "1.2"), both bounded 0.5..2.0. On `player_spawn` (`userid`) of a survivor (team 2), set their `m_flLaggedMovementValue` (Prop_Send float) to a random value between the two ConVars and tell them `[Speed] Your speed this life: x<speed, 2 decimals>`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("compile", "uses the non-existent RandomFloat",
                   mutate(ref, ("    float speed = GetRandomFloat(g_cvMin.FloatValue, g_cvMax.FloatValue);", "    float speed = RandomFloat(g_cvMin.FloatValue, g_cvMax.FloatValue);"))),
            Broken("behaviour", "calls GetRandomFloat() without bounds, giving 0..1",
                   mutate(ref, ("    float speed = GetRandomFloat(g_cvMin.FloatValue, g_cvMax.FloatValue);", "    float speed = GetRandomFloat();"))),
            Broken("static", "writes the speed to the non-existent netprop m_flSpeed",
                   mutate(ref, ('    SetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue", speed);', '    SetEntPropFloat(client, Prop_Send, "m_flSpeed", speed);'))),
        ],
        checks=checks(natives=["GetRandomFloat", "SetEntPropFloat"], forbid_natives=["RandomFloat"], events=["player_spawn"],
                      convars=["l4d2_random_speed_min", "l4d2_random_speed_max"], netprops=["m_flLaggedMovementValue"],
                      forbid_netprops=["m_flSpeed"], scenarios=scen),
        api=["GetRandomFloat"],
        tags=["random", "netprop"],
    ))
    return out


THEMES = [witch_proximity, finale_start, rescue_vehicle, gauntlet_run, null_client_check, entity_validation, random_timer]
