-- The C++ half of the Luanti API, mocked in Lua for the fast simulation tier (trusted code).
--
-- The engine's own builtin Lua (register.lua, chatcommands.lua, vector.lua, misc_helpers.lua, ...) is loaded
-- on top of this, exactly as the server does, so registration rules and their error messages are the
-- engine's. What is here stands in for what the server implements in C++: the raw item/alias registration,
-- crafts, settings, mod storage, logging, paths, ItemStack and the other userdata classes. Every other
-- engine function (the list comes from the engine dump) is a stub that records the call and returns nil,
-- which is also what most environment functions return at load time in the real server.
--
-- Called as mock(S, lib): S is the runner's shared state (records, job, env), lib the runner's captured
-- standard functions. It fills S.core and S.classes; the mod never sees S or lib.

local S, lib = ...
local type, next, tostring, tonumber, error, setmetatable, rawget, rawset, select, pairs, ipairs =
	lib.type, lib.next, lib.tostring, lib.tonumber, lib.error, lib.setmetatable, lib.rawget, lib.rawset,
	lib.select, lib.pairs, lib.ipairs
local s_format, s_match, s_sub, s_gsub, s_find, s_rep = lib.s_format, lib.s_match, lib.s_sub, lib.s_gsub,
	lib.s_find, lib.s_rep
local t_concat, t_insert = lib.t_concat, lib.t_insert
local floor, m_random, huge = lib.floor, lib.m_random, lib.huge
local rec, job = S.rec, S.job

local core = {}
S.core = core

local function note(set, key)
	if S.count(set) < 500 then set[key] = true end
end

local function push(list, value, cap)
	if #list < (cap or 200) then list[#list + 1] = value end
end

local function clip(s, n)
	s = tostring(s)
	if #s > (n or 400) then return s_sub(s, 1, n or 400) .. "..." end
	return s
end

-- ------------------------------------------------------------------------------- stubs for the rest
-- Every engine function first becomes a recording stub; the explicit mocks below and then the real
-- builtin Lua replace the ones they define.
local function stub(name)
	return function()
		if S.phase == "mod" or S.phase == "callbacks" then note(rec.unmocked, name) end
		return nil
	end
end

local engine_fields = job.engine.engine_minetest_fields
for name, kind in next, engine_fields do
	if kind == "function" then
		core[name] = stub(name)
	elseif kind == "table" then
		core[name] = {}
	end
end

local constants = {
	CONTENT_AIR = 126, CONTENT_IGNORE = 127, CONTENT_UNKNOWN = 125, LIGHT_MAX = 14, MAP_BLOCKSIZE = 16,
	PLAYER_MAX_HP_DEFAULT = 20, PLAYER_MAX_BREATH_DEFAULT = 10, EMERGE_CANCELLED = 0, EMERGE_ERRORED = 1,
	EMERGE_FROM_MEMORY = 2, EMERGE_FROM_DISK = 3, EMERGE_GENERATED = 4,
}
for k, v in next, constants do core[k] = v end
-- C++ functions builtin takes for itself and then removes from the table (so the dump cannot list them)
core.set_http_api_lua = function() end
core.forceload_block = function() return true end
core.forceload_free_block = function() end
core.auth = {read = function() return nil end, save = function() end, create = function() end,
	delete = function() return true end, list_names = function() return {} end, reload = function() end}

-- ----------------------------------------------------------------------------------------- logging
local function log(level, msg)
	if msg == nil then level, msg = "none", level end
	level = tostring(level)
	msg = clip(msg, 600)
	push(rec.log, {level = level, message = msg}, 300)
	if level == "error" then push(rec.log_errors, msg, 100) end
	if level == "warning" or level == "deprecated" then push(rec.log_warnings, msg, 100) end
end
core.log = log
S.print = function(...)
	local n, parts = select("#", ...), {}
	for i = 1, n do parts[i] = tostring((select(i, ...))) end
	log("none", t_concat(parts, "\t"))
end
core.chat_send_all = function(msg) push(rec.chat, {to = "*", message = clip(msg)}) end
core.chat_send_player = function(name, msg) push(rec.chat, {to = tostring(name), message = clip(msg)}) end

