"""What players and the server log see: chat, hints, center text, HUD text, server console and logs, and the
bit-buffer user messages (SayText2, TextMsg, HintText) that color-chat include files send."""

from __future__ import annotations

from ..cells import ctof
from ..errors import PluginRuntimeError
from .base import native, s
from .fmt import format_params

HUD_PRINTNOTIFY, HUD_PRINTCONSOLE, HUD_PRINTTALK, HUD_PRINTCENTER = 1, 2, 3, 4


def _recipient(g, client: int):
    return g.client(client)


@native("PrintToChat")
def PrintToChat(g, p):
    cl = _recipient(g, p[1])
    g.record_chat(cl.index, format_params(g, p, 2))


@native("PrintHintText", "PrintCenterText")
def PrintHintText(g, p):
    cl = _recipient(g, p[1])
    g.record_hint(cl.index, format_params(g, p, 2))


@native("PrintToServer")
def PrintToServer(g, p):
    g.log(format_params(g, p, 1))


@native("LogMessage", "LogToGame", "LogError", "LogStackTrace")
def LogMessage(g, p):
    g.log(format_params(g, p, 1))


@native("LogAction")
def LogAction(g, p):
    g.log(format_params(g, p, 3))


@native("LogToFile", "LogToFileEx")
def LogToFile(g, p):
    g.log(format_params(g, p, 2))


@native("SetGlobalTransTarget")
def SetGlobalTransTarget(g, p):
    g.trans_target = p[1]


@native("LoadTranslations")
def LoadTranslations(g, p):
    g.translations.append(s(g, p[1]))


@native("TranslationPhraseExists", "IsTranslatedForLanguage")
def TranslationPhraseExists(g, p):
    return False


@native("CreateHudSynchronizer")
def CreateHudSynchronizer(g, p):
    return g.handles.new(HudSync())


class HudSync:
    pass


@native("SetHudTextParams", "SetHudTextParamsEx", "ClearSyncHud")
def SetHudTextParams(g, p):
    return None


@native("ShowHudText")
def ShowHudText(g, p):
    g.client(p[1])
    g.record_hint(p[1], format_params(g, p, 3))
    return 1


@native("ShowSyncHudText")
def ShowSyncHudText(g, p):
    g.client(p[1])
    g.record_hint(p[1], format_params(g, p, 3))
    return 1


# ---- user messages ---------------------------------------------------------------------------------------------------
USER_MESSAGES = ["Geiger", "Train", "HudText", "SayText", "SayText2", "TextMsg", "HudMsg", "ResetHUD", "GameTitle",
                 "ItemPickup", "ShowMenu", "Shake", "Fade", "VGUIMenu", "Rumble", "CloseCaption", "CloseCaptionDirect",
                 "SendAudio", "RawAudio", "VoiceMask", "RequestState", "BarTime", "Damage", "RadioText", "HintText",
                 "KeyHintText", "ReloadEffect", "PlayerAnimEvent", "AmmoDenied", "UpdateRadar", "KillCam",
                 "MarkAchievement", "Splatter", "MeleeSlashSplatter", "MeleeClub", "MudSplatter", "SplatterClear",
                 "MessageText", "TransitionRestore", "Spawn", "CreditsLine", "CreditsMsg", "JoinLateMsg",
                 "StatsCrawlMsg", "StatsSkipState", "ShowStats", "BlurFade", "MusicCmd", "WitchBloodSplatter",
                 "AchievementEvent", "PZDmgMsg", "AllPlayersConnectedGameStarting", "VoteStart", "VotePass",
                 "VoteFail", "CallVoteFailed", "DisconnectToLobby", "PZEndGamePanelMsg",
                 "PZEndGamePanelVoteRegisteredMsg",
                 "SelectedByCaptain", "WorkshopFilesDownloaded"]


class UserMessage:
    def __init__(self, name: str, recipients: list[int]):
        self.name, self.recipients, self.items = name, recipients, []


