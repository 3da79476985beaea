"""Client natives (clients.inc, parts of sdktools): identity, team, life, health, position, admin access,
kicking, slapping, teleporting. Bad client indexes fail with SourceMod's own error texts."""

from __future__ import annotations

from ..errors import PluginRuntimeError
from .base import arg, cell, farg, is_null_vector, native, put, s, set_cell, set_vec, vec
from .fmt import TEAM_NAMES, format_params

ADMFLAG_ROOT = 1 << 14


def _flag_bit(flag: int) -> int:
    """The ADMFLAG_* bit of an AdminFlag enum value (0 for values outside the enum)."""
    return 1 << flag if 0 <= flag < 21 else 0


def connected(g, client: int):
    return g.client(client, connected=True)


def in_game(g, client: int):
    return g.client(client)


def prop(g, client: int, name: str, default=0):
    return g.entities[client].props.get(name, default)


@native("GetClientOfUserId")
def GetClientOfUserId(g, p):
    userid = p[1]
    index = userid - 100
    return index if index in g.clients else 0


@native("GetClientUserId")
def GetClientUserId(g, p):
    return connected(g, p[1]).userid


@native("GetClientSerial")
def GetClientSerial(g, p):
    cl = connected(g, p[1])
    return (g.entities[cl.index].serial << 7) | cl.index


@native("GetClientFromSerial")
def GetClientFromSerial(g, p):
    index, serial = p[1] & 0x7F, p[1] >> 7
    ent = g.entities.get(index)
    return index if index in g.clients and ent is not None and ent.serial == serial else 0


@native("IsClientInGame")
def IsClientInGame(g, p):
    if p[1] < 1 or p[1] > g.max_clients:
        raise PluginRuntimeError(f"Client index {p[1]} is invalid")
    return p[1] in g.clients


@native("IsClientConnected")
def IsClientConnected(g, p):
    if p[1] < 1 or p[1] > g.max_clients:
        raise PluginRuntimeError(f"Client index {p[1]} is invalid")
    return p[1] in g.clients


@native("IsClientAuthorized")
def IsClientAuthorized(g, p):
    return connected(g, p[1]) is not None


@native("IsClientInKickQueue")
def IsClientInKickQueue(g, p):
    return connected(g, p[1]).kicked is not None


@native("IsFakeClient")
def IsFakeClient(g, p):
    return connected(g, p[1]).bot


@native("IsClientSourceTV", "IsClientReplay")
def IsClientSourceTV(g, p):
    connected(g, p[1])
    return False


@native("IsClientObserver")
def IsClientObserver(g, p):
    return in_game(g, p[1]).team == 1


@native("IsPlayerAlive")
def IsPlayerAlive(g, p):
    return in_game(g, p[1]).alive


@native("GetClientTeam")
def GetClientTeam(g, p):
    return in_game(g, p[1]).team


@native("GetClientName")
def GetClientName(g, p):
    if p[1] == 0:
        put(g, p[2], p[3], g.find_convar("hostname").value)
        return True
    put(g, p[2], p[3], connected(g, p[1]).name)
    return True


@native("SetClientName")
def SetClientName(g, p):
    connected(g, p[1]).name = s(g, p[2])


@native("SetClientInfo")
def SetClientInfo(g, p):
    cl = connected(g, p[1])
    if s(g, p[2]) == "name":
        cl.name = s(g, p[3])


@native("GetClientInfo")
def GetClientInfo(g, p):
    cl = connected(g, p[1])
    key = s(g, p[2])
    value = cl.name if key == "name" else ""
    put(g, p[3], p[4], value)
    return key == "name"


@native("GetClientHealth")
def GetClientHealth(g, p):
    cl = in_game(g, p[1])
    return int(prop(g, cl.index, "m_iHealth", 0))


@native("GetClientArmor")
def GetClientArmor(g, p):
    in_game(g, p[1])
    return int(prop(g, p[1], "m_ArmorValue", 0))


@native("GetClientFrags")
def GetClientFrags(g, p):
    in_game(g, p[1])
    return int(prop(g, p[1], "m_iFrags", 0))


@native("GetClientDeaths")
def GetClientDeaths(g, p):
    in_game(g, p[1])
    return int(prop(g, p[1], "m_iDeaths", 0))


