// Calls a native no simulator implements (declared here like a community include would).
#pragma semicolon 1
#include <sourcemod>

native int L4D_SimUnknownNative(int client);

public void OnPluginStart()
{
    RegConsoleCmd("sm_unknown", Cmd_Unknown);
}

public Action Cmd_Unknown(int client, int args)
{
    ReplyToCommand(client, "value %d", L4D_SimUnknownNative(client));
    return Plugin_Handled;
}
