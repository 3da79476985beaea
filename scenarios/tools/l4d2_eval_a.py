"""Eval tasks, part A: tank_spawn, hunter_pounce, smoker_grab, charger_carry, bile_tracker, jockey_ride.

Hand-written: every plugin, prompt, broken variant and scenario here was written and reviewed for its task.
"""

from __future__ import annotations

from l4d2_common import (NO_ERRORS, Broken, Task, advance, chat, chat_to, checks, client, code_block, command, event,
                         health, hint, infected, legacy_plugin, mutate, no_chat, plugin, reply, scenario, set_convar,
                         set_netprop, survivors, uid)

ANSWER = "Answer with the complete plugin in one ```sourcepawn code block."
NEWSTYLE = "Target SourceMod 1.11 with `#pragma semicolon 1` and `#pragma newdecls required`; use only the core includes (sourcemod, sdktools)."
FOUR = survivors("Nick", "Ellis", "Rochelle", "Coach")


def tank_spawn() -> list[Task]:
    out = []
    # ---------------------------------------------------------------- scaffold: announcer + per-round counter
    ref = plugin("Tank Spawn Announcer", "Announces each Tank with its health and counts Tanks per round", r'''
ConVar g_cvEnable;
int g_iTanks;

public void OnPluginStart()
{
    g_cvEnable = CreateConVar("l4d2_tank_announce_enable", "1", "Announce Tank spawns in chat (0/1)", FCVAR_NOTIFY, true, 0.0, true, 1.0);
    HookEvent("tank_spawn", Event_TankSpawn);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_tanks", Cmd_Tanks, "Shows how many Tanks spawned this round");
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    g_iTanks = 0;
}

public void Event_TankSpawn(Event event, const char[] name, bool dontBroadcast)
{
    int tank = GetClientOfUserId(event.GetInt("userid"));
    if (tank == 0 || !IsClientInGame(tank))
    {
        return;
    }
    g_iTanks++;
    if (g_cvEnable.BoolValue)
    {
        PrintToChatAll("[Tank] A Tank has spawned with %d HP! (Tank #%d this round)", GetClientHealth(tank), g_iTanks);
    }
}

public Action Cmd_Tanks(int client, int args)
{
    ReplyToCommand(client, "[Tank] Tanks this round: %d", g_iTanks);
    return Plugin_Handled;
}
''')
    tank = infected(11, "Tank", "tank", health=6000)
    scen = [
        scenario("announces the tank with its health and counts it",
                 [FOUR, tank, event("tank_spawn", userid=uid(11), tankid=11), command(1, "sm_tanks")],
                 [chat("A Tank has spawned with 6000 HP"), chat("Tank #1 this round"), reply("Tanks this round: 1"), NO_ERRORS]),
        scenario("round_start resets the counter",
                 [FOUR, tank, event("tank_spawn", userid=uid(11), tankid=11), event("tank_spawn", userid=uid(11), tankid=11),
                  command(1, "sm_tanks"), event("round_start"), command(2, "sm_tanks")],
                 [reply("Tanks this round: 2"), reply("Tanks this round: 0")]),
        scenario("l4d2_tank_announce_enable 0 silences chat but still counts",
                 [FOUR, tank, set_convar("l4d2_tank_announce_enable", 0), event("tank_spawn", userid=uid(11), tankid=11),
                  command(1, "sm_tanks")],
                 [no_chat("A Tank has spawned"), reply("Tanks this round: 1")]),
    ]
    out.append(Task(
        id="l4d2-eval-tank_spawn-scaffold-announcer", family="scaffold", theme="tank_spawn",
        title="Announce Tank spawns with their health and count them per round",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin "Tank Spawn Announcer".

Behaviour:
- Hook the `tank_spawn` event. Its `userid` field is the Tank's userid: convert it with `GetClientOfUserId` and ignore it when the client is 0 or not in game.
- For every Tank, increment a per-round counter and print to all players' chat exactly: `[Tank] A Tank has spawned with <health> HP! (Tank #<n> this round)` where `<health>` is the Tank's current health (`GetClientHealth`).
- Create the ConVar `l4d2_tank_announce_enable` (default "1", bounded 0..1). When it is 0 the chat line is not printed, but the Tank is still counted.
- Reset the counter on `round_start` (hook it with `EventHookMode_PostNoCopy`; the event carries no fields you need).
- Register the console command `sm_tanks`, which replies to the caller with `[Tank] Tanks this round: <n>`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("compile", "the event callback lacks the `bool dontBroadcast` parameter, so it does not match the EventHook typeset (error 100)",
                   mutate(ref, ("public void Event_TankSpawn(Event event, const char[] name, bool dontBroadcast)",
                                "public void Event_TankSpawn(Event event, const char[] name)"))),
            Broken("behaviour", "the counter is never reset on round_start, so sm_tanks still reports last round's Tanks",
                   mutate(ref, ("    g_iTanks = 0;\n", "    // nothing to do\n"))),
            Broken("behaviour", "ignores l4d2_tank_announce_enable and always announces",
                   mutate(ref, ("    if (g_cvEnable.BoolValue)\n    {\n        PrintToChatAll", "    {\n        PrintToChatAll"))),
            Broken("extract", "describes the plugin in prose and never gives the code",
                   answer="To do this, hook the tank_spawn event, convert the userid with GetClientOfUserId, read the "
                          "Tank's health with GetClientHealth and print it with PrintToChatAll. Keep a counter that you "
                          "reset on round_start, and register sm_tanks to reply with the count. A ConVar "
                          "l4d2_tank_announce_enable can switch the chat message off.\n"),
            Broken("static", "hooks a non-existent event name `tank_spawned`; the required tank_spawn hook is missing",
                   mutate(ref, ('HookEvent("tank_spawn", Event_TankSpawn);', 'HookEvent("tank_spawned", Event_TankSpawn);'))),
        ],
        checks=checks(natives=["HookEvent", "GetClientOfUserId", "GetClientHealth", "ReplyToCommand", "CreateConVar"],
                      events=["tank_spawn", "round_start"], commands=["sm_tanks"], convars=["l4d2_tank_announce_enable"],
                      scenarios=scen),
        tags=["events", "convar", "command"],
    ))

    # ---------------------------------------------------------------- scaffold: health scaled by living survivors
    ref = plugin("Tank Health Scaler", "Scales Tank health by the number of living survivors", r'''
ConVar g_cvPerSurvivor;

public void OnPluginStart()
{
    g_cvPerSurvivor = CreateConVar("l4d2_tank_hp_per_survivor", "1500", "Tank health per living survivor", FCVAR_NOTIFY, true, 100.0);
    HookEvent("tank_spawn", Event_TankSpawn);
}

int CountLivingSurvivors()
{
    int count = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 2 && IsPlayerAlive(i))
        {
            count++;
        }
    }
    return count;
}

public void Event_TankSpawn(Event event, const char[] name, bool dontBroadcast)
{
    int tank = GetClientOfUserId(event.GetInt("userid"));
    if (tank == 0 || !IsClientInGame(tank))
    {
        return;
    }
    int survivors = CountLivingSurvivors();
    if (survivors < 1)
    {
        survivors = 1;
    }
    int hp = g_cvPerSurvivor.IntValue * survivors;
    SetEntityHealth(tank, hp);
    PrintToChatAll("[Tank] Tank health set to %d for %d survivors", hp, survivors);
}
''')
    scen = [
        scenario("three living survivors give 3 x 1500 HP",
                 [FOUR[:3], client(4, "Coach", 2, alive=False), infected(5, "Hunter", "hunter"),
                  infected(11, "Tank", "tank", health=4000), event("tank_spawn", userid=uid(11), tankid=11)],
                 [health(11, 4500), chat("Tank health set to 4500 for 3 survivors"), NO_ERRORS]),
        scenario("the per-survivor ConVar is honoured",
                 [FOUR, infected(11, "Tank", "tank", health=4000), set_convar("l4d2_tank_hp_per_survivor", 2000),
                  event("tank_spawn", userid=uid(11), tankid=11)],
                 [health(11, 8000), chat("Tank health set to 8000 for 4 survivors")]),
    ]
    out.append(Task(
        id="l4d2-eval-tank_spawn-scaffold-health_scaler", family="scaffold", theme="tank_spawn",
        title="Scale Tank health by the number of living survivors",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin that scales every Tank's health to the size of the surviving team.

- Create the ConVar `l4d2_tank_hp_per_survivor` (default "1500", minimum 100).
- On `tank_spawn`, resolve the Tank from the event's `userid` (`GetClientOfUserId`), count the survivors that are in game, on team 2 and alive (`IsPlayerAlive`; dead survivors and infected players do not count; use at least 1), and set the Tank's health to `<ConVar value> * <count>` with `SetEntityHealth`.
- Then print to everyone: `[Tank] Tank health set to <hp> for <count> survivors`.

Example: with 3 living survivors (a 4th is dead) and the default ConVar, the Tank ends up with 4500 health.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "counts dead survivors too (no IsPlayerAlive filter), so the Tank gets 6000 instead of 4500",
                   mutate(ref, ("if (IsClientInGame(i) && GetClientTeam(i) == 2 && IsPlayerAlive(i))",
                                "if (IsClientInGame(i) && GetClientTeam(i) == 2)"))),
            Broken("behaviour", "wrong team filter: counts every living player including infected bots",
                   mutate(ref, ("if (IsClientInGame(i) && GetClientTeam(i) == 2 && IsPlayerAlive(i))",
                                "if (IsClientInGame(i) && GetClientTeam(i) != 1 && IsPlayerAlive(i))"))),
            Broken("compile", "uses a ConVar property that does not exist (`.Int` instead of `.IntValue`, error 105)",
                   mutate(ref, ("int hp = g_cvPerSurvivor.IntValue * survivors;", "int hp = g_cvPerSurvivor.Int * survivors;"))),
        ],
        checks=checks(natives=["HookEvent", "GetClientOfUserId", "SetEntProp"],
                      events=["tank_spawn"], convars=["l4d2_tank_hp_per_survivor"], scenarios=scen),
        tags=["events", "convar", "health"],
    ))

    # ---------------------------------------------------------------- repair: userid used as an entity index
    good = plugin("Tank HP Report", "Reports the health of each Tank when it spawns", r'''
public void OnPluginStart()
{
    HookEvent("tank_spawn", Event_TankSpawn);
}

public void Event_TankSpawn(Event event, const char[] name, bool dontBroadcast)
{
    int tank = GetClientOfUserId(event.GetInt("userid"));
    if (tank == 0 || !IsClientInGame(tank))
    {
        return;
    }
    int hp = GetEntProp(tank, Prop_Send, "m_iHealth");
    PrintToChatAll("[Tank] %N spawned with %d HP", tank, hp);
}
''')
    bad = mutate(good, ("    int tank = GetClientOfUserId(event.GetInt(\"userid\"));\n    if (tank == 0 || !IsClientInGame(tank))\n    {\n        return;\n    }\n",
                        "    int tank = event.GetInt(\"userid\");\n"))
    scen = [scenario("reports the tank's health without errors",
                     [FOUR, infected(11, "Tank", "tank", health=6000), event("tank_spawn", userid=uid(11), tankid=11)],
                     [chat("Tank spawned with 6000 HP"), NO_ERRORS]),
            scenario("an unknown userid is ignored",
                     [FOUR, event("tank_spawn", userid=250, tankid=0)],
                     [no_chat("spawned with"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-tank_spawn-repair-userid_index", family="repair", theme="tank_spawn",
        title="Fix the Tank HP report that errors on every Tank spawn",
        prompt=f"""This Left 4 Dead 2 plugin should print `[Tank] <name> spawned with <hp> HP` whenever a Tank spawns. On a live server no message ever appears; instead the error log fills with lines like `Exception reported: Entity 111 (111) is invalid` from `Event_TankSpawn` each time a Tank spawns.

{code_block(bad)}

Fix the plugin so the announcement works for every Tank and an event whose player has already left is ignored without errors. Keep the message format. {ANSWER}""",
        reference=good,
        broken=[
            Broken("behaviour", "the unrepaired plugin: treats the userid as a client index, so GetEntProp raises 'Entity 111 is invalid'", bad),
            Broken("behaviour", "hides the error by checking IsValidEntity on the userid, so the Tank is never announced",
                   mutate(bad, ("    int tank = event.GetInt(\"userid\");\n",
                                "    int tank = event.GetInt(\"userid\");\n    if (!IsValidEntity(tank))\n    {\n        return;\n    }\n"))),
            Broken("compile", "reads the field with a non-existent Event method `GetUserId` (error 105)",
                   mutate(good, ('int tank = GetClientOfUserId(event.GetInt("userid"));', 'int tank = GetClientOfUserId(event.GetUserId());'))),
        ],
        checks=checks(natives=["GetEntProp"], events=["tank_spawn"], netprops=["m_iHealth"],
                      scenarios=scen),
        tags=["events", "userid", "netprop"],
    ))

    # ---------------------------------------------------------------- refactor: legacy announcer
    legacy = legacy_plugin("Tank Alert", "Alerts survivors when a Tank spawns", r'''
new Handle:g_hEnable = INVALID_HANDLE;
new Handle:g_hHint = INVALID_HANDLE;
new g_iTankCount = 0;

public OnPluginStart()
{
    g_hEnable = CreateConVar("l4d2_tank_alert_enable", "1", "Enable the Tank alert", FCVAR_NOTIFY);
    g_hHint = CreateConVar("l4d2_tank_alert_hint", "1", "Also show a hint box to survivors", FCVAR_NOTIFY);
    HookEvent("tank_spawn", Event_TankSpawn);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_tankcount", Command_TankCount);
}

public Event_RoundStart(Handle:event, const String:name[], bool:dontBroadcast)
{
    g_iTankCount = 0;
}

public Event_TankSpawn(Handle:event, const String:name[], bool:dontBroadcast)
{
    if (!GetConVarBool(g_hEnable))
    {
        return;
    }
    new client = GetClientOfUserId(GetEventInt(event, "userid"));
    if (client == 0)
    {
        return;
    }
    g_iTankCount++;
    decl String:sName[MAX_NAME_LENGTH];
    GetClientName(client, sName, sizeof(sName));
    PrintToChatAll("[Tank Alert] %s is coming! (%d this round)", sName, g_iTankCount);
    if (GetConVarBool(g_hHint))
    {
        for (new i = 1; i <= MaxClients; i++)
        {
            if (IsClientInGame(i) && GetClientTeam(i) == 2 && !IsFakeClient(i))
            {
                PrintHintText(i, "A Tank is coming!");
            }
        }
    }
}

public Action:Command_TankCount(client, args)
{
    ReplyToCommand(client, "[Tank Alert] Tanks this round: %d", g_iTankCount);
    return Plugin_Handled;
}
''')
    ref = plugin("Tank Alert", "Alerts survivors when a Tank spawns", r'''
ConVar g_cvEnable;
ConVar g_cvHint;
int g_iTankCount = 0;

public void OnPluginStart()
{
    g_cvEnable = CreateConVar("l4d2_tank_alert_enable", "1", "Enable the Tank alert", FCVAR_NOTIFY);
    g_cvHint = CreateConVar("l4d2_tank_alert_hint", "1", "Also show a hint box to survivors", FCVAR_NOTIFY);
    HookEvent("tank_spawn", Event_TankSpawn);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_tankcount", Command_TankCount);
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    g_iTankCount = 0;
}

public void Event_TankSpawn(Event event, const char[] name, bool dontBroadcast)
{
    if (!g_cvEnable.BoolValue)
    {
        return;
    }
    int client = GetClientOfUserId(event.GetInt("userid"));
    if (client == 0)
    {
        return;
    }
    g_iTankCount++;
    char sName[MAX_NAME_LENGTH];
    GetClientName(client, sName, sizeof(sName));
    PrintToChatAll("[Tank Alert] %s is coming! (%d this round)", sName, g_iTankCount);
    if (g_cvHint.BoolValue)
    {
        for (int i = 1; i <= MaxClients; i++)
        {
            if (IsClientInGame(i) && GetClientTeam(i) == 2 && !IsFakeClient(i))
            {
                PrintHintText(i, "A Tank is coming!");
            }
        }
    }
}

public Action Command_TankCount(int client, int args)
{
    ReplyToCommand(client, "[Tank Alert] Tanks this round: %d", g_iTankCount);
    return Plugin_Handled;
}
''')
    scen = [
        scenario("alerts chat and survivors' hint boxes, counts per round",
                 [FOUR, infected(11, "Tank", "tank"), event("tank_spawn", userid=uid(11), tankid=11),
                  command(1, "sm_tankcount"), event("round_start"), command(1, "sm_tankcount")],
                 [chat("[Tank Alert] Tank is coming! (1 this round)"), hint("A Tank is coming!"),
                  reply("Tanks this round: 1"), reply("Tanks this round: 0"), NO_ERRORS]),
        scenario("both ConVars switch their part off",
                 [FOUR, infected(11, "Tank", "tank"), set_convar("l4d2_tank_alert_hint", 0),
                  event("tank_spawn", userid=uid(11), tankid=11), set_convar("l4d2_tank_alert_enable", 0),
                  event("tank_spawn", userid=uid(11), tankid=11), command(1, "sm_tankcount")],
                 [chat("(1 this round)"), no_chat("(2 this round)"), reply("Tanks this round: 1")]),
    ]
    out.append(Task(
        id="l4d2-eval-tank_spawn-refactor-legacy_alert", family="refactor", theme="tank_spawn",
        title="Port the legacy Tank Alert plugin to new-style syntax and methodmaps",
        prompt=f"""Port this old-syntax Tank Alert plugin to SourcePawn's new-style declarations (`#pragma newdecls required`) and methodmaps: `ConVar` instead of `Handle` + `GetConVarBool`, `Event` instead of `GetEventInt`, `int`/`char[]` instead of untyped variables and `String:`, typed callbacks (`public void ...(Event event, const char[] name, bool dontBroadcast)`, `public Action ...(int client, int args)`).
Behaviour must stay exactly the same: the same ConVars, command, chat/hint text and per-round counting.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "the legacy plugin returned unchanged: still calls GetEventInt and GetConVarBool", legacy),
            Broken("behaviour", "the refactor moved the counter increment above the enable check, so disabled alerts still count",
                   mutate(ref, ("    if (!g_cvEnable.BoolValue)\n    {\n        return;\n    }\n    int client",
                                "    g_iTankCount++;\n    if (!g_cvEnable.BoolValue)\n    {\n        return;\n    }\n    int client"),
                          ("    g_iTankCount++;\n    char sName", "    char sName"))),
            Broken("compile", "initialises a global ConVar with CreateConVar at file scope, which is not a constant expression",
                   mutate(ref, ("ConVar g_cvEnable;\n", "ConVar g_cvEnable = CreateConVar(\"l4d2_tank_alert_enable\", \"1\", \"Enable the Tank alert\", FCVAR_NOTIFY);\n"),
                          ('    g_cvEnable = CreateConVar("l4d2_tank_alert_enable", "1", "Enable the Tank alert", FCVAR_NOTIFY);\n', ""))),
        ],
        checks=checks(natives=["Event.GetInt", "ConVar.BoolValue.get", "GetClientOfUserId", "PrintHintText"],
                      forbid_natives=["GetEventInt", "GetConVarBool", "GetConVarInt"],
                      events=["tank_spawn", "round_start"], commands=["sm_tankcount"],
                      convars=["l4d2_tank_alert_enable", "l4d2_tank_alert_hint"], scenarios=scen),
        tags=["legacy-syntax", "methodmaps"],
    ))

    # ---------------------------------------------------------------- doc: userid through a timer
    ref = plugin("Tank Health Followup", "Reports a Tank's health five seconds after it spawns", r'''
public void OnPluginStart()
{
    HookEvent("tank_spawn", Event_TankSpawn);
}

public void Event_TankSpawn(Event event, const char[] name, bool dontBroadcast)
{
    int userid = event.GetInt("userid");
    if (GetClientOfUserId(userid) == 0)
    {
        return;
    }
    CreateTimer(5.0, Timer_Report, userid, TIMER_FLAG_NO_MAPCHANGE);
}

public Action Timer_Report(Handle timer, any userid)
{
    int tank = GetClientOfUserId(userid);
    if (tank == 0 || !IsClientInGame(tank) || !IsPlayerAlive(tank))
    {
        return Plugin_Stop;
    }
    PrintToChatAll("[Tank] %N still has %d HP", tank, GetClientHealth(tank));
    return Plugin_Stop;
}
''')
    scen = [
        scenario("reports after five seconds, not before",
                 [FOUR, infected(11, "Tank", "tank", health=6000), event("tank_spawn", userid=uid(11), tankid=11),
                  advance(4.0)],
                 [no_chat("still has")]),
        scenario("reports the current health after five seconds",
                 [FOUR, infected(11, "Tank", "tank", health=6000), event("tank_spawn", userid=uid(11), tankid=11),
                  set_netprop(11, "m_iHealth", 4321), advance(5.5)],
                 [chat("Tank still has 4321 HP"), NO_ERRORS]),
        scenario("a Tank that left before the timer is skipped without errors",
                 [FOUR, infected(11, "Tank", "tank", health=6000), event("tank_spawn", userid=uid(11), tankid=11),
                  {"remove_client": 11}, advance(6.0)],
                 [no_chat("still has"), NO_ERRORS]),
    ]
    out.append(Task(
        id="l4d2-eval-tank_spawn-doc-userid_timer", family="doc", theme="tank_spawn",
        title="Pass a userid through CreateTimer and resolve it with GetClientOfUserId",
        prompt=f"""Use these SourceMod APIs as documented:

- `native Handle CreateTimer(float interval, Timer func, any data=0, int flags=0);` — calls `func(Handle timer, any data)` after `interval` seconds; the callback returns `Plugin_Stop` for a one-shot timer.
- `native int GetClientUserId(int client);` / `native int GetClientOfUserId(int userid);` — a userid is unique for the whole session, while a client index is reused when a player leaves; `GetClientOfUserId` returns 0 when the userid is no longer connected. This is why data handed to a timer should be a userid, not a client index.

Task: on the L4D2 event `tank_spawn` (field `userid`), start a 5-second timer carrying the Tank's userid. When it fires, resolve the userid again; if the Tank is gone or dead do nothing, otherwise print to all: `[Tank] <name> still has <health> HP` (use `%N` and `GetClientHealth`).

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "passes the client index and uses it without re-validation: after the Tank leaves, GetClientHealth errors on the empty slot",
                   mutate(ref, ("    CreateTimer(5.0, Timer_Report, userid, TIMER_FLAG_NO_MAPCHANGE);",
                                "    CreateTimer(5.0, Timer_Report, GetClientOfUserId(userid), TIMER_FLAG_NO_MAPCHANGE);"),
                          ("    int tank = GetClientOfUserId(userid);\n    if (tank == 0 || !IsClientInGame(tank) || !IsPlayerAlive(tank))\n    {\n        return Plugin_Stop;\n    }\n",
                           "    int tank = userid;\n"))),
            Broken("behaviour", "reports immediately from the event instead of after five seconds",
                   mutate(ref, ("    CreateTimer(5.0, Timer_Report, userid, TIMER_FLAG_NO_MAPCHANGE);",
                                "    CreateTimer(0.1, Timer_Report, userid, TIMER_FLAG_NO_MAPCHANGE);"))),
            Broken("compile", "timer callback declared with the wrong signature (returns void and takes an int client)",
                   mutate(ref, ("public Action Timer_Report(Handle timer, any userid)\n{\n    int tank = GetClientOfUserId(userid);\n    if (tank == 0 || !IsClientInGame(tank) || !IsPlayerAlive(tank))\n    {\n        return Plugin_Stop;\n    }",
                                "public void Timer_Report(Handle timer, int userid, int extra)\n{\n    int tank = GetClientOfUserId(userid);\n    if (tank == 0 || !IsClientInGame(tank) || !IsPlayerAlive(tank))\n    {\n        return;\n    }"),
                          ("    PrintToChatAll(\"[Tank] %N still has %d HP\", tank, GetClientHealth(tank));\n    return Plugin_Stop;",
                           "    PrintToChatAll(\"[Tank] %N still has %d HP\", tank, GetClientHealth(tank));"))),
        ],
        checks=checks(natives=["CreateTimer", "GetClientOfUserId", "GetClientHealth"], events=["tank_spawn"],
                      scenarios=scen),
        api=["CreateTimer", "GetClientOfUserId", "GetClientUserId"],
        tags=["timer", "userid"],
    ))
    return out


