"""Entity natives: netprops (Get/SetEntProp*), raw entity data by offset, creation, inputs, lookup.

Netprops live in a per-entity dict. A prop whose type the simulator knows (data file, rubric catalog) must be
read with the matching accessor, as on a real server; an unknown prop reads as 0 (the simulator cannot know
every L4D2 netprop, so it does not fail the plugin for one it has not heard of).
"""

from __future__ import annotations

import fnmatch

from ..cells import ctof, wrap
from ..errors import PluginRuntimeError
from .base import arg, native, put, s, set_vec, vec

PROP_SEND, PROP_DATA = 0, 1
FIELD_INTEGER, FIELD_FLOAT, FIELD_ENTITY, FIELD_VECTOR, FIELD_STRING = 1, 2, 3, 4, 5
_TYPE_FIELD = {"int": FIELD_INTEGER, "float": FIELD_FLOAT, "ent": FIELD_ENTITY, "vector": FIELD_VECTOR,
               "string": FIELD_STRING}
_ACCESSOR_TYPE = {"int": "an integer", "float": "a float", "ent": "an entity", "vector": "a vector",
                  "string": "a string"}


def prop_type(g, name: str) -> str | None:
    return g.k["netprop_types"].get(name)


def _key(name: str, element: int) -> str:
    return name if element == 0 else f"{name}[{element}]"


def _check(g, kind: int, name: str, wanted: str) -> None:
    known = prop_type(g, name)
    if known is None or known == wanted or (wanted == "int" and known == "ent" and kind == PROP_SEND):
        return
    what = "SendProp" if kind == PROP_SEND else "Data field"
    raise PluginRuntimeError(f"{what} {name} is not {_ACCESSOR_TYPE[wanted]}")


def _note_unknown(g, name: str) -> None:
    if prop_type(g, name) is None and name not in g.unknown_netprops:
        g.unknown_netprops.append(name)


def get_prop(g, entity: int, kind: int, name: str, wanted: str, element: int = 0):
    ent = g.entity(entity)
    _check(g, kind, name, wanted)
    key = _key(name, element)
    if key not in ent.props:
        _note_unknown(g, name)
    return ent.props.get(key)


def set_prop(g, entity: int, kind: int, name: str, wanted: str, value, element: int = 0) -> None:
    ent = g.entity(entity)
    _check(g, kind, name, wanted)
    _note_unknown(g, name)
    ent.props[_key(name, element)] = value
    sync_client(g, ent.index, name, value)


def sync_client(g, index: int, name: str, value) -> None:
    """Keep the client model in step with the netprops that mirror it."""
    cl = g.clients.get(index)
    if cl is None:
        return
    if name == "m_iTeamNum":
        cl.team = int(value)
    elif name == "m_lifeState":
        cl.alive = int(value) == 0


def as_int(value) -> int:
    if value is None:
        return 0
    if isinstance(value, (list, tuple)):
        value = value[0] if value else 0
    if isinstance(value, str):
        return 0
    if isinstance(value, float):
        return wrap(int(value)) if value == value and abs(value) < 2 ** 31 else -2147483648
    return wrap(int(value))


def as_float(value) -> float:
    if value is None or isinstance(value, str):
        return 0.0
    if isinstance(value, (list, tuple)):
        return float(value[0]) if value else 0.0
    return float(value)


@native("GetEntProp")
def GetEntProp(g, p):
    value = get_prop(g, p[1], p[2], s(g, p[3]), "int", arg(p, 5))
    size = arg(p, 4, 4)
    v = as_int(value)
    if size == 1:
        return v & 0xFF
    if size == 2:
        return v & 0xFFFF
    return v


@native("SetEntProp")
def SetEntProp(g, p):
    size = arg(p, 5, 4)
    value = p[4] & (0xFF if size == 1 else 0xFFFF if size == 2 else 0xFFFFFFFF)
    set_prop(g, p[1], p[2], s(g, p[3]), "int", wrap(value), arg(p, 6))


@native("GetEntPropFloat")
def GetEntPropFloat(g, p):
    return as_float(get_prop(g, p[1], p[2], s(g, p[3]), "float", arg(p, 4)))


@native("SetEntPropFloat")
def SetEntPropFloat(g, p):
    set_prop(g, p[1], p[2], s(g, p[3]), "float", ctof(p[4]), arg(p, 5))


@native("GetEntPropEnt")
def GetEntPropEnt(g, p):
    value = get_prop(g, p[1], p[2], s(g, p[3]), "ent", arg(p, 4))
    index = as_int(value) if value is not None else -1
    return index if index in g.entities else -1


