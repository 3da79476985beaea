-- Loads without a word from the engine, yet the recipe can never be crafted: default:nonexistent_item.
minetest.register_craftitem("unknown_craft_item:dust", {
	description = "Dust",
	inventory_image = "default_sand.png",
})

minetest.register_craft({
	output = "unknown_craft_item:dust 2",
	recipe = {
		{"default:sand", "default:nonexistent_item"},
	},
})
