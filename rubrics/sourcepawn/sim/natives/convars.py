"""Console variables (convars.inc): the ConVar methodmap and the old Get/SetConVar* API, bounds, change hooks.

Values are strings, as in the engine; IntValue truncates the float value, BoolValue is IntValue != 0.
FindConVar sees the plugin's own cvars and the game's (data file).
"""

from __future__ import annotations

from ..cells import ctof
from ..errors import PluginRuntimeError
from ..game import ConVar, clamp_convar, convar_float, convar_int
from .base import arg, farg, native, put, s, set_cell


def cvar(g, handle: int) -> ConVar:
    return g.handles.get(handle, ConVar, "convar handle")


def _float_text(f: float) -> str:
    text = f"{f:f}"
    return text


@native("CreateConVar")
def CreateConVar(g, p):
    name = s(g, p[1])
    if not name:
        raise PluginRuntimeError("Convar with blank name is not permitted")
    existing = g.find_convar(name, lenient=False)
    if existing is not None:
        return existing.handle
    default = s(g, p[2]) if p[0] >= 2 else ""
    cv = ConVar(name=name, value=default, default=default, description=s(g, p[3]) if p[0] >= 3 else "",
                flags=arg(p, 4), has_min=bool(arg(p, 5)), min=farg(p, 6), has_max=bool(arg(p, 7)), max=farg(p, 8))
    cv.value = clamp_convar(cv, default)
    cv.handle = g.handles.new(cv)
    g.convars[name.lower()] = cv
    g.created_convars.append(name)
    return cv.handle


@native("FindConVar")
def FindConVar(g, p):
    cv = g.find_convar(s(g, p[1]))
    return cv.handle if cv is not None else 0


@native("ConVar.BoolValue.get", "GetConVarBool")
def BoolValue_get(g, p):
    return convar_int(cvar(g, p[1])) != 0


@native("ConVar.IntValue.get", "GetConVarInt")
def IntValue_get(g, p):
    return convar_int(cvar(g, p[1]))


@native("ConVar.FloatValue.get", "GetConVarFloat")
def FloatValue_get(g, p):
    return convar_float(cvar(g, p[1]))


@native("ConVar.BoolValue.set", "ConVar.SetBool", "SetConVarBool")
def SetBool(g, p):
    g.set_convar(cvar(g, p[1]), "1" if p[2] else "0")


@native("ConVar.IntValue.set", "ConVar.SetInt", "SetConVarInt")
def SetInt(g, p):
    g.set_convar(cvar(g, p[1]), str(p[2]))


@native("ConVar.FloatValue.set", "ConVar.SetFloat", "SetConVarFloat")
def SetFloat(g, p):
    g.set_convar(cvar(g, p[1]), _float_text(ctof(p[2])))


@native("ConVar.SetString", "SetConVarString")
def SetString(g, p):
    g.set_convar(cvar(g, p[1]), s(g, p[2]))


@native("ConVar.GetString", "GetConVarString")
def GetString(g, p):
    put(g, p[2], p[3], cvar(g, p[1]).value)


@native("ConVar.RestoreDefault", "ResetConVar")
def RestoreDefault(g, p):
    cv = cvar(g, p[1])
    g.set_convar(cv, cv.default)


@native("ConVar.GetDefault", "GetConVarDefault")
def GetDefault(g, p):
    return put(g, p[2], p[3], cvar(g, p[1]).default)


@native("ConVar.Flags.get", "GetConVarFlags")
def Flags_get(g, p):
    return cvar(g, p[1]).flags


@native("ConVar.Flags.set", "SetConVarFlags")
def Flags_set(g, p):
    cvar(g, p[1]).flags = p[2]


@native("ConVar.GetBounds", "GetConVarBounds")
def GetBounds(g, p):
    cv = cvar(g, p[1])
    upper = p[2] == 1
    has, value = (cv.has_max, cv.max) if upper else (cv.has_min, cv.min)
    if has:
        set_cell(g, p[3], float(value))
    return has


@native("ConVar.SetBounds", "SetConVarBounds")
def SetBounds(g, p):
    cv = cvar(g, p[1])
    if p[2] == 1:
        cv.has_max, cv.max = bool(p[3]), farg(p, 4)
    else:
        cv.has_min, cv.min = bool(p[3]), farg(p, 4)


@native("ConVar.GetName", "GetConVarName")
def GetName(g, p):
    put(g, p[2], p[3], cvar(g, p[1]).name)


@native("ConVar.GetDescription")
def GetDescription(g, p):
    put(g, p[2], p[3], cvar(g, p[1]).description)


@native("ConVar.AddChangeHook", "HookConVarChange")
def AddChangeHook(g, p):
    cv = cvar(g, p[1])
    if p[2] not in cv.hooks:
        cv.hooks.append(p[2])


@native("ConVar.RemoveChangeHook", "UnhookConVarChange")
def RemoveChangeHook(g, p):
    cv = cvar(g, p[1])
    if p[2] not in cv.hooks:
        raise PluginRuntimeError("No active hook on this convar")
    cv.hooks.remove(p[2])


@native("ConVar.ReplicateToClient", "SendConVarValue")
def ReplicateToClient(g, p):
    return True


@native("QueryClientConVar")
def QueryClientConVar(g, p):
    g.client(p[1])
    return 0