@native("SetEntPropEnt")
def SetEntPropEnt(g, p):
    other = p[4]
    if other != -1:
        other = g.entity(other).index
    set_prop(g, p[1], p[2], s(g, p[3]), "ent", other, arg(p, 5))


@native("GetEntPropVector")
def GetEntPropVector(g, p):
    value = get_prop(g, p[1], p[2], s(g, p[3]), "vector", arg(p, 5))
    if not isinstance(value, (list, tuple)) or len(value) != 3:
        value = [0.0, 0.0, 0.0]
    set_vec(g, p[4], value)


@native("SetEntPropVector")
def SetEntPropVector(g, p):
    set_prop(g, p[1], p[2], s(g, p[3]), "vector", vec(g, p[4]), arg(p, 5))


@native("GetEntPropString")
def GetEntPropString(g, p):
    value = get_prop(g, p[1], p[2], s(g, p[3]), "string", arg(p, 6))
    return put(g, p[4], p[5], value if isinstance(value, str) else "")


@native("SetEntPropString")
def SetEntPropString(g, p):
    text = s(g, p[4])
    set_prop(g, p[1], p[2], s(g, p[3]), "string", text, arg(p, 5))
    return len(text.encode())


@native("GetEntPropArraySize")
def GetEntPropArraySize(g, p):
    g.entity(p[1])
    return 32 if s(g, p[3]) in ("m_iAmmo", "m_hMyWeapons") else 1


@native("HasEntProp")
def HasEntProp(g, p):
    ent = g.entity(p[1])
    name = s(g, p[3])
    return name in ent.props or prop_type(g, name) is not None


# ---- offsets and raw entity data ------------------------------------------------------------------------------------
# Offsets are handed out per prop name; Get/SetEntData at such an offset reads or writes that prop. Other offsets
# (an offset plus an array index) are kept as raw per-entity values.

def offset_of(g, name: str) -> int:
    if name not in g.prop_offsets:
        g.prop_offsets[name] = 0x100 + 0x40 * len(g.prop_offsets)
        g.offset_props[g.prop_offsets[name]] = name
    return g.prop_offsets[name]


def _field_type(g, name: str) -> int:
    return _TYPE_FIELD.get(prop_type(g, name) or "int", FIELD_INTEGER)


def _find_info(g, name: str, p, first_out: int) -> int:
    offset = offset_of(g, name)
    if p[0] >= first_out:
        g.vm.write_cell(p[first_out], _field_type(g, name))
    if p[0] >= first_out + 1:
        g.vm.write_cell(p[first_out + 1], 32)
    if p[0] >= first_out + 2:
        g.vm.write_cell(p[first_out + 2], offset)
    return offset


@native("FindSendPropInfo")
def FindSendPropInfo(g, p):
    return _find_info(g, s(g, p[2]), p, 3)


@native("FindSendPropOffs")
def FindSendPropOffs(g, p):
    return offset_of(g, s(g, p[2]))


@native("FindDataMapInfo")
def FindDataMapInfo(g, p):
    g.entity(p[1])
    return _find_info(g, s(g, p[2]), p, 3)


@native("FindDataMapOffs")
def FindDataMapOffs(g, p):
    g.entity(p[1])
    return _find_info(g, s(g, p[2]), p, 3)


@native("GetEntSendPropOffs")
def GetEntSendPropOffs(g, p):
    g.entity(p[1])
    return offset_of(g, s(g, p[2]))


def _data_get(g, entity: int, offset: int):
    ent = g.entity(entity)
    name = g.offset_props.get(offset)
    if name is not None:
        return ent.props.get(name)
    return ent.props.get(f"@{offset}")


def _data_set(g, entity: int, offset: int, value) -> None:
    ent = g.entity(entity)
    name = g.offset_props.get(offset)
    if name is not None:
        ent.props[name] = value
        sync_client(g, ent.index, name, value)
    else:
        ent.props[f"@{offset}"] = value


@native("GetEntData")
def GetEntData(g, p):
    v = as_int(_data_get(g, p[1], p[2]))
    size = arg(p, 3, 4)
    return v & 0xFF if size == 1 else v & 0xFFFF if size == 2 else v


@native("SetEntData")
def SetEntData(g, p):
    size = arg(p, 4, 4)
    value = p[3] & (0xFF if size == 1 else 0xFFFF if size == 2 else 0xFFFFFFFF)
    _data_set(g, p[1], p[2], wrap(value))


@native("GetEntDataFloat")
def GetEntDataFloat(g, p):
    return as_float(_data_get(g, p[1], p[2]))


