-- The `probe` helper library that task probes call, inside the real engine, after all mods have loaded.
--
-- Contract (LUANTI_CONTRACTS.md):
--   probe.assert(cond, msg)          probe.eq(a, b, msg)
--   probe.player(name="probe")       a fake player (ObjectRef-like) with a real detached inventory
--   probe.chat(cmd, param, name)     -> ok, message (grants the command's privs first)
--   probe.area(minp, maxp)           loads the map blocks and turns never-generated nodes into air
--   probe.set_node(pos, name_or_node)   probe.get_node(pos) -> name   probe.meta(pos) -> NodeMetaRef
--   probe.punch / dig / place / rightclick / construct / timer / run_abm / use_item / craft / spawn
-- Extras: probe.node(pos) -> full node table, probe.cook(item) -> output, time, probe.join(name) (runs the
-- on_newplayer/on_joinplayer callbacks), probe.messages() -> chat messages sent during this probe.
--
-- Node helpers load the area around the position themselves. Functions that a probe calls report errors at
-- the probe's line (error level 2); errors raised by the mod's own callbacks propagate unchanged, so the
-- failure names the mod's file and line.

local minetest, vector, ItemStack = minetest, vector, ItemStack
local type, pairs, ipairs, tostring, error, setmetatable = type, pairs, ipairs, tostring, error, setmetatable
local concat, floor = table.concat, math.floor

-- ObjectRef and player methods of the 5.6 API (lua_api.txt, class `ObjectRef`). The fake player implements
-- the ones probes and typical mod callbacks need; the rest answer as harmless no-ops and are noted.
local OBJECTREF_METHODS = {}
for name in ([[add_player_velocity add_velocity get_acceleration get_animation get_armor_groups get_attach
	get_attribute get_bone_position get_breath get_children get_clouds get_day_night_ratio get_entity_name
	get_eye_offset get_formspec_prepend get_fov get_hp get_inventory get_inventory_formspec get_lighting
	get_local_animation get_look_dir get_look_horizontal get_look_pitch get_look_vertical get_look_yaw
	get_luaentity get_meta get_moon get_nametag_attributes get_physics_override get_player_control
	get_player_control_bits get_player_name get_player_velocity get_pos get_properties get_rotation get_sky
	get_sky_color get_stars get_sun get_texture_mod get_velocity get_wield_index get_wield_list
	get_wielded_item get_yaw hud_add hud_change hud_get hud_get_flags hud_remove hud_set_flags
	hud_set_hotbar_image hud_set_hotbar_itemcount hud_set_hotbar_selected_image is_player move_to
	override_day_night_ratio punch remove respawn right_click send_mapblock set_acceleration set_animation
	set_animation_frame_speed set_armor_groups set_attach set_attribute set_bone_position set_breath
	set_clouds set_detach set_eye_offset set_formspec_prepend set_fov set_hp set_inventory_formspec
	set_lighting set_local_animation set_look_horizontal set_look_pitch set_look_vertical set_look_yaw
	set_minimap_modes set_moon set_nametag_attributes set_physics_override set_pos set_properties
	set_rotation set_sky set_sprite set_stars set_sun set_texture_mod set_velocity set_wielded_item
	set_yaw]]):gmatch("%S+") do
	OBJECTREF_METHODS[name] = true
end

local function copy_pos(p)
	return vector.new(p.x, p.y, p.z)
end

local function check_pos(pos, what)
	if type(pos) ~= "table" or type(pos.x) ~= "number" or type(pos.y) ~= "number" or type(pos.z) ~= "number" then
		error((what or "probe") .. ": expected a position {x=, y=, z=}, got " .. tostring(pos), 3)
	end
	return vector.new(floor(pos.x + 0.5), floor(pos.y + 0.5), floor(pos.z + 0.5))
end

local function node_pointed(pos)
	return {type = "node", under = copy_pos(pos), above = vector.new(pos.x, pos.y + 1, pos.z)}
end

-- A MetaDataRef-like store for the fake player's get_meta().
local function new_meta()
	local fields = {}
	local meta = {}
	function meta.contains(_, k) return fields[k] ~= nil end
	function meta.get(_, k) return fields[k] end
	function meta.get_string(_, k) return fields[k] or "" end
	function meta.set_string(_, k, v)
		v = tostring(v or "")
		fields[k] = v ~= "" and v or nil
	end
	function meta.get_int(_, k)
		local n = tonumber(fields[k])
		return n and (n >= 0 and floor(n) or -floor(-n)) or 0
	end
	function meta.set_int(_, k, v) meta:set_string(k, tostring(floor(tonumber(v) or 0))) end
	function meta.get_float(_, k) return tonumber(fields[k]) or 0 end
	function meta.set_float(_, k, v) meta:set_string(k, tostring(tonumber(v) or 0)) end
	function meta.get_keys(_)
		local keys = {}
		for k in pairs(fields) do keys[#keys + 1] = k end
		return keys
	end
	function meta.to_table(_)
		local t = {}
		for k, v in pairs(fields) do t[k] = v end
		return {fields = t}
	end
	function meta.from_table(_, t)
		fields = {}
		for k, v in pairs(t and t.fields or {}) do fields[k] = tostring(v) end
		return true
	end
	function meta.equals(_, other) return other == meta end
	return meta
end

return function(state)
	-- state.notes: list for harmless observations; state.messages: chat sent during the probe
	local probe = {}
	local players = {}

	local function note(text)
		for _, n in ipairs(state.notes) do
			if n == text then return end
		end
		state.notes[#state.notes + 1] = text
	end

	function probe.assert(cond, msg)
		if not cond then
			error(msg ~= nil and tostring(msg) or "assertion failed", 2)
		end
		return cond
	end

	function probe.eq(a, b, msg)
		if a ~= b then
			error((msg and (tostring(msg) .. ": ") or "") .. "expected " .. minetest.serialize(b):sub(8) ..
				", got " .. minetest.serialize(a):sub(8), 2)
		end
		return true
	end

	---------------------------------------------------------------------------------------------------------
	-- Fake players
	---------------------------------------------------------------------------------------------------------

	local function new_player(name)
		local inv_name = "modbench_probe_" .. name
		local inv = minetest.create_detached_inventory(inv_name, {})
		inv:set_size("main", 32)
		inv:set_size("craft", 9)
		inv:set_width("craft", 3)
		inv:set_size("craftpreview", 1)
		inv:set_size("craftresult", 1)
		local handler = minetest.get_auth_handler()
		if not handler.get_auth(name) then
			handler.create_auth(name, "")
		end
		local st = {
			pos = vector.new(0, 1, 0), hp = 20, breath = 10, wield_index = 1, yaw = 0, pitch = 0,
			velocity = vector.new(0, 0, 0), formspec = "", physics = {speed = 1, jump = 1, gravity = 1},
			armor_groups = {fleshy = 100}, meta = new_meta(), huds = {}, next_hud = 1,
			properties = {hp_max = 20, breath_max = 10, eye_height = 1.625, visual = "mesh",
				collisionbox = {-0.3, 0.0, -0.3, 0.3, 1.7, 0.3}, textures = {}},
		}
		local m = {}
		function m.get_player_name(_) return name end
		function m.is_player(_) return true end
		function m.get_pos(_) return copy_pos(st.pos) end
		function m.set_pos(_, p) st.pos = copy_pos(p) end
		function m.move_to(_, p) st.pos = copy_pos(p) end
		function m.get_velocity(_) return copy_pos(st.velocity) end
		m.get_player_velocity = m.get_velocity
		function m.add_velocity(_, v) st.velocity = vector.add(st.velocity, v) end
		function m.get_hp(_) return st.hp end
		function m.set_hp(_, hp) st.hp = math.max(0, math.min(st.properties.hp_max, floor(hp))) end
		function m.get_breath(_) return st.breath end
		function m.set_breath(_, b) st.breath = b end
		function m.get_inventory(_) return inv end
		function m.get_wield_list(_) return "main" end
		function m.get_wield_index(_) return st.wield_index end
		function m.get_wielded_item(_) return inv:get_stack("main", st.wield_index) end
		function m.set_wielded_item(_, stack)
			inv:set_stack("main", st.wield_index, ItemStack(stack))
			return true
		end
		function m.get_look_dir(_)
			return vector.new(-math.sin(st.yaw) * math.cos(st.pitch), -math.sin(st.pitch),
				math.cos(st.yaw) * math.cos(st.pitch))
		end
		function m.get_look_horizontal(_) return st.yaw end
		function m.set_look_horizontal(_, y) st.yaw = y end
		function m.get_look_vertical(_) return st.pitch end
		function m.set_look_vertical(_, p) st.pitch = p end
		m.get_look_yaw, m.set_look_yaw = m.get_look_horizontal, m.set_look_horizontal
		m.get_look_pitch, m.set_look_pitch = m.get_look_vertical, m.set_look_vertical
		function m.get_yaw(_) return st.yaw end
		function m.set_yaw(_, y) st.yaw = y end
		function m.get_player_control(_)
			return {up = false, down = false, left = false, right = false, jump = false, aux1 = false,
				sneak = false, dig = false, place = false, LMB = false, RMB = false, zoom = false}
		end
		function m.get_player_control_bits(_) return 0 end
		function m.get_meta(_) return st.meta end
		function m.get_properties(_) return st.properties end
		function m.set_properties(_, p)
			for k, v in pairs(p or {}) do st.properties[k] = v end
		end
		function m.get_armor_groups(_) return st.armor_groups end
		function m.set_armor_groups(_, g) st.armor_groups = g end
		function m.get_physics_override(_) return st.physics end
		function m.set_physics_override(_, p)
			for k, v in pairs(p or {}) do st.physics[k] = v end
		end
		function m.get_inventory_formspec(_) return st.formspec end
		function m.set_inventory_formspec(_, f) st.formspec = f end
		function m.get_attach(_) return nil end
		function m.get_children(_) return {} end
		function m.get_luaentity(_) return nil end
		function m.hud_add(_, def)
			local id = st.next_hud
			st.next_hud = id + 1
			st.huds[id] = def
			return id
		end
		function m.hud_get(_, id) return st.huds[id] end
		function m.hud_change(_, id, stat, value)
			if st.huds[id] then st.huds[id][stat] = value end
		end
		function m.hud_remove(_, id) st.huds[id] = nil end
		function m.hud_get_flags(_) return {hotbar = true, healthbar = true, crosshair = true, wielditem = true,
			breathbar = true, minimap = false, minimap_radar = false} end
		function m.get_nametag_attributes(_) return {text = name, color = {a = 255, r = 255, g = 255, b = 255}} end

		local player = {is_fake_player = false}
		return setmetatable(player, {
			__index = function(_, key)
				local f = m[key]
				if f then
					return f
				end
				if OBJECTREF_METHODS[key] then
					note("fake player: " .. key .. "() is a no-op in probes")
					return function() return nil end
				end
				return nil
			end,
			__tostring = function() return "fake player " .. name end,
		})
	end

	function probe.player(name)
		name = name or "probe"
		if type(name) ~= "string" then
			return name      -- already a player object
		end
		local p = players[name]
		if not p then
			p = new_player(name)
			players[name] = p
		end
		return p
	end

	local function as_player(p)
		if p == nil or type(p) == "string" then
			return probe.player(p)
		end
		return p
	end

	function probe.join(name)
		local p = probe.player(name)
		for _, cb in ipairs(minetest.registered_on_newplayers) do cb(p) end
		for _, cb in ipairs(minetest.registered_on_joinplayers) do cb(p, nil) end
		return p
	end

	-- While probes run, the engine's player lookups also find the fake players (restored afterwards).
	function probe._install()
		local saved = {
			get_player_by_name = minetest.get_player_by_name,
			get_connected_players = minetest.get_connected_players,
			chat_send_player = minetest.chat_send_player,
			chat_send_all = minetest.chat_send_all,
			get_player_information = minetest.get_player_information,
		}
		minetest.get_player_information = function(name)
			if players[name] then
				return {address = "127.0.0.1", ip_version = 4, connection_uptime = 0, protocol_version = 41,
					formspec_version = 6, lang_code = "", min_rtt = 0, max_rtt = 0, avg_rtt = 0,
					min_jitter = 0, max_jitter = 0, avg_jitter = 0}
			end
			return saved.get_player_information(name)
		end
		minetest.get_player_by_name = function(name)
			return players[name] or saved.get_player_by_name(name)
		end
		minetest.get_connected_players = function()
			local list = saved.get_connected_players()
			for _, p in pairs(players) do list[#list + 1] = p end
			return list
		end
		minetest.chat_send_player = function(name, text)
			state.messages[#state.messages + 1] = {to = name, text = tostring(text)}
		end
		minetest.chat_send_all = function(text)
			state.messages[#state.messages + 1] = {to = "*", text = tostring(text)}
		end
		return function()
			for k, v in pairs(saved) do minetest[k] = v end
		end
	end

	function probe.messages()
		return state.messages
	end

	---------------------------------------------------------------------------------------------------------
	-- Map access
	---------------------------------------------------------------------------------------------------------

	-- No player ever came near, so no map block exists yet: load (create) the blocks, and turn their
	-- never-generated "ignore" nodes into air so that placing and digging behave as in an empty world.
	function probe.area(minp, maxp)
		minp = check_pos(minp, "probe.area")
		maxp = check_pos(maxp or minp, "probe.area")
		minetest.load_area(minp, maxp)
		local vm = minetest.get_voxel_manip()
		local emin, emax = vm:read_from_map(minp, maxp)
		local data = vm:get_data()
		local c_ignore, c_air = minetest.CONTENT_IGNORE, minetest.CONTENT_AIR
		local changed = false
		for i = 1, #data do
			if data[i] == c_ignore then
				data[i] = c_air
				changed = true
			end
		end
		if changed then
			vm:set_data(data)
			vm:write_to_map(true)
		end
		return emin, emax
	end

	local function ensure_loaded(pos)
		if minetest.get_node_or_nil(pos) == nil or minetest.get_node(pos).name == "ignore" then
			probe.area(vector.subtract(pos, 1), vector.add(pos, 1))
		end
	end

	function probe.set_node(pos, node)
		pos = check_pos(pos, "probe.set_node")
		ensure_loaded(pos)
		if type(node) == "string" then node = {name = node} end
		if not minetest.registered_nodes[node.name] then
			error("probe.set_node: unknown node " .. tostring(node.name), 2)
		end
		minetest.set_node(pos, node)
		return pos
	end

	function probe.node(pos)
		pos = check_pos(pos, "probe.node")
		ensure_loaded(pos)
		return minetest.get_node(pos)
	end

	function probe.get_node(pos)
		return probe.node(pos).name
	end

	function probe.meta(pos)
		pos = check_pos(pos, "probe.meta")
		ensure_loaded(pos)
		return minetest.get_meta(pos)
	end

	local function node_def_at(pos, what)
		local node = minetest.get_node(pos)
		local def = minetest.registered_nodes[node.name]
		if not def then
			error(what .. ": no registered node at " .. minetest.pos_to_string(pos) .. " (found " ..
				node.name .. ")", 3)
		end
		return node, def
	end

	local function callback(def, field, what, node)
		local f = def[field]
		if type(f) ~= "function" then
			error(what .. ": node " .. node.name .. " has no " .. field .. " callback", 3)
		end
		return f
	end

	function probe.punch(pos, player)
		pos = check_pos(pos, "probe.punch")
		ensure_loaded(pos)
		local node, def = node_def_at(pos, "probe.punch")
		local f = callback(def, "on_punch", "probe.punch", node)
		return f(pos, node, as_player(player), node_pointed(pos))
	end

	function probe.dig(pos, player)
		pos = check_pos(pos, "probe.dig")
		ensure_loaded(pos)
		local node, def = node_def_at(pos, "probe.dig")
		local f = callback(def, "on_dig", "probe.dig", node)
		return f(pos, node, as_player(player))
	end

	-- Places `itemname` at `pos` the way a player pointing at `pos` does: when `pos` holds air (or another
	-- buildable_to node) the item lands there, otherwise on top of it.
	function probe.place(pos, itemname, player)
		pos = check_pos(pos, "probe.place")
		ensure_loaded(pos)
		ensure_loaded(vector.new(pos.x, pos.y + 1, pos.z))
		local stack = ItemStack(itemname)
		local def = minetest.registered_items[stack:get_name()]
		if not def then
			error("probe.place: unknown item " .. tostring(itemname), 2)
		end
		if type(def.on_place) ~= "function" then
			error("probe.place: item " .. stack:get_name() .. " has no on_place", 2)
		end
		player = as_player(player)
		player:set_wielded_item(stack)
		local result, placed_at = def.on_place(stack, player, node_pointed(pos))
		if result ~= nil then player:set_wielded_item(result) end
		return result, placed_at
	end

	function probe.rightclick(pos, player, itemstack)
		pos = check_pos(pos, "probe.rightclick")
		ensure_loaded(pos)
		local node, def = node_def_at(pos, "probe.rightclick")
		local f = callback(def, "on_rightclick", "probe.rightclick", node)
		player = as_player(player)
		if itemstack ~= nil then player:set_wielded_item(ItemStack(itemstack)) end
		return f(pos, node, player, player:get_wielded_item(), node_pointed(pos))
	end

	function probe.construct(pos)
		pos = check_pos(pos, "probe.construct")
		ensure_loaded(pos)
		local node, def = node_def_at(pos, "probe.construct")
		return callback(def, "on_construct", "probe.construct", node)(pos)
	end

	function probe.timer(pos, elapsed)
		pos = check_pos(pos, "probe.timer")
		ensure_loaded(pos)
		local node, def = node_def_at(pos, "probe.timer")
		return callback(def, "on_timer", "probe.timer", node)(pos, elapsed or 1)
	end

	local function abm_applies(abm, name)
		local names = abm.nodenames
		if type(names) == "string" then names = {names} end
		for _, n in ipairs(names or {}) do
			if n == name then return true end
			local group = type(n) == "string" and n:match("^group:(.+)$")
			if group and minetest.get_item_group(name, group) ~= 0 then return true end
		end
		return false
	end

	-- Calls the action of the ABM labelled `label` for the node at `pos`, as the engine would on a hit
	-- (active_object_count 0). Neighbours and chance are the probe's business: it sets up the scene.
	function probe.run_abm(label, pos)
		pos = check_pos(pos, "probe.run_abm")
		ensure_loaded(pos)
		local labels = {}
		for _, abm in ipairs(minetest.registered_abms) do
			if abm.label == label then
				local node = minetest.get_node(pos)
				if not abm_applies(abm, node.name) then
					error("probe.run_abm: ABM '" .. label .. "' does not apply to " .. node.name .. " at " ..
						minetest.pos_to_string(pos), 2)
				end
				return abm.action(pos, node, 0, 0)
			end
			labels[#labels + 1] = tostring(abm.label)
		end
		error("probe.run_abm: no ABM labelled '" .. tostring(label) .. "' (labels: " .. concat(labels, ", ") .. ")", 2)
	end

	function probe.use_item(itemname, pos, player)
		local stack = ItemStack(itemname)
		local def = minetest.registered_items[stack:get_name()]
		if not def then
			error("probe.use_item: unknown item " .. tostring(itemname), 2)
		end
		if type(def.on_use) ~= "function" then
			error("probe.use_item: item " .. stack:get_name() .. " has no on_use", 2)
		end
		local pointed = {type = "nothing"}
		if pos ~= nil then
			pos = check_pos(pos, "probe.use_item")
			ensure_loaded(pos)
			pointed = node_pointed(pos)
		end
		player = as_player(player)
		player:set_wielded_item(stack)
		local result = def.on_use(stack, player, pointed)
		if result ~= nil then player:set_wielded_item(result) end
		return result
	end

	-- `items`: a list of rows ({{"a","b"},{"c"}}) or a flat list read with `width` columns (default 3).
	-- Returns the output itemstring ("" when nothing is crafted) and the engine's full result.
	function probe.craft(items, width)
		if type(items) ~= "table" then
			error("probe.craft: expected a table of item names", 2)
		end
		local w = width or 3
		local list = {}
		if type(items[1]) == "table" then
			for r, row in ipairs(items) do
				for c = 1, w do list[(r - 1) * w + c] = row[c] or "" end
			end
		else
			for i = 1, #items do list[i] = items[i] or "" end
		end
		local output, decremented = minetest.get_craft_result({method = "normal", width = w, items = list})
		return output.item:to_string(), output, decremented
	end

	function probe.cook(item)
		local output = minetest.get_craft_result({method = "cooking", width = 1, items = {item}})
		return output.item:to_string(), output.time
	end

	function probe.spawn(entity_name, pos)
		pos = check_pos(pos, "probe.spawn")
		ensure_loaded(pos)
		if not minetest.registered_entities[entity_name] then
			error("probe.spawn: unknown entity " .. tostring(entity_name), 2)
		end
		local obj = minetest.add_entity(pos, entity_name)
		if not obj then
			error("probe.spawn: the engine refused to add " .. entity_name, 2)
		end
		return obj:get_luaentity(), obj
	end

	-- Chat commands: the command's privileges are granted to the probe player first, then its func runs
	-- directly. A func that returns nothing succeeded; its message is then what it sent to the player.
	function probe.chat(cmd, param, player_name)
		player_name = player_name or "probe"
		local def = minetest.registered_chatcommands[cmd]
		if not def then
			error("probe.chat: no chat command /" .. tostring(cmd) .. " is registered", 2)
		end
		probe.player(player_name)
		local privs = def.privs or {}
		if type(privs) == "string" then privs = minetest.string_to_privs(privs) end
		local granted = minetest.get_player_privs(player_name)
		for priv, v in pairs(privs) do
			if v then granted[priv] = true end
		end
		minetest.set_player_privs(player_name, granted)
		local first = #state.messages
		local ok, msg = def.func(player_name, param or "")
		if msg == nil then
			local sent = {}
			for i = first + 1, #state.messages do
				local m = state.messages[i]
				if m.to == player_name or m.to == "*" then sent[#sent + 1] = m.text end
			end
			if #sent > 0 then msg = concat(sent, "\n") end
		end
		return ok ~= false, msg
	end

	return probe
end
