"""The plugin's view of SourceMod and the engine: failing and erroring, plugin info, game/engine identity,
libraries and features, forwards and Call_*, game config files, game rules props, SDKHooks, and the
natives whose only effect on a simulated server is their return value (precaching, sounds, temp entities)."""

from __future__ import annotations

from ..cells import ctof
from ..errors import PluginFailed, PluginRuntimeError
from .base import arg, constant, farg, native, put, s, set_cell
from .fmt import format_params

ENGINE_LEFT4DEAD2 = 7
MY_HANDLE = 0x7F000001          # the plugin's own handle (GetMyHandle); only ever compared or passed back
SHIPPED_GAMEDATA = {"core.games", "sdktools.games", "sdkhooks.games", "sm-tf2.games", "sm-cstrike.games",
                    "funcommands.games"}


class EnvironmentMissing(PluginRuntimeError):
    """A native failed because the simulated server lacks a file a real one would have (gamedata)."""

    environment = True


# ---- failing -------------------------------------------------------------------------------------------------------

@native("SetFailState")
def SetFailState(g, p):
    message = format_params(g, p, 1) if p[0] >= 2 else s(g, p[1])
    raise PluginFailed(message)


@native("ThrowError")
def ThrowError(g, p):
    raise PluginRuntimeError(format_params(g, p, 1))


@native("ThrowNativeError")
def ThrowNativeError(g, p):
    raise PluginRuntimeError(format_params(g, p, 2))


# ---- plugin and engine identity ------------------------------------------------------------------------------------

@native("GetMyHandle")
def GetMyHandle(g, p):
    return MY_HANDLE


@native("GetPluginFilename")
def GetPluginFilename(g, p):
    put(g, p[2], p[3], "plugin.smx")


@native("IsPluginDebugging")
def IsPluginDebugging(g, p):
    return False


@native("GetPluginStatus")
def GetPluginStatus(g, p):
    return 0 if g.failed is None else 5       # Plugin_Running / Plugin_Failed


def myinfo(g) -> list[str]:
    addr = g.smx.pubvars.get("myinfo")
    if addr is None:
        return [""] * 5
    out = []
    for k in range(5):
        try:
            out.append(g.vm.read_string(g.vm.read_cell(addr + 4 * k)))
        except PluginRuntimeError:
            out.append("")
    return out


@native("GetPluginInfo")
def GetPluginInfo(g, p):
    info = myinfo(g)                          # name, description, author, version, url
    order = {0: 0, 1: 2, 2: 1, 3: 3, 4: 4}     # PlInfo_Name, Author, Description, Version, URL
    k = order.get(p[2])
    if k is None or not info[k]:
        return False
    put(g, p[3], p[4], info[k])
    return True


@native("GetPluginIterator")
def GetPluginIterator(g, p):
    return g.handles.new(["plugin"])


@native("MorePlugins")
def MorePlugins(g, p):
    return False


@native("ReadPlugin")
def ReadPlugin(g, p):
    return MY_HANDLE


@native("FindPluginByNumber")
def FindPluginByNumber(g, p):
    return MY_HANDLE if p[1] == 1 else 0


@native("GetEngineVersion")
def GetEngineVersion(g, p):
    return ENGINE_LEFT4DEAD2


@native("GuessSDKVersion")
def GuessSDKVersion(g, p):
    return 40                                   # SOURCE_SDK_LEFT4DEAD2


@native("GetGameFolderName")
def GetGameFolderName(g, p):
    return put(g, p[1], p[2], "left4dead2")


@native("GetGameDescription")
def GetGameDescription(g, p):
    return put(g, p[1], p[2], "Left 4 Dead 2")


@native("GetCurrentMap")
def GetCurrentMap(g, p):
    return put(g, p[1], p[2], g.map)


@native("IsMapValid")
def IsMapValid(g, p):
    return bool(s(g, p[1]).strip())


