"""Every native of the simulator against hostile arguments: whatever a plugin passes, a native either works or
raises SourcePawn's runtime error (or SetFailState's), never a Python exception. A Python exception would be
reported as a simulator bug (has_error) and hide the plugin's real verdict.

Natives are called in process on a loaded test plugin (our own fixture, not model code); arguments are drawn
from a deterministic pool of plausible and implausible cells: small ints, negative and extreme values, valid and
invalid addresses, real handles of every kind, a real public function id.
"""

from __future__ import annotations

import random

import pytest
from modbench.rubrics.sourcepawn.sim.cells import ftoc
from modbench.rubrics.sourcepawn.sim.errors import BudgetExhausted, PluginFailed, PluginRuntimeError
from modbench.rubrics.sourcepawn.sim.game import Game
from modbench.rubrics.sourcepawn.sim.natives import NATIVES
from modbench.rubrics.sourcepawn.sim.scenario import start_plugin
from modbench.rubrics.sourcepawn.sim.smxfile import read_smx
from sim_support import compile_fixture

TRIALS = 30


@pytest.fixture(scope="module")
def world():
    g = Game(read_smx(compile_fixture("behaviour.sp")), NATIVES)
    g.vm.budget_left = 10**9
    start_plugin(g)
    for index, name, team, bot in ((1, "Nick", 2, False), (2, "Ellis", 2, False), (3, "Tank", 3, True)):
        g.add_client(index, name, team=team, bot=bot, admin_flags="z" if index == 1 else "")
    return g


def cell_pool(g: Game) -> list[int]:
    vm = g.vm
    text = vm.heap_alloc(64)
    vm.write_string(text, 64, "sm_hello @all 5")
    buf = vm.heap_alloc(256)
    vec = vm.heap_alloc(16)
    vm.write_cells(vec, [ftoc(1.0), ftoc(2.0), ftoc(3.0), 0])
    handles = []
    for fn, args in (("ArrayList.ArrayList", [2, 1, 3]), ("StringMap.StringMap", [0]), ("DataPack.DataPack", [0]),
                     ("CreateTimer", [2, ftoc(5.0), g.publics["Timer_Tick"]]), ("KeyValues.KeyValues", [1, text]),
                     ("CreateEvent", [1, text]), ("ArrayStack.ArrayStack", [1, 1]), ("Menu.Menu", [1, -1])):
        handles.append(NATIVES[fn](g, args))
    handles.append(g.find_convar("sim_bonus").handle)
    return [0, 1, 2, 3, 5, 7, 31, 32, 33, 64, 101, 102, 2049, -1, -5, 0x7FFFFFFF, -0x80000000, 0x7FF,
            text, text + 3, buf, vec, vm.stp - 4, vm.memsize + 8, vm.hp + 8, g.publics["Cmd_Hello"],
            ftoc(0.5), ftoc(-1e30), ftoc(float("nan")), *handles]


@pytest.mark.slow
def test_no_native_raises_a_python_exception_on_hostile_arguments(world):
    g = world
    pool = cell_pool(g)
    rng = random.Random(1234)
    failures = []
    for name in sorted(NATIVES):
        fn = g._bind(name, NATIVES)          # the same dispatch path the VM uses
        for _ in range(TRIALS):
            argc = rng.randint(0, 9)
            params = [argc] + [rng.choice(pool) for _ in range(argc)]
            saved = (g.vm.sp, g.vm.hp, g.call_state, g.user_message)
            try:
                fn(params)
            except (PluginRuntimeError, PluginFailed, BudgetExhausted):
                pass
            except Exception as exc:  # noqa: BLE001 - the point of the test
                failures.append(f"{name}{params}: {type(exc).__name__}: {exc}")
                break
            finally:
                g.vm.sp, g.vm.hp = saved[0], saved[1]
                g.call_state, g.user_message = None, None
    assert not failures, "\n".join(failures[:20])


def test_natives_table_covers_the_plugins_the_simulator_is_built_for():
    # the natives tank_announce (the contract's example) and the fixtures call must all be implemented
    for fixture in ("tank_announce.sp", "behaviour.sp", "oldsyntax.sp", "semantics.sp", "tongue_damage.sp"):
        smx = read_smx(compile_fixture(fixture))
        missing = [n for n in smx.natives if n not in NATIVES]
        assert not missing, (fixture, missing)
