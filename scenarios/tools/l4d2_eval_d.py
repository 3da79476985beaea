"""Eval tasks, part D: a second task per family for several themes — compile-error repairs (the prompt quotes
spcomp's real diagnostics), admin commands with privileged handlers and player text reaching a server command
(security tier), and further legacy conversions and documented APIs.

Hand-written: every plugin, prompt, broken variant and scenario here was written and reviewed for its task.
The quoted compiler output was produced by spcomp 1.11.0.6931 on the quoted code; `check_l4d2.py
--compile-only` re-checks it for every task tagged "compile-error".
"""

from __future__ import annotations

from l4d2_common import (NO_ERRORS, Broken, Task, advance, chat, chat_to, checks, client, code_block, command, event,
                         health, hint, infected, legacy_plugin, log, mutate, netprop, no_chat, plugin, reply,
                         scenario, set_convar, survivors, uid)

ANSWER = "Answer with the complete plugin in one ```sourcepawn code block."
NEWSTYLE = "Target SourceMod 1.11 with `#pragma semicolon 1` and `#pragma newdecls required`; use only the core includes (sourcemod, sdktools)."
FOUR = survivors("Nick", "Ellis", "Rochelle", "Coach")


def diag_block(lines: str) -> str:
    return "```\n" + lines.strip("\n") + "\n```"


# =============================================================================================== repairs (compile)

