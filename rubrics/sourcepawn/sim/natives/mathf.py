"""Float, rounding, trigonometry, vector and random natives (float.inc, vector.inc, halflife.inc).

Results go through a 32-bit float cell, so they carry SourcePawn's single precision. Random numbers come from
the scenario's seeded generator, so a run is reproducible.
"""

from __future__ import annotations

import math

from ..cells import ctof
from .base import arg, farg, native, set_vec, vec

INT_MIN = -2147483648


def _f(p, i):
    return ctof(p[i])


def _to_int(f: float) -> int:
    if not math.isfinite(f) or not -2147483648.0 <= f < 2147483648.0:
        return INT_MIN          # what the x86 float->int conversion gives for out-of-range values
    return int(f)


@native("float")
def float_(g, p):
    return float(p[1])


@native("FloatMul", "__FLOAT_MUL__")
def FloatMul(g, p):
    return _f(p, 1) * _f(p, 2)


@native("FloatDiv", "__FLOAT_DIV__")
def FloatDiv(g, p):
    a, b = _f(p, 1), _f(p, 2)
    if b == 0:
        return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


@native("FloatAdd", "__FLOAT_ADD__")
def FloatAdd(g, p):
    return _f(p, 1) + _f(p, 2)


@native("FloatSub", "__FLOAT_SUB__")
def FloatSub(g, p):
    return _f(p, 1) - _f(p, 2)


def _compare(op):
    def fn(g, p):
        a, b = _f(p, 1), _f(p, 2)
        if math.isnan(a) or math.isnan(b):
            return 0
        return 1 if op(a, b) else 0
    return fn


native("__FLOAT_GT__")(_compare(lambda a, b: a > b))
native("__FLOAT_GE__")(_compare(lambda a, b: a >= b))
native("__FLOAT_LT__")(_compare(lambda a, b: a < b))
native("__FLOAT_LE__")(_compare(lambda a, b: a <= b))
native("__FLOAT_EQ__")(_compare(lambda a, b: a == b))
native("__FLOAT_NE__")(lambda g, p: 1 if (math.isnan(_f(p, 1)) or math.isnan(_f(p, 2)) or _f(p, 1) != _f(p, 2)) else 0)


@native("__FLOAT_NOT__")
def FLOAT_NOT(g, p):
    f = _f(p, 1)
    return 1 if (math.isnan(f) or f == 0) else 0


@native("FloatFraction")
def FloatFraction(g, p):
    f = _f(p, 1)
    return f - math.floor(f) if math.isfinite(f) else math.nan


@native("RoundToZero")
def RoundToZero(g, p):
    f = _f(p, 1)
    return _to_int(math.trunc(f)) if math.isfinite(f) else INT_MIN


@native("RoundToCeil")
def RoundToCeil(g, p):
    f = _f(p, 1)
    return _to_int(math.ceil(f)) if math.isfinite(f) else INT_MIN


@native("RoundToFloor")
def RoundToFloor(g, p):
    f = _f(p, 1)
    return _to_int(math.floor(f)) if math.isfinite(f) else INT_MIN


@native("RoundToNearest", "RoundFloat")
def RoundToNearest(g, p):
    f = _f(p, 1)
    return _to_int(math.floor(f + 0.5)) if math.isfinite(f) else INT_MIN


@native("FloatCompare")
def FloatCompare(g, p):
    a, b = _f(p, 1), _f(p, 2)
    return 1 if a > b else -1 if a < b else 0


def _safe(fn):
    def wrapper(*xs):
        try:
            return fn(*xs)
        except (ValueError, ZeroDivisionError):
            return math.nan
        except OverflowError:
            return math.inf
    return wrapper


native("SquareRoot")(lambda g, p: _safe(math.sqrt)(_f(p, 1)))
native("Pow")(lambda g, p: _safe(math.pow)(_f(p, 1), _f(p, 2)))
native("Exponential")(lambda g, p: _safe(math.exp)(_f(p, 1)))
native("Logarithm")(lambda g, p: _safe(lambda v, b: math.log(v) / math.log(b))(_f(p, 1), farg(p, 2, 10.0)))
native("Sine")(lambda g, p: _safe(math.sin)(_f(p, 1)))
native("Cosine")(lambda g, p: _safe(math.cos)(_f(p, 1)))
native("Tangent")(lambda g, p: _safe(math.tan)(_f(p, 1)))
native("ArcSine")(lambda g, p: _safe(math.asin)(_f(p, 1)))
native("ArcCosine")(lambda g, p: _safe(math.acos)(_f(p, 1)))
native("ArcTangent")(lambda g, p: _safe(math.atan)(_f(p, 1)))
native("ArcTangent2")(lambda g, p: _safe(math.atan2)(_f(p, 1), _f(p, 2)))
native("FloatAbs")(lambda g, p: abs(_f(p, 1)))