@native("FindMap")
def FindMap(g, p):
    name = s(g, p[1])
    put(g, p[2], p[3], name)
    return 0 if name.strip() else 2             # FindMap_Found / FindMap_NotFound


@native("GetMapDisplayName")
def GetMapDisplayName(g, p):
    put(g, p[2], p[3], s(g, p[1]))
    return True


@native("IsDedicatedServer")
def IsDedicatedServer(g, p):
    return True


@native("ForceChangeLevel")
def ForceChangeLevel(g, p):
    g.map_changes.append(s(g, p[1]))


@native("GetServerAuthId")
def GetServerAuthId(g, p):
    put(g, p[2], p[3], "[G:1:1]")


@native("GetServerSteamAccountId")
def GetServerSteamAccountId(g, p):
    return 1


# ---- libraries, features, natives ----------------------------------------------------------------------------------

@native("LibraryExists")
def LibraryExists(g, p):
    return s(g, p[1]) in g.libraries


@native("RegPluginLibrary")
def RegPluginLibrary(g, p):
    g.libraries.add(s(g, p[1]))


@native("MarkNativeAsOptional", "AutoExecConfig", "RequireFeature", "AddServerTag", "RemoveServerTag",
        "SetMapListCompatBind", "LockStringTables")
def Noop(g, p):
    return None


@native("VerifyCoreVersion")
def VerifyCoreVersion(g, p):
    return 4


@native("GetFeatureStatus")
def GetFeatureStatus(g, p):
    from . import NATIVES
    name = s(g, p[2])
    if p[1] == 0:                               # FeatureType_Native
        return 0 if name in NATIVES else 2      # Available / Unknown
    return 0


@native("GetExtensionFileStatus")
def GetExtensionFileStatus(g, p):
    name = s(g, p[1])
    return 1 if name in ("sdktools.ext", "sdkhooks.ext", "clientprefs.ext", "bintools.ext") else -2


@native("CreateNative")
def CreateNative(g, p):
    g.libraries.add(f"native:{s(g, p[1])}")


@native("GetNativeCell", "GetNativeCellRef", "SetNativeCellRef", "GetNativeString", "SetNativeString",
        "GetNativeStringLength", "GetNativeArray", "SetNativeArray", "GetNativeFunction", "IsNativeParamNullVector",
        "IsNativeParamNullString")
def NativeParams(g, p):
    # The simulator never calls a plugin's native handlers (no other plugin is loaded to call them).
    raise PluginRuntimeError("Not called from inside a native function")


# ---- forwards and Call_* -------------------------------------------------------------------------------------------

class Forward:
    def __init__(self, name: str | None, exec_type: int):
        self.name, self.exec_type = name, exec_type
        self.functions: list[int] = []


def _forward(g, h: int) -> Forward:
    return g.handles.get(h, Forward, "forward handle")


@native("CreateGlobalForward", "GlobalForward.GlobalForward")
def CreateGlobalForward(g, p):
    name = s(g, p[1])
    fwd = Forward(name, p[2])
    fid = g.publics.get(name)
    if fid is not None:
        fwd.functions.append(fid)
    return g.handles.new(fwd)


@native("CreateForward", "PrivateForward.PrivateForward")
def CreateForward(g, p):
    return g.handles.new(Forward(None, p[1]))


@native("AddToForward", "PrivateForward.AddFunction")
def AddToForward(g, p):
    fwd = _forward(g, p[1])
    if p[3] not in fwd.functions:
        fwd.functions.append(p[3])
    return True


@native("RemoveFromForward", "PrivateForward.RemoveFunction")
def RemoveFromForward(g, p):
    fwd = _forward(g, p[1])
    if p[3] in fwd.functions:
        fwd.functions.remove(p[3])
        return True
    return False


@native("RemoveAllFromForward", "PrivateForward.RemoveAllFunctions")
def RemoveAllFromForward(g, p):
    fwd = _forward(g, p[1])
    n = len(fwd.functions)
    fwd.functions.clear()
    return n


