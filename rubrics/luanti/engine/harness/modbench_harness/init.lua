-- modbench_harness: loaded with the mod under test into a throwaway world by modbench's engine tier.
--
-- 1. At load time it reads (and deletes) modbench_run.json in the world: a per-run nonce, the names of the mods
--    under check and the task's probes.
-- 2. In the first server step, after the jobs the mods queued for it, it writes modbench_report.json (the
--    registry report), runs the probes and writes modbench_probes.json, then requests shutdown.
-- 3. Each file is signed in the log (stderr, which no mod can read back) with sha1(nonce .. content).
--
-- The mod under test lists this harness in optional_depends, so the harness loads first: the nonce file
-- is gone and every engine function the harness uses is captured before any of the mod's code runs. A
-- mod that rewrites the reports cannot produce a valid signature, and that reads as a failed run.

local minetest = minetest
local modpath = minetest.get_modpath(minetest.get_current_modname())
local worldpath = minetest.get_worldpath()

local log, sha1, after, request_shutdown = minetest.log, minetest.sha1, minetest.after, minetest.request_shutdown
local parse_json, get_us_time, get_current_modname = minetest.parse_json, minetest.get_us_time,
	minetest.get_current_modname
local io_open, os_remove, xpcall, type, ipairs, tostring = io.open, os.remove, xpcall, type, ipairs, tostring
local tonumber, math, collectgarbage, s_gsub, s_find = tonumber, math, collectgarbage, string.gsub, string.find
local loadstring, setfenv, setmetatable, traceback, sethook = loadstring, setfenv, setmetatable,
	debug.traceback, debug.sethook
local global_env = _G
local jit = jit

local encode_json = dofile(modpath .. "/json.lua")
local build_report = dofile(modpath .. "/report.lua")
local make_probe = dofile(modpath .. "/probe.lua")

local TAG = "[modbench_harness] "
local nonce = ""

-- Problems of the harness itself: the rubric reads this marker as an infrastructure error. Signed like the
-- report files, since any mod can log a line with this tag; one line of printable ASCII, which the log
-- carries unchanged.
local function internal(msg)
	msg = s_gsub(tostring(msg), "[^\32-\126]+", " ")
	log("error", TAG .. "INTERNAL " .. sha1(nonce .. msg) .. " " .. msg)
end

local function read_run_file()
	local path = worldpath .. "/modbench_run.json"
	local f = io_open(path, "rb")
	if not f then
		return nil, "the run file " .. path .. " is missing"
	end
	local text = f:read("*a")
	f:close()
	os_remove(path)
	local config = parse_json(text)
	if type(config) ~= "table" or type(config.nonce) ~= "string" then
		return nil, "the run file is not valid"
	end
	return config
end

local config, config_error = read_run_file()
if not config then
	internal(config_error)
	config = {nonce = "", probes = {}, checked = {}}
end
nonce = config.nonce
local checked = {}
for _, name in ipairs(config.checked or {}) do
	checked[name] = true
end

-- Where each registration came from: the registering mod's own line, so that a report check can point at
-- it. Keyed weakly by the definition table the engine keeps (the same table the mod passed in).
local getinfo = debug.getinfo
local worldmods = worldpath .. "/worldmods/"
local harness_dir = modpath .. "/"
local where = setmetatable({}, {__mode = "k"})

