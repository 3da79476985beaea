-- Loads without a word from the engine, but every definition below has a value the engine silently
-- replaces or ignores.
minetest.register_node("silent_mistakes:lamp", {
	description = "Lamp",
	drawtype = "glasslikee",
	paramtype2 = "facedirr",
	tiles = {"default_glass.png", 42},
	groups = {cracky = 1.5, oddly_breakable_by_hand = 2},
})

minetest.register_node("silent_mistakes:slab", {
	description = "Slab",
	tiles = "default_stone.png",
	drop = "default:cobblestone",
	groups = {cracky = 3},
})

minetest.register_craftitem("silent_mistakes:gem", {
	description = "Gem",
	inventory_image = 7,
})

minetest.register_chatcommand("gems", {
	description = "Count gems",
	func = "count_gems",
})

minetest.register_abm({
	label = "Lamp flickers",
	nodenames = {"default:lamp_off"},
	interval = 2,
	chance = 5,
	action = function(pos) end,
})