def hunter_pounce() -> list[Task]:
    out = []
    hunter = infected(5, "Hunter", "hunter")
    # ---------------------------------------------------------------- scaffold: pounce announcer + best pounce
    ref = plugin("Pounce Announcer", "Announces long Hunter pounces and tracks the round's best", r'''
ConVar g_cvMinDistance;
int g_iBestDistance;
char g_sBestHunter[MAX_NAME_LENGTH];

public void OnPluginStart()
{
    g_cvMinDistance = CreateConVar("l4d2_pounce_min_distance", "300", "Minimum pounce distance to announce", FCVAR_NOTIFY, true, 0.0);
    HookEvent("lunge_pounce", Event_LungePounce);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_bestpounce", Cmd_BestPounce, "Shows the longest pounce of this round");
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    g_iBestDistance = 0;
    g_sBestHunter[0] = '\0';
}

public void Event_LungePounce(Event event, const char[] name, bool dontBroadcast)
{
    int hunter = GetClientOfUserId(event.GetInt("userid"));
    int victim = GetClientOfUserId(event.GetInt("victim"));
    if (hunter == 0 || victim == 0)
    {
        return;
    }
    int distance = event.GetInt("distance");
    if (distance < g_cvMinDistance.IntValue)
    {
        return;
    }
    PrintToChatAll("[Pounce] %N pounced %N from %d units!", hunter, victim, distance);
    if (distance > g_iBestDistance)
    {
        g_iBestDistance = distance;
        GetClientName(hunter, g_sBestHunter, sizeof(g_sBestHunter));
    }
}

public Action Cmd_BestPounce(int client, int args)
{
    if (g_iBestDistance == 0)
    {
        ReplyToCommand(client, "[Pounce] No pounce this round yet.");
    }
    else
    {
        ReplyToCommand(client, "[Pounce] Best pounce this round: %s (%d units)", g_sBestHunter, g_iBestDistance);
    }
    return Plugin_Handled;
}
''')
    hunter2 = client(6, "Stalker", 3, bot=True, zombie_class=3)
    scen = [
        scenario("announces pounces at or above the minimum distance only",
                 [FOUR, hunter, event("lunge_pounce", userid=uid(5), victim=uid(1), distance=300, damage=12),
                  event("lunge_pounce", userid=uid(5), victim=uid(2), distance=299, damage=8)],
                 [chat("[Pounce] Hunter pounced Nick from 300 units!"), no_chat("from 299 units"), NO_ERRORS]),
        scenario("sm_bestpounce reports the longest pounce",
                 [FOUR, hunter, hunter2,
                  event("lunge_pounce", userid=uid(5), victim=uid(1), distance=450, damage=12),
                  event("lunge_pounce", userid=uid(6), victim=uid(3), distance=820, damage=25),
                  event("lunge_pounce", userid=uid(5), victim=uid(2), distance=500, damage=14),
                  command(2, "sm_bestpounce")],
                 [reply("Best pounce this round: Stalker (820 units)")]),
        scenario("round_start resets the best pounce",
                 [FOUR, hunter, event("lunge_pounce", userid=uid(5), victim=uid(1), distance=450, damage=12),
                  event("round_start"), command(3, "sm_bestpounce")],
                 [reply("No pounce this round yet.")]),
        scenario("no pounce yet", [FOUR, command(1, "sm_bestpounce")], [reply("No pounce this round yet.")]),
        scenario("the minimum distance ConVar is honoured",
                 [FOUR, hunter, set_convar("l4d2_pounce_min_distance", 600),
                  event("lunge_pounce", userid=uid(5), victim=uid(1), distance=450, damage=12)],
                 [no_chat("pounced"), NO_ERRORS]),
    ]
    out.append(Task(
        id="l4d2-eval-hunter_pounce-scaffold-announcer", family="scaffold", theme="hunter_pounce",
        title="Announce long Hunter pounces and report the round's best pounce",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin that announces long Hunter pounces.

- Hook the `lunge_pounce` event (fields: `userid` = the Hunter's userid, `victim` = the survivor's userid, `distance` = pounce distance in units, `damage`). Note: there is no event called "pounce".
- Create the ConVar `l4d2_pounce_min_distance` (default "300"). A pounce whose distance is at least this value (>=) is announced to everyone as `[Pounce] <hunter> pounced <victim> from <distance> units!`; shorter pounces are ignored.
- Track the longest announced pounce of the round (Hunter name and distance). Reset it on `round_start`.
- Console command `sm_bestpounce` replies `[Pounce] Best pounce this round: <hunter> (<distance> units)`, or `[Pounce] No pounce this round yet.` when there is none.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "hooks the non-existent event `pounce` instead of lunge_pounce",
                   mutate(ref, ('HookEvent("lunge_pounce", Event_LungePounce);', 'HookEvent("pounce", Event_LungePounce);'))),
            Broken("behaviour", "off-by-one: uses > instead of >=, so a pounce of exactly the minimum distance is not announced",
                   mutate(ref, ("if (distance < g_cvMinDistance.IntValue)", "if (distance <= g_cvMinDistance.IntValue)"))),
            Broken("behaviour", "the best pounce is never reset on round_start",
                   mutate(ref, ("    g_iBestDistance = 0;\n    g_sBestHunter[0] = '\\0';\n", "    LogMessage(\"round started\");\n"))),
            Broken("compile", "GetClientName called without the buffer length argument (error 092)",
                   mutate(ref, ("GetClientName(hunter, g_sBestHunter, sizeof(g_sBestHunter));", "GetClientName(hunter, g_sBestHunter);"))),
        ],
        checks=checks(natives=["HookEvent", "Event.GetInt", "GetClientOfUserId", "ReplyToCommand", "CreateConVar"],
                      events=["lunge_pounce", "round_start"], forbid_events=["pounce"], commands=["sm_bestpounce"],
                      convars=["l4d2_pounce_min_distance"], scenarios=scen),
        tags=["events", "convar", "command"],
    ))

    # ---------------------------------------------------------------- repair: array indexed by userid
    good = plugin("Pounce Counter", "Counts pounces per Hunter", r'''
int g_iPounces[MAXPLAYERS + 1];

public void OnPluginStart()
{
    HookEvent("lunge_pounce", Event_LungePounce);
}

public void OnClientDisconnect(int client)
{
    g_iPounces[client] = 0;
}

public void Event_LungePounce(Event event, const char[] name, bool dontBroadcast)
{
    int hunter = GetClientOfUserId(event.GetInt("userid"));
    if (hunter == 0)
    {
        return;
    }
    g_iPounces[hunter]++;
    PrintToChatAll("[Pounce] %N has landed %d pounce(s)", hunter, g_iPounces[hunter]);
}
''')
    bad = mutate(good, ("    int hunter = GetClientOfUserId(event.GetInt(\"userid\"));\n    if (hunter == 0)\n    {\n        return;\n    }\n    g_iPounces[hunter]++;\n    PrintToChatAll(\"[Pounce] %N has landed %d pounce(s)\", hunter, g_iPounces[hunter]);",
                        "    int userid = event.GetInt(\"userid\");\n    g_iPounces[userid]++;\n    PrintToChatAll(\"[Pounce] %N has landed %d pounce(s)\", GetClientOfUserId(userid), g_iPounces[userid]);"))
    scen = [
        scenario("counts each Hunter's pounces without errors",
                 [FOUR, hunter, client(6, "Stalker", 3, bot=True, zombie_class=3),
                  event("lunge_pounce", userid=uid(5), victim=uid(1), distance=200, damage=5),
                  event("lunge_pounce", userid=uid(5), victim=uid(2), distance=250, damage=5),
                  event("lunge_pounce", userid=uid(6), victim=uid(3), distance=250, damage=5)],
                 [chat("Hunter has landed 2 pounce(s)"), chat("Stalker has landed 1 pounce(s)"), NO_ERRORS]),
        scenario("a new player in a reused slot starts from zero",
                 [FOUR, hunter, event("lunge_pounce", userid=uid(5), victim=uid(1), distance=200, damage=5),
                  {"remove_client": 5}, client(5, "Newcomer", 3, bot=True, zombie_class=3),
                  event("lunge_pounce", userid=uid(5), victim=uid(1), distance=200, damage=5)],
                 [chat("Newcomer has landed 1 pounce(s)"), NO_ERRORS]),
    ]
    out.append(Task(
        id="l4d2-eval-hunter_pounce-repair-userid_array", family="repair", theme="hunter_pounce",
        title="Fix the pounce counter that throws array index errors",
        prompt=f"""The plugin below should print `[Pounce] <hunter> has landed <n> pounce(s)` after every Hunter pounce, counting per Hunter. On the server nothing is ever printed, and each pounce logs `Array index out-of-bounds (index 105, limit 66)` (the index changes with the player).

{code_block(bad)}

Fix it so each Hunter's pounces are counted correctly and the per-player count starts from zero for whoever occupies a slot after a disconnect. Keep the message format. {ANSWER}""",
        reference=good,
        broken=[
            Broken("behaviour", "the unrepaired plugin: indexes a MAXPLAYERS+1 array with a userid", bad),
            Broken("behaviour", "silences the error by skipping userids above MaxClients, so nothing is ever counted",
                   mutate(bad, ("    g_iPounces[userid]++;\n", "    if (userid > MaxClients)\n    {\n        return;\n    }\n    g_iPounces[userid]++;\n"))),
            Broken("behaviour", "counts per client index but never resets a slot on disconnect, so a newcomer inherits the old count",
                   mutate(good, ("public void OnClientDisconnect(int client)\n{\n    g_iPounces[client] = 0;\n}\n\n", ""))),
        ],
        checks=checks(natives=["GetClientOfUserId", "Event.GetInt"], events=["lunge_pounce"], scenarios=scen),
        tags=["events", "userid", "arrays"],
    ))

    # ---------------------------------------------------------------- refactor: legacy pounce damage report
    legacy = legacy_plugin("Pounce Damage", "Reports damage dealt by Hunter pounces", r'''
new Handle:g_hMinDamage;
new g_iTotalDamage;

public OnPluginStart()
{
    g_hMinDamage = CreateConVar("l4d2_pounce_report_min_damage", "10", "Report pounces that deal at least this much damage");
    HookEvent("lunge_pounce", Event_Pounce);
    RegConsoleCmd("sm_pouncedamage", Command_PounceDamage);
}

public Event_Pounce(Handle:event, const String:name[], bool:dontBroadcast)
{
    new attacker = GetClientOfUserId(GetEventInt(event, "userid"));
    new victim = GetClientOfUserId(GetEventInt(event, "victim"));
    new damage = GetEventInt(event, "damage");
    if (attacker == 0 || victim == 0)
    {
        return;
    }
    g_iTotalDamage += damage;
    if (damage >= GetConVarInt(g_hMinDamage))
    {
        decl String:attackerName[MAX_NAME_LENGTH], String:victimName[MAX_NAME_LENGTH];
        GetClientName(attacker, attackerName, sizeof(attackerName));
        GetClientName(victim, victimName, sizeof(victimName));
        PrintToChatAll("[Pounce] %s pounced %s for %d damage", attackerName, victimName, damage);
    }
}

public Action:Command_PounceDamage(client, args)
{
    ReplyToCommand(client, "[Pounce] Total pounce damage: %d", g_iTotalDamage);
    return Plugin_Handled;
}
''')
    ref = plugin("Pounce Damage", "Reports damage dealt by Hunter pounces", r'''
ConVar g_cvMinDamage;
int g_iTotalDamage;

public void OnPluginStart()
{
    g_cvMinDamage = CreateConVar("l4d2_pounce_report_min_damage", "10", "Report pounces that deal at least this much damage");
    HookEvent("lunge_pounce", Event_Pounce);
    RegConsoleCmd("sm_pouncedamage", Command_PounceDamage);
}

public void Event_Pounce(Event event, const char[] name, bool dontBroadcast)
{
    int attacker = GetClientOfUserId(event.GetInt("userid"));
    int victim = GetClientOfUserId(event.GetInt("victim"));
    int damage = event.GetInt("damage");
    if (attacker == 0 || victim == 0)
    {
        return;
    }
    g_iTotalDamage += damage;
    if (damage >= g_cvMinDamage.IntValue)
    {
        char attackerName[MAX_NAME_LENGTH], victimName[MAX_NAME_LENGTH];
        GetClientName(attacker, attackerName, sizeof(attackerName));
        GetClientName(victim, victimName, sizeof(victimName));
        PrintToChatAll("[Pounce] %s pounced %s for %d damage", attackerName, victimName, damage);
    }
}

public Action Command_PounceDamage(int client, int args)
{
    ReplyToCommand(client, "[Pounce] Total pounce damage: %d", g_iTotalDamage);
    return Plugin_Handled;
}
''')
    scen = [scenario("reports big pounces and sums all pounce damage",
                     [FOUR, hunter, event("lunge_pounce", userid=uid(5), victim=uid(1), distance=400, damage=25),
                      event("lunge_pounce", userid=uid(5), victim=uid(2), distance=100, damage=4),
                      command(1, "sm_pouncedamage")],
                     [chat("[Pounce] Hunter pounced Nick for 25 damage"), no_chat("for 4 damage"),
                      reply("Total pounce damage: 29"), NO_ERRORS]),
            scenario("threshold ConVar",
                     [FOUR, hunter, set_convar("l4d2_pounce_report_min_damage", 3),
                      event("lunge_pounce", userid=uid(5), victim=uid(2), distance=100, damage=4)],
                     [chat("Hunter pounced Ellis for 4 damage")])]
    out.append(Task(
        id="l4d2-eval-hunter_pounce-refactor-damage_report", family="refactor", theme="hunter_pounce",
        title="Port the legacy pounce damage reporter to new-style syntax",
        prompt=f"""Port this pre-1.7 SourcePawn plugin to new-style declarations (`#pragma newdecls required`) and methodmaps. Replace `Handle` ConVars with `ConVar` and `GetConVarInt` with `.IntValue`, `GetEventInt` with the `Event` methodmap, `decl String:` with `char`, and give every callback its typed signature. The ConVar, event, command and all messages must behave exactly as before.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "still the legacy code (GetEventInt, GetConVarInt)", legacy),
            Broken("compile", "keeps the old `decl String:` declaration, which newdecls rejects (error 147)",
                   mutate(ref, ("        char attackerName[MAX_NAME_LENGTH], victimName[MAX_NAME_LENGTH];",
                                "        decl String:attackerName[MAX_NAME_LENGTH], String:victimName[MAX_NAME_LENGTH];"))),
            Broken("behaviour", "the refactor only sums damage of reported pounces",
                   mutate(ref, ("    g_iTotalDamage += damage;\n    if (damage >= g_cvMinDamage.IntValue)\n    {\n",
                                "    if (damage >= g_cvMinDamage.IntValue)\n    {\n        g_iTotalDamage += damage;\n"))),
        ],
        checks=checks(natives=["Event.GetInt", "ConVar.IntValue.get"], forbid_natives=["GetEventInt", "GetConVarInt"],
                      events=["lunge_pounce"], commands=["sm_pouncedamage"], convars=["l4d2_pounce_report_min_damage"],
                      scenarios=scen),
        tags=["legacy-syntax", "methodmaps"],
    ))

    # ---------------------------------------------------------------- doc: GetEntPropEnt m_pounceAttacker
    ref = plugin("Pinned Survivors", "Lists survivors pinned by a Hunter", r'''
public void OnPluginStart()
{
    RegConsoleCmd("sm_pinned", Cmd_Pinned, "Lists survivors currently pinned by a Hunter");
}

public Action Cmd_Pinned(int client, int args)
{
    int pinned = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (!IsClientInGame(i) || GetClientTeam(i) != 2 || !IsPlayerAlive(i))
        {
            continue;
        }
        int attacker = GetEntPropEnt(i, Prop_Send, "m_pounceAttacker");
        if (attacker > 0 && attacker <= MaxClients && IsClientInGame(attacker))
        {
            ReplyToCommand(client, "[Pinned] %N is pinned by %N", i, attacker);
            pinned++;
        }
    }
    ReplyToCommand(client, "[Pinned] %d survivor(s) pinned by Hunters", pinned);
    return Plugin_Handled;
}
''')
    none = {"m_pounceAttacker": -1}
    scen = [scenario("lists only survivors whose m_pounceAttacker is a client",
                     [client(1, "Nick", 2, netprops={"m_pounceAttacker": 5}), client(2, "Ellis", 2, netprops=none),
                      client(3, "Rochelle", 2, netprops=none), client(4, "Coach", 2, netprops={"m_pounceAttacker": 6}),
                      hunter, client(6, "Stalker", 3, bot=True, zombie_class=3), command(2, "sm_pinned")],
                     [reply("Nick is pinned by Hunter"), reply("Coach is pinned by Stalker"),
                      reply("2 survivor(s) pinned by Hunters"), NO_ERRORS]),
            scenario("nobody pinned",
                     [client(1, "Nick", 2, netprops=none), client(2, "Ellis", 2, netprops=none), hunter,
                      command(1, "sm_pinned")],
                     [reply("0 survivor(s) pinned by Hunters"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-hunter_pounce-doc-pounce_attacker", family="doc", theme="hunter_pounce",
        title="Read the m_pounceAttacker entity netprop with GetEntPropEnt",
        prompt=f"""Use this SourceMod API as documented (entity.inc):

`native int GetEntPropEnt(int entity, PropType type, const char[] prop, int element=0);`
"Retrieves an entity index from an entity's property. Returns the entity index at the given property, or -1 if there is no entity."

In Left 4 Dead 2 a survivor's send property `m_pounceAttacker` (an entity handle) holds the Hunter pinning them, or no entity when nobody is.

Task: register the console command `sm_pinned`. For each in-game, living survivor (team 2), read `m_pounceAttacker` with `GetEntPropEnt(..., Prop_Send, ...)`; when it is a valid in-game client, reply `[Pinned] <survivor> is pinned by <hunter>`. Finish with the reply `[Pinned] <n> survivor(s) pinned by Hunters`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "treats any non-zero value as a Hunter, so -1 (no entity) is passed to %N and raises an invalid client error",
                   mutate(ref, ("if (attacker > 0 && attacker <= MaxClients && IsClientInGame(attacker))", "if (attacker != 0)"))),
            Broken("static", "reads the wrong property m_pounceVictim (the required m_pounceAttacker is never read)",
                   mutate(ref, ('int attacker = GetEntPropEnt(i, Prop_Send, "m_pounceAttacker");', 'int attacker = GetEntPropEnt(i, Prop_Send, "m_pounceVictim");'))),
            Broken("compile", "passes the property name without the PropType argument",
                   mutate(ref, ('int attacker = GetEntPropEnt(i, Prop_Send, "m_pounceAttacker");', 'int attacker = GetEntPropEnt(i, "m_pounceAttacker");'))),
        ],
        checks=checks(natives=["GetEntPropEnt", "ReplyToCommand"], commands=["sm_pinned"], netprops=["m_pounceAttacker"],
                      scenarios=scen),
        api=["GetEntPropEnt"],
        tags=["netprop", "command"],
    ))
    return out


