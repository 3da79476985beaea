// A plugin that exercises the simulated server: commands (console, admin, arguments, targets), events,
// repeat/data timers, RequestFrame, convars with change hooks, netprops, player actions, and natives called
// with bad client/entity indexes. Each test scenario drives one part of it.
#pragma semicolon 1
#pragma newdecls required
#include <sourcemod>
#include <sdktools>

public Plugin myinfo = { name = "Sim Behaviour", author = "modbench", description = "simulator fixture", version = "1.0", url = "" };

ConVar g_cvEnable;
ConVar g_cvBonus;
int g_iHellos;
int g_iTicks;
int g_iHurts;

public void OnPluginStart()
{
    g_cvEnable = CreateConVar("sim_enable", "1", "Enable the fixture", FCVAR_NOTIFY, true, 0.0, true, 1.0);
    g_cvBonus = CreateConVar("sim_bonus", "25", "Health bonus", FCVAR_NOTIFY, true, 0.0, true, 100.0);
    g_cvBonus.AddChangeHook(OnBonusChanged);

    HookEvent("player_hurt", Event_PlayerHurt);
    HookEvent("player_death", Event_PlayerDeath, EventHookMode_Pre);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);

    RegConsoleCmd("sm_hello", Cmd_Hello, "Say hello");
    RegConsoleCmd("sm_args", Cmd_Args);
    RegAdminCmd("sm_slayme", Cmd_SlayMe, ADMFLAG_SLAY, "Kill yourself");
    RegAdminCmd("sm_punish", Cmd_Punish, ADMFLAG_BAN, "Slap, teleport and move a target");
    RegAdminCmd("sm_boot", Cmd_Boot, ADMFLAG_KICK, "Kick a player by name");
    RegConsoleCmd("sm_heal", Cmd_Heal);
    RegConsoleCmd("sm_later", Cmd_Later);
    RegConsoleCmd("sm_bad", Cmd_Bad);
    RegServerCmd("sm_status", Cmd_Status);
}

public void OnMapStart()
{
    g_iTicks = 0;
    CreateTimer(1.0, Timer_Tick, _, TIMER_REPEAT);
}

public Action Timer_Tick(Handle timer)
{
    g_iTicks++;
    PrintToServer("tick %d", g_iTicks);
    return g_iTicks >= 3 ? Plugin_Stop : Plugin_Continue;
}

public void OnClientPutInServer(int client)
{
    if (!IsFakeClient(client))
        PrintToChat(client, "Welcome %N", client);
}

public void OnBonusChanged(ConVar convar, const char[] oldValue, const char[] newValue)
{
    PrintToServer("bonus %s -> %s", oldValue, newValue);
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    g_iHurts = 0;
    PrintToServer("round start (%s)", name);
}

public void Event_PlayerHurt(Event event, const char[] name, bool dontBroadcast)
{
    if (!g_cvEnable.BoolValue)
        return;
    int victim = GetClientOfUserId(event.GetInt("userid"));
    int attacker = GetClientOfUserId(event.GetInt("attacker"));
    int damage = event.GetInt("dmg_health");
    if (victim == 0 || attacker == 0)
        return;
    g_iHurts++;
    char weapon[32];
    event.GetString("weapon", weapon, sizeof(weapon), "fists");
    PrintToChatAll("%N hit %N for %d with %s (#%d)", attacker, victim, damage, weapon, g_iHurts);
    if (damage >= 50)
        PrintHintText(victim, "Big hit: %d", damage);
}

public Action Event_PlayerDeath(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("userid"));
    if (victim > 0)
        PrintToServer("death of %N (alive=%d)", victim, IsPlayerAlive(victim));
    return Plugin_Continue;
}

public Action Cmd_Hello(int client, int args)
{
    g_iHellos++;
    ReplyToCommand(client, "Hello %N, you are #%d", client, g_iHellos);
    if (client > 0)
        PrintToChatAll("%N said hello", client);
    return Plugin_Handled;
}

