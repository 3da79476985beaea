"""Console commands (console.inc, commandfilters.inc): registration, dispatch with SourceMod's admin check,
command arguments, replies, command listeners, server/client command execution, target strings."""

from __future__ import annotations

from ..errors import PluginRuntimeError
from ..game import PLUGIN_HANDLED, PLUGIN_STOP, Command
from .base import native, put, s, set_cell
from .fmt import format_params
from .players import has_access

REPLY_CONSOLE, REPLY_CHAT = 0, 1
NO_ACCESS = "[SM] You do not have access to this command."


def tokenize(text: str) -> list[str]:
    """The engine's command tokenizer: whitespace separated, double quotes group, no escapes."""
    out, i, n = [], 0, len(text)
    while i < n:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            break
        if text[i] == '"':
            j = text.find('"', i + 1)
            j = n if j < 0 else j
            out.append(text[i + 1:j])
            i = j + 1
        else:
            j = i
            while j < n and text[j] not in " \t":
                j += 1
            out.append(text[i:j])
            i = j
    return out


def register(g, p, kind: str, name_i: int, func_i: int, flags: int, desc_i: int) -> None:
    name = s(g, p[name_i])
    if not name:
        raise PluginRuntimeError("Command name cannot be empty")
    cmd = g.commands.get(name.lower())
    if cmd is None:
        cmd = Command(name=name, kind=kind, description=s(g, p[desc_i]) if p[0] >= desc_i else "")
        g.commands[name.lower()] = cmd
    elif kind == "admin":
        cmd.kind = "admin"
    cmd.funcs.append((p[func_i], flags, kind))


@native("RegConsoleCmd")
def RegConsoleCmd(g, p):
    register(g, p, "console", 1, 2, 0, 3)


@native("RegAdminCmd")
def RegAdminCmd(g, p):
    register(g, p, "admin", 1, 2, p[3], 4)


@native("RegServerCmd")
def RegServerCmd(g, p):
    register(g, p, "server", 1, 2, 0, 3)


def current(g) -> dict:
    if not g.cmd_stack:
        raise PluginRuntimeError("No command callback available")
    return g.cmd_stack[-1]


@native("GetCmdArgs")
def GetCmdArgs(g, p):
    return len(current(g)["args"]) - 1 if g.cmd_stack else 0


@native("GetCmdArg")
def GetCmdArg(g, p):
    args = current(g)["args"] if g.cmd_stack else []
    text = args[p[1]] if 0 <= p[1] < len(args) else ""
    return put(g, p[2], p[3], text)


@native("GetCmdArgString")
def GetCmdArgString(g, p):
    return put(g, p[1], p[2], current(g)["argstring"] if g.cmd_stack else "")


@native("GetCmdReplySource")
def GetCmdReplySource(g, p):
    return g.reply_source


@native("SetCmdReplySource")
def SetCmdReplySource(g, p):
    old, g.reply_source = g.reply_source, p[1]
    return old


@native("IsChatTrigger")
def IsChatTrigger(g, p):
    return bool(g.cmd_stack and g.cmd_stack[-1].get("chat"))


def reply(g, client: int, text: str) -> None:
    g.record_reply(client, text)
    if client == 0:
        g.log(text)
    elif g.reply_source == REPLY_CHAT and client in g.clients:
        g.record_chat(client, text)


@native("ReplyToCommand")
def ReplyToCommand(g, p):
    client = p[1]
    if client != 0:
        g.client(client, connected=True)
    reply(g, client, format_params(g, p, 2))


@native("PrintToConsole")
def PrintToConsole(g, p):
    client = p[1]
    text = format_params(g, p, 2)
    if client == 0:
        g.log(text)
        return
    g.client(client)
    g.console.append({"to": client, "text": text})


@native("AddCommandListener")
def AddCommandListener(g, p):
    command = s(g, p[2]).lower() if p[0] >= 2 else ""
    g.listeners.append((command, p[1]))
    return True


@native("RemoveCommandListener")
def RemoveCommandListener(g, p):
    command = s(g, p[2]).lower() if p[0] >= 2 else ""
    if (command, p[1]) in g.listeners:
        g.listeners.remove((command, p[1]))


@native("CommandExists")
def CommandExists(g, p):
    return s(g, p[1]).lower() in g.commands


FCVAR_CHEAT = 1 << 14
# Game commands plugins run through FakeClientCommand/ServerCommand (the "cheat command" idiom) and their effect.
ENGINE_COMMANDS = {"give": FCVAR_CHEAT, "z_spawn": FCVAR_CHEAT, "z_spawn_old": FCVAR_CHEAT, "kill": 0,
                   "director_force_panic_event": FCVAR_CHEAT, "director_stop": FCVAR_CHEAT,
                   "director_start": FCVAR_CHEAT, "script": FCVAR_CHEAT, "upgrade_add": FCVAR_CHEAT,
                   "upgrade_remove": FCVAR_CHEAT, "changelevel": 0, "sb_add": 0, "nb_delete_all": FCVAR_CHEAT}


