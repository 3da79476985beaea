#pragma semicolon 1
#pragma newdecls required
#include <sourcemod>
#include <sdktools>

public Plugin myinfo = { name = "Tank Announce", author = "test", description = "d", version = "1.0", url = "" };

ConVar g_cvEnable;
int g_iTankCount;

public void OnPluginStart()
{
    g_cvEnable = CreateConVar("l4d2_tank_announce_enable", "1", "Enable", FCVAR_NOTIFY, true, 0.0, true, 1.0);
    HookEvent("tank_spawn", Event_TankSpawn);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_tanks", Cmd_Tanks, "Show tank count");
    RegAdminCmd("sm_slaytank", Cmd_Slay, ADMFLAG_SLAY, "slay");
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast) { g_iTankCount = 0; }

public void Event_TankSpawn(Event event, const char[] name, bool dontBroadcast)
{
    if (!g_cvEnable.BoolValue) return;
    int client = GetClientOfUserId(event.GetInt("userid"));
    if (client <= 0 || !IsClientInGame(client)) return;
    g_iTankCount++;
    int hp = GetEntProp(client, Prop_Data, "m_iHealth");
    PrintToChatAll("\x04[TA]\x01 Tank #%d spawned (%N, %d HP)!", g_iTankCount, client, hp);
    SetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue", 1.0);
}

public Action Cmd_Tanks(int client, int args)
{
    ReplyToCommand(client, "Tanks this round: %d", g_iTankCount);
    return Plugin_Handled;
}
public Action Cmd_Slay(int client, int args) { return Plugin_Handled; }
