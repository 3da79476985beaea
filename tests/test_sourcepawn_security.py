"""Tier `security`: each rule with a true positive and a true negative (source-level, no compiler needed)."""

from __future__ import annotations

import asyncio

from modbench.rubrics.sourcepawn.context import Context
from modbench.rubrics.sourcepawn.security import SecurityTier, analyse

HEAD = "#include <sourcemod>\n#include <sdktools>\n"


def rules(code: str) -> list[tuple[str, str]]:
    return [(f.rule, f.severity) for f in analyse(HEAD + code)]


# -------------------------------------------------------------------------- admin-command-without-flag

KICK_HANDLER = """
public Action Cmd_Kick(int client, int args)
{
    char arg[64];
    GetCmdArg(1, arg, sizeof(arg));
    int target = FindTarget(client, arg);
    if (target > 0) KickClient(target, "bye");
    return Plugin_Handled;
}
"""


def test_privileged_console_command_is_critical():
    code = 'public void OnPluginStart() { RegConsoleCmd("sm_boot", Cmd_Kick); }\n' + KICK_HANDLER
    assert rules(code) == [("admin-command-without-flag", "critical")]
    finding = analyse(HEAD + code)[0]
    assert "RegAdminCmd(\"sm_boot\", Cmd_Kick, ADMFLAG_" in finding.message and finding.line == 3


def test_admin_ish_name_alone_is_enough_and_flag_zero_is_no_flag():
    code = ('public void OnPluginStart() { RegAdminCmd("sm_slay", Cmd_Noop, 0); }\n'
            "public Action Cmd_Noop(int client, int args) { return Plugin_Handled; }\n")
    assert rules(code) == [("admin-command-without-flag", "critical")]


def test_admin_command_with_a_flag_or_an_access_check_is_fine():
    assert rules('public void OnPluginStart() { RegAdminCmd("sm_boot", Cmd_Kick, ADMFLAG_KICK); }\n'
                 + KICK_HANDLER) == []
    checked = KICK_HANDLER.replace("char arg[64];", "if (!CheckCommandAccess(client, \"sm_boot\", ADMFLAG_KICK)) "
                                   "return Plugin_Handled;\n    char arg[64];")
    assert rules('public void OnPluginStart() { RegConsoleCmd("sm_boot", Cmd_Kick); }\n' + checked) == []


def test_harmless_console_command_is_fine():
    for name in ("sm_tanks", "sm_mapname", "sm_kickstats"):        # an admin verb inside a longer word
        code = (f'public void OnPluginStart() {{ RegConsoleCmd("{name}", Cmd_Tanks); }}\n'
                'public Action Cmd_Tanks(int client, int args) { ReplyToCommand(client, "0 tanks"); '
                "return Plugin_Handled; }\n")
        assert rules(code) == [], name
    named = ('public void OnPluginStart() { RegConsoleCmd("sm_kick_player", Cmd_Noop); }\n'
             "public Action Cmd_Noop(int client, int args) { return Plugin_Handled; }\n")
    assert rules(named) == [("admin-command-without-flag", "critical")]


def test_privileged_call_in_a_helper_the_handler_calls_counts():
    code = ('ConVar g_cvGod;\npublic void OnPluginStart() { g_cvGod = FindConVar("god"); '
            'RegConsoleCmd("sm_party", Cmd_Party); }\n'
            "public Action Cmd_Party(int client, int args) { Toggle(); return Plugin_Handled; }\n"
            "void Toggle() { g_cvGod.IntValue = 1; }\n")
    assert rules(code) == [("admin-command-without-flag", "critical")]


# ------------------------------------------------------------------------------------------ sql-injection

SQL_HANDLER = """
Database g_db;
public void OnPluginStart() {{ RegAdminCmd("sm_note", Cmd_Note, ADMFLAG_GENERIC); }}
public Action Cmd_Note(int client, int args)
{{
    char text[128], query[256];
    GetCmdArgString(text, sizeof(text));
    {escape}
    {format}
    g_db.Query(OnDone, query);
    return Plugin_Handled;
}}
public void OnDone(Database db, DBResultSet results, const char[] error, any data) {{}}
"""


def test_format_with_player_text_in_a_query_is_critical():
    code = SQL_HANDLER.format(escape="", format='Format(query, sizeof(query), '
                              '"INSERT INTO notes (text) VALUES (\'%s\')", text);')
    assert ("sql-injection", "critical") in rules(code)


def test_percent_bang_s_in_database_format_is_critical():
    code = SQL_HANDLER.format(escape="", format='g_db.Format(query, sizeof(query), '
                              '"INSERT INTO notes (text) VALUES (\'%!s\')", text);')
    assert ("sql-injection", "critical") in rules(code)


def test_escaped_text_and_database_format_percent_s_are_fine():
    escaped = SQL_HANDLER.format(
        escape="char safe[260];\n    g_db.Escape(text, safe, sizeof(safe));",
        format='Format(query, sizeof(query), "INSERT INTO notes (text) VALUES (\'%s\')", safe);')
    assert rules(escaped) == []
    db_format = SQL_HANDLER.format(escape="", format='g_db.Format(query, sizeof(query), '
                                   '"INSERT INTO notes (text) VALUES (\'%s\')", text);')
    assert rules(db_format) == []


