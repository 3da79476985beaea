// An event handler that never returns.
#pragma semicolon 1
#include <sourcemod>

int g_iSpins;

public void OnPluginStart()
{
    HookEvent("player_jump", Event_Jump);
    RegConsoleCmd("sm_ping", Cmd_Ping);
}

public void Event_Jump(Event event, const char[] name, bool dontBroadcast)
{
    for (;;)
    {
        g_iSpins++;
    }
}

public Action Cmd_Ping(int client, int args)
{
    ReplyToCommand(client, "pong");
    return Plugin_Handled;
}