def compile_repairs() -> list[Task]:
    out = []
    # ---------------------------------------------------------------- R1 tank_spawn: half-converted old syntax
    good = plugin("Tank Name Alert", "Names the player who became the Tank", r'''
public void OnPluginStart()
{
    HookEvent("tank_spawn", Event_TankSpawn);
}

public void Event_TankSpawn(Event event, const char[] name, bool dontBroadcast)
{
    int tank = GetClientOfUserId(event.GetInt("userid"));
    if (tank == 0 || !IsClientInGame(tank))
    {
        return;
    }
    char tankName[MAX_NAME_LENGTH];
    GetClientName(tank, tankName, sizeof(tankName));
    if (IsFakeClient(tank))
    {
        PrintToChatAll("[Tank] An AI Tank has spawned.");
    }
    else
    {
        PrintToChatAll("[Tank] %s is the Tank!", tankName);
    }
}
''')
    bad = mutate(good, ("public void Event_TankSpawn(Event event, const char[] name, bool dontBroadcast)",
                        "public Event_TankSpawn(Handle:event, const String:name[], bool:dontBroadcast)"),
                 ("    int tank = GetClientOfUserId(event.GetInt(\"userid\"));", "    new tank = GetClientOfUserId(GetEventInt(event, \"userid\"));"),
                 ("    char tankName[MAX_NAME_LENGTH];", "    decl String:tankName[MAX_NAME_LENGTH];"))
    diags = diag_block("""
plugin.sp(20) : error 147: new-style declarations are required
plugin.sp(20) : error 147: new-style declarations are required
plugin.sp(22) : error 147: new-style declarations are required
plugin.sp(27) : error 147: new-style declarations are required
""")
    scen = [scenario("human and AI Tanks",
                     [FOUR, client(5, "Zoey", 3, zombie_class=8), infected(11, "Tank", "tank"),
                      event("tank_spawn", userid=uid(5), tankid=5), event("tank_spawn", userid=uid(11), tankid=11)],
                     [chat("[Tank] Zoey is the Tank!"), chat("[Tank] An AI Tank has spawned."), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-tank_spawn-repair-newdecls_errors", family="repair", theme="tank_spawn",
        title="Fix a half-converted plugin that no longer compiles under newdecls",
        prompt=f"""Someone added `#pragma newdecls required` to this Tank alert but only converted part of it. spcomp 1.11 now fails with:

{diags}

{code_block(bad)}

Make it compile under `#pragma newdecls required` without changing what it prints (use the `Event` methodmap rather than `GetEventInt`). {ANSWER}""",
        reference=good,
        broken=[
            Broken("compile", "the unrepaired plugin", bad),
            Broken("static", "compiles after dropping the newdecls pragma, but keeps the legacy GetEventInt",
                   bad.replace("#pragma newdecls required\n", "", 1)),
            Broken("behaviour", "converted, but the AI/human branches are swapped",
                   mutate(good, ("    if (IsFakeClient(tank))", "    if (!IsFakeClient(tank))"))),
        ],
        checks=checks(natives=["Event.GetInt", "GetClientName", "IsFakeClient"], forbid_natives=["GetEventInt"],
                      events=["tank_spawn"], scenarios=scen),
        tags=["compile-error", "legacy-syntax"],
    ))

    # ---------------------------------------------------------------- R2 friendly_fire: missing sdktools include
    good = plugin("FF Slap", "Slaps survivors who shoot their teammates", r'''
ConVar g_cvSlapDamage;

public void OnPluginStart()
{
    g_cvSlapDamage = CreateConVar("l4d2_ff_slap_damage", "5", "Damage of the punishment slap", FCVAR_NOTIFY, true, 0.0, true, 50.0);
    HookEvent("player_hurt", Event_PlayerHurt);
}

public void Event_PlayerHurt(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("userid"));
    int attacker = GetClientOfUserId(event.GetInt("attacker"));
    if (victim == 0 || attacker == 0 || victim == attacker || !IsPlayerAlive(attacker))
    {
        return;
    }
    if (GetClientTeam(victim) == 2 && GetClientTeam(attacker) == 2)
    {
        SlapPlayer(attacker, g_cvSlapDamage.IntValue, false);
        PrintToChat(attacker, "[FF] Watch your fire! You hit %N.", victim);
    }
}
''', sdktools=True)
    bad = good.replace("#include <sdktools>\n", "", 1)
    diags = diag_block("""
plugin.sp(33) : error 017: undefined symbol "SlapPlayer"
""")
    hurt = lambda v, a: event("player_hurt", userid=uid(v), attacker=uid(a), attackerentid=a, health=90, armor=0,  # noqa: E731
                              weapon="smg", dmg_health=10, dmg_armor=0, hitgroup=0, type=2)
    scen = [scenario("the attacker is slapped and told",
                     [FOUR, client(5, "Hunter", 3, zombie_class=3), hurt(2, 1), hurt(3, 5)],
                     [{"slapped": {"client": 1}}, chat_to(1, "[FF] Watch your fire! You hit Ellis."), no_chat("You hit Rochelle"),
                      NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-friendly_fire-repair-missing_include", family="repair", theme="friendly_fire",
        title="Fix the friendly fire slap plugin that fails to compile",
        prompt=f"""This plugin should slap (`SlapPlayer`) a survivor who damages a teammate and warn them in chat. It does not compile:

{diags}

{code_block(bad)}

Fix the build. Keep the behaviour. {ANSWER}""",
        reference=good,
        broken=[
            Broken("compile", "the unrepaired plugin: SlapPlayer is declared in sdktools", bad),
            Broken("compile", "declares its own SlapPlayer native instead of including sdktools (a wrong signature that clashes with nothing but never binds)... with a typo in the include name",
                   good.replace("#include <sdktools>\n", "#include <sdktool>\n", 1)),
            Broken("behaviour", "compiles, but slaps the victim instead of the attacker",
                   mutate(good, ("        SlapPlayer(attacker, g_cvSlapDamage.IntValue, false);", "        SlapPlayer(victim, g_cvSlapDamage.IntValue, false);"))),
        ],
        checks=checks(natives=["SlapPlayer", "PrintToChat"], events=["player_hurt"], convars=["l4d2_ff_slap_damage"],
                      scenarios=scen),
        tags=["compile-error", "includes"],
    ))
    # a typo'd include cannot be found: the includes tier reports it before spcomp runs
    out[-1].broken[1] = Broken("includes", "includes `<sdktool>` (typo): no such include file", good.replace("#include <sdktools>\n", "#include <sdktool>\n", 1))

    # ---------------------------------------------------------------- R3 random_timer: RandomFloat/RandomInt
    good = plugin("Random Item Hint", "Hints a random item location tip at random times", r'''
char g_sTips[][] =
{
    "Check the saferoom for pills.",
    "Gas cans burn the horde.",
    "Melee weapons never run out of ammo."
};

public void OnPluginStart()
{
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    CreateTimer(GetRandomFloat(5.0, 15.0), Timer_Tip, _, TIMER_FLAG_NO_MAPCHANGE);
}

public Action Timer_Tip(Handle timer)
{
    int pick = GetRandomInt(0, sizeof(g_sTips) - 1);
    PrintToChatAll("[Tip] %s", g_sTips[pick]);
    return Plugin_Stop;
}
''')
    bad = mutate(good, ("CreateTimer(GetRandomFloat(5.0, 15.0), Timer_Tip, _, TIMER_FLAG_NO_MAPCHANGE);", "CreateTimer(RandomFloat(5.0, 15.0), Timer_Tip, _, TIMER_FLAG_NO_MAPCHANGE);"),
                 ("    int pick = GetRandomInt(0, sizeof(g_sTips) - 1);", "    int pick = RandomInt(0, sizeof(g_sTips) - 1);"))
    diags = diag_block("""
plugin.sp(29) : error 017: undefined symbol "RandomFloat"
plugin.sp(34) : error 017: undefined symbol "RandomInt"
""")
    scen = [scenario("one tip between 5 and 15 seconds after round start",
                     [FOUR, event("round_start"), advance(4.9)], [no_chat("[Tip]"), {"pending_timers": 1}]),
            scenario("the tip arrives",
                     [FOUR, event("round_start"), advance(15.5)], [chat("[Tip] "), {"pending_timers": 0}, NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-random_timer-repair-random_api", family="repair", theme="random_timer",
        title="Fix the random tip plugin that uses non-existent random functions",
        prompt=f"""This plugin should show one random tip 5 to 15 seconds after each `round_start`. spcomp 1.11 rejects it:

{diags}

{code_block(bad)}

Fix it with SourceMod's own random number natives. {ANSWER}""",
        reference=good,
        broken=[
            Broken("compile", "the unrepaired plugin", bad),
            Broken("compile", "fixes only RandomFloat", mutate(good, ("    int pick = GetRandomInt(0, sizeof(g_sTips) - 1);", "    int pick = RandomInt(0, sizeof(g_sTips) - 1);"))),
            Broken("behaviour", "uses a fixed 1 second delay instead of a random 5-15 seconds",
                   mutate(good, ("CreateTimer(GetRandomFloat(5.0, 15.0), Timer_Tip, _, TIMER_FLAG_NO_MAPCHANGE);", "CreateTimer(1.0 + GetRandomFloat(), Timer_Tip, _, TIMER_FLAG_NO_MAPCHANGE);"))),
        ],
        checks=checks(natives=["GetRandomFloat", "GetRandomInt", "CreateTimer"], forbid_natives=["RandomFloat", "RandomInt"],
                      events=["round_start"], scenarios=scen),
        tags=["compile-error", "random", "wrong-api"],
    ))

    # ---------------------------------------------------------------- R4 charger_carry: community include not allowed
    good = plugin("Carried Check", "Lists survivors currently carried by a Charger", r'''
public void OnPluginStart()
{
    RegConsoleCmd("sm_carrying", Cmd_Carrying, "Lists survivors carried by Chargers");
}

public Action Cmd_Carrying(int client, int args)
{
    int found = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (!IsClientInGame(i) || GetClientTeam(i) != 2)
        {
            continue;
        }
        int charger = GetEntPropEnt(i, Prop_Send, "m_carryAttacker");
        if (charger > 0 && charger <= MaxClients && IsClientInGame(charger))
        {
            ReplyToCommand(client, "[Charger] %N is carried by %N", i, charger);
            found++;
        }
    }
    if (found == 0)
    {
        ReplyToCommand(client, "[Charger] Nobody is being carried.");
    }
    return Plugin_Handled;
}
''')
    bad = mutate(good, ("#include <sourcemod>\n", "#include <sourcemod>\n#include <left4dhooks>\n"),
                 ("        int charger = GetEntPropEnt(i, Prop_Send, \"m_carryAttacker\");\n        if (charger > 0 && charger <= MaxClients && IsClientInGame(charger))",
                  "        int charger = L4D2_GetInfectedAttacker(i);\n        if (charger > 0 && GetEntProp(charger, Prop_Send, \"m_zombieClass\") == 6)"))
    diags = diag_block("""
plugin.sp(5) : error 417: cannot read from file: "left4dhooks"
""")
    scen = [scenario("carried survivors are listed from m_carryAttacker",
                     [client(1, "Nick", 2, netprops={"m_carryAttacker": 7}), client(2, "Ellis", 2), infected(7, "Charger", "charger"),
                      command(2, "sm_carrying")],
                     [reply("[Charger] Nick is carried by Charger"), NO_ERRORS]),
            scenario("nobody carried", [FOUR, command(1, "sm_carrying")], [reply("Nobody is being carried."), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-charger_carry-repair-community_include", family="repair", theme="charger_carry",
        title="Remove a left4dhooks dependency from the carried-survivor check",
        prompt=f"""This plugin lists survivors a Charger is carrying. It was written against left4dhooks, which our server does not have; the build fails:

{diags}

{code_block(bad)}

Rewrite it to work with the SourceMod core includes only: a survivor's `m_carryAttacker` send property (an entity) holds the Charger carrying them, or -1 when nobody is. Keep the replies. {ANSWER}""",
        reference=good,
        broken=[
            Broken("includes", "the unrepaired plugin: includes left4dhooks", bad),
            Broken("static", "drops the include but reads the netprop with the int accessor GetEntProp (m_carryAttacker is an entity property)",
                   mutate(good, ('        int charger = GetEntPropEnt(i, Prop_Send, "m_carryAttacker");', '        int charger = GetEntProp(i, Prop_Send, "m_carryAttacker");'))),
            Broken("behaviour", "treats -1 as a Charger: %N of -1 throws",
                   mutate(good, ("        if (charger > 0 && charger <= MaxClients && IsClientInGame(charger))", "        if (charger != 0)"))),
        ],
        checks=checks(natives=["GetEntPropEnt", "ReplyToCommand"], commands=["sm_carrying"], netprops=["m_carryAttacker"],
                      scenarios=scen),
        tags=["compile-error", "includes", "netprop"],
    ))

    # ---------------------------------------------------------------- R5 saferoom_heal: Handle instead of ConVar
    good = plugin("Saferoom Full Heal", "Fully heals survivors on the first round_start of a map", r'''
ConVar g_cvEnabled;
bool g_bHealedThisMap;

public void OnPluginStart()
{
    g_cvEnabled = CreateConVar("l4d2_saferoom_fullheal", "1", "Fully heal survivors at the start of each map");
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
}

public void OnMapStart()
{
    g_bHealedThisMap = false;
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    if (!g_cvEnabled.BoolValue || g_bHealedThisMap)
    {
        return;
    }
    g_bHealedThisMap = true;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 2 && IsPlayerAlive(i))
        {
            SetEntityHealth(i, 100);
        }
    }
    PrintToChatAll("[Saferoom] Everyone is patched up for this map.");
}
''')
    bad = mutate(good, ("ConVar g_cvEnabled;", "Handle g_cvEnabled;"))
    diags = diag_block("""
plugin.sp(31) : error 105: cannot find method or property "Handle.BoolValue"
""")
    scen = [scenario("heals once per map",
                     [client(1, "Nick", 2, health=35), client(2, "Ellis", 2, health=80), event("round_start"),
                      {"set_netprop": {"entity": 1, "prop": "m_iHealth", "value": 20}}, event("round_start")],
                     [health(1, 20), health(2, 100), chat("[Saferoom] Everyone is patched up for this map."), NO_ERRORS]),
            scenario("switched off", [client(1, "Nick", 2, health=35), set_convar("l4d2_saferoom_fullheal", 0), event("round_start")],
                     [health(1, 35)])]
    out.append(Task(
        id="l4d2-eval-saferoom_heal-repair-handle_methodmap", family="repair", theme="saferoom_heal",
        title="Fix the saferoom full heal that fails with a methodmap error",
        prompt=f"""This plugin should fully heal living survivors on the first `round_start` of each map, controlled by a ConVar. spcomp 1.11 reports:

{diags}

{code_block(bad)}

Fix it. {ANSWER}""",
        reference=good,
        broken=[
            Broken("compile", "the unrepaired plugin", bad),
            Broken("static", "compiles by switching to the legacy GetConVarBool",
                   mutate(bad, ("    if (!g_cvEnabled.BoolValue || g_bHealedThisMap)", "    if (!GetConVarBool(g_cvEnabled) || g_bHealedThisMap)"))),
            Broken("behaviour", "compiles, but heals on every round_start",
                   mutate(good, ("    if (!g_cvEnabled.BoolValue || g_bHealedThisMap)", "    if (!g_cvEnabled.BoolValue)"))),
        ],
        checks=checks(natives=["ConVar.BoolValue.get", "SetEntProp"], forbid_natives=["GetConVarBool"], events=["round_start"],
                      convars=["l4d2_saferoom_fullheal"], scenarios=scen),
        tags=["compile-error", "methodmaps"],
    ))

    # ---------------------------------------------------------------- R6 witch_proximity: runtime array size
    good = plugin("Witch Distance Board", "Lists every survivor's distance to the Witch's target", r'''
public void OnPluginStart()
{
    HookEvent("witch_harasser_set", Event_Harasser);
}

public void Event_Harasser(Event event, const char[] name, bool dontBroadcast)
{
    int target = GetClientOfUserId(event.GetInt("userid"));
    if (target == 0)
    {
        return;
    }
    float positions[MAXPLAYERS + 1][3];
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 2)
        {
            GetClientAbsOrigin(i, positions[i]);
        }
    }
    for (int i = 1; i <= MaxClients; i++)
    {
        if (i != target && IsClientInGame(i) && GetClientTeam(i) == 2)
        {
            PrintToChat(i, "[Witch] %N is being chased, %.0f units from you.", target, GetVectorDistance(positions[i], positions[target]));
        }
    }
}
''')
    bad = mutate(good, ("    float positions[MAXPLAYERS + 1][3];", "    float positions[MaxClients + 1][3];"))
    diags = diag_block("""
plugin.sp(27) : error 161: brackets after variable name indicate a fixed-size array, but a dynamic size was given - did you mean to use 'new float[size]' syntax?
""")

    def at(index, name, x, y, team=2, **kw):
        pos = [float(x), float(y), 0.0]
        return client(index, name, team, netprops={"m_vecOrigin": pos, "m_vecAbsOrigin": pos}, **kw)
    scen = [scenario("distances to the chased survivor",
                     [at(1, "Nick", 0, 0), at(2, "Ellis", 60, 80), at(3, "Rochelle", 0, 250),
                      event("witch_harasser_set", userid=uid(1), witchid=40, first=True)],
                     [chat_to(2, "[Witch] Nick is being chased, 100 units from you."), chat_to(3, "250 units from you"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-witch_proximity-repair-array_size", family="repair", theme="witch_proximity",
        title="Fix the witch distance board that does not compile",
        prompt=f"""On `witch_harasser_set` this plugin tells every survivor how far they are from the survivor the Witch is chasing (`[Witch] <target> is being chased, <distance> units from you.`). spcomp 1.11 fails with:

{diags}

{code_block(bad)}

Fix it. {ANSWER}""",
        reference=good,
        broken=[
            Broken("compile", "the unrepaired plugin", bad),
            Broken("behaviour", "compiles, but measures each survivor's distance to themselves",
                   mutate(good, ("GetVectorDistance(positions[i], positions[target])", "GetVectorDistance(positions[i], positions[i])"))),
            Broken("compile", "sizes the array with a constant that does not exist",
                   mutate(good, ("    float positions[MAXPLAYERS + 1][3];", "    float positions[MAX_CLIENTS + 1][3];"))),
        ],
        checks=checks(natives=["GetClientAbsOrigin", "GetVectorDistance"], events=["witch_harasser_set"], scenarios=scen),
        tags=["compile-error", "arrays", "vectors"],
    ))

    # ---------------------------------------------------------------- R7 hunter_pounce: callback prototype
    good = plugin("Pounce Distance Hint", "Shows the Hunter how far the pounce was", r'''
public void OnPluginStart()
{
    HookEvent("lunge_pounce", Event_LungePounce);
}

public void Event_LungePounce(Event event, const char[] name, bool dontBroadcast)
{
    int hunter = GetClientOfUserId(event.GetInt("userid"));
    if (hunter == 0 || IsFakeClient(hunter))
    {
        return;
    }
    PrintHintText(hunter, "Pounce: %d units, %d damage", event.GetInt("distance"), event.GetInt("damage"));
}
''')
    bad = mutate(good, ("public void Event_LungePounce(Event event, const char[] name, bool dontBroadcast)", "public void Event_LungePounce(Event event, int distance)"),
                 ('    PrintHintText(hunter, "Pounce: %d units, %d damage", event.GetInt("distance"), event.GetInt("damage"));',
                  '    PrintHintText(hunter, "Pounce: %d units, %d damage", distance, event.GetInt("damage"));'))
    diags = diag_block("""
plugin.sp(17) : error 100: function prototypes do not match
""")
    scen = [scenario("a human Hunter sees distance and damage",
                     [FOUR, client(5, "Hunter", 3, zombie_class=3), infected(6, "Bot Hunter", "hunter"),
                      event("lunge_pounce", userid=uid(5), victim=uid(1), distance=512, damage=17),
                      event("lunge_pounce", userid=uid(6), victim=uid(2), distance=100, damage=3)],
                     [hint("Pounce: 512 units, 17 damage"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-hunter_pounce-repair-prototype", family="repair", theme="hunter_pounce",
        title="Fix the pounce hint whose event callback does not match EventHook",
        prompt=f"""This plugin should show a human Hunter a hint with the distance and damage of each `lunge_pounce`. It does not compile:

{diags}

{code_block(bad)}

Fix it. {ANSWER}""",
        reference=good,
        broken=[
            Broken("compile", "the unrepaired plugin", bad),
            Broken("compile", "adds the missing parameters but keeps the extra int parameter",
                   mutate(good, ("public void Event_LungePounce(Event event, const char[] name, bool dontBroadcast)", "public void Event_LungePounce(Event event, const char[] name, bool dontBroadcast, int distance)"))),
            Broken("behaviour", "compiles, but prints the distance field twice instead of the damage",
                   mutate(good, ('event.GetInt("distance"), event.GetInt("damage"));', 'event.GetInt("distance"), event.GetInt("distance"));'))),
        ],
        checks=checks(natives=["PrintHintText", "Event.GetInt"], events=["lunge_pounce"], scenarios=scen),
        tags=["compile-error", "events"],
    ))
    return out


# ============================================================================================ scaffolds (admin, security)

def scaffolds() -> list[Task]:
    out = []
    # ---------------------------------------------------------------- S1 tank_spawn: sm_slaytanks admin command
    ref = plugin("Slay Tanks", "Admin command that slays every living Tank", r'''
public void OnPluginStart()
{
    RegAdminCmd("sm_slaytanks", Cmd_SlayTanks, ADMFLAG_SLAY, "Slays every living Tank");
}

public Action Cmd_SlayTanks(int client, int args)
{
    int slain = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (!IsClientInGame(i) || GetClientTeam(i) != 3 || !IsPlayerAlive(i))
        {
            continue;
        }
        if (GetEntProp(i, Prop_Send, "m_zombieClass") != 8)
        {
            continue;
        }
        ForcePlayerSuicide(i);
        slain++;
    }
    ReplyToCommand(client, "[Tank] Slew %d Tank(s).", slain);
    LogAction(client, -1, "\"%L\" slew %d Tank(s)", client, slain);
    return Plugin_Handled;
}
''', sdktools=True)
    admin = client(4, "Admin", 1, admin_flags="f")
    scen = [scenario("an admin slays all Tanks, nobody else",
                     [client(1, "Nick", 2), infected(11, "Tank", "tank"), infected(12, "Tank (2)", "tank"),
                      infected(5, "Hunter", "hunter"), admin, command(4, "sm_slaytanks")],
                     [{"forced_suicide": {"client": 11}}, {"forced_suicide": {"client": 12}}, {"alive": {"client": 5, "equals": True}},
                      {"alive": {"client": 1, "equals": True}}, reply("[Tank] Slew 2 Tank(s)."), log("slew 2 Tank(s)"), NO_ERRORS]),
            scenario("no Tanks", [client(1, "Nick", 2), admin, command(4, "sm_slaytanks")], [reply("Slew 0 Tank(s).")])]
    out.append(Task(
        id="l4d2-eval-tank_spawn-scaffold-slay_tanks", family="scaffold", theme="tank_spawn",
        title="Admin command that slays every Tank",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin with the admin command `sm_slaytanks` (admin flag `ADMFLAG_SLAY`; ordinary players must not be able to run it).

- It kills (`ForcePlayerSuicide`, sdktools) every in-game, living infected player (team 3) whose `m_zombieClass` send property is 8 (Tank). Other infected and survivors are untouched.
- Reply `[Tank] Slew <n> Tank(s).` and log the action with `LogAction(client, -1, "\\"%L\\" slew %d Tank(s)", ...)`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("security", "registered with RegConsoleCmd: any player can slay the Tanks",
                   mutate(ref, ('RegAdminCmd("sm_slaytanks", Cmd_SlayTanks, ADMFLAG_SLAY, "Slays every living Tank");',
                                'RegConsoleCmd("sm_slaytanks", Cmd_SlayTanks, "Slays every living Tank");'))),
            Broken("behaviour", "slays every infected, not only Tanks",
                   mutate(ref, ('        if (GetEntProp(i, Prop_Send, "m_zombieClass") != 8)\n        {\n            continue;\n        }\n', ""))),
            Broken("compile", "ForcePlayerSuicide without including sdktools",
                   ref.replace("#include <sdktools>\n", "", 1)),
        ],
        checks=checks(natives=["ForcePlayerSuicide", "LogAction"], commands=["sm_slaytanks"], scenarios=scen),
        tags=["admin", "security", "netprop"],
    ))

    # ---------------------------------------------------------------- S2 friendly_fire: player reports, no server command
    ref = plugin("Teamkill Report", "Lets players report griefers to the admins", r'''
public void OnPluginStart()
{
    RegConsoleCmd("sm_report", Cmd_Report, "sm_report <message> - reports a problem to the admins");
}

public Action Cmd_Report(int client, int args)
{
    if (client == 0 || args < 1)
    {
        ReplyToCommand(client, "[Report] Usage: sm_report <message>");
        return Plugin_Handled;
    }
    char message[192];
    GetCmdArgString(message, sizeof(message));
    int admins = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && !IsFakeClient(i) && CheckCommandAccess(i, "sm_report_read", ADMFLAG_GENERIC, true))
        {
            PrintToChat(i, "[Report] %N: %s", client, message);
            admins++;
        }
    }
    LogMessage("Report from %L: %s", client, message);
    ReplyToCommand(client, "[Report] Sent to %d admin(s).", admins);
    return Plugin_Handled;
}
''')
    scen = [scenario("the report reaches admins only and is logged",
                     [client(1, "Nick", 2), client(2, "Ellis", 2), client(3, "Mod", 1, admin_flags="b"),
                      command(1, "sm_report Ellis keeps shooting me; kill"), command(2, "sm_report")],
                     [chat_to(3, "[Report] Nick: Ellis keeps shooting me; kill"), log("Report from Nick"),
                      reply("[Report] Sent to 1 admin(s)."), reply("Usage: sm_report <message>"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-friendly_fire-scaffold-report", family="scaffold", theme="friendly_fire",
        title="Let players report teamkillers to online admins",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin with the console command `sm_report <message>` for players to report griefing.

- From the console (client 0) or without text, reply `[Report] Usage: sm_report <message>`.
- Take the whole argument string (`GetCmdArgString`) and send `[Report] <reporter>: <message>` to every human player who has admin access (`CheckCommandAccess(i, "sm_report_read", ADMFLAG_GENERIC, true)`).
- Log it with `LogMessage("Report from %L: %s", ...)` and reply `[Report] Sent to <n> admin(s).`
- The message is player-controlled text: never put it into a server command.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("security", "echoes the report through ServerCommand: a `;` in the message runs any server command",
                   mutate(ref, ('    LogMessage("Report from %L: %s", client, message);', '    ServerCommand("echo [Report] %s", message);\n    LogMessage("Report from %L: %s", client, message);'))),
            Broken("behaviour", "sends the report to everyone, not only admins",
                   mutate(ref, ('        if (IsClientInGame(i) && !IsFakeClient(i) && CheckCommandAccess(i, "sm_report_read", ADMFLAG_GENERIC, true))',
                                '        if (IsClientInGame(i) && !IsFakeClient(i))'))),
            Broken("behaviour", "only the first word of the message is sent (GetCmdArg(1))",
                   mutate(ref, ("    GetCmdArgString(message, sizeof(message));", "    GetCmdArg(1, message, sizeof(message));"))),
            Broken("compile", "GetCmdArgString without the buffer size",
                   mutate(ref, ("    GetCmdArgString(message, sizeof(message));", "    GetCmdArgString(message);"))),
        ],
        checks=checks(natives=["LogMessage", "PrintToChat"], commands=["sm_report"], scenarios=scen),
        tags=["security", "command", "admin"],
    ))

    # ---------------------------------------------------------------- S3 jockey_ride: admin slap of riding jockeys
    ref = plugin("Jockey Slap", "Admins can slap every Jockey that is riding someone", r'''
public void OnPluginStart()
{
    RegAdminCmd("sm_slapjockeys", Cmd_SlapJockeys, ADMFLAG_SLAY, "Slaps every Jockey that is riding a survivor");
}

public Action Cmd_SlapJockeys(int client, int args)
{
    int slapped = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (!IsClientInGame(i) || GetClientTeam(i) != 3 || !IsPlayerAlive(i))
        {
            continue;
        }
        int victim = GetEntPropEnt(i, Prop_Send, "m_jockeyVictim");
        if (victim <= 0)
        {
            continue;
        }
        SlapPlayer(i, 10, false);
        PrintToChatAll("[Jockey] %N was slapped off %N!", i, victim);
        slapped++;
    }
    ReplyToCommand(client, "[Jockey] Slapped %d Jockey(s).", slapped);
    return Plugin_Handled;
}
''', sdktools=True)
    admin = client(4, "Admin", 1, admin_flags="f")
    scen = [scenario("only riding Jockeys are slapped",
                     [client(1, "Nick", 2), client(2, "Ellis", 2), infected(8, "Jockey", "jockey", netprops={"m_jockeyVictim": 2}),
                      infected(9, "Idle Jockey", "jockey"), admin, command(4, "sm_slapjockeys")],
                     [{"slapped": {"client": 8}}, chat("[Jockey] Jockey was slapped off Ellis!"), no_chat("Idle Jockey was slapped"),
                      reply("[Jockey] Slapped 1 Jockey(s)."), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-jockey_ride-scaffold-slap_jockeys", family="scaffold", theme="jockey_ride",
        title="Admin command that slaps riding Jockeys",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin with the admin command `sm_slapjockeys` (flag `ADMFLAG_SLAY`; not available to ordinary players).

- For every in-game, living infected player (team 3) whose `m_jockeyVictim` send property (an entity; -1 when not riding) is a client, slap them with `SlapPlayer(jockey, 10, false)` (sdktools) and print to all `[Jockey] <jockey> was slapped off <victim>!`.
- Reply `[Jockey] Slapped <n> Jockey(s).`

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("security", "registered with RegConsoleCmd: anyone can slap players",
                   mutate(ref, ('RegAdminCmd("sm_slapjockeys", Cmd_SlapJockeys, ADMFLAG_SLAY, "Slaps every Jockey that is riding a survivor");',
                                'RegConsoleCmd("sm_slapjockeys", Cmd_SlapJockeys, "Slaps every Jockey that is riding a survivor");'))),
            Broken("security", "registered with RegAdminCmd but with flag 0, which gives every player access",
                   mutate(ref, ('RegAdminCmd("sm_slapjockeys", Cmd_SlapJockeys, ADMFLAG_SLAY,', 'RegAdminCmd("sm_slapjockeys", Cmd_SlapJockeys, 0,'))),
            Broken("behaviour", "slaps every Jockey, riding or not (and errors on -1 victims)",
                   mutate(ref, ("        if (victim <= 0)\n        {\n            continue;\n        }\n", ""))),
            Broken("static", "reads the riding state with GetEntProp (m_jockeyVictim is an entity property)",
                   mutate(ref, ('        int victim = GetEntPropEnt(i, Prop_Send, "m_jockeyVictim");', '        int victim = GetEntProp(i, Prop_Send, "m_jockeyVictim");'))),
        ],
        checks=checks(natives=["SlapPlayer", "GetEntPropEnt"], commands=["sm_slapjockeys"], netprops=["m_jockeyVictim"],
                      scenarios=scen),
        tags=["admin", "security", "netprop"],
    ))

    # ---------------------------------------------------------------- S4 bile_tracker: admin sets a ConVar
    ref = plugin("Bile Mode Switch", "Admins switch the bile announcement mode", r'''
ConVar g_cvMode;

public void OnPluginStart()
{
    g_cvMode = CreateConVar("l4d2_bile_mode", "1", "0 = silent, 1 = chat, 2 = chat and hint", FCVAR_NOTIFY, true, 0.0, true, 2.0);
    RegAdminCmd("sm_bilemode", Cmd_BileMode, ADMFLAG_CONVARS, "sm_bilemode <0|1|2>");
    HookEvent("player_now_it", Event_NowIt);
}

public Action Cmd_BileMode(int client, int args)
{
    if (args < 1)
    {
        ReplyToCommand(client, "[Bile] Mode is %d. Usage: sm_bilemode <0|1|2>", g_cvMode.IntValue);
        return Plugin_Handled;
    }
    char arg[8];
    GetCmdArg(1, arg, sizeof(arg));
    int mode = StringToInt(arg);
    if (mode < 0 || mode > 2)
    {
        ReplyToCommand(client, "[Bile] The mode must be 0, 1 or 2.");
        return Plugin_Handled;
    }
    g_cvMode.IntValue = mode;
    ReplyToCommand(client, "[Bile] Mode set to %d.", mode);
    return Plugin_Handled;
}

public void Event_NowIt(Event event, const char[] name, bool dontBroadcast)
{
    int mode = g_cvMode.IntValue;
    int victim = GetClientOfUserId(event.GetInt("userid"));
    if (mode == 0 || victim == 0 || GetClientTeam(victim) != 2)
    {
        return;
    }
    PrintToChatAll("[Bile] %N is covered in bile!", victim);
    if (mode == 2)
    {
        PrintHintText(victim, "You are biled - stay close to your team!");
    }
}
''')
    admin = client(4, "Admin", 1, admin_flags="h")
    scen = [scenario("the admin changes the mode and the announcements follow",
                     [client(1, "Nick", 2), client(2, "Ellis", 2), admin, command(4, "sm_bilemode 2"),
                      event("player_now_it", userid=uid(1), attacker=0, exploded=False, infected=False, by_boomer=True),
                      command(4, "sm_bilemode 7"), command(4, "sm_bilemode")],
                     [reply("[Bile] Mode set to 2."), {"convar": {"name": "l4d2_bile_mode", "equals": "2"}},
                      chat("[Bile] Nick is covered in bile!"), hint("You are biled - stay close to your team!"),
                      reply("The mode must be 0, 1 or 2."), reply("[Bile] Mode is 2."), NO_ERRORS]),
            scenario("mode 0 silences",
                     [client(1, "Nick", 2), admin, command(4, "sm_bilemode 0"),
                      event("player_now_it", userid=uid(1), attacker=0, exploded=False, infected=False, by_boomer=True)],
                     [no_chat("covered in bile")])]
    out.append(Task(
        id="l4d2-eval-bile_tracker-scaffold-mode_switch", family="scaffold", theme="bile_tracker",
        title="Bile announcements with an admin-controlled mode",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin for bile announcements whose mode admins can change in game.

- ConVar `l4d2_bile_mode` (default "1", bounds 0..2): 0 = silent, 1 = chat, 2 = chat and hint.
- Admin command `sm_bilemode <0|1|2>` (flag `ADMFLAG_CONVARS`; ordinary players must not be able to change it). Without an argument reply `[Bile] Mode is <mode>. Usage: sm_bilemode <0|1|2>`; a value outside 0..2 gets `[Bile] The mode must be 0, 1 or 2.`; otherwise set the ConVar and reply `[Bile] Mode set to <mode>.`
- On `player_now_it` (`userid`) for a survivor (team 2): in modes 1 and 2 print to all `[Bile] <name> is covered in bile!`; in mode 2 also show them the hint `You are biled - stay close to your team!`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("security", "any player can change the server ConVar: registered with RegConsoleCmd",
                   mutate(ref, ('RegAdminCmd("sm_bilemode", Cmd_BileMode, ADMFLAG_CONVARS, "sm_bilemode <0|1|2>");',
                                'RegConsoleCmd("sm_bilemode", Cmd_BileMode, "sm_bilemode <0|1|2>");'))),
            Broken("behaviour", "no range check: 7 is written to the ConVar (clamped to 2) and reported as set",
                   mutate(ref, ("    if (mode < 0 || mode > 2)\n    {\n        ReplyToCommand(client, \"[Bile] The mode must be 0, 1 or 2.\");\n        return Plugin_Handled;\n    }\n", ""))),
            Broken("behaviour", "mode 2 forgets the hint",
                   mutate(ref, ("    if (mode == 2)\n    {\n        PrintHintText(victim, \"You are biled - stay close to your team!\");\n    }\n", ""))),
            Broken("compile", "assigns the ConVar property with a string",
                   mutate(ref, ("    g_cvMode.IntValue = mode;", "    g_cvMode.IntValue = arg;"))),
        ],
        checks=checks(natives=["ConVar.IntValue.set", "GetCmdArg"], events=["player_now_it"], commands=["sm_bilemode"],
                      convars=["l4d2_bile_mode"], scenarios=scen),
        tags=["admin", "security", "convar"],
    ))

    # ---------------------------------------------------------------- S5 random_timer: dice roll with cooldown
    ref = plugin("Survivor Dice", "Players roll a die with a cooldown", r'''
ConVar g_cvCooldown;
float g_fLastRoll[MAXPLAYERS + 1];

public void OnPluginStart()
{
    g_cvCooldown = CreateConVar("l4d2_roll_cooldown", "10.0", "Seconds between rolls per player", FCVAR_NOTIFY, true, 0.0);
    RegConsoleCmd("sm_roll", Cmd_Roll, "Rolls a die (1-6)");
}

public void OnClientDisconnect(int client)
{
    g_fLastRoll[client] = 0.0;
}

public Action Cmd_Roll(int client, int args)
{
    if (client == 0)
    {
        ReplyToCommand(client, "[Dice] Players only.");
        return Plugin_Handled;
    }
    float now = GetGameTime();
    float wait = g_fLastRoll[client] + g_cvCooldown.FloatValue - now;
    if (g_fLastRoll[client] > 0.0 && wait > 0.0)
    {
        ReplyToCommand(client, "[Dice] Wait %.0f more second(s).", wait);
        return Plugin_Handled;
    }
    g_fLastRoll[client] = now;
    int roll = GetRandomInt(1, 6);
    PrintToChatAll("[Dice] %N rolled a %d.", client, roll);
    return Plugin_Handled;
}
''')
    scen = [scenario("one roll, then the cooldown, then another roll",
                     [FOUR, advance(1.0), command(1, "sm_roll"), advance(3.0), command(1, "sm_roll"), command(2, "sm_roll"),
                      advance(8.0), command(1, "sm_roll"), command(0, "sm_roll")],
                     [chat("[Dice] Nick rolled a "), reply("[Dice] Wait 7 more second(s)."), chat("[Dice] Ellis rolled a "),
                      reply("[Dice] Players only."), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-random_timer-scaffold-dice", family="scaffold", theme="random_timer",
        title="Dice roll command with a per-player cooldown",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin with the console command `sm_roll`.

- It rolls a die with `GetRandomInt(1, 6)` (there is no `RandomInt`) and prints to all `[Dice] <name> rolled a <n>.`
- ConVar `l4d2_roll_cooldown` (default "10.0"): a player who rolled less than that many seconds ago (use `GetGameTime()`) gets `[Dice] Wait <seconds left, no decimals> more second(s).` instead. The cooldown is per player and resets when the slot is freed (`OnClientDisconnect`).
- From the server console reply `[Dice] Players only.`

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("compile", "uses RandomInt, which SourceMod does not have", mutate(ref, ("    int roll = GetRandomInt(1, 6);", "    int roll = RandomInt(1, 6);"))),
            Broken("behaviour", "one global cooldown for everybody",
                   mutate(ref, ("float g_fLastRoll[MAXPLAYERS + 1];", "float g_fLastRollAll;\nfloat g_fLastRoll[MAXPLAYERS + 1];"),
                          ("    float wait = g_fLastRoll[client] + g_cvCooldown.FloatValue - now;\n    if (g_fLastRoll[client] > 0.0 && wait > 0.0)",
                           "    float wait = g_fLastRollAll + g_cvCooldown.FloatValue - now;\n    if (g_fLastRollAll > 0.0 && wait > 0.0)"),
                          ("    g_fLastRoll[client] = now;\n    int roll", "    g_fLastRollAll = now;\n    int roll"))),
            Broken("behaviour", "no cooldown check at all",
                   mutate(ref, ("    if (g_fLastRoll[client] > 0.0 && wait > 0.0)", "    if (wait > 1000.0)"))),
        ],
        checks=checks(natives=["GetRandomInt", "GetGameTime"], forbid_natives=["RandomInt"], commands=["sm_roll"],
                      convars=["l4d2_roll_cooldown"], scenarios=scen),
        tags=["random", "command", "cooldown"],
    ))

    # ---------------------------------------------------------------- S6 spitter_spit: acid damage per survivor
    ref = plugin("Acid Damage Tracker", "Sums the acid damage each survivor took", r'''
int g_iAcid[MAXPLAYERS + 1];

public void OnPluginStart()
{
    HookEvent("player_hurt", Event_PlayerHurt);
    HookEvent("round_start", Event_RoundStart, EventHookMode_PostNoCopy);
    RegConsoleCmd("sm_acid_damage", Cmd_AcidDamage, "Shows acid damage taken this round");
}

public void Event_RoundStart(Event event, const char[] name, bool dontBroadcast)
{
    for (int i = 0; i <= MaxClients; i++)
    {
        g_iAcid[i] = 0;
    }
}

public void OnClientDisconnect(int client)
{
    g_iAcid[client] = 0;
}

public void Event_PlayerHurt(Event event, const char[] name, bool dontBroadcast)
{
    char weapon[32];
    event.GetString("weapon", weapon, sizeof(weapon));
    if (!StrEqual(weapon, "insect_swarm"))
    {
        return;
    }
    int victim = GetClientOfUserId(event.GetInt("userid"));
    if (victim == 0 || GetClientTeam(victim) != 2)
    {
        return;
    }
    g_iAcid[victim] += event.GetInt("dmg_health");
}

public Action Cmd_AcidDamage(int client, int args)
{
    int total = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && g_iAcid[i] > 0)
        {
            ReplyToCommand(client, "[Acid] %N: %d", i, g_iAcid[i]);
            total += g_iAcid[i];
        }
    }
    ReplyToCommand(client, "[Acid] Total acid damage this round: %d", total);
    return Plugin_Handled;
}
''')
    hurt = lambda v, w, d: event("player_hurt", userid=uid(v), attacker=uid(9), attackerentid=9, health=100 - d, armor=0,  # noqa: E731
                                 weapon=w, dmg_health=d, dmg_armor=0, hitgroup=0, type=263168)
    scen = [scenario("only insect_swarm damage on survivors counts",
                     [FOUR, infected(9, "Spitter", "spitter"), hurt(1, "insect_swarm", 4), hurt(1, "insect_swarm", 6),
                      hurt(2, "spitter_claw", 5), hurt(3, "insect_swarm", 3), command(4, "sm_acid_damage")],
                     [reply("[Acid] Nick: 10"), reply("[Acid] Rochelle: 3"), reply("[Acid] Total acid damage this round: 13"),
                      NO_ERRORS]),
            scenario("reset each round",
                     [FOUR, infected(9, "Spitter", "spitter"), hurt(1, "insect_swarm", 4), event("round_start"),
                      command(4, "sm_acid_damage")],
                     [reply("Total acid damage this round: 0")])]
    out.append(Task(
        id="l4d2-eval-spitter_spit-scaffold-acid_damage", family="scaffold", theme="spitter_spit",
        title="Track how much Spitter acid damage each survivor takes",
        prompt=f"""Write a Left 4 Dead 2 SourceMod plugin that tracks Spitter acid damage.

- Hook `player_hurt`. Acid damage has the `weapon` string field `insect_swarm`; other weapons are ignored. Add the event's `dmg_health` to the victim's (`userid`) total, survivors (team 2) only.
- Totals reset on `round_start` and per slot in `OnClientDisconnect`.
- `sm_acid_damage` replies one line `[Acid] <name>: <damage>` per in-game player with a non-zero total, then `[Acid] Total acid damage this round: <sum>`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "counts all damage, not only acid",
                   mutate(ref, ('    if (!StrEqual(weapon, "insect_swarm"))\n    {\n        return;\n    }\n', ""))),
            Broken("behaviour", "reads the attacker instead of the victim",
                   mutate(ref, ('    int victim = GetClientOfUserId(event.GetInt("userid"));', '    int victim = GetClientOfUserId(event.GetInt("attacker"));'))),
            Broken("compile", "the weapon buffer is declared as an int",
                   mutate(ref, ("    char weapon[32];", "    int weapon;"))),
        ],
        checks=checks(natives=["Event.GetString", "Event.GetInt", "ReplyToCommand"], events=["player_hurt", "round_start"],
                      commands=["sm_acid_damage"], scenarios=scen),
        tags=["events", "strings"],
    ))
    return out


# ====================================================================================================== refactors

def refactors() -> list[Task]:
    out = []
    # ---------------------------------------------------------------- F1 tank_rock: trie -> StringMap
    legacy = legacy_plugin("Rock Hits", "Counts Tank rock hits per survivor name", r'''
new Handle:g_hHits = INVALID_HANDLE;

public OnPluginStart()
{
    g_hHits = CreateTrie();
    HookEvent("player_hurt", Event_PlayerHurt);
    RegConsoleCmd("sm_rockhits", Command_RockHits);
}

public Event_PlayerHurt(Handle:event, const String:name[], bool:dontBroadcast)
{
    decl String:weapon[32];
    GetEventString(event, "weapon", weapon, sizeof(weapon));
    if (!StrEqual(weapon, "tank_rock"))
    {
        return;
    }
    new victim = GetClientOfUserId(GetEventInt(event, "userid"));
    if (victim == 0)
    {
        return;
    }
    decl String:victimName[MAX_NAME_LENGTH];
    GetClientName(victim, victimName, sizeof(victimName));
    new hits = 0;
    GetTrieValue(g_hHits, victimName, hits);
    SetTrieValue(g_hHits, victimName, hits + 1);
}

public Action:Command_RockHits(client, args)
{
    if (client == 0)
    {
        return Plugin_Handled;
    }
    decl String:myName[MAX_NAME_LENGTH];
    GetClientName(client, myName, sizeof(myName));
    new hits = 0;
    GetTrieValue(g_hHits, myName, hits);
    ReplyToCommand(client, "[Rock] You were hit by %d rock(s).", hits);
    return Plugin_Handled;
}
''')
    ref = plugin("Rock Hits", "Counts Tank rock hits per survivor name", r'''
StringMap g_hHits;

public void OnPluginStart()
{
    g_hHits = new StringMap();
    HookEvent("player_hurt", Event_PlayerHurt);
    RegConsoleCmd("sm_rockhits", Command_RockHits);
}

public void Event_PlayerHurt(Event event, const char[] name, bool dontBroadcast)
{
    char weapon[32];
    event.GetString("weapon", weapon, sizeof(weapon));
    if (!StrEqual(weapon, "tank_rock"))
    {
        return;
    }
    int victim = GetClientOfUserId(event.GetInt("userid"));
    if (victim == 0)
    {
        return;
    }
    char victimName[MAX_NAME_LENGTH];
    GetClientName(victim, victimName, sizeof(victimName));
    int hits = 0;
    g_hHits.GetValue(victimName, hits);
    g_hHits.SetValue(victimName, hits + 1);
}

public Action Command_RockHits(int client, int args)
{
    if (client == 0)
    {
        return Plugin_Handled;
    }
    char myName[MAX_NAME_LENGTH];
    GetClientName(client, myName, sizeof(myName));
    int hits = 0;
    g_hHits.GetValue(myName, hits);
    ReplyToCommand(client, "[Rock] You were hit by %d rock(s).", hits);
    return Plugin_Handled;
}
''')
    hurt = lambda v, w: event("player_hurt", userid=uid(v), attacker=uid(11), attackerentid=11, health=70, armor=0,  # noqa: E731
                              weapon=w, dmg_health=24, dmg_armor=0, hitgroup=0, type=128)
    scen = [scenario("rock hits are counted per name",
                     [FOUR, infected(11, "Tank", "tank"), hurt(2, "tank_rock"), hurt(2, "tank_rock"), hurt(2, "tank_claw"),
                      hurt(3, "tank_rock"), command(2, "sm_rockhits"), command(1, "sm_rockhits")],
                     [reply("[Rock] You were hit by 2 rock(s)."), reply("[Rock] You were hit by 0 rock(s)."), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-tank_rock-refactor-stringmap", family="refactor", theme="tank_rock",
        title="Port the rock hit counter from trie natives to StringMap",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`): a `StringMap` with `.SetValue`/`.GetValue` instead of `CreateTrie`/`SetTrieValue`/`GetTrieValue`, `event.GetString`/`event.GetInt` instead of `GetEventString`/`GetEventInt`, `char` buffers and typed callbacks. Output must not change.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "unchanged: trie natives and GetEvent* natives", legacy),
            Broken("behaviour", "the rewrite counts every Tank hit, not only rocks",
                   mutate(ref, ('    if (!StrEqual(weapon, "tank_rock"))\n    {\n        return;\n    }\n', ""))),
            Broken("compile", "calls a StringMap method that does not exist (Increment)",
                   mutate(ref, ("    int hits = 0;\n    g_hHits.GetValue(victimName, hits);\n    g_hHits.SetValue(victimName, hits + 1);",
                                "    g_hHits.Increment(victimName);"))),
        ],
        checks=checks(natives=["StringMap.StringMap", "StringMap.SetValue", "StringMap.GetValue", "Event.GetString"],
                      forbid_natives=["CreateTrie", "SetTrieValue", "GetTrieValue", "GetEventString", "GetEventInt"],
                      events=["player_hurt"], commands=["sm_rockhits"], scenarios=scen),
        tags=["legacy-syntax", "stringmap"],
    ))

    # ---------------------------------------------------------------- F2 speed_boost: HookConVarChange -> AddChangeHook
    legacy = legacy_plugin("Infected Speed", "Applies a speed multiplier to infected players", r'''
new Handle:g_hSpeed;

public OnPluginStart()
{
    g_hSpeed = CreateConVar("l4d2_infected_speed", "1.0", "Infected movement speed multiplier", FCVAR_NOTIFY, true, 0.5, true, 2.0);
    HookConVarChange(g_hSpeed, OnSpeedChanged);
    HookEvent("player_spawn", Event_PlayerSpawn);
}

public OnSpeedChanged(Handle:convar, const String:oldValue[], const String:newValue[])
{
    new Float:speed = StringToFloat(newValue);
    for (new i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 3 && IsPlayerAlive(i))
        {
            SetEntPropFloat(i, Prop_Send, "m_flLaggedMovementValue", speed);
        }
    }
}

public Event_PlayerSpawn(Handle:event, const String:name[], bool:dontBroadcast)
{
    new client = GetClientOfUserId(GetEventInt(event, "userid"));
    if (client != 0 && GetClientTeam(client) == 3)
    {
        SetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue", GetConVarFloat(g_hSpeed));
    }
}
''')
    ref = plugin("Infected Speed", "Applies a speed multiplier to infected players", r'''
ConVar g_hSpeed;

public void OnPluginStart()
{
    g_hSpeed = CreateConVar("l4d2_infected_speed", "1.0", "Infected movement speed multiplier", FCVAR_NOTIFY, true, 0.5, true, 2.0);
    g_hSpeed.AddChangeHook(OnSpeedChanged);
    HookEvent("player_spawn", Event_PlayerSpawn);
}

public void OnSpeedChanged(ConVar convar, const char[] oldValue, const char[] newValue)
{
    float speed = StringToFloat(newValue);
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && GetClientTeam(i) == 3 && IsPlayerAlive(i))
        {
            SetEntPropFloat(i, Prop_Send, "m_flLaggedMovementValue", speed);
        }
    }
}

public void Event_PlayerSpawn(Event event, const char[] name, bool dontBroadcast)
{
    int client = GetClientOfUserId(event.GetInt("userid"));
    if (client != 0 && GetClientTeam(client) == 3)
    {
        SetEntPropFloat(client, Prop_Send, "m_flLaggedMovementValue", g_hSpeed.FloatValue);
    }
}
''')
    scen = [scenario("a ConVar change applies to living infected; new spawns get the value",
                     [client(1, "Nick", 2), infected(5, "Hunter", "hunter"), infected(6, "Smoker", "smoker"),
                      set_convar("l4d2_infected_speed", "1.25"), infected(7, "Charger", "charger"),
                      event("player_spawn", userid=uid(7))],
                     [netprop(5, "m_flLaggedMovementValue", 1.25, 0.001), netprop(6, "m_flLaggedMovementValue", 1.25, 0.001),
                      netprop(7, "m_flLaggedMovementValue", 1.25, 0.001), netprop(1, "m_flLaggedMovementValue", 1.0, 0.001),
                      NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-speed_boost-refactor-change_hook", family="refactor", theme="speed_boost",
        title="Port HookConVarChange and GetConVarFloat to ConVar methods",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`): `ConVar` with `.AddChangeHook(...)` instead of `HookConVarChange`, `.FloatValue` instead of `GetConVarFloat`, a `ConVarChanged` callback `public void OnSpeedChanged(ConVar convar, const char[] oldValue, const char[] newValue)`, `Event` instead of `GetEventInt`. Behaviour must not change.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "legacy HookConVarChange/GetConVarFloat/GetEventInt kept", legacy),
            Broken("behaviour", "the change hook now applies the speed to survivors",
                   mutate(ref, ("        if (IsClientInGame(i) && GetClientTeam(i) == 3 && IsPlayerAlive(i))", "        if (IsClientInGame(i) && GetClientTeam(i) == 2 && IsPlayerAlive(i))"))),
            Broken("compile", "the change hook keeps the old `Handle:convar, const String:` signature under newdecls",
                   mutate(ref, ("public void OnSpeedChanged(ConVar convar, const char[] oldValue, const char[] newValue)", "public void OnSpeedChanged(Handle:convar, const String:oldValue[], const String:newValue[])"))),
        ],
        checks=checks(natives=["ConVar.AddChangeHook", "ConVar.FloatValue.get", "SetEntPropFloat"],
                      forbid_natives=["HookConVarChange", "GetConVarFloat", "GetEventInt"], events=["player_spawn"],
                      convars=["l4d2_infected_speed"], netprops=["m_flLaggedMovementValue"], scenarios=scen),
        tags=["legacy-syntax", "convar"],
    ))

    # ---------------------------------------------------------------- F3 hunter_pounce: SetConVarInt / FindConVar
    legacy = legacy_plugin("Hunter Health", "Admins set the Hunter's health", r'''
new Handle:g_hHunterHealth = INVALID_HANDLE;

public OnPluginStart()
{
    g_hHunterHealth = FindConVar("z_hunter_health");
    RegAdminCmd("sm_hunterhp", Command_HunterHp, ADMFLAG_CHEATS, "sm_hunterhp [health]");
}

public Action:Command_HunterHp(client, args)
{
    if (g_hHunterHealth == INVALID_HANDLE)
    {
        ReplyToCommand(client, "[Hunter] z_hunter_health was not found.");
        return Plugin_Handled;
    }
    if (args < 1)
    {
        ReplyToCommand(client, "[Hunter] Hunter health is %d.", GetConVarInt(g_hHunterHealth));
        return Plugin_Handled;
    }
    decl String:arg[16];
    GetCmdArg(1, arg, sizeof(arg));
    new value = StringToInt(arg);
    if (value < 1 || value > 5000)
    {
        ReplyToCommand(client, "[Hunter] Health must be between 1 and 5000.");
        return Plugin_Handled;
    }
    SetConVarInt(g_hHunterHealth, value);
    ReplyToCommand(client, "[Hunter] Hunter health set to %d.", value);
    return Plugin_Handled;
}
''')
    ref = plugin("Hunter Health", "Admins set the Hunter's health", r'''
ConVar g_hHunterHealth = null;

public void OnPluginStart()
{
    g_hHunterHealth = FindConVar("z_hunter_health");
    RegAdminCmd("sm_hunterhp", Command_HunterHp, ADMFLAG_CHEATS, "sm_hunterhp [health]");
}

public Action Command_HunterHp(int client, int args)
{
    if (g_hHunterHealth == null)
    {
        ReplyToCommand(client, "[Hunter] z_hunter_health was not found.");
        return Plugin_Handled;
    }
    if (args < 1)
    {
        ReplyToCommand(client, "[Hunter] Hunter health is %d.", g_hHunterHealth.IntValue);
        return Plugin_Handled;
    }
    char arg[16];
    GetCmdArg(1, arg, sizeof(arg));
    int value = StringToInt(arg);
    if (value < 1 || value > 5000)
    {
        ReplyToCommand(client, "[Hunter] Health must be between 1 and 5000.");
        return Plugin_Handled;
    }
    g_hHunterHealth.IntValue = value;
    ReplyToCommand(client, "[Hunter] Hunter health set to %d.", value);
    return Plugin_Handled;
}
''')
    admin = client(4, "Admin", 1, admin_flags="n")
    scen = [scenario("read and set the game cvar",
                     [client(1, "Nick", 2), admin, command(4, "sm_hunterhp"), command(4, "sm_hunterhp 400"),
                      command(4, "sm_hunterhp 9000")],
                     [reply("[Hunter] Hunter health is 250."), reply("[Hunter] Hunter health set to 400."),
                      {"convar": {"name": "z_hunter_health", "equals": "400"}}, reply("Health must be between 1 and 5000."),
                      NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-hunter_pounce-refactor-hunter_health", family="refactor", theme="hunter_pounce",
        title="Port the Hunter health admin command to ConVar methodmaps",
        prompt=f"""Port this admin plugin to new-style SourcePawn (`#pragma newdecls required`): store the found cvar as a `ConVar`, read it with `.IntValue`, write it with `.IntValue = ...` (or `.SetInt`) instead of `GetConVarInt`/`SetConVarInt`, use `null` instead of `INVALID_HANDLE` and typed declarations. Keep the admin flag, the validation and the replies.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "still GetConVarInt/SetConVarInt", legacy),
            Broken("security", "the rewrite registers it with RegConsoleCmd, letting any player change a game cvar",
                   mutate(ref, ('RegAdminCmd("sm_hunterhp", Command_HunterHp, ADMFLAG_CHEATS, "sm_hunterhp [health]");',
                                'RegConsoleCmd("sm_hunterhp", Command_HunterHp, "sm_hunterhp [health]");'))),
            Broken("behaviour", "the range check was lost in the rewrite",
                   mutate(ref, ("    if (value < 1 || value > 5000)\n    {\n        ReplyToCommand(client, \"[Hunter] Health must be between 1 and 5000.\");\n        return Plugin_Handled;\n    }\n", ""))),
        ],
        checks=checks(natives=["FindConVar", "ConVar.IntValue.get", "ConVar.IntValue.set"],
                      forbid_natives=["GetConVarInt", "SetConVarInt"], commands=["sm_hunterhp"], scenarios=scen),
        tags=["legacy-syntax", "convar", "admin"],
    ))

    # ---------------------------------------------------------------- F4 saferoom_heal: timer with userid, legacy any:
    legacy = legacy_plugin("Delayed Revive Heal", "Tops up revived survivors after a short delay", r'''
new Handle:g_hAmount;

public OnPluginStart()
{
    g_hAmount = CreateConVar("l4d2_revive_topup", "20", "Health added two seconds after a revive");
    HookEvent("revive_success", Event_ReviveSuccess);
}

public Event_ReviveSuccess(Handle:event, const String:name[], bool:dontBroadcast)
{
    new subject = GetClientOfUserId(GetEventInt(event, "subject"));
    if (subject == 0 || GetEventBool(event, "ledge_hang"))
    {
        return;
    }
    CreateTimer(2.0, Timer_TopUp, GetClientUserId(subject), TIMER_FLAG_NO_MAPCHANGE);
}

public Action:Timer_TopUp(Handle:timer, any:userid)
{
    new client = GetClientOfUserId(userid);
    if (client == 0 || !IsClientInGame(client) || !IsPlayerAlive(client))
    {
        return Plugin_Stop;
    }
    new health = GetClientHealth(client) + GetConVarInt(g_hAmount);
    if (health > 100)
    {
        health = 100;
    }
    SetEntityHealth(client, health);
    PrintToChat(client, "[Saferoom] +%d health after your revive.", GetConVarInt(g_hAmount));
    return Plugin_Stop;
}
''')
    ref = plugin("Delayed Revive Heal", "Tops up revived survivors after a short delay", r'''
ConVar g_hAmount;

public void OnPluginStart()
{
    g_hAmount = CreateConVar("l4d2_revive_topup", "20", "Health added two seconds after a revive");
    HookEvent("revive_success", Event_ReviveSuccess);
}

public void Event_ReviveSuccess(Event event, const char[] name, bool dontBroadcast)
{
    int subject = GetClientOfUserId(event.GetInt("subject"));
    if (subject == 0 || event.GetBool("ledge_hang"))
    {
        return;
    }
    CreateTimer(2.0, Timer_TopUp, GetClientUserId(subject), TIMER_FLAG_NO_MAPCHANGE);
}

public Action Timer_TopUp(Handle timer, any userid)
{
    int client = GetClientOfUserId(userid);
    if (client == 0 || !IsClientInGame(client) || !IsPlayerAlive(client))
    {
        return Plugin_Stop;
    }
    int health = GetClientHealth(client) + g_hAmount.IntValue;
    if (health > 100)
    {
        health = 100;
    }
    SetEntityHealth(client, health);
    PrintToChat(client, "[Saferoom] +%d health after your revive.", g_hAmount.IntValue);
    return Plugin_Stop;
}
''')
    rev = lambda s, ledge=False: event("revive_success", userid=uid(1), subject=uid(s), lastlife=False, ledge_hang=ledge)  # noqa: E731
    scen = [scenario("revived survivors get the top-up after two seconds; ledge revives do not",
                     [client(1, "Nick", 2), client(2, "Ellis", 2, health=30), client(3, "Rochelle", 2, health=90),
                      client(4, "Coach", 2, health=30), rev(2), rev(3), rev(4, True), advance(1.5)],
                     [health(2, 30)]),
            scenario("after the delay",
                     [client(1, "Nick", 2), client(2, "Ellis", 2, health=30), client(3, "Rochelle", 2, health=90),
                      client(4, "Coach", 2, health=30), rev(2), rev(3), rev(4, True), advance(2.5)],
                     [health(2, 50), health(3, 100), health(4, 30), chat_to(2, "[Saferoom] +20 health after your revive."), NO_ERRORS]),
            scenario("a survivor who left before the timer is skipped",
                     [client(1, "Nick", 2), client(2, "Ellis", 2, health=30), rev(2), {"remove_client": 2}, advance(3.0)],
                     [NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-saferoom_heal-refactor-revive_topup", family="refactor", theme="saferoom_heal",
        title="Port the delayed revive heal (timer with userid) to new-style syntax",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`): `ConVar`/`.IntValue`, `Event` with `.GetInt`/`.GetBool`, and a typed timer callback `public Action Timer_TopUp(Handle timer, any userid)`. The timer must keep carrying the userid and re-validating it.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "legacy GetEventInt/GetEventBool/GetConVarInt kept", legacy),
            Broken("behaviour", "the rewrite passes the client index and drops the re-validation",
                   mutate(ref, ("    CreateTimer(2.0, Timer_TopUp, GetClientUserId(subject), TIMER_FLAG_NO_MAPCHANGE);", "    CreateTimer(2.0, Timer_TopUp, subject, TIMER_FLAG_NO_MAPCHANGE);"),
                          ("    int client = GetClientOfUserId(userid);\n    if (client == 0 || !IsClientInGame(client) || !IsPlayerAlive(client))\n    {\n        return Plugin_Stop;\n    }\n",
                           "    int client = userid;\n"))),
            Broken("compile", "timer callback declared with the old `any:userid` tag syntax under newdecls",
                   mutate(ref, ("public Action Timer_TopUp(Handle timer, any userid)", "public Action Timer_TopUp(Handle timer, any:userid)"))),
        ],
        checks=checks(natives=["Event.GetInt", "Event.GetBool", "ConVar.IntValue.get", "CreateTimer"],
                      forbid_natives=["GetEventInt", "GetEventBool", "GetConVarInt"], events=["revive_success"],
                      convars=["l4d2_revive_topup"], scenarios=scen),
        tags=["legacy-syntax", "timer", "userid"],
    ))

    # ---------------------------------------------------------------- F5 finale_start: KillTimer/INVALID_HANDLE -> delete
    legacy = legacy_plugin("Finale Radio Reminder", "Reminds survivors to call the rescue", r'''
new Handle:g_hReminder = INVALID_HANDLE;
new Handle:g_hInterval;

public OnPluginStart()
{
    g_hInterval = CreateConVar("l4d2_radio_reminder_interval", "20", "Seconds between radio reminders");
    HookEvent("finale_radio_start", Event_RadioStart, EventHookMode_PostNoCopy);
    HookEvent("finale_start", Event_FinaleStart, EventHookMode_PostNoCopy);
    HookEvent("round_end", Event_RoundEnd, EventHookMode_PostNoCopy);
}

public Event_RadioStart(Handle:event, const String:name[], bool:dontBroadcast)
{
    if (g_hReminder != INVALID_HANDLE)
    {
        CloseHandle(g_hReminder);
    }
    g_hReminder = CreateTimer(GetConVarFloat(g_hInterval), Timer_Remind, _, TIMER_REPEAT);
    PrintToChatAll("[Finale] Radio found! Use it to call the rescue.");
}

public Event_FinaleStart(Handle:event, const String:name[], bool:dontBroadcast)
{
    if (g_hReminder != INVALID_HANDLE)
    {
        CloseHandle(g_hReminder);
        g_hReminder = INVALID_HANDLE;
    }
}

public Event_RoundEnd(Handle:event, const String:name[], bool:dontBroadcast)
{
    if (g_hReminder != INVALID_HANDLE)
    {
        CloseHandle(g_hReminder);
        g_hReminder = INVALID_HANDLE;
    }
}

public Action:Timer_Remind(Handle:timer)
{
    PrintToChatAll("[Finale] Don't forget: the radio calls the rescue!");
    return Plugin_Continue;
}
''')
    ref = plugin("Finale Radio Reminder", "Reminds survivors to call the rescue", r'''
Handle g_hReminder = null;
ConVar g_hInterval;

public void OnPluginStart()
{
    g_hInterval = CreateConVar("l4d2_radio_reminder_interval", "20", "Seconds between radio reminders");
    HookEvent("finale_radio_start", Event_RadioStart, EventHookMode_PostNoCopy);
    HookEvent("finale_start", Event_FinaleStart, EventHookMode_PostNoCopy);
    HookEvent("round_end", Event_RoundEnd, EventHookMode_PostNoCopy);
}

public void Event_RadioStart(Event event, const char[] name, bool dontBroadcast)
{
    delete g_hReminder;
    g_hReminder = CreateTimer(g_hInterval.FloatValue, Timer_Remind, _, TIMER_REPEAT);
    PrintToChatAll("[Finale] Radio found! Use it to call the rescue.");
}

public void Event_FinaleStart(Event event, const char[] name, bool dontBroadcast)
{
    delete g_hReminder;
}

public void Event_RoundEnd(Event event, const char[] name, bool dontBroadcast)
{
    delete g_hReminder;
}

public Action Timer_Remind(Handle timer)
{
    PrintToChatAll("[Finale] Don't forget: the radio calls the rescue!");
    return Plugin_Continue;
}
''')
    scen = [scenario("reminders until the finale starts",
                     [FOUR, event("finale_radio_start", health=0), advance(41.0), event("finale_start", rushes=0, campaign="c1"),
                      advance(60.0)],
                     [chat("[Finale] Radio found!"), chat("[Finale] Don't forget: the radio calls the rescue!"),
                      {"pending_timers": 0}, NO_ERRORS]),
            scenario("a second radio_start restarts instead of doubling",
                     [FOUR, event("finale_radio_start", health=0), advance(10.0), event("finale_radio_start", health=0),
                      advance(15.0)],
                     [no_chat("Don't forget"), {"pending_timers": 1}])]
    out.append(Task(
        id="l4d2-eval-finale_start-refactor-delete_timer", family="refactor", theme="finale_start",
        title="Port CloseHandle/INVALID_HANDLE timer handling to `delete`",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`): typed callbacks, `null` instead of `INVALID_HANDLE`, `ConVar`/`.FloatValue` instead of `GetConVarFloat`, and `delete g_hReminder;` (which closes the handle and sets the variable to null, and does nothing for null) instead of the `CloseHandle` + `INVALID_HANDLE` blocks. The reminder behaviour must stay the same.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "unchanged: still GetConVarFloat", legacy),
            Broken("behaviour", "round_start/finale_start no longer stop the reminder (finale_start handler emptied)",
                   mutate(ref, ("public void Event_FinaleStart(Event event, const char[] name, bool dontBroadcast)\n{\n    delete g_hReminder;\n}",
                                "public void Event_FinaleStart(Event event, const char[] name, bool dontBroadcast)\n{\n}"))),
            Broken("compile", "uses `delete` on a non-handle variable name that does not exist",
                   mutate(ref, ("public void Event_RoundEnd(Event event, const char[] name, bool dontBroadcast)\n{\n    delete g_hReminder;\n}",
                                "public void Event_RoundEnd(Event event, const char[] name, bool dontBroadcast)\n{\n    delete g_hRemind;\n}"))),
        ],
        checks=checks(natives=["CreateTimer", "ConVar.FloatValue.get"], forbid_natives=["GetConVarFloat"],
                      events=["finale_radio_start", "finale_start", "round_end"],
                      convars=["l4d2_radio_reminder_interval"], scenarios=scen),
        tags=["legacy-syntax", "timer", "handles"],
    ))

    # ---------------------------------------------------------------- F6 null_client_check: legacy revive announcer
    legacy = legacy_plugin("Revive Credits", "Credits survivors for revives", r'''
new g_iRevives[MAXPLAYERS + 1];

public OnPluginStart()
{
    HookEvent("revive_success", Event_Revive);
    RegConsoleCmd("sm_revives", Command_Revives);
}

public OnClientPutInServer(client)
{
    g_iRevives[client] = 0;
}

public Event_Revive(Handle:event, const String:name[], bool:dontBroadcast)
{
    new reviver = GetClientOfUserId(GetEventInt(event, "userid"));
    new subject = GetClientOfUserId(GetEventInt(event, "subject"));
    if (reviver == 0 || subject == 0 || reviver == subject)
    {
        return;
    }
    g_iRevives[reviver]++;
    if (GetEventBool(event, "lastlife"))
    {
        PrintToChatAll("[Revive] %N picked up %N - last life, black and white!", reviver, subject);
    }
    else
    {
        PrintToChatAll("[Revive] %N picked up %N", reviver, subject);
    }
}

public Action:Command_Revives(client, args)
{
    if (client == 0)
    {
        return Plugin_Handled;
    }
    ReplyToCommand(client, "[Revive] You revived %d teammate(s).", g_iRevives[client]);
    return Plugin_Handled;
}
''')
    ref = plugin("Revive Credits", "Credits survivors for revives", r'''
int g_iRevives[MAXPLAYERS + 1];

public void OnPluginStart()
{
    HookEvent("revive_success", Event_Revive);
    RegConsoleCmd("sm_revives", Command_Revives);
}

public void OnClientPutInServer(int client)
{
    g_iRevives[client] = 0;
}

public void Event_Revive(Event event, const char[] name, bool dontBroadcast)
{
    int reviver = GetClientOfUserId(event.GetInt("userid"));
    int subject = GetClientOfUserId(event.GetInt("subject"));
    if (reviver == 0 || subject == 0 || reviver == subject)
    {
        return;
    }
    g_iRevives[reviver]++;
    if (event.GetBool("lastlife"))
    {
        PrintToChatAll("[Revive] %N picked up %N - last life, black and white!", reviver, subject);
    }
    else
    {
        PrintToChatAll("[Revive] %N picked up %N", reviver, subject);
    }
}

public Action Command_Revives(int client, int args)
{
    if (client == 0)
    {
        return Plugin_Handled;
    }
    ReplyToCommand(client, "[Revive] You revived %d teammate(s).", g_iRevives[client]);
    return Plugin_Handled;
}
''')
    rev = lambda r, s, last=False: event("revive_success", userid=uid(r) if r else 0, subject=uid(s), lastlife=last, ledge_hang=False)  # noqa: E731
    scen = [scenario("revives are credited; self and unknown revivers are ignored",
                     [FOUR, rev(1, 2), rev(1, 3, True), rev(0, 4), rev(4, 4), command(1, "sm_revives"), command(0, "sm_revives")],
                     [chat("[Revive] Nick picked up Ellis"), chat("[Revive] Nick picked up Rochelle - last life, black and white!"),
                      no_chat("picked up Coach"), reply("[Revive] You revived 2 teammate(s)."), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-null_client_check-refactor-revive_credits", family="refactor", theme="null_client_check",
        title="Port the revive credits plugin, keeping its null-client guards",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`): typed arrays and forwards (`public void OnClientPutInServer(int client)`), `Event` methods instead of `GetEventInt`/`GetEventBool`, typed command callback. Keep every check for client 0 (an unknown reviver, the server console).

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "legacy GetEventInt/GetEventBool kept", legacy),
            Broken("behaviour", "the rewrite dropped the reviver check: an unknown reviver (0) is announced as 'Console picked up'",
                   mutate(ref, ("    if (reviver == 0 || subject == 0 || reviver == subject)", "    if (subject == 0 || reviver == subject)"))),
            Broken("compile", "forward declared with an untyped parameter under newdecls",
                   mutate(ref, ("public void OnClientPutInServer(int client)", "public OnClientPutInServer(client)"))),
        ],
        checks=checks(natives=["Event.GetInt", "Event.GetBool"], forbid_natives=["GetEventInt", "GetEventBool"],
                      events=["revive_success"], commands=["sm_revives"], scenarios=scen),
        tags=["legacy-syntax", "null-client"],
    ))

    # ---------------------------------------------------------------- F7 bile_tracker: boomer_exploded legacy
    legacy = legacy_plugin("Boomer Pop Credit", "Credits survivors who pop Boomers before they vomit", r'''
new g_iPops[MAXPLAYERS + 1];
new Handle:g_hAnnounce;

public OnPluginStart()
{
    g_hAnnounce = CreateConVar("l4d2_boomer_pop_announce", "1", "Announce clean Boomer pops");
    HookEvent("boomer_exploded", Event_BoomerExploded);
}

public OnClientDisconnect(client)
{
    g_iPops[client] = 0;
}

public Event_BoomerExploded(Handle:event, const String:name[], bool:dontBroadcast)
{
    new attacker = GetClientOfUserId(GetEventInt(event, "attacker"));
    if (attacker == 0 || GetClientTeam(attacker) != 2)
    {
        return;
    }
    if (GetEventBool(event, "splashedbile"))
    {
        return;
    }
    g_iPops[attacker]++;
    if (GetConVarBool(g_hAnnounce))
    {
        PrintToChatAll("[Bile] %N popped a Boomer cleanly (%d total)", attacker, g_iPops[attacker]);
    }
}
''')
    ref = plugin("Boomer Pop Credit", "Credits survivors who pop Boomers before they vomit", r'''
int g_iPops[MAXPLAYERS + 1];
ConVar g_hAnnounce;

public void OnPluginStart()
{
    g_hAnnounce = CreateConVar("l4d2_boomer_pop_announce", "1", "Announce clean Boomer pops");
    HookEvent("boomer_exploded", Event_BoomerExploded);
}

public void OnClientDisconnect(int client)
{
    g_iPops[client] = 0;
}

public void Event_BoomerExploded(Event event, const char[] name, bool dontBroadcast)
{
    int attacker = GetClientOfUserId(event.GetInt("attacker"));
    if (attacker == 0 || GetClientTeam(attacker) != 2)
    {
        return;
    }
    if (event.GetBool("splashedbile"))
    {
        return;
    }
    g_iPops[attacker]++;
    if (g_hAnnounce.BoolValue)
    {
        PrintToChatAll("[Bile] %N popped a Boomer cleanly (%d total)", attacker, g_iPops[attacker]);
    }
}
''')
    pop = lambda a, splashed: event("boomer_exploded", userid=uid(10), attacker=uid(a) if a else 0, splashedbile=splashed)  # noqa: E731
    scen = [scenario("clean pops are credited, splashes and world pops are not",
                     [FOUR, infected(10, "Boomer", "boomer"), pop(2, False), pop(2, True), pop(0, False), pop(2, False)],
                     [chat("[Bile] Ellis popped a Boomer cleanly (2 total)"), NO_ERRORS]),
            scenario("announcement switch",
                     [FOUR, infected(10, "Boomer", "boomer"), set_convar("l4d2_boomer_pop_announce", 0), pop(2, False)],
                     [no_chat("popped a Boomer")])]
    out.append(Task(
        id="l4d2-eval-bile_tracker-refactor-boomer_pops", family="refactor", theme="bile_tracker",
        title="Port the Boomer pop credit plugin to new-style syntax",
        prompt=f"""Port this plugin to new-style SourcePawn (`#pragma newdecls required`): `int` arrays, `ConVar`/`.BoolValue`, `Event` methods instead of `GetEventInt`/`GetEventBool`, typed forwards and callbacks. Behaviour must not change.

{code_block(legacy)}

{ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "unchanged legacy natives", legacy),
            Broken("behaviour", "the splashed-bile check is inverted in the rewrite",
                   mutate(ref, ('    if (event.GetBool("splashedbile"))', '    if (!event.GetBool("splashedbile"))'))),
            Broken("static", "hooks boomer_explode (no such event) instead of boomer_exploded",
                   mutate(ref, ('HookEvent("boomer_exploded", Event_BoomerExploded);', 'HookEvent("boomer_explode", Event_BoomerExploded);'))),
        ],
        checks=checks(natives=["Event.GetInt", "Event.GetBool", "ConVar.BoolValue.get"],
                      forbid_natives=["GetEventInt", "GetEventBool", "GetConVarBool"], events=["boomer_exploded"],
                      forbid_events=["boomer_explode"], convars=["l4d2_boomer_pop_announce"], scenarios=scen),
        tags=["legacy-syntax", "methodmaps"],
    ))
    return out


# =========================================================================================================== docs

def docs() -> list[Task]:
    out = []
    # ---------------------------------------------------------------- D1 tank_spawn: KickClient
    ref = plugin("No AI Tanks", "Kicks AI Tanks when the server wants only player Tanks", r'''
ConVar g_cvNoBotTanks;

public void OnPluginStart()
{
    g_cvNoBotTanks = CreateConVar("l4d2_no_bot_tanks", "1", "Kick Tanks controlled by the AI");
    HookEvent("tank_spawn", Event_TankSpawn);
}

public void Event_TankSpawn(Event event, const char[] name, bool dontBroadcast)
{
    if (!g_cvNoBotTanks.BoolValue)
    {
        return;
    }
    int tank = GetClientOfUserId(event.GetInt("userid"));
    if (tank == 0 || !IsClientInGame(tank) || !IsFakeClient(tank))
    {
        return;
    }
    KickClient(tank, "AI Tanks are disabled on this server");
    PrintToChatAll("[Tank] An AI Tank was removed.");
}
''')
    scen = [scenario("AI Tanks are kicked, player Tanks stay",
                     [FOUR, infected(11, "Tank", "tank"), client(5, "Zoey", 3, zombie_class=8),
                      event("tank_spawn", userid=uid(11), tankid=11), event("tank_spawn", userid=uid(5), tankid=5)],
                     [{"kicked": {"client": 11}}, chat("[Tank] An AI Tank was removed."), {"alive": {"client": 5, "equals": True}},
                      NO_ERRORS]),
            scenario("disabled", [FOUR, infected(11, "Tank", "tank"), set_convar("l4d2_no_bot_tanks", 0),
                                  event("tank_spawn", userid=uid(11), tankid=11)], [no_chat("AI Tank was removed")])]
    out.append(Task(
        id="l4d2-eval-tank_spawn-doc-kickclient", family="doc", theme="tank_spawn",
        title="Remove AI Tanks with KickClient",
        prompt=f"""Use these SourceMod natives as documented (clients.inc):

- `native void KickClient(int client, const char[] format="", any ...);` — "Disconnects a client from the server as soon as the next frame starts." The formatted text is the kick reason shown to the client.
- `native bool IsFakeClient(int client);` — true for bots.

Task: ConVar `l4d2_no_bot_tanks` (default "1"). On `tank_spawn` (`userid`), if the ConVar is on and the Tank is a bot, kick it with the reason `AI Tanks are disabled on this server` and print to all `[Tank] An AI Tank was removed.` Human Tanks are never kicked.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "kicks every Tank, human or AI",
                   mutate(ref, ("    if (tank == 0 || !IsClientInGame(tank) || !IsFakeClient(tank))", "    if (tank == 0 || !IsClientInGame(tank))"))),
            Broken("static", "slays the Tank instead of kicking it (KickClient never called)",
                   mutate(ref, ('    KickClient(tank, "AI Tanks are disabled on this server");', '    ForcePlayerSuicide(tank);')).replace("#include <sourcemod>\n", "#include <sourcemod>\n#include <sdktools>\n", 1)),
            Broken("compile", "passes the reason before the client",
                   mutate(ref, ('    KickClient(tank, "AI Tanks are disabled on this server");', '    KickClient("AI Tanks are disabled on this server", tank);'))),
        ],
        checks=checks(natives=["KickClient"], events=["tank_spawn"], convars=["l4d2_no_bot_tanks"], scenarios=scen),
        api=["KickClient", "IsFakeClient"],
        tags=["clients", "events"],
    ))

    # ---------------------------------------------------------------- D2 rescue_vehicle: ChangeClientTeam
    ref = plugin("Go AFK", "Lets survivors move themselves to spectators", r'''
public void OnPluginStart()
{
    RegConsoleCmd("sm_afk", Cmd_Afk, "Move yourself to the spectators");
}

public Action Cmd_Afk(int client, int args)
{
    if (client == 0 || !IsClientInGame(client))
    {
        ReplyToCommand(client, "[AFK] Players only.");
        return Plugin_Handled;
    }
    if (GetClientTeam(client) == 1)
    {
        ReplyToCommand(client, "[AFK] You are already spectating.");
        return Plugin_Handled;
    }
    ChangeClientTeam(client, 1);
    PrintToChatAll("[AFK] %N is now away from keyboard.", client);
    return Plugin_Handled;
}
''')
    scen = [scenario("a survivor moves to spectators; spectators and the console are refused",
                     [FOUR, client(5, "Watcher", 1), command(2, "sm_afk"), command(5, "sm_afk"), command(0, "sm_afk")],
                     [{"team": {"client": 2, "equals": 1}}, chat("[AFK] Ellis is now away from keyboard."),
                      reply("[AFK] You are already spectating."), reply("[AFK] Players only."), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-rescue_vehicle-doc-changeclientteam", family="doc", theme="rescue_vehicle",
        title="Move a player to spectators with ChangeClientTeam",
        prompt=f"""Use this SourceMod native as documented (clients.inc):

`native void ChangeClientTeam(int client, int team);` — "Changes a client's team through the mod's generic team changing function." In L4D2 team 1 is spectators, 2 survivors, 3 infected.

Task: console command `sm_afk`. From the server console reply `[AFK] Players only.`; a player already on team 1 gets `[AFK] You are already spectating.`; anyone else is moved to team 1 and the server is told `[AFK] <name> is now away from keyboard.`

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "moves the player to the infected team (3) instead of spectators",
                   mutate(ref, ("    ChangeClientTeam(client, 1);", "    ChangeClientTeam(client, 3);"))),
            Broken("behaviour", "no console check: ChangeClientTeam(0) throws",
                   mutate(ref, ("    if (client == 0 || !IsClientInGame(client))\n    {\n        ReplyToCommand(client, \"[AFK] Players only.\");\n        return Plugin_Handled;\n    }\n", ""))),
            Broken("compile", "ChangeClientTeam given a team name string",
                   mutate(ref, ("    ChangeClientTeam(client, 1);", "    ChangeClientTeam(client, \"spectator\");"))),
        ],
        checks=checks(natives=["ChangeClientTeam", "GetClientTeam"], commands=["sm_afk"], scenarios=scen),
        api=["ChangeClientTeam"],
        tags=["clients", "command"],
    ))

    # ---------------------------------------------------------------- D3 jockey_ride: Event.GetFloat + SlapPlayer
    ref = plugin("Long Ride Penalty", "Slaps Jockeys whose rides last too long", r'''
ConVar g_cvMaxRide;

public void OnPluginStart()
{
    g_cvMaxRide = CreateConVar("l4d2_jockey_max_ride", "8.0", "Ride length (seconds) after which the Jockey is slapped", FCVAR_NOTIFY, true, 1.0);
    HookEvent("jockey_ride_end", Event_RideEnd);
}

public void Event_RideEnd(Event event, const char[] name, bool dontBroadcast)
{
    int jockey = GetClientOfUserId(event.GetInt("userid"));
    float length = event.GetFloat("ride_length");
    if (jockey == 0 || !IsClientInGame(jockey) || !IsPlayerAlive(jockey))
    {
        return;
    }
    if (length > g_cvMaxRide.FloatValue)
    {
        SlapPlayer(jockey, 0, false);
        PrintToChatAll("[Jockey] %N rode for %.1f seconds - slapped!", jockey, length);
    }
}
''', sdktools=True)
    end = lambda length: event("jockey_ride_end", userid=uid(8), victim=uid(1), rescuer=0, ride_length=length)  # noqa: E731
    scen = [scenario("long rides are punished, short ones are not",
                     [FOUR, infected(8, "Jockey", "jockey"), end(3.5), end(9.25)],
                     [{"slapped": {"client": 8}}, chat("[Jockey] Jockey rode for 9.2 seconds - slapped!"), no_chat("for 3.5 seconds"),
                      NO_ERRORS]),
            scenario("threshold ConVar", [FOUR, infected(8, "Jockey", "jockey"), set_convar("l4d2_jockey_max_ride", 3), end(3.5)],
                     [chat("rode for 3.5 seconds - slapped!")])]
    out.append(Task(
        id="l4d2-eval-jockey_ride-doc-getfloat_slap", family="doc", theme="jockey_ride",
        title="Read a float event field and punish with SlapPlayer",
        prompt=f"""Use these APIs as documented:

- `public native float GetFloat(const char[] key, float defValue=0.0);` on `Event` (events.inc) — "Returns the floating point value of a game event's key." L4D2's `jockey_ride_end` carries `ride_length` as a float (seconds), plus `userid` (the Jockey), `victim` and `rescuer`.
- `native void SlapPlayer(int client, int health=5, bool sound=true);` (sdktools_functions.inc) — "Slaps a player in a random direction", removing `health`.

Task: ConVar `l4d2_jockey_max_ride` (default "8.0", minimum 1). On `jockey_ride_end`, if the ride lasted longer than the ConVar and the Jockey is still alive, slap the Jockey with 0 damage and no sound and print `[Jockey] <jockey> rode for <length, 1 decimal> seconds - slapped!`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("static", "reads ride_length with GetInt (Event.GetFloat is never called), truncating 9.25 to 9",
                   mutate(ref, ('    float length = event.GetFloat("ride_length");', '    float length = float(event.GetInt("ride_length"));'))),
            Broken("behaviour", "slaps the victim instead of the Jockey",
                   mutate(ref, ('    int jockey = GetClientOfUserId(event.GetInt("userid"));', '    int jockey = GetClientOfUserId(event.GetInt("victim"));'))),
            Broken("compile", "SlapPlayer without including sdktools", ref.replace("#include <sdktools>\n", "", 1)),
        ],
        checks=checks(natives=["Event.GetFloat", "SlapPlayer"], events=["jockey_ride_end"], convars=["l4d2_jockey_max_ride"],
                      scenarios=scen),
        api=["Event.GetFloat", "SlapPlayer"],
        tags=["events", "floats"],
    ))

    # ---------------------------------------------------------------- D4 witch_proximity: TeleportEntity
    ref = plugin("Regroup", "Admins pull all living survivors to themselves", r'''
public void OnPluginStart()
{
    RegAdminCmd("sm_regroup", Cmd_Regroup, ADMFLAG_SLAY, "Teleports all living survivors to you");
}

public Action Cmd_Regroup(int client, int args)
{
    if (client == 0 || !IsClientInGame(client) || !IsPlayerAlive(client))
    {
        ReplyToCommand(client, "[Regroup] You must be alive in game.");
        return Plugin_Handled;
    }
    float origin[3];
    GetClientAbsOrigin(client, origin);
    int moved = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (i == client || !IsClientInGame(i) || GetClientTeam(i) != 2 || !IsPlayerAlive(i))
        {
            continue;
        }
        TeleportEntity(i, origin, NULL_VECTOR, NULL_VECTOR);
        moved++;
    }
    ReplyToCommand(client, "[Regroup] Moved %d survivor(s) to you.", moved);
    return Plugin_Handled;
}
''', sdktools=True)
    scen = [scenario("living survivors are teleported to the admin",
                     [client(1, "Nick", 2, admin_flags="f", netprops={"m_vecOrigin": [100.0, 200.0, 0.0], "m_vecAbsOrigin": [100.0, 200.0, 0.0]}),
                      client(2, "Ellis", 2), client(3, "Rochelle", 2, alive=False), client(4, "Coach", 2), infected(5, "Hunter", "hunter"),
                      command(1, "sm_regroup")],
                     [{"teleported": {"client": 2}}, {"teleported": {"client": 4}}, reply("[Regroup] Moved 2 survivor(s) to you."),
                      NO_ERRORS]),
            scenario("the console is refused", [client(1, "Nick", 2), command(0, "sm_regroup")],
                     [reply("You must be alive in game."), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-witch_proximity-doc-teleport", family="doc", theme="witch_proximity",
        title="Regroup survivors with TeleportEntity",
        prompt=f"""Use this SourceMod native as documented (sdktools_functions.inc):

`native void TeleportEntity(int entity, const float origin[3] = NULL_VECTOR, const float angles[3] = NULL_VECTOR, const float velocity[3] = NULL_VECTOR);` — "Teleports an entity." Pass `NULL_VECTOR` for any of the three you do not want to change.

Task: admin command `sm_regroup` (flag `ADMFLAG_SLAY`) for getting survivors away from an angry Witch. The caller must be an in-game living player, otherwise reply `[Regroup] You must be alive in game.` Teleport every other living survivor (team 2) to the caller's origin (`GetClientAbsOrigin`) without changing their angles or velocity, then reply `[Regroup] Moved <n> survivor(s) to you.`

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "also teleports dead survivors and infected",
                   mutate(ref, ("        if (i == client || !IsClientInGame(i) || GetClientTeam(i) != 2 || !IsPlayerAlive(i))", "        if (i == client || !IsClientInGame(i))"))),
            Broken("compile", "TeleportEntity without sdktools", ref.replace("#include <sdktools>\n", "", 1)),
            Broken("compile", "passes 0 instead of NULL_VECTOR for the angles (an int where a float[3] is required)",
                   mutate(ref, ("        TeleportEntity(i, origin, NULL_VECTOR, NULL_VECTOR);", "        TeleportEntity(i, origin, 0, 0);"))),
        ],
        checks=checks(natives=["TeleportEntity", "GetClientAbsOrigin"], admin_commands=["sm_regroup"], scenarios=scen),
        api=["TeleportEntity"],
        tags=["sdktools", "admin"],
    ))

    # ---------------------------------------------------------------- D5 friendly_fire: CheckCommandAccess
    ref = plugin("FF Warnings With Admin Immunity", "Warns about friendly fire, except for admins", r'''
public void OnPluginStart()
{
    HookEvent("player_hurt", Event_PlayerHurt);
}

public void Event_PlayerHurt(Event event, const char[] name, bool dontBroadcast)
{
    int victim = GetClientOfUserId(event.GetInt("userid"));
    int attacker = GetClientOfUserId(event.GetInt("attacker"));
    if (victim == 0 || attacker == 0 || victim == attacker)
    {
        return;
    }
    if (GetClientTeam(victim) != 2 || GetClientTeam(attacker) != 2)
    {
        return;
    }
    if (CheckCommandAccess(attacker, "sm_ff_immunity", ADMFLAG_GENERIC))
    {
        return;
    }
    PrintToChatAll("[FF] %N shot %N!", attacker, victim);
}
''')
    hurt = lambda v, a: event("player_hurt", userid=uid(v), attacker=uid(a), attackerentid=a, health=90, armor=0,  # noqa: E731
                              weapon="rifle", dmg_health=10, dmg_armor=0, hitgroup=0, type=2)
    scen = [scenario("admins are immune, others are named",
                     [client(1, "Nick", 2), client(2, "Ellis", 2, admin_flags="b"), client(3, "Rochelle", 2), hurt(1, 2), hurt(3, 1)],
                     [chat("[FF] Nick shot Rochelle!"), no_chat("Ellis shot"), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-friendly_fire-doc-checkcommandaccess", family="doc", theme="friendly_fire",
        title="Admin immunity with CheckCommandAccess",
        prompt=f"""Use this SourceMod native as documented (console.inc):

`native bool CheckCommandAccess(int client, const char[] command, int flags, bool override_only=false);` — "Returns whether a client has access to a given command string. The string can be any override string, as overrides can be independent of commands." If no override named `command` exists, `flags` decides.

Task: hook `player_hurt` (`userid` = victim, `attacker`). When a survivor (team 2) damages a different survivor, print `[FF] <attacker> shot <victim>!` — unless the attacker has access to the override `sm_ff_immunity` (default flag `ADMFLAG_GENERIC`).

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "checks the victim's access instead of the attacker's",
                   mutate(ref, ('    if (CheckCommandAccess(attacker, "sm_ff_immunity", ADMFLAG_GENERIC))', '    if (CheckCommandAccess(victim, "sm_ff_immunity", ADMFLAG_GENERIC))'))),
            Broken("behaviour", "inverted: only admins are named",
                   mutate(ref, ('    if (CheckCommandAccess(attacker, "sm_ff_immunity", ADMFLAG_GENERIC))', '    if (!CheckCommandAccess(attacker, "sm_ff_immunity", ADMFLAG_GENERIC))'))),
            Broken("compile", "passes the flag letter as a string",
                   mutate(ref, ('    if (CheckCommandAccess(attacker, "sm_ff_immunity", ADMFLAG_GENERIC))', '    if (CheckCommandAccess(attacker, "sm_ff_immunity", "b"))'))),
        ],
        checks=checks(natives=["CheckCommandAccess"], events=["player_hurt"], scenarios=scen),
        api=["CheckCommandAccess"],
        tags=["admin", "events"],
    ))

    # ---------------------------------------------------------------- D6 random_timer: GetCmdArgs + GetRandomInt
    ref = plugin("Random Pick", "Picks one of the given options at random", r'''
public void OnPluginStart()
{
    RegConsoleCmd("sm_pick", Cmd_Pick, "sm_pick <option> [option ...] - picks one at random");
}

public Action Cmd_Pick(int client, int args)
{
    if (args < 2)
    {
        ReplyToCommand(client, "[Pick] Give at least two options: sm_pick <a> <b> ...");
        return Plugin_Handled;
    }
    int chosen = GetRandomInt(1, args);
    char option[64];
    GetCmdArg(chosen, option, sizeof(option));
    PrintToChatAll("[Pick] %N asked the dice: %s (option %d of %d)", client, option, chosen, args);
    return Plugin_Handled;
}
''')
    scen = [scenario("one of the options is picked",
                     [FOUR, command(1, "sm_pick left right"), command(1, "sm_pick only")],
                     [chat("[Pick] Nick asked the dice: "), chat(" of 2)"), reply("Give at least two options"), NO_ERRORS]),
            scenario("a single choice set is deterministic",
                     [FOUR, command(2, "sm_pick same same same")],
                     [chat("[Pick] Ellis asked the dice: same (option "), chat(" of 3)")])]
    out.append(Task(
        id="l4d2-eval-random_timer-doc-getcmdargs", family="doc", theme="random_timer",
        title="Random choice among command arguments with GetCmdArgs and GetRandomInt",
        prompt=f"""Use these SourceMod natives as documented:

- `native int GetCmdArgs();` (console.inc) — "Returns the number of arguments from the current console or server command." Arguments are numbered from 1; argument 0 is the command name. (Command callbacks also receive this count as `args`.)
- `native int GetCmdArg(int argnum, char[] buffer, int maxlength);`
- `native int GetRandomInt(int nmin, int nmax);` (halflife.inc) — a random integer between `nmin` and `nmax`, both inclusive.

Task: console command `sm_pick <option> [option ...]`. With fewer than two options reply `[Pick] Give at least two options: sm_pick <a> <b> ...`. Otherwise pick one argument uniformly at random and print to all `[Pick] <name> asked the dice: <option> (option <k> of <n>)`.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "picks from 0..args-1, so argument 0 (the command name) can be chosen and the last option never is",
                   mutate(ref, ("    int chosen = GetRandomInt(1, args);", "    int chosen = GetRandomInt(0, args - 1);"))),
            Broken("compile", "uses RandomInt, which SourceMod does not have", mutate(ref, ("    int chosen = GetRandomInt(1, args);", "    int chosen = RandomInt(1, args);"))),
            Broken("behaviour", "accepts a single option",
                   mutate(ref, ("    if (args < 2)", "    if (args < 1)"))),
        ],
        checks=checks(natives=["GetRandomInt", "GetCmdArg"], forbid_natives=["RandomInt"], commands=["sm_pick"], scenarios=scen),
        api=["GetCmdArgs", "GetCmdArg", "GetRandomInt"],
        tags=["random", "command"],
    ))
    # option 0 check: with options "same same same" option 0 would print the command name
    out[-1].checks["scenarios"].append(
        scenario("the command name itself is never picked",
                 [FOUR] + [command(3, "sm_pick x x")] * 6,
                 [no_chat("sm_pick (option"), no_chat("(option 0 of"), NO_ERRORS]))

    # ---------------------------------------------------------------- D7 finale_start: GetClientCount
    ref = plugin("Finale Headcount", "Reports how many players are on the server when a finale starts", r'''
public void OnPluginStart()
{
    HookEvent("finale_start", Event_FinaleStart);
}

public void Event_FinaleStart(Event event, const char[] name, bool dontBroadcast)
{
    int inGame = GetClientCount(true);
    int humans = 0;
    for (int i = 1; i <= MaxClients; i++)
    {
        if (IsClientInGame(i) && !IsFakeClient(i))
        {
            humans++;
        }
    }
    PrintToChatAll("[Finale] Finale started with %d player(s) in game, %d human.", inGame, humans);
}
''')
    scen = [scenario("counts in-game clients and humans",
                     [client(1, "Nick", 2), client(2, "Ellis", 2, bot=True), client(3, "Rochelle", 2), infected(11, "Tank", "tank"),
                      event("finale_start", rushes=0, campaign="c1")],
                     [chat("[Finale] Finale started with 4 player(s) in game, 2 human."), NO_ERRORS])]
    out.append(Task(
        id="l4d2-eval-finale_start-doc-getclientcount", family="doc", theme="finale_start",
        title="Count players with GetClientCount",
        prompt=f"""Use this SourceMod native as documented (clients.inc):

`native int GetClientCount(bool inGameOnly=true);` — "Returns the number of clients put in the server." With `inGameOnly` true only clients that are fully in game are counted (bots included).

Task: on `finale_start` print `[Finale] Finale started with <n> player(s) in game, <h> human.` where `<n>` is `GetClientCount(true)` and `<h>` counts in-game clients that are not bots.

{NEWSTYLE} {ANSWER}""",
        reference=ref,
        broken=[
            Broken("behaviour", "counts bots as humans",
                   mutate(ref, ("        if (IsClientInGame(i) && !IsFakeClient(i))", "        if (IsClientInGame(i))"))),
            Broken("static", "counts players by hand with a loop instead of GetClientCount",
                   mutate(ref, ("    int inGame = GetClientCount(true);\n    int humans = 0;\n    for (int i = 1; i <= MaxClients; i++)\n    {\n        if (IsClientInGame(i) && !IsFakeClient(i))\n        {\n            humans++;\n        }\n    }",
                                "    int inGame = 0;\n    int humans = 0;\n    for (int i = 1; i <= MaxClients; i++)\n    {\n        if (IsClientInGame(i))\n        {\n            inGame++;\n            if (!IsFakeClient(i))\n            {\n                humans++;\n            }\n        }\n    }"))),
            Broken("compile", "GetClientCount called with a string",
                   mutate(ref, ("    int inGame = GetClientCount(true);", "    int inGame = GetClientCount(\"ingame\");"))),
        ],
        checks=checks(natives=["GetClientCount"], events=["finale_start"], scenarios=scen),
        api=["GetClientCount"],
        tags=["clients"],
    ))
    return out


THEMES = [compile_repairs, scaffolds, refactors, docs]
