-- A small mod that registers one of each kind of thing the engine tier reports.
local S = minetest.get_translator("good_mod")

minetest.register_node("good_mod:glow_block", {
	description = S("Glow Block"),
	tiles = {"default_stone.png^[colorize:#ffcc00:120"},
	light_source = 12,
	groups = {cracky = 3, oddly_breakable_by_hand = 2},
	sounds = default.node_sound_stone_defaults(),
	on_construct = function(pos)
		minetest.get_meta(pos):set_string("infotext", "Glowing")
	end,
	on_punch = function(pos, node, puncher)
		local meta = minetest.get_meta(pos)
		meta:set_int("punches", meta:get_int("punches") + 1)
	end,
})

minetest.register_craft({
	output = "good_mod:glow_block 4",
	recipe = {
		{"default:torch", "default:stone"},
		{"default:stone", "default:torch"},
	},
})

minetest.register_chatcommand("glowcount", {
	params = "",
	description = S("Count glow blocks"),
	func = function(name)
		local n = 0
		for _ in pairs(minetest.registered_nodes) do n = n + 1 end
		return true, "There are " .. n .. " node types and 0 glow blocks nearby"
	end,
})

minetest.register_abm({
	label = "Glow block melts snow",
	nodenames = {"default:snow"},
	neighbors = {"good_mod:glow_block"},
	interval = 5,
	chance = 1,
	action = function(pos)
		minetest.remove_node(pos)
	end,
})