@native("SetEntDataFloat")
def SetEntDataFloat(g, p):
    _data_set(g, p[1], p[2], ctof(p[3]))


@native("GetEntDataEnt2", "GetEntDataEnt")
def GetEntDataEnt2(g, p):
    value = _data_get(g, p[1], p[2])
    index = as_int(value) if value is not None else -1
    return index if index in g.entities else -1


@native("SetEntDataEnt2", "SetEntDataEnt")
def SetEntDataEnt2(g, p):
    _data_set(g, p[1], p[2], p[3])


@native("GetEntDataVector")
def GetEntDataVector(g, p):
    value = _data_get(g, p[1], p[2])
    set_vec(g, p[3], value if isinstance(value, (list, tuple)) and len(value) == 3 else [0.0, 0.0, 0.0])


@native("SetEntDataVector")
def SetEntDataVector(g, p):
    _data_set(g, p[1], p[2], vec(g, p[3]))


@native("GetEntDataString")
def GetEntDataString(g, p):
    value = _data_get(g, p[1], p[2])
    return put(g, p[3], p[4], value if isinstance(value, str) else "")


@native("SetEntDataString")
def SetEntDataString(g, p):
    text = g.vm.read_string(p[3], max(0, p[4]))
    _data_set(g, p[1], p[2], text)
    return len(text.encode())


@native("ChangeEdictState")
def ChangeEdictState(g, p):
    g.entity(p[1])


# ---- lifetime, lookup ------------------------------------------------------------------------------------------------

@native("IsValidEntity", "IsValidEdict", "IsEntNetworkable")
def IsValidEntity(g, p):
    index = g.ent_index(p[1])
    return index is not None and index in g.entities


@native("GetMaxEntities", "GetEntityCount")
def GetMaxEntities(g, p):
    return int(g.k["max_entities"])


@native("GetEdictClassname")
def GetEdictClassname(g, p):
    ent = g.entities.get(g.ent_index(p[1]) if g.ent_index(p[1]) is not None else -1)
    if ent is None:
        return False
    put(g, p[2], p[3], ent.props.get("m_iClassname", ent.classname))
    return True


@native("GetEntityNetClass")
def GetEntityNetClass(g, p):
    ent = g.entities.get(g.ent_index(p[1]) if g.ent_index(p[1]) is not None else -1)
    if ent is None:
        return False
    netclass = "CTerrorPlayer" if ent.index in g.clients else "CWorld" if ent.index == 0 else "CBaseEntity"
    put(g, p[2], p[3], netclass)
    return True


@native("GetEdictFlags")
def GetEdictFlags(g, p):
    return int(g.entity(p[1]).props.get("_edict_flags", 0))


@native("SetEdictFlags")
def SetEdictFlags(g, p):
    g.entity(p[1]).props["_edict_flags"] = p[2]


@native("EntIndexToEntRef")
def EntIndexToEntRef(g, p):
    if p[1] & 0x80000000 or p[1] < 0:
        return p[1]
    return g.ent_ref(p[1])


@native("EntRefToEntIndex")
def EntRefToEntIndex(g, p):
    index = g.ent_index(p[1])
    return index if index is not None and index in g.entities else -1


@native("MakeCompatEntRef")
def MakeCompatEntRef(g, p):
    return p[1] & 0x7FFFFFFF if p[1] & 0x80000000 else p[1]


@native("CreateEntityByName")
def CreateEntityByName(g, p):
    index = g.create_entity(s(g, p[1]))
    if index > 0:
        g.created_entities.append(s(g, p[1]))
    return index


@native("CreateEdict")
def CreateEdict(g, p):
    return g.create_entity("edict")


def remove_entity(g, entity: int) -> None:
    ent = g.entity(entity)
    if ent.index == 0 or ent.index in g.clients:
        raise PluginRuntimeError(f"Entity {ent.index} ({entity}) is not a valid entity to remove")
    forget_entity(g, ent.index)


def forget_entity(g, index: int) -> None:
    g.entities.pop(index, None)
    g.sdkhooks = [h for h in g.sdkhooks if h[0] != index]
    g.output_hooks = [h for h in g.output_hooks if h[1] != index]


@native("RemoveEntity", "RemoveEdict")
def RemoveEntity(g, p):
    remove_entity(g, p[1])


@native("DispatchSpawn", "ActivateEntity")
def DispatchSpawn(g, p):
    g.entity(p[1]).props["_spawned"] = 1
    return True


@native("DispatchKeyValue")
def DispatchKeyValue(g, p):
    ent = g.entity(p[1])
    key, value = s(g, p[2]), s(g, p[3])
    ent.props[f"keyvalue:{key}"] = value
    if key == "targetname":
        ent.props["m_iName"] = value
    elif key == "model":
        ent.props["m_ModelName"] = value
    return True