@native("GetForwardFunctionCount", "GlobalForward.FunctionCount.get")
def GetForwardFunctionCount(g, p):
    return len(_forward(g, p[1]).functions)


@native("GetFunctionByName")
def GetFunctionByName(g, p):
    fid = g.publics.get(s(g, p[2]))
    return fid if fid is not None else -1


def _start(g, functions: list[int], exec_type: int) -> None:
    if g.call_state is not None:
        raise PluginRuntimeError("Cannot start a call while one is already in progress")
    g.call_state = {"functions": functions, "args": [], "exec": exec_type}


@native("Call_StartFunction")
def Call_StartFunction(g, p):
    if p[2] not in g.public_addr:
        raise PluginRuntimeError(f"Invalid function id ({p[2] & 0xFFFFFFFF:X})")
    _start(g, [p[2]], 1)


@native("Call_StartForward")
def Call_StartForward(g, p):
    fwd = _forward(g, p[1])
    _start(g, list(fwd.functions), fwd.exec_type)


def _push(g, value) -> None:
    if g.call_state is None:
        raise PluginRuntimeError("Cannot push parameters when there is no call in progress")
    g.call_state["args"].append(value)


# Arrays, strings and references are passed as the caller's own addresses: the callee is the same plugin, so it
# sees (and, for the Ref/Ex variants, writes back into) exactly the memory SourceMod would copy in and out.
native("Call_PushCell")(lambda g, p: _push(g, p[1]))
native("Call_PushFloat")(lambda g, p: _push(g, p[1]))
native("Call_PushCellRef", "Call_PushFloatRef", "Call_PushArray", "Call_PushArrayEx", "Call_PushString",
       "Call_PushStringEx")(lambda g, p: _push(g, p[1]))
native("Call_PushNullVector")(lambda g, p: _push(g, g.smx.pubvars.get("NULL_VECTOR", 0)))
native("Call_PushNullString")(lambda g, p: _push(g, g.smx.pubvars.get("NULL_STRING", 0)))


@native("Call_Cancel")
def Call_Cancel(g, p):
    g.call_state = None


@native("Call_Finish")
def Call_Finish(g, p):
    state = g.call_state
    if state is None:
        raise PluginRuntimeError("Cannot finish call when there is no call in progress")
    g.call_state = None
    result, ok = 0, True
    for fid in state["functions"]:
        value = g.call(fid, list(state["args"]))
        if value is None:
            ok = False
            continue
        if state["exec"] in (2, 3):             # ET_Event / ET_Hook: the highest Action wins
            result = max(result, value)
            if value == 4:
                break
        else:
            result = value
    if p[0] >= 1:
        set_cell(g, p[1], result)
    return 0 if ok else 23                      # SP_ERROR_NONE / SP_ERROR_NATIVE


# ---- game config (gamedata) ----------------------------------------------------------------------------------------

class GameConfig:
    def __init__(self, name: str):
        self.name = name


@native("LoadGameConfigFile", "GameData.GameData")
def LoadGameConfigFile(g, p):
    name = s(g, p[1])
    if name not in SHIPPED_GAMEDATA:
        raise EnvironmentMissing(f"Unable to open {name}.txt: gamedata file is not available in the simulator")
    return g.handles.new(GameConfig(name))


@native("GameConfGetOffset", "GameData.GetOffset")
def GameConfGetOffset(g, p):
    g.handles.get(p[1], GameConfig, "game config handle")
    return -1


@native("GameConfGetKeyValue", "GameData.GetKeyValue")
def GameConfGetKeyValue(g, p):
    g.handles.get(p[1], GameConfig, "game config handle")
    return False


@native("GameConfGetAddress", "GameData.GetAddress", "GameData.GetMemSig")
def GameConfGetAddress(g, p):
    g.handles.get(p[1], GameConfig, "game config handle")
    return 0


# ---- game rules ----------------------------------------------------------------------------------------------------

def _gr_key(g, p, element_i: int) -> str:
    element = arg(p, element_i)
    name = s(g, p[1])
    return name if element == 0 else f"{name}[{element}]"