def smoker_grab() -> list[Task]:
    out = []
    smoker = infected(6, "Smoker", "smoker")
    # ---------------------------------------------------------------- scaffold: grab alert to survivors
    ref = plugin("Smoker Grab Alert", "Tells survivors who was grabbed by a Smoker", r'''
int g_iGrabs;

public void OnPluginStart()
{
    HookEvent("tongue_grab", Event_TongueGrab);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_grabs", Cmd_Grabs, "Shows how many Smoker grabs happened this round");
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    g_iGrabs = 0;
}

public void Event_TongueGrab(Event event, const char[] name, bool dontBroadcast)
{
    int smoker = GetClientOfUserId(event.GetInt("userid"));
    int victim = GetClientOfUserId(event.GetInt("victim"));
    if (smoker == 0 || victim == 0)
    {
        return;
    }
    g_iGrabs++;
    PrintToChat(victim, "[Smoker] %N grabbed you! Shoot the tongue or shove free.", smoker);
    for (int i = 1; i <= MaxClients; i++)
    {
        if (i != victim && IsClientInGame(i) && GetClientTeam(i) == 2)
        {
            PrintToChat(i, "[Smoker] %N is being dragged by %N!", victim, smoker);
        }
    }
}

public Action Cmd_Grabs(int client, int args)
{
    ReplyToCommand(client, "[Smoker] Grabs this round: %d", g_iGrabs);
    return Plugin_Handled;
}
''')
    scen = [scenario("the victim and the other survivors are told, the infected are not",
                     [FOUR, smoker, client(7, "Player3", 3, zombie_class=2),
                      event("tongue_grab", userid=uid(6), victim=uid(2)), command(1, "sm_grabs")],
                     [chat_to(2, "Smoker grabbed you!"), chat_to(1, "Ellis is being dragged by Smoker!"),
                      chat_to(4, "Ellis is being dragged by Smoker!"),
                      reply("Grabs this round: 1"), NO_ERRORS]),
            scenario("the count resets each round",
                     [FOUR, smoker, event("tongue_grab", userid=uid(6), victim=uid(2)),
                      event("tongue_grab", userid=uid(6), victim=uid(3)), command(1, "sm_grabs"),
                      event("round_start"), command(1, "sm_grabs")],
                     [reply("Grabs this round: 2"), reply("Grabs this round: 0")])]
    out.append(Task(
        id="l4d2-eval-smoker_grab-scaffold-grab_alert", family="scaffold", theme="smoker_grab",
        title="Alert survivors when a Smoker grabs one of them",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin that reacts to Smoker tongue grabs.

- Hook the `tongue_grab` event (fields: `userid` = the Smoker's userid, `victim` = the grabbed survivor's userid). Resolve both with `GetClientOfUserId`; ignore the event if either is 0.
- Send the victim (only) `[Smoker] <smoker> grabbed you! Shoot the tongue or shove free.` with `PrintToChat`.
- Send every other in-game survivor (team 2) `[Smoker] <victim> is being dragged by <smoker>!`. Infected and spectators get nothing.
- Count grabs per round (reset on `round_start`) and register `sm_grabs`, which replies `[Smoker] Grabs this round: <n>`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "hooks the invented event `smoker_tongue_grab` instead of tongue_grab",
                   mutate(ref, ('HookEvent("tongue_grab", Event_TongueGrab);', 'HookEvent("smoker_tongue_grab", Event_TongueGrab);'))),
            Broken("behaviour", "wrong team filter: sends the teammate message to team 3 (infected) instead of the survivors",
                   mutate(ref, ("if (i != victim && IsClientInGame(i) && GetClientTeam(i) == 2)", "if (i != victim && IsClientInGame(i) && GetClientTeam(i) == 3)"))),
            Broken("behaviour", "swaps the Smoker and victim fields, so the wrong player is addressed",
                   mutate(ref, ('    int smoker = GetClientOfUserId(event.GetInt("userid"));\n    int victim = GetClientOfUserId(event.GetInt("victim"));',
                                '    int smoker = GetClientOfUserId(event.GetInt("victim"));\n    int victim = GetClientOfUserId(event.GetInt("userid"));'))),
            Broken("compile", "missing semicolon after the counter increment (semicolons are required)",
                   mutate(ref, ("    g_iGrabs++;\n", "    g_iGrabs++\n"))),
        ],
        checks=checks(natives=["HookEvent", "GetClientOfUserId", "PrintToChat", "ReplyToCommand"],
                      events=["tongue_grab", "round_start"], forbid_events=["smoker_tongue_grab"], commands=["sm_grabs"],
                      scenarios=scen),
        tags=["events", "chat", "team-filter"],
    ))

    # ---------------------------------------------------------------- repair: invented event name
    good = plugin("Tongue Warning", "Warns everyone when a Smoker grabs a survivor", r'''
public void OnPluginStart()
{
    HookEvent("tongue_grab", Event_Grab);
    HookEvent("tongue_release", Event_Release);
}

public void Event_Grab(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("victim"));
    if (victim == 0)
    {
        return;
    }
    PrintHintText(victim, "You have been grabbed! Shoot the tongue!");
    PrintToChatAll("[Tongue] %N was grabbed by a Smoker", victim);
}

public void Event_Release(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("victim"));
    if (victim == 0)
    {
        return;
    }
    PrintToChatAll("[Tongue] %N is free again", victim);
}
''')
    bad = mutate(good, ('HookEvent("tongue_grab", Event_Grab);', 'HookEvent("smoker_tongue_grab", Event_Grab);'),
                 ('HookEvent("tongue_release", Event_Release);', 'HookEvent("smoker_tongue_release", Event_Release);'))
    scen = [scenario("grab and release are both announced",
                     [FOUR, smoker, event("tongue_grab", userid=uid(6), victim=uid(3)),
                      event("tongue_release", userid=uid(6), victim=uid(3))],
                     [hint("You have been grabbed!"), chat("[Tongue] Rochelle was grabbed by a Smoker"),
                      chat("[Tongue] Rochelle is free again"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-smoker_grab-repair-event_names", family="repair", theme="smoker_grab",
        title="Fix the Smoker tongue warning that never fires",
        prompt=f"""This plugin should show a survivor the hint `You have been grabbed! Shoot the tongue!` and print `[Tongue] <name> was grabbed by a Smoker` when a Smoker grabs them, and `[Tongue] <name> is free again` when they are released. It compiles and loads without errors, but in game nothing ever happens when Smokers grab or release survivors, and nothing is logged.

{code_block(bad)}

Fix it. Keep the messages and the hint text. {ANSWER}""",
        reference=good,
        broken=[
            Broken("static", "the unrepaired plugin: hooks event names that do not exist in L4D2", bad),
            Broken("static", "fixes only the grab event; `smoker_tongue_release` still does not exist",
                   mutate(good, ('HookEvent("tongue_release", Event_Release);', 'HookEvent("smoker_tongue_release", Event_Release);'))),
            Broken("behaviour", "hooks the right events but reads the victim from `userid` (the Smoker)",
                   mutate(good, ('    int victim = GetClientOfUserId(event.GetInt("victim"));\n    if (victim == 0)\n    {\n        return;\n    }\n    PrintHintText',
                                 '    int victim = GetClientOfUserId(event.GetInt("userid"));\n    if (victim == 0)\n    {\n        return;\n    }\n    PrintHintText'))),
        ],
        checks=checks(natives=["HookEvent", "PrintHintText", "GetClientOfUserId"], events=["tongue_grab", "tongue_release"],
                      forbid_events=["smoker_tongue_grab", "smoker_tongue_release"], scenarios=scen),
        tags=["events", "wrong-api"],
    ))

    # ---------------------------------------------------------------- refactor: legacy adt_array -> ArrayList
    legacy = legacy_plugin("Smoker Victims", "Remembers who the Smokers grabbed this round", r'''
new Handle:g_hVictims = INVALID_HANDLE;

public OnPluginStart()
{
    g_hVictims = CreateArray();
    HookEvent("tongue_grab", Event_TongueGrab);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_smokevictims", Command_Victims);
}

public Event_RoundStart(Handle:event, const String:name[], bool:dontBroadcast)
{
    ClearArray(g_hVictims);
}

public Event_TongueGrab(Handle:event, const String:name[], bool:dontBroadcast)
{
    new victimId = GetEventInt(event, "victim");
    if (FindValueInArray(g_hVictims, victimId) == -1)
    {
        PushArrayCell(g_hVictims, victimId);
    }
}

public Action:Command_Victims(client, args)
{
    new count = GetArraySize(g_hVictims);
    ReplyToCommand(client, "[Smoker] %d different survivor(s) grabbed this round", count);
    for (new i = 0; i < count; i++)
    {
        new victim = GetClientOfUserId(GetArrayCell(g_hVictims, i));
        if (victim != 0)
        {
            ReplyToCommand(client, "[Smoker] - %N", victim);
        }
    }
    return Plugin_Handled;
}
''')
    ref = plugin("Smoker Victims", "Remembers who the Smokers grabbed this round", r'''
ArrayList g_hVictims;

public void OnPluginStart()
{
    g_hVictims = new ArrayList();
    HookEvent("tongue_grab", Event_TongueGrab);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_smokevictims", Command_Victims);
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    g_hVictims.Clear();
}

public void Event_TongueGrab(Event event, const char[] name, bool dontBroadcast)
{
    int victimId = event.GetInt("victim");
    if (g_hVictims.FindValue(victimId) == -1)
    {
        g_hVictims.Push(victimId);
    }
}

public Action Command_Victims(int client, int args)
{
    int count = g_hVictims.Length;
    ReplyToCommand(client, "[Smoker] %d different survivor(s) grabbed this round", count);
    for (int i = 0; i < count; i++)
    {
        int victim = GetClientOfUserId(g_hVictims.Get(i));
        if (victim != 0)
        {
            ReplyToCommand(client, "[Smoker] - %N", victim);
        }
    }
    return Plugin_Handled;
}
''')
    scen = [scenario("distinct victims are listed and cleared each round",
                     [FOUR, smoker, event("tongue_grab", userid=uid(6), victim=uid(2)),
                      event("tongue_grab", userid=uid(6), victim=uid(4)), event("tongue_grab", userid=uid(6), victim=uid(2)),
                      command(1, "sm_smokevictims")],
                     [reply("2 different survivor(s) grabbed this round"), reply("- Ellis"), reply("- Coach"), NO_ERRORS]),
            scenario("round_start clears the list",
                     [FOUR, smoker, event("tongue_grab", userid=uid(6), victim=uid(2)), event("round_start"),
                      command(1, "sm_smokevictims")],
                     [reply("0 different survivor(s) grabbed this round")])]
    out.append(Task(
        id="l4d2-eval-smoker_grab-refactor-arraylist", family="refactor", theme="smoker_grab",
        title="Port the Smoker victim list from adt_array natives to ArrayList",
        prompt=f"""Modernise this plugin: new-style declarations (`#pragma newdecls required`), the `ArrayList` methodmap instead of `CreateArray`/`PushArrayCell`/`FindValueInArray`/`GetArraySize`/`GetArrayCell`/`ClearArray`, and the `Event` methodmap instead of `GetEventInt`. The command output and the per-round reset must not change.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "returned unchanged: still the adt_array natives and GetEventInt", legacy),
            Broken("behaviour", "drops the duplicate check, so a survivor grabbed twice is listed twice",
                   mutate(ref, ("    if (g_hVictims.FindValue(victimId) == -1)\n    {\n        g_hVictims.Push(victimId);\n    }",
                                "    g_hVictims.Push(victimId);"))),
            Broken("compile", "uses a non-existent ArrayList method `Size()`",
                   mutate(ref, ("int count = g_hVictims.Length;", "int count = g_hVictims.Size();"))),
        ],
        checks=checks(natives=["ArrayList.ArrayList", "ArrayList.Push", "ArrayList.Length.get",
                               "ArrayList.Clear", "Event.GetInt"],
                      forbid_natives=["CreateArray", "PushArrayCell", "GetArraySize", "GetArrayCell", "ClearArray",
                                      "FindValueInArray", "GetEventInt"],
                      events=["tongue_grab", "round_start"], commands=["sm_smokevictims"], scenarios=scen),
        tags=["legacy-syntax", "methodmaps", "arraylist"],
    ))

    # ---------------------------------------------------------------- doc: StringMap replace flag
    ref = plugin("Smoker Grab Tally", "Counts grabs per Smoker name", r'''
StringMap g_hGrabs;

public void OnPluginStart()
{
    g_hGrabs = new StringMap();
    HookEvent("tongue_grab", Event_TongueGrab);
}

public void Event_TongueGrab(Event event, const char[] name, bool dontBroadcast)
{
    int smoker = GetClientOfUserId(event.GetInt("userid"));
    if (smoker == 0)
    {
        return;
    }
    char smokerName[MAX_NAME_LENGTH];
    GetClientName(smoker, smokerName, sizeof(smokerName));
    int grabs = 0;
    g_hGrabs.GetValue(smokerName, grabs);
    grabs++;
    g_hGrabs.SetValue(smokerName, grabs);
    PrintToChatAll("[Smoker] %s has grabbed %d survivor(s)", smokerName, grabs);
}
''')
    scen = [scenario("each Smoker's grabs are tallied by name",
                     [FOUR, smoker, client(7, "Choker", 3, bot=True, zombie_class=1),
                      event("tongue_grab", userid=uid(6), victim=uid(1)), event("tongue_grab", userid=uid(7), victim=uid(2)),
                      event("tongue_grab", userid=uid(6), victim=uid(3)), event("tongue_grab", userid=uid(6), victim=uid(4))],
                     [chat("Smoker has grabbed 3 survivor(s)"), chat("Choker has grabbed 1 survivor(s)"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-smoker_grab-doc-stringmap", family="doc", theme="smoker_grab",
        title="Tally Smoker grabs in a StringMap",
        prompt=f"""Use SourceMod's `StringMap` (adt_trie.inc) as documented:

- `public native StringMap();` creates an empty map.
- `public native bool SetValue(const char[] key, any value, bool replace=true);` — "Sets a value in a hash map, either inserting a new entry or replacing an old one. If replace is false and the key is already set, the call fails and returns false."
- `public native bool GetValue(const char[] key, any &value);` — returns false when the key is not set (the value is then left unchanged).

Task: hook the L4D2 event `tongue_grab` (`userid` = the Smoker's userid). Keep a StringMap from Smoker name to number of grabs. On each grab, increment that Smoker's count and print to all `[Smoker] <name> has grabbed <n> survivor(s)`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "SetValue with replace=false never updates an existing key, so every Smoker stays at 1",
                   mutate(ref, ("g_hGrabs.SetValue(smokerName, grabs);", "g_hGrabs.SetValue(smokerName, grabs, false);"))),
            Broken("behaviour", "looks the count up under a wrong key (a number string), so every grab reports 1",
                   mutate(ref, ("    g_hGrabs.GetValue(smokerName, grabs);\n", "    char key[8];\n    IntToString(grabs, key, sizeof(key));\n    g_hGrabs.GetValue(key, grabs);\n"))),
            Broken("compile", "creates the map with a function that does not exist (CreateStringMap)",
                   mutate(ref, ("g_hGrabs = new StringMap();", "g_hGrabs = CreateStringMap();"))),
        ],
        checks=checks(natives=["StringMap.StringMap", "StringMap.SetValue", "StringMap.GetValue"], events=["tongue_grab"],
                      scenarios=scen),
        api=["StringMap.SetValue", "StringMap.GetValue"],
        tags=["stringmap", "events"],
    ))
    return out


def charger_carry() -> list[Task]:
    out = []
    charger = infected(7, "Charger", "charger")
    # ---------------------------------------------------------------- scaffold: carry counter per survivor
    ref = plugin("Charger Carry Log", "Counts how often each survivor is carried by a Charger", r'''
int g_iCarried[MAXPLAYERS + 1];

public void OnPluginStart()
{
    HookEvent("charger_carry_start", Event_CarryStart);
    RegConsoleCmd("sm_carried", Cmd_Carried, "Lists how often each survivor was carried");
}

public void OnClientDisconnect(int client)
{
    g_iCarried[client] = 0;
}

public void Event_CarryStart(Event event, const char[] name, bool dontBroadcast)
{
    int charger = GetClientOfUserId(event.GetInt("userid"));
    int victim = GetClientOfUserId(event.GetInt("victim"));
    if (charger == 0 || victim == 0)
    {
        return;
    }
    g_iCarried[victim]++;
    PrintToChatAll("[Charger] %N is carrying %N!", charger, victim);
}

public Action Cmd_Carried(int client, int args)
{
    int listed = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 2 && g_iCarried[i] > 0)
        {
            ReplyToCommand(client, "[Charger] %N was carried %d time(s)", i, g_iCarried[i]);
            listed++;
        }
    }
    if (listed == 0)
    {
        ReplyToCommand(client, "[Charger] Nobody has been carried yet.");
    }
    return Plugin_Handled;
}
''')
    scen = [scenario("announces carries and counts them per survivor",
                     [FOUR, charger, command(1, "sm_carried"),
                      event("charger_carry_start", userid=uid(7), victim=uid(3)),
                      event("charger_carry_end", userid=uid(7), victim=uid(3)),
                      event("charger_carry_start", userid=uid(7), victim=uid(3)),
                      event("charger_carry_start", userid=uid(7), victim=uid(1)), command(2, "sm_carried")],
                     [reply("Nobody has been carried yet."), chat("[Charger] Charger is carrying Rochelle!"),
                      reply("Rochelle was carried 2 time(s)"), reply("Nick was carried 1 time(s)"), NO_ERRORS]),
            scenario("a reused slot starts from zero",
                     [FOUR, charger, event("charger_carry_start", userid=uid(7), victim=uid(4)), {"remove_client": 4},
                      client(4, "Zoey", 2), command(1, "sm_carried")],
                     [reply("Nobody has been carried yet.")])]
    out.append(Task(
        id="l4d2-eval-charger_carry-scaffold-carry_log", family="scaffold", theme="charger_carry",
        title="Announce Charger carries and count them per survivor",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin that tracks Charger carries.

- Hook `charger_carry_start` (fields `userid` = the Charger, `victim` = the carried survivor; both userids). There is no "charger_grab" event.
- On each carry print to everyone `[Charger] <charger> is carrying <victim>!` and add one to the victim's carry count (an array indexed by client, cleared in `OnClientDisconnect` so a new player in the slot starts at zero).
- Console command `sm_carried` replies one line per in-game survivor with a non-zero count: `[Charger] <name> was carried <n> time(s)`; if there is none, reply `[Charger] Nobody has been carried yet.`

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("extract", "answers with a Lua snippet instead of a SourcePawn plugin",
                   answer="```lua\nfunction OnChargerCarry(charger, victim)\n  carried[victim] = (carried[victim] or 0) + 1\n  print(charger .. \" is carrying \" .. victim)\nend\n```\n"),
            Broken("static", "hooks the invented event `charger_grab`",
                   mutate(ref, ('HookEvent("charger_carry_start", Event_CarryStart);', 'HookEvent("charger_grab", Event_CarryStart);'))),
            Broken("behaviour", "counts the Charger instead of the victim, so survivors are never listed",
                   mutate(ref, ("    g_iCarried[victim]++;", "    g_iCarried[charger]++;"))),
            Broken("behaviour", "does not clear the count on disconnect, so a newcomer inherits it",
                   mutate(ref, ("public void OnClientDisconnect(int client)\n{\n    g_iCarried[client] = 0;\n}\n\n", ""))),
            Broken("compile", "declares the counter array with an undefined size constant",
                   mutate(ref, ("int g_iCarried[MAXPLAYERS + 1];", "int g_iCarried[MAX_PLAYERS + 1];"))),
        ],
        checks=checks(natives=["HookEvent", "GetClientOfUserId", "ReplyToCommand"], events=["charger_carry_start"],
                      forbid_events=["charger_grab"], commands=["sm_carried"], scenarios=scen),
        tags=["events", "arrays", "command"],
    ))

    # ---------------------------------------------------------------- repair: timer not repeating
    good = plugin("Carry Timer Hint", "Shows carried survivors how long they have been carried", r'''
bool g_bCarried[MAXPLAYERS + 1];
int g_iSeconds[MAXPLAYERS + 1];

public void OnPluginStart()
{
    HookEvent("charger_carry_start", Event_CarryStart);
    HookEvent("charger_carry_end", Event_CarryEnd);
}

public void Event_CarryStart(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("victim"));
    if (victim == 0)
    {
        return;
    }
    g_bCarried[victim] = true;
    g_iSeconds[victim] = 0;
    CreateTimer(1.0, Timer_CarryHint, GetClientUserId(victim), TIMER_REPEAT);
}

public void Event_CarryEnd(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("victim"));
    if (victim != 0)
    {
        g_bCarried[victim] = false;
    }
}

public Action Timer_CarryHint(Handle timer, any userid)
{
    int victim = GetClientOfUserId(userid);
    if (victim == 0 || !g_bCarried[victim])
    {
        return Plugin_Stop;
    }
    g_iSeconds[victim]++;
    PrintHintText(victim, "Carried for %d s - shoot the Charger!", g_iSeconds[victim]);
    return Plugin_Continue;
}
''')
    bad = mutate(good, ("CreateTimer(1.0, Timer_CarryHint, GetClientUserId(victim), TIMER_REPEAT);",
                        "CreateTimer(1.0, Timer_CarryHint, GetClientUserId(victim));"))
    scen = [scenario("the hint counts up every second while carried",
                     [FOUR, charger, event("charger_carry_start", userid=uid(7), victim=uid(2)), advance(3.5)],
                     [hint("Carried for 3 s"), NO_ERRORS]),
            scenario("the timer stops after the carry ends",
                     [FOUR, charger, event("charger_carry_start", userid=uid(7), victim=uid(2)), advance(2.5),
                      event("charger_carry_end", userid=uid(7), victim=uid(2)), advance(3.0)],
                     [hint("Carried for 2 s"), {"pending_timers": 0}, NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-charger_carry-repair-timer_repeat", family="repair", theme="charger_carry",
        title="Fix the carry hint that never counts past one second",
        prompt=f"""While a Charger carries a survivor, this plugin should update the victim's hint box every second: `Carried for 1 s ...`, `Carried for 2 s ...` and so on, until `charger_carry_end`. On the server the victim only ever sees `Carried for 1 s - shoot the Charger!`, even during long carries. There are no errors.

{code_block(bad)}

Fix it so the hint keeps counting every second during the carry and the timer ends once the carry is over. {ANSWER}""",
        reference=good,
        broken=[
            Broken("behaviour", "the unrepaired plugin: a one-shot timer", bad),
            Broken("behaviour", "makes the timer repeat but never stops it: Plugin_Continue even after the carry ended",
                   mutate(good, ("    if (victim == 0 || !g_bCarried[victim])\n    {\n        return Plugin_Stop;\n    }\n",
                                 "    if (victim == 0)\n    {\n        return Plugin_Stop;\n    }\n"))),
            Broken("compile", "uses a timer flag constant that does not exist (TIMER_REPEATING)",
                   mutate(good, ("CreateTimer(1.0, Timer_CarryHint, GetClientUserId(victim), TIMER_REPEAT);",
                                 "CreateTimer(1.0, Timer_CarryHint, GetClientUserId(victim), TIMER_REPEATING);"))),
        ],
        checks=checks(natives=["CreateTimer", "PrintHintText", "GetClientOfUserId"],
                      events=["charger_carry_start", "charger_carry_end"], scenarios=scen),
        tags=["timer", "events"],
    ))

    # ---------------------------------------------------------------- refactor: legacy carry report with ConVar
    legacy = legacy_plugin("Charger Drop Report", "Reports when a Charger drops a survivor", r'''
new Handle:g_hEnabled;
new Handle:g_hPrefix;

public OnPluginStart()
{
    g_hEnabled = CreateConVar("l4d2_charger_report", "1", "Report Charger drops");
    g_hPrefix = CreateConVar("l4d2_charger_report_prefix", "[Charger]", "Chat prefix");
    HookEvent("charger_carry_end", Event_CarryEnd);
}

public Event_CarryEnd(Handle:event, const String:name[], bool:dontBroadcast)
{
    if (!GetConVarBool(g_hEnabled))
    {
        return;
    }
    new charger = GetClientOfUserId(GetEventInt(event, "userid"));
    new victim = GetClientOfUserId(GetEventInt(event, "victim"));
    if (charger == 0 || victim == 0)
    {
        return;
    }
    new String:prefix[32];
    GetConVarString(g_hPrefix, prefix, sizeof(prefix));
    PrintToChatAll("%s %N dropped %N (%d HP left)", prefix, charger, victim, GetClientHealth(victim));
}
''')
    ref = plugin("Charger Drop Report", "Reports when a Charger drops a survivor", r'''
ConVar g_hEnabled;
ConVar g_hPrefix;

public void OnPluginStart()
{
    g_hEnabled = CreateConVar("l4d2_charger_report", "1", "Report Charger drops");
    g_hPrefix = CreateConVar("l4d2_charger_report_prefix", "[Charger]", "Chat prefix");
    HookEvent("charger_carry_end", Event_CarryEnd);
}

public void Event_CarryEnd(Event event, const char[] name, bool dontBroadcast)
{
    if (!g_hEnabled.BoolValue)
    {
        return;
    }
    int charger = GetClientOfUserId(event.GetInt("userid"));
    int victim = GetClientOfUserId(event.GetInt("victim"));
    if (charger == 0 || victim == 0)
    {
        return;
    }
    char prefix[32];
    g_hPrefix.GetString(prefix, sizeof(prefix));
    PrintToChatAll("%s %N dropped %N (%d HP left)", prefix, charger, victim, GetClientHealth(victim));
}
''')
    scen = [scenario("reports drops with the configured prefix",
                     [client(1, "Nick", 2, health=62), client(2, "Ellis", 2), charger,
                      event("charger_carry_end", userid=uid(7), victim=uid(1)),
                      set_convar("l4d2_charger_report_prefix", "{CH}"),
                      event("charger_carry_end", userid=uid(7), victim=uid(2))],
                     [chat("[Charger] Charger dropped Nick (62 HP left)"), chat("{CH} Charger dropped Ellis (100 HP left)"),
                      NO_ERRORS]),
            scenario("disabled by l4d2_charger_report 0",
                     [FOUR, charger, set_convar("l4d2_charger_report", 0),
                      event("charger_carry_end", userid=uid(7), victim=uid(1))],
                     [no_chat("dropped")])]
    out.append(Task(
        id="l4d2-eval-charger_carry-refactor-drop_report", family="refactor", theme="charger_carry",
        title="Port the Charger drop report to ConVar and Event methodmaps",
        prompt=f"""Rewrite this legacy plugin with new-style declarations (`#pragma newdecls required`): `ConVar` with `.BoolValue` and `.GetString()` instead of `GetConVarBool`/`GetConVarString`, `Event.GetInt` instead of `GetEventInt`, typed locals and callbacks. Its output must stay identical, including the ConVar-controlled prefix.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "legacy natives GetConVarBool/GetConVarString/GetEventInt are still used", legacy),
            Broken("behaviour", "hard-codes the prefix instead of reading the ConVar",
                   mutate(ref, ("    char prefix[32];\n    g_hPrefix.GetString(prefix, sizeof(prefix));\n    PrintToChatAll(\"%s %N dropped %N (%d HP left)\", prefix, charger, victim, GetClientHealth(victim));",
                                "    PrintToChatAll(\"[Charger] %N dropped %N (%d HP left)\", charger, victim, GetClientHealth(victim));"))),
            Broken("compile", "calls GetString without the buffer size",
                   mutate(ref, ("g_hPrefix.GetString(prefix, sizeof(prefix));", "g_hPrefix.GetString(prefix);"))),
        ],
        checks=checks(natives=["ConVar.BoolValue.get", "Event.GetInt"],
                      forbid_natives=["GetConVarBool", "GetConVarString", "GetEventInt"],
                      events=["charger_carry_end"], convars=["l4d2_charger_report", "l4d2_charger_report_prefix"],
                      scenarios=scen),
        tags=["legacy-syntax", "methodmaps", "convar"],
    ))

    # ---------------------------------------------------------------- doc: GetGameTime carry duration
    ref = plugin("Carry Duration", "Reports how long each Charger carry lasted", r'''
float g_fCarryStart[MAXPLAYERS + 1];

public void OnPluginStart()
{
    HookEvent("charger_carry_start", Event_CarryStart);
    HookEvent("charger_carry_end", Event_CarryEnd);
}

public void Event_CarryStart(Event event, const char[] name, bool dontBroadcast)
{
    int charger = GetClientOfUserId(event.GetInt("userid"));
    if (charger != 0)
    {
        g_fCarryStart[charger] = GetGameTime();
    }
}

public void Event_CarryEnd(Event event, const char[] name, bool dontBroadcast)
{
    int charger = GetClientOfUserId(event.GetInt("userid"));
    int victim = GetClientOfUserId(event.GetInt("victim"));
    if (charger == 0 || victim == 0 || g_fCarryStart[charger] <= 0.0)
    {
        return;
    }
    float duration = GetGameTime() - g_fCarryStart[charger];
    g_fCarryStart[charger] = 0.0;
    PrintToChatAll("[Charger] %N carried %N for %.1f seconds", charger, victim, duration);
}
''')
    scen = [scenario("the carry duration follows the game clock",
                     [FOUR, charger, advance(10.0), event("charger_carry_start", userid=uid(7), victim=uid(1)),
                      advance(2.5), event("charger_carry_end", userid=uid(7), victim=uid(1))],
                     [chat("[Charger] Charger carried Nick for 2.5 seconds"), NO_ERRORS]),
            scenario("an end without a start is ignored",
                     [FOUR, charger, advance(1.0), event("charger_carry_end", userid=uid(7), victim=uid(1))],
                     [no_chat("carried"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-charger_carry-doc-gametime", family="doc", theme="charger_carry",
        title="Time Charger carries with GetGameTime",
        prompt=f"""Use SourceMod's game clock as documented (halflife.inc):

`native float GetGameTime();` — "Returns the game time based on the game tick." It is a float number of seconds that advances with the server's simulation, so the difference of two readings is an elapsed time.

Task: on `charger_carry_start` (`userid` = Charger, `victim` = survivor, both userids) remember `GetGameTime()` for that Charger. On `charger_carry_end` print `[Charger] <charger> carried <victim> for <seconds> seconds` with one decimal (`%.1f`) and forget the start time. An end without a recorded start prints nothing.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "stores the start time under the victim but reads it under the Charger, so the duration is the whole game time",
                   mutate(ref, ("    int charger = GetClientOfUserId(event.GetInt(\"userid\"));\n    if (charger != 0)\n    {\n        g_fCarryStart[charger] = GetGameTime();\n    }",
                                "    int victim = GetClientOfUserId(event.GetInt(\"victim\"));\n    if (victim != 0)\n    {\n        g_fCarryStart[victim] = GetGameTime();\n    }"),
                          ("g_fCarryStart[charger] <= 0.0", "charger < 0"))),
            Broken("behaviour", "prints the absolute game time instead of the elapsed time",
                   mutate(ref, ("float duration = GetGameTime() - g_fCarryStart[charger];", "float duration = GetGameTime();"))),
            Broken("compile", "passes an argument to GetGameTime, which takes none (error 092)",
                   mutate(ref, ("        g_fCarryStart[charger] = GetGameTime();", "        g_fCarryStart[charger] = GetGameTime(charger);"))),
        ],
        checks=checks(natives=["GetGameTime", "Event.GetInt"], events=["charger_carry_start", "charger_carry_end"],
                      scenarios=scen),
        api=["GetGameTime"],
        tags=["events", "time"],
    ))
    return out