@native("DispatchKeyValueFloat")
def DispatchKeyValueFloat(g, p):
    g.entity(p[1]).props[f"keyvalue:{s(g, p[2])}"] = ctof(p[3])
    return True


@native("DispatchKeyValueVector")
def DispatchKeyValueVector(g, p):
    g.entity(p[1]).props[f"keyvalue:{s(g, p[2])}"] = vec(g, p[3])
    return True


@native("AcceptEntityInput")
def AcceptEntityInput(g, p):
    ent = g.entity(p[1])
    what = s(g, p[2])
    g.inputs.append({"entity": ent.index, "input": what})
    if what.lower() == "postspawnactivate" and ent.classname == "info_gamemode":
        fire_output(g, ent, GAMEMODE_OUTPUTS.get(g.find_convar("mp_gamemode").value.lower(), "OnCoop"))
    if what.lower() in ("kill", "killhierarchy") and ent.index not in g.clients and ent.index != 0:
        forget_entity(g, ent.index)
    return True


# info_gamemode tells plugins the game mode through an output when it is activated (a very common idiom)
GAMEMODE_OUTPUTS = {"coop": "OnCoop", "realism": "OnCoop", "versus": "OnVersus", "teamversus": "OnVersus",
                    "survival": "OnSurvival", "scavenge": "OnScavenge", "teamscavenge": "OnScavenge"}


def fire_output(g, ent, output: str, activator: int = 0) -> None:
    """Call the entity-output hooks matching this entity (by index or classname) and output name."""
    for hook in list(g.output_hooks):
        classname, entity, name, func, once = hook
        if name.lower() != output.lower():
            continue
        if entity is not None and entity != ent.index:
            continue
        if classname is not None and classname != ent.classname:
            continue
        if once and hook in g.output_hooks:
            g.output_hooks.remove(hook)
        g.call(func, [output, ent.index, activator, 0.0], what=g.public_name.get(func, "entity output hook"))


@native("HookEntityOutput")
def HookEntityOutput(g, p):
    g.output_hooks.append((s(g, p[1]), None, s(g, p[2]), p[3], False))


@native("HookSingleEntityOutput")
def HookSingleEntityOutput(g, p):
    ent = g.entity(p[1])
    g.output_hooks.append((None, ent.index, s(g, p[2]), p[3], bool(arg(p, 4))))


@native("UnhookEntityOutput")
def UnhookEntityOutput(g, p):
    hook = (s(g, p[1]), None, s(g, p[2]), p[3], False)
    if hook in g.output_hooks:
        g.output_hooks.remove(hook)
        return True
    return False


@native("UnhookSingleEntityOutput")
def UnhookSingleEntityOutput(g, p):
    index = g.ent_index(p[1])
    for hook in list(g.output_hooks):
        if hook[1] == index and hook[2] == s(g, p[2]) and hook[3] == p[3]:
            g.output_hooks.remove(hook)
            return True
    return False


for _name in ("SetVariantBool", "SetVariantString", "SetVariantInt", "SetVariantFloat", "SetVariantVector3D",
              "SetVariantPosVector3D", "SetVariantColor", "SetVariantEntity"):
    native(_name)(lambda g, p: None)


@native("FindEntityByClassname")
def FindEntityByClassname(g, p):
    start, pattern = p[1], s(g, p[2])
    for index in sorted(g.entities):
        if index <= start:
            continue
        cls = g.entities[index].props.get("m_iClassname", g.entities[index].classname)
        if fnmatch.fnmatchcase(cls, pattern):
            return index
    return -1


@native("SetEntityModel")
def SetEntityModel(g, p):
    g.entity(p[1]).props["m_ModelName"] = s(g, p[2])


@native("SetEntityCollisionGroup")
def SetEntityCollisionGroup(g, p):
    g.entity(p[1]).props["m_CollisionGroup"] = p[2]


@native("SetEntityOwner")
def SetEntityOwner(g, p):
    g.entity(p[1]).props["m_hOwnerEntity"] = arg(p, 2, -1)


@native("EntityCollisionRulesChanged")
def EntityCollisionRulesChanged(g, p):
    g.entity(p[1])


@native("GetEntityAddress")
def GetEntityAddress(g, p):
    g.entity(p[1])
    return 0


@native("LookupEntityAttachment")
def LookupEntityAttachment(g, p):
    g.entity(p[1])
    return 0


@native("GetEntityAttachment")
def GetEntityAttachment(g, p):
    g.entity(p[1])
    return False


