#pragma semicolon 1
#pragma newdecls required
#include <sourcemod>
#include <sdktools>

public Plugin myinfo = { name = "Tank Announce", author = "test", description = "Announces tanks", version = "1.0", url = "" };

ConVar g_cvEnable;
ConVar g_cvSpeed;
int g_iTankCount;

public void OnPluginStart()
{
    g_cvEnable = CreateConVar("l4d2_tank_announce_enable", "1", "Enable the announcer", FCVAR_NOTIFY, true, 0.0, true, 1.0);
    g_cvSpeed = CreateConVar("l4d2_tank_announce_speed", "1.25", "Survivor speed multiplier", FCVAR_NOTIFY, true, 0.5, true, 3.0);
    HookEvent("tank_spawn", Event_TankSpawn);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_tanks", Cmd_Tanks, "Show tank count");
    PrintToServer("[TA] loaded, MaxClients=%d", MaxClients);
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    g_iTankCount = 0;
}

public void Event_TankSpawn(Event event, const char[] name, bool dontBroadcast)
{
    if (!g_cvEnable.BoolValue) return;
    int client = GetClientOfUserId(event.GetInt("userid"));
    if (client == 0) return;
    g_iTankCount++;
    int hp = GetEntProp(client, Prop_Send, "m_iHealth");
    PrintToChatAll("\x04[TA]\x01 Tank #%d spawned (%N, %d HP)!", g_iTankCount, client, hp);
    float speed = g_cvSpeed.FloatValue;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 2 && !IsFakeClient(i))
        {
            float mult = speed * GetRandomFloat(0.9, 1.1);
            if (mult > 1.0)
            {
                SetEntPropFloat(i, Prop_Send, "m_flLaggedMovementValue", mult);
                PrintToChat(i, "Run! Speed x%.2f", speed);
            }
        }
    }
    CreateTimer(5.0, Timer_Check, GetClientUserId(client));
}

public Action Timer_Check(Handle timer, any userid)
{
    int client = GetClientOfUserId(userid);
    if (client > 0 && IsClientInGame(client) && IsPlayerAlive(client))
    {
        PrintToChatAll("Tank %d still alive", client);
    }
    return Plugin_Stop;
}

public Action Cmd_Tanks(int client, int args)
{
    ReplyToCommand(client, "Tanks this round: %d", g_iTankCount);
    return Plugin_Handled;
}
