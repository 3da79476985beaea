// Stops itself for a reason that has nothing to do with missing files, and registers a translation-dependent
// failure path behind a convar.
#pragma semicolon 1
#include <sourcemod>

public void OnPluginStart()
{
    ConVar mode = CreateConVar("failstate_mode", "0");
    if (mode.IntValue == 0 && GetEngineVersion() == Engine_Left4Dead2)
        SetFailState("This plugin refuses to run (mode %d)", mode.IntValue);
}
