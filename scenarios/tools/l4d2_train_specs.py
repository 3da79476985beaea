"""Train-split event specs: one per train theme built on a single L4D2 game event.

Each spec says which event field holds the acting player (a userid), an optional second player, one extra
field the plugins read, and the words the generated prompts and messages use. The templates in
`l4d2_train_templates.py` turn a spec into scaffold/repair/refactor/doc tasks. Field names and types follow the
rubric's event catalog (L4D2's own resource/modevents.res); no train theme is an eval theme.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Extra:
    name: str                 # event field
    kind: str                 # int | str | bool | float
    samples: tuple            # two sample values used by scenarios (first != second)
    label: str                # how prompts/messages call it


@dataclass(frozen=True)
class EventSpec:
    theme: str
    event: str
    describe: str             # one sentence for prompts: when the event fires
    actor: str                # field with the acting player's userid
    actor_team: int           # team the actor must be on to count
    noun: str                 # singular noun ("heal")
    nouns: str                # plural ("heals")
    verb: str                 # past tense used in messages ("healed")
    tag: str                  # chat prefix ("[Heal]")
    stem: str                 # identifier stem for commands/convars/functions ("heal")
    wrong_event: str          # a plausible but non-existent event name (static-tier variant)
    target: str | None = None        # field with a second player's userid
    extra: Extra | None = None
    base: dict = field(default_factory=dict)   # other fields of the event with neutral values
    offteam: bool = False     # the event also fires for players of another team (team-filter variants)

    def fields(self, actor_uid: int, target_uid: int | None = None, extra=None) -> dict:
        out = dict(self.base)
        out[self.actor] = actor_uid
        if self.target:
            out[self.target] = target_uid if target_uid is not None else 0
        if self.extra:
            out[self.extra.name] = self.extra.samples[0] if extra is None else extra
        return out

    @property
    def fn(self) -> str:
        return "".join(p.capitalize() for p in self.stem.split("_"))


SPECS: list[EventSpec] = [
    EventSpec("heal_success", "heal_success", "fires when a survivor finishes healing someone with a first aid kit",
              actor="userid", actor_team=2, noun="heal", nouns="heals", verb="healed", tag="[Heal]", stem="heal",
              wrong_event="heal_succeeded", target="subject",
              extra=Extra("health_restored", "int", (62, 45), "health restored")),
    EventSpec("revive_success", "revive_success", "fires when a survivor finishes reviving an incapacitated teammate",
              actor="userid", actor_team=2, noun="revive", nouns="revives", verb="revived", tag="[Revive]",
              stem="revive", wrong_event="player_revived_success", target="subject",
              extra=Extra("lastlife", "bool", (True, False), "last life"), base={"ledge_hang": False}),
    EventSpec("defib_used", "defibrillator_used", "fires when a survivor brings a dead teammate back with a defibrillator",
              actor="userid", actor_team=2, noun="defib", nouns="defibs", verb="defibrillated", tag="[Defib]",
              stem="defib", wrong_event="defib_used", target="subject"),
    EventSpec("pills_used", "pills_used", "fires when a survivor swallows pain pills",
              actor="userid", actor_team=2, noun="pill bottle", nouns="pill bottles", verb="took pills", tag="[Pills]",
              stem="pills", wrong_event="pills_taken", base={"subject": 0}),
    EventSpec("weapon_fire", "weapon_fire", "fires every time a player fires a weapon",
              actor="userid", actor_team=2, noun="shot", nouns="shots", verb="fired", tag="[Shots]", stem="shots",
              wrong_event="weapon_fired", extra=Extra("weapon", "str", ("rifle_ak47", "shotgun_chrome"), "weapon"),
              base={"weaponid": 0, "count": 1}, offteam=True),
    EventSpec("item_pickup", "item_pickup", "fires when a player picks up an item or weapon",
              actor="userid", actor_team=2, noun="pickup", nouns="pickups", verb="picked up", tag="[Items]",
              stem="pickup", wrong_event="item_picked_up", extra=Extra("item", "str", ("first_aid_kit", "pipe_bomb"), "item")),
    EventSpec("door_lock", "door_close", "fires when a player closes a door (`checkpoint` is true for saferoom doors)",
              actor="userid", actor_team=2, noun="door close", nouns="door closes", verb="closed a door", tag="[Door]",
              stem="door", wrong_event="door_closed", extra=Extra("checkpoint", "bool", (True, False), "saferoom door")),
    EventSpec("ledge_grab", "player_ledge_grab", "fires when a survivor falls and is left hanging from a ledge",
              actor="userid", actor_team=2, noun="ledge hang", nouns="ledge hangs", verb="is hanging from a ledge",
              tag="[Ledge]", stem="ledge", wrong_event="ledge_grab", base={"causer": 0}),
    EventSpec("incap_tracker", "player_incapacitated_start", "fires when a survivor goes down (incapacitated)",
              actor="userid", actor_team=2, noun="incap", nouns="incaps", verb="went down", tag="[Down]", stem="incap",
              wrong_event="player_incapped", extra=Extra("weapon", "str", ("hunter_claw", "tank_claw"), "cause"),
              base={"attacker": 0, "attackerentid": 0, "type": 0}),
    EventSpec("witch_killed", "witch_killed", "fires when a player kills a Witch (`oneshot` is true for a one-hit kill)",
              actor="userid", actor_team=2, noun="witch kill", nouns="witch kills", verb="killed a Witch", tag="[Witch]",
              stem="witchkill", wrong_event="witch_death", extra=Extra("oneshot", "bool", (True, False), "one-shot"),
              base={"witchid": 60, "melee_only": False, "bride": False}),
    EventSpec("infected_hurt", "infected_hurt", "fires when a common infected or a Witch takes damage",
              actor="attacker", actor_team=2, noun="hit", nouns="hits", verb="hit an infected", tag="[Hits]",
              stem="hits", wrong_event="common_hurt", extra=Extra("amount", "int", (40, 15), "damage"),
              base={"entityid": 70, "hitgroup": 0, "type": 0}),
    EventSpec("panic_event", "create_panic_event", "fires when a survivor triggers a horde panic event",
              actor="userid", actor_team=2, noun="panic event", nouns="panic events", verb="triggered a panic event",
              tag="[Panic]", stem="panic", wrong_event="panic_event_start"),
    EventSpec("car_alarm", "triggered_car_alarm", "fires when a survivor sets off a car alarm",
              actor="userid", actor_team=2, noun="car alarm", nouns="car alarms", verb="set off a car alarm",
              tag="[Alarm]", stem="alarm", wrong_event="car_alarm"),
    EventSpec("molotov_thrown", "molotov_thrown", "fires when a survivor throws a molotov",
              actor="userid", actor_team=2, noun="molotov", nouns="molotovs", verb="threw a molotov", tag="[Fire]",
              stem="molotov", wrong_event="molotov_throw"),
    EventSpec("shoves", "player_shoved", "fires when a player shoves another player (`attacker` shoves `userid`)",
              actor="attacker", actor_team=2, noun="shove", nouns="shoves", verb="shoved", tag="[Shove]", stem="shove",
              wrong_event="player_shove", target="userid"),
    EventSpec("common_kills", "infected_death", "fires when a common infected dies (`attacker` is the killer's userid)",
              actor="attacker", actor_team=2, noun="common kill", nouns="common kills", verb="killed a common",
              tag="[Commons]", stem="commons", wrong_event="common_killed",
              extra=Extra("headshot", "bool", (True, False), "headshot"),
              base={"infected_id": 70, "gender": 1, "weapon_id": 0, "minigun": False, "blast": False, "submerged": False}),
    EventSpec("tank_killed", "tank_killed", "fires when a Tank dies (`attacker` is the userid of the killing blow)",
              actor="attacker", actor_team=2, noun="tank kill", nouns="tank kills", verb="killed the Tank",
              tag="[TankKill]", stem="tankkill", wrong_event="tank_died", target="userid",
              extra=Extra("solo", "bool", (True, False), "solo"), base={"melee_only": False, "l4d1_only": False}),
    EventSpec("weapon_reload", "weapon_reload", "fires when a player reloads (`manual` is true for a manual reload)",
              actor="userid", actor_team=2, noun="reload", nouns="reloads", verb="reloaded", tag="[Reload]",
              stem="reload", wrong_event="weapon_reloaded", extra=Extra("manual", "bool", (True, False), "manual")),
    EventSpec("ammo_pickup", "ammo_pickup", "fires when a survivor refills ammo from an ammo pile",
              actor="userid", actor_team=2, noun="ammo refill", nouns="ammo refills", verb="refilled ammo",
              tag="[Ammo]", stem="ammo", wrong_event="ammo_refill"),
    EventSpec("fall_damage", "player_falldamage", "fires when a player takes fall damage (`damage` is a float)",
              actor="userid", actor_team=2, noun="fall", nouns="falls", verb="fell", tag="[Fall]", stem="fall",
              wrong_event="player_fall", extra=Extra("damage", "float", (12.5, 30.0), "damage"), base={"causer": 0},
              offteam=True),
    EventSpec("closet_rescue", "survivor_rescued", "fires when a survivor opens a rescue closet and frees a teammate",
              actor="rescuer", actor_team=2, noun="rescue", nouns="rescues", verb="rescued", tag="[Rescue]",
              stem="closet", wrong_event="survivor_rescue", target="victim", base={"dooridx": 0}),
    EventSpec("awards", "award_earned", "fires when a player earns an in-game award (`award` is its numeric id)",
              actor="userid", actor_team=2, noun="award", nouns="awards", verb="earned an award", tag="[Award]",
              stem="award", wrong_event="award_given", extra=Extra("award", "int", (67, 81), "award id"),
              base={"entityid": 0, "subjectentid": 0}),
    EventSpec("jump_counter", "player_jump", "fires every time a player jumps",
              actor="userid", actor_team=2, noun="jump", nouns="jumps", verb="jumped", tag="[Jump]", stem="jump",
              wrong_event="player_jumped", offteam=True),
    EventSpec("melee_kills", "melee_kill", "fires when a survivor kills an infected with a melee weapon",
              actor="userid", actor_team=2, noun="melee kill", nouns="melee kills", verb="got a melee kill",
              tag="[Melee]", stem="melee", wrong_event="melee_killed", extra=Extra("ambush", "bool", (True, False), "ambush"),
              base={"entityid": 80}),
    EventSpec("upgrade_packs", "upgrade_pack_used", "fires when a survivor deploys an ammo upgrade pack",
              actor="userid", actor_team=2, noun="upgrade pack", nouns="upgrade packs", verb="deployed an upgrade pack",
              tag="[Upgrade]", stem="upgrade", wrong_event="upgrade_used", base={"upgradeid": 90}),
    EventSpec("gascan_pour", "gascan_pour_completed", "fires when a survivor finishes pouring a gas can (scavenge)",
              actor="userid", actor_team=2, noun="gas can", nouns="gas cans", verb="poured a gas can", tag="[Scavenge]",
              stem="gascan", wrong_event="gascan_poured"),
    EventSpec("special_kills", "player_death", "fires when a player dies (`userid` = victim, `attacker` = killer)",
              actor="attacker", actor_team=2, noun="special kill", nouns="special kills", verb="killed", tag="[Kills]",
              stem="kills", wrong_event="player_killed", target="userid",
              extra=Extra("headshot", "bool", (True, False), "headshot"),
              base={"entityid": 0, "attackername": "", "attackerentid": 0, "weapon": "rifle", "attackerisbot": False,
                    "victimname": "", "victimisbot": True, "abort": False, "type": 0, "victim_x": 0.0, "victim_y": 0.0,
                    "victim_z": 0.0}),
    EventSpec("weapon_drop", "weapon_drop", "fires when a player drops a weapon or item",
              actor="userid", actor_team=2, noun="drop", nouns="drops", verb="dropped an item", tag="[Drop]",
              stem="drop", wrong_event="weapon_dropped", extra=Extra("item", "str", ("pistol_magnum", "rifle_m60"), "item"),
              base={"propid": 0}),
    EventSpec("start_area_exit", "player_left_start_area", "fires when a survivor walks out of the starting area",
              actor="userid", actor_team=2, noun="start exit", nouns="start exits", verb="left the start area",
              tag="[Start]", stem="startexit", wrong_event="player_left_start",
              extra=Extra("playercount", "int", (4, 3), "players in game")),
]

assert len({s.theme for s in SPECS}) == len(SPECS)
assert len({s.stem for s in SPECS}) == len(SPECS)
