// Needs a gamedata file that only a real server install would have.
#pragma semicolon 1
#include <sourcemod>

public void OnPluginStart()
{
    GameData gd = new GameData("l4d2_sim_fixture");
    if (gd == null)
        SetFailState("Failed to load gamedata file l4d2_sim_fixture.txt");
    delete gd;
}
