-- The registry report: what the engine holds once every mod has loaded.
-- Names and origins are listed for everything; full definitions only for the mods under check, which is
-- what the report checks (in Python) look at: values the engine accepts silently but that cannot work.

local minetest, ItemStack, rawget = minetest, ItemStack, rawget
local type, pairs, ipairs = type, pairs, ipairs

local NODE_FIELDS = {"description", "drawtype", "paramtype", "paramtype2", "liquidtype", "groups", "tiles",
	"overlay_tiles", "special_tiles", "inventory_image", "wield_image", "light_source", "walkable",
	"pointable", "diggable", "buildable_to", "drop", "node_box", "selection_box", "mesh", "use_texture_alpha",
	"liquid_alternative_flowing", "liquid_alternative_source"}
local ITEM_FIELDS = {"description", "groups", "inventory_image", "wield_image", "stack_max",
	"tool_capabilities", "liquids_pointable", "range"}
local ENTITY_FIELDS = {"initial_properties", "visual", "mesh", "textures", "physical", "collisionbox"}
local CALLBACKS = {"on_construct", "on_destruct", "after_place_node", "after_dig_node", "on_punch", "on_dig",
	"on_rightclick", "on_timer", "on_place", "on_use", "on_drop", "on_secondary_use", "can_dig",
	"on_receive_fields", "on_activate", "on_step", "on_death", "get_staticdata"}

local function pick(def, fields)
	local out = {}
	for _, f in ipairs(fields) do
		local v = def[f]          -- through the engine's defaults metatable: what the engine will use
		if v ~= nil then out[f] = v end
	end
	local cbs = {}
	for _, f in ipairs(CALLBACKS) do
		local v = rawget(def, f)
		if v ~= nil then cbs[f] = type(v) end
	end
	out.callbacks = cbs
	return out
end

local function names_by_origin(registered)
	local out = {}
	for name, def in pairs(registered) do
		out[name] = type(def) == "table" and def.mod_origin or "??"
	end
	return out
end

local function list_of(v)
	if type(v) == "string" then return {v} end
	if type(v) == "table" then return v end
	return {}
end

-- checked: set of mod names under check; crafts: {mod_origin=, def=} recorded at registration time (the
-- report lists those of the checked mods);
-- where: definition table -> "path:line" of the registering call
return function(checked, crafts, where)
	local report = {
		engine = minetest.get_version(),
		mods = minetest.get_modnames(),
		nodes = names_by_origin(minetest.registered_nodes),
		craftitems = names_by_origin(minetest.registered_craftitems),
		tools = names_by_origin(minetest.registered_tools),
		entities = names_by_origin(minetest.registered_entities),
		aliases = {},
		chatcommands = {},
		privileges = {},
		abms = {},
		lbms = {},
		crafts = {},
		engine_crafts = {},
		definitions = {},
		groups = {},
	}
	for alias, target in pairs(minetest.registered_aliases) do
		report.aliases[alias] = target
	end
	-- how many items carry each group, so that "group:x" in recipes can be checked
	for _, def in pairs(minetest.registered_items) do
		if type(def.groups) == "table" then
			for g, v in pairs(def.groups) do
				if v ~= 0 then report.groups[g] = (report.groups[g] or 0) + 1 end
			end
		end
	end
	for name, def in pairs(minetest.registered_chatcommands) do
		report.chatcommands[name] = {mod_origin = def.mod_origin, params = def.params,
			description = def.description, privs = def.privs, func = type(def.func), where = where[def]}
	end
	for name, def in pairs(minetest.registered_privileges) do
		report.privileges[name] = {description = type(def) == "table" and def.description or def}
	end
	for _, abm in ipairs(minetest.registered_abms) do
		report.abms[#report.abms + 1] = {label = abm.label, nodenames = list_of(abm.nodenames),
			neighbors = abm.neighbors and list_of(abm.neighbors), interval = abm.interval, chance = abm.chance,
			catch_up = abm.catch_up, mod_origin = abm.mod_origin, action = type(abm.action), where = where[abm]}
	end
	for _, lbm in ipairs(minetest.registered_lbms) do
		report.lbms[#report.lbms + 1] = {label = lbm.label, name = lbm.name, nodenames = list_of(lbm.nodenames),
			run_at_every_load = lbm.run_at_every_load, mod_origin = lbm.mod_origin, action = type(lbm.action),
			where = where[lbm]}
	end
	local outputs = {}
	for _, c in ipairs(crafts) do
		local def = c.def
		if checked[c.mod_origin] then
			report.crafts[#report.crafts + 1] = {mod_origin = c.mod_origin, type = def.type or "shaped",
				output = def.output, recipe = def.recipe, replacements = def.replacements,
				burntime = def.burntime, cooktime = def.cooktime, where = where[def]}
			if type(def.output) == "string" then
				outputs[ItemStack(def.output):get_name()] = true
			end
		end
	end
	for _, registered in ipairs({minetest.registered_nodes, minetest.registered_craftitems,
			minetest.registered_tools}) do
		for name, def in pairs(registered) do
			if checked[def.mod_origin] then
				report.definitions[name] = pick(def, def.type == "node" and NODE_FIELDS or ITEM_FIELDS)
				report.definitions[name].type = def.type
				report.definitions[name].where = where[def]
				outputs[name] = true
			end
		end
	end
	for name, def in pairs(minetest.registered_entities) do
		if checked[def.mod_origin] then
			report.definitions[name] = pick(def, ENTITY_FIELDS)
			report.definitions[name].type = "entity"
			report.definitions[name].where = where[def]
		end
	end
	-- the engine's own view of the recipes for everything the checked mods make
	for name in pairs(outputs) do
		report.engine_crafts[name] = minetest.get_all_craft_recipes(name)
	end
	return report
end
