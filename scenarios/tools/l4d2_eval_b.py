"""Eval tasks, part B: spitter_spit, tank_rock, speed_boost, friendly_fire, saferoom_heal.

Hand-written: every plugin, prompt, broken variant and scenario here was written and reviewed for its task.
"""

from __future__ import annotations

from l4d2_common import (NO_ERRORS, Broken, Task, advance, chat, chat_to, checks, client, code_block, command, event,
                         health, hint, infected, legacy_plugin, log, mutate, netprop, no_chat, plugin, reply,
                         scenario, set_convar, survivors, uid)

ANSWER = "Answer with the complete plugin in one ```sourcepawn code block."
NEWSTYLE = "Target SourceMod 1.11 with `#pragma semicolon 1` and `#pragma newdecls required`; use only the core includes (sourcemod, sdktools)."
FOUR = survivors("Nick", "Ellis", "Rochelle", "Coach")
SPEED = "m_flLaggedMovementValue"


def spitter_spit() -> list[Task]:
    out = []
    spitter = infected(9, "Spitter", "spitter")
    # ---------------------------------------------------------------- scaffold: spit announce + acid hints
    ref = plugin("Spitter Acid Warnings", "Warns about Spitter spit and survivors standing in acid", r'''
int g_iAcidSteps;

public void OnPluginStart()
{
    HookEvent("ability_use", Event_AbilityUse);
    HookEvent("entered_spit", Event_EnteredSpit);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_acid", Cmd_Acid, "Shows how often survivors stepped into acid this round");
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    g_iAcidSteps = 0;
}

public void Event_AbilityUse(Event event, const char[] name, bool dontBroadcast)
{
    char ability[32];
    event.GetString("ability", ability, sizeof(ability));
    if (!StrEqual(ability, "ability_spit"))
    {
        return;
    }
    int spitter = GetClientOfUserId(event.GetInt("userid"));
    if (spitter != 0)
    {
        PrintToChatAll("[Spit] %N spat acid!", spitter);
    }
}

public void Event_EnteredSpit(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("userid"));
    if (client == 0 || GetClientTeam(client) != 2 || !IsPlayerAlive(client))
    {
        return;
    }
    g_iAcidSteps++;
    PrintHintText(client, "You are standing in Spitter acid - move!");
}

public Action Cmd_Acid(int client, int args)
{
    ReplyToCommand(client, "[Spit] Survivors stepped into acid %d time(s) this round", g_iAcidSteps);
    return Plugin_Handled;
}
''')
    scen = [scenario("spit is announced, other abilities are not; acid steps hint and count",
                     [FOUR, spitter, infected(5, "Hunter", "hunter"),
                      event("ability_use", userid=uid(9), ability="ability_spit", context=0),
                      event("ability_use", userid=uid(5), ability="ability_lunge", context=0),
                      event("entered_spit", userid=uid(1)), event("entered_spit", userid=uid(3)),
                      event("entered_spit", userid=uid(5)), command(2, "sm_acid")],
                     [chat("[Spit] Spitter spat acid!"), no_chat("Hunter spat"), hint("You are standing in Spitter acid - move!"),
                      reply("Survivors stepped into acid 2 time(s) this round"), NO_ERRORS]),
            scenario("round_start resets the acid count",
                     [FOUR, spitter, event("entered_spit", userid=uid(1)), event("round_start"), command(2, "sm_acid")],
                     [reply("stepped into acid 0 time(s)")])]
    out.append(Task(
        id="l4d2-eval-spitter_spit-scaffold-acid_warnings", family="scaffold", theme="spitter_spit",
        title="Announce Spitter spit and warn survivors standing in acid",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin about Spitter acid.

- Hook `ability_use` (fields `userid`, `ability` (string), `context`). When `ability` equals `ability_spit`, print to all `[Spit] <spitter> spat acid!`. Other abilities (`ability_lunge`, `ability_throw`, ...) are ignored.
- Hook `entered_spit` (`userid` = the player who walked into acid). For a living survivor (team 2), show the hint `You are standing in Spitter acid - move!` and count it for the round. Infected walking through acid are ignored.
- Reset the count on `round_start`; `sm_acid` replies `[Spit] Survivors stepped into acid <n> time(s) this round`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "announces every ability (no ability check)",
                   mutate(ref, ('    if (!StrEqual(ability, "ability_spit"))\n    {\n        return;\n    }\n', ""))),
            Broken("behaviour", "counts infected stepping into acid (no team filter)",
                   mutate(ref, ("if (client == 0 || GetClientTeam(client) != 2 || !IsPlayerAlive(client))", "if (client == 0)"))),
            Broken("compile", "compares strings with == (arrays cannot be compared; error)",
                   mutate(ref, ('if (!StrEqual(ability, "ability_spit"))', 'if (ability != "ability_spit")'))),
        ],
        checks=checks(natives=["Event.GetString", "PrintHintText", "ReplyToCommand"],
                      events=["ability_use", "entered_spit", "round_start"], commands=["sm_acid"], scenarios=scen),
        tags=["events", "strings", "team-filter"],
    ))

    # ---------------------------------------------------------------- repair: strcmp used as a bool
    good = plugin("Spit Alert", "Warns survivors when a Spitter spits", r'''
public void OnPluginStart()
{
    HookEvent("ability_use", Event_AbilityUse);
}

public void Event_AbilityUse(Event event, const char[] name, bool dontBroadcast)
{
    char ability[32];
    event.GetString("ability", ability, sizeof(ability));
    if (strcmp(ability, "ability_spit") != 0)
    {
        return;
    }
    int spitter = GetClientOfUserId(event.GetInt("userid"));
    if (spitter == 0)
    {
        return;
    }
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 2)
        {
            PrintHintText(i, "%N is spitting acid - spread out!", spitter);
        }
    }
}
''')
    bad = mutate(good, ('if (strcmp(ability, "ability_spit") != 0)', 'if (strcmp(ability, "ability_spit"))\n    {\n        // it is the spit\n    }\n    else'))
    scen = [scenario("only the Spitter's spit warns survivors",
                     [FOUR, spitter, infected(5, "Hunter", "hunter"), infected(11, "Tank", "tank"),
                      event("ability_use", userid=uid(5), ability="ability_lunge", context=0),
                      event("ability_use", userid=uid(11), ability="ability_throw", context=0),
                      event("ability_use", userid=uid(9), ability="ability_spit", context=0)],
                     [hint("Spitter is spitting acid - spread out!"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-spitter_spit-repair-strcmp", family="repair", theme="spitter_spit",
        title="Fix the spit alert that fires for every ability except spit",
        prompt=f"""This plugin should show every survivor the hint `<spitter> is spitting acid - spread out!` when a Spitter uses its spit (the `ability_use` event with `ability` = `ability_spit`). Instead, survivors get the warning when Hunters pounce and Tanks throw rocks (`Hunter is spitting acid - spread out!`), and never when a Spitter actually spits.

{code_block(bad)}

Fix it. {ANSWER}""",
        reference=good,
        broken=[
            Broken("behaviour", "the unrepaired plugin: treats strcmp's result as 'equal' although it returns 0 for equal strings", bad),
            Broken("behaviour", "compares against `spit` exactly, which never matches `ability_spit`",
                   mutate(good, ('if (strcmp(ability, "ability_spit") != 0)', 'if (strcmp(ability, "spit") != 0)'))),
            Broken("compile", "declares the buffer as a single char",
                   mutate(good, ("    char ability[32];\n    event.GetString(\"ability\", ability, sizeof(ability));",
                                 "    char ability;\n    event.GetString(\"ability\", ability, sizeof(ability));"))),
        ],
        checks=checks(natives=["Event.GetString", "strcmp", "PrintHintText"], events=["ability_use"], scenarios=scen),
        tags=["strings", "events"],
    ))

    # ---------------------------------------------------------------- refactor: spitter_killed legacy
    legacy = legacy_plugin("Spitter Kill Feed", "Credits survivors who kill Spitters before they spit", r'''
new Handle:g_hOnlyEarly;

public OnPluginStart()
{
    g_hOnlyEarly = CreateConVar("l4d2_spitkill_only_early", "0", "Only report Spitters killed before spitting");
    HookEvent("spitter_killed", Event_SpitterKilled);
}

public Event_SpitterKilled(Handle:event, const String:name[], bool:dontBroadcast)
{
    new attacker = GetClientOfUserId(GetEventInt(event, "attacker"));
    new bool:hasSpit = GetEventBool(event, "has_spit");
    if (attacker == 0 || !IsClientInGame(attacker) || GetClientTeam(attacker) != 2)
    {
        return;
    }
    if (!hasSpit)
    {
        PrintToChatAll("[Spit] %N killed a Spitter before it could spit!", attacker);
    }
    else if (!GetConVarBool(g_hOnlyEarly))
    {
        PrintToChatAll("[Spit] %N killed a Spitter", attacker);
    }
}
''')
    ref = plugin("Spitter Kill Feed", "Credits survivors who kill Spitters before they spit", r'''
ConVar g_hOnlyEarly;

public void OnPluginStart()
{
    g_hOnlyEarly = CreateConVar("l4d2_spitkill_only_early", "0", "Only report Spitters killed before spitting");
    HookEvent("spitter_killed", Event_SpitterKilled);
}

public void Event_SpitterKilled(Event event, const char[] name, bool dontBroadcast)
{
    int attacker = GetClientOfUserId(event.GetInt("attacker"));
    bool hasSpit = event.GetBool("has_spit");
    if (attacker == 0 || !IsClientInGame(attacker) || GetClientTeam(attacker) != 2)
    {
        return;
    }
    if (!hasSpit)
    {
        PrintToChatAll("[Spit] %N killed a Spitter before it could spit!", attacker);
    }
    else if (!g_hOnlyEarly.BoolValue)
    {
        PrintToChatAll("[Spit] %N killed a Spitter", attacker);
    }
}
''')
    scen = [scenario("early and late kills are reported, world kills ignored",
                     [FOUR, spitter, event("spitter_killed", userid=uid(9), attacker=uid(2), has_spit=False),
                      event("spitter_killed", userid=uid(9), attacker=uid(3), has_spit=True),
                      event("spitter_killed", userid=uid(9), attacker=0, has_spit=True)],
                     [chat("Ellis killed a Spitter before it could spit!"), chat("[Spit] Rochelle killed a Spitter"), NO_ERRORS]),
            scenario("only-early mode",
                     [FOUR, spitter, set_convar("l4d2_spitkill_only_early", 1),
                      event("spitter_killed", userid=uid(9), attacker=uid(3), has_spit=True)],
                     [no_chat("killed a Spitter")])]
    out.append(Task(
        id="l4d2-eval-spitter_spit-refactor-kill_feed", family="refactor", theme="spitter_spit",
        title="Port the Spitter kill feed to new-style syntax",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`) with the `Event` and `ConVar` methodmaps; replace `GetEventInt`, `GetEventBool` and `GetConVarBool`, and the `new bool:` / untyped declarations. Messages and the ConVar behaviour must not change.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "legacy natives still used", legacy),
            Broken("behaviour", "reads the Spitter (`userid`) instead of the `attacker`",
                   mutate(ref, ('int attacker = GetClientOfUserId(event.GetInt("attacker"));', 'int attacker = GetClientOfUserId(event.GetInt("userid"));'))),
            Broken("compile", "uses a non-existent ConVar property `.Bool`",
                   mutate(ref, ("else if (!g_hOnlyEarly.BoolValue)", "else if (!g_hOnlyEarly.Bool)"))),
        ],
        checks=checks(natives=["Event.GetBool", "Event.GetInt", "ConVar.BoolValue.get"],
                      forbid_natives=["GetEventInt", "GetEventBool", "GetConVarBool"], events=["spitter_killed"],
                      convars=["l4d2_spitkill_only_early"], scenarios=scen),
        tags=["legacy-syntax", "methodmaps"],
    ))

    # ---------------------------------------------------------------- doc: Event.GetString
    ref = plugin("Ability Log", "Logs every special infected ability to the server console", r'''
public void OnPluginStart()
{
    HookEvent("ability_use", Event_AbilityUse);
}

public void Event_AbilityUse(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("userid"));
    if (client == 0)
    {
        return;
    }
    char ability[64];
    event.GetString("ability", ability, sizeof(ability), "unknown");
    PrintToServer("[Ability] %N used %s", client, ability);
    if (StrEqual(ability, "ability_spit"))
    {
        PrintToChatAll("[Ability] Acid incoming from %N!", client);
    }
}
''')
    scen = [scenario("each ability is logged with its name; spit also goes to chat",
                     [FOUR, spitter, infected(7, "Charger", "charger"),
                      event("ability_use", userid=uid(7), ability="ability_charge", context=0),
                      event("ability_use", userid=uid(9), ability="ability_spit", context=0)],
                     [log("[Ability] Charger used ability_charge"), log("[Ability] Spitter used ability_spit"),
                      chat("[Ability] Acid incoming from Spitter!"), no_chat("from Charger"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-spitter_spit-doc-event_getstring", family="doc", theme="spitter_spit",
        title="Read a string event field with Event.GetString",
        prompt=f"""Use the `Event` methodmap as documented (events.inc):

`public native void GetString(const char[] key, char[] value, int maxlength, const char[] defvalue="");` — "Retrieves the string value of a game event's key" into `value` (at most `maxlength` bytes); `defvalue` is copied when the key is missing.

L4D2's `ability_use` event has `userid` (short), `ability` (string, e.g. `ability_spit`, `ability_charge`, `ability_lunge`, `ability_throw`) and `context`.

Task: hook `ability_use` and print to the server console (`PrintToServer`) `[Ability] <player> used <ability>` for every use (default the string to `unknown`). When the ability is `ability_spit`, also print to all players `[Ability] Acid incoming from <player>!`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "passes a buffer size of 8, so the ability name is cut to `ability` and spit is never recognised",
                   mutate(ref, ('event.GetString("ability", ability, sizeof(ability), "unknown");', 'event.GetString("ability", ability, 8, "unknown");'))),
            Broken("static", "logs to chat instead of the server console (PrintToServer is never called)",
                   mutate(ref, ('PrintToServer("[Ability] %N used %s", client, ability);', 'PrintToChatAll("[Ability] %N used %s", client, ability);'))),
            Broken("compile", "treats GetString as returning the string",
                   mutate(ref, ('    char ability[64];\n    event.GetString("ability", ability, sizeof(ability), "unknown");',
                                '    char ability[64];\n    ability = event.GetString("ability");'))),
        ],
        checks=checks(natives=["Event.GetString", "PrintToServer"], events=["ability_use"], scenarios=scen),
        api=["Event.GetString"],
        tags=["events", "strings"],
    ))
    return out


def tank_rock() -> list[Task]:
    out = []
    tank = infected(11, "Tank", "tank")
    # ---------------------------------------------------------------- scaffold: rock warnings + destroyed rocks
    ref = plugin("Tank Rock Watch", "Warns survivors about rock throws and credits rock destroyers", r'''
int g_iRocksThrown;
int g_iRocksDestroyed;

public void OnPluginStart()
{
    HookEvent("ability_use", Event_AbilityUse);
    HookEvent("tank_rock_killed", Event_RockKilled);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_rocks", Cmd_Rocks, "Shows rock statistics for this round");
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    g_iRocksThrown = 0;
    g_iRocksDestroyed = 0;
}

public void Event_AbilityUse(Event event, const char[] name, bool dontBroadcast)
{
    char ability[32];
    event.GetString("ability", ability, sizeof(ability));
    if (!StrEqual(ability, "ability_throw"))
    {
        return;
    }
    g_iRocksThrown++;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 2 && !IsFakeClient(i))
        {
            PrintHintText(i, "ROCK INCOMING! Take cover!");
        }
    }
}

public void Event_RockKilled(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("userid"));
    if (client == 0 || GetClientTeam(client) != 2)
    {
        return;
    }
    g_iRocksDestroyed++;
    PrintToChatAll("[Rock] %N shot down a Tank rock!", client);
}

public Action Cmd_Rocks(int client, int args)
{
    ReplyToCommand(client, "[Rock] Thrown: %d, shot down: %d", g_iRocksThrown, g_iRocksDestroyed);
    return Plugin_Handled;
}
''')
    scen = [scenario("throws warn human survivors, destroyed rocks are credited and counted",
                     [FOUR, tank, infected(9, "Spitter", "spitter"),
                      event("ability_use", userid=uid(11), ability="ability_throw", context=0),
                      event("ability_use", userid=uid(9), ability="ability_spit", context=0),
                      event("ability_use", userid=uid(11), ability="ability_throw", context=0),
                      event("tank_rock_killed", userid=uid(4)), command(1, "sm_rocks")],
                     [hint("ROCK INCOMING! Take cover!"), chat("[Rock] Coach shot down a Tank rock!"),
                      reply("[Rock] Thrown: 2, shot down: 1"), NO_ERRORS]),
            scenario("round_start resets both counters",
                     [FOUR, tank, event("ability_use", userid=uid(11), ability="ability_throw", context=0),
                      event("tank_rock_killed", userid=uid(4)), event("round_start"), command(1, "sm_rocks")],
                     [reply("[Rock] Thrown: 0, shot down: 0")])]
    out.append(Task(
        id="l4d2-eval-tank_rock-scaffold-rock_watch", family="scaffold", theme="tank_rock",
        title="Warn survivors about Tank rock throws and credit rock destroyers",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin about Tank rocks.

- A Tank's rock throw fires `ability_use` with `ability` = `ability_throw` (string field; `userid` is the Tank). For each throw, count it and show every human survivor (team 2, not a bot) the hint `ROCK INCOMING! Take cover!`. Other abilities are ignored.
- `tank_rock_killed` fires when a rock is destroyed in flight (`userid` = who destroyed it). If that is a survivor, count it and print to all `[Rock] <name> shot down a Tank rock!`.
- Both counters reset on `round_start`. `sm_rocks` replies `[Rock] Thrown: <thrown>, shot down: <destroyed>`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "counts every ability as a rock throw",
                   mutate(ref, ('    if (!StrEqual(ability, "ability_throw"))\n    {\n        return;\n    }\n', ""))),
            Broken("behaviour", "round_start resets only the thrown counter",
                   mutate(ref, ("    g_iRocksThrown = 0;\n    g_iRocksDestroyed = 0;", "    g_iRocksThrown = 0;"))),
            Broken("static", "hooks `tank_rock_destroyed`, which is not an L4D2 event, instead of tank_rock_killed",
                   mutate(ref, ('HookEvent("tank_rock_killed", Event_RockKilled);', 'HookEvent("tank_rock_destroyed", Event_RockKilled);'))),
            Broken("compile", "missing closing parenthesis in the hint loop condition",
                   mutate(ref, ("if (IsClientInGame(i) && GetClientTeam(i) == 2 && !IsFakeClient(i))", "if (IsClientInGame(i) && GetClientTeam(i) == 2 && !IsFakeClient(i)"))),
        ],
        checks=checks(natives=["Event.GetString", "PrintHintText", "IsFakeClient", "ReplyToCommand"],
                      events=["ability_use", "tank_rock_killed", "round_start"], commands=["sm_rocks"], scenarios=scen),
        tags=["events", "hint", "command"],
    ))

    # ---------------------------------------------------------------- repair: buffer too small
    good = plugin("Rock Alarm", "Tells everyone which Tank is throwing a rock", r'''
public void OnPluginStart()
{
    HookEvent("ability_use", Event_AbilityUse);
}

public void Event_AbilityUse(Event event, const char[] name, bool dontBroadcast)
{
    char ability[32];
    event.GetString("ability", ability, sizeof(ability));
    if (!StrEqual(ability, "ability_throw"))
    {
        return;
    }
    int tank = GetClientOfUserId(event.GetInt("userid"));
    if (tank != 0)
    {
        PrintToChatAll("[Rock] %N is throwing a rock!", tank);
    }
}
''')
    bad = mutate(good, ("    char ability[32];", "    char ability[8];"))
    scen = [scenario("a throw is announced, a punch is not",
                     [FOUR, tank, event("ability_use", userid=uid(11), ability="ability_throw", context=0),
                      event("ability_use", userid=uid(11), ability="ability_punch", context=0)],
                     [chat("[Rock] Tank is throwing a rock!"), {"chat_count": {"contains": "throwing a rock", "equals": 1}},
                      NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-tank_rock-repair-short_buffer", family="repair", theme="tank_rock",
        title="Fix the rock alarm that never triggers",
        prompt=f"""This plugin should print `[Rock] <tank> is throwing a rock!` whenever a Tank throws a rock (`ability_use` with `ability` = `ability_throw`). It loads fine and logs no errors, but the message never appears. A debug print of the ability name during a throw showed `ability` instead of `ability_throw`.

{code_block(bad)}

Fix it. {ANSWER}""",
        reference=good,
        broken=[
            Broken("behaviour", "the unrepaired plugin: the 8-byte buffer truncates the ability name", bad),
            Broken("behaviour", "works around the truncation with a prefix match, so every ability now counts as a throw",
                   mutate(bad, ('if (!StrEqual(ability, "ability_throw"))', 'if (StrContains(ability, "ability") != 0)'))),
            Broken("compile", "uses a variable-length array without `new` (non-constant size)",
                   mutate(good, ("    char ability[32];", "    int size = 32;\n    char ability[size];"))),
        ],
        checks=checks(natives=["Event.GetString"], events=["ability_use"], scenarios=scen),
        tags=["strings", "buffers"],
    ))

    # ---------------------------------------------------------------- refactor: legacy rock counter per tank
    legacy = legacy_plugin("Rocks Per Tank", "Counts rocks thrown by each Tank", r'''
new g_iRocks[MAXPLAYERS + 1];

public OnPluginStart()
{
    HookEvent("ability_use", Event_AbilityUse);
    HookEvent("tank_killed", Event_TankKilled);
}

public Event_AbilityUse(Handle:event, const String:name[], bool:dontBroadcast)
{
    decl String:ability[32];
    GetEventString(event, "ability", ability, sizeof(ability));
    if (!StrEqual(ability, "ability_throw"))
    {
        return;
    }
    new tank = GetClientOfUserId(GetEventInt(event, "userid"));
    if (tank > 0)
    {
        g_iRocks[tank]++;
    }
}

public Event_TankKilled(Handle:event, const String:name[], bool:dontBroadcast)
{
    new tank = GetClientOfUserId(GetEventInt(event, "userid"));
    if (tank == 0)
    {
        return;
    }
    PrintToChatAll("[Rock] %N died after throwing %d rock(s)", tank, g_iRocks[tank]);
    g_iRocks[tank] = 0;
}
''')
    ref = plugin("Rocks Per Tank", "Counts rocks thrown by each Tank", r'''
int g_iRocks[MAXPLAYERS + 1];

public void OnPluginStart()
{
    HookEvent("ability_use", Event_AbilityUse);
    HookEvent("tank_killed", Event_TankKilled);
}

public void Event_AbilityUse(Event event, const char[] name, bool dontBroadcast)
{
    char ability[32];
    event.GetString("ability", ability, sizeof(ability));
    if (!StrEqual(ability, "ability_throw"))
    {
        return;
    }
    int tank = GetClientOfUserId(event.GetInt("userid"));
    if (tank > 0)
    {
        g_iRocks[tank]++;
    }
}

public void Event_TankKilled(Event event, const char[] name, bool dontBroadcast)
{
    int tank = GetClientOfUserId(event.GetInt("userid"));
    if (tank == 0)
    {
        return;
    }
    PrintToChatAll("[Rock] %N died after throwing %d rock(s)", tank, g_iRocks[tank]);
    g_iRocks[tank] = 0;
}
''')
    scen = [scenario("rocks are counted per Tank and reported on death",
                     [FOUR, tank, client(12, "Tank (2)", 3, bot=True, zombie_class=8)]
                     + [event("ability_use", userid=uid(11), ability="ability_throw", context=0)] * 3
                     + [event("ability_use", userid=uid(12), ability="ability_throw", context=0),
                        event("tank_killed", userid=uid(11), attacker=uid(1), solo=False, melee_only=False, l4d1_only=False),
                        event("tank_killed", userid=uid(12), attacker=uid(1), solo=False, melee_only=False, l4d1_only=False)],
                     [chat("[Rock] Tank died after throwing 3 rock(s)"), chat("[Rock] Tank (2) died after throwing 1 rock(s)"),
                      NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-tank_rock-refactor-rocks_per_tank", family="refactor", theme="tank_rock",
        title="Port the rocks-per-Tank counter to new-style syntax",
        prompt=f"""Rewrite this plugin in new-style SourcePawn (`#pragma newdecls required`): `int`/`char` declarations instead of `new`/`decl String:`, typed `public void` event callbacks taking `Event event`, and `event.GetInt` / `event.GetString` instead of `GetEventInt` / `GetEventString`. Behaviour must be identical.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "still calls GetEventString/GetEventInt", legacy),
            Broken("behaviour", "resets the count before printing it",
                   mutate(ref, ("    PrintToChatAll(\"[Rock] %N died after throwing %d rock(s)\", tank, g_iRocks[tank]);\n    g_iRocks[tank] = 0;",
                                "    g_iRocks[tank] = 0;\n    PrintToChatAll(\"[Rock] %N died after throwing %d rock(s)\", tank, g_iRocks[tank]);"))),
            Broken("compile", "GetString called without the buffer size (error 092)",
                   mutate(ref, ('event.GetString("ability", ability, sizeof(ability));', 'event.GetString("ability", ability);'))),
        ],
        checks=checks(natives=["Event.GetString", "Event.GetInt"], forbid_natives=["GetEventString", "GetEventInt"],
                      events=["ability_use", "tank_killed"], scenarios=scen),
        tags=["legacy-syntax", "methodmaps"],
    ))

    # ---------------------------------------------------------------- doc: m_zombieClass via GetEntProp
    ref = plugin("Tank Throw Guard", "Only real Tanks count as rock throwers", r'''
#define ZC_TANK 8

public void OnPluginStart()
{
    HookEvent("ability_use", Event_AbilityUse);
}

public void Event_AbilityUse(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("userid"));
    if (client == 0 || GetClientTeam(client) != 3)
    {
        return;
    }
    if (GetEntProp(client, Prop_Send, "m_zombieClass") != ZC_TANK)
    {
        return;
    }
    PrintToChatAll("[Tank] %N is winding up a throw!", client);
}
''')
    scen = [scenario("only zombie class 8 players trigger the message",
                     [FOUR, tank, infected(7, "Charger", "charger"),
                      event("ability_use", userid=uid(7), ability="ability_charge", context=0),
                      event("ability_use", userid=uid(11), ability="ability_throw", context=0)],
                     [chat("[Tank] Tank is winding up a throw!"), no_chat("Charger is winding"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-tank_rock-doc-zombieclass", family="doc", theme="tank_rock",
        title="Identify the Tank with GetEntProp and m_zombieClass",
        prompt=f"""Use this SourceMod API as documented (entity.inc):

`native int GetEntProp(int entity, PropType type, const char[] prop, int size=4, int element=0);` — "Retrieves an integer value from an entity's property." `type` is `Prop_Send` for networked properties.

In Left 4 Dead 2 an infected player's send property `m_zombieClass` is 1 Smoker, 2 Boomer, 3 Hunter, 4 Spitter, 5 Jockey, 6 Charger, 8 Tank.

Task: hook `ability_use` (`userid` field). If the player is on the infected team (3) and their `m_zombieClass` is 8, print to all `[Tank] <name> is winding up a throw!`; ignore everyone else.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "compares with 5 (Jockey) instead of 8", mutate(ref, ("#define ZC_TANK 8", "#define ZC_TANK 5"))),
            Broken("static", "reads the misspelled netprop m_iZombieClass", mutate(ref, ('"m_zombieClass"', '"m_iZombieClass"'))),
            Broken("compile", "passes PropType as a string",
                   mutate(ref, ('GetEntProp(client, Prop_Send, "m_zombieClass")', 'GetEntProp(client, "Prop_Send", "m_zombieClass")'))),
        ],
        checks=checks(natives=["GetEntProp", "GetClientTeam"], events=["ability_use"], netprops=["m_zombieClass"],
                      forbid_netprops=["m_iZombieClass"], scenarios=scen),
        api=["GetEntProp"],
        tags=["netprop", "events"],
    ))
    return out


def speed_boost() -> list[Task]:
    out = []
    # ---------------------------------------------------------------- scaffold: sm_boost with timer reset
    ref = plugin("Survivor Speed Boost", "Gives a survivor a temporary speed boost", r'''
ConVar g_cvMultiplier;
ConVar g_cvDuration;

public void OnPluginStart()
{
    g_cvMultiplier = CreateConVar("l4d2_boost_multiplier", "1.3", "Speed multiplier while boosted", FCVAR_NOTIFY, true, 1.0, true, 3.0);
    g_cvDuration = CreateConVar("l4d2_boost_duration", "5.0", "Boost duration in seconds", FCVAR_NOTIFY, true, 1.0);
    RegConsoleCmd("sm_boost", Cmd_Boost, "Temporarily boosts your movement speed");
}

public Action Cmd_Boost(int client, int args)
{
    if (client == 0 || !IsClientInGame(client) || GetClientTeam(client) != 2 || !IsPlayerAlive(client))
    {
        ReplyToCommand(client, "[Boost] Only living survivors can boost.");
        return Plugin_Handled;
    }
    float multiplier = g_cvMultiplier.FloatValue;
    SetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue", multiplier);
    CreateTimer(g_cvDuration.FloatValue, Timer_ResetSpeed, GetClientUserId(client), TIMER_FLAG_NO_MAPCHANGE);
    ReplyToCommand(client, "[Boost] Speed x%.2f for %.0f seconds!", multiplier, g_cvDuration.FloatValue);
    return Plugin_Handled;
}

public Action Timer_ResetSpeed(Handle timer, any userid)
{
    int client = GetClientOfUserId(userid);
    if (client != 0 && IsClientInGame(client))
    {
        SetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue", 1.0);
        PrintToChat(client, "[Boost] Your boost wore off.");
    }
    return Plugin_Stop;
}
''')
    scen = [scenario("boost applies the multiplier and resets after the duration",
                     [FOUR, command(2, "sm_boost"), advance(4.0)],
                     [reply("[Boost] Speed x1.30 for 5 seconds!"), netprop(2, SPEED, 1.3, 0.001), netprop(1, SPEED, 1.0, 0.001)]),
            scenario("after the duration the speed is back to 1.0",
                     [FOUR, command(2, "sm_boost"), advance(5.5)],
                     [netprop(2, SPEED, 1.0, 0.001), chat_to(2, "Your boost wore off."), NO_ERRORS]),
            scenario("infected, dead survivors and the console are refused",
                     [FOUR, client(5, "Hunter", 3, zombie_class=3), client(6, "Ghost", 2, alive=False),
                      command(5, "sm_boost"), command(6, "sm_boost"), command(0, "sm_boost")],
                     [reply("Only living survivors can boost."), netprop(5, SPEED, 1.0, 0.001), NO_ERRORS]),
            scenario("ConVars are honoured",
                     [FOUR, set_convar("l4d2_boost_multiplier", 2.0), set_convar("l4d2_boost_duration", 10),
                      command(1, "sm_boost"), advance(8.0)],
                     [reply("Speed x2.00 for 10 seconds!"), netprop(1, SPEED, 2.0, 0.001)])]
    out.append(Task(
        id="l4d2-eval-speed_boost-scaffold-boost_command", family="scaffold", theme="speed_boost",
        title="Temporary survivor speed boost command",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin that gives survivors a temporary speed boost.

- ConVars: `l4d2_boost_multiplier` (default "1.3", bounds 1.0..3.0) and `l4d2_boost_duration` (default "5.0" seconds, minimum 1).
- Console command `sm_boost`: only an in-game, living survivor (team 2) may use it; anyone else (including the server console) gets the reply `[Boost] Only living survivors can boost.`
- A boost sets the caller's `m_flLaggedMovementValue` send property (a float; 1.0 is normal speed — L4D2 has no `m_flSpeed`) to the multiplier, replies `[Boost] Speed x<multiplier with 2 decimals> for <duration, no decimals> seconds!`, and starts a timer; when the duration has passed, set the property back to 1.0 and tell that player `[Boost] Your boost wore off.` Pass the userid, not the client index, to the timer.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "writes the non-existent netprop m_flSpeed",
                   mutate(ref, ('    SetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue", multiplier);',
                                '    SetEntPropFloat(client, Prop_Send, "m_flSpeed", multiplier);'))),
            Broken("behaviour", "never resets the speed (the timer only prints)",
                   mutate(ref, ('        SetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue", 1.0);\n', ""))),
            Broken("behaviour", "no team check: infected can boost themselves",
                   mutate(ref, ("if (client == 0 || !IsClientInGame(client) || GetClientTeam(client) != 2 || !IsPlayerAlive(client))",
                                "if (client == 0 || !IsClientInGame(client) || !IsPlayerAlive(client))"))),
            Broken("compile", "SetEntPropFloat without the PropType argument",
                   mutate(ref, ('    SetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue", multiplier);',
                                '    SetEntPropFloat(client, "m_flLaggedMovementValue", multiplier);'))),
        ],
        checks=checks(natives=["SetEntPropFloat", "CreateTimer", "ConVar.FloatValue.get", "ReplyToCommand"],
                      commands=["sm_boost"], convars=["l4d2_boost_multiplier", "l4d2_boost_duration"],
                      netprops=[SPEED], forbid_netprops=["m_flSpeed"], scenarios=scen),
        tags=["netprop", "timer", "convar"],
    ))

    # ---------------------------------------------------------------- repair: float convar read as int
    good = plugin("Adrenaline Rush", "Adrenaline makes survivors faster for a while", r'''
ConVar g_cvRush;

public void OnPluginStart()
{
    g_cvRush = CreateConVar("l4d2_adrenaline_speed", "1.5", "Movement speed multiplier after adrenaline", FCVAR_NOTIFY, true, 1.0, true, 3.0);
    HookEvent("adrenaline_used", Event_AdrenalineUsed);
}

public void Event_AdrenalineUsed(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("userid"));
    if (client == 0 || !IsPlayerAlive(client))
    {
        return;
    }
    float speed = g_cvRush.FloatValue;
    SetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue", speed);
    PrintToChat(client, "[Rush] Adrenaline! Speed x%.1f for 10 seconds", speed);
    CreateTimer(10.0, Timer_End, GetClientUserId(client));
}

public Action Timer_End(Handle timer, any userid)
{
    int client = GetClientOfUserId(userid);
    if (client != 0)
    {
        SetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue", 1.0);
    }
    return Plugin_Stop;
}
''')
    bad = mutate(good, ("    float speed = g_cvRush.FloatValue;", "    float speed = float(g_cvRush.IntValue);"))
    scen = [scenario("adrenaline applies the fractional multiplier, then resets",
                     [FOUR, event("adrenaline_used", userid=uid(3)), advance(5.0)],
                     [chat_to(3, "Speed x1.5 for 10 seconds"), netprop(3, SPEED, 1.5, 0.001), NO_ERRORS]),
            scenario("reset after ten seconds",
                     [FOUR, event("adrenaline_used", userid=uid(3)), advance(10.5)],
                     [netprop(3, SPEED, 1.0, 0.001)]),
            scenario("ConVar 2.25",
                     [FOUR, set_convar("l4d2_adrenaline_speed", 2.25), event("adrenaline_used", userid=uid(1))],
                     [netprop(1, SPEED, 2.25, 0.001), chat_to(1, "Speed x2.2")])]
    out.append(Task(
        id="l4d2-eval-speed_boost-repair-float_convar", family="repair", theme="speed_boost",
        title="Fix the adrenaline speed boost that never speeds anyone up",
        prompt=f"""After taking adrenaline (`adrenaline_used`), a survivor should move at `l4d2_adrenaline_speed` times normal speed (default 1.5) for 10 seconds. Players report they get no boost at all, and the chat line says `[Rush] Adrenaline! Speed x1.0 for 10 seconds`. Setting the ConVar to 2.5 gives x2.0 instead. Nothing is logged.

{code_block(bad)}

Fix it. {ANSWER}""",
        reference=good,
        broken=[
            Broken("behaviour", "the unrepaired plugin: reads the float ConVar through IntValue, truncating 1.5 to 1", bad),
            Broken("behaviour", "uses the right value but never resets the speed after 10 seconds",
                   mutate(good, ('        SetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue", 1.0);\n', ""))),
            Broken("compile", "calls the FloatValue property as if it were a method",
                   mutate(good, ("    float speed = g_cvRush.FloatValue;", "    float speed = g_cvRush.FloatValue();"))),
        ],
        checks=checks(natives=["SetEntPropFloat"], events=["adrenaline_used"], netprops=[SPEED],
                      convars=["l4d2_adrenaline_speed"], scenarios=scen),
        tags=["convar", "netprop", "floats"],
    ))

    # ---------------------------------------------------------------- refactor: legacy speed plugin
    legacy = legacy_plugin("Survivor Speed", "Applies a configurable speed to survivors when they spawn", r'''
new Handle:g_hSpeed = INVALID_HANDLE;

public OnPluginStart()
{
    g_hSpeed = CreateConVar("l4d2_survivor_speed", "1.1", "Survivor movement speed multiplier", FCVAR_NOTIFY, true, 0.5, true, 2.0);
    HookEvent("player_spawn", Event_PlayerSpawn);
    RegConsoleCmd("sm_myspeed", Command_MySpeed);
}

public Event_PlayerSpawn(Handle:event, const String:name[], bool:dontBroadcast)
{
    new client = GetClientOfUserId(GetEventInt(event, "userid"));
    if (client == 0 || GetClientTeam(client) != 2)
    {
        return;
    }
    SetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue", GetConVarFloat(g_hSpeed));
}

public Action:Command_MySpeed(client, args)
{
    if (client == 0)
    {
        return Plugin_Handled;
    }
    new Float:speed = GetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue");
    ReplyToCommand(client, "[Speed] Your speed multiplier is %.2f", speed);
    return Plugin_Handled;
}
''')
    ref = plugin("Survivor Speed", "Applies a configurable speed to survivors when they spawn", r'''
ConVar g_hSpeed;

public void OnPluginStart()
{
    g_hSpeed = CreateConVar("l4d2_survivor_speed", "1.1", "Survivor movement speed multiplier", FCVAR_NOTIFY, true, 0.5, true, 2.0);
    HookEvent("player_spawn", Event_PlayerSpawn);
    RegConsoleCmd("sm_myspeed", Command_MySpeed);
}

public void Event_PlayerSpawn(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("userid"));
    if (client == 0 || GetClientTeam(client) != 2)
    {
        return;
    }
    SetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue", g_hSpeed.FloatValue);
}

public Action Command_MySpeed(int client, int args)
{
    if (client == 0)
    {
        return Plugin_Handled;
    }
    float speed = GetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue");
    ReplyToCommand(client, "[Speed] Your speed multiplier is %.2f", speed);
    return Plugin_Handled;
}
''')
    scen = [scenario("survivors spawn with the configured speed; infected are untouched",
                     [FOUR, client(5, "Hunter", 3, zombie_class=3), event("player_spawn", userid=uid(1)),
                      event("player_spawn", userid=uid(5)), command(1, "sm_myspeed")],
                     [netprop(1, SPEED, 1.1, 0.001), netprop(5, SPEED, 1.0, 0.001),
                      reply("[Speed] Your speed multiplier is 1.10"), NO_ERRORS]),
            scenario("ConVar value 1.75",
                     [FOUR, set_convar("l4d2_survivor_speed", 1.75), event("player_spawn", userid=uid(2))],
                     [netprop(2, SPEED, 1.75, 0.001)])]
    out.append(Task(
        id="l4d2-eval-speed_boost-refactor-spawn_speed", family="refactor", theme="speed_boost",
        title="Port the survivor spawn-speed plugin to new-style syntax",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`): `ConVar` with `.FloatValue` instead of `GetConVarFloat`, `Event` with `.GetInt` instead of `GetEventInt`, `float`/`int` instead of `Float:`/untyped, and typed callbacks. It must set the same netprop to the same values and reply the same text.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "unchanged: GetConVarFloat and GetEventInt", legacy),
            Broken("behaviour", "the team filter was inverted in the rewrite",
                   mutate(ref, ("if (client == 0 || GetClientTeam(client) != 2)", "if (client == 0 || GetClientTeam(client) == 2)"))),
            Broken("compile", "keeps `new Float:speed` under newdecls",
                   mutate(ref, ('    float speed = GetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue");',
                                '    new Float:speed = GetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue");'))),
        ],
        checks=checks(natives=["ConVar.FloatValue.get", "Event.GetInt", "SetEntPropFloat", "GetEntPropFloat"],
                      forbid_natives=["GetConVarFloat", "GetEventInt"], events=["player_spawn"], commands=["sm_myspeed"],
                      convars=["l4d2_survivor_speed"], netprops=[SPEED], scenarios=scen),
        tags=["legacy-syntax", "methodmaps", "netprop"],
    ))

    # ---------------------------------------------------------------- doc: ConVar.AddChangeHook
    ref = plugin("Live Survivor Speed", "Applies the survivor speed ConVar immediately when it changes", r'''
ConVar g_cvSpeed;

public void OnPluginStart()
{
    g_cvSpeed = CreateConVar("l4d2_live_speed", "1.0", "Survivor movement speed multiplier", FCVAR_NOTIFY, true, 0.5, true, 2.0);
    g_cvSpeed.AddChangeHook(OnSpeedChanged);
}

public void OnSpeedChanged(ConVar convar, const char[] oldValue, const char[] newValue)
{
    float speed = convar.FloatValue;
    int applied = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 2 && IsPlayerAlive(i))
        {
            SetEntPropFloat(i, Prop_Send, "m_flLaggedMovementValue", speed);
            applied++;
        }
    }
    PrintToServer("[Speed] %s -> %s applied to %d survivor(s)", oldValue, newValue, applied);
}
''')
    scen = [scenario("changing the ConVar updates every living survivor at once",
                     [FOUR[:3], client(4, "Coach", 2, alive=False), client(5, "Hunter", 3, zombie_class=3),
                      set_convar("l4d2_live_speed", "1.4")],
                     [netprop(1, SPEED, 1.4, 0.001), netprop(3, SPEED, 1.4, 0.001), netprop(5, SPEED, 1.0, 0.001),
                      log("[Speed] 1.0 -> 1.4 applied to 3 survivor(s)"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-speed_boost-doc-change_hook", family="doc", theme="speed_boost",
        title="React to ConVar changes with ConVar.AddChangeHook",
        prompt=f"""Use this SourceMod API as documented (convars.inc):

- `public native void AddChangeHook(ConVarChanged callback);` on a `ConVar` — "Creates a hook for when a console variable's value is changed."
- `typedef ConVarChanged = function void (ConVar convar, const char[] oldValue, const char[] newValue);`

Task: create the ConVar `l4d2_live_speed` (default "1.0", bounds 0.5..2.0) and hook its changes. Whenever it changes, set `m_flLaggedMovementValue` (Prop_Send float) of every in-game, living survivor (team 2) to the new value, and print to the server console `[Speed] <old> -> <new> applied to <n> survivor(s)`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "applies the speed only in OnPluginStart and never hooks changes (AddChangeHook is never called)",
                   mutate(ref, ("    g_cvSpeed.AddChangeHook(OnSpeedChanged);", "    OnSpeedChanged(g_cvSpeed, \"\", \"\");"))),
            Broken("behaviour", "applies the old value instead of the new one",
                   mutate(ref, ("    float speed = convar.FloatValue;", "    float speed = StringToFloat(oldValue);"))),
            Broken("compile", "change hook callback with the wrong signature",
                   mutate(ref, ("public void OnSpeedChanged(ConVar convar, const char[] oldValue, const char[] newValue)",
                                "public void OnSpeedChanged(ConVar convar, float oldValue, float newValue)"),
                          ('    PrintToServer("[Speed] %s -> %s applied to %d survivor(s)", oldValue, newValue, applied);',
                           '    PrintToServer("[Speed] %.1f -> %.1f applied to %d survivor(s)", oldValue, newValue, applied);'))),
        ],
        checks=checks(natives=["ConVar.AddChangeHook", "SetEntPropFloat", "PrintToServer"], convars=["l4d2_live_speed"],
                      netprops=[SPEED], scenarios=scen),
        api=["ConVar.AddChangeHook"],
        tags=["convar", "netprop"],
    ))
    return out


def friendly_fire() -> list[Task]:
    out = []
    # ---------------------------------------------------------------- scaffold: FF tracker with warning threshold
    ref = plugin("Friendly Fire Tracker", "Tracks friendly fire damage and warns offenders", r'''
ConVar g_cvWarnAt;
int g_iFFDamage[MAXPLAYERS + 1];
bool g_bWarned[MAXPLAYERS + 1];

public void OnPluginStart()
{
    g_cvWarnAt = CreateConVar("l4d2_ff_warn_damage", "50", "Friendly fire damage at which the offender is named in chat", FCVAR_NOTIFY, true, 1.0);
    HookEvent("player_hurt", Event_PlayerHurt);
    RegConsoleCmd("sm_ff", Cmd_FF, "Shows your friendly fire damage");
}

public void OnClientDisconnect(int client)
{
    g_iFFDamage[client] = 0;
    g_bWarned[client] = false;
}

public void Event_PlayerHurt(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("userid"));
    int attacker = GetClientOfUserId(event.GetInt("attacker"));
    if (victim == 0 || attacker == 0 || attacker == victim)
    {
        return;
    }
    if (GetClientTeam(victim) != 2 || GetClientTeam(attacker) != 2)
    {
        return;
    }
    int damage = event.GetInt("dmg_health");
    g_iFFDamage[attacker] += damage;
    PrintToChat(attacker, "[FF] You hit %N for %d damage (total %d)", victim, damage, g_iFFDamage[attacker]);
    if (!g_bWarned[attacker] && g_iFFDamage[attacker] >= g_cvWarnAt.IntValue)
    {
        g_bWarned[attacker] = true;
        PrintToChatAll("[FF] %N has dealt %d friendly fire damage!", attacker, g_iFFDamage[attacker]);
    }
}

public Action Cmd_FF(int client, int args)
{
    if (client == 0)
    {
        return Plugin_Handled;
    }
    ReplyToCommand(client, "[FF] Your friendly fire damage: %d", g_iFFDamage[client]);
    return Plugin_Handled;
}
''')
    def hurt(victim, attacker, dmg):
        return event("player_hurt", userid=uid(victim), attacker=uid(attacker) if attacker else 0, attackerentid=attacker,
                     health=100 - dmg, armor=0, weapon="rifle", dmg_health=dmg, dmg_armor=0, hitgroup=0, type=2)
    scen = [scenario("survivor-on-survivor damage is tracked; the public warning fires once at the threshold",
                     [FOUR, client(5, "Hunter", 3, zombie_class=3), hurt(2, 1, 20), hurt(3, 1, 30), hurt(4, 1, 10),
                      hurt(1, 5, 25), hurt(1, 1, 5), command(1, "sm_ff"), command(5, "sm_ff")],
                     [chat_to(1, "[FF] You hit Ellis for 20 damage (total 20)"), chat_to(1, "You hit Coach for 10 damage (total 60)"),
                      {"chat_count": {"contains": "has dealt", "equals": 1}}, chat("[FF] Nick has dealt 50 friendly fire damage!"),
                      reply("[FF] Your friendly fire damage: 60"), reply("[FF] Your friendly fire damage: 0"), NO_ERRORS]),
            scenario("world damage (attacker 0) is ignored",
                     [FOUR, hurt(2, 0, 15)], [no_chat("[FF]"), NO_ERRORS]),
            scenario("threshold ConVar",
                     [FOUR, set_convar("l4d2_ff_warn_damage", 10), hurt(2, 3, 12)],
                     [chat("Rochelle has dealt 12 friendly fire damage!")])]
    out.append(Task(
        id="l4d2-eval-friendly_fire-scaffold-tracker", family="scaffold", theme="friendly_fire",
        title="Track friendly fire damage and name repeat offenders",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin that tracks friendly fire.

- Hook `player_hurt` (fields include `userid` = victim, `attacker` = attacker userid or 0 for world damage, `dmg_health`). Only count it when attacker and victim are different in-game survivors (both team 2).
- Add `dmg_health` to the attacker's total and tell the attacker `[FF] You hit <victim> for <damage> damage (total <total>)`.
- ConVar `l4d2_ff_warn_damage` (default "50"). The first time an attacker's total reaches it (>=), print to everyone `[FF] <attacker> has dealt <total> friendly fire damage!` — only once per player.
- Totals and the warned flag are per client and reset in `OnClientDisconnect`.
- `sm_ff` replies `[FF] Your friendly fire damage: <total>` to the caller (nothing for the server console).

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "counts infected attacking survivors as friendly fire (no attacker team check)",
                   mutate(ref, ("if (GetClientTeam(victim) != 2 || GetClientTeam(attacker) != 2)", "if (GetClientTeam(victim) != 2)"))),
            Broken("behaviour", "the public warning repeats on every hit above the threshold",
                   mutate(ref, ("if (!g_bWarned[attacker] && g_iFFDamage[attacker] >= g_cvWarnAt.IntValue)", "if (g_iFFDamage[attacker] >= g_cvWarnAt.IntValue)"))),
            Broken("behaviour", "no attacker 0 check: world damage makes GetClientTeam(0) raise an error",
                   mutate(ref, ("if (victim == 0 || attacker == 0 || attacker == victim)", "if (victim == 0 || attacker == victim)"))),
            Broken("compile", "reads the damage with a misspelled Event method",
                   mutate(ref, ('int damage = event.GetInt("dmg_health");', 'int damage = event.GetInteger("dmg_health");'))),
        ],
        checks=checks(natives=["Event.GetInt", "GetClientOfUserId", "GetClientTeam", "PrintToChat", "ReplyToCommand"],
                      events=["player_hurt"], commands=["sm_ff"], convars=["l4d2_ff_warn_damage"], scenarios=scen),
        tags=["events", "team-filter", "convar"],
    ))

    # ---------------------------------------------------------------- repair: team equality instead of survivor team
    good = plugin("Team Damage Notice", "Tells survivors when a teammate shoots them", r'''
public void OnPluginStart()
{
    HookEvent("player_hurt", Event_PlayerHurt);
}

public void Event_PlayerHurt(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("userid"));
    int attacker = GetClientOfUserId(event.GetInt("attacker"));
    if (victim == 0 || attacker == 0 || victim == attacker)
    {
        return;
    }
    if (GetClientTeam(victim) == 2 && GetClientTeam(attacker) == 2)
    {
        PrintToChat(victim, "[FF] %N shot you for %d damage", attacker, event.GetInt("dmg_health"));
    }
}
''')
    bad = mutate(good, ("if (GetClientTeam(victim) == 2 && GetClientTeam(attacker) == 2)", "if (GetClientTeam(victim) == GetClientTeam(attacker))"))
    hurt = lambda v, a, d: event("player_hurt", userid=uid(v), attacker=uid(a), attackerentid=a, health=100, armor=0,  # noqa: E731
                                 weapon="tank_claw", dmg_health=d, dmg_armor=0, hitgroup=0, type=128)
    scen = [scenario("only survivors hurt by survivors are told",
                     [FOUR, client(5, "Hunter", 3, zombie_class=3), client(11, "Tank", 3, zombie_class=8),
                      hurt(5, 11, 40), hurt(2, 1, 9)],
                     [chat_to(2, "[FF] Nick shot you for 9 damage"), no_chat("Tank shot you"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-friendly_fire-repair-infected_team", family="repair", theme="friendly_fire",
        title="Fix the friendly fire notice that also fires between infected",
        prompt=f"""This plugin should tell a survivor `[FF] <attacker> shot you for <damage> damage` when another survivor damages them. It works for survivors, but infected players complain: when a Tank's punched car hits a Hunter, the Hunter gets `[FF] Tank shot you for 40 damage`.

{code_block(bad)}

Fix it so only survivor-on-survivor damage produces the notice. {ANSWER}""",
        reference=good,
        broken=[
            Broken("behaviour", "the unrepaired plugin: any same-team damage, including infected on infected", bad),
            Broken("behaviour", "checks only the victim's team, so a Hunter scratching a survivor counts as friendly fire",
                   mutate(good, ("if (GetClientTeam(victim) == 2 && GetClientTeam(attacker) == 2)", "if (GetClientTeam(victim) == 2)"))),
            Broken("compile", "uses a team constant that does not exist in SourceMod",
                   mutate(good, ("if (GetClientTeam(victim) == 2 && GetClientTeam(attacker) == 2)",
                                 "if (GetClientTeam(victim) == TEAM_SURVIVOR && GetClientTeam(attacker) == TEAM_SURVIVOR)"))),
        ],
        checks=checks(natives=["GetClientTeam", "PrintToChat", "Event.GetInt"], events=["player_hurt"], scenarios=scen),
        tags=["team-filter", "events"],
    ))
    # second scenario: a Hunter hurting a survivor must not count either (catches the victim-only fix)
    out[-1].checks["scenarios"].append(
        scenario("infected hurting a survivor is not friendly fire",
                 [FOUR, client(5, "Hunter", 3, zombie_class=3), hurt(1, 5, 6)],
                 [no_chat("shot you"), NO_ERRORS]))

    # ---------------------------------------------------------------- refactor: legacy FF punisher (admin cmd)
    legacy = legacy_plugin("FF Limit", "Slays survivors who deal too much friendly fire", r'''
new Handle:g_hLimit;
new g_iDamage[MAXPLAYERS + 1];

public OnPluginStart()
{
    g_hLimit = CreateConVar("l4d2_ff_limit", "100", "Friendly fire damage before the offender is slain");
    HookEvent("player_hurt", Event_PlayerHurt);
    RegAdminCmd("sm_ffreset", Command_Reset, ADMFLAG_KICK, "Resets all friendly fire counters");
}

public OnClientDisconnect(client)
{
    g_iDamage[client] = 0;
}

public Event_PlayerHurt(Handle:event, const String:name[], bool:dontBroadcast)
{
    new victim = GetClientOfUserId(GetEventInt(event, "userid"));
    new attacker = GetClientOfUserId(GetEventInt(event, "attacker"));
    if (victim == 0 || attacker == 0 || victim == attacker)
    {
        return;
    }
    if (GetClientTeam(victim) != 2 || GetClientTeam(attacker) != 2)
    {
        return;
    }
    g_iDamage[attacker] += GetEventInt(event, "dmg_health");
    if (g_iDamage[attacker] >= GetConVarInt(g_hLimit) && IsPlayerAlive(attacker))
    {
        ForcePlayerSuicide(attacker);
        PrintToChatAll("[FF] %N was slain for %d friendly fire damage", attacker, g_iDamage[attacker]);
        g_iDamage[attacker] = 0;
    }
}

public Action:Command_Reset(client, args)
{
    for (new i = 1; i <= MaxClients; i++)
    {
        g_iDamage[i] = 0;
    }
    ReplyToCommand(client, "[FF] All friendly fire counters reset");
    return Plugin_Handled;
}
''', sdktools=True)
    ref = plugin("FF Limit", "Slays survivors who deal too much friendly fire", r'''
ConVar g_hLimit;
int g_iDamage[MAXPLAYERS + 1];

public void OnPluginStart()
{
    g_hLimit = CreateConVar("l4d2_ff_limit", "100", "Friendly fire damage before the offender is slain");
    HookEvent("player_hurt", Event_PlayerHurt);
    RegAdminCmd("sm_ffreset", Command_Reset, ADMFLAG_KICK, "Resets all friendly fire counters");
}

public void OnClientDisconnect(int client)
{
    g_iDamage[client] = 0;
}

public void Event_PlayerHurt(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("userid"));
    int attacker = GetClientOfUserId(event.GetInt("attacker"));
    if (victim == 0 || attacker == 0 || victim == attacker)
    {
        return;
    }
    if (GetClientTeam(victim) != 2 || GetClientTeam(attacker) != 2)
    {
        return;
    }
    g_iDamage[attacker] += event.GetInt("dmg_health");
    if (g_iDamage[attacker] >= g_hLimit.IntValue && IsPlayerAlive(attacker))
    {
        ForcePlayerSuicide(attacker);
        PrintToChatAll("[FF] %N was slain for %d friendly fire damage", attacker, g_iDamage[attacker]);
        g_iDamage[attacker] = 0;
    }
}

public Action Command_Reset(int client, int args)
{
    for (int i = 1; i <= MaxClients; i++)
    {
        g_iDamage[i] = 0;
    }
    ReplyToCommand(client, "[FF] All friendly fire counters reset");
    return Plugin_Handled;
}
''', sdktools=True)
    hurt2 = lambda v, a, d: event("player_hurt", userid=uid(v), attacker=uid(a), attackerentid=a, health=100, armor=0,  # noqa: E731
                                  weapon="shotgun_chrome", dmg_health=d, dmg_armor=0, hitgroup=0, type=8)
    scen = [scenario("the offender is slain when the damage reaches the limit exactly",
                     [FOUR, hurt2(2, 1, 60), hurt2(3, 1, 40), hurt2(1, 2, 30)],
                     [{"forced_suicide": {"client": 1}}, chat("[FF] Nick was slain for 100 friendly fire damage"),
                      no_chat("Ellis was slain"), NO_ERRORS]),
            scenario("an admin reset clears the counters",
                     [client(1, "Nick", 2), client(2, "Ellis", 2), client(3, "Admin", 2, admin_flags="c"), hurt2(2, 1, 60),
                      command(3, "sm_ffreset"), hurt2(2, 1, 45)],
                     [reply("All friendly fire counters reset"), no_chat("was slain")])]
    out.append(Task(
        id="l4d2-eval-friendly_fire-refactor-ff_limit", family="refactor", theme="friendly_fire",
        title="Port the friendly fire limit plugin to new-style syntax",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`): `ConVar` + `.IntValue`, `Event` + `.GetInt`, typed globals, forwards (`public void OnClientDisconnect(int client)`) and callbacks. Keep the admin command's flag, the slay rule and every message unchanged.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "legacy natives GetEventInt/GetConVarInt kept", legacy),
            Broken("static", "the admin-only reset became a console command anyone can run (required as an admin command)",
                   mutate(ref, ('RegAdminCmd("sm_ffreset", Command_Reset, ADMFLAG_KICK, "Resets all friendly fire counters");',
                                'RegConsoleCmd("sm_ffreset", Command_Reset, "Resets all friendly fire counters");'))),
            Broken("behaviour", "off-by-one in the rewrite: > instead of >=, so exactly reaching the limit does not slay",
                   mutate(ref, ("if (g_iDamage[attacker] >= g_hLimit.IntValue && IsPlayerAlive(attacker))",
                                "if (g_iDamage[attacker] > g_hLimit.IntValue && IsPlayerAlive(attacker))"))),
            Broken("compile", "typed forward with an untyped parameter under newdecls",
                   mutate(ref, ("public void OnClientDisconnect(int client)", "public void OnClientDisconnect(client)"))),
        ],
        checks=checks(natives=["Event.GetInt", "ConVar.IntValue.get", "ForcePlayerSuicide", "RegAdminCmd"],
                      forbid_natives=["GetEventInt", "GetConVarInt"], events=["player_hurt"],
                      admin_commands=["sm_ffreset"], convars=["l4d2_ff_limit"], scenarios=scen),
        tags=["legacy-syntax", "methodmaps", "admin"],
    ))

    # ---------------------------------------------------------------- doc: LogAction
    ref = plugin("FF Audit Log", "Logs every survivor-on-survivor hit for admins", r'''
public void OnPluginStart()
{
    HookEvent("player_hurt", Event_PlayerHurt);
}

public void Event_PlayerHurt(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("userid"));
    int attacker = GetClientOfUserId(event.GetInt("attacker"));
    if (victim == 0 || attacker == 0 || victim == attacker)
    {
        return;
    }
    if (GetClientTeam(victim) != 2 || GetClientTeam(attacker) != 2)
    {
        return;
    }
    char weapon[32];
    event.GetString("weapon", weapon, sizeof(weapon));
    LogAction(attacker, victim, "\"%L\" team-damaged \"%L\" for %d with %s", attacker, victim, event.GetInt("dmg_health"), weapon);
}
''')
    hurt3 = lambda v, a, d, w: event("player_hurt", userid=uid(v), attacker=uid(a), attackerentid=a, health=100, armor=0,  # noqa: E731
                                     weapon=w, dmg_health=d, dmg_armor=0, hitgroup=0, type=2)
    scen = [scenario("team damage is logged with both players and the weapon",
                     [FOUR, client(5, "Hunter", 3, zombie_class=3), hurt3(4, 2, 17, "pistol_magnum"), hurt3(4, 5, 10, "hunter_claw")],
                     [log('"Ellis<102><STEAM_1:0:2><Survivor>" team-damaged "Coach<104><STEAM_1:0:4><Survivor>" for 17 with pistol_magnum'),
                      NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-friendly_fire-doc-logaction", family="doc", theme="friendly_fire",
        title="Audit friendly fire with LogAction",
        prompt=f"""Use this SourceMod native as documented (logging.inc):

`native void LogAction(int client, int target, const char[] message, any ...);` — "Logs an action from a command or event whereby interception and routing may be important. This is intended to be a logging wrapper around LogMessage." `client` is the acting client (0 for the console), `target` the affected client (-1 for none). `%L` formats a client as `name<userid><steamid><team>`.

Task: hook `player_hurt` (`userid` = victim, `attacker` = attacker userid, `dmg_health`, `weapon` (string)). When a survivor (team 2) damages a different survivor, log with `LogAction(attacker, victim, ...)` the line `"<attacker %L>" team-damaged "<victim %L>" for <damage> with <weapon>`. Damage from infected or the world is not logged.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "swaps attacker and victim in the log line",
                   mutate(ref, ('team-damaged \\"%L\\" for %d with %s", attacker, victim,', 'team-damaged \\"%L\\" for %d with %s", victim, attacker,'))),
            Broken("static", "prints to chat instead of logging (LogAction is never called)",
                   mutate(ref, ('    LogAction(attacker, victim, "\\"%L\\" team-damaged \\"%L\\" for %d with %s", attacker, victim, event.GetInt("dmg_health"), weapon);',
                                '    PrintToChatAll("\\"%N\\" team-damaged \\"%N\\" for %d with %s", attacker, victim, event.GetInt("dmg_health"), weapon);'))),
            Broken("compile", "LogAction called without the target argument",
                   mutate(ref, ('LogAction(attacker, victim, "\\"%L\\" team-damaged', 'LogAction(attacker, "\\"%L\\" team-damaged'))),
        ],
        checks=checks(natives=["LogAction", "Event.GetString"], events=["player_hurt"], scenarios=scen),
        api=["LogAction"],
        tags=["logging", "events"],
    ))
    return out


def saferoom_heal() -> list[Task]:
    out = []
    # ---------------------------------------------------------------- scaffold: heal on checkpoint entry, once per round
    ref = plugin("Saferoom Patch-Up", "Heals wounded survivors once when they reach the saferoom", r'''
ConVar g_cvMinHealth;
bool g_bHealed[MAXPLAYERS + 1];

public void OnPluginStart()
{
    g_cvMinHealth = CreateConVar("l4d2_saferoom_min_health", "50", "Survivors entering the saferoom are healed up to this much health", FCVAR_NOTIFY, true, 1.0, true, 100.0);
    HookEvent("player_entered_checkpoint", Event_EnteredCheckpoint);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    for (int i = 1; i <= MaxClients; i++)
    {
        g_bHealed[i] = false;
    }
}

public void OnClientDisconnect(int client)
{
    g_bHealed[client] = false;
}

public void Event_EnteredCheckpoint(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("userid"));
    if (client == 0 || GetClientTeam(client) != 2 || !IsPlayerAlive(client) || g_bHealed[client])
    {
        return;
    }
    int minimum = g_cvMinHealth.IntValue;
    int current = GetClientHealth(client);
    if (current >= minimum)
    {
        return;
    }
    g_bHealed[client] = true;
    SetEntityHealth(client, minimum);
    PrintToChat(client, "[Saferoom] Patched you up from %d to %d HP.", current, minimum);
}
''')
    entered = lambda i: event("player_entered_checkpoint", userid=uid(i), entityid=0, door=0, area=0, doorname="")  # noqa: E731
    scen = [scenario("wounded survivors are raised to the minimum once; healthy and infected are untouched",
                     [client(1, "Nick", 2, health=20), client(2, "Ellis", 2, health=80), client(3, "Hunter", 3, zombie_class=3, health=10),
                      entered(1), entered(2), entered(3), {"set_netprop": {"entity": 1, "prop": "m_iHealth", "value": 15}}, entered(1)],
                     [chat_to(1, "[Saferoom] Patched you up from 20 to 50 HP."), health(1, 15), health(2, 80), health(3, 10),
                      NO_ERRORS]),
            scenario("a new round allows another heal",
                     [client(1, "Nick", 2, health=20), entered(1), {"set_netprop": {"entity": 1, "prop": "m_iHealth", "value": 30}},
                      event("round_start"), entered(1)],
                     [health(1, 50), chat_to(1, "from 30 to 50 HP")]),
            scenario("the ConVar sets the target",
                     [client(1, "Nick", 2, health=20), set_convar("l4d2_saferoom_min_health", 75), entered(1)],
                     [health(1, 75)])]
    out.append(Task(
        id="l4d2-eval-saferoom_heal-scaffold-patch_up", family="scaffold", theme="saferoom_heal",
        title="Heal wounded survivors once when they reach the saferoom",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin that patches up wounded survivors at the saferoom.

- ConVar `l4d2_saferoom_min_health` (default "50", bounds 1..100).
- Hook `player_entered_checkpoint` (`userid` = the player). For an in-game, living survivor (team 2) whose health (`GetClientHealth`) is below the ConVar, set their health to the ConVar value (`SetEntityHealth`) and tell them `[Saferoom] Patched you up from <old> to <new> HP.` Healthy survivors and infected are not touched.
- Each survivor is healed at most once per round: remember it per client, clear on `round_start` and in `OnClientDisconnect`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "heals every time the survivor enters (no once-per-round flag)",
                   mutate(ref, ("    if (client == 0 || GetClientTeam(client) != 2 || !IsPlayerAlive(client) || g_bHealed[client])",
                                "    if (client == 0 || GetClientTeam(client) != 2 || !IsPlayerAlive(client))"))),
            Broken("behaviour", "sets everyone to the minimum, lowering healthy survivors",
                   mutate(ref, ("    if (current >= minimum)\n    {\n        return;\n    }\n", ""))),
            Broken("behaviour", "no team check: infected entering the checkpoint are healed too",
                   mutate(ref, ("    if (client == 0 || GetClientTeam(client) != 2 || !IsPlayerAlive(client) || g_bHealed[client])",
                                "    if (client == 0 || !IsPlayerAlive(client) || g_bHealed[client])"))),
            Broken("compile", "calls a non-existent SetClientHealth",
                   mutate(ref, ("    SetEntityHealth(client, minimum);", "    SetClientHealth(client, minimum);"))),
        ],
        checks=checks(natives=["GetClientHealth", "SetEntProp", "PrintToChat"],
                      events=["player_entered_checkpoint", "round_start"], convars=["l4d2_saferoom_min_health"],
                      scenarios=scen),
        tags=["health", "events", "state"],
    ))

    # ---------------------------------------------------------------- repair: heal overflows max health
    good = plugin("Saferoom Bonus", "Gives every survivor bonus health when a new chapter starts", r'''
ConVar g_cvBonus;

public void OnPluginStart()
{
    g_cvBonus = CreateConVar("l4d2_saferoom_bonus", "40", "Health added to each survivor at round start", FCVAR_NOTIFY, true, 0.0, true, 100.0);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    CreateTimer(1.0, Timer_Bonus, _, TIMER_FLAG_NO_MAPCHANGE);
}

public Action Timer_Bonus(Handle timer)
{
    int bonus = g_cvBonus.IntValue;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (!IsClientInGame(i) || GetClientTeam(i) != 2 || !IsPlayerAlive(i))
        {
            continue;
        }
        int maxHealth = GetEntProp(i, Prop_Data, "m_iMaxHealth");
        int newHealth = GetClientHealth(i) + bonus;
        if (newHealth > maxHealth)
        {
            newHealth = maxHealth;
        }
        SetEntityHealth(i, newHealth);
    }
    PrintToChatAll("[Saferoom] Survivors received up to %d bonus health.", bonus);
    return Plugin_Stop;
}
''')
    bad = mutate(good, ("        int maxHealth = GetEntProp(i, Prop_Data, \"m_iMaxHealth\");\n        int newHealth = GetClientHealth(i) + bonus;\n        if (newHealth > maxHealth)\n        {\n            newHealth = maxHealth;\n        }\n        SetEntityHealth(i, newHealth);",
                        "        SetEntityHealth(i, GetClientHealth(i) + bonus);"))
    scen = [scenario("bonus is capped at max health",
                     [client(1, "Nick", 2, health=30, netprops={"m_iMaxHealth": 100}), client(2, "Ellis", 2, health=90, netprops={"m_iMaxHealth": 100}),
                      client(3, "Rochelle", 2, health=75, netprops={"m_iMaxHealth": 100}), event("round_start"), advance(1.5)],
                     [health(1, 70), health(2, 100), health(3, 100), chat("received up to 40 bonus health"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-saferoom_heal-repair-overheal", family="repair", theme="saferoom_heal",
        title="Fix the saferoom bonus that overheals survivors",
        prompt=f"""One second after `round_start`, this plugin should add `l4d2_saferoom_bonus` health (default 40) to every living survivor, never exceeding their maximum health (`m_iMaxHealth`, 100 for survivors). Players report starting chapters with 130 HP and more.

{code_block(bad)}

Fix it. {ANSWER}""",
        reference=good,
        broken=[
            Broken("behaviour", "the unrepaired plugin: no cap", bad),
            Broken("behaviour", "caps at a hard-coded 90 instead of the max health",
                   mutate(good, ("        if (newHealth > maxHealth)\n        {\n            newHealth = maxHealth;\n        }",
                                 "        if (newHealth > 90)\n        {\n            newHealth = 90;\n        }"))),
            Broken("compile", "timer callback declared without its Handle parameter",
                   mutate(good, ("public Action Timer_Bonus(Handle timer)", "public Action Timer_Bonus(int bonusAmount, float extra)"))),
        ],
        checks=checks(natives=["GetClientHealth", "CreateTimer"], events=["round_start"],
                      convars=["l4d2_saferoom_bonus"], scenarios=scen),
        tags=["health", "timer"],
    ))

    # ---------------------------------------------------------------- refactor: legacy heal-all admin command
    legacy = legacy_plugin("Saferoom Heal All", "Admin command that heals every survivor", r'''
new Handle:g_hAmount;

public OnPluginStart()
{
    g_hAmount = CreateConVar("l4d2_healall_amount", "100", "Health given by sm_healall");
    RegAdminCmd("sm_healall", Command_HealAll, ADMFLAG_CHEATS, "Heals all living survivors");
}

public Action:Command_HealAll(client, args)
{
    new amount = GetConVarInt(g_hAmount);
    new healed = 0;
    for (new i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 2 && IsPlayerAlive(i))
        {
            SetEntityHealth(i, amount);
            SetEntPropFloat(i, Prop_Send, "m_healthBuffer", 0.0);
            healed++;
        }
    }
    ReplyToCommand(client, "[Heal] Healed %d survivor(s) to %d HP", healed, amount);
    LogAction(client, -1, "\"%L\" healed all survivors", client);
    return Plugin_Handled;
}
''')
    ref = plugin("Saferoom Heal All", "Admin command that heals every survivor", r'''
ConVar g_hAmount;

public void OnPluginStart()
{
    g_hAmount = CreateConVar("l4d2_healall_amount", "100", "Health given by sm_healall");
    RegAdminCmd("sm_healall", Command_HealAll, ADMFLAG_CHEATS, "Heals all living survivors");
}

public Action Command_HealAll(int client, int args)
{
    int amount = g_hAmount.IntValue;
    int healed = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 2 && IsPlayerAlive(i))
        {
            SetEntityHealth(i, amount);
            SetEntPropFloat(i, Prop_Send, "m_healthBuffer", 0.0);
            healed++;
        }
    }
    ReplyToCommand(client, "[Heal] Healed %d survivor(s) to %d HP", healed, amount);
    LogAction(client, -1, "\"%L\" healed all survivors", client);
    return Plugin_Handled;
}
''')
    scen = [scenario("an admin heals every living survivor and clears temporary health",
                     [client(1, "Nick", 2, health=20, netprops={"m_healthBuffer": 30.0}), client(2, "Ellis", 2, health=55),
                      client(3, "Hunter", 3, zombie_class=3, health=40), client(4, "Admin", 1, admin_flags="n"),
                      command(4, "sm_healall")],
                     [health(1, 100), health(2, 100), health(3, 40), netprop(1, "m_healthBuffer", 0.0, 0.001),
                      reply("[Heal] Healed 2 survivor(s) to 100 HP"), log("healed all survivors"), NO_ERRORS]),
            scenario("players without the cheats flag are refused",
                     [client(1, "Nick", 2, health=20), command(1, "sm_healall")],
                     [health(1, 20)])]
    out.append(Task(
        id="l4d2-eval-saferoom_heal-refactor-heal_all", family="refactor", theme="saferoom_heal",
        title="Port the heal-all admin command to new-style syntax",
        prompt=f"""Port this admin plugin to new-style SourcePawn (`#pragma newdecls required`): `ConVar` and `.IntValue` instead of `GetConVarInt`, typed locals and `public Action Command_HealAll(int client, int args)`. It must stay an admin command with the same flag, heal the same players and print/log the same text.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "legacy GetConVarInt is still used", legacy),
            Broken("static", "registered with RegConsoleCmd, so any player can heal the team (required as an admin command)",
                   mutate(ref, ('RegAdminCmd("sm_healall", Command_HealAll, ADMFLAG_CHEATS, "Heals all living survivors");',
                                'RegConsoleCmd("sm_healall", Command_HealAll, "Heals all living survivors");'))),
            Broken("behaviour", "forgets to clear temporary health",
                   mutate(ref, ('            SetEntPropFloat(i, Prop_Send, "m_healthBuffer", 0.0);\n', ""))),
            Broken("compile", "missing semicolon after `return Plugin_Handled` (semicolons are required)",
                   mutate(ref, ("    LogAction(client, -1, \"\\\"%L\\\" healed all survivors\", client);\n    return Plugin_Handled;",
                                "    LogAction(client, -1, \"\\\"%L\\\" healed all survivors\", client);\n    return Plugin_Handled\n"))),
        ],
        checks=checks(natives=["ConVar.IntValue.get", "LogAction", "RegAdminCmd"],
                      forbid_natives=["GetConVarInt"], admin_commands=["sm_healall"], convars=["l4d2_healall_amount"],
                      scenarios=scen),
        tags=["legacy-syntax", "admin", "health"],
    ))

    # ---------------------------------------------------------------- doc: GetEntPropFloat m_healthBuffer
    ref = plugin("Temp Health Converter", "Turns temporary health into permanent health at the saferoom", r'''
public void OnPluginStart()
{
    HookEvent("player_entered_checkpoint", Event_EnteredCheckpoint);
}

public void Event_EnteredCheckpoint(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("userid"));
    if (client == 0 || GetClientTeam(client) != 2 || !IsPlayerAlive(client))
    {
        return;
    }
    float buffer = GetEntPropFloat(client, Prop_Send, "m_healthBuffer");
    if (buffer < 1.0)
    {
        return;
    }
    int converted = RoundToFloor(buffer);
    int newHealth = GetClientHealth(client) + converted;
    if (newHealth > 100)
    {
        newHealth = 100;
    }
    SetEntPropFloat(client, Prop_Send, "m_healthBuffer", 0.0);
    SetEntityHealth(client, newHealth);
    PrintToChat(client, "[Saferoom] %d temporary health made permanent.", converted);
}
''')
    entered = lambda i: event("player_entered_checkpoint", userid=uid(i), entityid=0, door=0, area=0, doorname="")  # noqa: E731
    scen = [scenario("temporary health becomes permanent (floored, capped at 100)",
                     [client(1, "Nick", 2, health=40, netprops={"m_healthBuffer": 25.7}),
                      client(2, "Ellis", 2, health=90, netprops={"m_healthBuffer": 30.0}),
                      client(3, "Rochelle", 2, health=60, netprops={"m_healthBuffer": 0.0}),
                      entered(1), entered(2), entered(3)],
                     [health(1, 65), netprop(1, "m_healthBuffer", 0.0, 0.001), chat_to(1, "25 temporary health made permanent."),
                      health(2, 100), health(3, 60), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-saferoom_heal-doc-health_buffer", family="doc", theme="saferoom_heal",
        title="Read and clear temporary health with GetEntPropFloat / SetEntPropFloat",
        prompt=f"""Use these SourceMod APIs as documented (entity.inc):

- `native float GetEntPropFloat(int entity, PropType type, const char[] prop, int element=0);` — "Retrieves a float value from an entity's property."
- `native void SetEntPropFloat(int entity, PropType type, const char[] prop, float value, int element=0);`

L4D2 survivors' temporary (pills/adrenaline) health is the float send property `m_healthBuffer`; permanent health is `GetClientHealth` / `SetEntityHealth`.

Task: on `player_entered_checkpoint` (`userid`), for a living survivor (team 2) with at least 1.0 temporary health: add its floor (`RoundToFloor`) to their permanent health (capped at 100), set `m_healthBuffer` to 0.0 and tell them `[Saferoom] <n> temporary health made permanent.`

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "reads the float netprop m_healthBuffer with the int accessor GetEntProp (fails at run time in SourceMod)",
                   mutate(ref, ('    float buffer = GetEntPropFloat(client, Prop_Send, "m_healthBuffer");',
                                '    float buffer = float(GetEntProp(client, Prop_Send, "m_healthBuffer"));'))),
            Broken("behaviour", "does not cap permanent health at 100",
                   mutate(ref, ("    if (newHealth > 100)\n    {\n        newHealth = 100;\n    }\n", ""))),
            Broken("static", "uses the invented netprop m_flHealthBuffer",
                   mutate(ref, ('    float buffer = GetEntPropFloat(client, Prop_Send, "m_healthBuffer");',
                                '    float buffer = GetEntPropFloat(client, Prop_Send, "m_flHealthBuffer");'))),
        ],
        checks=checks(natives=["GetEntPropFloat", "SetEntPropFloat", "GetClientHealth"], events=["player_entered_checkpoint"],
                      netprops=["m_healthBuffer"], forbid_netprops=["m_flHealthBuffer"], scenarios=scen),
        api=["GetEntPropFloat", "SetEntPropFloat"],
        tags=["netprop", "health"],
    ))
    return out


THEMES = [spitter_spit, tank_rock, speed_boost, friendly_fire, saferoom_heal]
