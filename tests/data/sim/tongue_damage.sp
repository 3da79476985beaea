// The game-mode check most community L4D2 plugins use (an info_gamemode entity reports the mode through an
// entity output), then damage over time from a repeat timer with SDKHooks_TakeDamage while a survivor is
// held by a smoker's tongue.
#pragma semicolon 1
#pragma newdecls required
#include <sourcemod>
#include <sdktools>
#include <sdkhooks>

ConVar g_hCvarDamage, g_hCvarModesTog;
Handle g_hTimers[MAXPLAYERS + 1];
int g_iCurrentMode;
bool g_bAllowed;

public void OnPluginStart()
{
    g_hCvarDamage = CreateConVar("sim_tongue_damage", "5.0", "Damage per tick");
    g_hCvarModesTog = CreateConVar("sim_tongue_modes_tog", "1", "1=Coop 2=Survival 4=Versus 8=Scavenge");
    HookEvent("tongue_grab", Event_GrabStart);
    HookEvent("tongue_release", Event_GrabStop);
}

public void OnConfigsExecuted()
{
    g_bAllowed = IsAllowedGameMode();
    PrintToServer("tongue damage %s (mode %d)", g_bAllowed ? "on" : "off", g_iCurrentMode);
}

bool IsAllowedGameMode()
{
    g_iCurrentMode = 0;
    int entity = CreateEntityByName("info_gamemode");
    if (entity != -1)
    {
        DispatchSpawn(entity);
        HookSingleEntityOutput(entity, "OnCoop", OnGamemode, true);
        HookSingleEntityOutput(entity, "OnSurvival", OnGamemode, true);
        HookSingleEntityOutput(entity, "OnVersus", OnGamemode, true);
        HookSingleEntityOutput(entity, "OnScavenge", OnGamemode, true);
        ActivateEntity(entity);
        AcceptEntityInput(entity, "PostSpawnActivate");
        if (IsValidEntity(entity))
            RemoveEdict(entity);
    }
    return (g_hCvarModesTog.IntValue & g_iCurrentMode) != 0;
}

public void OnGamemode(const char[] output, int caller, int activator, float delay)
{
    if (strcmp(output, "OnCoop") == 0) g_iCurrentMode = 1;
    else if (strcmp(output, "OnSurvival") == 0) g_iCurrentMode = 2;
    else if (strcmp(output, "OnVersus") == 0) g_iCurrentMode = 4;
    else if (strcmp(output, "OnScavenge") == 0) g_iCurrentMode = 8;
}

public void Event_GrabStart(Event event, const char[] name, bool dontBroadcast)
{
    int userid = event.GetInt("victim");
    int client = GetClientOfUserId(userid);
    if (!g_bAllowed || client == 0 || !IsClientInGame(client))
        return;
    delete g_hTimers[client];
    g_hTimers[client] = CreateTimer(0.5, TimerDamage, userid, TIMER_REPEAT);
}

public void Event_GrabStop(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("victim"));
    if (client && IsClientInGame(client))
        delete g_hTimers[client];
}

public Action TimerDamage(Handle timer, any userid)
{
    int client = GetClientOfUserId(userid);
    if (client && IsClientInGame(client) && IsPlayerAlive(client))
    {
        int attacker = GetEntPropEnt(client, Prop_Send, "m_tongueOwner");
        if (attacker > 0 && attacker <= MaxClients && IsClientInGame(attacker))
        {
            SDKHooks_TakeDamage(client, attacker, attacker, g_hCvarDamage.FloatValue, DMG_SLASH);
            return Plugin_Continue;
        }
    }
    g_hTimers[client] = null;
    return Plugin_Stop;
}
