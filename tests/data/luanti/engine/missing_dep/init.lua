minetest.register_node("missing_dep:block", {
	description = "Needs a mod that is not there",
	tiles = {"default_stone.png"},
})
