"""Timers and time (timers.inc, halflife.inc time natives): timers run on the scenario's virtual clock."""

from __future__ import annotations

import time as _time

from ..game import Timer
from .base import arg, farg, native, put, s, set_cell

EPOCH = 1_700_000_000        # the simulated wall clock at map start (GetTime)
TIMER_REPEAT = 1
TIMER_DATA_HNDL_CLOSE = 1 << 9


def timer(g, handle: int) -> Timer:
    return g.handles.get(handle, Timer, "timer handle")


def create_timer(g, interval: float, func: int, data: int, flags: int) -> int:
    interval = max(0.0, interval)
    g.timer_seq += 1
    t = Timer(handle=0, due=g.clock + max(interval, 0.1), interval=max(interval, 0.1), func=func, data=data,
              flags=flags, seq=g.timer_seq)
    t.handle = g.handles.new(t)
    g.timers.append(t)
    return t.handle


@native("CreateTimer")
def CreateTimer(g, p):
    return create_timer(g, farg(p, 1), p[2], arg(p, 3), arg(p, 4))


@native("KillTimer")
def KillTimer(g, p):
    t = timer(g, p[1])
    if arg(p, 2) and t.data:
        g.handles.free(t.data)
        t.flags &= ~TIMER_DATA_HNDL_CLOSE
    kill(g, t)


def kill(g, t: Timer) -> None:
    if t.running:
        t.alive = False          # deleted from inside its own callback: closed when the callback returns
        return
    g.close_timer(t)


@native("TriggerTimer")
def TriggerTimer(g, p):
    t = timer(g, p[1])
    if t.running:
        return
    if arg(p, 2):
        t.due = g.clock + t.interval
    g.fire_timer(t)


@native("GetTickedTime", "GetGameTime", "GetEngineTime")
def GetGameTime(g, p):
    return g.clock


@native("GetGameTickCount")
def GetGameTickCount(g, p):
    return g.frame


@native("GetTickInterval", "GetGameFrameTime")
def GetTickInterval(g, p):
    return float(g.k["tick_interval"])


@native("GetTime")
def GetTime(g, p):
    now = EPOCH + int(g.clock)
    if p[0] >= 1:
        g.vm.write_cells(p[1], [now, 0])
    return now


@native("GetSysTickCount")
def GetSysTickCount(g, p):
    return int(g.clock * 1000)


@native("FormatTime")
def FormatTime(g, p):
    stamp = arg(p, 4, -1)
    if stamp == -1:
        stamp = EPOCH + int(g.clock)
    fmt = s(g, p[3])
    try:
        text = _time.strftime(fmt, _time.gmtime(stamp))
    except (ValueError, OverflowError):
        text = ""
    put(g, p[1], p[2], text)


@native("IsServerProcessing")
def IsServerProcessing(g, p):
    return True


@native("GetMapTimeLeft")
def GetMapTimeLeft(g, p):
    set_cell(g, p[1], -1)
    return True


@native("GetMapTimeLimit")
def GetMapTimeLimit(g, p):
    set_cell(g, p[1], 0)
    return True


@native("ExtendMapTimeLimit")
def ExtendMapTimeLimit(g, p):
    return True


@native("RequestFrame")
def RequestFrame(g, p):
    g.frame_queue.append((p[1], arg(p, 2)))
