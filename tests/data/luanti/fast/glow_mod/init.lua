minetest.register_node("glow_mod:lamp", {
	description = "Lamp",
	tiles = {"glow_mod_lamp.png"},
	groups = {oddly_breakable_by_hand = 3},
	light_source = 10,
})
