"""The simulated L4D2 server around one plugin: players, entities, convars, commands, events, timers, output.

The `Game` owns the VM and is what natives act on. It is reset between scenarios (fresh plugin memory, fresh
world), so every scenario starts from a freshly loaded plugin. Calls into the plugin go through `Game.call`,
which records runtime errors the way SourceMod's error log would and keeps the run going.
"""

from __future__ import annotations

import json
import math
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .cells import ftoc, wrap
from .errors import PluginRuntimeError
from .smxfile import SmxFile
from .vm import VM

DATA_FILE = Path(__file__).parent / "data" / "l4d2_sim.json"
RUBRIC_CATALOG = Path(__file__).parent.parent / "catalog" / "l4d2.json"

PLUGIN_CONTINUE, PLUGIN_CHANGED, PLUGIN_HANDLED, PLUGIN_STOP = 0, 1, 3, 4
HOOK_PRE, HOOK_POST, HOOK_POST_NOCOPY = 0, 1, 2
SDKHOOK_ONTAKEDAMAGE, SDKHOOK_ONTAKEDAMAGEPOST = 2, 3
SDKHOOK_ONTAKEDAMAGEALIVE, SDKHOOK_ONTAKEDAMAGEALIVEPOST = 41, 42
MAX_LOG = 400                   # entries kept per output list (a chatty loop must not flood the result)
MAX_TEXT = 1000                 # characters kept per entry
ADMIN_FLAG_LETTERS = "abcdefghijklmnzopqrst"    # ADMFLAG_* bit order: a=1<<0 ... n=1<<13, z=1<<14, o=1<<15 ...
COLOR_CODES = re.compile(r"[\x01-\x10]")


@lru_cache(maxsize=1)
def knowledge() -> dict:
    """The simulator's data file, plus the rubric's event catalog when that exists (it adds events)."""
    data = json.loads(DATA_FILE.read_text())
    try:
        catalog = json.loads(RUBRIC_CATALOG.read_text())
        for name, fields in (catalog.get("events") or {}).items():
            if isinstance(fields, dict):
                data["event_fields"].setdefault(name, fields)
        for name, info in (catalog.get("netprops") or {}).items():
            if isinstance(info, dict) and isinstance(info.get("type"), str):
                data["netprop_types"].setdefault(name, info["type"])
    except (OSError, ValueError, AttributeError):
        pass
    return data


def admin_bits(letters: str) -> int:
    bits = 0
    for ch in letters or "":
        k = ADMIN_FLAG_LETTERS.find(ch)
        if k >= 0:
            bits |= 1 << k
    return bits


def clean(text: str) -> str:
    """Text as players see it: color codes stripped, long text cut."""
    text = COLOR_CODES.sub("", text)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "..."


@dataclass
class Client:
    index: int
    name: str
    team: int = 2
    bot: bool = False
    alive: bool = True
    admin: int = 0                  # ADMFLAG bits
    in_game: bool = True
    kicked: str | None = None
    slapped: int = 0
    suicides: int = 0
    teleported: int = 0
    team_changes: list[int] = field(default_factory=list)
    language: int = 0

    @property
    def userid(self) -> int:
        return self.index + 100


@dataclass
class Entity:
    index: int
    classname: str
    props: dict
    serial: int = 1


@dataclass
class ConVar:
    name: str
    value: str
    default: str
    description: str = ""
    flags: int = 0
    has_min: bool = False
    min: float = 0.0
    has_max: bool = False
    max: float = 0.0
    hooks: list[int] = field(default_factory=list)
    handle: int = 0


@dataclass
class Command:
    name: str
    kind: str                       # "console", "admin", "server"
    funcs: list[tuple[int, int]] = field(default_factory=list)   # (funcid, admin flags)
    description: str = ""


@dataclass
class Timer:
    handle: int
    due: float
    interval: float
    func: int
    data: int
    flags: int
    seq: int
    alive: bool = True
    running: bool = False