# -------------------------------------------------------------------------------------- command-injection

def test_player_text_in_server_command_is_critical():
    code = ('public void OnClientSayCommand_Post(int client, const char[] command, const char[] sArgs)\n'
            '{\n    ServerCommand("say %s", sArgs);\n}\n')
    assert rules(code) == [("command-injection", "critical")]


def test_server_command_with_constants_or_userids_is_fine():
    code = ('public void OnPluginStart() { RegAdminCmd("sm_restartround", Cmd_R, ADMFLAG_CHANGEMAP); }\n'
            "public Action Cmd_R(int client, int args)\n{\n"
            '    ServerCommand("mp_restartgame 1");\n    ServerCommand("kickid %d", GetClientUserId(client));\n'
            "    return Plugin_Handled;\n}\n")
    assert rules(code) == []


def test_rcon_admins_may_run_commands_and_other_admins_get_high():
    handler = ("public Action Cmd_X(int client, int args)\n{\n    char arg[128];\n"
               "    GetCmdArgString(arg, sizeof(arg));\n    ServerCommand(\"%s\", arg);\n    return Plugin_Handled;\n}\n")
    rcon = 'public void OnPluginStart() { RegAdminCmd("sm_myrcon", Cmd_X, ADMFLAG_RCON); }\n' + handler
    assert rules(rcon) == []
    kick = 'public void OnPluginStart() { RegAdminCmd("sm_myexec", Cmd_X, ADMFLAG_KICK); }\n' + handler
    assert rules(kick) == [("command-injection", "high")]


# ------------------------------------------------------------------------------- unvalidated-client-index

def test_command_argument_used_as_client_index_is_high():
    code = ('public void OnPluginStart() { RegAdminCmd("sm_hp", Cmd_Hp, ADMFLAG_SLAY); }\n'
            "public Action Cmd_Hp(int client, int args)\n{\n    char arg[8];\n    GetCmdArg(1, arg, sizeof(arg));\n"
            "    int target = StringToInt(arg);\n    SetEntityHealth(target, 1);\n    return Plugin_Handled;\n}\n")
    assert rules(code) == [("unvalidated-client-index", "high")]
    assert analyse(HEAD + code)[0].line == 8


def test_range_checked_command_argument_is_fine():
    code = ('public void OnPluginStart() { RegAdminCmd("sm_hp", Cmd_Hp, ADMFLAG_SLAY); }\n'
            "public Action Cmd_Hp(int client, int args)\n{\n    char arg[8];\n    GetCmdArg(1, arg, sizeof(arg));\n"
            "    int target = StringToInt(arg);\n    if (target < 1 || target > MaxClients || !IsClientInGame(target))"
            " return Plugin_Handled;\n    SetEntityHealth(target, 1);\n    return Plugin_Handled;\n}\n")
    assert rules(code) == []


# -------------------------------------------------------------------------------------- unchecked-userid

def test_userid_client_used_without_check_is_medium():
    code = ("public void Ev(Event event, const char[] name, bool dontBroadcast)\n{\n"
            '    int client = GetClientOfUserId(event.GetInt("userid"));\n'
            "    PrintToChat(client, \"hi\");\n}\n")
    assert rules(code) == [("unchecked-userid", "medium")]
    inline = ("public void Ev(Event event, const char[] name, bool dontBroadcast)\n{\n"
              '    ForcePlayerSuicide(GetClientOfUserId(event.GetInt("userid")));\n}\n')
    assert rules(inline) == [("unchecked-userid", "medium")]


def test_checked_userid_client_is_fine():
    for check in ("if (client > 0 && IsClientInGame(client))", "if (!client) return;\n    if (IsValidClient(client))",
                  "if (client)"):
        code = ("public void Ev(Event event, const char[] name, bool dontBroadcast)\n{\n"
                '    int client = GetClientOfUserId(event.GetInt("userid"));\n'
                f"    {check} PrintToChat(client, \"hi\");\n}}\n")
        assert rules(code) == [], check


# --------------------------------------------------------------------------------------------------- tier

def test_only_critical_findings_fail_the_tier_and_all_are_counted():
    medium = ("public void Ev(Event event, const char[] name, bool dontBroadcast)\n{\n"
              '    int client = GetClientOfUserId(event.GetInt("userid"));\n    PrintToChat(client, "hi");\n}\n')
    ctx = Context(text="")
    ctx.code = HEAD + medium
    result = asyncio.run(SecurityTier().run(ctx))
    assert result.ok and len(result.details["findings"]) == 1 and result.diagnostics[0].severity == "warning"
    ctx.code = HEAD + medium + 'public void OnPluginStart() { RegConsoleCmd("sm_ban", Cmd_Kick); }\n' + KICK_HANDLER
    result = asyncio.run(SecurityTier().run(ctx))
    assert not result.ok and result.details["critical"] == 1 and len(result.details["findings"]) == 2
    assert result.diagnostics[0].severity == "error" and result.details["message"].startswith('"sm_ban"')


def test_strings_and_comments_never_trigger_rules():
    code = ('// RegConsoleCmd("sm_kick", Cmd_Kick);\npublic void OnPluginStart() '
            '{ PrintToServer("RegConsoleCmd(\\"sm_ban\\", X) ServerCommand(%s)"); }\n')
    assert rules(code) == []
