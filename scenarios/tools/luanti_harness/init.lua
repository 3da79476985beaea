-- Authoring-only harness for scenarios/tools/luanti_selfcheck.py: it lets task authors check references and
-- broken variants against the real server before the product engine tier exists. It implements the `probe`
-- helper library as LUANTI_CONTRACTS.md describes it. Only trusted task-file Lua (probes) runs in here.
local modpath = minetest.get_modpath(minetest.get_current_modname())
local worldpath = minetest.get_worldpath()

local function write(name, data)
	local f = assert(io.open(worldpath .. "/" .. name, "w"))
	f:write(minetest.write_json(data))
	f:close()
end

local function names(t)
	local r = {}
	for k in pairs(t) do r[#r + 1] = k end
	table.sort(r)
	return r
end

minetest.register_on_mods_loaded(function()
	local abms = {}
	for _, a in ipairs(minetest.registered_abms) do
		abms[#abms + 1] = {label = a.label or "", interval = a.interval, chance = a.chance,
			mod_origin = a.mod_origin}
	end
	local lbms = {}
	for _, l in ipairs(minetest.registered_lbms) do lbms[#lbms + 1] = l.name end
	local crafts = {}
	for name in pairs(minetest.registered_items) do
		for _, r in ipairs(minetest.get_all_craft_recipes(name) or {}) do
			crafts[#crafts + 1] = {output = r.output, type = r.method or r.type}
		end
	end
	write("lt_report.json", {
		nodes = names(minetest.registered_nodes), craftitems = names(minetest.registered_craftitems),
		tools = names(minetest.registered_tools), entities = names(minetest.registered_entities),
		chatcommands = names(minetest.registered_chatcommands), abms = abms, lbms = lbms, crafts = crafts,
		privileges = names(minetest.registered_privileges),
	})
end)

-- The probe library: the product harness's own probe.lua (copied in by luanti_selfcheck.py), so that authoring
-- checks and the engine tier agree on what every probe helper does.
local probe_state = {notes = {}, messages = {}}
local probe = dofile(modpath .. "/probe.lua")(probe_state)

-- Run the probes after the first server step, when the environment exists ----------------------------------
minetest.after(0, function()
	local results = {}
	local restore = probe._install()
	local f = io.open(modpath .. "/probes.json", "r")
	local probes = f and minetest.parse_json(f:read("*a")) or {}
	if f then f:close() end
	for _, p in ipairs(probes) do
		local fn, err = loadstring(p.lua, "=probe")
		local ok = fn ~= nil
		if fn then
			local env = setmetatable({probe = probe}, {__index = _G})
			setfenv(fn, env)
			ok, err = xpcall(fn, debug.traceback)
		end
		results[#results + 1] = {name = p.name, ok = ok, error = err and tostring(err) or nil}
	end
	restore()
	write("lt_probes.json", results)
	minetest.request_shutdown("lt_author_harness done", false, 0)
end)