def engine_command(g, client: int, words: list[str]) -> None:
    name = words[0].lower()
    cl = g.clients.get(client)
    flags = g.command_flags.get(name, ENGINE_COMMANDS[name])
    if client != 0 and flags & FCVAR_CHEAT and g.find_convar("sv_cheats").value.strip() in ("", "0"):
        g.record_reply(client, f"Can't use cheat command {name} in multiplayer, unless the server has sv_cheats "
                               "set to 1.")
        return
    g.engine_commands.append({"client": client, "command": " ".join(words)})
    if name == "give" and cl is not None and len(words) > 1:
        item = words[1].lower()
        props = g.entities[cl.index].props
        if item == "health":
            props["m_iHealth"] = int(props.get("m_iMaxHealth", 100))
            props["m_isIncapacitated"] = 0
            props["m_healthBuffer"] = 0.0
        else:
            g.given_items.append({"client": client, "item": item})
    elif name == "kill" and cl is not None and cl.alive:
        from .players import kill
        cl.suicides += 1
        kill(g, cl)


@native("GetCommandFlags")
def GetCommandFlags(g, p):
    name = s(g, p[1]).lower()
    if name in g.commands:
        return 0
    return g.command_flags.get(name, ENGINE_COMMANDS.get(name, -1))


@native("SetCommandFlags")
def SetCommandFlags(g, p):
    name = s(g, p[1]).lower()
    if name in g.commands or name in ENGINE_COMMANDS:
        g.command_flags[name] = p[2]
        return True
    return False


@native("GetCommandOverride")
def GetCommandOverride(g, p):
    return False


@native("AddCommandOverride", "UnsetCommandOverride")
def AddCommandOverride(g, p):
    return None


def run_command(g, client: int, text: str, *, chat: bool = False, from_server: bool = False) -> bool:
    """Execute a command line as typed by `client` (0 = server console). Returns whether a plugin command or
    listener handled it. Unknown commands get the engine's reply."""
    words = tokenize(text)
    if not words:
        return False
    name = words[0]
    argstring = text.strip()[len(name):].strip() if not text.strip().startswith('"') else \
        text.strip()[len(name) + 2:].strip()
    if listeners_block(g, client, words, argstring, chat=chat):
        return True
    ctx = {"args": words, "argstring": argstring, "client": client, "chat": chat}
    old_source = g.reply_source
    g.reply_source = REPLY_CHAT if chat else REPLY_CONSOLE
    g.cmd_stack.append(ctx)
    try:
        cmd = g.commands.get(name.lower())
        if cmd is None and name.lower() in ENGINE_COMMANDS:
            engine_command(g, client, words)
            return True
        if cmd is None:
            if not chat:
                convar = g.find_convar(name)
                if convar is not None and (client == 0 or from_server):
                    if len(words) > 1:
                        g.set_convar(convar, words[1])
                    return True
                g.record_reply(client, f"Unknown command \"{name}\"")
            return False
        for fid, flags, kind in list(cmd.funcs):
            if kind == "server":
                if client != 0:
                    continue
                result = g.call(fid, [len(words) - 1], what=g.public_name.get(fid))
            else:
                if kind == "admin" and not has_access(g, client, flags):
                    reply_no_access(g, client)
                    return True
                result = g.call(fid, [client, len(words) - 1], what=g.public_name.get(fid))
            if result is not None and result == PLUGIN_STOP:
                break
        if client != 0 and all(kind == "server" for _f, _fl, kind in cmd.funcs):
            g.record_reply(client, f"Unknown command \"{name}\"")
        return True
    finally:
        g.cmd_stack.pop()
        g.reply_source = old_source


def listeners_block(g, client: int, words: list[str], argstring: str, *, chat: bool) -> bool:
    """Run the command listeners (AddCommandListener) for a command; True when one blocked it."""
    name = words[0].lower()
    targets = [fid for command, fid in list(g.listeners) if command in ("", name)]
    if not targets:
        return False
    g.cmd_stack.append({"args": words, "argstring": argstring, "client": client, "chat": chat})
    try:
        for fid in targets:
            result = g.call(fid, [client, words[0], len(words) - 1], what=g.public_name.get(fid))
            if result is not None and result >= PLUGIN_HANDLED:
                return True
    finally:
        g.cmd_stack.pop()
    return False


def reply_no_access(g, client: int) -> None:
    g.record_reply(client, NO_ACCESS)
    if g.reply_source == REPLY_CHAT and client in g.clients:
        g.record_chat(client, NO_ACCESS[:-1] if NO_ACCESS.endswith(".") else NO_ACCESS)


@native("ServerCommand", "InsertServerCommand")
def ServerCommand(g, p):
    text = format_params(g, p, 1)
    g.server_commands.append(text)
    g.pending_server_commands.append(text)


@native("ServerCommandEx")
def ServerCommandEx(g, p):
    text = format_params(g, p, 3)
    g.server_commands.append(text)
    g.run_server_commands([text])
    put(g, p[1], p[2], "")


@native("ServerExecute")
def ServerExecute(g, p):
    pending, g.pending_server_commands = g.pending_server_commands, []
    g.run_server_commands(pending)


