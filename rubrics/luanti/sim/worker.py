"""The sandboxed process of the sim tier: runs one mod in LuaJIT (lupa) against the mocked engine.

    python -B -P -S .../sim/worker.py LUPA_SITE_DIR      (cwd = the sandbox work dir: engine.lua, job.lua)

Runs ONLY inside a sandbox (`modbench.sandboxes.warm.run_warm`, see tier.py): the mod's code executes in this
process, and C-level
hangs (a pathological string pattern) or an allocator abort can only be stopped from outside. Prints stage
markers as it goes, so that a crash can be told apart from a broken setup, and finally one line
`MODBENCH-SIM-RESULT <json>` (the JSON is written by the trusted Lua runner).

Startup is most of this tier's cost, so the worker imports nothing but lupa: the engine's facts (engine.lua,
the same for every job) and the job (job.lua) come as Lua table constructors written by tier.py (loaded with an
empty environment), the report goes out as text. It starts "warm" (sandboxes/warm.py): lupa, the engine
facts, the mock and the engine's builtin Lua load first, then it waits for the line "go" on stdin before it
reads job.lua (EOF or any other line: exit). One process runs one mod: no state carries over.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BUILTIN = "/usr/share/games/minetest/builtin"
# builtin/init.lua then builtin/game/init.lua, in the engine's order (the profiler is off by default)
BUILTIN_ORDER = (
    "common/vector.lua", "common/strict.lua", "common/serialize.lua", "common/misc_helpers.lua",
    "game/constants.lua", "game/item_s.lua", "game/item.lua", "game/register.lua", "common/after.lua",
    "common/mod_storage.lua", "game/item_entity.lua", "game/deprecated.lua", "game/misc_s.lua", "game/misc.lua",
    "game/privileges.lua", "game/auth.lua", "common/chatcommands.lua", "game/chat.lua",
    "common/information_formspecs.lua", "game/static_spawn.lua", "game/detached_inventory.lua",
    "game/falling.lua", "game/features.lua", "game/voxelarea.lua", "game/forceloading.lua", "game/statbars.lua",
    "game/knockback.lua", "game/async.lua",
)
DEP_FILE_SUFFIXES = (".lua", ".txt", ".conf", ".json", ".tr")
RESULT_PREFIX = "MODBENCH-SIM-RESULT "
STAGE_PREFIX = "MODBENCH-SIM-STAGE "


# The report carries the mod's strings byte for byte, which need not be UTF-8 (a mod may log "\255"), and lupa
# refuses to turn such a Lua string into a Python one. So it crosses as Latin-1, one character per byte (each
# byte >= 128 rewritten to its 2-byte UTF-8 form in Lua), and is decoded here with errors="replace".
AS_LATIN1 = r"""(function(char, gsub, floor)
  local utf8_of = {}
  for b = 128, 255 do utf8_of[char(b)] = char(192 + floor(b / 64), 128 + b % 64) end
  return function(make) return (gsub(make(), "[\128-\255]", utf8_of)) end
end)(string.char, string.gsub, math.floor)"""


def wait_for_go():
    """True when the job is there ("go"); False on EOF or any other line (the host is gone: just exit)."""
    return sys.stdin.readline() == "go\n"


def _stage(name):
    sys.stdout.write(STAGE_PREFIX + name + "\n")
    sys.stdout.flush()


def _read(path):
    with open(path, encoding="utf-8", errors="replace") as fh:
        return fh.read()


def dependency_files(folder, max_bytes=16 << 20):
    """The text files of a dependency mod that its code may dofile() or io.open() (no media)."""
    out, total = {}, 0
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            if name.endswith(DEP_FILE_SUFFIXES) and os.path.isfile(path) and not os.path.islink(path):
                total += os.path.getsize(path)
                if total > max_bytes:
                    return out
                out[os.path.relpath(path, folder).replace(os.sep, "/")] = _read(path)
    return out


def _deny(obj, name, setting):          # no Python attribute is ever reachable from Lua
    raise AttributeError(name)


def main():
    _stage("start")
    if len(sys.argv) > 1:                  # run with -S: lupa's folder comes as the argument
        sys.path.append(sys.argv[1])
    import lupa.luajit21 as luajit  # noqa: PLC0415  (after the stage marker: an import failure is infra)

    lua = luajit.LuaRuntime(register_eval=False, register_builtins=False, unpack_returned_tuples=True,
                            attribute_filter=_deny, max_memory=256 << 20)    # the job's own cap follows
    lua.execute("jit.off() jit.flush()")      # count hooks never fire inside compiled traces
    # engine.lua and job.lua are data only, so they are evaluated with an empty environment
    data = lua.eval("function(src, name) local f = assert(loadstring(src, name)) setfenv(f, {}) return f() end")
    loader = lua.eval("function(src, name) local f, e = loadstring(src, name) if not f then error(e) end "
                      "return f() end")
    runner = loader(_read(os.path.join(HERE, "runner.lua")), "=modbench_sim")
    # first what does not depend on the mod: the engine's facts, the mock and the engine's builtin Lua
    job = lua.table_from({"engine": data(_read("engine.lua"), "=engine"),
                          "builtin": lua.table_from(list(BUILTIN_ORDER))})
    sources = {"engine_mock": _read(os.path.join(HERE, "engine_mock.lua")),
               "builtin": lua.table_from({e: _read(os.path.join(BUILTIN, e)) for e in BUILTIN_ORDER})}
    runner.prepare(job, lua.table_from(sources))
    if not wait_for_go():                     # a warm start (sandboxes/warm.py) waits here for its job
        return 0
    mod_job = data(_read("job.lua"), "=job")
    max_memory = int(mod_job["max_memory"])
    lua.set_max_memory(max_memory)
    deps = mod_job["dep_mods"]
    order = [deps[i]["name"] for i in range(1, len(deps) + 1)]
    mod_job["dep_mod_order"] = lua.table_from(order)
    mod_job["dep_mod_files"] = lua.table_from({deps[i]["name"]: lua.table_from(dependency_files(deps[i]["dir"]))
                                               for i in range(1, len(deps) + 1)})
    runner.setup_mod(mod_job)
    as_latin1 = lua.eval(AS_LATIN1)           # made before the mod runs, so that the mod cannot change it
    _stage("run")
    try:
        runner.run(int(mod_job["max_instructions"]))
    except luajit.LuaMemoryError:
        # the heap filled up so far that even the error handling could not allocate
        lua.set_max_memory(2 * max_memory)
        runner.fail("not enough memory")
    lua.set_max_memory(2 * max_memory)        # headroom for the report when the mod filled the heap
    _stage("report")
    report = as_latin1(runner.report).encode("latin-1").decode("utf-8", "replace")
    sys.stdout.write(RESULT_PREFIX + report + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)                            # everything is written: skip the interpreter's teardown