# ---- random ----------------------------------------------------------------------------------------------------

@native("GetRandomInt")
def GetRandomInt(g, p):
    lo, hi = p[1], p[2]
    if lo > hi:
        lo, hi = hi, lo
    return g.rng.randint(lo, hi)


@native("GetRandomFloat")
def GetRandomFloat(g, p):
    lo, hi = farg(p, 1, 0.0), farg(p, 2, 1.0)
    return g.rng.uniform(lo, hi)


@native("SetRandomSeed")
def SetRandomSeed(g, p):
    g.rng.seed(p[1])


@native("GetURandomInt")
def GetURandomInt(g, p):
    return g.rng.randint(0, 0x7FFFFFFF)


@native("GetURandomFloat")
def GetURandomFloat(g, p):
    return g.rng.random()


@native("SetURandomSeed")
def SetURandomSeed(g, p):
    g.rng.seed(repr(g.vm.read_cells(p[1], max(0, min(p[2], 64)))))


# ---- vectors ---------------------------------------------------------------------------------------------------

@native("GetVectorLength")
def GetVectorLength(g, p):
    v = vec(g, p[1])
    sq = sum(c * c for c in v)
    return sq if arg(p, 2) else math.sqrt(sq)


@native("GetVectorDistance")
def GetVectorDistance(g, p):
    a, b = vec(g, p[1]), vec(g, p[2])
    sq = sum((x - y) ** 2 for x, y in zip(a, b))
    return sq if arg(p, 3) else math.sqrt(sq)


@native("GetVectorDotProduct")
def GetVectorDotProduct(g, p):
    return sum(x * y for x, y in zip(vec(g, p[1]), vec(g, p[2])))


@native("GetVectorCrossProduct")
def GetVectorCrossProduct(g, p):
    a, b = vec(g, p[1]), vec(g, p[2])
    set_vec(g, p[3], [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]])


@native("NormalizeVector")
def NormalizeVector(g, p):
    v = vec(g, p[1])
    length = math.sqrt(sum(c * c for c in v))
    set_vec(g, p[2], [c / length for c in v] if length else [0.0, 0.0, 0.0])
    return length


def _angle_vectors(angles):
    pitch, yaw, roll = (math.radians(a) for a in angles)
    sp, cp = math.sin(pitch), math.cos(pitch)
    sy, cy = math.sin(yaw), math.cos(yaw)
    sr, cr = math.sin(roll), math.cos(roll)
    fwd = [cp * cy, cp * sy, -sp]
    right = [-sr * sp * cy + cr * sy, -sr * sp * sy - cr * cy, -sr * cp]
    up = [cr * sp * cy + sr * sy, cr * sp * sy - sr * cy, cr * cp]
    return fwd, right, up


@native("GetAngleVectors")
def GetAngleVectors(g, p):
    fwd, right, up = _angle_vectors(vec(g, p[1]))
    for addr, v in ((p[2], fwd), (p[3], right), (p[4], up)):
        if addr != g.smx.pubvars.get("NULL_VECTOR", -1):
            set_vec(g, addr, v)


@native("GetVectorAngles")
def GetVectorAngles(g, p):
    x, y, z = vec(g, p[1])
    if x == 0 and y == 0:
        yaw, pitch = 0.0, (270.0 if z > 0 else 90.0)
    else:
        yaw = math.degrees(math.atan2(y, x)) % 360.0
        pitch = math.degrees(math.atan2(-z, math.hypot(x, y))) % 360.0
    set_vec(g, p[2], [pitch, yaw, 0.0])


@native("GetVectorVectors")
def GetVectorVectors(g, p):
    x, y, z = vec(g, p[1])
    if x == 0 and y == 0:
        right, up = [0.0, -1.0, 0.0], [-z, 0.0, 0.0]
    else:
        length = math.hypot(x, y)
        right = [y / length, -x / length, 0.0]
        up = [right[1] * z, -right[0] * z, right[0] * y - right[1] * x]     # right x forward (Source's VectorVectors)
        norm = math.sqrt(sum(c * c for c in up)) or 1.0
        up = [c / norm for c in up]
    set_vec(g, p[2], right)
    set_vec(g, p[3], up)
