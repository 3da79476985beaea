"""Game event natives (events.inc): hooks, event handles (methodmap and the old GetEvent* API), creating and
firing events from the plugin."""

from __future__ import annotations

from ..cells import ctof
from ..errors import PluginRuntimeError
from ..game import GameEvent
from .base import arg, farg, native, put, s


def hook(g, p) -> bool:
    name = s(g, p[1]).lower()
    mode = arg(p, 3, 1)
    hooks = g.event_hooks.setdefault(name, [])
    if (p[2], mode) not in hooks:
        hooks.append((p[2], mode))
    if name not in g.hooked_event_order:
        g.hooked_event_order.append(name)
    return True


@native("HookEvent")
def HookEvent(g, p):
    hook(g, p)


@native("HookEventEx")
def HookEventEx(g, p):
    return hook(g, p)


@native("UnhookEvent")
def UnhookEvent(g, p):
    name = s(g, p[1]).lower()
    hooks = g.event_hooks.get(name, [])
    entry = (p[2], arg(p, 3, 1))
    if entry not in hooks:
        raise PluginRuntimeError(f"Game event \"{name}\" has no active hook")
    hooks.remove(entry)


def event(g, handle: int) -> GameEvent:
    return g.handles.get(handle, GameEvent, "game event handle")


def field_value(ev: GameEvent, key: str, default):
    return ev.fields.get(key, default)


def _int(value) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return int(value)
    try:
        return int(float(str(value)))
    except ValueError:
        return 0


@native("Event.GetInt", "GetEventInt")
def GetInt(g, p):
    return _int(field_value(event(g, p[1]), s(g, p[2]), arg(p, 3)))


@native("Event.GetBool", "GetEventBool")
def GetBool(g, p):
    return bool(_int(field_value(event(g, p[1]), s(g, p[2]), arg(p, 3))))


@native("Event.GetFloat", "GetEventFloat")
def GetFloat(g, p):
    value = field_value(event(g, p[1]), s(g, p[2]), None)
    if value is None:
        return farg(p, 3)
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


@native("Event.GetString", "GetEventString")
def GetString(g, p):
    ev = event(g, p[1])
    key = s(g, p[2])
    if key in ev.fields:
        value = ev.fields[key]
        text = ("1" if value else "0") if isinstance(value, bool) else str(value)
    else:
        text = s(g, p[5]) if p[0] >= 5 else ""
    put(g, p[3], p[4], text)


@native("Event.SetInt", "SetEventInt")
def SetInt(g, p):
    event(g, p[1]).fields[s(g, p[2])] = p[3]


@native("Event.SetBool", "SetEventBool")
def SetBool(g, p):
    event(g, p[1]).fields[s(g, p[2])] = bool(p[3])


@native("Event.SetFloat", "SetEventFloat")
def SetFloat(g, p):
    event(g, p[1]).fields[s(g, p[2])] = ctof(p[3])


@native("Event.SetString", "SetEventString")
def SetString(g, p):
    event(g, p[1]).fields[s(g, p[2])] = s(g, p[3])


@native("Event.GetName", "GetEventName")
def GetName(g, p):
    put(g, p[2], p[3], event(g, p[1]).name)


@native("Event.BroadcastDisabled.get")
def BroadcastDisabled_get(g, p):
    return event(g, p[1]).dont_broadcast


@native("Event.BroadcastDisabled.set", "SetEventBroadcast")
def BroadcastDisabled_set(g, p):
    event(g, p[1]).dont_broadcast = bool(p[2])


@native("CreateEvent")
def CreateEvent(g, p):
    ev = GameEvent(name=s(g, p[1]), fields={})
    ev.handle = g.handles.new(ev)
    return ev.handle


@native("Event.Fire", "FireEvent")
def Fire(g, p):
    ev = event(g, p[1])
    g.handles.free(p[1])
    g.fired_events.append({"name": ev.name, "fields": dict(ev.fields)})
    g.fire_event(ev.name, ev.fields, bool(arg(p, 2)))


@native("Event.FireToClient")
def FireToClient(g, p):
    ev = event(g, p[1])
    g.client(p[2])
    g.fired_events.append({"name": ev.name, "fields": dict(ev.fields), "to": p[2]})


@native("Event.Cancel", "CancelCreatedEvent")
def Cancel(g, p):
    event(g, p[1])
    g.handles.free(p[1])
