-- Runs the real luacheck (Debian lua-check) as a warm worker (modbench/sandboxes/warm.py):
--
--     lua5.1 luacheck_run.lua CONFIG ARGS_FILE
--
-- First it loads luacheck's modules and the std config CONFIG (most of a run's cost: ~30 ms of module loading
-- and ~4 ms for the generated Luanti std), then it waits for one line on stdin: "go" means the job's files are
-- in the work dir now; EOF or anything else means exit at once. ARGS_FILE then holds luacheck's other
-- command-line arguments, separated by NUL bytes, and luacheck runs exactly as `luacheck --config CONFIG
-- <arguments>` would. One process checks one job. (CONFIG comes on the command line, not in ARGS_FILE, so that
-- where a sandbox has no mounts its path is rewritten to the host's like every other argument.)
--
-- It also runs luacheck without its only child process: luacheck asks `uname -s` just to locate a global
-- config dir, which `--config` makes irrelevant. Answering that here saves a fork per run and removes a failure
-- mode (a fork refused under the sandbox's limits is not the checked mod's fault).
local real_popen = io.popen
io.popen = function(cmd, ...)
	if cmd == "uname -s" then
		return {read = function() return "Linux" end, close = function() return true end}
	end
	return real_popen(cmd, ...)
end

local config_path, args_file = arg[1], arg[2]
if not config_path or not args_file then
	io.stderr:write("usage: luacheck_run.lua CONFIG ARGS_FILE (then \"go\" on stdin)\n")
	os.exit(4)
end

-- what luacheck.main and a check load; a name this luacheck version lacks is simply loaded (or not) later
for _, name in ipairs({"argparse", "luacheck", "luacheck.cache", "luacheck.config", "luacheck.multithreading",
		"luacheck.profiler", "luacheck.runner", "luacheck.utils", "luacheck.version", "luacheck.format",
		"luacheck.check", "luacheck.check_state", "luacheck.stages", "luacheck.parser", "luacheck.lexer",
		"luacheck.filter", "luacheck.standards", "luacheck.builtin_standards", "luacheck.options",
		"luacheck.core_utils", "luacheck.decoder", "luacheck.fs", "luacheck.globbing", "luacheck.serializer",
		"luacheck.unicode", "luacheck.expand_rockspec"}) do
	pcall(require, name)
end

-- the std config, loaded now and handed to luacheck when it asks for exactly this file (once)
local config = require "luacheck.config"
local real_load_config = config.load_config
local preloaded = {real_load_config(config_path)}
config.load_config = function(path, global_path)
	if preloaded and path == config_path and global_path == nil then
		local result = preloaded
		preloaded = nil
		return unpack(result)
	end
	return real_load_config(path, global_path)
end

if io.read("*l") ~= "go" then
	os.exit(0)
end

local fh, err = io.open(args_file, "rb")
if not fh then
	io.stderr:write("Critical error: no arguments: ", tostring(err), "\n")     -- our setup's fault (exit 4)
	os.exit(4)
end
local text = fh:read("*a")
fh:close()
-- argparse keeps the `arg` table it found when it was loaded: refill that same table
for i = #arg, 1, -1 do arg[i] = nil end
arg[1], arg[2] = "--config", config_path
for word in (text .. "\0"):gmatch("([^%z]*)%z") do
	arg[#arg + 1] = word
end
require "luacheck.main"
