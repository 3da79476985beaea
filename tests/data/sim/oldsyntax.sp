// Old SourcePawn syntax (SourceMod 1.6 era): tagged declarations, Handle:, String:, Float:, GetEvent*, the
// old ADT array and convar natives. spcomp 1.11 still compiles it (with deprecation warnings).
#include <sourcemod>

new Handle:g_hPounces = INVALID_HANDLE;
new Handle:g_hMinDistance = INVALID_HANDLE;

public Plugin:myinfo = { name = "Old Pounce", author = "modbench", description = "", version = "1.0", url = "" };

public OnPluginStart()
{
    g_hMinDistance = CreateConVar("old_pounce_min", "300.0", "Minimum pounce distance");
    g_hPounces = CreateArray(1);
    HookEvent("lunge_pounce", Event_Pounce);
}

public Event_Pounce(Handle:event, const String:name[], bool:dontBroadcast)
{
    new attacker = GetClientOfUserId(GetEventInt(event, "userid"));
    new victim = GetClientOfUserId(GetEventInt(event, "victim"));
    new Float:distance = float(GetEventInt(event, "distance"));
    if (attacker == 0 || victim == 0)
        return;
    if (distance < GetConVarFloat(g_hMinDistance))
        return;
    PushArrayCell(g_hPounces, RoundToFloor(distance));
    decl String:attackerName[MAX_NAME_LENGTH];
    GetClientName(attacker, attackerName, sizeof(attackerName));
    PrintToChatAll("\x05%s pounced %N from %.0f units (#%d)", attackerName, victim, distance, GetArraySize(g_hPounces));
}