def _auth(cl, kind: int) -> str:
    if cl.bot:
        return "BOT"
    account = cl.index * 2 + 1000
    if kind == 2:                           # AuthId_Steam3
        return f"[U:1:{account}]"
    if kind == 3:                           # AuthId_SteamID64
        return str(76561197960265728 + account)
    return f"STEAM_1:{account & 1}:{account >> 1}"      # AuthId_Engine / AuthId_Steam2


@native("GetClientAuthId")
def GetClientAuthId(g, p):
    cl = connected(g, p[1])
    put(g, p[3], p[4], _auth(cl, p[2]))
    return True


@native("GetClientAuthString")
def GetClientAuthString(g, p):
    put(g, p[2], p[3], _auth(connected(g, p[1]), 1))
    return True


@native("GetSteamAccountID")
def GetSteamAccountID(g, p):
    cl = connected(g, p[1])
    return 0 if cl.bot else cl.index * 2 + 1000


@native("GetClientIP")
def GetClientIP(g, p):
    cl = connected(g, p[1])
    put(g, p[2], p[3], f"10.0.0.{cl.index}" + ("" if arg(p, 4, 1) == 0 else ""))
    return True


@native("GetClientCount")
def GetClientCount(g, p):
    return len(g.clients)


@native("GetMaxClients")
def GetMaxClients(g, p):
    return g.max_clients


@native("GetMaxHumanPlayers")
def GetMaxHumanPlayers(g, p):
    return int(float(g.find_convar("sv_maxplayers").value))


def _vector_native(propname: str):
    def fn(g, p):
        cl = in_game(g, p[1])
        set_vec(g, p[2], prop(g, cl.index, propname, [0.0, 0.0, 0.0]))
        return True
    return fn


native("GetClientAbsOrigin")(_vector_native("m_vecOrigin"))
native("GetClientAbsAngles")(_vector_native("m_angRotation"))
native("GetClientEyeAngles")(_vector_native("m_angEyeAngles"))
native("GetClientMins")(_vector_native("m_vecMins"))
native("GetClientMaxs")(_vector_native("m_vecMaxs"))


@native("GetClientEyePosition")
def GetClientEyePosition(g, p):
    cl = in_game(g, p[1])
    x, y, z = prop(g, cl.index, "m_vecOrigin", [0.0, 0.0, 0.0])
    set_vec(g, p[2], [x, y, z + 62.0])


@native("GetClientModel")
def GetClientModel(g, p):
    cl = in_game(g, p[1])
    put(g, p[2], p[3], prop(g, cl.index, "m_ModelName", ""))


@native("GetClientWeapon")
def GetClientWeapon(g, p):
    cl = in_game(g, p[1])
    weapon = g.entities.get(int(prop(g, cl.index, "m_hActiveWeapon", -1)))
    put(g, p[2], p[3], weapon.classname if weapon is not None else "")


@native("GetClientLanguage")
def GetClientLanguage(g, p):
    return connected(g, p[1]).language if p[1] else 0


@native("GetServerLanguage", "GetLanguageCount")
def GetServerLanguage(g, p):
    return 0


@native("GetLanguageInfo")
def GetLanguageInfo(g, p):
    if p[0] >= 3:
        put(g, p[2], p[3], "en")
    if p[0] >= 5:
        put(g, p[4], p[5], "English")


@native("GetLanguageByCode", "GetLanguageByName")
def GetLanguageByCode(g, p):
    return 0 if s(g, p[1]).lower() in ("en", "english") else -1


for _name in ("GetClientTime", "GetClientLatency", "GetClientAvgLatency", "GetClientAvgLoss", "GetClientAvgChoke",
              "GetClientAvgData", "GetClientAvgPackets"):
    native(_name)(lambda g, p: (connected(g, p[1]), 0.0)[1])


@native("GetClientDataRate")
def GetClientDataRate(g, p):
    connected(g, p[1])
    return 30000


@native("IsClientTimingOut")
def IsClientTimingOut(g, p):
    connected(g, p[1])
    return False


# ---- admin --------------------------------------------------------------------------------------------------------

@native("GetUserFlagBits")
def GetUserFlagBits(g, p):
    return connected(g, p[1]).admin