@dataclass
class GameEvent:
    name: str
    fields: dict
    dont_broadcast: bool = False
    handle: int = 0
    fired: bool = False


class HandleTable:
    """SourceMod handles: plugin-visible integers mapped to Python objects, with type checks."""

    def __init__(self):
        self.objects: dict[int, object] = {}
        self.freed: set[int] = set()
        self.next = 0x1000

    LIMIT = 50_000     # live handles; a plugin above this is leaking (SourceMod also caps handles)

    def new(self, obj) -> int:
        if len(self.objects) >= self.LIMIT:
            raise PluginRuntimeError(f"Handle limit reached ({self.LIMIT} live handles): the plugin leaks handles")
        h = self.next
        self.next += 1
        self.objects[h] = obj
        return h

    def get(self, h: int, kind: type | tuple, what: str = "Handle"):
        obj = self.objects.get(h)
        if obj is None or not isinstance(obj, kind):
            code = 3 if h in self.freed else (2 if obj is not None else 4)
            raise PluginRuntimeError(f"Invalid {what} {h & 0xFFFFFFFF:x} (error {code})")
        return obj

    def free(self, h: int):
        obj = self.objects.pop(h, None)
        if obj is not None:
            self.freed.add(h)
        return obj


class Game:
    """World state plus the plugin. Natives receive this object."""

    def __init__(self, smx: SmxFile, native_table: dict, *, strict: bool = False):
        self.k = knowledge()
        self.smx = smx
        self.strict = strict
        self.max_clients = int(self.k["max_clients"])
        self.missing_natives: list[str] = []
        self.publics = {name: (i << 1) | 1 for i, (name, _addr) in enumerate(smx.publics)}
        self.public_addr = {(i << 1) | 1: addr for i, (_name, addr) in enumerate(smx.publics)}
        self.public_name = {(i << 1) | 1: name for i, (name, _addr) in enumerate(smx.publics)}
        self.vm = VM(smx, [self._bind(name, native_table) for name in smx.natives])
        self.reset()

    # ---- natives binding -----------------------------------------------------------------------------------
    def _bind(self, name: str, table: dict):
        fn = table.get(name)
        if fn is not None:
            # A plugin can declare a native with fewer parameters than SourceMod's (its own prototype): pad with
            # zeros so that a native never reads past the list; params[0] still holds the real count.
            def call(params, fn=fn, pad=[0] * 16):
                return fn(self, params + pad)
            return call

        def missing(params):
            if name not in self.missing_natives:
                self.missing_natives.append(name)
            if self.strict:
                raise PluginRuntimeError(f"Native \"{name}\" is not available in the simulator")
            return 0
        return missing

    # ---- lifecycle -------------------------------------------------------------------------------------------
    def reset(self, seed: int = 20240601) -> None:
        """A fresh server with the plugin just loaded (before any forward ran)."""
        self.vm.reset()
        self.rng = random.Random(seed)
        self.handles = HandleTable()
        self.clients: dict[int, Client] = {}
        self.entities: dict[int, Entity] = {0: Entity(0, "worldspawn", {"m_iClassname": "worldspawn"})}
        self.entity_serial = 1
        self.convars: dict[str, ConVar] = {}
        self.commands: dict[str, Command] = {}
        self.listeners: list[tuple[str, int]] = []              # (command or "", funcid)
        self.event_hooks: dict[str, list[tuple[int, int]]] = {}  # name -> [(funcid, mode)]
        self.sdkhooks: list[tuple[int, int, int]] = []           # (entity, type, funcid)
        self.timers: list[Timer] = []
        self.timer_seq = 0
        self.frame_queue: list[tuple[int, int]] = []             # (funcid, data)
        self.clock = 0.0
        self.frame = 0
        self.failed: str | None = None
        self.loaded = False
        # output
        self.chat: list[dict] = []           # {"to": [clients], "text": str}
        self.replies: list[dict] = []        # {"to": client, "text": str}
        self.hints: list[dict] = []
        self.server_log: list[str] = []
        self.errors: list[str] = []
        self.dispatch_serial = 0
        # command context
        self.cmd_stack: list[dict] = []
        self.reply_source = 0
        self.trans_target = 0
        # call_* / forwards
        self.call_state: dict | None = None
        # everything else the natives keep track of
        self.not_verifiable: str | None = None
        self.kicks: list[dict] = []
        self.departed: dict[int, Client] = {}
        self.pending_kicks: list[int] = []
        self.pending_server_commands: list[str] = []
        self.server_commands: list[str] = []
        self.client_commands: list[dict] = []
        self.engine_commands: list[dict] = []
        self.command_flags: dict[str, int] = {}
        self.console: list[dict] = []
        self.menus: list[dict] = []
        self.fired_events: list[dict] = []
        self.hooked_event_order: list[str] = []
        self.created_convars: list[str] = []
        self.created_entities: list[str] = []
        self.inputs: list[dict] = []
        self.output_hooks: list[tuple] = []             # (classname, entity, output, funcid, once)
        self.given_items: list[dict] = []
        self.damage_log: list[dict] = []
        self.unknown_netprops: list[str] = []
        self.unknown_convars: list[str] = []
        self.prop_offsets: dict[str, int] = {}
        self.offset_props: dict[int, str] = {}
        self.team_scores: dict[int, int] = {}
        self.gamerules: dict[str, object] = {}
        self.translations: list[str] = []
        self.libraries: set[str] = set()
        self.user_message = None
        self.map = str(self.k["map"])
        self.map_changes: list[str] = []
        self.files: dict[str, bytearray] = {}
        self.dirs: set[str] = set()
        self.opened_files: list[dict] = []
        max_clients_addr = self.smx.pubvars.get("MaxClients")
        if max_clients_addr is not None:
            self.vm.write_cell(max_clients_addr, self.max_clients)

    # ---- output recording -------------------------------------------------------------------------------------
    def record_chat(self, client: int, text: str) -> None:
        text = clean(text)
        last = self.chat[-1] if self.chat else None
        # PrintToChatAll is a stock that calls PrintToChat once per player: the same text sent to several players
        # from the same callback is one message.
        if last and last["text"] == text and last["serial"] == self.dispatch_serial and client not in last["to"]:
            last["to"].append(client)
            return
        if len(self.chat) < MAX_LOG:
            self.chat.append({"to": [client], "text": text, "serial": self.dispatch_serial})

    def record_hint(self, client: int, text: str) -> None:
        text = clean(text)
        last = self.hints[-1] if self.hints else None
        if last and last["text"] == text and last["serial"] == self.dispatch_serial and client not in last["to"]:
            last["to"].append(client)
            return
        if len(self.hints) < MAX_LOG:
            self.hints.append({"to": [client], "text": text, "serial": self.dispatch_serial})

    def record_reply(self, client: int, text: str) -> None:
        if len(self.replies) < MAX_LOG:
            self.replies.append({"to": client, "text": clean(text)})

    def log(self, text: str) -> None:
        if len(self.server_log) < MAX_LOG:
            self.server_log.append(clean(text))

    def record_error(self, text: str) -> None:
        if len(self.errors) < MAX_LOG:
            self.errors.append(clean(text))

    # ---- calling the plugin -------------------------------------------------------------------------------------
    def call(self, funcid: int, args: list, *, what: str | None = None) -> int | None:
        """Invoke a plugin function. Arguments: int/bool (cell), float, str (a fresh char array),
        `Ref` (by-reference cell or array, copied back). Returns the cell result, or None when the call did not
        complete (runtime error, recorded) or the plugin is failed. BudgetExhausted and PluginFailed propagate."""
        if self.failed is not None:
            return None
        addr = self.public_addr.get(funcid)
        if addr is None:
            self.record_error(f"Invalid function id {funcid & 0xFFFFFFFF:x}")
            return None
        vm = self.vm
        saved_hp = vm.hp
        self.dispatch_serial += 1 if vm.depth == 0 else 0
        try:
            cells, refs = [], []
            for a in args:
                if isinstance(a, Ref):
                    a.addr = vm.heap_alloc(max(1, len(a.values)) * 4 if not a.string else a.size)
                    if a.string:
                        vm.write_string(a.addr, a.size, a.values)
                    else:
                        vm.write_cells(a.addr, [to_arg(v) for v in a.values])
                    refs.append(a)
                    cells.append(a.addr)
                elif isinstance(a, str):
                    raw = a.encode("utf-8", "replace")
                    addr_s = vm.heap_alloc(len(raw) + 1)
                    vm.write_string(addr_s, len(raw) + 1, raw)
                    cells.append(addr_s)
                else:
                    cells.append(to_arg(a))
            result = vm.invoke(addr, cells)
            for r in refs:
                r.values = vm.read_string(r.addr, r.size) if r.string else vm.read_cells(r.addr, max(1, len(r.values)))
            return result
        except PluginRuntimeError as exc:
            self.record_runtime_error(exc, what or self.public_name.get(funcid, "?"))
            return None
        finally:
            vm.hp = saved_hp

    def record_runtime_error(self, exc: PluginRuntimeError, callback: str) -> None:
        where = f" ({exc.where})" if exc.where else ""
        native = f" [native {exc.native}]" if exc.native else ""
        self.record_error(f"{exc.message}{native}{where} during {callback}")
        if getattr(exc, "environment", False) and self.not_verifiable is None:
            self.not_verifiable = exc.message

    def forward(self, name: str, args: list | None = None, default: int | None = None) -> int | None:
        """Call a public forward (OnPluginStart, OnClientPutInServer, ...) if the plugin defines it."""
        fid = self.publics.get(name)
        if fid is None:
            return default
        return self.call(fid, args or [], what=name)

    # ---- world -------------------------------------------------------------------------------------------------
    def add_client(self, index: int, name: str, team: int = 2, bot: bool = False, alive: bool = True,
                   zombie_class: int = 0, health: int = 100, admin_flags: str = "", netprops: dict | None = None):
        cl = Client(index=index, name=name, team=team, bot=bot, alive=alive, admin=admin_bits(admin_flags))
        self.clients[index] = cl
        props = json.loads(json.dumps(self.k["player_props"]))
        props.update({"m_iHealth": health if alive else 0, "m_iTeamNum": team, "m_zombieClass": zombie_class,
                      "m_lifeState": 0 if alive else 2})
        if zombie_class == 8:
            props["m_iMaxHealth"] = int(self.k["tank_max_health"])
        model = self.k["zombie_models"].get(str(zombie_class))
        if team == 3 and model:
            props["m_ModelName"] = model
        for key, value in (netprops or {}).items():
            props[key] = value
        self.entity_serial += 1
        self.entities[index] = Entity(index, "player", props, self.entity_serial)
        return cl

    def connect(self, index: int) -> None:
        """The forwards SourceMod sends while a player joins, in order."""
        reject = Ref("", string=True, size=255)
        if self.forward("OnClientConnect", [index, reject, 255], default=1) == 0:
            cl = self.clients.pop(index, None)
            self.entities.pop(index, None)
            if cl is not None:
                self.kicks.append({"client": index, "name": cl.name, "reason": str(reject.values)})
            return
        self.forward("OnClientConnected", [index])
        cl = self.clients.get(index)
        if cl is not None:
            self.forward("OnClientAuthorized", [index, "BOT" if cl.bot else f"STEAM_1:0:{index + 500}"])
        self.forward("OnClientPutInServer", [index])
        self.forward("OnClientPostAdminCheck", [index])

    def disconnect(self, index: int) -> None:
        """A player leaves: the player_disconnect event, OnClientDisconnect, the slot empties, then _Post."""
        cl = self.clients.get(index)
        if cl is None:
            return
        self.fire_event("player_disconnect", {"userid": cl.userid, "reason": cl.kicked or "Disconnect by user.",
                                              "name": cl.name, "networkid": "BOT" if cl.bot else "STEAM_1:0:1",
                                              "bot": int(cl.bot)})
        self.forward("OnClientDisconnect", [index])
        self.departed[index] = cl
        self.clients.pop(index, None)
        self.entities.pop(index, None)
        self.sdkhooks = [h for h in self.sdkhooks if h[0] != index]
        self.forward("OnClientDisconnect_Post", [index])

    def settle(self) -> None:
        """Work SourceMod defers to the next frame: queued kicks and server commands."""
        for _ in range(8):
            if not (self.pending_kicks or self.pending_server_commands) or self.failed is not None:
                return
            kicks, self.pending_kicks = self.pending_kicks, []
            for index in kicks:
                self.disconnect(index)
            commands, self.pending_server_commands = self.pending_server_commands, []
            self.run_server_commands(commands)

    def run_server_commands(self, lines: list[str]) -> None:
        from .natives.commands import run_command
        for text in lines:
            for line in text.split(";"):
                if line.strip():
                    run_command(self, 0, line.strip(), from_server=True)

    def client(self, index: int, *, connected: bool = False) -> Client:
        """A client for a native, failing exactly as SourceMod's natives do for a bad index."""
        if index < 1 or index > self.max_clients:
            raise PluginRuntimeError(f"Client index {index} is invalid")
        cl = self.clients.get(index)
        if cl is None:
            raise PluginRuntimeError(f"Client {index} is {'not connected' if connected else 'not in game'}")
        return cl

    def entity(self, ref: int) -> Entity:
        index = self.ent_index(ref)
        ent = self.entities.get(index) if index is not None else None
        if ent is None:
            raise PluginRuntimeError(f"Entity {index if index is not None else ref & 0xFFF} ({ref}) is invalid")
        return ent

    def ent_index(self, ref: int) -> int | None:
        """An entity index from an index or an entity reference (None for a stale reference)."""
        if ref & 0x80000000 or ref < 0:
            index = ref & 0x7FF
            ent = self.entities.get(index)
            serial = (ref & 0x7FFFFFFF) >> 11
            return index if ent is not None and (ent.serial & 0xFFFFF) == serial else None
        return ref

    def ent_ref(self, index: int) -> int:
        ent = self.entities.get(index)
        if ent is None:
            return -1
        return wrap(0x80000000 | ((ent.serial & 0xFFFFF) << 11) | index)

    def create_entity(self, classname: str) -> int:
        for index in range(self.max_clients + 1, int(self.k["max_entities"])):
            if index not in self.entities:
                self.entity_serial += 1
                self.entities[index] = Entity(index, classname, {"m_iClassname": classname}, self.entity_serial)
                return index
        return -1

    # ---- damage -------------------------------------------------------------------------------------------------
    def apply_damage(self, victim: int, attacker: int, amount: float, damage_type: int = 0, weapon: int = -1,
                     *, hooks: bool = True) -> float:
        """Damage an entity the way the game does: SDKHooks OnTakeDamage(Alive) hooks may change or block it,
        then health drops (a player at 0 dies: player_death, otherwise player_hurt), then the Post hooks.
        Returns the damage dealt."""
        from .cells import ctof
        inflictor = attacker
        if hooks:
            for hook_type in (SDKHOOK_ONTAKEDAMAGE, SDKHOOK_ONTAKEDAMAGEALIVE):
                for ent, kind, fid in list(self.sdkhooks):
                    if ent != victim or kind != hook_type:
                        continue
                    refs = [Ref([attacker]), Ref([inflictor]), Ref([float(amount)]), Ref([damage_type]), Ref([weapon]),
                            Ref([0.0, 0.0, 0.0]), Ref([0.0, 0.0, 0.0])]
                    result = self.call(fid, [victim, *refs, 0], what=self.public_name.get(fid))
                    if result is None or result == PLUGIN_CONTINUE:
                        continue
                    if result >= PLUGIN_HANDLED:
                        return 0.0
                    attacker, inflictor = refs[0].values[0], refs[1].values[0]
                    amount, damage_type, weapon = ctof(refs[2].values[0]), refs[3].values[0], refs[4].values[0]
        ent = self.entities.get(victim)
        if ent is None:
            return 0.0
        amount = float(amount) if math.isfinite(amount) else 0.0
        health = int(ent.props.get("m_iHealth", 0)) - int(amount)
        cl = self.clients.get(victim)
        self.damage_log.append({"victim": victim, "attacker": attacker, "damage": float(amount)})
        attacker_cl = self.clients.get(attacker)
        attacker_userid = attacker_cl.userid if attacker_cl is not None else 0
        props = ent.props
        if cl is not None and cl.alive and health <= 0 and cl.team == 2 and not props.get("m_isIncapacitated"):
            # a survivor brought to 0 is incapacitated, not killed (L4D2); only an incapacitated one dies
            props.update({"m_isIncapacitated": 1, "m_iHealth": int(parse_number(
                self.find_convar("survivor_incap_health").value)) or 300})
            for event in ("player_incapacitated_start", "player_incapacitated"):
                self.fire_event(event, {"userid": cl.userid, "attacker": attacker_userid,
                                        "attackerentid": attacker if attacker_cl is None else 0,
                                        "type": damage_type, "weapon": ""})
        elif cl is not None and cl.alive and health <= 0:
            from .natives.players import kill
            kill(self, cl, attacker_userid)
        else:
            ent.props["m_iHealth"] = max(0, health) if cl is not None else health
            if cl is not None and cl.alive:
                self.fire_event("player_hurt", {"userid": cl.userid, "attacker": attacker_userid,
                                                "attackerentid": attacker if attacker_cl is None else 0,
                                                "health": max(0, health), "dmg_health": int(amount),
                                                "type": damage_type, "weapon": "", "hitgroup": 0})
        if hooks:
            for hook_type in (SDKHOOK_ONTAKEDAMAGEPOST, SDKHOOK_ONTAKEDAMAGEALIVEPOST):
                for ent_index, kind, fid in list(self.sdkhooks):
                    if ent_index == victim and kind == hook_type:
                        self.call(fid, [victim, attacker, inflictor, float(amount), damage_type, weapon,
                                        Ref([0.0, 0.0, 0.0]), Ref([0.0, 0.0, 0.0]), 0], what=self.public_name.get(fid))
        return float(amount)

    # ---- convars -----------------------------------------------------------------------------------------------
    def find_convar(self, name: str, *, lenient: bool = True) -> ConVar | None:
        cv = self.convars.get(name.lower())
        if cv is None:
            default = self.k["convars"].get(name)
            if default is None and lenient and name.lower().startswith(tuple(self.k["game_convar_prefixes"])):
                default = "0"           # a game cvar the table does not list: it exists on a real server
                self.unknown_convars.append(name)
            if default is None:
                return None
            cv = ConVar(name=name, value=str(default), default=str(default))
            cv.handle = self.handles.new(cv)
            self.convars[name.lower()] = cv
        return cv

    def set_convar(self, cv: ConVar, value: str) -> None:
        new = clamp_convar(cv, value)
        old = cv.value
        if new == old:
            return
        cv.value = new
        for fid in list(cv.hooks):
            self.call(fid, [cv.handle, old, new], what=f"ConVar change hook for {cv.name}")

    # ---- timers and frames --------------------------------------------------------------------------------------
    def advance(self, seconds: float) -> None:
        """Move the virtual clock forward frame by frame, running RequestFrame callbacks, OnGameFrame and
        every timer that comes due, in due order."""
        end = self.clock + max(0.0, float(seconds))
        tick = float(self.k["tick_interval"])
        game_frame = self.publics.get("OnGameFrame")
        while self.clock < end - 1e-9 and self.failed is None:
            self.clock = min(end, self.clock + tick)
            self.frame += 1
            queue, self.frame_queue = self.frame_queue, []
            for fid, data in queue:
                self.call(fid, [data], what="RequestFrame callback")
            if game_frame is not None:
                self.call(game_frame, [], what="OnGameFrame")
            self.run_due_timers()
            self.settle()

    def run_due_timers(self) -> None:
        while self.failed is None:
            due = [t for t in self.timers if t.alive and not t.running and t.due <= self.clock + 1e-9]
            if not due:
                return
            t = min(due, key=lambda x: (x.due, x.seq))
            self.fire_timer(t)

    def fire_timer(self, t: Timer) -> None:
        t.running = True
        result = self.call(t.func, [t.handle, t.data], what=self.public_name.get(t.func, "timer"))
        t.running = False
        if not t.alive:          # killed from inside its own callback
            self.close_timer(t)
            return
        # a repeating timer goes on unless its callback returns Plugin_Stop (a callback that errors keeps
        # repeating, as in SourceMod, whose failed call leaves the result at Plugin_Continue)
        if (t.flags & 1) and result != PLUGIN_STOP:
            t.due = t.due + t.interval if t.due + t.interval > self.clock else self.clock + t.interval
            return
        self.close_timer(t)

    def close_timer(self, t: Timer) -> None:
        t.alive = False
        if t in self.timers:
            self.timers.remove(t)
        self.handles.free(t.handle)
        if t.flags & (1 << 9) and t.data:
            obj = self.handles.free(t.data)
            if isinstance(obj, Timer):
                self.close_timer(obj)

    # ---- events -------------------------------------------------------------------------------------------------
    def fire_event(self, name: str, fields: dict, dont_broadcast: bool = False) -> bool:
        """Fire a game event to the plugin's hooks: Pre hooks (which may block it), then Post hooks."""
        hooks = self.event_hooks.get(name.lower(), [])
        if not hooks:
            return True
        ev = GameEvent(name=name, fields=dict(fields), dont_broadcast=dont_broadcast)
        ev.handle = self.handles.new(ev)
        try:
            blocked = False
            for fid, mode in list(hooks):
                if mode != HOOK_PRE:
                    continue
                result = self.call(fid, [ev.handle, name, bool(ev.dont_broadcast)], what=self.public_name.get(fid))
                if result is not None and result >= PLUGIN_HANDLED:
                    blocked = True
                    break
            if blocked:
                return False
            for fid, mode in list(self.event_hooks.get(name.lower(), [])):
                if mode == HOOK_POST:
                    self.call(fid, [ev.handle, name, bool(ev.dont_broadcast)], what=self.public_name.get(fid))
                elif mode == HOOK_POST_NOCOPY:
                    self.call(fid, [0, name, bool(ev.dont_broadcast)], what=self.public_name.get(fid))
            return True
        finally:
            self.handles.free(ev.handle)


