// Halves friendly fire and blocks fall damage through SDKHooks OnTakeDamage; reports every hurt.
#pragma semicolon 1
#pragma newdecls required
#include <sourcemod>
#include <sdkhooks>

public void OnPluginStart()
{
    HookEvent("player_hurt", Event_Hurt);
    for (int i = 1; i <= MaxClients; i++)
        if (IsClientInGame(i))
            OnClientPutInServer(i);
}

public void OnClientPutInServer(int client)
{
    SDKHook(client, SDKHook_OnTakeDamage, OnTakeDamage);
}

public Action OnTakeDamage(int victim, int &attacker, int &inflictor, float &damage, int &damagetype)
{
    if (damagetype & DMG_FALL)
        return Plugin_Handled;
    if (attacker >= 1 && attacker <= MaxClients && attacker != victim && GetClientTeam(attacker) == GetClientTeam(victim))
    {
        damage *= 0.5;
        return Plugin_Changed;
    }
    return Plugin_Continue;
}

public void Event_Hurt(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("userid"));
    PrintToServer("%N hurt for %d, health %d", victim, event.GetInt("dmg_health"), event.GetInt("health"));
}