-- ------------------------------------------------------------------------------------ paths and mods
local modpath_root = "/mods/"
S.modpath_root = modpath_root
core.get_current_modname = function() return S.current_mod end
core.get_last_run_mod = function() return S.last_run_mod end
core.set_last_run_mod = function(m) S.last_run_mod = m end
core.get_modpath = function(name)
	if type(name) == "string" and S.known_mods[name] then return modpath_root .. name end
	return nil
end
core.get_modnames = function()
	local out = {}
	for name in next, S.known_mods do out[#out + 1] = name end
	lib.t_sort(out)
	return out
end
core.get_worldpath = function() return "/world" end
core.get_builtin_path = function() return "/builtin/" end
core.get_game_info = function() return {id = "minetest", title = "Minetest Game", author = "", path = "/game"} end
core.get_version = function() return {project = "Minetest", string = job.engine.engine_version, proto_min = 37,
	proto_max = 41, is_dev = false} end
core.is_singleplayer = function() return false end
core.get_us_time = function() S.us_time = S.us_time + 1000; return S.us_time end
core.get_server_uptime = function() return 0 end
core.get_server_status = function() return "" end
core.request_http_api = function() return nil end
core.request_insecure_environment = function()
	push(rec.security, "minetest.request_insecure_environment() was called (refused)")
	return nil
end
core.get_connected_players = function() return {} end
core.get_player_by_name = function() return nil end
core.get_objects_inside_radius = function() return {} end
core.get_objects_in_area = function() return {} end
core.find_nodes_in_area = function() return {}, {} end
core.find_nodes_in_area_under_air = function() return {} end
core.get_player_privs = function() return {} end
core.get_player_information = function() return nil end
core.get_ban_list = function() return "" end
core.get_password_hash = function(name, pw) return "#1#" .. tostring(name) end
core.get_timeofday = function() return 0.5 end
core.get_day_count = function() return 0 end
core.get_gametime = function() return 0 end
core.get_mapgen_setting = function(name)
	local defaults = {mg_name = "v7", water_level = "1", chunksize = "5", seed = "0", mapgen_limit = "31007",
		mg_flags = "caves, dungeons, light, decorations, biomes, ores"}
	return defaults[name]
end
core.get_mapgen_params = function() return {mgname = "v7", seed = 0, chunksize = 5, water_level = 1, flags = ""} end
core.get_mapgen_edges = function() return {x = -30912, y = -30912, z = -30912}, {x = 30927, y = 30927, z = 30927} end
core.get_biome_id = function() return nil end
core.get_decoration_id = function() return nil end
core.register_biome = function() rec.counts.biomes = rec.counts.biomes + 1; return rec.counts.biomes end
core.register_ore = function() rec.counts.ores = rec.counts.ores + 1; return rec.counts.ores end
core.register_decoration = function() rec.counts.decorations = rec.counts.decorations + 1; return rec.counts.decorations end
core.register_schematic = function() rec.counts.schematics = rec.counts.schematics + 1; return rec.counts.schematics end
core.get_current_modname = core.get_current_modname
core.sound_play = function() return nil end
core.get_perlin = function() return S.classes.PerlinNoise({}) end
core.get_voxel_manip = function() return S.classes.VoxelManip() end
core.create_detached_inventory_raw = function() return S.classes.InvRef() end
core.remove_detached_inventory_raw = function() return true end
core.get_inventory = function() return S.classes.InvRef() end
core.get_meta = function() return S.classes.MetaDataRef() end
core.get_node_timer = function() return S.classes.NodeTimerRef() end
core.get_craft_result = function() return {item = S.classes.ItemStack(""), time = 0, replacements = {}},
	{items = {}} end

-- minetest.get_content_id needs the node to be registered (after registration, as in the engine)
local content_ids, next_content_id = {air = 126, ignore = 127, unknown = 125}, 1
core.get_content_id = function(name)
	name = rawget(core.registered_aliases or {}, name) or name
	if content_ids[name] then return content_ids[name] end
	if rec.items[name] and rec.items[name].type == "node" or S.game_items[name] then
		content_ids[name] = next_content_id
		next_content_id = next_content_id + 1
		return content_ids[name]
	end
	error("Unknown node: " .. tostring(name), 2)
end
core.get_name_from_content_id = function(id)
	for name, cid in next, content_ids do if cid == id then return name end end
	return "unknown"
end

-- -------------------------------------------------------------------------- JSON (write/parse)
local function json_encode(v, depth)
	depth = depth or 0
	if depth > 64 then error("JSON nesting too deep", 0) end
	local t = type(v)
	if t == "nil" then return "null"
	elseif t == "boolean" or t == "number" then return tostring(v)
	elseif t == "string" then
		return '"' .. s_gsub(v, '[%c"\\]', function(c) return s_format("\\u%04x", lib.s_byte(c)) end) .. '"'
	elseif t == "table" then
		local n = #v
		local parts = {}
		if n > 0 then
			for i = 1, n do parts[i] = json_encode(v[i], depth + 1) end
			return "[" .. t_concat(parts, ",") .. "]"
		end
		for k, val in next, v do
			parts[#parts + 1] = json_encode(tostring(k)) .. ":" .. json_encode(val, depth + 1)
		end
		return "{" .. t_concat(parts, ",") .. "}"
	end
	return "null"
end
S.json_encode = json_encode
core.write_json = function(v) local ok, s = lib.pcall(json_encode, v) return ok and s or nil end
core.parse_json = function() note(rec.unmocked, "parse_json"); return nil end

-- -------------------------------------------------------------------------------------- settings
local Settings_mt = {}
Settings_mt.__index = Settings_mt
local function new_settings(values, is_main)
	return setmetatable({_values = values or {}, _main = is_main}, Settings_mt)
end
function Settings_mt:get(key)
	if self._main and (S.phase == "mod" or S.phase == "callbacks") then note(rec.settings_read, tostring(key)) end
	local v = self._values[key]
	return v
end
function Settings_mt:get_bool(key, default)
	local v = self:get(key)
	if v == nil then return default end
	return v == "true" or v == "1" or v == "yes"
end
function Settings_mt:get_np_group(key) self:get(key); return nil end
function Settings_mt:get_flags(key) self:get(key); return {} end
function Settings_mt:set(key, value) self._values[key] = tostring(value) end
function Settings_mt:set_bool(key, value) self._values[key] = value and "true" or "false" end
function Settings_mt:set_np_group() end
function Settings_mt:remove(key) self._values[key] = nil; return true end
function Settings_mt:get_names()
	local out = {}
	for k in next, self._values do out[#out + 1] = k end
	return out
end
function Settings_mt:write() return true end
function Settings_mt:to_table()
	local out = {}
	for k, v in next, self._values do out[k] = v end
	return out
end
local main_settings = {}
for k, v in next, job.engine.settings do main_settings[k] = v end
core.settings = new_settings(main_settings, true)

-- ------------------------------------------------------------------------------------ mod storage
local Storage_mt = {}
Storage_mt.__index = Storage_mt
function Storage_mt:get_string(k) return self._d[k] or "" end
function Storage_mt:get(k) return self._d[k] end
function Storage_mt:set_string(k, v) if v == "" or v == nil then self._d[k] = nil else self._d[k] = tostring(v) end end
function Storage_mt:get_int(k) return floor(tonumber(self._d[k]) or 0) end
function Storage_mt:set_int(k, v) self._d[k] = tostring(floor(tonumber(v) or 0)) end
function Storage_mt:get_float(k) return tonumber(self._d[k]) or 0 end
function Storage_mt:set_float(k, v) self._d[k] = tostring(tonumber(v) or 0) end
function Storage_mt:contains(k) return self._d[k] ~= nil end
function Storage_mt:get_keys() local o = {} for k in next, self._d do o[#o + 1] = k end return o end
function Storage_mt:to_table() local f = {} for k, v in next, self._d do f[k] = v end return {fields = f} end
function Storage_mt:from_table(t)
	self._d = {}
	if type(t) == "table" and type(t.fields) == "table" then
		for k, v in next, t.fields do self._d[k] = tostring(v) end
	end
	return true
end
function Storage_mt:equals(o) return self == o end
local function new_storage() return setmetatable({_d = {}}, Storage_mt) end
core.get_mod_storage = function() return new_storage() end
S.classes = {}
S.classes.MetaDataRef = function()
	local m = new_storage()
	m.get_inventory = function() return S.classes.InvRef() end
	m.mark_as_private = function() end
	return m
end

-- ------------------------------------------------------------------------------- raw registration
local function check_groups(def)
	local groups = rawget(def, "groups")
	if groups == nil then return end
	if type(groups) ~= "table" then error("bad argument #1 to 'register_item_raw' (table expected, got " ..
		type(groups) .. ")", 3) end
	for g, v in next, groups do
		if type(v) ~= "number" then
			error(s_format("bad argument #7 to 'register_item_raw' (number expected, got %s)", type(v)), 3)
		end
	end
end

core.register_item_raw = function(def)
	if type(def) ~= "table" then error("bad argument #1 to 'register_item_raw' (table expected)", 2) end
	local name = rawget(def, "name")
	if type(name) ~= "string" then error("Item definition has no name", 2) end
	check_groups(def)
	-- the report lists what the checked mod registered (dependencies may register thousands: moreblocks)
	if not rec.in_order[name] and (S.phase == "mod" or S.phase == "callbacks") then
		rec.in_order[name] = true
		push(rec.item_order, name, 5000)
	end
	rec.items[name] = {type = tostring(rawget(def, "type")), mod_origin = tostring(rawget(def, "mod_origin")),
		phase = S.phase}
end
core.unregister_item_raw = function(name)
	if rec.items[name] then rec.items[name].unregistered = true end
end
core.register_alias_raw = function(alias, original)
	if S.phase == "mod" or S.phase == "callbacks" then
		rec.aliases[tostring(alias)] = tostring(original)
	end
end

local function craft_error(msg) error(msg, 3) end
local function itemstring(v)
	if type(v) == "string" then return v end
	if type(v) == "table" and lib.getmetatable(v) == S.ItemStack_mt then return v:to_string() end
	return nil
end
local function recipe_items(recipe, out)
	for _, item in next, recipe do
		if type(item) == "table" then recipe_items(item, out)
		elseif type(item) == "string" and item ~= "" then out[#out + 1] = item end
	end
	return out
end
core.register_craft = function(def)
	if type(def) ~= "table" then error("bad argument #1 to 'register_craft' (table expected, got " ..
		type(def) .. ")", 2) end
	local ctype = rawget(def, "type") or "shaped"
	local output = itemstring(rawget(def, "output"))
	local recipe = rawget(def, "recipe")
	if ctype == "shaped" then
		if not output then craft_error("Crafting definition is missing an output") end
		if type(recipe) ~= "table" then craft_error("Crafting definition is missing a recipe (output=\"" ..
			output .. "\")") end
		local width
		for i, row in ipairs(recipe) do
			if type(row) ~= "table" then craft_error("Invalid crafting recipe (output=\"" .. output .. "\")") end
			local w = #row
			if width and w ~= width then craft_error("Invalid crafting recipe (output=\"" .. output .. "\")") end
			width = width or w
		end
		if not width or width == 0 then craft_error("Invalid crafting recipe (output=\"" .. output .. "\")") end
	elseif ctype == "shapeless" then
		if not output then craft_error("Crafting definition (shapeless) is missing an output") end
		if type(recipe) ~= "table" then craft_error("Crafting definition (shapeless) is missing a recipe" ..
			" (output=\"" .. output .. "\")") end
		for _, v in ipairs(recipe) do
			if type(v) ~= "string" then craft_error("Invalid crafting recipe (output=\"" .. output .. "\")") end
		end
	elseif ctype == "toolrepair" then
		output = output or ""
	elseif ctype == "cooking" then
		if not output then craft_error("Crafting definition (cooking) is missing an output") end
		if type(recipe) ~= "string" then craft_error("Crafting definition (cooking) is missing a recipe" ..
			" (output=\"" .. output .. "\")") end
	elseif ctype == "fuel" then
		if type(recipe) ~= "string" then craft_error("Crafting definition (fuel) is missing a recipe") end
		output = ""
	else
		craft_error("Unknown crafting definition type: \"" .. tostring(ctype) .. "\"")
	end
	local items = type(recipe) == "table" and recipe_items(recipe, {}) or {recipe}
	local width = 0
	if ctype == "shaped" then width = #recipe[1] elseif ctype == "shapeless" then width = 0 end
	local entry = {type = ctype, output = output, items = items, width = width, mod_origin = S.current_mod or "??"}
	push(S.all_crafts, entry, 20000)
	if S.phase == "mod" or S.phase == "callbacks" then push(rec.crafts, entry, 2000) end
end
S.all_crafts = {}
core.clear_craft = function() return true end

-- minetest.get_all_craft_recipes / get_craft_recipe over every recipe registered in the simulation
local function engine_recipe(c)
	local method = (c.type == "shaped" or c.type == "shapeless") and "normal" or c.type
	local items = {}
	for i, v in ipairs(c.items) do items[i] = v end
	return {method = method, type = method, width = c.width, items = items, output = c.output}
end
core.get_all_craft_recipes = function(query)
	local name = type(query) == "string" and s_match(query, "^(%S+)") or nil
	local out = {}
	for _, c in ipairs(S.all_crafts) do
		if c.output and s_match(c.output, "^:?(%S+)") == name then out[#out + 1] = engine_recipe(c) end
	end
	if #out == 0 then
		-- an item of a game mod that is not simulated has recipes in the real game that the sim cannot list
		if name and S.game_items[name] then return out end
		return nil
	end
	return out
end
core.get_craft_recipe = function(query)
	local all = core.get_all_craft_recipes(query)
	if all then return all[1] end
	return {method = "normal", width = 0, items = {}}
end

-- -------------------------------------------------------------------------------------- ItemStack
local ItemStack_mt = {}
ItemStack_mt.__index = ItemStack_mt
S.ItemStack_mt = ItemStack_mt
local function parse_itemstring(s)
	s = s_gsub(s, "^%s+", "")
	local name, rest = s_match(s, "^(%S+)%s*(.*)$")
	if not name then return "", 0, 0 end
	local count, wear = s_match(rest, "^(%d+)%s*(%d*)")
	return name, tonumber(count) or 1, tonumber(wear) or 0
end
local function new_stack(x)
	local st = setmetatable({name = "", count = 0, wear = 0, meta = nil}, ItemStack_mt)
	if type(x) == "string" and x ~= "" then
		st.name, st.count, st.wear = parse_itemstring(x)
	elseif type(x) == "table" and lib.getmetatable(x) == ItemStack_mt then
		st.name, st.count, st.wear = x.name, x.count, x.wear
	elseif type(x) == "table" then
		st.name = tostring(x.name or "")
		st.count = tonumber(x.count) or (st.name ~= "" and 1 or 0)
		st.wear = tonumber(x.wear) or 0
	end
	if st.name == "" then st.count = 0 end
	return st
end
S.classes.ItemStack = new_stack
local function item_def(name)
	local items = rawget(core, "registered_items")
	return items and items[name]
end
function ItemStack_mt:is_empty() return self.name == "" or self.count == 0 end
function ItemStack_mt:get_name() return self.name end
function ItemStack_mt:set_name(n) self.name = tostring(n); if self.name == "" then self.count = 0 end return true end
function ItemStack_mt:get_count() return self.count end
function ItemStack_mt:set_count(c) self.count = floor(tonumber(c) or 0); if self.count <= 0 then self.name = "" self.count = 0 end return true end
function ItemStack_mt:get_wear() return self.wear end
function ItemStack_mt:set_wear(w) self.wear = floor(tonumber(w) or 0); return true end
function ItemStack_mt:get_meta() self.meta = self.meta or S.classes.MetaDataRef() return self.meta end
function ItemStack_mt:get_metadata() return "" end
function ItemStack_mt:set_metadata() return true end
function ItemStack_mt:get_description() local d = item_def(self.name) return d and d.description or self.name end
function ItemStack_mt:get_short_description() return self:get_description() end
function ItemStack_mt:clear() self.name, self.count, self.wear = "", 0, 0 end
function ItemStack_mt:replace(x) local o = new_stack(x) self.name, self.count, self.wear = o.name, o.count, o.wear return true end
function ItemStack_mt:to_string()
	if self.name == "" then return "" end
	if self.wear ~= 0 then return s_format("%s %d %d", self.name, self.count, self.wear) end
	if self.count ~= 1 then return s_format("%s %d", self.name, self.count) end
	return self.name
end
function ItemStack_mt:to_table()
	if self.name == "" then return nil end
	return {name = self.name, count = self.count, wear = self.wear, metadata = ""}
end
function ItemStack_mt:get_stack_max() local d = item_def(self.name) return d and d.stack_max or 99 end
function ItemStack_mt:get_free_space() return self:get_stack_max() - self.count end
function ItemStack_mt:is_known() return item_def(self.name) ~= nil end
function ItemStack_mt:get_definition() return item_def(self.name) or (rawget(core, "registered_items") or {})["unknown"] end
function ItemStack_mt:get_tool_capabilities() local d = item_def(self.name) return d and d.tool_capabilities or {} end
function ItemStack_mt:add_wear(n) self.wear = self.wear + (tonumber(n) or 0); if self.wear >= 65535 then self:clear() end return true end
function ItemStack_mt:add_wear_by_uses(n) return self:add_wear(floor(65536 / (tonumber(n) or 1))) end
function ItemStack_mt:add_item(x)
	local o = new_stack(x)
	if self.name == "" then self.name, self.count = o.name, o.count return new_stack("") end
	if o.name ~= self.name then return o end
	local space = self:get_free_space()
	local moved = o.count < space and o.count or space
	self.count = self.count + moved
	o.count = o.count - moved
	if o.count == 0 then o.name = "" end
	return o
end
function ItemStack_mt:item_fits(x) local o = new_stack(x) return self.name == "" or (o.name == self.name and o.count <= self:get_free_space()) end
function ItemStack_mt:take_item(n)
	n = floor(tonumber(n) or 1)
	local taken = n < self.count and n or self.count
	local out = new_stack(self.name .. " " .. taken)
	self:set_count(self.count - taken)
	return out
end
function ItemStack_mt:peek_item(n) n = floor(tonumber(n) or 1) return new_stack(self.name .. " " .. (n < self.count and n or self.count)) end
function ItemStack_mt:equals(o) return type(o) == "table" and o.name == self.name and o.count == self.count and o.wear == self.wear end

-- ------------------------------------------------------------------------------ other engine classes
local function object(methods, defaults)
	local mt = {__index = function(_, k)
		if methods[k] then return methods[k] end
		return function() return defaults end
	end}
	return function() return setmetatable({}, mt) end
end
S.classes.InvRef = object({
	get_size = function() return 0 end, set_size = function() return true end, is_empty = function() return true end,
	get_list = function() return {} end, get_lists = function() return {} end,
	get_stack = function() return new_stack("") end, room_for_item = function() return true end,
	contains_item = function() return false end,
	add_item = function(_, _, x) return new_stack("") end, remove_item = function() return new_stack("") end,
	get_location = function() return {type = "undefined"} end,
})
S.classes.NodeTimerRef = object({is_started = function() return false end, get_timeout = function() return 0 end,
	get_elapsed = function() return 0 end})
S.classes.VoxelManip = object({get_emerged_area = function() return {x = 0, y = 0, z = 0}, {x = 0, y = 0, z = 0} end,
	read_from_map = function() return {x = 0, y = 0, z = 0}, {x = 0, y = 0, z = 0} end,
	get_data = function(_, buf) return buf or {} end, get_light_data = function() return {} end,
	get_param2_data = function(_, buf) return buf or {} end})
S.classes.Raycast = function() return function() return nil end end
S.classes.AreaStore = object({get_areas_for_pos = function() return {} end,
	get_areas_in_area = function() return {} end, insert_area = function() return 1 end})
S.classes.SecureRandom = object({next_bytes = function(_, n) return s_rep("\0", tonumber(n) or 1) end})

local function lcg(seed)
	local state = floor(tonumber(seed) or 0) % 2147483648
	return function(lo, hi)
		state = (state * 1103515245 + 12345) % 2147483648
		lo, hi = tonumber(lo) or 0, tonumber(hi) or 32767
		if hi < lo then error("Invalid range (max < min)", 3) end
		return lo + state % (hi - lo + 1)
	end
end
S.classes.PseudoRandom = function(seed)
	local nxt = lcg(seed)
	return {next = function(_, lo, hi) return nxt(lo, hi) end}
end
S.classes.PcgRandom = function(seed)
	local nxt = lcg(seed)
	return {next = function(_, lo, hi) return nxt(lo or -2147483648, hi or 2147483647) end,
		rand_normal_dist = function(_, lo, hi) return nxt(lo or -2147483648, hi or 2147483647) end}
end
S.classes.PerlinNoise = function() return {get_2d = function() return 0 end, get_3d = function() return 0 end} end
S.classes.PerlinNoiseMap = function()
	return {get_2d_map = function() return {} end, get_3d_map = function() return {} end,
		get_2d_map_flat = function(_, _, buf) return buf or {} end,
		get_3d_map_flat = function(_, _, buf) return buf or {} end,
		calc_2d_map = function() end, calc_3d_map = function() end,
		get_map_slice = function() return {} end}
end
S.classes.Settings = function() return new_settings({}, false) end
core.get_perlin_map = function() return S.classes.PerlinNoiseMap() end
