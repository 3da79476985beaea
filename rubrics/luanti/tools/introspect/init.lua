-- modbench_introspect: dumps the global environment the real engine gives mods, for tools/gen_std.py.
-- Loaded as a world mod; writes <world>/introspect.json and shuts the server down after one step.
-- Two snapshots: when this mod's init.lua runs ("load") and after every mod has loaded ("mods_loaded").

local function snapshot()
	local out = {}
	for name, value in pairs(_G) do
		if type(name) == "string" then
			local entry = {type = type(value)}
			if type(value) == "table" and name ~= "_G" then
				local fields = {}
				for k, v in pairs(value) do
					if type(k) == "string" then
						fields[k] = type(v)
					end
				end
				entry.fields = fields
			end
			out[name] = entry
		end
	end
	return out
end

local report = {load = snapshot(), version = minetest.get_version()}

minetest.register_on_mods_loaded(function()
	report.mods_loaded = snapshot()
	report.modnames = minetest.get_modnames()
	-- the items other mods see after load (the sim pre-registers the game's, so overrides/lookups work)
	local items = {}
	for name, def in pairs(minetest.registered_items) do
		local groups = {}
		for g, v in pairs(def.groups or {}) do
			groups[g] = v
		end
		items[name] = {type = def.type, groups = groups, mod_origin = def.mod_origin,
			description = type(def.description) == "string" and def.description or nil,
			drawtype = def.drawtype, stack_max = def.stack_max}
	end
	report.items = items
	report.aliases = minetest.registered_aliases
	local path = minetest.get_worldpath() .. "/introspect.json"
	local f = assert(io.open(path, "w"))
	f:write(minetest.write_json(report))
	f:close()
	minetest.after(0, function() minetest.request_shutdown("introspect done", false, 0) end)
end)
