-- The trusted driver of the simulation tier: builds a restricted global environment, loads the engine's
-- builtin Lua on top of the C++ mock, runs the mod's init.lua with an instruction budget, runs the
-- on_mods_loaded callbacks and one server step, and reports what got registered.
--
-- Safety rules (the mod's code runs in this Lua state):
-- * Everything this file uses after the mod starts is captured in locals first, so a mod that replaces
--   string.format, pairs, next ... cannot change what the report says.
-- * Registrations of items and crafts are recorded by the C++ mock in `rec`, which the mod cannot reach;
--   tables the engine itself reads after load (registered_abms, registered_chatcommands, ...) are read raw.
-- * The mod gets a fresh globals table: no io/os (except time/clock/date/difftime)/require/debug/package/
--   loadfile from disk/string.dump; text chunks only; `jit` is a harmless shim (JIT stays OFF, or the
--   count hook would never fire inside compiled traces).
-- Returns the table R with prepare(job, sources) / setup_mod(mod_job) / run() / report() for the Python worker.

local R = {}
local _G_real = _G
local type, next, pairs, ipairs, tostring, tonumber, select, error, pcall, xpcall, setfenv, getfenv,
	setmetatable, getmetatable, rawget, rawset, rawequal, loadstring, unpack =
	type, next, pairs, ipairs, tostring, tonumber, select, error, pcall, xpcall, setfenv, getfenv,
	setmetatable, getmetatable, rawget, rawset, rawequal, loadstring, unpack
local string, table, math, os, coroutine, bit = string, table, math, os, coroutine, bit
local debug_sethook, debug_getinfo, debug_traceback = debug.sethook, debug.getinfo, debug.traceback
local collectgarbage, jit = collectgarbage, jit
local s_sub, s_byte, s_format, s_find, s_gsub, s_match, s_rep, s_gmatch = string.sub, string.byte,
	string.format, string.find, string.gsub, string.match, string.rep, string.gmatch
local t_concat, t_insert, t_sort = table.concat, table.insert, table.sort
local co_create, co_resume, co_wrap, co_running, co_status, co_yield =
	coroutine.create, coroutine.resume, coroutine.wrap, coroutine.running, coroutine.status, coroutine.yield

local TRUSTED = "=modbench_sim"     -- chunk name of this file and the mock: the hook never errors there
local lib = {
	type = type, next = next, tostring = tostring, tonumber = tonumber, error = error, pcall = pcall,
	setmetatable = setmetatable, getmetatable = getmetatable, rawget = rawget, rawset = rawset, select = select,
	pairs = pairs, ipairs = ipairs, s_format = s_format, s_match = s_match, s_sub = s_sub, s_gsub = s_gsub,
	s_find = s_find, s_rep = s_rep, s_byte = s_byte, t_concat = t_concat, t_insert = t_insert, t_sort = t_sort,
	floor = math.floor, m_random = math.random, huge = math.huge,
}

local S = {
	rec = {
		items = {}, item_order = {}, in_order = {}, crafts = {}, aliases = {}, log = {}, log_errors = {}, log_warnings = {},
		chat = {}, settings_read = {}, unmocked = {}, unknown_api = {}, undeclared_globals = {}, security = {},
		callback_errors = {}, counts = {biomes = 0, ores = 0, decorations = 0, schematics = 0},
	},
	phase = "setup", current_mod = nil, last_run_mod = nil, us_time = 0, known_mods = {}, game_items = {},
}
S.count = function(set) local n = 0 for _ in next, set do n = n + 1 end return n end
local rec = S.rec

-- ------------------------------------------------------------------------------------ instruction budget
local STEP = 1000
local budget, used, limit_hit = 0, 0, false
local threads = setmetatable({}, {__mode = "k"})

local function hook()
	used = used + STEP
	if used < budget and not limit_hit then return end
	if not limit_hit then
		limit_hit = true
		-- from now on fire on every instruction, in every thread, so no pcall loop can outrun the limit
		debug_sethook(hook, "", 1)
		for co in next, threads do
			if co_status(co) ~= "dead" then debug_sethook(co, hook, "", 1) end
		end
	end
	local info = debug_getinfo(2, "S")
	if info and info.source ~= TRUSTED and info.what ~= "C" then
		error("instruction limit exceeded (" .. budget .. " instructions: an endless loop?)", 2)
	end
end

local function arm(max_instructions)
	budget = max_instructions
	debug_sethook(hook, "", STEP)
end
local function disarm()
	debug_sethook()
	for co in next, threads do
		if co_status(co) ~= "dead" then debug_sethook(co) end
	end
end

-- ------------------------------------------------------------------------------------- chunk loading
local env = {}
S.env = env

local function sload(src, chunkname)
	if type(src) ~= "string" then return nil, "chunk must be a string" end
	if s_byte(src, 1) == 27 then return nil, "binary (bytecode) chunks are not allowed" end
	local f, err = loadstring(src, chunkname)
	if not f then return nil, err end
	return setfenv(f, env)
end

local function norm_path(path)
	path = s_gsub(tostring(path), "\\", "/")
	local parts = {}
	for part in s_gmatch(path, "[^/]+") do
		if part == ".." then
			if #parts == 0 then return nil end
			parts[#parts] = nil
		elseif part ~= "." then
			parts[#parts + 1] = part
		end
	end
	return "/" .. t_concat(parts, "/")
end

-- A path under /mods/<mod>/ -> (file text, chunk name), if that simulated mod has that file.
local function mod_file(path)
	local p = norm_path(path)
	if not p then return nil end
	local mod, rel = s_match(p, "^/mods/([^/]+)/(.+)$")
	if not mod then return nil end
	if mod == S.job.mod_name then
		local text = S.job.files[rel]
		if text then return text, "@" .. rel end
		return nil
	end
	local game = S.job.dep_mod_files[mod]
	local text = game and game[rel]
	if text then return text, "@" .. mod .. "/" .. rel end
	return nil
end

local function blocked(what, path)
	local msg = "Mod security: Blocked attempted " .. what .. " " .. tostring(path)
	if #rec.security < 50 then rec.security[#rec.security + 1] = msg end
	return msg
end

local world_files = {}

local function file_handle(content, writable, path)
	local pos, closed = 1, false
	local h = {}
	local function check() if closed then error("attempt to use a closed file", 3) end end
	function h:read(fmt)
		check()
		fmt = fmt or "*l"
		if pos > #content then return nil end
		if fmt == "*a" or fmt == "a" then local s = s_sub(content, pos) pos = #content + 1 return s end
		if type(fmt) == "number" then local s = s_sub(content, pos, pos + fmt - 1) pos = pos + fmt return s end
		local e = s_find(content, "\n", pos, true)
		local line = s_sub(content, pos, (e or #content + 1) - 1)
		pos = (e or #content) + 1
		return line
	end
	function h:lines() return function() return h:read("*l") end end
	function h:write(...)
		check()
		if not writable then return nil, "file not open for writing" end
		for i = 1, select("#", ...) do
			local v = select(i, ...)
			content = content .. tostring(v)
			if #content > 4194304 then error("simulated file too large", 2) end
		end
		world_files[path] = content
		return h
	end
	function h:flush() return h end
	function h:seek() return pos - 1 end
	function h:setvbuf() return true end
	function h:close() closed = true; return true end
	return h
end

local function io_open(path, mode)
	mode = tostring(mode or "r")
	local text = mod_file(path)
	if text and not s_find(mode, "[wa+]") then return file_handle(text, false, path) end
	local p = norm_path(path)
	if p and s_sub(p, 1, 7) == "/world/" then
		if s_find(mode, "w") then world_files[p] = "" return file_handle("", true, p) end
		if s_find(mode, "a") then return file_handle(world_files[p] or "", true, p) end
		if world_files[p] then return file_handle(world_files[p], false, p) end
		return nil, tostring(path) .. ": No such file or directory", 2
	end
	if text == nil and p and s_sub(p, 1, 6) == "/mods/" then
		return nil, tostring(path) .. ": No such file or directory", 2
	end
	-- the engine's mod security raises an error here (it does not return nil, err)
	error(blocked(s_find(mode, "[wa+]") and "write to" or "read from", path), 2)
end

local function load_mod_file(path, what)
	local text, chunkname = mod_file(path)
	if not text then
		local p = norm_path(path)
		if p and s_sub(p, 1, 6) == "/mods/" then
			return nil, "cannot open " .. tostring(path) .. ": No such file or directory"
		end
		error(blocked("read from", path), 3)
	end
	return sload(text, chunkname)
end

-- ----------------------------------------------------------------------------------- the environment
local function build_env(job)
	for _, k in ipairs({"assert", "error", "ipairs", "next", "pairs", "pcall", "select", "tonumber", "tostring",
			"type", "unpack", "xpcall", "rawequal", "rawget", "rawset", "setmetatable", "_VERSION", "gcinfo"}) do
		env[k] = _G_real[k]
	end
	string.dump = nil              -- no bytecode out, and no bytecode in (sload)
	env.string = string            -- the shared string table: ("x"):rep() and string.rep must be the same
	env.table, env.math, env.bit = table, math, bit
	env.os = {time = os.time, clock = os.clock, date = os.date, difftime = os.difftime,
		getenv = function() return nil end,
		remove = function(p)
			local n = norm_path(p)
			if n and s_sub(n, 1, 7) == "/world/" then world_files[n] = nil return true end
			error(blocked("write to", p), 2)
		end,
		rename = function(a, b)
			local na, nb = norm_path(a), norm_path(b)
			if na and nb and s_sub(na, 1, 7) == "/world/" and s_sub(nb, 1, 7) == "/world/" then
				world_files[nb], world_files[na] = world_files[na], nil
				return true
			end
			error(blocked("write to", a), 2)
		end,
		setlocale = function() return nil end}
	env.io = {open = io_open,
		lines = function(p) local f, e = io_open(p, "r") if not f then error(e, 2) end return f:lines() end,
		write = function(...) S.print(...) end, read = function() return nil end,
		close = function(f) if f then return f:close() end end, type = function() return nil end}
	env.getmetatable = function(o)
		if type(o) == "string" then return nil end      -- the string metatable is shared with this runner
		return getmetatable(o)
	end
	env.getfenv = function(f)
		local e
		if f == nil or f == 0 then return env end
		if type(f) == "number" then
			local ok, r = pcall(getfenv, f + 1)
			e = ok and r or env
		elseif type(f) == "function" then
			e = getfenv(f)
		else
			error("bad argument #1 to 'getfenv'", 2)
		end
		if rawequal(e, _G_real) then return env end
		return e
	end
	env.setfenv = function(f, t)
		if type(f) ~= "function" then error("setfenv: only functions can be given an environment here", 2) end
		return setfenv(f, t)
	end
	env.loadstring = function(src, name)
		return sload(src, "=" .. s_sub(tostring(name or "loadstring"), 1, 60))
	end
	env.load = function(chunk, name)
		if type(chunk) == "function" then
			local parts, size = {}, 0
			while true do
				local piece = chunk()
				if piece == nil or piece == "" then break end
				size = size + #tostring(piece)
				if size > 1048576 then return nil, "chunk too large" end
				parts[#parts + 1] = tostring(piece)
			end
			chunk = t_concat(parts)
		end
		return env.loadstring(chunk, name)
	end
	env.dofile = function(path)
		local f, err = load_mod_file(path)
		if not f then error(err, 2) end
		return f()
	end
	env.loadfile = function(path) return load_mod_file(path) end     -- raises on blocked paths, as the engine
	env.require = function(name)
		blocked("require of", name)
		error("module '" .. tostring(name) .. "' not found (require is not available to mods)", 2)
	end
	env.collectgarbage = function(opt)
		if opt == "count" then return collectgarbage("count") end
		if opt == nil or opt == "collect" or opt == "step" then return 0 end
		return 0
	end
	env.coroutine = {
		create = function(f)
			local co = co_create(f)
			threads[co] = true
			debug_sethook(co, hook, "", limit_hit and 1 or STEP)
			return co
		end,
		resume = co_resume, running = co_running, status = co_status, yield = co_yield,
		wrap = function(f)
			local co = env.coroutine.create(f)
			return function(...)
				local res = {co_resume(co, ...)}
				if not res[1] then error(res[2], 2) end
				return select(2, unpack(res))
			end
		end,
		isyieldable = function() return co_running() ~= nil end,
	}
	env.debug = {traceback = debug_traceback, getinfo = function(what, opts)
		-- the engine gives mods debug.getinfo; without 'f' (no stack functions) and never about this runner
		if type(what) == "number" then what = what + 1 elseif type(what) ~= "function" then return nil end
		local info = debug_getinfo(what, s_gsub(tostring(opts or "nSl"), "[fL]", ""))
		if info == nil or info.source == TRUSTED then return nil end
		return info
	end}
	env.jit = {version = "LuaJIT 2.1.0-beta3", version_num = 20100, os = "Linux", arch = "x64",
		on = function() end, off = function() end, flush = function() end,
		status = function() return false end, opt = {start = function() end}}
	env._G = env
	env.DIR_DELIM = "/"
	env.INIT = "game"
end

-- ------------------------------------------------------------------------------- dependency stubs
-- A permissive stand-in for a declared dependency that is not simulated: any field is a callable
-- stand-in too, so `mesecon.register_mvps_stopper(...)` or `armor:register_armor(...)` just work.
local autostub_mt
local function autostub(name)
	return setmetatable({__stub = name}, autostub_mt)
end
autostub_mt = {
	__index = function(t, k)
		if k == "__stub" then return nil end
		local v = autostub(tostring(rawget(t, "__stub")) .. "." .. tostring(k))
		rawset(t, k, v)
		return v
	end,
	__call = function(t) return autostub(tostring(rawget(t, "__stub")) .. "()") end,
	__concat = function(a, b)
		return (type(a) == "table" and "" or tostring(a)) .. (type(b) == "table" and "" or tostring(b))
	end,
	__tostring = function(t) return "<" .. tostring(rawget(t, "__stub")) .. ">" end,
	__len = function() return 0 end,
	__unm = function() return 0 end,
	__add = function() return 0 end, __sub = function() return 0 end, __mul = function() return 0 end,
	__div = function() return 0 end, __mod = function() return 0 end, __pow = function() return 0 end,
	__lt = function() return false end, __le = function() return false end,
}

-- minetest_game's namespaces with exactly the fields the real game has (from the engine dump): a field the
-- game does not have is nil, as in the real game; the ones it has are stand-ins, with a few real helpers.
local function sound_table() return {footstep = {name = "", gain = 0.5}, dig = {name = "", gain = 0.5},
	dug = {name = "", gain = 1.0}, place = {name = "", gain = 1.0}} end

local function game_namespace(name, spec)
	local ns = {}
	for field, kind in next, spec.fields or {} do
		if kind == "function" then
			if s_match(field, "^node_sound_.*_defaults$") then
				ns[field] = function(t) local s = sound_table() if type(t) == "table" then
					for k, v in next, t do s[k] = v end end return s end
			elseif field == "get_translator" then
				ns[field] = S.core.get_translator(name)
			else
				ns[field] = autostub(name .. "." .. field)
			end
		elseif kind == "table" then
			ns[field] = autostub(name .. "." .. field)
		elseif kind == "number" then
			ns[field] = 0
		elseif kind == "string" then
			ns[field] = ""
		elseif kind == "boolean" then
			ns[field] = false
		end
	end
	return ns
end

-- ------------------------------------------------------------------------------------------ setup
-- Two steps, so that a warm worker loads everything that does not depend on the mod before its job arrives:
-- prepare(job, sources) with job = {engine = <the engine's facts>, builtin = <file order>} loads the mock and
-- the engine's builtin Lua; setup_mod(mod_job) adds the mod's job (its fields are merged into `job`, the table
-- the mock already holds) and sets up minetest_game. Neither step runs any of the mod's code.
function R.prepare(job, sources)
	S.job = job
	build_env(job)
	local mock, err = loadstring(sources.engine_mock, TRUSTED)
	if not mock then error("engine mock: " .. err) end
	mock(S, lib)
	local core = S.core
	env.core, env.minetest = core, core
	env.print = S.print
	env.vector = {metatable = {}}                  -- set by C++ in the engine; builtin vector.lua fills it
	for _, cls in ipairs({"ItemStack", "VoxelManip", "PseudoRandom", "PcgRandom", "PerlinNoise", "PerlinNoiseMap",
			"SecureRandom", "Raycast", "AreaStore", "Settings"}) do
		env[cls] = S.classes[cls]
	end

	-- the engine's builtin, in the order builtin/init.lua and builtin/game/init.lua load it
	local mod_debug = env.debug
	env.debug = {getinfo = debug_getinfo}          -- strict.lua captures the real getinfo at load
	local builtin_shared = {}
	for _, entry in ipairs(job.builtin) do
		local f, e = sload(sources.builtin[entry], "@builtin/" .. entry)
		if not f then error("builtin " .. entry .. ": " .. tostring(e)) end
		local ok, e2 = pcall(f, builtin_shared)
		if not ok then error("builtin " .. entry .. ": " .. tostring(e2)) end
		if entry == "common/vector.lua" then core.debug = function(...) core.log(t_concat({...}, "\t")) end end
	end
	env.debug = mod_debug
	env.minetest = core
	return true
end

function R.setup_mod(mod_job)
	local job, core = S.job, S.core
	for k, v in next, mod_job do job[k] = v end
	S.known_mods[job.mod_name] = true
	for _, m in ipairs(job.known_mods) do S.known_mods[m] = true end

	-- minetest_game as the real game has it: the mods the mod depends on run for real (R.run), the rest are
	-- namespaces with the real game's fields plus the real game's items and aliases
	S.phase = "game"
	local simulated = {}
	for _, m in ipairs(job.dep_mod_order) do simulated[m] = true end
	for name, spec in next, job.engine.game_globals do
		if simulated[job.engine.game_owners[name] or ""] then
			-- defined by that mod's own code
		elseif spec.type == "table" then
			rawset(env, name, game_namespace(name, spec))
		elseif spec.type == "number" then
			rawset(env, name, name == "LIGHT_MAX" and 14 or 0)
		end
	end
	for name, item in next, job.engine.game_items do
		if simulated[item.mod_origin] then goto continue end
		S.game_items[name] = true                   -- a snapshot item of a game mod that does not run here
		local def = {name = name, type = item.type, groups = item.groups or {}, description = item.description or "",
			drawtype = item.drawtype, stack_max = item.stack_max or 99, mod_origin = item.mod_origin,
			tiles = {}, sounds = sound_table()}
		setmetatable(def, {__index = core.nodedef_default})
		rawset(core.registered_items, name, def)
		local kind = item.type == "node" and "registered_nodes" or item.type == "tool" and "registered_tools"
			or item.type == "craft" and "registered_craftitems" or nil
		if kind then rawset(core[kind], name, def) end
		::continue::
	end
	for alias, orig in next, job.engine.game_aliases do
		local owner = job.engine.game_items[orig] and job.engine.game_items[orig].mod_origin
		if not simulated[owner or ""] then rawset(core.registered_aliases, alias, orig) end
	end
	for _, name in ipairs(job.dependency_globals) do
		if rawget(env, name) == nil then rawset(env, name, autostub(name)) end
	end

	-- unknown fields of minetest/core are nil as in the engine; the sim notes them for its message
	setmetatable(core, {__index = function(_, k)
		if S.phase == "mod" or S.phase == "callbacks" then
			if S.count(rec.unknown_api) < 200 then rec.unknown_api[tostring(k)] = true end
		end
		return nil
	end})
	-- strict.lua set env's metatable (warnings for undeclared globals); note the names too
	local strict = getmetatable(env)
	local strict_index = strict and strict.__index
	if strict then
		strict.__index = function(t, k)
			if S.phase == "mod" or S.phase == "callbacks" then
				if S.count(rec.undeclared_globals) < 200 then rec.undeclared_globals[tostring(k)] = true end
			end
			if strict_index then return strict_index(t, k) end
		end
	end
	S.builtin_privileges = {}
	for name in next, rawget(core, "registered_privileges") or {} do S.builtin_privileges[name] = true end
	S.phase = "loaded"
	return true
end

-- ---------------------------------------------------------------------------------------- running
local function traceback(msg)
	return {message = tostring(msg), traceback = debug_traceback("", 2)}
end

local function protected(f, ...)
	local ok, err = xpcall(f, traceback, ...)
	if ok then return true end
	if type(err) ~= "table" then err = {message = tostring(err), traceback = ""} end
	return false, err
end

-- run init.lua; then the on_mods_loaded callbacks; then one server step (globalsteps, minetest.after(0))
function R.run(max_instructions)
	local job, core = S.job, S.core
	-- the dependencies whose sources are at hand, for real, in dependency order (no budget: not the mod's code)
	for _, m in ipairs(job.dep_mod_order) do
		S.phase, S.current_mod = "game", m
		local f, ferr = sload(job.dep_mod_files[m]["init.lua"], "@" .. m .. "/init.lua")
		local gok, gerr = f ~= nil, ferr
		if f then gok, gerr = protected(f) end
		if not gok then
			S.result = {ok = false, stage = "dependency", message = "dependency " .. m .. " failed in the " ..
				"simulation: " .. (type(gerr) == "table" and gerr.message or tostring(gerr)), traceback = "",
				instructions = 0, limit_hit = false}
			return S.result
		end
	end
	S.current_mod = nil
	local init, err = sload(job.files["init.lua"], "@init.lua")
	if not init then return {ok = false, stage = "load", message = err, traceback = ""} end
	S.phase = "mod"
	S.current_mod = job.mod_name
	arm(max_instructions)
	local ok, e = protected(init)
	if ok then
		S.current_mod = nil
		S.phase = "callbacks"
		local origins = rawget(core, "callback_origins") or {}
		for i, cb in ipairs(rawget(core, "registered_on_mods_loaded") or {}) do
			local origin = type(cb) == "function" and rawget(origins, cb)
			local mine = type(origin) == "table" and rawget(origin, "mod") == job.mod_name
			if type(cb) == "function" then
				local cok, ce = protected(cb)
				if not cok and not mine then
					if #rec.callback_errors < 20 then
						rec.callback_errors[#rec.callback_errors + 1] = "on_mods_loaded of another mod: " ..
							tostring(ce.message)
					end
				elseif not cok then
					ok, e = false, ce
					e.message = "Runtime error from mod '" .. job.mod_name .. "' in callback on_mods_loaded(): " ..
						e.message
					break
				end
			end
		end
	end
	local stage = ok and "step" or (S.phase == "mod" and "load" or "on_mods_loaded")
	if ok then
		-- one server step: errors here are reported, but only as warnings (the stubs return nil where a
		-- running world would return objects; the engine tier is the judge of runtime behaviour)
		for _, cb in ipairs(rawget(core, "registered_globalsteps") or {}) do
			if type(cb) == "function" then
				local cok, ce = protected(cb, 0.09)
				if not cok and #rec.callback_errors < 20 then
					rec.callback_errors[#rec.callback_errors + 1] = "globalstep: " .. ce.message
				end
				if limit_hit then break end
			end
		end
	end
	disarm()
	S.phase = "done"
	local result = {ok = ok, stage = stage, instructions = used, limit_hit = limit_hit}
	if not ok then
		result.message = e.message
		result.traceback = e.traceback
	end
	S.result = result
	return result
end

-- the worker calls this when the run escaped to Python (out of memory while handling an error)
function R.fail(message)
	disarm()
	S.phase = "done"
	S.result = {ok = false, stage = S.current_mod and "load" or "on_mods_loaded", message = tostring(message),
		traceback = "", instructions = used, limit_hit = limit_hit}
	return true
end

-- ----------------------------------------------------------------------------------------- report
local function str(v, n)
	if type(v) ~= "string" then return nil end
	if #v > (n or 200) then return s_sub(v, 1, n or 200) end
	return v
end

local function string_list(t, cap)
	local out = {}
	if type(t) == "string" then return {str(t)} end
	if type(t) ~= "table" then return out end
	for i = 1, cap or 50 do
		local v = rawget(t, i)
		if v == nil then break end
		out[#out + 1] = str(v) or ("<" .. type(v) .. ">")
	end
	return out
end

local function set_list(set, cap)
	local out = {}
	for k in next, set do
		out[#out + 1] = tostring(k)
		if #out >= (cap or 200) then break end
	end
	t_sort(out)
	return out
end

function R.report()
	disarm()
	collectgarbage()
	local core, job = S.core, S.job
	local out = {result = S.result, nodes = {}, craftitems = {}, overrides = {}, tools = {}, other_items = {}, entities = {},
		chatcommands = {}, abms = {}, lbms = {}, privileges = {}, crafts = rec.crafts, aliases = rec.aliases,
		callbacks = {}, log = rec.log, log_errors = rec.log_errors, log_warnings = rec.log_warnings,
		chat = rec.chat, settings_read = set_list(rec.settings_read), unmocked_calls = set_list(rec.unmocked),
		unknown_api = set_list(rec.unknown_api), undeclared_globals = set_list(rec.undeclared_globals),
		security = rec.security, callback_errors = rec.callback_errors, counts = rec.counts}
	for _, name in ipairs(rec.item_order) do
		local item = rec.items[name]
		if (item.phase == "mod" or item.phase == "callbacks") and not item.unregistered then
			if item.mod_origin == job.mod_name then
				local kind = item.type == "node" and "nodes" or item.type == "craft" and "craftitems"
					or item.type == "tool" and "tools" or "other_items"
				out[kind][#out[kind] + 1] = name
			else          -- minetest.override_item of another mod's item keeps that mod as origin
				out.overrides[#out.overrides + 1] = name
			end
		end
	end
	local function own(def)
		return type(def) == "table" and rawget(def, "mod_origin") == job.mod_name
	end
	local entities = rawget(core, "registered_entities")
	if type(entities) == "table" then
		for name, def in next, entities do
			if own(def) and type(name) == "string" then out.entities[#out.entities + 1] = name end
		end
	end
	local commands = rawget(core, "registered_chatcommands")
	if type(commands) == "table" then
		for name, def in next, commands do
			if own(def) and type(name) == "string" then
				out.chatcommands[#out.chatcommands + 1] = {name = name, params = str(rawget(def, "params")),
					privs = set_list(type(rawget(def, "privs")) == "table" and rawget(def, "privs") or {}),
					has_func = type(rawget(def, "func")) == "function"}
			end
		end
	end
	local abms = rawget(core, "registered_abms")
	if type(abms) == "table" then
		for i = 1, 1000 do
			local def = rawget(abms, i)
			if def == nil then break end
			if own(def) then
				out.abms[#out.abms + 1] = {label = str(rawget(def, "label")), nodenames = string_list(rawget(def, "nodenames")),
					neighbors = string_list(rawget(def, "neighbors")), interval = tonumber(rawget(def, "interval")),
					chance = tonumber(rawget(def, "chance"))}
			end
		end
	end
	local lbms = rawget(core, "registered_lbms")
	if type(lbms) == "table" then
		for i = 1, 1000 do
			local def = rawget(lbms, i)
			if def == nil then break end
			if own(def) then
				out.lbms[#out.lbms + 1] = {name = str(rawget(def, "name")), label = str(rawget(def, "label")),
					nodenames = string_list(rawget(def, "nodenames"))}
			end
		end
	end
	local privs = rawget(core, "registered_privileges")
	if type(privs) == "table" then
		for name, def in next, privs do       -- privileges carry no mod_origin: the ones builtin did not add
			if type(name) == "string" and type(def) == "table" and not S.builtin_privileges[name] then
				out.privileges[#out.privileges + 1] = name
			end
		end
	end
	for _, key in ipairs({"on_joinplayer", "on_leaveplayer", "on_dieplayer", "on_newplayer", "on_punchnode",
			"on_placenode", "on_dignode", "on_chat_message", "on_player_receive_fields", "on_craft",
			"on_shutdown", "on_mods_loaded", "globalsteps", "on_respawnplayer", "on_generated", "on_punchplayer",
			"on_player_hpchange", "on_item_eat", "on_protection_violation", "on_prejoinplayer"}) do
		local list = rawget(core, key == "globalsteps" and "registered_globalsteps" or "registered_" .. key .. "s")
		if key == "on_player_hpchange" then list = nil end
		local n = 0
		if type(list) == "table" then
			local origins = rawget(core, "callback_origins") or {}
			for i = 1, 10000 do
				local cb = rawget(list, i)
				if cb == nil then break end
				local origin = rawget(origins, cb)
				if type(origin) == "table" and rawget(origin, "mod") == job.mod_name then n = n + 1 end
			end
		end
		if n > 0 then out.callbacks[key] = n end
	end
	for _, k in ipairs({"nodes", "craftitems", "tools", "entities", "privileges"}) do t_sort(out[k]) end
	return S.json_encode(out)
end

return R