def _start(g, name: str, recipients: list[int]) -> int:
    if g.user_message is not None:
        raise PluginRuntimeError("Unable to execute a new message, there is already one in progress")
    if name not in USER_MESSAGES:
        raise PluginRuntimeError(f"Unable to execute a new message because the user message \"{name}\" is unknown")
    msg = UserMessage(name, recipients)
    g.user_message = msg
    return g.handles.new(msg)


@native("StartMessage")
def StartMessage(g, p):
    return _start(g, s(g, p[1]), g.vm.read_cells(p[2], max(0, p[3])))


@native("StartMessageEx")
def StartMessageEx(g, p):
    msg_id = p[1]
    name = USER_MESSAGES[msg_id] if 0 <= msg_id < len(USER_MESSAGES) else f"#{msg_id}"
    return _start(g, name, g.vm.read_cells(p[2], max(0, p[3])))


@native("StartMessageOne")
def StartMessageOne(g, p):
    return _start(g, s(g, p[1]), [p[2]])


@native("StartMessageAll")
def StartMessageAll(g, p):
    return _start(g, s(g, p[1]), sorted(g.clients))


@native("GetUserMessageId")
def GetUserMessageId(g, p):
    name = s(g, p[1])
    return USER_MESSAGES.index(name) if name in USER_MESSAGES else -1


@native("GetUserMessageName")
def GetUserMessageName(g, p):
    from .base import put
    ok = 0 <= p[1] < len(USER_MESSAGES)
    put(g, p[2], p[3], USER_MESSAGES[p[1]] if ok else "")
    return ok


@native("GetUserMessageType")
def GetUserMessageType(g, p):
    return 0            # UM_BitBuf: L4D2 uses bit buffers, not protobuf


@native("EndMessage")
def EndMessage(g, p):
    msg = g.user_message
    if msg is None:
        raise PluginRuntimeError("Unable to end message, no message is in progress")
    g.user_message = None
    strings = [v for kind, v in msg.items if kind == "s"]
    numbers = [v for kind, v in msg.items if kind == "n"]
    targets = [c for c in msg.recipients if c in g.clients]
    if msg.name in ("SayText2", "SayText") and strings:
        for c in targets:
            g.record_chat(c, strings[0])
    elif msg.name == "TextMsg" and strings:
        dest = numbers[0] if numbers else HUD_PRINTTALK
        for c in targets:
            if dest == HUD_PRINTTALK:
                g.record_chat(c, strings[0])
            elif dest == HUD_PRINTCENTER:
                g.record_hint(c, strings[0])
    elif msg.name in ("HintText", "KeyHintText") and strings:
        for c in targets:
            g.record_hint(c, strings[0])


def _bf_write(kind: str, convert=None):
    def fn(g, p):
        msg = g.handles.get(p[1], UserMessage, "bf_write handle")
        if kind == "s":
            msg.items.append(("s", s(g, p[2])))
        else:
            msg.items.append(("n", convert(p[2]) if convert else p[2]))
    return fn


for _names, _kind, _conv in (
        (("BfWriteString", "BfWrite.WriteString"), "s", None),
        (("BfWriteByte", "BfWrite.WriteByte", "BfWriteChar", "BfWrite.WriteChar", "BfWriteShort",
          "BfWrite.WriteShort", "BfWriteWord", "BfWrite.WriteWord", "BfWriteNum", "BfWrite.WriteNum",
          "BfWriteBool", "BfWrite.WriteBool", "BfWriteEntity", "BfWrite.WriteEntity"), "n", None),
        (("BfWriteFloat", "BfWrite.WriteFloat", "BfWriteAngle", "BfWrite.WriteAngle", "BfWriteCoord",
          "BfWrite.WriteCoord"), "n", ctof)):
    native(*_names)(_bf_write(_kind, _conv))


@native("BfWriteVecCoord", "BfWrite.WriteVecCoord", "BfWriteVecNormal", "BfWrite.WriteVecNormal",
        "BfWriteAngles", "BfWrite.WriteAngles", "BfWriteBits", "BfWrite.WriteBits")
def BfWriteVector(g, p):
    g.handles.get(p[1], UserMessage, "bf_write handle")