public Action Cmd_Args(int client, int args)
{
    char all[64], first[32], second[32];
    GetCmdArgString(all, sizeof(all));
    GetCmdArg(1, first, sizeof(first));
    GetCmdArg(2, second, sizeof(second));
    ReplyToCommand(client, "args=%d all=[%s] first=[%s] second=[%s] int=%d", args, all, first, second, GetCmdArgInt(2));
    return Plugin_Handled;
}

public Action Cmd_SlayMe(int client, int args)
{
    ForcePlayerSuicide(client);
    ReplyToCommand(client, "You slayed yourself");
    return Plugin_Handled;
}

public Action Cmd_Punish(int client, int args)
{
    char pattern[64], targetName[64];
    GetCmdArg(1, pattern, sizeof(pattern));
    int targets[MAXPLAYERS];
    bool ml;
    int count = ProcessTargetString(pattern, client, targets, sizeof(targets), COMMAND_FILTER_ALIVE, targetName, sizeof(targetName), ml);
    if (count <= 0)
    {
        ReplyToTargetError(client, count);
        return Plugin_Handled;
    }
    float origin[3] = {100.0, 200.0, 300.0};
    for (int i = 0; i < count; i++)
    {
        SlapPlayer(targets[i], 10, false);
        TeleportEntity(targets[i], origin, NULL_VECTOR, NULL_VECTOR);
        ChangeClientTeam(targets[i], 1);
        SetEntPropFloat(targets[i], Prop_Send, "m_flLaggedMovementValue", 0.5);
    }
    ShowActivity2(client, "[SM] ", "Punished %s", targetName);
    return Plugin_Handled;
}

public Action Cmd_Boot(int client, int args)
{
    char name[64];
    GetCmdArg(1, name, sizeof(name));
    int target = FindTarget(client, name, false, false);
    if (target == -1)
        return Plugin_Handled;
    KickClient(target, "Booted by %N", client);
    return Plugin_Handled;
}

public Action Cmd_Heal(int client, int args)
{
    SetEntityHealth(client, GetClientHealth(client) + g_cvBonus.IntValue);
    ReplyToCommand(client, "Healed to %d", GetClientHealth(client));
    return Plugin_Handled;
}

public Action Cmd_Later(int client, int args)
{
    DataPack pack;
    CreateDataTimer(2.0, Timer_Later, pack);
    pack.WriteCell(GetClientUserId(client));
    pack.WriteString("delayed message");
    RequestFrame(Frame_Next, GetClientUserId(client));
    return Plugin_Handled;
}

public void Frame_Next(int userid)
{
    int client = GetClientOfUserId(userid);
    if (client > 0)
        PrintToChat(client, "next frame");
}

public Action Timer_Later(Handle timer, DataPack pack)
{
    pack.Reset();
    int client = GetClientOfUserId(pack.ReadCell());
    char text[64];
    pack.ReadString(text, sizeof(text));
    if (client > 0)
        PrintToChat(client, "%s", text);
    return Plugin_Stop;
}

public Action Cmd_Bad(int client, int args)
{
    char what[16];
    GetCmdArg(1, what, sizeof(what));
    if (StrEqual(what, "team0"))
        PrintToServer("team %d", GetClientTeam(0));
    else if (StrEqual(what, "health5"))
        PrintToServer("health %d", GetClientHealth(5));
    else if (StrEqual(what, "name9"))
    {
        char name[32];
        GetClientName(9, name, sizeof(name));
    }
    else if (StrEqual(what, "ent"))
        PrintToServer("prop %d", GetEntProp(2049, Prop_Send, "m_iHealth"));
    else if (StrEqual(what, "float"))
        PrintToServer("prop %d", GetEntProp(client, Prop_Send, "m_flLaggedMovementValue"));
    else if (StrEqual(what, "throw"))
        ThrowError("custom failure %d", 7);
    else if (StrEqual(what, "oob"))
    {
        int values[4];
        int index = GetCmdArgs() + 9;
        values[index] = 1;
    }
    ReplyToCommand(client, "survived %s", what);
    return Plugin_Handled;
}

public Action Cmd_Status(int args)
{
    PrintToServer("status: %d hellos, enable=%d", g_iHellos, g_cvEnable.IntValue);
    return Plugin_Handled;
}