class Ref:
    """A by-reference argument for `Game.call`: cells (copied back into `.values`) or a string buffer."""

    def __init__(self, values, *, string: bool = False, size: int = 0):
        self.values = values
        self.string = string
        self.size = size
        self.addr = 0


def to_arg(v) -> int:
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, float):
        return ftoc(v)
    return wrap(int(v))


def parse_number(text: str) -> float:
    """atof-like: the leading number of a string, 0 when there is none."""
    m = re.match(r"\s*([+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))", text)
    return float(m.group(1)) if m else 0.0


def clamp_convar(cv: ConVar, value: str) -> str:
    if cv.has_min or cv.has_max:
        f = parse_number(value)
        if cv.has_min and f < cv.min:
            return format_float(cv.min)
        if cv.has_max and f > cv.max:
            return format_float(cv.max)
    return value


def format_float(f: float) -> str:
    """How the engine writes a clamped float value back into a convar string."""
    return f"{f:.6f}"


def convar_int(cv: ConVar) -> int:
    f = parse_number(cv.value)
    try:
        return wrap(int(f))
    except (OverflowError, ValueError):
        return 0


def convar_float(cv: ConVar) -> float:
    return parse_number(cv.value)


__all__ = ["Game", "Client", "Entity", "ConVar", "Command", "Timer", "GameEvent", "Ref", "HandleTable",
           "knowledge", "clean", "admin_bits"]
