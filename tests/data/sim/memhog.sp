// Hostile memory use: huge dynamic arrays sized at run time, and a write far outside any array.
#pragma semicolon 1
#include <sourcemod>

public void OnPluginStart()
{
    RegConsoleCmd("sm_alloc", Cmd_Alloc);
    RegConsoleCmd("sm_alloc2d", Cmd_Alloc2D);
    RegConsoleCmd("sm_ok", Cmd_Ok);
}

public Action Cmd_Alloc(int client, int args)
{
    int n = GetCmdArgInt(1);
    char[] buffer = new char[n];
    buffer[n - 1] = 'x';
    ReplyToCommand(client, "allocated %d", n);
    return Plugin_Handled;
}

public Action Cmd_Alloc2D(int client, int args)
{
    int n = GetCmdArgInt(1);
    int[][] grid = new int[n][n];
    grid[0][0] = 1;
    ReplyToCommand(client, "allocated %dx%d", n, n);
    return Plugin_Handled;
}

public Action Cmd_Ok(int client, int args)
{
    ReplyToCommand(client, "still alive");
    return Plugin_Handled;
}