@native("SetUserFlagBits")
def SetUserFlagBits(g, p):
    connected(g, p[1]).admin = p[2]


@native("AddUserFlags")
def AddUserFlags(g, p):
    cl = connected(g, p[1])
    for k in range(2, p[0] + 1):
        cl.admin |= _flag_bit(cell(g, p[k]))


@native("RemoveUserFlags")
def RemoveUserFlags(g, p):
    cl = connected(g, p[1])
    for k in range(2, p[0] + 1):
        cl.admin &= ~_flag_bit(cell(g, p[k]))


@native("GetUserAdmin")
def GetUserAdmin(g, p):
    cl = connected(g, p[1])
    return cl.index if cl.admin else -1


@native("GetAdminFlag")
def GetAdminFlag(g, p):
    cl = g.clients.get(p[1])
    bits = cl.admin if cl else 0
    return bool(bits & _flag_bit(p[2])) or bool(bits & ADMFLAG_ROOT)


@native("GetAdminFlags")
def GetAdminFlags(g, p):
    cl = g.clients.get(p[1])
    return cl.admin if cl else 0


@native("GetAdminImmunityLevel")
def GetAdminImmunityLevel(g, p):
    cl = g.clients.get(p[1])
    return 99 if cl and cl.admin & ADMFLAG_ROOT else 0


@native("CanUserTarget")
def CanUserTarget(g, p):
    return True


@native("CanAdminTarget")
def CanAdminTarget(g, p):
    return True


def has_access(g, client: int, flags: int, command: str | None = None, override_only: bool = False) -> bool:
    """SourceMod's command access check: the console always may, bots never, root always, otherwise every
    required flag."""
    if command and not override_only:
        registered = g.commands.get(command.lower())
        if registered is not None and registered.kind == "admin" and registered.funcs:
            flags = registered.funcs[0][1]
    if flags == 0 or client == 0:
        return True
    cl = g.clients.get(client)
    if cl is None or cl.bot:
        return False
    if cl.admin & ADMFLAG_ROOT:
        return True
    return (cl.admin & flags) == flags


@native("CheckCommandAccess")
def CheckCommandAccess(g, p):
    return has_access(g, p[1], p[3], s(g, p[2]), bool(arg(p, 4)))


@native("CheckAccess")
def CheckAccess(g, p):
    client = p[1] if p[1] > 0 else 0
    if p[1] < 0:
        return p[3] == 0
    return has_access(g, client, p[3], s(g, p[2]), bool(arg(p, 4)))


@native("ReadFlagString")
def ReadFlagString(g, p):
    from ..game import admin_bits
    text = s(g, p[1])
    if p[0] >= 2:
        set_cell(g, p[2], len(text))
    return admin_bits(text)


# ---- actions on players ---------------------------------------------------------------------------------------------

@native("KickClient")
def KickClient(g, p):
    cl = connected(g, p[1])
    reason = format_params(g, p, 2) if p[0] >= 2 else ""
    if cl.kicked is None:
        cl.kicked = reason
        g.kicks.append({"client": cl.index, "name": cl.name, "reason": reason})
        g.pending_kicks.append(cl.index)


@native("KickClientEx")
def KickClientEx(g, p):
    cl = connected(g, p[1])
    reason = format_params(g, p, 2) if p[0] >= 2 else ""
    if cl.kicked is None:
        cl.kicked = reason
        g.kicks.append({"client": cl.index, "name": cl.name, "reason": reason})
        g.disconnect(cl.index)


@native("ChangeClientTeam")
def ChangeClientTeam(g, p):
    cl = in_game(g, p[1])
    old = cl.team
    # as in the engine: player_team fires first, then the team number changes (hooks see the old team)
    g.fire_event("player_team", {"userid": cl.userid, "team": p[2], "oldteam": old, "disconnect": False,
                                 "name": cl.name, "isbot": cl.bot})
    cl.team = p[2]
    cl.team_changes.append(p[2])
    g.entities[cl.index].props["m_iTeamNum"] = p[2]