native("GameRules_GetProp")(lambda g, p: int(g.gamerules.get(_gr_key(g, p, 3), 0)))
native("GameRules_GetPropFloat")(lambda g, p: float(g.gamerules.get(_gr_key(g, p, 2), 0.0)))
native("GameRules_GetPropEnt")(lambda g, p: int(g.gamerules.get(_gr_key(g, p, 2), -1)))


@native("GameRules_SetProp")
def GameRules_SetProp(g, p):
    g.gamerules[_gr_key(g, p, 4)] = p[2]


@native("GameRules_SetPropFloat")
def GameRules_SetPropFloat(g, p):
    g.gamerules[_gr_key(g, p, 3)] = ctof(p[2])


@native("GameRules_SetPropEnt")
def GameRules_SetPropEnt(g, p):
    g.gamerules[_gr_key(g, p, 3)] = p[2]


@native("GameRules_GetPropString")
def GameRules_GetPropString(g, p):
    return put(g, p[2], p[3], str(g.gamerules.get(_gr_key(g, p, 4), "")))


# ---- SDKHooks ------------------------------------------------------------------------------------------------------

def _hook(g, p) -> bool:
    ent = g.entity(p[1])
    entry = (ent.index, p[2], p[3])
    if entry not in g.sdkhooks:
        g.sdkhooks.append(entry)
    return True


@native("SDKHook")
def SDKHook(g, p):
    _hook(g, p)


@native("SDKHookEx")
def SDKHookEx(g, p):
    return _hook(g, p)


@native("SDKUnhook")
def SDKUnhook(g, p):
    index = g.ent_index(p[1])
    entry = (index, p[2], p[3])
    if entry in g.sdkhooks:
        g.sdkhooks.remove(entry)


@native("SDKHooks_TakeDamage")
def SDKHooks_TakeDamage(g, p):
    # (entity, inflictor, attacker, float damage, damageType, weapon, force[3], position[3], bypassHooks=true)
    ent = g.entity(p[1])
    g.apply_damage(ent.index, arg(p, 3), farg(p, 4), arg(p, 5), arg(p, 6, -1), hooks=not arg(p, 9, 1))


@native("SDKHooks_DropWeapon")
def SDKHooks_DropWeapon(g, p):
    g.client(p[1])


# ---- natives with no observable effect beyond their result ---------------------------------------------------------

constant(1, "PrecacheModel", "PrecacheGeneric", "PrecacheDecal", "PrecacheSentenceFile", "FindStringTable",
         "AddToStringTable")
constant(True, "PrecacheSound", "IsModelPrecached", "IsSoundPrecached", "IsDecalPrecached", "IsGenericPrecached",
         "PrefetchSound", "PrecacheScriptSound")
constant(None, "EmitSound", "EmitSoundEntry", "EmitSentence", "EmitAmbientSound", "StopSound", "FadeClientVolume",
         "AddNormalSoundHook", "AddAmbientSoundHook", "RemoveNormalSoundHook", "RemoveAmbientSoundHook",
         "TE_Start", "TE_WriteNum", "TE_WriteFloat", "TE_WriteVector", "TE_WriteAngles", "TE_WriteFloatArray",
         "TE_Send", "AddTempEntHook", "RemoveTempEntHook", "SetClientViewEntity", "SetLightStyle", "ShowVGUIPanel",
         "CreateDialog", "SetClientListeningFlags", "SetListenOverride", "SetClientListening", "HookUserMessage",
         "UnhookUserMessage", "InactivateClient", "ReconnectClient")
constant(0.0, "GetSoundDuration", "GetDistGainFromSoundLevel")
constant(False, "GetClientListening", "IsClientMuted", "GetListenOverride", "TE_IsValidProp")
constant(0, "GetClientListeningFlags", "GetNumStringTables", "GetStringTableNumStrings", "FindStringIndex",
         "GetStringTableMaxStrings", "TE_ReadNum")