def bile_tracker() -> list[Task]:
    out = []
    boomer = infected(10, "Boomer", "boomer")
    # ---------------------------------------------------------------- scaffold: biled survivors
    ref = plugin("Bile Tracker", "Tracks survivors covered in Boomer bile", r'''
int g_iBiled;

public void OnPluginStart()
{
    HookEvent("player_now_it", Event_NowIt);
    HookEvent("player_no_longer_it", Event_NoLongerIt);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_bile", Cmd_Bile, "Shows how many survivors were biled this round");
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    g_iBiled = 0;
}

public void Event_NowIt(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("userid"));
    if (victim == 0 || GetClientTeam(victim) != 2)
    {
        return;
    }
    g_iBiled++;
    int attacker = GetClientOfUserId(event.GetInt("attacker"));
    if (attacker != 0)
    {
        PrintToChatAll("[Bile] %N was biled by %N!", victim, attacker);
    }
    else
    {
        PrintToChatAll("[Bile] %N was biled!", victim);
    }
}

public void Event_NoLongerIt(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("userid"));
    if (victim != 0 && GetClientTeam(victim) == 2)
    {
        PrintToChat(victim, "[Bile] You can see again.");
    }
}

public Action Cmd_Bile(int client, int args)
{
    ReplyToCommand(client, "[Bile] Survivors biled this round: %d", g_iBiled);
    return Plugin_Handled;
}
''')
    scen = [scenario("survivors biled by a Boomer are announced and counted; infected are not",
                     [FOUR, boomer, infected(5, "Hunter", "hunter"),
                      event("player_now_it", userid=uid(1), attacker=uid(10), by_boomer=True, exploded=False),
                      event("player_now_it", userid=uid(2), attacker=0, by_boomer=True, exploded=True),
                      event("player_now_it", userid=uid(5), attacker=uid(3), by_boomer=False, exploded=False),
                      event("player_no_longer_it", userid=uid(1)), command(4, "sm_bile")],
                     [chat("[Bile] Nick was biled by Boomer!"), chat("[Bile] Ellis was biled!"), no_chat("Hunter was biled"),
                      chat_to(1, "You can see again."), reply("Survivors biled this round: 2"), NO_ERRORS]),
            scenario("round_start resets",
                     [FOUR, boomer, event("player_now_it", userid=uid(1), attacker=uid(10), by_boomer=True, exploded=False),
                      event("round_start"), command(1, "sm_bile")],
                     [reply("Survivors biled this round: 0")])]
    out.append(Task(
        id="l4d2-eval-bile_tracker-scaffold-tracker", family="scaffold", theme="bile_tracker",
        title="Track survivors covered in Boomer bile",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin that tracks bile on survivors.

- L4D2 fires `player_now_it` when a player is covered in bile (fields: `userid` = the biled player, `attacker` = userid of who caused it, 0 when unknown, `by_boomer`, `exploded`) and `player_no_longer_it` (`userid`) when it wears off. There is no "boomer_vomit" event.
- Only survivors (team 2) count: infected covered by a bile jar are ignored.
- For a biled survivor print to all `[Bile] <victim> was biled by <attacker>!`, or `[Bile] <victim> was biled!` when the attacker is 0, and count it for the round (reset on `round_start`).
- When it wears off, tell that survivor only: `[Bile] You can see again.`
- `sm_bile` replies `[Bile] Survivors biled this round: <n>`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "hooks the invented `boomer_vomit` event",
                   mutate(ref, ('HookEvent("player_now_it", Event_NowIt);', 'HookEvent("boomer_vomit", Event_NowIt);'))),
            Broken("behaviour", "no team filter: infected hit by a bile jar are counted and announced",
                   mutate(ref, ("    if (victim == 0 || GetClientTeam(victim) != 2)\n    {\n        return;\n    }\n    g_iBiled++;",
                                "    if (victim == 0)\n    {\n        return;\n    }\n    g_iBiled++;"))),
            Broken("behaviour", "no attacker check: with attacker 0 it prints 'biled by Console!' instead of the attacker-less line",
                   mutate(ref, ("    if (attacker != 0)\n    {\n        PrintToChatAll(\"[Bile] %N was biled by %N!\", victim, attacker);\n    }\n    else\n    {\n        PrintToChatAll(\"[Bile] %N was biled!\", victim);\n    }",
                                "    PrintToChatAll(\"[Bile] %N was biled by %N!\", victim, attacker);"))),
            Broken("compile", "uses an undefined variable in the reply",
                   mutate(ref, ('ReplyToCommand(client, "[Bile] Survivors biled this round: %d", g_iBiled);',
                                'ReplyToCommand(client, "[Bile] Survivors biled this round: %d", g_iBiledCount);'))),
        ],
        checks=checks(natives=["HookEvent", "GetClientOfUserId", "GetClientTeam", "PrintToChat", "ReplyToCommand"],
                      events=["player_now_it", "player_no_longer_it", "round_start"], forbid_events=["boomer_vomit"],
                      commands=["sm_bile"], scenarios=scen),
        tags=["events", "team-filter", "null-client"],
    ))

    # ---------------------------------------------------------------- repair: local shadows the counter
    good = plugin("Bile Streak", "Announces how many survivors one Boomer has biled", r'''
int g_iBiledBy[MAXPLAYERS + 1];

public void OnPluginStart()
{
    HookEvent("player_now_it", Event_NowIt);
}

public void OnClientDisconnect(int client)
{
    g_iBiledBy[client] = 0;
}

public void Event_NowIt(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("userid"));
    int boomer = GetClientOfUserId(event.GetInt("attacker"));
    if (victim == 0 || boomer == 0 || !event.GetBool("by_boomer"))
    {
        return;
    }
    g_iBiledBy[boomer]++;
    if (g_iBiledBy[boomer] >= 3)
    {
        PrintToChatAll("[Bile] %N has biled %d survivors - what a Boomer!", boomer, g_iBiledBy[boomer]);
    }
}
''')
    bad = mutate(good, ("    g_iBiledBy[boomer]++;\n    if (g_iBiledBy[boomer] >= 3)\n    {\n        PrintToChatAll(\"[Bile] %N has biled %d survivors - what a Boomer!\", boomer, g_iBiledBy[boomer]);\n    }",
                        "    int count = g_iBiledBy[boomer];\n    count++;\n    if (count >= 3)\n    {\n        PrintToChatAll(\"[Bile] %N has biled %d survivors - what a Boomer!\", boomer, count);\n    }"))
    scen = [scenario("the third biled survivor triggers the message",
                     [FOUR, boomer] + [event("player_now_it", userid=uid(i), attacker=uid(10), by_boomer=True, exploded=False)
                                       for i in (1, 2, 3)],
                     [chat("Boomer has biled 3 survivors - what a Boomer!"), NO_ERRORS]),
            scenario("bile jars (by_boomer false) do not count",
                     [FOUR, boomer, event("player_now_it", userid=uid(1), attacker=uid(10), by_boomer=True, exploded=False),
                      event("player_now_it", userid=uid(2), attacker=uid(10), by_boomer=False, exploded=False),
                      event("player_now_it", userid=uid(3), attacker=uid(10), by_boomer=True, exploded=False)],
                     [no_chat("what a Boomer")])]
    out.append(Task(
        id="l4d2-eval-bile_tracker-repair-lost_count", family="repair", theme="bile_tracker",
        title="Fix the Boomer streak message that never appears",
        prompt=f"""This plugin should print `[Bile] <boomer> has biled <n> survivors - what a Boomer!` once a Boomer has covered three or more survivors (counting only `player_now_it` events with `by_boomer` set). Players report the message never shows up, even after a Boomer vomited on the whole team. There are no errors.

{code_block(bad)}

Fix the bug. Keep the message and the rules. {ANSWER}""",
        reference=good,
        broken=[
            Broken("behaviour", "the unrepaired plugin: increments a local copy, so the stored count never grows", bad),
            Broken("behaviour", "stores the count again but also counts bile jars (ignores by_boomer)",
                   mutate(good, ("if (victim == 0 || boomer == 0 || !event.GetBool(\"by_boomer\"))", "if (victim == 0 || boomer == 0)"))),
            Broken("compile", "compares the Event bool with a string",
                   mutate(good, ("!event.GetBool(\"by_boomer\")", "event.GetBool(\"by_boomer\") == \"false\""))),
        ],
        checks=checks(natives=["GetClientOfUserId"], events=["player_now_it"], scenarios=scen),
        tags=["events", "state"],
    ))

    # ---------------------------------------------------------------- refactor: legacy with GetEventBool
    legacy = legacy_plugin("Bile Explosion Notice", "Notices survivors hit by exploding Boomers", r'''
new Handle:g_hNotify;

public OnPluginStart()
{
    g_hNotify = CreateConVar("l4d2_bile_notice", "1", "0 = off, 1 = chat, 2 = chat and hint");
    HookEvent("player_now_it", OnNowIt);
}

public OnNowIt(Handle:event, const String:name[], bool:dontBroadcast)
{
    new mode = GetConVarInt(g_hNotify);
    if (mode == 0)
    {
        return;
    }
    new victim = GetClientOfUserId(GetEventInt(event, "userid"));
    new bool:exploded = GetEventBool(event, "exploded");
    if (victim == 0 || !IsClientInGame(victim))
    {
        return;
    }
    if (exploded)
    {
        PrintToChatAll("[Bile] %N was splashed by an exploding Boomer", victim);
    }
    else
    {
        PrintToChatAll("[Bile] %N was vomited on", victim);
    }
    if (mode == 2)
    {
        PrintHintText(victim, "You are covered in bile!");
    }
}
''')
    ref = plugin("Bile Explosion Notice", "Notices survivors hit by exploding Boomers", r'''
ConVar g_hNotify;

public void OnPluginStart()
{
    g_hNotify = CreateConVar("l4d2_bile_notice", "1", "0 = off, 1 = chat, 2 = chat and hint");
    HookEvent("player_now_it", OnNowIt);
}

public void OnNowIt(Event event, const char[] name, bool dontBroadcast)
{
    int mode = g_hNotify.IntValue;
    if (mode == 0)
    {
        return;
    }
    int victim = GetClientOfUserId(event.GetInt("userid"));
    bool exploded = event.GetBool("exploded");
    if (victim == 0 || !IsClientInGame(victim))
    {
        return;
    }
    if (exploded)
    {
        PrintToChatAll("[Bile] %N was splashed by an exploding Boomer", victim);
    }
    else
    {
        PrintToChatAll("[Bile] %N was vomited on", victim);
    }
    if (mode == 2)
    {
        PrintHintText(victim, "You are covered in bile!");
    }
}
''')
    scen = [scenario("explosion and vomit are told apart; mode 2 adds a hint",
                     [FOUR, boomer, event("player_now_it", userid=uid(1), attacker=uid(10), exploded=True, by_boomer=True),
                      event("player_now_it", userid=uid(2), attacker=uid(10), exploded=False, by_boomer=True),
                      set_convar("l4d2_bile_notice", 2),
                      event("player_now_it", userid=uid(3), attacker=uid(10), exploded=False, by_boomer=True)],
                     [chat("Nick was splashed by an exploding Boomer"), chat("Ellis was vomited on"),
                      chat("Rochelle was vomited on"), hint("You are covered in bile!"), NO_ERRORS]),
            scenario("mode 0 is silent",
                     [FOUR, boomer, set_convar("l4d2_bile_notice", 0),
                      event("player_now_it", userid=uid(1), attacker=uid(10), exploded=True, by_boomer=True)],
                     [no_chat("[Bile]")])]
    out.append(Task(
        id="l4d2-eval-bile_tracker-refactor-explosion_notice", family="refactor", theme="bile_tracker",
        title="Port the bile explosion notice to new-style syntax",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`) using the `ConVar` and `Event` methodmaps (`.IntValue`, `event.GetInt`, `event.GetBool`) instead of `GetConVarInt`, `GetEventInt` and `GetEventBool`. Keep every message, the hint and the three ConVar modes exactly as they are.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "unchanged legacy plugin", legacy),
            Broken("behaviour", "reads `by_boomer` instead of `exploded`, so every Boomer bile is reported as an explosion",
                   mutate(ref, ('bool exploded = event.GetBool("exploded");', 'bool exploded = event.GetBool("by_boomer");'))),
            Broken("compile", "declares the bool with the old tag syntax under newdecls",
                   mutate(ref, ('bool exploded = event.GetBool("exploded");', 'new bool:exploded = event.GetBool("exploded");'))),
        ],
        checks=checks(natives=["Event.GetBool", "Event.GetInt", "ConVar.IntValue.get"],
                      forbid_natives=["GetEventBool", "GetEventInt", "GetConVarInt"], events=["player_now_it"],
                      convars=["l4d2_bile_notice"], scenarios=scen),
        tags=["legacy-syntax", "methodmaps"],
    ))

    # ---------------------------------------------------------------- doc: Event.GetBool
    ref = plugin("Bile Source", "Tells survivors whether a Boomer or a bile jar covered them", r'''
public void OnPluginStart()
{
    HookEvent("player_now_it", Event_NowIt);
}

public void Event_NowIt(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("userid"));
    if (victim == 0 || !IsClientInGame(victim))
    {
        return;
    }
    if (event.GetBool("by_boomer"))
    {
        PrintToChat(victim, "[Bile] A Boomer got you - the horde is coming!");
    }
    else
    {
        PrintToChatAll("[Bile] %N was hit by a bile jar", victim);
    }
}
''')
    scen = [scenario("by_boomer decides the message",
                     [FOUR, boomer, infected(5, "Hunter", "hunter"),
                      event("player_now_it", userid=uid(2), attacker=uid(10), by_boomer=True, exploded=False),
                      event("player_now_it", userid=uid(5), attacker=uid(1), by_boomer=False, exploded=False)],
                     [chat_to(2, "A Boomer got you"), chat("Hunter was hit by a bile jar"), no_chat("Ellis was hit by a bile jar"),
                      NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-bile_tracker-doc-event_getbool", family="doc", theme="bile_tracker",
        title="Branch on a boolean event field with Event.GetBool",
        prompt=f"""Use the `Event` methodmap as documented (events.inc):

`public native bool GetBool(const char[] key, bool defValue=false);` — "Returns the boolean value of a game event's key." `defValue` is returned when the key is missing.

L4D2's `player_now_it` event has the fields `userid` (the biled player's userid), `attacker`, `exploded` (bool) and `by_boomer` (bool: true when a Boomer's vomit or explosion caused it, false for a thrown bile jar).

Task: hook `player_now_it`. When `by_boomer` is true, tell the biled player only: `[Bile] A Boomer got you - the horde is coming!`. Otherwise print to all: `[Bile] <name> was hit by a bile jar`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "reads a non-existent key `boomer` with GetInt (Event.GetBool is never called)",
                   mutate(ref, ('if (event.GetBool("by_boomer"))', 'if (event.GetInt("boomer") != 0)'))),
            Broken("behaviour", "inverted condition",
                   mutate(ref, ('if (event.GetBool("by_boomer"))', 'if (!event.GetBool("by_boomer"))'))),
            Broken("compile", "calls a GetBool overload that does not exist (with a buffer)",
                   mutate(ref, ('if (event.GetBool("by_boomer"))', 'bool byBoomer;\n    event.GetBool("by_boomer", byBoomer, sizeof(byBoomer));\n    if (byBoomer)'))),
        ],
        checks=checks(natives=["Event.GetBool", "PrintToChat"], events=["player_now_it"], scenarios=scen),
        api=["Event.GetBool"],
        tags=["events"],
    ))
    return out


def jockey_ride() -> list[Task]:
    out = []
    jockey = infected(8, "Jockey", "jockey")
    # ---------------------------------------------------------------- scaffold: ride + rescue credit
    ref = plugin("Jockey Rescue Credit", "Credits survivors who knock Jockeys off their teammates", r'''
int g_iRescues[MAXPLAYERS + 1];

public void OnPluginStart()
{
    HookEvent("jockey_ride", Event_JockeyRide);
    HookEvent("jockey_ride_end", Event_JockeyRideEnd);
    RegConsoleCmd("sm_jockeysaves", Cmd_Saves, "Shows your Jockey rescues");
}

public void OnClientDisconnect(int client)
{
    g_iRescues[client] = 0;
}

public void Event_JockeyRide(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("victim"));
    if (victim != 0)
    {
        PrintHintText(victim, "A Jockey is riding you! Call for help!");
    }
}

public void Event_JockeyRideEnd(Event event, const char[] name, bool dontBroadcast)
{
    int jockey = GetClientOfUserId(event.GetInt("userid"));
    int victim = GetClientOfUserId(event.GetInt("victim"));
    int rescuer = GetClientOfUserId(event.GetInt("rescuer"));
    if (jockey == 0 || victim == 0)
    {
        return;
    }
    if (rescuer != 0)
    {
        g_iRescues[rescuer]++;
        PrintToChatAll("[Jockey] %N saved %N from %N", rescuer, victim, jockey);
    }
    else
    {
        PrintToChatAll("[Jockey] %N got free from %N", victim, jockey);
    }
}

public Action Cmd_Saves(int client, int args)
{
    if (client == 0)
    {
        ReplyToCommand(client, "[Jockey] This command is for players.");
        return Plugin_Handled;
    }
    ReplyToCommand(client, "[Jockey] You saved %d teammate(s) from Jockeys", g_iRescues[client]);
    return Plugin_Handled;
}
''')
    scen = [scenario("ride hint, rescue credit and self-release",
                     [FOUR, jockey, event("jockey_ride", userid=uid(8), victim=uid(2)),
                      event("jockey_ride_end", userid=uid(8), victim=uid(2), rescuer=uid(4)),
                      event("jockey_ride", userid=uid(8), victim=uid(1)),
                      event("jockey_ride_end", userid=uid(8), victim=uid(1), rescuer=0),
                      command(4, "sm_jockeysaves")],
                     [hint("A Jockey is riding you!"), chat("[Jockey] Coach saved Ellis from Jockey"),
                      chat("[Jockey] Nick got free from Jockey"), reply("You saved 1 teammate(s) from Jockeys"), NO_ERRORS]),
            scenario("server console gets a polite refusal",
                     [FOUR, command(0, "sm_jockeysaves")],
                     [reply("This command is for players."), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-jockey_ride-scaffold-rescue_credit", family="scaffold", theme="jockey_ride",
        title="Warn Jockey victims and credit rescuers",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin about Jockey rides.

- On `jockey_ride` (`userid` = Jockey, `victim` = survivor; userids) show the victim the hint `A Jockey is riding you! Call for help!` (`PrintHintText`).
- On `jockey_ride_end` (`userid`, `victim`, `rescuer`; `rescuer` is 0 when the survivor got free alone): if there is a rescuer, count one rescue for them and print to all `[Jockey] <rescuer> saved <victim> from <jockey>`; otherwise print `[Jockey] <victim> got free from <jockey>`.
- Rescue counts are per client and reset in `OnClientDisconnect`.
- `sm_jockeysaves` replies `[Jockey] You saved <n> teammate(s) from Jockeys`; from the server console (client 0) it replies `[Jockey] This command is for players.` instead.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "no rescuer check: a self-release (rescuer 0) is announced as 'Console saved ...' and credited to slot 0",
                   mutate(ref, ("    if (rescuer != 0)\n    {\n        g_iRescues[rescuer]++;", "    if (true)\n    {\n        g_iRescues[rescuer]++;"))),
            Broken("behaviour", "the console case indexes the array with client 0 and replies with a count instead of the refusal",
                   mutate(ref, ("    if (client == 0)\n    {\n        ReplyToCommand(client, \"[Jockey] This command is for players.\");\n        return Plugin_Handled;\n    }\n", ""))),
            Broken("static", "hooks `jockey_ride_start`, which does not exist, instead of jockey_ride",
                   mutate(ref, ('HookEvent("jockey_ride", Event_JockeyRide);', 'HookEvent("jockey_ride_start", Event_JockeyRide);'))),
            Broken("compile", "command callback declared as void",
                   mutate(ref, ("public Action Cmd_Saves(int client, int args)", "public void Cmd_Saves(int client, int args)"))),
        ],
        checks=checks(natives=["HookEvent", "PrintHintText", "GetClientOfUserId", "ReplyToCommand"],
                      events=["jockey_ride", "jockey_ride_end"], commands=["sm_jockeysaves"], scenarios=scen),
        tags=["events", "null-client", "command"],
    ))

    # ---------------------------------------------------------------- repair: flag cleared on the wrong client
    good = plugin("Jockey Ride Alarm", "Repeats an alarm while a survivor is ridden", r'''
bool g_bRidden[MAXPLAYERS + 1];
int g_iRideSeconds[MAXPLAYERS + 1];

public void OnPluginStart()
{
    HookEvent("jockey_ride", Event_Ride);
    HookEvent("jockey_ride_end", Event_RideEnd);
}

public void Event_Ride(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("victim"));
    if (victim == 0)
    {
        return;
    }
    g_bRidden[victim] = true;
    g_iRideSeconds[victim] = 0;
    CreateTimer(2.0, Timer_Alarm, GetClientUserId(victim), TIMER_REPEAT);
}

public void Event_RideEnd(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("victim"));
    if (victim != 0)
    {
        g_bRidden[victim] = false;
    }
}

public Action Timer_Alarm(Handle timer, any userid)
{
    int victim = GetClientOfUserId(userid);
    if (victim == 0 || !g_bRidden[victim])
    {
        return Plugin_Stop;
    }
    g_iRideSeconds[victim] += 2;
    PrintToChatAll("[Jockey] %N is still being ridden! (%d s)", victim, g_iRideSeconds[victim]);
    return Plugin_Continue;
}
''')
    bad = mutate(good, ("    int victim = GetClientOfUserId(event.GetInt(\"victim\"));\n    if (victim != 0)\n    {\n        g_bRidden[victim] = false;\n    }",
                        "    int jockey = GetClientOfUserId(event.GetInt(\"userid\"));\n    if (jockey != 0)\n    {\n        g_bRidden[jockey] = false;\n    }"))
    scen = [scenario("alarm repeats during the ride and stops afterwards",
                     [FOUR, jockey, event("jockey_ride", userid=uid(8), victim=uid(3)), advance(4.5),
                      event("jockey_ride_end", userid=uid(8), victim=uid(3), rescuer=uid(1)), advance(6.0)],
                     [chat("Rochelle is still being ridden! (2 s)"), chat_to(1, "Rochelle is still being ridden! (4 s)"),
                      no_chat("(6 s)"), {"pending_timers": 0}, NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-jockey_ride-repair-alarm_never_stops", family="repair", theme="jockey_ride",
        title="Fix the Jockey alarm that keeps repeating after the ride",
        prompt=f"""While a Jockey rides a survivor this plugin should repeat `[Jockey] <victim> is still being ridden! (<seconds> s)` every 2 seconds, and stop as soon as the ride ends (`jockey_ride_end`). On the server the message keeps repeating forever after the survivor is free, until they die or leave. No errors are logged.

{code_block(bad)}

Fix it. {ANSWER}""",
        reference=good,
        broken=[
            Broken("behaviour", "the unrepaired plugin: clears the flag of the Jockey, not the victim", bad),
            Broken("behaviour", "stops the alarm after its first repeat regardless of the ride",
                   mutate(good, ("victim, g_iRideSeconds[victim]);\n    return Plugin_Continue;",
                                 "victim, g_iRideSeconds[victim]);\n    return Plugin_Stop;"))),
            Broken("compile", "declares the per-client flags with an undefined tag",
                   mutate(good, ("bool g_bRidden[MAXPLAYERS + 1];", "boolean g_bRidden[MAXPLAYERS + 1];"))),
        ],
        checks=checks(natives=["CreateTimer", "GetClientOfUserId"], events=["jockey_ride", "jockey_ride_end"], scenarios=scen),
        tags=["timer", "state"],
    ))

    # ---------------------------------------------------------------- refactor: legacy ride counter with Action cmd
    legacy = legacy_plugin("Jockey Ride Counter", "Counts Jockey rides per round", r'''
new g_iRides;
new g_iLongest;
new Handle:g_hAnnounce;

public OnPluginStart()
{
    g_hAnnounce = CreateConVar("l4d2_jockey_announce", "1", "Announce every ride");
    HookEvent("jockey_ride", Event_Ride);
    HookEvent("round_end", Event_RoundEnd, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_rides", Command_Rides);
}

public Event_Ride(Handle:event, const String:name[], bool:dontBroadcast)
{
    new jockey = GetClientOfUserId(GetEventInt(event, "userid"));
    new victim = GetClientOfUserId(GetEventInt(event, "victim"));
    if (jockey == 0 || victim == 0)
    {
        return;
    }
    g_iRides++;
    if (GetConVarBool(g_hAnnounce))
    {
        PrintToChatAll("[Jockey] %N jumped on %N (ride #%d)", jockey, victim, g_iRides);
    }
}

public Event_RoundEnd(Handle:event, const String:name[], bool:dontBroadcast)
{
    PrintToChatAll("[Jockey] %d Jockey ride(s) this round", g_iRides);
    g_iRides = 0;
}

public Action:Command_Rides(client, args)
{
    ReplyToCommand(client, "[Jockey] Rides so far: %d", g_iRides);
    return Plugin_Handled;
}
''')
    ref = plugin("Jockey Ride Counter", "Counts Jockey rides per round", r'''
int g_iRides;
ConVar g_hAnnounce;

public void OnPluginStart()
{
    g_hAnnounce = CreateConVar("l4d2_jockey_announce", "1", "Announce every ride");
    HookEvent("jockey_ride", Event_Ride);
    HookEvent("round_end", Event_RoundEnd, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_rides", Command_Rides);
}

public void Event_Ride(Event event, const char[] name, bool dontBroadcast)
{
    int jockey = GetClientOfUserId(event.GetInt("userid"));
    int victim = GetClientOfUserId(event.GetInt("victim"));
    if (jockey == 0 || victim == 0)
    {
        return;
    }
    g_iRides++;
    if (g_hAnnounce.BoolValue)
    {
        PrintToChatAll("[Jockey] %N jumped on %N (ride #%d)", jockey, victim, g_iRides);
    }
}

public void Event_RoundEnd(Event event, const char[] name, bool dontBroadcast)
{
    PrintToChatAll("[Jockey] %d Jockey ride(s) this round", g_iRides);
    g_iRides = 0;
}

public Action Command_Rides(int client, int args)
{
    ReplyToCommand(client, "[Jockey] Rides so far: %d", g_iRides);
    return Plugin_Handled;
}
''')
    scen = [scenario("rides are numbered, summed at round_end and reset",
                     [FOUR, jockey, event("jockey_ride", userid=uid(8), victim=uid(1)),
                      event("jockey_ride", userid=uid(8), victim=uid(2)), command(3, "sm_rides"),
                      event("round_end", winner=0, reason=0, message="", time=0.0), command(3, "sm_rides")],
                     [chat("[Jockey] Jockey jumped on Ellis (ride #2)"), reply("Rides so far: 2"),
                      chat("[Jockey] 2 Jockey ride(s) this round"), reply("Rides so far: 0"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-jockey_ride-refactor-ride_counter", family="refactor", theme="jockey_ride",
        title="Port the Jockey ride counter to new-style declarations",
        prompt=f"""Port this legacy plugin to new-style SourcePawn (`#pragma newdecls required`): typed globals, `ConVar` + `.BoolValue`, `Event` + `.GetInt`, `public void` event callbacks and `public Action Command_Rides(int client, int args)`. Remove the unused global. The ride numbering, the round_end summary and the command reply must stay the same.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "legacy natives kept (GetEventInt, GetConVarBool)", legacy),
            Broken("behaviour", "resets the counter before printing the round summary",
                   mutate(ref, ("    PrintToChatAll(\"[Jockey] %d Jockey ride(s) this round\", g_iRides);\n    g_iRides = 0;",
                                "    g_iRides = 0;\n    PrintToChatAll(\"[Jockey] %d Jockey ride(s) this round\", g_iRides);"))),
            Broken("compile", "half-converted callback: keeps the old `String:` tag in a new-style signature (error under newdecls)",
                   mutate(ref, ("public void Event_Ride(Event event, const char[] name, bool dontBroadcast)",
                                "public void Event_Ride(Event event, const String:name[], bool dontBroadcast)"))),
        ],
        checks=checks(natives=["Event.GetInt", "ConVar.BoolValue.get", "ReplyToCommand"],
                      forbid_natives=["GetEventInt", "GetConVarBool"], events=["jockey_ride", "round_end"],
                      commands=["sm_rides"], convars=["l4d2_jockey_announce"], scenarios=scen),
        tags=["legacy-syntax", "methodmaps"],
    ))

    # ---------------------------------------------------------------- doc: PrintHintText vs PrintCenterText per client
    ref = plugin("Jockey Ride Hints", "Hints for the ridden survivor and center text for the Jockey", r'''
public void OnPluginStart()
{
    HookEvent("jockey_ride", Event_Ride);
}

public void Event_Ride(Event event, const char[] name, bool dontBroadcast)
{
    int jockey = GetClientOfUserId(event.GetInt("userid"));
    int victim = GetClientOfUserId(event.GetInt("victim"));
    if (jockey == 0 || victim == 0)
    {
        return;
    }
    if (!IsFakeClient(victim))
    {
        PrintHintText(victim, "%N is riding you - steer towards your team!", jockey);
    }
    if (!IsFakeClient(jockey))
    {
        PrintCenterText(jockey, "Riding %N - steer them into danger!", victim);
    }
}
''')
    scen = [scenario("human victim gets a hint, human Jockey gets center text",
                     [FOUR, client(8, "JockeyPlayer", 3, zombie_class=5),
                      event("jockey_ride", userid=uid(8), victim=uid(2))],
                     [hint("JockeyPlayer is riding you - steer towards your team!"), hint("Riding Ellis - steer them into danger!"),
                      NO_ERRORS]),
            scenario("bots get nothing",
                     [client(1, "Nick", 2, bot=True), jockey, event("jockey_ride", userid=uid(8), victim=uid(1))],
                     [NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-jockey_ride-doc-hint_center", family="doc", theme="jockey_ride",
        title="Use PrintHintText and PrintCenterText for the two sides of a Jockey ride",
        prompt=f"""Use these SourceMod natives as documented (halflife.inc):

- `native void PrintHintText(int client, const char[] format, any ...);` — "Prints a message to a specific client with a hint box."
- `native void PrintCenterText(int client, const char[] format, any ...);` — "Prints a message to a specific client in the center of the screen."
- `native bool IsFakeClient(int client);` — true for bots.

Task: hook the L4D2 event `jockey_ride` (`userid` = Jockey, `victim` = survivor; userids). If the victim is a human, show them the hint `<jockey> is riding you - steer towards your team!`. If the Jockey is a human, show them the center text `Riding <victim> - steer them into danger!`. Bots get nothing.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "copy-paste slip: the victim's hint names the victim instead of the Jockey",
                   mutate(ref, ('PrintHintText(victim, "%N is riding you - steer towards your team!", jockey);',
                                'PrintHintText(victim, "%N is riding you - steer towards your team!", victim);'))),
            Broken("static", "uses chat instead of the hint box for the victim (PrintHintText is never called)",
                   mutate(ref, ('PrintHintText(victim, "%N is riding you - steer towards your team!", jockey);',
                                'PrintToChat(victim, "%N is riding you - steer towards your team!", jockey);'))),
            Broken("compile", "calls the non-existent native PrintHint",
                   mutate(ref, ('PrintHintText(victim, "%N is riding you - steer towards your team!", jockey);',
                                'PrintHint(victim, "%N is riding you - steer towards your team!", jockey);'))),
        ],
        checks=checks(natives=["PrintHintText", "PrintCenterText", "IsFakeClient"], events=["jockey_ride"], scenarios=scen),
        api=["PrintHintText", "PrintCenterText", "IsFakeClient"],
        tags=["events", "hint"],
    ))
    return out


THEMES = [tank_spawn, hunter_pounce, smoker_grab, charger_carry, bile_tracker, jockey_ride]
