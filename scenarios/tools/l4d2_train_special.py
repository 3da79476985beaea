"""Train themes that are not built on one game event: welcome messages, chat commands, admin tools, team
balance, ConVar-driven behaviour, round statistics, map transitions and server info.

Each function writes a few tasks from small parameter sets (names, texts, ConVars, commands), so that the
train split has variety without copying a single plugin many times.
"""

from __future__ import annotations

from l4d2_common import (NO_ERRORS, Broken, Task, advance, chat, chat_to, checks, client, code_block, command, event,
                         health, legacy_plugin, log, mutate, no_chat, plugin, reply, say, scenario, set_convar, uid)

ANSWER = "Answer with the complete plugin in one ```sourcepawn code block."
NEWSTYLE = "Use SourceMod 1.11 new-style syntax (`#pragma semicolon 1`, `#pragma newdecls required`) and only the core includes."
P = "l4d2-train"


def people(names=("Nick", "Ellis", "Rochelle", "Coach")) -> list:
    return [client(i + 1, n, 2) for i, n in enumerate(names)]


# =================================================================================================== welcome_messages

def welcome() -> list[Task]:
    out = []
    for k, (cvar, default, tag, joined) in enumerate([
            ("l4d2_welcome_text", "Welcome to the server", "[Welcome]", "joined the game"),
            ("l4d2_greeting", "Good luck out there", "[Hello]", "has arrived")]):
        ref = plugin("Welcome Message", "Greets players when they join", f'''
ConVar g_cvText;

public void OnPluginStart()
{{
    g_cvText = CreateConVar("{cvar}", "{default}", "Text greeting each joining player");
}}

public void OnClientPutInServer(int client)
{{
    if (IsFakeClient(client))
    {{
        return;
    }}
    char text[128];
    g_cvText.GetString(text, sizeof(text));
    PrintToChat(client, "{tag} %s, %N!", text, client);
    for (int i = 1; i <= MaxClients; i++)
    {{
        if (i != client && IsClientInGame(i) && !IsFakeClient(i))
        {{
            PrintToChat(i, "{tag} %N {joined}.", client);
        }}
    }}
}}
''')
        scen = [scenario("humans are greeted and announced, bots are not",
                         [client(1, "Nick", 2), client(2, "Ellis", 2), client(3, "Coach", 2, bot=True)],
                         [chat_to(1, f"{tag} {default}, Nick!"), chat_to(2, f"{tag} {default}, Ellis!"),
                          chat_to(1, f"{tag} Ellis {joined}."), no_chat(f"{default}, Coach"), no_chat(f"Coach {joined}"), NO_ERRORS]),
                scenario("the text comes from the ConVar", [set_convar(cvar, "Have fun"), client(1, "Nick", 2)],
                         [chat_to(1, f"{tag} Have fun, Nick!")])]
        out.append(Task(
            id=f"{P}-welcome_messages-scaffold-greeting{k + 1}", family="scaffold", theme="welcome_messages",
            title="Greet joining players with a ConVar text",
            prompt=f"""Write a SourceMod plugin for Left 4 Dead 2 that greets players when they join.

- ConVar `{cvar}` (default "{default}").
- In `OnClientPutInServer`, skip bots (`IsFakeClient`). Send the joining player `{tag} <text>, <name>!` where `<text>` is the ConVar's current value (`ConVar.GetString`).
- Tell every other in-game human `{tag} <name> {joined}.`

{NEWSTYLE} {ANSWER}""",
            reference=ref,
            broken=[Broken("behaviour", "greets bots too", mutate(ref, ("    if (IsFakeClient(client))\n    {\n        return;\n    }\n", ""))),
                    Broken("behaviour", "hard-codes the text instead of reading the ConVar",
                           mutate(ref, (f'    g_cvText.GetString(text, sizeof(text));', f'    strcopy(text, sizeof(text), "{default}");'))),
                    Broken("compile", "GetString without the buffer size", mutate(ref, ("g_cvText.GetString(text, sizeof(text));", "g_cvText.GetString(text);")))],
            checks=checks(natives=["IsFakeClient", "PrintToChat"], convars=[cvar], scenarios=scen),
            tags=["forwards", "convar", "generated"]))

        legacy = legacy_plugin("Welcome Message", "Greets players when they join", f'''
new Handle:g_hText = INVALID_HANDLE;

public OnPluginStart()
{{
    g_hText = CreateConVar("{cvar}", "{default}", "Text greeting each joining player");
}}

public OnClientPutInServer(client)
{{
    if (IsFakeClient(client))
    {{
        return;
    }}
    decl String:text[128];
    GetConVarString(g_hText, text, sizeof(text));
    PrintToChat(client, "{tag} %s, %N!", text, client);
    for (new i = 1; i <= MaxClients; i++)
    {{
        if (i != client && IsClientInGame(i) && !IsFakeClient(i))
        {{
            PrintToChat(i, "{tag} %N {joined}.", client);
        }}
    }}
}}
''')
        out.append(Task(
            id=f"{P}-welcome_messages-refactor-greeting{k + 1}", family="refactor", theme="welcome_messages",
            title="Port the legacy welcome message to ConVar methods",
            prompt=f"""Port this legacy plugin to new-style SourcePawn (`#pragma newdecls required`): a `ConVar` read with `.GetString(...)` instead of `GetConVarString`, `char` instead of `decl String:`, typed forwards (`public void OnClientPutInServer(int client)`) and `int` loop variables. The greetings must not change.

{code_block(legacy)}

{ANSWER}""",
            reference=ref,
            broken=[Broken("static", "unchanged: GetConVarString", legacy),
                    Broken("behaviour", "the rewrite greets bots", mutate(ref, ("    if (IsFakeClient(client))\n    {\n        return;\n    }\n", ""))),
                    Broken("compile", "forward left untyped", mutate(ref, ("public void OnClientPutInServer(int client)", "public void OnClientPutInServer(client)")))],
            checks=checks(natives=["ConVar.GetString"], forbid_natives=["GetConVarString"], convars=[cvar], scenarios=scen),
            tags=["legacy-syntax", "convar", "generated"]))

    # -- repair: timer with a client index
    good = plugin("Delayed Welcome", "Welcomes players a few seconds after they join", r'''
public void OnClientPutInServer(int client)
{
    if (!IsFakeClient(client))
    {
        CreateTimer(3.0, Timer_Welcome, GetClientUserId(client), TIMER_FLAG_NO_MAPCHANGE);
    }
}

public Action Timer_Welcome(Handle timer, any userid)
{
    int client = GetClientOfUserId(userid);
    if (client == 0 || !IsClientInGame(client))
    {
        return Plugin_Stop;
    }
    PrintToChat(client, "[Welcome] Glad you made it, %N. Type !rules for the rules.", client);
    return Plugin_Stop;
}
''')
    bad = mutate(good, ("        CreateTimer(3.0, Timer_Welcome, GetClientUserId(client), TIMER_FLAG_NO_MAPCHANGE);",
                        "        CreateTimer(3.0, Timer_Welcome, client, TIMER_FLAG_NO_MAPCHANGE);"),
                 ("public Action Timer_Welcome(Handle timer, any userid)\n{\n    int client = GetClientOfUserId(userid);\n    if (client == 0 || !IsClientInGame(client))\n    {\n        return Plugin_Stop;\n    }",
                  "public Action Timer_Welcome(Handle timer, any client)\n{"))
    scen = [scenario("the welcome arrives after three seconds", [client(1, "Nick", 2), advance(3.5)],
                     [chat_to(1, "[Welcome] Glad you made it, Nick."), NO_ERRORS]),
            scenario("a player who left quickly causes no error",
                     [client(1, "Nick", 2), client(2, "Ellis", 2), {"remove_client": 2}, advance(3.5)],
                     [chat_to(1, "Glad you made it, Nick."), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-welcome_messages-repair-timer_index", family="repair", theme="welcome_messages",
        title="Fix the delayed welcome that greets the wrong player",
        prompt=f"""This plugin welcomes each human player three seconds after they join. When someone leaves within those three seconds, the error log shows `Client 2 is not in game` (with their slot number). Carrying the client index through the timer is also wrong when another player takes the slot in time: they would get a welcome meant for someone else.

{code_block(bad)}

Fix it so each welcome reaches only the player it was meant for, if they are still there. {ANSWER}""",
        reference=good,
        broken=[Broken("behaviour", "the unrepaired plugin: a client index carried through the timer", bad),
                Broken("behaviour", "carries the userid but never checks the result: PrintToChat(0) throws once the player left",
                       mutate(good, ("    if (client == 0 || !IsClientInGame(client))\n    {\n        return Plugin_Stop;\n    }\n", ""))),
                Broken("compile", "the timer callback has an extra parameter, so it matches no Timer typedef",
                       mutate(good, ("public Action Timer_Welcome(Handle timer, any userid)", "public Action Timer_Welcome(Handle timer, any userid, int extra)")))],
        checks=checks(natives=["CreateTimer"], scenarios=scen),
        tags=["timer", "userid", "generated"]))

    # -- doc: GetUserFlagBits
    ref = plugin("Admin Welcome", "Welcomes admins differently", r'''
public void OnClientPostAdminCheck(int client)
{
    if (IsFakeClient(client))
    {
        return;
    }
    if (GetUserFlagBits(client) & (ADMFLAG_GENERIC | ADMFLAG_ROOT))
    {
        PrintToChatAll("[Welcome] Admin %N is online.", client);
    }
    else
    {
        PrintToChat(client, "[Welcome] Hi %N, have fun!", client);
    }
}
''')
    scen = [scenario("admins are announced, players greeted",
                     [client(1, "Nick", 2), client(2, "Moderator", 1, admin_flags="bc"), client(3, "Owner", 1, admin_flags="z")],
                     [chat_to(1, "[Welcome] Hi Nick, have fun!"), chat("[Welcome] Admin Moderator is online."),
                      chat("[Welcome] Admin Owner is online."), no_chat("Hi Moderator"), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-welcome_messages-doc-userflagbits", family="doc", theme="welcome_messages",
        title="Tell admins apart with GetUserFlagBits in OnClientPostAdminCheck",
        prompt=f"""Use these SourceMod APIs as documented:

- `forward void OnClientPostAdminCheck(int client);` (clients.inc) — "Called once a client is authorized and fully in-game, and after all post-connection authorizations have been performed." Admin flags are known here.
- `native int GetUserFlagBits(int client);` (admin.inc) — "Returns client access flags", a bit string of `ADMFLAG_*` values. Test a flag with `&`, because an admin usually has several flags.

Task: for every human joining, if they have `ADMFLAG_GENERIC` or `ADMFLAG_ROOT`, print to all `[Welcome] Admin <name> is online.`; otherwise send them `[Welcome] Hi <name>, have fun!`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[Broken("behaviour", "compares the flags with == ADMFLAG_GENERIC, missing admins that have more flags",
                       mutate(ref, ("    if (GetUserFlagBits(client) & (ADMFLAG_GENERIC | ADMFLAG_ROOT))", "    if (GetUserFlagBits(client) == ADMFLAG_GENERIC)"))),
                Broken("behaviour", "only checks ADMFLAG_ROOT", mutate(ref, ("(ADMFLAG_GENERIC | ADMFLAG_ROOT)", "ADMFLAG_ROOT"))),
                Broken("compile", "GetUserFlagBits without the client", mutate(ref, ("GetUserFlagBits(client) & ", "GetUserFlagBits() & ")))],
        checks=checks(natives=["GetUserFlagBits"], scenarios=scen), api=["GetUserFlagBits", "OnClientPostAdminCheck"],
        tags=["admin", "forwards", "generated"]))
    return out


# ===================================================================================================== chat_commands

def chat_commands() -> list[Task]:
    out = []
    # -- scaffold 1: !hp
    hp = plugin("Health Check Command", "Players check their health from chat", r'''
public void OnPluginStart()
{
    RegConsoleCmd("sm_hp", Cmd_Hp, "Shows your health");
}

public Action Cmd_Hp(int client, int args)
{
    if (client == 0)
    {
        ReplyToCommand(client, "[HP] Only players have health.");
        return Plugin_Handled;
    }
    if (!IsPlayerAlive(client))
    {
        ReplyToCommand(client, "[HP] You are dead.");
        return Plugin_Handled;
    }
    ReplyToCommand(client, "[HP] You have %d health.", GetClientHealth(client));
    return Plugin_Handled;
}
''')
    scen = [scenario("!hp in chat answers in chat",
                     [client(1, "Nick", 2, health=73), client(2, "Ellis", 2, alive=False), say(1, "!hp"), say(2, "!hp"),
                      command(0, "sm_hp")],
                     [chat_to(1, "[HP] You have 73 health."), reply("[HP] You are dead."), reply("[HP] Only players have health."),
                      NO_ERRORS])]
    out.append(Task(
        id=f"{P}-chat_commands-scaffold-hp", family="scaffold", theme="chat_commands",
        title="A !hp chat command",
        prompt=f"""Write a SourceMod plugin for Left 4 Dead 2 that lets players type `!hp` in chat to see their health.

- Register the console command `sm_hp` (SourceMod turns `!hp` / `/hp` in chat into `sm_hp` and sends `ReplyToCommand` replies back to chat).
- From the server console reply `[HP] Only players have health.`; a dead player gets `[HP] You are dead.`; otherwise `[HP] You have <health> health.` (`GetClientHealth`).

{NEWSTYLE} {ANSWER}""",
        reference=hp,
        broken=[Broken("static", "registers `hp` instead of `sm_hp`, so `!hp` never reaches it",
                       mutate(hp, ('RegConsoleCmd("sm_hp", Cmd_Hp, "Shows your health");', 'RegConsoleCmd("hp", Cmd_Hp, "Shows your health");'))),
                Broken("behaviour", "no alive check: dead players get a health reply", mutate(hp, ("    if (!IsPlayerAlive(client))\n    {\n        ReplyToCommand(client, \"[HP] You are dead.\");\n        return Plugin_Handled;\n    }\n", ""))),
                Broken("behaviour", "no console check: GetClientHealth(0) throws",
                       mutate(hp, ("    if (client == 0)\n    {\n        ReplyToCommand(client, \"[HP] Only players have health.\");\n        return Plugin_Handled;\n    }\n", "")))],
        checks=checks(natives=["GetClientHealth", "ReplyToCommand"], commands=["sm_hp"], scenarios=scen),
        tags=["command", "chat", "generated"]))

    # -- repair: command registered without sm_ prefix, replying to server
    bad = mutate(hp, ('RegConsoleCmd("sm_hp", Cmd_Hp, "Shows your health");', 'RegConsoleCmd("hp", Cmd_Hp, "Shows your health");'))
    out.append(Task(
        id=f"{P}-chat_commands-repair-prefix", family="repair", theme="chat_commands",
        title="Fix the health command that does not react to !hp",
        prompt=f"""Players should be able to type `!hp` in chat and get their health back. Typing `!hp` or `/hp` does nothing; only typing `hp` in the developer console works.

{code_block(bad)}

Fix it. {ANSWER}""",
        reference=hp,
        broken=[Broken("static", "the unrepaired plugin: the command is not an sm_ command", bad),
                Broken("static", "registers `say_hp`, which SourceMod never maps chat triggers to",
                       mutate(hp, ('RegConsoleCmd("sm_hp", Cmd_Hp, "Shows your health");', 'RegConsoleCmd("say_hp", Cmd_Hp, "Shows your health");'))),
                Broken("behaviour", "registered correctly, but answers with PrintToServer",
                       mutate(hp, ('    ReplyToCommand(client, "[HP] You have %d health.", GetClientHealth(client));', '    PrintToServer("[HP] You have %d health.", GetClientHealth(client));')))],
        checks=checks(commands=["sm_hp"], scenarios=scen),
        tags=["command", "chat", "generated"]))

    # -- scaffold 2: !team
    team = plugin("Team Check Command", "Players check their team from chat", r'''
public void OnPluginStart()
{
    RegConsoleCmd("sm_myteam", Cmd_MyTeam, "Shows which team you are on");
}

public Action Cmd_MyTeam(int client, int args)
{
    if (client == 0)
    {
        ReplyToCommand(client, "[Team] The console has no team.");
        return Plugin_Handled;
    }
    switch (GetClientTeam(client))
    {
        case 2:
        {
            ReplyToCommand(client, "[Team] You are a Survivor.");
        }
        case 3:
        {
            ReplyToCommand(client, "[Team] You are Infected.");
        }
        default:
        {
            ReplyToCommand(client, "[Team] You are spectating.");
        }
    }
    return Plugin_Handled;
}
''')
    scen = [scenario("each team gets its answer",
                     [client(1, "Nick", 2), client(2, "Jockey", 3, zombie_class=5), client(3, "Viewer", 1), say(1, "!myteam"),
                      say(2, "!myteam"), say(3, "/myteam"), command(0, "sm_myteam")],
                     [chat_to(1, "[Team] You are a Survivor."), chat_to(2, "[Team] You are Infected."), reply("[Team] You are spectating."),
                      reply("[Team] The console has no team."), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-chat_commands-scaffold-myteam", family="scaffold", theme="chat_commands",
        title="A !myteam chat command with switch/case",
        prompt=f"""Write a SourceMod plugin for Left 4 Dead 2 with the command `sm_myteam` (usable as `!myteam` in chat).

- Console (client 0): reply `[Team] The console has no team.`
- Team 2: `[Team] You are a Survivor.`; team 3: `[Team] You are Infected.`; anything else: `[Team] You are spectating.` Use `GetClientTeam` and a `switch`.

{NEWSTYLE} {ANSWER}""",
        reference=team,
        broken=[Broken("behaviour", "team numbers swapped", mutate(team, ("        case 2:\n", "        case 3:\n"), ("        case 3:\n        {\n            ReplyToCommand(client, \"[Team] You are Infected.\");", "        case 2:\n        {\n            ReplyToCommand(client, \"[Team] You are Infected.\");"))),
                Broken("behaviour", "GetClientTeam(0) from the console throws", mutate(team, ("    if (client == 0)\n    {\n        ReplyToCommand(client, \"[Team] The console has no team.\");\n        return Plugin_Handled;\n    }\n", ""))),
                Broken("compile", "C-style case fallthrough syntax without braces and with break",
                       mutate(team, ("        case 2:\n        {\n            ReplyToCommand(client, \"[Team] You are a Survivor.\");\n        }", "        case 2:\n            ReplyToCommand(client, \"[Team] You are a Survivor.\");\n            break;")))],
        checks=checks(natives=["GetClientTeam"], commands=["sm_myteam"], scenarios=scen),
        tags=["command", "chat", "generated"]))

    # -- refactor: legacy !hp
    legacy = legacy_plugin("Health Check Command", "Players check their health from chat", r'''
new Handle:g_hShowMax;

public OnPluginStart()
{
    g_hShowMax = CreateConVar("l4d2_hp_show_max", "1", "Also show the maximum health");
    RegConsoleCmd("sm_health", Command_Health);
}

public Action:Command_Health(client, args)
{
    if (client == 0 || !IsPlayerAlive(client))
    {
        ReplyToCommand(client, "[HP] Nothing to show.");
        return Plugin_Handled;
    }
    new hp = GetClientHealth(client);
    if (GetConVarBool(g_hShowMax))
    {
        ReplyToCommand(client, "[HP] %d / %d", hp, GetEntProp(client, Prop_Data, "m_iMaxHealth"));
    }
    else
    {
        ReplyToCommand(client, "[HP] %d", hp);
    }
    return Plugin_Handled;
}
''')
    ref = plugin("Health Check Command", "Players check their health from chat", r'''
ConVar g_hShowMax;

public void OnPluginStart()
{
    g_hShowMax = CreateConVar("l4d2_hp_show_max", "1", "Also show the maximum health");
    RegConsoleCmd("sm_health", Command_Health);
}

public Action Command_Health(int client, int args)
{
    if (client == 0 || !IsPlayerAlive(client))
    {
        ReplyToCommand(client, "[HP] Nothing to show.");
        return Plugin_Handled;
    }
    int hp = GetClientHealth(client);
    if (g_hShowMax.BoolValue)
    {
        ReplyToCommand(client, "[HP] %d / %d", hp, GetEntProp(client, Prop_Data, "m_iMaxHealth"));
    }
    else
    {
        ReplyToCommand(client, "[HP] %d", hp);
    }
    return Plugin_Handled;
}
''')
    scen = [scenario("health with and without the maximum",
                     [client(1, "Nick", 2, health=64), say(1, "!health"), set_convar("l4d2_hp_show_max", 0), command(1, "sm_health"),
                      command(0, "sm_health")],
                     [chat_to(1, "[HP] 64 / 100"), reply("[HP] 64"), reply("[HP] Nothing to show."), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-chat_commands-refactor-health", family="refactor", theme="chat_commands",
        title="Port the legacy !health command to new-style syntax",
        prompt=f"""Port this legacy plugin to new-style SourcePawn (`#pragma newdecls required`): `ConVar`/`.BoolValue` instead of `GetConVarBool`, `int` locals and `public Action Command_Health(int client, int args)`. Replies must not change.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[Broken("static", "GetConVarBool still used", legacy),
                Broken("behaviour", "the rewrite shows the maximum when the ConVar is 0", mutate(ref, ("    if (g_hShowMax.BoolValue)", "    if (!g_hShowMax.BoolValue)"))),
                Broken("compile", "command callback keeps `Action:`", mutate(ref, ("public Action Command_Health(int client, int args)", "public Action:Command_Health(int client, int args)")))],
        checks=checks(natives=["ConVar.BoolValue.get", "GetClientHealth"], forbid_natives=["GetConVarBool"], commands=["sm_health"],
                      scenarios=scen),
        tags=["legacy-syntax", "command", "generated"]))

    # -- doc: OnClientSayCommand
    ref = plugin("Chat Filter", "Blocks chat messages with banned words", r'''
char g_sBanned[][] = {"noob", "idiot"};

public void OnPluginStart()
{
    HookEvent("player_say", Event_PlayerSay);
}

public Action OnClientSayCommand(int client, const char[] command, const char[] sArgs)
{
    if (client == 0)
    {
        return Plugin_Continue;
    }
    for (int i = 0; i < sizeof(g_sBanned); i++)
    {
        if (StrContains(sArgs, g_sBanned[i], false) != -1)
        {
            PrintToChat(client, "[Chat] Please keep it civil.");
            return Plugin_Handled;
        }
    }
    return Plugin_Continue;
}

public void Event_PlayerSay(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("userid"));
    char text[192];
    event.GetString("text", text, sizeof(text));
    PrintToChatAll("[Relay] %N: %s", client, text);
}
''')
    scen = [scenario("clean messages pass, banned words are blocked",
                     [client(1, "Nick", 2), client(2, "Ellis", 2), say(1, "cover me"), say(2, "you NOOB")],
                     [chat("[Relay] Nick: cover me"), chat_to(2, "[Chat] Please keep it civil."), no_chat("NOOB"), NO_ERRORS]),
            scenario("a blocked message never reaches player_say",
                     [client(2, "Ellis", 2), say(2, "what an idiot")], [chat_to(2, "keep it civil"), no_chat("idiot")])]
    out.append(Task(
        id=f"{P}-chat_commands-doc-say_forward", family="doc", theme="chat_commands",
        title="Filter chat with the OnClientSayCommand forward",
        prompt=f"""Use this SourceMod forward as documented (console.inc):

`forward Action OnClientSayCommand(int client, const char[] command, const char[] sArgs);` — "Called when a client is sending a chat message." `sArgs` is the message text; returning `Plugin_Handled` or `Plugin_Stop` blocks the message (then the game's `player_say` event is not fired), `Plugin_Continue` lets it through.

Task: block any message containing `noob` or `idiot` (case-insensitive, `StrContains(..., false)`) and tell the sender `[Chat] Please keep it civil.` Also hook `player_say` (`userid`, `text`) and relay every message that got through to all players as `[Relay] <name>: <text>`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[Broken("behaviour", "warns but returns Plugin_Continue, so the message still goes out",
                       mutate(ref, ("            PrintToChat(client, \"[Chat] Please keep it civil.\");\n            return Plugin_Handled;", "            PrintToChat(client, \"[Chat] Please keep it civil.\");\n            return Plugin_Continue;"))),
                Broken("behaviour", "case-sensitive match lets `NOOB` through without a warning",
                       mutate(ref, ("StrContains(sArgs, g_sBanned[i], false) != -1", "StrContains(sArgs, g_sBanned[i]) != -1"))),
                Broken("compile", "forward declared with the wrong return type", mutate(ref, ("public Action OnClientSayCommand(int client, const char[] command, const char[] sArgs)", "public void OnClientSayCommand(int client, const char[] command, const char[] sArgs)")))],
        checks=checks(natives=["StrContains"], events=["player_say"], scenarios=scen),
        api=["OnClientSayCommand"], tags=["forwards", "chat", "generated"]))
    # the blocked message must not appear in the chat log
    out[-1].checks["scenarios"][1]["expect"].append({"no_errors": True})
    return out


# ======================================================================================================= admin_tools

def admin_tools() -> list[Task]:
    out = []
    # -- scaffold: sm_slayteam
    ref = plugin("Slay Team", "Admins slay every living player of a team", r'''
public void OnPluginStart()
{
    RegAdminCmd("sm_slayteam", Cmd_SlayTeam, ADMFLAG_SLAY, "sm_slayteam <2|3> - slays every living player of a team");
}

public Action Cmd_SlayTeam(int client, int args)
{
    char arg[8];
    GetCmdArg(1, arg, sizeof(arg));
    int team = StringToInt(arg);
    if (args < 1 || (team != 2 && team != 3))
    {
        ReplyToCommand(client, "[Admin] Usage: sm_slayteam <2|3>");
        return Plugin_Handled;
    }
    int slain = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == team && IsPlayerAlive(i))
        {
            ForcePlayerSuicide(i);
            slain++;
        }
    }
    ReplyToCommand(client, "[Admin] Slew %d player(s) on team %d.", slain, team);
    LogAction(client, -1, "\"%L\" slew team %d (%d players)", client, team, slain);
    return Plugin_Handled;
}
''', sdktools=True)
    admin = client(9, "Admin", 1, admin_flags="f")
    scen = [scenario("slays the chosen team only",
                     [client(1, "Nick", 2), client(5, "Hunter", 3, bot=True, zombie_class=3), client(6, "Smoker", 3, bot=True, zombie_class=1),
                      admin, command(9, "sm_slayteam 3"), command(9, "sm_slayteam 5")],
                     [{"forced_suicide": {"client": 5}}, {"forced_suicide": {"client": 6}}, {"alive": {"client": 1, "equals": True}},
                      reply("[Admin] Slew 2 player(s) on team 3."), reply("Usage: sm_slayteam <2|3>"), log("slew team 3"), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-admin_tools-scaffold-slayteam", family="scaffold", theme="admin_tools",
        title="Admin command that slays a whole team",
        prompt=f"""Write a SourceMod plugin for Left 4 Dead 2 with the admin command `sm_slayteam <2|3>` (flag `ADMFLAG_SLAY`; ordinary players must not have access).

- Without a valid team (2 or 3) reply `[Admin] Usage: sm_slayteam <2|3>`.
- Otherwise `ForcePlayerSuicide` (sdktools) every in-game living player of that team, reply `[Admin] Slew <n> player(s) on team <team>.` and log it with `LogAction(client, -1, ...)` as `"<admin %L>" slew team <team> (<n> players)`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[Broken("security", "registered with RegConsoleCmd: any player can slay a team",
                       mutate(ref, ('RegAdminCmd("sm_slayteam", Cmd_SlayTeam, ADMFLAG_SLAY, "sm_slayteam <2|3> - slays every living player of a team");',
                                    'RegConsoleCmd("sm_slayteam", Cmd_SlayTeam, "sm_slayteam <2|3> - slays every living player of a team");'))),
                Broken("behaviour", "no argument validation: team 5 is accepted", mutate(ref, ("    if (args < 1 || (team != 2 && team != 3))", "    if (args < 1)"))),
                Broken("compile", "ForcePlayerSuicide without sdktools", ref.replace("#include <sdktools>\n", "", 1))],
        checks=checks(natives=["ForcePlayerSuicide", "LogAction"], commands=["sm_slayteam"], scenarios=scen),
        tags=["admin", "security", "generated"]))

    # -- scaffold: sm_kickbots
    ref = plugin("Kick Infected Bots", "Admins kick all infected bots", r'''
public void OnPluginStart()
{
    RegAdminCmd("sm_kickbots", Cmd_KickBots, ADMFLAG_KICK, "Kicks every infected bot");
}

public Action Cmd_KickBots(int client, int args)
{
    int kicked = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && IsFakeClient(i) && GetClientTeam(i) == 3)
        {
            KickClient(i, "Kicked by an admin");
            kicked++;
        }
    }
    ReplyToCommand(client, "[Admin] Kicked %d infected bot(s).", kicked);
    return Plugin_Handled;
}
''')
    admin = client(9, "Admin", 1, admin_flags="c")
    scen = [scenario("only infected bots are kicked",
                     [client(1, "Nick", 2), client(2, "Coach", 2, bot=True), client(5, "Hunter", 3, bot=True, zombie_class=3),
                      client(6, "Player", 3, zombie_class=1), admin, command(9, "sm_kickbots")],
                     [{"kicked": {"client": 5}}, reply("[Admin] Kicked 1 infected bot(s)."), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-admin_tools-scaffold-kickbots", family="scaffold", theme="admin_tools",
        title="Admin command that kicks infected bots",
        prompt=f"""Write a SourceMod plugin for Left 4 Dead 2 with the admin command `sm_kickbots` (flag `ADMFLAG_KICK`; not for ordinary players). It kicks (`KickClient`, reason `Kicked by an admin`) every in-game bot (`IsFakeClient`) on the infected team (3) — survivor bots and human infected stay — and replies `[Admin] Kicked <n> infected bot(s).`

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[Broken("security", "registered with RegConsoleCmd: anyone can kick", mutate(ref, ('RegAdminCmd("sm_kickbots", Cmd_KickBots, ADMFLAG_KICK, "Kicks every infected bot");', 'RegConsoleCmd("sm_kickbots", Cmd_KickBots, "Kicks every infected bot");'))),
                Broken("behaviour", "kicks survivor bots too", mutate(ref, ("IsFakeClient(i) && GetClientTeam(i) == 3", "IsFakeClient(i)"))),
                Broken("compile", "KickClient with the reason first", mutate(ref, ('KickClient(i, "Kicked by an admin");', 'KickClient("Kicked by an admin", i);')))],
        checks=checks(natives=["KickClient", "IsFakeClient"], commands=["sm_kickbots"], scenarios=scen),
        tags=["admin", "security", "generated"]))
    # the survivor bot must stay: a second scenario with only a survivor bot
    out[-1].checks["scenarios"].append(scenario("survivor bots stay", [client(2, "Coach", 2, bot=True), admin, command(9, "sm_kickbots")],
                                                [reply("[Admin] Kicked 0 infected bot(s).")]))

    # -- repair: slap command open to everybody
    good = plugin("Admin Slap", "Admins slap a player by userid", r'''
public void OnPluginStart()
{
    RegAdminCmd("sm_slapid", Cmd_SlapId, ADMFLAG_SLAY, "sm_slapid <userid> [damage]");
}

public Action Cmd_SlapId(int client, int args)
{
    if (args < 1)
    {
        ReplyToCommand(client, "[Admin] Usage: sm_slapid <userid> [damage]");
        return Plugin_Handled;
    }
    char arg[16];
    GetCmdArg(1, arg, sizeof(arg));
    int target = GetClientOfUserId(StringToInt(arg));
    if (target == 0 || !IsClientInGame(target) || !IsPlayerAlive(target))
    {
        ReplyToCommand(client, "[Admin] No living player with that userid.");
        return Plugin_Handled;
    }
    int damage = 0;
    if (args >= 2)
    {
        GetCmdArg(2, arg, sizeof(arg));
        damage = StringToInt(arg);
    }
    SlapPlayer(target, damage, false);
    ReplyToCommand(client, "[Admin] Slapped %N for %d damage.", target, damage);
    return Plugin_Handled;
}
''', sdktools=True)
    bad = mutate(good, ('RegAdminCmd("sm_slapid", Cmd_SlapId, ADMFLAG_SLAY, "sm_slapid <userid> [damage]");', 'RegConsoleCmd("sm_slapid", Cmd_SlapId, "sm_slapid <userid> [damage]");'))
    admin = client(9, "Admin", 1, admin_flags="f")
    scen = [scenario("an admin slaps by userid", [client(1, "Nick", 2), admin, command(9, f"sm_slapid {uid(1)} 5"), command(9, "sm_slapid 999")],
                     [{"slapped": {"client": 1}}, reply("[Admin] Slapped Nick for 5 damage."), reply("No living player with that userid."), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-admin_tools-repair-open_slap", family="repair", theme="admin_tools",
        title="Fix the slap command that any player can use",
        prompt=f"""`sm_slapid <userid> [damage]` is meant for admins with the slay flag (`ADMFLAG_SLAY`). Instead, every player on the server can run it and players slap each other. Everything else works.

{code_block(bad)}

Fix it without changing what admins see. {ANSWER}""",
        reference=good,
        broken=[Broken("security", "the unrepaired plugin: a console command that slaps players", bad),
                Broken("security", "RegAdminCmd with flag 0, which is still open to everybody",
                       mutate(good, ('RegAdminCmd("sm_slapid", Cmd_SlapId, ADMFLAG_SLAY,', 'RegAdminCmd("sm_slapid", Cmd_SlapId, 0,'))),
                Broken("behaviour", "slaps the admin instead of the target", mutate(good, ("    SlapPlayer(target, damage, false);", "    SlapPlayer(client, damage, false);")))],
        checks=checks(natives=["SlapPlayer", "GetClientOfUserId"], commands=["sm_slapid"], scenarios=scen),
        tags=["admin", "security", "generated"]))

    # -- repair: team switch without validating the target
    good = plugin("Admin Team Switch", "Admins move a player to another team", r'''
public void OnPluginStart()
{
    RegAdminCmd("sm_setteam", Cmd_SetTeam, ADMFLAG_GENERIC, "sm_setteam <userid> <1|2|3>");
}

public Action Cmd_SetTeam(int client, int args)
{
    if (args < 2)
    {
        ReplyToCommand(client, "[Admin] Usage: sm_setteam <userid> <1|2|3>");
        return Plugin_Handled;
    }
    char arg[16];
    GetCmdArg(1, arg, sizeof(arg));
    int target = GetClientOfUserId(StringToInt(arg));
    GetCmdArg(2, arg, sizeof(arg));
    int team = StringToInt(arg);
    if (target == 0 || !IsClientInGame(target))
    {
        ReplyToCommand(client, "[Admin] No player with that userid.");
        return Plugin_Handled;
    }
    if (team < 1 || team > 3)
    {
        ReplyToCommand(client, "[Admin] The team must be 1, 2 or 3.");
        return Plugin_Handled;
    }
    ChangeClientTeam(target, team);
    ReplyToCommand(client, "[Admin] Moved %N to team %d.", target, team);
    return Plugin_Handled;
}
''')
    bad = mutate(good, ("    if (target == 0 || !IsClientInGame(target))\n    {\n        ReplyToCommand(client, \"[Admin] No player with that userid.\");\n        return Plugin_Handled;\n    }\n", ""))
    admin = client(9, "Admin", 1, admin_flags="b")
    scen = [scenario("valid and invalid targets",
                     [client(1, "Nick", 2), admin, command(9, f"sm_setteam {uid(1)} 1"), command(9, "sm_setteam 555 2"),
                      command(9, f"sm_setteam {uid(1)} 7")],
                     [{"team": {"client": 1, "equals": 1}}, reply("[Admin] Moved Nick to team 1."), reply("No player with that userid."),
                      reply("The team must be 1, 2 or 3."), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-admin_tools-repair-unchecked_target", family="repair", theme="admin_tools",
        title="Fix the team switch command that throws on unknown userids",
        prompt=f"""`sm_setteam <userid> <team>` works for valid userids. With a userid nobody has (a typo, or a player who left) the admin gets no answer and the error log shows `Client index 0 is invalid`.

{code_block(bad)}

Fix it: unknown userids must get `[Admin] No player with that userid.` {ANSWER}""",
        reference=good,
        broken=[Broken("behaviour", "the unrepaired plugin", bad),
                Broken("behaviour", "validates only after ChangeClientTeam has run",
                       mutate(bad, ("    ChangeClientTeam(target, team);\n", "    ChangeClientTeam(target, team);\n    if (target == 0)\n    {\n        ReplyToCommand(client, \"[Admin] No player with that userid.\");\n        return Plugin_Handled;\n    }\n"))),
                Broken("compile", "ChangeClientTeam with the arguments swapped and a string team", mutate(good, ("    ChangeClientTeam(target, team);", "    ChangeClientTeam(target, arg);")))],
        checks=checks(natives=["ChangeClientTeam"], admin_commands=["sm_setteam"], scenarios=scen),
        tags=["admin", "null-client", "generated"]))

    # -- refactor: legacy kick with ConVar reason
    legacy = legacy_plugin("Kick By Userid", "Admins kick a player by userid with a configurable reason", r'''
new Handle:g_hReason = INVALID_HANDLE;

public OnPluginStart()
{
    g_hReason = CreateConVar("l4d2_kick_reason", "Please respect the rules", "Default kick reason");
    RegAdminCmd("sm_kickid2", Command_KickId, ADMFLAG_KICK, "sm_kickid2 <userid>");
}

public Action:Command_KickId(client, args)
{
    if (args < 1)
    {
        ReplyToCommand(client, "[Admin] Usage: sm_kickid2 <userid>");
        return Plugin_Handled;
    }
    decl String:arg[16], String:reason[128];
    GetCmdArg(1, arg, sizeof(arg));
    new target = GetClientOfUserId(StringToInt(arg));
    if (target == 0)
    {
        ReplyToCommand(client, "[Admin] No player with that userid.");
        return Plugin_Handled;
    }
    GetConVarString(g_hReason, reason, sizeof(reason));
    ReplyToCommand(client, "[Admin] Kicking %N: %s", target, reason);
    KickClient(target, "%s", reason);
    return Plugin_Handled;
}
''')
    ref = plugin("Kick By Userid", "Admins kick a player by userid with a configurable reason", r'''
ConVar g_hReason = null;

public void OnPluginStart()
{
    g_hReason = CreateConVar("l4d2_kick_reason", "Please respect the rules", "Default kick reason");
    RegAdminCmd("sm_kickid2", Command_KickId, ADMFLAG_KICK, "sm_kickid2 <userid>");
}

public Action Command_KickId(int client, int args)
{
    if (args < 1)
    {
        ReplyToCommand(client, "[Admin] Usage: sm_kickid2 <userid>");
        return Plugin_Handled;
    }
    char arg[16], reason[128];
    GetCmdArg(1, arg, sizeof(arg));
    int target = GetClientOfUserId(StringToInt(arg));
    if (target == 0)
    {
        ReplyToCommand(client, "[Admin] No player with that userid.");
        return Plugin_Handled;
    }
    g_hReason.GetString(reason, sizeof(reason));
    ReplyToCommand(client, "[Admin] Kicking %N: %s", target, reason);
    KickClient(target, "%s", reason);
    return Plugin_Handled;
}
''')
    admin = client(9, "Admin", 1, admin_flags="c")
    scen = [scenario("kicks by userid with the ConVar reason",
                     [client(1, "Nick", 2), client(2, "Ellis", 2), admin, set_convar("l4d2_kick_reason", "AFK too long"),
                      command(9, f"sm_kickid2 {uid(2)}"), command(9, "sm_kickid2 404")],
                     [{"kicked": {"client": 2}}, reply("[Admin] Kicking Ellis: AFK too long"), reply("No player with that userid."), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-admin_tools-refactor-kickid", family="refactor", theme="admin_tools",
        title="Port the legacy kick-by-userid admin command",
        prompt=f"""Port this admin plugin to new-style SourcePawn (`#pragma newdecls required`): `ConVar` + `.GetString` instead of `GetConVarString`, `char`/`int` declarations, `null` instead of `INVALID_HANDLE`, `public Action Command_KickId(int client, int args)`. Keep the admin flag and the replies.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[Broken("static", "legacy GetConVarString kept", legacy),
                Broken("behaviour", "the rewrite kicks the admin instead of the target", mutate(ref, ('    KickClient(target, "%s", reason);', '    KickClient(client, "%s", reason);'))),
                Broken("static", "registered as a console command in the rewrite (must stay an admin command)",
                       mutate(ref, ('RegAdminCmd("sm_kickid2", Command_KickId, ADMFLAG_KICK, "sm_kickid2 <userid>");', 'RegConsoleCmd("sm_kickid2", Command_KickId, "sm_kickid2 <userid>");')))],
        checks=checks(natives=["ConVar.GetString", "KickClient"], forbid_natives=["GetConVarString"], admin_commands=["sm_kickid2"],
                      scenarios=scen),
        tags=["legacy-syntax", "admin", "generated"]))

    # -- doc: FindTarget
    ref = plugin("Health Of", "Admins look up a player's health by name or #userid", r'''
public void OnPluginStart()
{
    RegAdminCmd("sm_healthof", Cmd_HealthOf, ADMFLAG_GENERIC, "sm_healthof <target>");
}

public Action Cmd_HealthOf(int client, int args)
{
    if (args < 1)
    {
        ReplyToCommand(client, "[Admin] Usage: sm_healthof <target>");
        return Plugin_Handled;
    }
    char arg[64];
    GetCmdArg(1, arg, sizeof(arg));
    int target = FindTarget(client, arg, false, false);
    if (target == -1)
    {
        return Plugin_Handled;
    }
    ReplyToCommand(client, "[Admin] %N has %d health.", target, GetClientHealth(target));
    return Plugin_Handled;
}
''')
    admin = client(9, "Admin", 1, admin_flags="b")
    scen = [scenario("finds targets by name and #userid",
                     [client(1, "Nick", 2, health=81), client(2, "Ellis", 2, health=40), admin, command(9, "sm_healthof Nick"),
                      command(9, f"sm_healthof #{uid(2)}"), command(9, "sm_healthof Nobody")],
                     [reply("[Admin] Nick has 81 health."), reply("[Admin] Ellis has 40 health."), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-admin_tools-doc-findtarget", family="doc", theme="admin_tools",
        title="Resolve a command target with FindTarget",
        prompt=f"""Use this SourceMod helper as documented (helpers.inc):

`stock int FindTarget(int client, const char[] target, bool nobots = false, bool immunity = true)` — "Wraps ProcessTargetString() and handles producing error messages for bad targets." It accepts a name, a partial name or `#<userid>`, replies the error to `client` itself, and returns the target's client index or -1 if there is no single valid target.

Task: admin command `sm_healthof <target>` (flag `ADMFLAG_GENERIC`). Without an argument reply `[Admin] Usage: sm_healthof <target>`. Resolve the target with `FindTarget` (bots allowed, no immunity check); on -1 just stop (FindTarget already replied); otherwise reply `[Admin] <name> has <health> health.`

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[Broken("behaviour", "does not stop on -1: GetClientHealth(-1) throws for an unknown name",
                       mutate(ref, ("    if (target == -1)\n    {\n        return Plugin_Handled;\n    }\n", ""))),
                Broken("static", "parses the argument as a client index itself (FindTarget / ProcessTargetString never called)",
                       mutate(ref, ("    int target = FindTarget(client, arg, false, false);", "    int target = StringToInt(arg);\n    if (target < 1 || target > MaxClients || !IsClientInGame(target))\n    {\n        target = -1;\n    }"))),
                Broken("compile", "FindTarget without the client argument", mutate(ref, ("FindTarget(client, arg, false, false)", "FindTarget(arg, false, false)")))],
        checks=checks(natives=["ProcessTargetString", "GetClientHealth"], admin_commands=["sm_healthof"], scenarios=scen),
        api=["FindTarget"], tags=["admin", "targeting", "generated"]))
    return out


# ====================================================================================================== team_balance

def team_balance() -> list[Task]:
    out = []
    names = {1: "the spectators", 2: "the Survivors", 3: "the Infected"}
    ref = plugin("Team Join Announcer", "Announces team changes and shows team sizes", r'''
public void OnPluginStart()
{
    HookEvent("player_team", Event_PlayerTeam);
    RegConsoleCmd("sm_teams", Cmd_Teams, "Shows how many players are on each team");
}

public void Event_PlayerTeam(Event event, const char[] name, bool dontBroadcast)
{
    if (event.GetBool("disconnect"))
    {
        return;
    }
    int client = GetClientOfUserId(event.GetInt("userid"));
    if (client == 0 || IsFakeClient(client))
    {
        return;
    }
    switch (event.GetInt("team"))
    {
        case 1:
        {
            PrintToChatAll("[Teams] %N moved to the spectators.", client);
        }
        case 2:
        {
            PrintToChatAll("[Teams] %N joined the Survivors.", client);
        }
        case 3:
        {
            PrintToChatAll("[Teams] %N joined the Infected.", client);
        }
    }
}

public Action Cmd_Teams(int client, int args)
{
    ReplyToCommand(client, "[Teams] Survivors: %d, Infected: %d, Spectators: %d", GetTeamClientCount(2), GetTeamClientCount(3), GetTeamClientCount(1));
    return Plugin_Handled;
}
''', sdktools=True)
    pt = lambda who, team, old, disc=False: event("player_team", userid=uid(who), team=team, oldteam=old, disconnect=disc, name="", isbot=False)  # noqa: E731
    # player_team fires before the player's team changes: the clients are still on their old team here
    scen = [scenario("team changes are announced with the new team; bots are not",
                     [client(1, "Nick", 1), client(2, "Ellis", 2), client(3, "Viewer", 2), client(4, "Coach", 0, bot=True),
                      pt(1, 2, 1), pt(2, 3, 2), pt(3, 1, 2), pt(4, 2, 0)],
                     [chat("[Teams] Nick joined the Survivors."), chat("[Teams] Ellis joined the Infected."),
                      chat("[Teams] Viewer moved to the spectators."), no_chat("Coach joined"), NO_ERRORS]),
            scenario("sm_teams counts the teams",
                     [client(1, "Nick", 2), client(2, "Ellis", 3, zombie_class=3), client(3, "Viewer", 1), client(4, "Coach", 2, bot=True),
                      command(1, "sm_teams")],
                     [reply("[Teams] Survivors: 2, Infected: 1, Spectators: 1"), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-team_balance-scaffold-announcer", family="scaffold", theme="team_balance",
        title="Announce team changes and show team sizes",
        prompt=f"""Write a SourceMod plugin for Left 4 Dead 2 about teams.

- Hook `player_team` (fields `userid`, `team` = the new team, `oldteam`, `disconnect` (bool)). Ignore disconnects and bots. Print to all: team 1 → `[Teams] <name> moved to the spectators.`, team 2 → `[Teams] <name> joined the Survivors.`, team 3 → `[Teams] <name> joined the Infected.` Use the event's `team` field: when the event fires the player's current team is not updated yet.
- `sm_teams` replies `[Teams] Survivors: <n>, Infected: <n>, Spectators: <n>` using `GetTeamClientCount`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[Broken("behaviour", "uses GetClientTeam (the old team) instead of the event's team field",
                       mutate(ref, ('    switch (event.GetInt("team"))', "    switch (GetClientTeam(client))"))),
                Broken("behaviour", "announces disconnects too", mutate(ref, ('    if (event.GetBool("disconnect"))\n    {\n        return;\n    }\n', ""))),
                Broken("compile", "switch cases written as strings", mutate(ref, ("        case 1:\n", "        case \"1\":\n")))],
        checks=checks(natives=["GetTeamClientCount", "Event.GetInt"], events=["player_team"], commands=["sm_teams"], scenarios=scen),
        tags=["events", "teams", "generated"]))
    # a disconnect event must not be announced: a dedicated scenario
    out[-1].checks["scenarios"].append(scenario("a disconnecting player is not announced", [client(1, "Nick", 2), pt(1, 1, 2, True)],
                                                [no_chat("[Teams]"), NO_ERRORS]))

    # -- repair: GetClientTeam instead of event field
    bad = mutate(ref, ('    switch (event.GetInt("team"))', "    switch (GetClientTeam(client))"))
    out.append(Task(
        id=f"{P}-team_balance-repair-old_team", family="repair", theme="team_balance",
        title="Fix the team announcer that names the old team",
        prompt=f"""When a spectator joins the Survivors this plugin announces `[Teams] <name> moved to the spectators.`; a survivor who goes idle is announced as joining the Survivors. `sm_teams` is correct, and no errors are logged.

{code_block(bad)}

Fix it. {ANSWER}""",
        reference=ref,
        broken=[Broken("behaviour", "the unrepaired plugin", bad),
                Broken("behaviour", "reads the `oldteam` field", mutate(ref, ('    switch (event.GetInt("team"))', '    switch (event.GetInt("oldteam"))'))),
                Broken("compile", "GetInt on the event without the key", mutate(ref, ('    switch (event.GetInt("team"))', "    switch (event.GetInt())")))],
        checks=checks(events=["player_team"], commands=["sm_teams"], scenarios=out[-1].checks["scenarios"]),
        tags=["events", "teams", "generated"]))

    # -- refactor: legacy team counter
    legacy = legacy_plugin("Team Counter", "Counts players per team", r'''
new Handle:g_hIncludeBots;

public OnPluginStart()
{
    g_hIncludeBots = CreateConVar("l4d2_teamcount_bots", "0", "Count bots too");
    RegConsoleCmd("sm_teamsize", Command_TeamSize);
}

public Action:Command_TeamSize(client, args)
{
    new survivors = 0, infected = 0;
    new bool:bots = GetConVarBool(g_hIncludeBots);
    for (new i = 1; i <= MaxClients; i++)
    {
        if (!IsClientInGame(i) || (!bots && IsFakeClient(i)))
        {
            continue;
        }
        new team = GetClientTeam(i);
        if (team == 2)
        {
            survivors++;
        }
        else if (team == 3)
        {
            infected++;
        }
    }
    ReplyToCommand(client, "[Teams] %d survivor(s) vs %d infected", survivors, infected);
    return Plugin_Handled;
}
''')
    ref2 = plugin("Team Counter", "Counts players per team", r'''
ConVar g_hIncludeBots;

public void OnPluginStart()
{
    g_hIncludeBots = CreateConVar("l4d2_teamcount_bots", "0", "Count bots too");
    RegConsoleCmd("sm_teamsize", Command_TeamSize);
}

public Action Command_TeamSize(int client, int args)
{
    int survivors = 0, infected = 0;
    bool bots = g_hIncludeBots.BoolValue;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (!IsClientInGame(i) || (!bots && IsFakeClient(i)))
        {
            continue;
        }
        int team = GetClientTeam(i);
        if (team == 2)
        {
            survivors++;
        }
        else if (team == 3)
        {
            infected++;
        }
    }
    ReplyToCommand(client, "[Teams] %d survivor(s) vs %d infected", survivors, infected);
    return Plugin_Handled;
}
''')
    scen = [scenario("humans only by default, bots on request",
                     [client(1, "Nick", 2), client(2, "Coach", 2, bot=True), client(5, "Hunter", 3, bot=True, zombie_class=3),
                      client(6, "Smoker", 3, zombie_class=1), command(1, "sm_teamsize"), set_convar("l4d2_teamcount_bots", 1),
                      command(1, "sm_teamsize")],
                     [reply("[Teams] 1 survivor(s) vs 1 infected"), reply("[Teams] 2 survivor(s) vs 2 infected"), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-team_balance-refactor-teamsize", family="refactor", theme="team_balance",
        title="Port the team counter to new-style syntax",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`): `ConVar` + `.BoolValue` instead of `GetConVarBool`, `int`/`bool` locals, typed command callback. Output must not change.

{code_block(legacy)}

{ANSWER}""",
        reference=ref2,
        broken=[Broken("static", "GetConVarBool kept", legacy),
                Broken("behaviour", "the rewrite always counts bots", mutate(ref2, ("        if (!IsClientInGame(i) || (!bots && IsFakeClient(i)))", "        if (!IsClientInGame(i))"))),
                Broken("compile", "`new bool:` kept under newdecls", mutate(ref2, ("    bool bots = g_hIncludeBots.BoolValue;", "    new bool:bots = g_hIncludeBots.BoolValue;")))],
        checks=checks(natives=["ConVar.BoolValue.get", "GetClientTeam"], forbid_natives=["GetConVarBool"], commands=["sm_teamsize"],
                      scenarios=scen),
        tags=["legacy-syntax", "teams", "generated"]))

    # -- doc: GetTeamClientCount
    ref3 = plugin("Infected Slots", "Tells players how many infected slots are free", r'''
public void OnPluginStart()
{
    RegConsoleCmd("sm_slots", Cmd_Slots, "Shows free infected slots");
}

public Action Cmd_Slots(int client, int args)
{
    ConVar limit = FindConVar("z_max_player_zombies");
    int max = (limit != null) ? limit.IntValue : 4;
    int used = GetTeamClientCount(3);
    int free = max - used;
    if (free < 0)
    {
        free = 0;
    }
    ReplyToCommand(client, "[Slots] Infected: %d/%d, %d free.", used, max, free);
    return Plugin_Handled;
}
''', sdktools=True)
    scen = [scenario("used and free infected slots",
                     [client(1, "Nick", 2), client(5, "Hunter", 3, zombie_class=3), client(6, "Smoker", 3, zombie_class=1), command(1, "sm_slots"),
                      set_convar("z_max_player_zombies", 2), command(1, "sm_slots")],
                     [reply("[Slots] Infected: 2/4, 2 free."), reply("[Slots] Infected: 2/2, 0 free."), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-team_balance-doc-teamclientcount", family="doc", theme="team_balance",
        title="Count team members with GetTeamClientCount",
        prompt=f"""Use these SourceMod natives as documented:

- `native int GetTeamClientCount(int index);` (sdktools_functions.inc, so `#include <sdktools>`) — "Returns the number of players in a given team" (bots included). In L4D2 team 3 is the infected.
- `native ConVar FindConVar(const char[] name);` — finds the game cvar `z_max_player_zombies` (the infected player limit), or returns null.

Task: console command `sm_slots` replying `[Slots] Infected: <used>/<max>, <free> free.` where `<used>` is `GetTeamClientCount(3)`, `<max>` the cvar's value (4 if the cvar is missing) and `<free>` never below 0.

{NEWSTYLE} {ANSWER}""",
        reference=ref3,
        broken=[Broken("behaviour", "counts the survivors (team 2) instead of the infected", mutate(ref3, ("    int used = GetTeamClientCount(3);", "    int used = GetTeamClientCount(2);"))),
                Broken("behaviour", "hard-codes the limit 4", mutate(ref3, ("    int max = (limit != null) ? limit.IntValue : 4;", "    int max = 4;"))),
                Broken("compile", "GetTeamClientCount without the team", mutate(ref3, ("    int used = GetTeamClientCount(3);", "    int used = GetTeamClientCount();")))],
        checks=checks(natives=["GetTeamClientCount"], commands=["sm_slots"], scenarios=scen), api=["GetTeamClientCount", "FindConVar"],
        tags=["teams", "convar", "generated"]))
    return out


# ================================================================================================= convar_behaviour

def convar_behaviour() -> list[Task]:
    out = []
    # -- scaffold: difficulty change announcer
    ref = plugin("Difficulty Announcer", "Announces difficulty changes", r'''
public void OnPluginStart()
{
    ConVar difficulty = FindConVar("z_difficulty");
    if (difficulty == null)
    {
        SetFailState("z_difficulty not found (is this Left 4 Dead 2?)");
    }
    difficulty.AddChangeHook(OnDifficultyChanged);
}

public void OnDifficultyChanged(ConVar convar, const char[] oldValue, const char[] newValue)
{
    if (StrEqual(oldValue, newValue, false))
    {
        return;
    }
    PrintToChatAll("[Difficulty] %s -> %s", oldValue, newValue);
    if (StrEqual(newValue, "Impossible", false))
    {
        PrintToChatAll("[Difficulty] Expert mode! Good luck.");
    }
}
''')
    scen = [scenario("changes are announced", [client(1, "Nick", 2), set_convar("z_difficulty", "Hard"), set_convar("z_difficulty", "Impossible")],
                     [chat("[Difficulty] Normal -> Hard"), chat("[Difficulty] Hard -> Impossible"), chat("Expert mode! Good luck."), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-convar_behaviour-scaffold-difficulty", family="scaffold", theme="convar_behaviour",
        title="Announce difficulty changes with a hook on z_difficulty",
        prompt=f"""Write a SourceMod plugin for Left 4 Dead 2 that announces difficulty changes.

- Find the game cvar `z_difficulty` with `FindConVar` (stop the plugin with `SetFailState` if it is missing) and hook its changes (`ConVar.AddChangeHook`).
- On a change print `[Difficulty] <old> -> <new>`; when the new value is `Impossible` (the game's name for Expert; any letter case) also print `[Difficulty] Expert mode! Good luck.`

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[Broken("behaviour", "prints new and old swapped", mutate(ref, ('    PrintToChatAll("[Difficulty] %s -> %s", oldValue, newValue);', '    PrintToChatAll("[Difficulty] %s -> %s", newValue, oldValue);'))),
                Broken("behaviour", "compares the Expert name case-sensitively with `impossible`",
                       mutate(ref, ('    if (StrEqual(newValue, "Impossible", false))', '    if (StrEqual(newValue, "impossible"))'))),
                Broken("compile", "the change hook has the wrong signature", mutate(ref, ("public void OnDifficultyChanged(ConVar convar, const char[] oldValue, const char[] newValue)", "public void OnDifficultyChanged(const char[] oldValue, const char[] newValue)")))],
        checks=checks(natives=["FindConVar", "ConVar.AddChangeHook"], scenarios=scen),
        tags=["convar", "hooks", "generated"]))

    # -- scaffold: bounded ConVar
    ref = plugin("Special Limit", "A bounded ConVar for the number of special infected", r'''
ConVar g_cvSpecials;

public void OnPluginStart()
{
    g_cvSpecials = CreateConVar("l4d2_special_limit", "4", "Maximum special infected at once", FCVAR_NOTIFY, true, 0.0, true, 8.0);
    RegConsoleCmd("sm_speciallimit", Cmd_SpecialLimit, "Shows the special infected limit");
}

public Action Cmd_SpecialLimit(int client, int args)
{
    int limit = g_cvSpecials.IntValue;
    if (limit == 0)
    {
        ReplyToCommand(client, "[Specials] Special infected are disabled.");
    }
    else
    {
        ReplyToCommand(client, "[Specials] Up to %d special infected at once.", limit);
    }
    return Plugin_Handled;
}
''')
    scen = [scenario("default, clamped maximum and zero",
                     [client(1, "Nick", 2), command(1, "sm_speciallimit"), set_convar("l4d2_special_limit", 20), command(1, "sm_speciallimit"),
                      set_convar("l4d2_special_limit", 0), command(1, "sm_speciallimit")],
                     [reply("Up to 4 special infected at once."), reply("Up to 8 special infected at once."),
                      reply("Special infected are disabled."), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-convar_behaviour-scaffold-bounded", family="scaffold", theme="convar_behaviour",
        title="A bounded ConVar and a command that reads it",
        prompt=f"""Write a SourceMod plugin for Left 4 Dead 2 with the ConVar `l4d2_special_limit` (default "4", lower bound 0, upper bound 8 — set the bounds in `CreateConVar` so that larger values are clamped to 8) and the command `sm_speciallimit`, which replies `[Specials] Up to <n> special infected at once.`, or `[Specials] Special infected are disabled.` when the value is 0.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[Broken("behaviour", "no upper bound: 20 is reported as 20", mutate(ref, ("FCVAR_NOTIFY, true, 0.0, true, 8.0);", "FCVAR_NOTIFY, true, 0.0);"))),
                Broken("behaviour", "reads the value once in OnPluginStart and never again",
                       mutate(ref, ("ConVar g_cvSpecials;", "ConVar g_cvSpecials;\nint g_iLimit;"), ("    RegConsoleCmd(\"sm_speciallimit\"", "    g_iLimit = g_cvSpecials.IntValue;\n    RegConsoleCmd(\"sm_speciallimit\""),
                              ("    int limit = g_cvSpecials.IntValue;", "    int limit = g_iLimit;"))),
                Broken("compile", "missing comma between CreateConVar arguments",
                       mutate(ref, ("FCVAR_NOTIFY, true, 0.0, true, 8.0);", "FCVAR_NOTIFY true, 0.0, true, 8.0);")))],
        checks=checks(natives=["CreateConVar", "ConVar.IntValue.get"], commands=["sm_speciallimit"], convars=["l4d2_special_limit"], scenarios=scen),
        tags=["convar", "generated"]))

    # -- repair: stale cached value (same plugin family as above)
    bad = mutate(ref, ("ConVar g_cvSpecials;", "ConVar g_cvSpecials;\nint g_iLimit;"), ("    RegConsoleCmd(\"sm_speciallimit\"", "    g_iLimit = g_cvSpecials.IntValue;\n    RegConsoleCmd(\"sm_speciallimit\""),
                 ("    int limit = g_cvSpecials.IntValue;", "    int limit = g_iLimit;"))
    out.append(Task(
        id=f"{P}-convar_behaviour-repair-stale_value", family="repair", theme="convar_behaviour",
        title="Fix the command that ignores ConVar changes",
        prompt=f"""After `l4d2_special_limit 2` (or 0) in the server console, `sm_speciallimit` still replies with the old value 4 until the plugin is reloaded. No errors are logged.

{code_block(bad)}

Fix it so the reply always reflects the current value. {ANSWER}""",
        reference=ref,
        broken=[Broken("behaviour", "the unrepaired plugin: the value is cached once", bad),
                Broken("behaviour", "caches the value and only refreshes it on map start",
                       mutate(bad, ("public Action Cmd_SpecialLimit", "public void OnMapStart()\n{\n    g_iLimit = g_cvSpecials.IntValue;\n}\n\npublic Action Cmd_SpecialLimit"))),
                Broken("compile", "reads a property that does not exist", mutate(ref, ("    int limit = g_cvSpecials.IntValue;", "    int limit = g_cvSpecials.Value;")))],
        checks=checks(commands=["sm_speciallimit"], convars=["l4d2_special_limit"], scenarios=scen),
        tags=["convar", "generated"]))

    # -- refactor x2: HookConVarChange / SetConVarInt
    for k, (cvar, game, base, tag) in enumerate([("l4d2_horde_scale", "z_common_limit", 30, "[Horde]"),
                                                  ("l4d2_mega_scale", "z_mega_mob_size", 50, "[Mob]")]):
        legacy = legacy_plugin("Horde Scaler", "Scales a horde cvar by a multiplier", f'''
new Handle:g_hScale;
new Handle:g_hGame;

public OnPluginStart()
{{
    g_hScale = CreateConVar("{cvar}", "1.0", "Multiplier for {game}", FCVAR_NOTIFY, true, 0.5, true, 3.0);
    g_hGame = FindConVar("{game}");
    HookConVarChange(g_hScale, OnScaleChanged);
}}

public OnScaleChanged(Handle:convar, const String:oldValue[], const String:newValue[])
{{
    if (g_hGame == INVALID_HANDLE)
    {{
        return;
    }}
    new value = RoundToNearest({base}.0 * GetConVarFloat(g_hScale));
    SetConVarInt(g_hGame, value);
    PrintToServer("{tag} {game} set to %d", value);
}}
''')
        ref = plugin("Horde Scaler", "Scales a horde cvar by a multiplier", f'''
ConVar g_hScale;
ConVar g_hGame;

public void OnPluginStart()
{{
    g_hScale = CreateConVar("{cvar}", "1.0", "Multiplier for {game}", FCVAR_NOTIFY, true, 0.5, true, 3.0);
    g_hGame = FindConVar("{game}");
    g_hScale.AddChangeHook(OnScaleChanged);
}}

public void OnScaleChanged(ConVar convar, const char[] oldValue, const char[] newValue)
{{
    if (g_hGame == null)
    {{
        return;
    }}
    int value = RoundToNearest({base}.0 * g_hScale.FloatValue);
    g_hGame.IntValue = value;
    PrintToServer("{tag} {game} set to %d", value);
}}
''')
        scen = [scenario("the game cvar follows the multiplier", [client(1, "Nick", 2), set_convar(cvar, 1.5)],
                         [{"convar": {"name": game, "equals": str(round(base * 1.5))}}, log(f"{tag} {game} set to {round(base * 1.5)}"), NO_ERRORS]),
                scenario("clamped at 3.0", [set_convar(cvar, 9)], [{"convar": {"name": game, "equals": str(base * 3)}}])]
        out.append(Task(
            id=f"{P}-convar_behaviour-refactor-scaler{k + 1}", family="refactor", theme="convar_behaviour",
            title=f"Port the {game} scaler to ConVar methods",
            prompt=f"""Port this legacy plugin to new-style SourcePawn (`#pragma newdecls required`): `ConVar` handles, `.AddChangeHook` instead of `HookConVarChange`, `.FloatValue` instead of `GetConVarFloat`, `.IntValue = ...` (or `.SetInt`) instead of `SetConVarInt`, `null` instead of `INVALID_HANDLE`, a typed change hook. Behaviour must not change.

{code_block(legacy)}

{ANSWER}""",
            reference=ref,
            broken=[Broken("static", "legacy HookConVarChange/GetConVarFloat/SetConVarInt kept", legacy),
                    Broken("behaviour", "the rewrite uses the wrong base value and truncates instead of rounding",
                           mutate(ref, (f"    int value = RoundToNearest({base}.0 * g_hScale.FloatValue);", f"    int value = RoundToFloor({base - 1}.0 * g_hScale.FloatValue);"))),
                    Broken("compile", "assigns a float to the IntValue property through a misspelled property",
                           mutate(ref, ("    g_hGame.IntValue = value;", "    g_hGame.IntegerValue = value;")))],
            checks=checks(natives=["ConVar.AddChangeHook", "ConVar.IntValue.set", "FindConVar"],
                          forbid_natives=["HookConVarChange", "GetConVarFloat", "SetConVarInt"], convars=[cvar], scenarios=scen),
            tags=["legacy-syntax", "convar", "generated"]))

    # -- doc: RestoreDefault
    ref = plugin("Reset Horde", "Admins restore the default common infected limit", r'''
public void OnPluginStart()
{
    RegAdminCmd("sm_resethorde", Cmd_ResetHorde, ADMFLAG_CONVARS, "Restores z_common_limit to its default");
}

public Action Cmd_ResetHorde(int client, int args)
{
    ConVar limit = FindConVar("z_common_limit");
    if (limit == null)
    {
        ReplyToCommand(client, "[Horde] z_common_limit not found.");
        return Plugin_Handled;
    }
    int before = limit.IntValue;
    limit.RestoreDefault();
    ReplyToCommand(client, "[Horde] z_common_limit: %d -> %d", before, limit.IntValue);
    return Plugin_Handled;
}
''')
    admin = client(9, "Admin", 1, admin_flags="h")
    scen = [scenario("restores the game default", [admin, set_convar("z_common_limit", 55), command(9, "sm_resethorde")],
                     [{"convar": {"name": "z_common_limit", "equals": "30"}}, reply("[Horde] z_common_limit: 55 -> 30"), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-convar_behaviour-doc-restoredefault", family="doc", theme="convar_behaviour",
        title="Reset a game cvar with ConVar.RestoreDefault",
        prompt=f"""Use these `ConVar` members as documented (convars.inc):

- `public native void RestoreDefault(bool replicate=false, bool notify=false);` — "Resets the console variable to its default value."
- `property int IntValue` — the value as an integer (get and set).

Task: admin command `sm_resethorde` (flag `ADMFLAG_CONVARS`). Find the game cvar `z_common_limit`; if it is missing reply `[Horde] z_common_limit not found.` Otherwise restore its default and reply `[Horde] z_common_limit: <before> -> <after>`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[Broken("behaviour", "overwrites the restored default with a hard-coded 20",
                       mutate(ref, ("    limit.RestoreDefault();", "    limit.RestoreDefault();\n    limit.IntValue = 20;"))),
                Broken("security", "registered with RegConsoleCmd: anyone can change a game cvar",
                       mutate(ref, ('RegAdminCmd("sm_resethorde", Cmd_ResetHorde, ADMFLAG_CONVARS, "Restores z_common_limit to its default");', 'RegConsoleCmd("sm_resethorde", Cmd_ResetHorde, "Restores z_common_limit to its default");'))),
                Broken("compile", "RestoreDefault called as a free function", mutate(ref, ("    limit.RestoreDefault();", "    RestoreDefault(limit);")))],
        checks=checks(natives=["FindConVar", "ConVar.RestoreDefault"], commands=["sm_resethorde"], scenarios=scen),
        api=["ConVar.RestoreDefault"], tags=["convar", "admin", "generated"]))
    return out


# ======================================================================================================= round_stats

def round_stats() -> list[Task]:
    out = []
    ref = plugin("Round Summary", "Prints the round length and special infected kills at round end", r'''
float g_fRoundStart;
int g_iSpecialKills;

public void OnPluginStart()
{
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
    HookEvent("player_death", Event_PlayerDeath);
    HookEvent("round_end", Event_RoundEnd, EventHookMode_PostNoCopy);
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    g_fRoundStart = GetGameTime();
    g_iSpecialKills = 0;
}

public void Event_PlayerDeath(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("userid"));
    if (victim != 0 && IsClientInGame(victim) && GetClientTeam(victim) == 3)
    {
        g_iSpecialKills++;
    }
}

public void Event_RoundEnd(Event event, const char[] name, bool dontBroadcast)
{
    int seconds = RoundToFloor(GetGameTime() - g_fRoundStart);
    PrintToChatAll("[Round] %d:%02d played, %d special infected killed.", seconds / 60, seconds % 60, g_iSpecialKills);
}
''')
    death = lambda v: event("player_death", userid=uid(v), entityid=0, attacker=uid(1), attackername="", attackerentid=0, weapon="rifle",  # noqa: E731
                            headshot=False, attackerisbot=False, victimname="", victimisbot=True, abort=False, type=0,
                            victim_x=0.0, victim_y=0.0, victim_z=0.0)
    scen = [scenario("length as m:ss and infected kills",
                     [client(1, "Nick", 2), client(2, "Ellis", 2), client(5, "Hunter", 3, bot=True, zombie_class=3),
                      client(6, "Smoker", 3, bot=True, zombie_class=1), advance(3.0), event("round_start"), advance(125.0), death(5), death(6),
                      death(2), event("round_end", winner=0, reason=0, message="", time=0.0)],
                     [chat("[Round] 2:05 played, 2 special infected killed."), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-round_stats-scaffold-summary", family="scaffold", theme="round_stats",
        title="Round summary: length and special infected kills",
        prompt=f"""Write a SourceMod plugin for Left 4 Dead 2 that prints a round summary.

- On `round_start` remember `GetGameTime()` and reset the kill count; on `player_death` count victims (`userid`) that are in-game infected (team 3).
- On `round_end` print `[Round] <m>:<ss> played, <n> special infected killed.` (minutes, and seconds with two digits, e.g. `2:05`).
Hook `round_start` and `round_end` with `EventHookMode_PostNoCopy`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[Broken("behaviour", "counts survivor deaths as special kills", mutate(ref, ("GetClientTeam(victim) == 3", "GetClientTeam(victim) != 1"))),
                Broken("behaviour", "seconds without leading zero (2:5)", mutate(ref, ("%d:%02d played", "%d:%d played"))),
                Broken("behaviour", "reads a field from the PostNoCopy round_end event (invalid handle)",
                       mutate(ref, ("    int seconds = RoundToFloor(GetGameTime() - g_fRoundStart);", "    int seconds = RoundToFloor(GetGameTime() - g_fRoundStart) + event.GetInt(\"winner\") * 0;")))],
        checks=checks(natives=["GetGameTime"], events=["round_start", "player_death", "round_end"], scenarios=scen),
        tags=["events", "time", "generated"]))

    # -- repair: PostNoCopy event read
    good = plugin("Round End Reason", "Prints why the round ended", r'''
public void OnPluginStart()
{
    HookEvent("round_end", Event_RoundEnd);
}

public void Event_RoundEnd(Event event, const char[] name, bool dontBroadcast)
{
    char message[128];
    event.GetString("message", message, sizeof(message));
    int winner = event.GetInt("winner");
    PrintToChatAll("[Round] Round over (winner team %d): %s", winner, message);
}
''')
    bad = mutate(good, ('HookEvent("round_end", Event_RoundEnd);', 'HookEvent("round_end", Event_RoundEnd, EventHookMode_PostNoCopy);'))
    scen = [scenario("the reason is printed", [client(1, "Nick", 2), event("round_end", winner=2, reason=3, message="#L4D_Scenario_Survivors_Dead", time=0.0)],
                     [chat("[Round] Round over (winner team 2): #L4D_Scenario_Survivors_Dead"), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-round_stats-repair-nocopy", family="repair", theme="round_stats",
        title="Fix the round end message that errors with an invalid handle",
        prompt=f"""At every round end this plugin should print the winner and the end message. Nothing is printed; the error log shows `Invalid Handle 0 (error 4)` from `Event_RoundEnd`.

{code_block(bad)}

Fix it. {ANSWER}""",
        reference=good,
        broken=[Broken("behaviour", "the unrepaired plugin: reads fields from a PostNoCopy hook", bad),
                Broken("behaviour", "returns early unless dontBroadcast is set, so nothing is printed",
                       mutate(good, ('    char message[128];', '    if (!dontBroadcast)\n    {\n        return;\n    }\n    char message[128];'))),
                Broken("compile", "GetString without the size", mutate(good, ('event.GetString("message", message, sizeof(message));', 'event.GetString("message", message);')))],
        checks=checks(natives=["Event.GetString", "Event.GetInt"], events=["round_end"], scenarios=scen),
        tags=["events", "handles", "generated"]))

    # -- refactor: legacy round end stats
    legacy = legacy_plugin("Round Counter", "Counts rounds and survivor wins", r'''
new g_iRounds;
new g_iSurvivorWins;

public OnPluginStart()
{
    HookEvent("round_end", Event_RoundEnd);
    RegConsoleCmd("sm_rounds", Command_Rounds);
}

public Event_RoundEnd(Handle:event, const String:name[], bool:dontBroadcast)
{
    g_iRounds++;
    if (GetEventInt(event, "winner") == 2)
    {
        g_iSurvivorWins++;
    }
}

public Action:Command_Rounds(client, args)
{
    ReplyToCommand(client, "[Round] %d round(s) played, survivors won %d.", g_iRounds, g_iSurvivorWins);
    return Plugin_Handled;
}
''')
    ref2 = plugin("Round Counter", "Counts rounds and survivor wins", r'''
int g_iRounds;
int g_iSurvivorWins;

public void OnPluginStart()
{
    HookEvent("round_end", Event_RoundEnd);
    RegConsoleCmd("sm_rounds", Command_Rounds);
}

public void Event_RoundEnd(Event event, const char[] name, bool dontBroadcast)
{
    g_iRounds++;
    if (event.GetInt("winner") == 2)
    {
        g_iSurvivorWins++;
    }
}

public Action Command_Rounds(int client, int args)
{
    ReplyToCommand(client, "[Round] %d round(s) played, survivors won %d.", g_iRounds, g_iSurvivorWins);
    return Plugin_Handled;
}
''')
    end = lambda w: event("round_end", winner=w, reason=0, message="", time=0.0)  # noqa: E731
    scen = [scenario("rounds and wins", [client(1, "Nick", 2), end(2), end(3), end(2), command(1, "sm_rounds")],
                     [reply("[Round] 3 round(s) played, survivors won 2."), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-round_stats-refactor-rounds", family="refactor", theme="round_stats",
        title="Port the round counter to new-style syntax",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`): typed globals and callbacks, `event.GetInt` instead of `GetEventInt`. The reply must not change.

{code_block(legacy)}

{ANSWER}""",
        reference=ref2,
        broken=[Broken("static", "GetEventInt kept", legacy),
                Broken("behaviour", "counts infected wins as survivor wins", mutate(ref2, ('    if (event.GetInt("winner") == 2)', '    if (event.GetInt("winner") != 0)'))),
                Broken("compile", "untyped globals under newdecls", mutate(ref2, ("int g_iRounds;", "new g_iRounds;")))],
        checks=checks(natives=["Event.GetInt"], forbid_natives=["GetEventInt"], events=["round_end"], commands=["sm_rounds"], scenarios=scen),
        tags=["legacy-syntax", "generated"]))
    return out


# ==================================================================================================== map_transition

def map_transition() -> list[Task]:
    out = []
    ref = plugin("Chapter Tracker", "Counts finished chapters and survivors who made it", r'''
int g_iChapters;

public void OnPluginStart()
{
    HookEvent("map_transition", Event_MapTransition, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_chapters", Cmd_Chapters, "Chapters finished this session");
}

public void Event_MapTransition(Event event, const char[] name, bool dontBroadcast)
{
    g_iChapters++;
    int alive = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 2 && IsPlayerAlive(i))
        {
            alive++;
        }
    }
    PrintToChatAll("[Chapter] Chapter %d complete with %d survivor(s) alive.", g_iChapters, alive);
}

public Action Cmd_Chapters(int client, int args)
{
    ReplyToCommand(client, "[Chapter] %d chapter(s) finished this session.", g_iChapters);
    return Plugin_Handled;
}
''')
    scen = [scenario("chapters are counted with the living survivors",
                     [client(1, "Nick", 2), client(2, "Ellis", 2), client(3, "Rochelle", 2, alive=False), client(5, "Hunter", 3, zombie_class=3),
                      event("map_transition"), event("map_transition"), command(1, "sm_chapters")],
                     [chat("[Chapter] Chapter 1 complete with 2 survivor(s) alive."), chat("Chapter 2 complete"),
                      reply("[Chapter] 2 chapter(s) finished this session."), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-map_transition-scaffold-chapters", family="scaffold", theme="map_transition",
        title="Count finished chapters on map_transition",
        prompt=f"""Write a SourceMod plugin for Left 4 Dead 2 that counts finished chapters.

- `map_transition` (no fields; hook with `EventHookMode_PostNoCopy`) fires when the survivors reach the end saferoom. Count it and print `[Chapter] Chapter <n> complete with <alive> survivor(s) alive.` (in-game, living survivors).
- `sm_chapters` replies `[Chapter] <n> chapter(s) finished this session.`

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[Broken("behaviour", "counts dead survivors as alive", mutate(ref, ("GetClientTeam(i) == 2 && IsPlayerAlive(i)", "GetClientTeam(i) == 2"))),
                Broken("static", "hooks `map_transitioned` (no such event)", mutate(ref, ('HookEvent("map_transition",', 'HookEvent("map_transitioned",'))),
                Broken("compile", "increment on an undeclared variable", mutate(ref, ("    g_iChapters++;\n    int alive", "    g_iChapter++;\n    int alive")))],
        checks=checks(events=["map_transition"], commands=["sm_chapters"], scenarios=scen),
        tags=["events", "generated"]))

    # -- doc: GetCurrentMap
    ref = plugin("Map Info", "Tells players the current map", r'''
public void OnPluginStart()
{
    RegConsoleCmd("sm_mapname", Cmd_MapName, "Shows the current map");
}

public Action Cmd_MapName(int client, int args)
{
    char map[64];
    GetCurrentMap(map, sizeof(map));
    if (StrContains(map, "m1_") != -1)
    {
        ReplyToCommand(client, "[Map] %s (first chapter of the campaign)", map);
    }
    else
    {
        ReplyToCommand(client, "[Map] %s", map);
    }
    return Plugin_Handled;
}
''')
    scen = [scenario("the current map", [client(1, "Nick", 2), command(1, "sm_mapname")],
                     [reply("[Map] c1m1_hotel (first chapter of the campaign)"), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-map_transition-doc-currentmap", family="doc", theme="map_transition",
        title="Read the map name with GetCurrentMap",
        prompt=f"""Use this SourceMod native as documented (halflife.inc):

`native int GetCurrentMap(char[] buffer, int maxlength);` — "Returns the current map name" (e.g. `c1m1_hotel`); the number of bytes written is returned.

Task: console command `sm_mapname` replying `[Map] <map>`, and for maps whose name contains `m1_` (the first chapter of an official campaign) `[Map] <map> (first chapter of the campaign)`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[Broken("behaviour", "checks for `m2_` instead of `m1_`", mutate(ref, ('StrContains(map, "m1_")', 'StrContains(map, "m2_")'))),
                Broken("behaviour", "treats StrContains as a bool: -1 (not found) is true and a match at position 0 is false",
                       mutate(ref, ('    if (StrContains(map, "m1_") != -1)', '    if (!StrContains(map, "m1_"))'))),
                Broken("compile", "GetCurrentMap used as a function returning the name", mutate(ref, ("    char map[64];\n    GetCurrentMap(map, sizeof(map));", "    char map[64];\n    map = GetCurrentMap();")))],
        checks=checks(natives=["GetCurrentMap"], commands=["sm_mapname"], scenarios=scen), api=["GetCurrentMap"],
        tags=["strings", "generated"]))

    # -- refactor: legacy transition heal
    legacy = legacy_plugin("Transition Heal", "Heals survivors a little when a chapter ends", r'''
new Handle:g_hBonus;

public OnPluginStart()
{
    g_hBonus = CreateConVar("l4d2_transition_bonus", "25", "Health given to each survivor at map_transition");
    HookEvent("map_transition", Event_MapTransition, EventHookMode_PostNoCopy);
}

public Event_MapTransition(Handle:event, const String:name[], bool:dontBroadcast)
{
    new bonus = GetConVarInt(g_hBonus);
    for (new i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 2 && IsPlayerAlive(i))
        {
            new hp = GetClientHealth(i) + bonus;
            SetEntityHealth(i, hp > 100 ? 100 : hp);
        }
    }
}
''')
    ref2 = plugin("Transition Heal", "Heals survivors a little when a chapter ends", r'''
ConVar g_hBonus;

public void OnPluginStart()
{
    g_hBonus = CreateConVar("l4d2_transition_bonus", "25", "Health given to each survivor at map_transition");
    HookEvent("map_transition", Event_MapTransition, EventHookMode_PostNoCopy);
}

public void Event_MapTransition(Event event, const char[] name, bool dontBroadcast)
{
    int bonus = g_hBonus.IntValue;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 2 && IsPlayerAlive(i))
        {
            int hp = GetClientHealth(i) + bonus;
            SetEntityHealth(i, hp > 100 ? 100 : hp);
        }
    }
}
''')
    scen = [scenario("living survivors get the bonus, capped at 100",
                     [client(1, "Nick", 2, health=40), client(2, "Ellis", 2, health=90), client(5, "Hunter", 3, zombie_class=3, health=100),
                      event("map_transition")],
                     [health(1, 65), health(2, 100), health(5, 100), NO_ERRORS])]
    out.append(Task(
        id=f"{P}-map_transition-refactor-heal", family="refactor", theme="map_transition",
        title="Port the transition heal to new-style syntax",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`): `ConVar`/`.IntValue` instead of `GetConVarInt`, typed locals and callback. Behaviour must not change.

{code_block(legacy)}

{ANSWER}""",
        reference=ref2,
        broken=[Broken("static", "GetConVarInt kept", legacy),
                Broken("behaviour", "the cap was lost in the rewrite", mutate(ref2, ("            SetEntityHealth(i, hp > 100 ? 100 : hp);", "            SetEntityHealth(i, hp);"))),
                Broken("compile", "`new` local under newdecls", mutate(ref2, ("            int hp = GetClientHealth(i) + bonus;", "            new hp = GetClientHealth(i) + bonus;")))],
        checks=checks(natives=["ConVar.IntValue.get", "GetClientHealth"], forbid_natives=["GetConVarInt"], events=["map_transition"],
                      convars=["l4d2_transition_bonus"], scenarios=scen),
        tags=["legacy-syntax", "health", "generated"]))
    return out


# ======================================================================================================= server_info

def server_info() -> list[Task]:
    out = []
    ref = plugin("Server Info", "Shows hostname, map and player count", r'''
public void OnPluginStart()
{
    RegConsoleCmd("sm_serverinfo", Cmd_ServerInfo, "Shows server information");
}

public Action Cmd_ServerInfo(int client, int args)
{
    char hostname[128], map[64];
    ConVar cvHostname = FindConVar("hostname");
    if (cvHostname != null)
    {
        cvHostname.GetString(hostname, sizeof(hostname));
    }
    GetCurrentMap(map, sizeof(map));
    ReplyToCommand(client, "[Info] %s | %s | %d/%d players", hostname, map, GetClientCount(true), MaxClients);
    return Plugin_Handled;
}
''')
    scen = [scenario("hostname, map and players", [client(1, "Nick", 2), client(2, "Ellis", 2, bot=True), command(1, "sm_serverinfo")],
                     [reply("[Info] Left 4 Dead 2 Dedicated Server | c1m1_hotel | 2/"), NO_ERRORS]),
            scenario("a renamed server", [client(1, "Nick", 2), set_convar("hostname", "Bile Club"), command(1, "sm_serverinfo")],
                     [reply("[Info] Bile Club | c1m1_hotel")])]
    out.append(Task(
        id=f"{P}-server_info-scaffold-serverinfo", family="scaffold", theme="server_info",
        title="A server info command",
        prompt=f"""Write a SourceMod plugin for Left 4 Dead 2 with the console command `sm_serverinfo`, replying `[Info] <hostname> | <map> | <players>/<MaxClients> players`: the hostname from the engine cvar `hostname` (`FindConVar` + `GetString`), the map from `GetCurrentMap`, the player count from `GetClientCount(true)`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[Broken("behaviour", "hard-codes the hostname", mutate(ref, ("        cvHostname.GetString(hostname, sizeof(hostname));", "        strcopy(hostname, sizeof(hostname), \"Left 4 Dead 2 Dedicated Server\");"))),
                Broken("behaviour", "counts only humans in the player count",
                       mutate(ref, ("GetClientCount(true), MaxClients);", "GetClientCount(true) - 1, MaxClients);"))),
                Broken("compile", "GetCurrentMap without the size", mutate(ref, ("    GetCurrentMap(map, sizeof(map));", "    GetCurrentMap(map);")))],
        checks=checks(natives=["FindConVar", "GetCurrentMap", "GetClientCount"], commands=["sm_serverinfo"], scenarios=scen),
        tags=["convar", "command", "generated"]))

    legacy = legacy_plugin("Server Info", "Shows hostname, map and player count", r'''
public OnPluginStart()
{
    RegConsoleCmd("sm_serverinfo", Command_ServerInfo);
}

public Action:Command_ServerInfo(client, args)
{
    decl String:hostname[128], String:map[64];
    GetConVarString(FindConVar("hostname"), hostname, sizeof(hostname));
    GetCurrentMap(map, sizeof(map));
    ReplyToCommand(client, "[Info] %s | %s | %d/%d players", hostname, map, GetClientCount(true), MaxClients);
    return Plugin_Handled;
}
''')
    out.append(Task(
        id=f"{P}-server_info-refactor-serverinfo", family="refactor", theme="server_info",
        title="Port the server info command to new-style syntax",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`): `char` buffers, a `ConVar` from `FindConVar` read with `.GetString` (and checked for null) instead of `GetConVarString`, a typed command callback. The reply must not change.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[Broken("static", "GetConVarString kept", legacy),
                Broken("behaviour", "swaps map and hostname in the reply", mutate(ref, ("hostname, map, GetClientCount(true), MaxClients);", "map, hostname, GetClientCount(true), MaxClients);"))),
                Broken("compile", "decl String: kept", mutate(ref, ("    char hostname[128], map[64];", "    decl String:hostname[128], String:map[64];")))],
        checks=checks(natives=["ConVar.GetString", "GetCurrentMap"], forbid_natives=["GetConVarString"], commands=["sm_serverinfo"],
                      scenarios=scen),
        tags=["legacy-syntax", "convar", "generated"]))
    return out


def tasks() -> list[Task]:
    return [*welcome(), *chat_commands(), *admin_tools(), *team_balance(), *convar_behaviour(), *round_stats(),
            *map_transition(), *server_info()]
