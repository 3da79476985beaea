minetest.register_nodee("bad_runtime:block", {
	description = "Never registered",
	tiles = {"default_stone.png"},
})
