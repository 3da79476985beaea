-- The node name must start with "wrong_prefix:" (or ":").
minetest.register_node("wrongprefix:block", {
	description = "Misnamed",
	tiles = {"default_stone.png"},
})