def kill(g, cl, attacker_userid: int | None = None) -> None:
    if not cl.alive:
        return
    cl.alive = False
    props = g.entities[cl.index].props
    props["m_lifeState"] = 2
    props["m_iHealth"] = 0
    props["m_iDeaths"] = int(props.get("m_iDeaths", 0)) + 1
    g.fire_event("player_death", {"userid": cl.userid, "attacker": cl.userid if attacker_userid is None
                                  else attacker_userid, "entityid": 0, "attackerentid": 0, "weapon": "world",
                                  "headshot": False, "victimname": cl.name, "victimisbot": cl.bot})


@native("ForcePlayerSuicide")
def ForcePlayerSuicide(g, p):
    cl = in_game(g, p[1])
    cl.suicides += 1
    kill(g, cl)


@native("SlapPlayer")
def SlapPlayer(g, p):
    cl = in_game(g, p[1])
    damage = arg(p, 2, 5)
    cl.slapped += 1
    if not cl.alive:
        return
    props = g.entities[cl.index].props
    health = int(props.get("m_iHealth", 0)) - damage
    if health <= 0:
        kill(g, cl)
    else:
        props["m_iHealth"] = health


@native("TeleportEntity")
def TeleportEntity(g, p):
    ent = g.entity(p[1])
    props = ent.props
    if p[0] >= 2 and not is_null_vector(g, p[2]):
        props["m_vecOrigin"] = vec(g, p[2])
        props["m_vecAbsOrigin"] = list(props["m_vecOrigin"])
    if p[0] >= 3 and not is_null_vector(g, p[3]):
        props["m_angRotation"] = vec(g, p[3])
        if ent.index in g.clients:
            props["m_angEyeAngles"] = list(props["m_angRotation"])
    if p[0] >= 4 and not is_null_vector(g, p[4]):
        props["m_vecVelocity"] = vec(g, p[4])
        props["m_vecAbsVelocity"] = list(props["m_vecVelocity"])
    cl = g.clients.get(ent.index)
    if cl is not None:
        cl.teleported += 1


@native("GetClientAimTarget")
def GetClientAimTarget(g, p):
    in_game(g, p[1])
    return -1


@native("GetTeamCount")
def GetTeamCount(g, p):
    return 4


@native("GetTeamName")
def GetTeamName(g, p):
    put(g, p[2], p[3], TEAM_NAMES.get(p[1], ""))


@native("GetTeamClientCount")
def GetTeamClientCount(g, p):
    return sum(1 for cl in g.clients.values() if cl.team == p[1])


@native("GetTeamScore")
def GetTeamScore(g, p):
    return g.team_scores.get(p[1], 0)


@native("SetTeamScore")
def SetTeamScore(g, p):
    g.team_scores[p[1]] = p[2]


@native("GetClientsInRange")
def GetClientsInRange(g, p):
    found = sorted(g.clients)[: max(0, p[4])]
    g.vm.write_cells(p[3], found)
    return len(found)


@native("CreateFakeClient")
def CreateFakeClient(g, p):
    name = s(g, p[1])
    for index in range(1, g.max_clients + 1):
        if index not in g.clients:
            g.add_client(index, name, team=1, bot=True)
            return index
    return 0


@native("SetFakeClientConVar")
def SetFakeClientConVar(g, p):
    connected(g, p[1])


@native("GivePlayerItem")
def GivePlayerItem(g, p):
    cl = in_game(g, p[1])
    index = g.create_entity(s(g, p[2]))
    if index > 0:
        g.entities[index].props["m_hOwnerEntity"] = cl.index
        g.given_items.append({"client": cl.index, "item": s(g, p[2])})
    return index


@native("GetPlayerWeaponSlot")
def GetPlayerWeaponSlot(g, p):
    in_game(g, p[1])
    return -1


@native("RemovePlayerItem")
def RemovePlayerItem(g, p):
    in_game(g, p[1])
    g.entity(p[2])
    return True


@native("EquipPlayerWeapon")
def EquipPlayerWeapon(g, p):
    in_game(g, p[1])
    g.entities[p[1]].props["m_hActiveWeapon"] = g.entity(p[2]).index


@native("GivePlayerAmmo")
def GivePlayerAmmo(g, p):
    in_game(g, p[1])
    return p[2]


@native("IgniteEntity")
def IgniteEntity(g, p):
    g.entity(p[1]).props["_burning"] = farg(p, 2)


@native("ExtinguishEntity")
def ExtinguishEntity(g, p):
    g.entity(p[1]).props.pop("_burning", None)