-- The innermost frame in a world mod other than the harness; failing that, the innermost one outside the
-- engine's builtin Lua (a registration made through a game mod's helper, called from a game mod).
local function caller_position()
	local fallback
	for level = 3, 40 do
		local info = getinfo(level, "Sl")
		if not info then
			break
		end
		if info.source:sub(1, 1) == "@" and info.currentline > 0 then
			local path = info.source:sub(2)
			if path:sub(1, #harness_dir) ~= harness_dir then
				if path:sub(1, #worldmods) == worldmods then
					return path .. ":" .. info.currentline
				end
				if not fallback and not path:find("/builtin/", 1, true) then
					fallback = path .. ":" .. info.currentline
				end
			end
		end
	end
	return fallback
end

-- Every craft registered from here on, with the mod that registered it: get_all_craft_recipes can only be
-- asked by output item, so it never shows a recipe whose output is an unknown item.
local crafts = {}

local function track(fname, def_arg, on_register)
	local original = minetest[fname]
	minetest[fname] = function(a, b)
		local def = def_arg == 1 and a or b
		if type(def) == "table" then
			where[def] = caller_position()
			if on_register then
				on_register(def)
			end
		end
		return original(a, b)
	end
end

track("register_item", 2)
track("register_entity", 2)
track("register_chatcommand", 2)
track("register_abm", 1)
track("register_lbm", 1)
track("register_craft", 1, function(def)
	crafts[#crafts + 1] = {mod_origin = get_current_modname() or "??", def = def}
end)

local function write_signed(filename, data)
	local text = encode_json(data)
	local f, why = io_open(worldpath .. "/" .. filename, "wb")
	if not f then
		if s_find(tostring(why), "Is a directory", 1, true) then
			-- a mod made a folder where the report goes (minetest.mkdir works in the world): tampering, the
			-- mod's failure, not a failure of the harness
			log("action", TAG .. "blocked " .. filename)
		else
			internal("cannot write " .. filename .. ": " .. tostring(why))
		end
		return
	end
	f:write(text)
	f:close()
	log("action", TAG .. "wrote " .. filename .. " sha1=" .. sha1(nonce .. text))
end

-- Probes that loop forever inside the mod's code fail on an instruction budget instead of ending the
-- whole run at the wall-clock limit. Count hooks never fire inside compiled traces, hence jit.off().
local function budget_hook(limit)
	local calls = 0
	return function()
		calls = calls + 1
		if calls > limit then
			error("probe exceeded its instruction budget (an endless loop?)", 2)
		end
	end
end

local function run_probes(probes)
	local state = {notes = {}, messages = {}}
	local probe = make_probe(state)
	local restore = probe._install()
	local hook_every = 10000
	local budget = math.max(1, math.floor((tonumber(config.probe_instructions) or 1e8) / hook_every))
	if jit then
		jit.off()
		jit.flush()
	end
	local results = {}
	for i, p in ipairs(probes) do
		state.notes, state.messages = {}, {}
		log("action", TAG .. "probe " .. i .. " start")
		local started = get_us_time()
		local result = {name = p.name, ok = false}
		local fn, compile_error = loadstring(tostring(p.lua), "=probe[" .. i .. "]")
		if not fn then
			result.error = "the probe does not compile: " .. tostring(compile_error)
			result.probe_error = true
		else
			setfenv(fn, setmetatable({probe = probe}, {__index = global_env}))
			sethook(budget_hook(budget), "", hook_every)
			local ok, err = xpcall(fn, function(e)
				return {message = tostring(e), traceback = traceback("", 2)}
			end)
			sethook()
			result.ok = ok
			if not ok and type(err) == "table" then
				result.error = err.message
				result.traceback = err.traceback
			elseif not ok then
				-- a memory error skips the handler: the mod's code filled the server's memory; free the garbage
				-- it left, so that the next probe and the report have room
				result.error = tostring(err)
				if err == "not enough memory" then
					result.error = "not enough memory (the mod's code used up the server's memory)"
				end
				collectgarbage("collect")
			end
		end
		result.seconds = (get_us_time() - started) / 1e6
		result.notes = state.notes
		result.messages = state.messages
		results[i] = result
	end
	if jit then
		jit.on()
	end
	restore()
	return results
end

local function run()
	local ok, err = xpcall(function()
		write_signed("modbench_report.json", build_report(checked, crafts, where))
		local probes = config.probes or {}
		if #probes > 0 then
			write_signed("modbench_probes.json", run_probes(probes))
		end
	end, traceback)
	if err == "not enough memory" then
		-- (no traceback: a memory error skips the handler) what the mods hold left the harness no room to
		-- finish: their doing, not the harness's
		collectgarbage("collect")
		log("action", TAG .. "out of memory")
	elseif not ok then
		internal(err)
	end
	request_shutdown("modbench_harness done", false, 0)
end

minetest.register_on_mods_loaded(function()
	log("action", TAG .. "mods loaded")
end)

-- minetest.after runs the jobs that are due newest first, so this job, queued before the mod under test
-- loads, runs after all of that mod's jobs of the first server step.
after(0, run)
