#pragma semicolon 1
#include <sourcemod>

public void OnPluginStart()
{
    char path[PLATFORM_MAX_PATH];
    BuildPath(Path_SM, path, sizeof(path), "translations/transfail.phrases.txt");
    if (!FileExists(path))
        SetFailState("Missing required translation file \"%s\"", path);
}