@native("ClientCommand")
def ClientCommand(g, p):
    g.client(p[1])
    g.client_commands.append({"client": p[1], "text": format_params(g, p, 2)})


@native("FakeClientCommand", "FakeClientCommandEx")
def FakeClientCommand(g, p):
    g.client(p[1])
    text = format_params(g, p, 2)
    g.client_commands.append({"client": p[1], "text": text, "fake": True})
    for line in text.split(";"):
        run_command(g, p[1], line)


def show_activity(g, p, tagged: bool) -> None:
    """ShowActivity(client, fmt, ...) / ShowActivity2 and ShowActivityEx(client, tag, fmt, ...): an admin action
    announced in everyone's chat."""
    client = p[1]
    tag = s(g, p[2]) if tagged else "[SM] "
    text = format_params(g, p, 3 if tagged else 2)
    name = g.clients[client].name if client in g.clients else "Console"
    for index in sorted(g.clients):
        if not g.clients[index].bot:
            g.record_chat(index, f"{tag}{name}: {text}")
    g.log(f"{tag}{name}: {text}")


native("ShowActivity")(lambda g, p: show_activity(g, p, False))
native("ShowActivity2")(lambda g, p: show_activity(g, p, True))
native("ShowActivityEx")(lambda g, p: show_activity(g, p, True))


@native("FormatActivitySource")
def FormatActivitySource(g, p):
    client = p[1]
    put(g, p[3], p[4], "Console" if client == 0 or client not in g.clients else g.clients[client].name)
    return True


# ---- targeting -----------------------------------------------------------------------------------------------------
FILTER_ALIVE, FILTER_DEAD, FILTER_CONNECTED, FILTER_NO_IMMUNITY, FILTER_NO_MULTI, FILTER_NO_BOTS = (
    1, 2, 4, 8, 16, 32)
TARGET_NONE, TARGET_NOT_ALIVE, TARGET_NOT_DEAD, TARGET_NOT_IN_GAME, TARGET_IMMUNE, TARGET_EMPTY_FILTER, \
    TARGET_NOT_HUMAN, TARGET_AMBIGUOUS = 0, -1, -2, -3, -4, -5, -6, -7
MULTI = {"@all": ("all players", lambda cl: True), "@bots": ("all bots", lambda cl: cl.bot),
         "@humans": ("all humans", lambda cl: not cl.bot), "@alive": ("all alive players", lambda cl: cl.alive),
         "@dead": ("all dead players", lambda cl: not cl.alive),
         "@survivors": ("all survivors", lambda cl: cl.team == 2),
         "@infected": ("all infected", lambda cl: cl.team == 3)}


def process_target(g, pattern: str, admin: int, flags: int) -> tuple[list[int], str, bool] | int:
    """ProcessTargetString: (targets, target name, name is a phrase) or a COMMAND_TARGET_* error."""
    def single(index: int) -> tuple[list[int], str, bool] | int:
        cl = g.clients[index]
        if flags & FILTER_NO_BOTS and cl.bot:
            return TARGET_NOT_HUMAN
        if flags & FILTER_ALIVE and not cl.alive:
            return TARGET_NOT_ALIVE
        if flags & FILTER_DEAD and cl.alive:
            return TARGET_NOT_DEAD
        return [index], cl.name, False

    low = pattern.lower()
    if low in ("@me", "@!me") or low in MULTI:
        if flags & FILTER_NO_MULTI and low not in ("@me",):
            return TARGET_NONE
        if low == "@me":
            return single(admin) if admin in g.clients else TARGET_NONE
        if low == "@!me":
            phrase, pred = "all players but yourself", (lambda cl: cl.index != admin)
        else:
            phrase, pred = MULTI[low]
        found = [i for i in sorted(g.clients) if pred(g.clients[i])
                 and not (flags & FILTER_NO_BOTS and g.clients[i].bot)
                 and not (flags & FILTER_ALIVE and not g.clients[i].alive)
                 and not (flags & FILTER_DEAD and g.clients[i].alive)]
        return (found, phrase, True) if found else TARGET_EMPTY_FILTER
    if pattern.startswith("#"):
        try:
            userid = int(pattern[1:])
        except ValueError:
            userid = -1
        index = userid - 100
        if index in g.clients:
            return single(index)
    exact = [i for i in sorted(g.clients) if g.clients[i].name == pattern]
    if exact:
        return single(exact[0])
    partial = [i for i in sorted(g.clients) if low in g.clients[i].name.lower()]
    if len(partial) > 1:
        return TARGET_AMBIGUOUS
    if partial:
        return single(partial[0])
    return TARGET_NONE


@native("ProcessTargetString")
def ProcessTargetString(g, p):
    result = process_target(g, s(g, p[1]), p[2], p[5])
    if isinstance(result, int):
        return result
    targets, name, is_phrase = result
    targets = targets[: max(0, p[4])]
    g.vm.write_cells(p[3], targets)
    put(g, p[6], p[7], name)
    set_cell(g, p[8], int(is_phrase))
    return len(targets)


@native("ReadCommandIterator", "GetCommandIterator", "FindFirstConCommand", "FindNextConCommand")
def CommandIteration(g, p):
    return 0

