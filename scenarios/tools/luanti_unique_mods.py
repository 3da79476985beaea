"""Hand-written scaffold, repair and refactor tasks of the vf-luanti train split.

- BASES: ten feature kinds the template bases (luanti_bases.py) do not cover (protection, tool wear, inventory
  rules, liquids with buckets, stairs, drop tables, seeds, entity static data, craft replacements, sfinv pages).
  Each kind is built twice with its own names and numbers: once as a scaffold task, once as a repair task (the
  bug named in the row), in two different settings. The family wrappers are those of luanti_families.py.
- REFACTORS: ten legacy-to-current ports the template refactors (luanti_refactors.py) do not cover.

Lua is written with 4-space indentation here and stored with tabs (the injections of luanti_families.py expect
tab-indented code). `$name` slots are string.Template substitutions.
"""

from __future__ import annotations

from string import Template

from luanti_bases import Base, _swap
from luanti_common import mod_conf
from luanti_refactors import Refactor
from luanti_unique_docs import L


def TT(src: str, **kw) -> str:
    return Template(L(src)).substitute(**kw)


def probe(name: str, src: str, **kw) -> dict:
    return {"name": name, "lua": TT(src, **kw)}


# ---- 1. a protector block that overrides minetest.is_protected ------------------------------------------------
def protector(m: str, node: str, desc: str, r: int) -> Base:
    init = TT('''
        local RADIUS = $r

        minetest.register_node("$m:$node", {
            description = "$desc",
            tiles = {"${m}_${node}.png"},
            groups = {cracky = 2},
            sounds = default.node_sound_stone_defaults(),
            after_place_node = function(pos, placer)
                local meta = minetest.get_meta(pos)
                local owner = placer and placer:get_player_name() or ""
                meta:set_string("owner", owner)
                meta:set_string("infotext", "$desc (owned by " .. owner .. ")")
            end,
        })

        local old_is_protected = minetest.is_protected

        function minetest.is_protected(pos, name)
            local found = minetest.find_nodes_in_area(vector.subtract(pos, RADIUS), vector.add(pos, RADIUS),
                {"$m:$node"})
            for _, p in ipairs(found) do
                local owner = minetest.get_meta(p):get_string("owner")
                if owner ~= "" and owner ~= name then
                    return true
                end
            end
            return old_is_protected(pos, name)
        end
    ''', m=m, node=node, desc=desc, r=r)
    probes = [probe("placing records the owner", '''
        probe.area({x = 0, y = 0, z = 0}, {x = 16, y = 6, z = 16})
        local pos = {x = 8, y = 2, z = 8}
        probe.place(pos, "$m:$node", probe.player("olga"))
        probe.eq(probe.get_node(pos), "$m:$node", "placed")
        probe.eq(probe.meta(pos):get_string("owner"), "olga", "owner")
        probe.eq(probe.meta(pos):get_string("infotext"), "$desc (owned by olga)", "infotext")
    ''', m=m, node=node, desc=desc), probe("the area is protected against others only", '''
        probe.area({x = 0, y = 0, z = 0}, {x = 16, y = 6, z = 16})
        local pos = {x = 8, y = 2, z = 8}
        probe.set_node(pos, "$m:$node")
        probe.meta(pos):set_string("owner", "olga")
        probe.eq(minetest.is_protected({x = 8 + $r, y = 2, z = 8 - $r}, "sam"), true, "edge of the cube")
        probe.eq(minetest.is_protected({x = 8, y = 2 + $r, z = 8}, "sam"), true, "above")
        probe.eq(minetest.is_protected({x = 8 + $r + 1, y = 2, z = 8}, "sam"), false, "outside")
        probe.eq(minetest.is_protected({x = 8 + $r, y = 2, z = 8}, "olga"), false, "the owner may build")
    ''', m=m, node=node, r=r)]
    return Base(
        kind="protector", mod=m, description=f"{desc} protection", depends=["default"], init=init,
        requirements=[
            f"register the node `{m}:{node}` (\"{desc}\", `cracky = 2`, stone sounds from "
            f"`default.node_sound_stone_defaults()`) whose `after_place_node` stores the placer's name in the "
            f"node metadata string `owner` and sets `infotext` to `\"{desc} (owned by <name>)\"`",
            f"override `minetest.is_protected(pos, name)`: a position within {r} nodes on every axis (a cube, "
            f"found with `minetest.find_nodes_in_area`) of a `{m}:{node}` whose owner is someone else is "
            f"protected for `name`; otherwise return what the previous `minetest.is_protected` returns",
        ],
        observe=f"a block placed by olga records her as owner; positions {r} nodes away are protected against sam "
                f"but not against olga, and {r + 1} nodes away nothing is protected",
        registers={"nodes": [f"{m}:{node}"]}, probes=probes,
        require_api=["minetest.register_node", "minetest.is_protected", "minetest.find_nodes_in_area"],
        regressions=[
            (_swap(init, 'if owner ~= "" and owner ~= name then', 'if owner ~= "" and owner == name then'),
             "the comparison is inverted: the area is protected against its owner instead of against others"),
            (_swap(init, "vector.subtract(pos, RADIUS), vector.add(pos, RADIUS)",
                   "vector.subtract(pos, RADIUS - 1), vector.add(pos, RADIUS - 1)"),
             f"the protected cube is one node too small: {r} nodes away is not protected"),
        ],
        symptoms=[f"the owner of a {desc} cannot build next to it while every other player can",
                  f"another player can still build exactly {r} nodes away from a {desc}"],
        reg_call="minetest.register_node(", reg_name=f"{m}:{node}", groups="{cracky = 2}",
        tags=["node", "protection", "override"],
    )


# ---- 2. a carving tool that wears out ---------------------------------------------------------------------------
def chisel(m: str, tool: str, desc: str, uses: int) -> Base:
    init = TT('''
        local CARVE = {
            ["default:stone"] = "default:stonebrick",
            ["default:desert_stone"] = "default:desert_stonebrick",
            ["default:sandstone"] = "default:sandstonebrick",
        }

        minetest.register_tool("$m:$tool", {
            description = "$desc",
            inventory_image = "${m}_${tool}.png",
            on_use = function(itemstack, user, pointed_thing)
                if pointed_thing.type ~= "node" then
                    return itemstack
                end
                local pos = pointed_thing.under
                local carved = CARVE[minetest.get_node(pos).name]
                if not carved then
                    return itemstack
                end
                local name = user and user:get_player_name() or ""
                if minetest.is_protected(pos, name) then
                    minetest.record_protection_violation(pos, name)
                    return itemstack
                end
                minetest.set_node(pos, {name = carved})
                itemstack:add_wear(65536 / $uses)
                return itemstack
            end,
        })

        minetest.register_craft({
            output = "$m:$tool",
            recipe = {
                {"default:steel_ingot"},
                {"default:stick"},
            },
        })
    ''', m=m, tool=tool, desc=desc, uses=uses)
    wear = 65536 // uses
    probes = [probe("carves stone and wears", '''
        local pos = {x = 3, y = 2, z = 3}
        probe.set_node(pos, "default:stone")
        local stack = probe.use_item("$m:$tool", pos)
        probe.eq(probe.get_node(pos), "default:stonebrick", "carved")
        probe.eq(ItemStack(stack):get_wear(), $wear, "wear after one use")
        probe.set_node(pos, "default:sandstone")
        probe.use_item("$m:$tool", pos)
        probe.eq(probe.get_node(pos), "default:sandstonebrick", "sandstone")
    ''', m=m, tool=tool, wear=wear), probe("other nodes and protected places are left alone", '''
        local pos = {x = 5, y = 2, z = 3}
        probe.set_node(pos, "default:dirt")
        local stack = probe.use_item("$m:$tool", pos)
        probe.eq(probe.get_node(pos), "default:dirt", "dirt stays")
        probe.eq(ItemStack(stack):get_wear(), 0, "no wear on dirt")
        probe.set_node(pos, "default:stone")
        local old = minetest.is_protected
        minetest.is_protected = function() return true end
        local ok, err = pcall(probe.use_item, "$m:$tool", pos)
        minetest.is_protected = old
        probe.assert(ok, err)
        probe.eq(probe.get_node(pos), "default:stone", "protected stone stays")
    ''', m=m, tool=tool), probe("crafted from an ingot on a stick", '''
        local out = ItemStack(probe.craft({{"default:steel_ingot"}, {"default:stick"}}, 1))
        probe.eq(out:get_name(), "$m:$tool", "craft output")
    ''', m=m, tool=tool)]
    return Base(
        kind="chisel", mod=m, description=f"{desc} carving", depends=["default"], init=init,
        requirements=[
            f"register the tool `{m}:{tool}` (\"{desc}\") whose `on_use` carves the pointed node "
            f"(`pointed_thing.under`): `default:stone`, `default:desert_stone` and `default:sandstone` become "
            f"`default:stonebrick`, `default:desert_stonebrick` and `default:sandstonebrick`",
            f"every carve adds `65536 / {uses}` wear (`itemstack:add_wear`), so the tool lasts {uses} carves; the "
            f"changed itemstack is returned. Other nodes, and positions `minetest.is_protected` refuses (report "
            f"them with `minetest.record_protection_violation`), are left alone without wear",
            f"register a craft of `{m}:{tool}` from a `default:steel_ingot` above a `default:stick` (one column)",
        ],
        observe=f"stone becomes stone brick and the tool has {wear} wear after one use; dirt and protected stone "
                f"stay as they are; the one-column recipe gives the tool",
        registers={"tools": [f"{m}:{tool}"], "crafts": [{"output": f"{m}:{tool}"}]}, probes=probes,
        require_api=["minetest.register_tool", "minetest.is_protected", "minetest.register_craft"],
        regressions=[
            (_swap(init, f"\t\titemstack:add_wear(65536 / {uses})\n", ""), "the tool never wears out"),
            (_swap(init, "local pos = pointed_thing.under", "local pos = pointed_thing.above"),
             "it looks at the node in front of the pointed face (`above`), not at the pointed node"),
        ],
        symptoms=[f"after carving, the {desc} still shows no wear at all",
                  f"using the {desc} on stone does nothing to the stone"],
        reg_call="minetest.register_tool(", reg_name=f"{m}:{tool}",
        craft='{\n\t\t{"default:steel_ingot"},\n\t\t{"default:stick"},\n\t}',
        tags=["tool", "wear", "protection", "craft"],
    )


# ---- 3. a storage node that accepts one item group only ---------------------------------------------------------
def sorter(m: str, node: str, desc: str, group: str, good: str, bad: str, size: int) -> Base:
    init = TT('''
        minetest.register_node("$m:$node", {
            description = "$desc",
            tiles = {"${m}_${node}.png"},
            groups = {choppy = 2, oddly_breakable_by_hand = 1},
            sounds = default.node_sound_wood_defaults(),
            on_construct = function(pos)
                local meta = minetest.get_meta(pos)
                meta:get_inventory():set_size("main", $size)
                meta:set_string("formspec", "size[8,6]list[context;main;0,0.3;$size,1;]" ..
                    "list[current_player;main;0,1.85;8,4;]listring[]")
                meta:set_string("infotext", "$desc ($group only)")
            end,
            allow_metadata_inventory_put = function(pos, listname, index, stack, player)
                if minetest.get_item_group(stack:get_name(), "$group") == 0 then
                    return 0
                end
                return stack:get_count()
            end,
            can_dig = function(pos, player)
                return minetest.get_meta(pos):get_inventory():is_empty("main")
            end,
        })
    ''', m=m, node=node, desc=desc, group=group, size=size)
    probes = [probe("the rack is set up on construct", '''
        local pos = {x = 2, y = 1, z = 2}
        probe.set_node(pos, "$m:$node")
        probe.construct(pos)
        local meta = probe.meta(pos)
        probe.eq(meta:get_inventory():get_size("main"), $size, "slots")
        probe.eq(meta:get_string("infotext"), "$desc ($group only)", "infotext")
        probe.assert(meta:get_string("formspec"):find("list[context;main;", 1, true), "formspec shows the list")
    ''', m=m, node=node, desc=desc, group=group, size=size), probe("only the group goes in, full racks stay", '''
        local pos = {x = 4, y = 1, z = 2}
        probe.set_node(pos, "$m:$node")
        probe.construct(pos)
        local def = minetest.registered_nodes["$m:$node"]
        local p = probe.player("clerk")
        probe.eq(def.allow_metadata_inventory_put(pos, "main", 1, ItemStack("$good 7"), p), 7, "$good")
        probe.eq(def.allow_metadata_inventory_put(pos, "main", 1, ItemStack("$bad 7"), p), 0, "$bad")
        probe.eq(def.can_dig(pos, p), true, "empty rack can be dug")
        probe.meta(pos):get_inventory():add_item("main", "$good 2")
        probe.eq(def.can_dig(pos, p), false, "a rack with items cannot be dug")
    ''', m=m, node=node, good=good, bad=bad)]
    return Base(
        kind="group_storage", mod=m, description=f"{desc} storage", depends=["default"], init=init,
        requirements=[
            f"register the node `{m}:{node}` (\"{desc}\", groups `choppy = 2` and `oddly_breakable_by_hand = 1`, "
            f"wood sounds) whose `on_construct` gives its node inventory a `main` list of {size} slots, a "
            f"formspec showing that list (`list[context;main;...]`) above the player's inventory, and the "
            f"infotext `\"{desc} ({group} only)\"`",
            f"`allow_metadata_inventory_put` accepts the whole stack when the item is in the `{group}` group "
            f"(`minetest.get_item_group`) and nothing (0) otherwise",
            "`can_dig` allows digging only while the `main` list is empty",
        ],
        observe=f"after construction the node has {size} slots; 7 `{good}` may be put in but no `{bad}`; the "
                f"empty node can be dug, and once it holds items it cannot",
        registers={"nodes": [f"{m}:{node}"]}, probes=probes,
        require_api=["minetest.register_node", "minetest.get_item_group"],
        regressions=[
            (_swap(init, f'if minetest.get_item_group(stack:get_name(), "{group}") == 0 then',
                   f'if minetest.get_item_group(stack:get_name(), "{group}") ~= 0 then'),
             f"the group check is inverted: only items outside `{group}` are accepted"),
            (_swap(init, 'return minetest.get_meta(pos):get_inventory():is_empty("main")', "return true"),
             "the node can be dug while it holds items, which destroys them"),
        ],
        symptoms=[f"the {desc} refuses `{good}` but accepts `{bad}`",
                  f"digging a {desc} that holds items destroys them"],
        reg_call="minetest.register_node(", reg_name=f"{m}:{node}", groups="{choppy = 2, oddly_breakable_by_hand = 1}",
        tags=["node", "inventory", "formspec"],
    )


# ---- 4. a liquid with a bucket ------------------------------------------------------------------------------------
def liquid(m: str, liq: str, desc: str, viscosity: int, rng_: int) -> Base:
    init = TT('''
        minetest.register_node("$m:${liq}_source", {
            description = "$desc Source",
            drawtype = "liquid",
            tiles = {"${m}_${liq}.png"},
            paramtype = "light",
            walkable = false,
            pointable = false,
            diggable = false,
            buildable_to = true,
            is_ground_content = false,
            drop = "",
            drowning = 1,
            liquidtype = "source",
            liquid_alternative_flowing = "$m:${liq}_flowing",
            liquid_alternative_source = "$m:${liq}_source",
            liquid_viscosity = $viscosity,
            liquid_range = $range,
            post_effect_color = {a = 100, r = 80, g = 60, b = 120},
            groups = {liquid = 3},
            sounds = default.node_sound_water_defaults(),
        })

        minetest.register_node("$m:${liq}_flowing", {
            description = "Flowing $desc",
            drawtype = "flowingliquid",
            tiles = {"${m}_${liq}.png"},
            special_tiles = {
                {name = "${m}_${liq}_flowing.png", backface_culling = false},
                {name = "${m}_${liq}_flowing.png", backface_culling = true},
            },
            paramtype = "light",
            paramtype2 = "flowingliquid",
            walkable = false,
            pointable = false,
            diggable = false,
            buildable_to = true,
            is_ground_content = false,
            drop = "",
            drowning = 1,
            liquidtype = "flowing",
            liquid_alternative_flowing = "$m:${liq}_flowing",
            liquid_alternative_source = "$m:${liq}_source",
            liquid_viscosity = $viscosity,
            liquid_range = $range,
            post_effect_color = {a = 100, r = 80, g = 60, b = 120},
            groups = {liquid = 3, not_in_creative_inventory = 1},
            sounds = default.node_sound_water_defaults(),
        })

        bucket.register_liquid("$m:${liq}_source", "$m:${liq}_flowing", "$m:bucket_${liq}",
            "${m}_bucket_${liq}.png", "$desc Bucket", {tool = 1})
    ''', m=m, liq=liq, desc=desc, viscosity=viscosity, range=rng_)
    probes = [probe("source and flowing nodes are a liquid pair", '''
        local src = minetest.registered_nodes["$m:${liq}_source"]
        local flow = minetest.registered_nodes["$m:${liq}_flowing"]
        probe.eq(src.liquidtype, "source", "source type")
        probe.eq(flow.liquidtype, "flowing", "flowing type")
        for _, def in ipairs({src, flow}) do
            probe.eq(def.liquid_alternative_source, "$m:${liq}_source", "alternative source")
            probe.eq(def.liquid_alternative_flowing, "$m:${liq}_flowing", "alternative flowing")
            probe.eq(def.liquid_viscosity, $viscosity, "viscosity")
            probe.eq(def.liquid_range, $range, "range")
        end
    ''', m=m, liq=liq, viscosity=viscosity, range=rng_), probe("an empty bucket scoops up the source", '''
        local pos = {x = 3, y = 2, z = 3}
        probe.set_node(pos, "$m:${liq}_source")
        local got = probe.use_item("bucket:bucket_empty", pos)
        probe.eq(ItemStack(got):get_name(), "$m:bucket_${liq}", "filled bucket")
        probe.eq(probe.get_node(pos), "air", "the source is taken")
    ''', m=m, liq=liq)]
    return Base(
        kind="liquid", mod=m, description=f"{desc} liquid", depends=["default", "bucket"], init=init,
        requirements=[
            f"register the liquid pair `{m}:{liq}_source` (\"{desc} Source\", drawtype `liquid`, liquidtype "
            f"`source`) and `{m}:{liq}_flowing` (\"Flowing {desc}\", drawtype `flowingliquid`, paramtype2 "
            f"`flowingliquid`, liquidtype `flowing`, `not_in_creative_inventory = 1`); both name each other in "
            f"`liquid_alternative_source` / `liquid_alternative_flowing`, have `liquid_viscosity = {viscosity}`, "
            f"`liquid_range = {rng_}`, group `liquid = 3`, are not walkable, pointable or diggable, and use water "
            f"sounds (`default.node_sound_water_defaults()`)",
            f"register the bucket `{m}:bucket_{liq}` (\"{desc} Bucket\") with `bucket.register_liquid` (depend on "
            f"`bucket`)",
        ],
        observe=f"both nodes name the right alternatives with viscosity {viscosity} and range {rng_}, and an empty "
                f"bucket used on the source gives `{m}:bucket_{liq}` and removes the source",
        registers={"nodes": [f"{m}:{liq}_source", f"{m}:{liq}_flowing"], "craftitems": [f"{m}:bucket_{liq}"]},
        probes=probes, require_api=["minetest.register_node", "bucket.register_liquid"],
        regressions=[
            (_swap(init, f'liquid_alternative_flowing = "{m}:{liq}_flowing",\n\tliquid_alternative_source = '
                   f'"{m}:{liq}_source",\n\tliquid_viscosity',
                   f'liquid_alternative_flowing = "{m}:{liq}_source",\n\tliquid_alternative_source = '
                   f'"{m}:{liq}_source",\n\tliquid_viscosity'),
             "the source names itself as its flowing alternative, so the liquid cannot flow"),
            (_swap(init, f'bucket.register_liquid("{m}:{liq}_source", "{m}:{liq}_flowing",',
                   f'bucket.register_liquid("{m}:{liq}_flowing", "{m}:{liq}_source",'),
             "source and flowing are swapped in `bucket.register_liquid`, so a bucket cannot scoop the source"),
        ],
        symptoms=[f"the {desc} source never spreads; its definition names itself as the flowing alternative",
                  f"an empty bucket used on a {desc} source does nothing"],
        reg_call="minetest.register_node(", reg_name=f"{m}:{liq}_source", groups="{liquid = 3}",
        tags=["node", "liquid", "bucket"],
    )


# ---- 5. a building block with stairs and slabs ---------------------------------------------------------------------
def stairs_block(m: str, block: str, desc: str, sub: str, mat: str) -> Base:
    init = TT('''
        minetest.register_node("$m:$block", {
            description = "$desc",
            tiles = {"${m}_${block}.png"},
            is_ground_content = false,
            groups = {cracky = 2},
            sounds = default.node_sound_stone_defaults(),
        })

        minetest.register_craft({
            output = "$m:$block 4",
            recipe = {
                {"$mat", "$mat"},
                {"$mat", "$mat"},
            },
        })

        stairs.register_stair_and_slab("$sub", "$m:$block", {cracky = 2}, {"${m}_${block}.png"},
            "$desc Stair", "$desc Slab", default.node_sound_stone_defaults())
    ''', m=m, block=block, desc=desc, sub=sub, mat=mat)
    probes = [probe("the block and its shapes exist", '''
        probe.eq(minetest.registered_nodes["stairs:stair_$sub"].description, "$desc Stair", "stair")
        probe.eq(minetest.registered_nodes["stairs:slab_$sub"].description, "$desc Slab", "slab")
        probe.eq(minetest.get_item_group("stairs:slab_$sub", "cracky"), 2, "slab group")
        local out = ItemStack(probe.craft({{"$mat", "$mat"}, {"$mat", "$mat"}}, 2))
        probe.eq(out:to_string(), "$m:$block 4", "block recipe")
    ''', m=m, block=block, desc=desc, sub=sub, mat=mat), probe("stairs and slabs are crafted from the block", '''
        local b = "$m:$block"
        local slab = ItemStack(probe.craft({{b, b, b}}, 3))
        probe.eq(slab:to_string(), "stairs:slab_$sub 6", "slab recipe")
        local stair = ItemStack(probe.craft({{"", "", b}, {"", b, b}, {b, b, b}}, 3))
        probe.eq(stair:get_name(), "stairs:stair_$sub", "stair recipe")
    ''', m=m, block=block, sub=sub)]
    return Base(
        kind="stairs_block", mod=m, description=f"{desc} building blocks", depends=["default", "stairs"],
        init=init,
        requirements=[
            f"register the node `{m}:{block}` (\"{desc}\", `cracky = 2`, `is_ground_content = false`, stone "
            f"sounds) and a craft giving `{m}:{block} 4` from a 2x2 square of `{mat}`",
            f"register its stair and slab with `stairs.register_stair_and_slab` (depend on `stairs`), subname "
            f"`{sub}`, made from `{m}:{block}`, group `cracky = 2`, descriptions \"{desc} Stair\" and "
            f"\"{desc} Slab\": this creates `stairs:stair_{sub}` and `stairs:slab_{sub}` and their recipes",
        ],
        observe=f"`stairs:stair_{sub}` and `stairs:slab_{sub}` exist with those descriptions, three blocks in a row "
                f"craft 6 slabs, and the stair shape of blocks crafts the stair",
        registers={"nodes": [f"{m}:{block}"], "crafts": [{"output": f"{m}:{block} 4"}]},
        probes=probes, require_api=["minetest.register_node", "stairs.register_stair_and_slab"],
        regressions=[
            (_swap(init, f'output = "{m}:{block} 4"', f'output = "{m}:{block}"'),
             "the block recipe yields one block instead of 4"),
            (_swap(init, f'stairs.register_stair_and_slab("{sub}", "{m}:{block}",',
                   f'stairs.register_stair_and_slab("{sub}", "{mat}",'),
             "the stair and slab recipes use the raw material instead of the block"),
        ],
        symptoms=[f"the 2x2 recipe gives a single {desc} instead of 4",
                  f"three {desc} blocks in a row do not craft slabs"],
        reg_call="minetest.register_node(", reg_name=f"{m}:{block}", groups="{cracky = 2}",
        tags=["node", "stairs", "craft"],
    )


# ---- 6. a node with a tool-dependent drop table -------------------------------------------------------------------
def drop_table(m: str, node: str, desc: str, rare: str, common: str, n: int) -> Base:
    init = TT('''
        minetest.register_node("$m:$node", {
            description = "$desc",
            tiles = {"${m}_${node}.png"},
            groups = {crumbly = 2},
            sounds = default.node_sound_dirt_defaults(),
            drop = {
                max_items = 1,
                items = {
                    {items = {"$rare"}, tool_groups = {"shovel"}},
                    {items = {"$common $n"}},
                },
            },
        })
    ''', m=m, node=node, desc=desc, rare=rare, common=common, n=n)
    probes = [probe("shovels find the rare item, anything else the common one", '''
        local with_shovel = minetest.get_node_drops("$m:$node", "default:shovel_steel")
        probe.eq(table.concat(with_shovel, ","), "$rare", "with a shovel")
        probe.eq(table.concat(minetest.get_node_drops("$m:$node", ""), ","), "$common $n", "by hand")
        probe.eq(table.concat(minetest.get_node_drops("$m:$node", "default:pick_steel"), ","), "$common $n",
            "with a pickaxe")
    ''', m=m, node=node, rare=rare, common=common, n=n), probe("digging with a shovel puts the rare item in the inventory", '''
        local pos = {x = 2, y = 2, z = 6}
        probe.set_node(pos, "$m:$node")
        local p = probe.player("digger")
        p:set_wielded_item("default:shovel_steel")
        probe.dig(pos, p)
        probe.eq(probe.get_node(pos), "air", "dug")
        probe.assert(p:get_inventory():contains_item("main", "$rare"), "the rare item is in the inventory")
    ''', m=m, node=node, rare=rare)]
    return Base(
        kind="drop_table", mod=m, description=f"{desc} finds", depends=["default"], init=init,
        requirements=[
            f"register the node `{m}:{node}` (\"{desc}\", `crumbly = 2`, dirt sounds) with a drop table of "
            f"`max_items = 1`: digging it with a tool in the `shovel` group (`tool_groups`) drops `{rare}`, "
            f"anything else drops `{common} {n}`",
        ],
        observe=f"`minetest.get_node_drops` gives `{rare}` with a steel shovel and `{common} {n}` by hand or with "
                f"a pickaxe, and digging it with a shovel puts `{rare}` into the digger's inventory",
        registers={"nodes": [f"{m}:{node}"]}, probes=probes, require_api=["minetest.register_node"],
        regressions=[
            (_swap(init, "\t\tmax_items = 1,\n", ""), "without `max_items = 1` a shovel gets both drops"),
            (_swap(init, 'tool_groups = {"shovel"}', 'tool_groups = {"pickaxe"}'),
             "the rare drop needs a pickaxe instead of a shovel"),
        ],
        symptoms=[f"digging a {desc} with a shovel gives both `{rare}` and `{common} {n}`",
                  f"shovels never find `{rare}` in a {desc}; pickaxes do"],
        reg_call="minetest.register_node(", reg_name=f"{m}:{node}", groups="{crumbly = 2}",
        tags=["node", "drops"],
    )


# ---- 7. a seed that plants itself on soil ---------------------------------------------------------------------------
def seed(m: str, plant: str, desc: str) -> Base:
    init = TT('''
        minetest.register_node("$m:$plant", {
            description = "$desc Plant",
            drawtype = "plantlike",
            tiles = {"${m}_${plant}.png"},
            paramtype = "light",
            sunlight_propagates = true,
            walkable = false,
            buildable_to = true,
            groups = {snappy = 3, attached_node = 1},
            drop = "$m:${plant}_seed",
        })

        minetest.register_craftitem("$m:${plant}_seed", {
            description = "$desc Seed",
            inventory_image = "${m}_${plant}_seed.png",
            on_place = function(itemstack, placer, pointed_thing)
                if pointed_thing.type ~= "node" then
                    return itemstack
                end
                local soil = minetest.get_node(pointed_thing.under)
                local above = pointed_thing.above
                if minetest.get_item_group(soil.name, "soil") == 0 or minetest.get_node(above).name ~= "air" then
                    return itemstack
                end
                local name = placer and placer:get_player_name() or ""
                if minetest.is_protected(above, name) then
                    return itemstack
                end
                minetest.set_node(above, {name = "$m:$plant"})
                if not minetest.is_creative_enabled(name) then
                    itemstack:take_item()
                end
                return itemstack
            end,
        })
    ''', m=m, plant=plant, desc=desc)
    probes = [probe("a seed on soil becomes a plant and is used up", '''
        local soil = {x = 4, y = 1, z = 4}
        probe.set_node(soil, "default:dirt")
        probe.set_node({x = 4, y = 2, z = 4}, "air")
        local p = probe.player("farmer")
        local left = probe.place(soil, "$m:${plant}_seed 5", p)
        probe.eq(probe.get_node({x = 4, y = 2, z = 4}), "$m:$plant", "planted above the soil")
        probe.eq(ItemStack(left):get_count(), 4, "one seed used")
        left = probe.place(soil, "$m:${plant}_seed 4", p)
        probe.eq(ItemStack(left):get_count(), 4, "the spot is taken")
    ''', m=m, plant=plant), probe("no planting on stone, free planting in creative", '''
        local rock = {x = 6, y = 1, z = 4}
        probe.set_node(rock, "default:stone")
        probe.set_node({x = 6, y = 2, z = 4}, "air")
        local left = probe.place(rock, "$m:${plant}_seed 3")
        probe.eq(probe.get_node({x = 6, y = 2, z = 4}), "air", "nothing grows on stone")
        probe.eq(ItemStack(left):get_count(), 3, "the seed is kept")
        local soil = {x = 8, y = 1, z = 4}
        probe.set_node(soil, "default:dirt_with_grass")
        probe.set_node({x = 8, y = 2, z = 4}, "air")
        local builder = probe.player("builder")
        minetest.set_player_privs("builder", {interact = true, creative = true})
        local got = probe.place(soil, "$m:${plant}_seed 3", builder)
        probe.eq(probe.get_node({x = 8, y = 2, z = 4}), "$m:$plant", "planted in creative")
        probe.eq(ItemStack(got):get_count(), 3, "creative does not use seeds")
    ''', m=m, plant=plant)]
    return Base(
        kind="seed", mod=m, description=f"{desc} planting", depends=["default"], init=init,
        requirements=[
            f"register the plant node `{m}:{plant}` (\"{desc} Plant\", drawtype `plantlike`, not walkable, "
            f"`buildable_to`, groups `snappy = 3` and `attached_node = 1`, dropping `{m}:{plant}_seed`)",
            f"register the craftitem `{m}:{plant}_seed` (\"{desc} Seed\") whose `on_place` plants `{m}:{plant}` "
            f"at `pointed_thing.above` when the pointed node is in the `soil` group and the space above is air "
            f"and not protected (`minetest.is_protected`); it takes one seed from the stack unless "
            f"`minetest.is_creative_enabled` is true for the placer, and returns the stack",
        ],
        observe=f"placing 5 seeds on dirt plants `{m}:{plant}` above it and leaves 4; the occupied spot and stone "
                f"refuse the seed; a player with the `creative` privilege plants without using a seed",
        registers={"nodes": [f"{m}:{plant}"], "craftitems": [f"{m}:{plant}_seed"]}, probes=probes,
        require_api=["minetest.register_craftitem", "minetest.is_creative_enabled"],
        regressions=[
            (_swap(init, "\t\tif not minetest.is_creative_enabled(name) then\n\t\t\titemstack:take_item()\n\t\tend\n",
                   "\t\tif minetest.is_creative_enabled(name) then\n\t\t\titemstack:take_item()\n\t\tend\n"),
             "the creative check is inverted: seeds are used up only in creative mode"),
            (_swap(init, 'if minetest.get_item_group(soil.name, "soil") == 0 or minetest.get_node(above).name ~= "air" then',
                   'if minetest.get_node(above).name ~= "air" then'),
             "there is no soil check: seeds grow on stone"),
        ],
        symptoms=[f"planting a {desc} seed in survival does not use it up",
                  f"{desc} seeds can be planted on bare stone"],
        reg_call="minetest.register_craftitem(", reg_name=f"{m}:{plant}_seed",
        set_node=f'minetest.set_node(above, {{name = "{m}:{plant}"}})', trigger="a seed is placed on soil",
        tags=["craftitem", "on_place", "creative"],
    )


# ---- 8. an animal entity that keeps its state in static data ---------------------------------------------------------
def fed_animal(m: str, mob: str, desc: str, food: str) -> Base:
    init = TT('''
        minetest.register_entity("$m:$mob", {
            initial_properties = {
                visual = "sprite",
                textures = {"${m}_${mob}.png"},
                physical = true,
                collisionbox = {-0.4, 0, -0.4, 0.4, 1, 0.4},
                nametag = "Hungry $desc",
            },
            fed = 0,
            on_activate = function(self, staticdata, dtime_s)
                self.fed = tonumber(staticdata) or 0
                if self.fed > 0 then
                    self.object:set_properties({nametag = "$desc (fed " .. self.fed .. " times)"})
                end
            end,
            get_staticdata = function(self)
                return tostring(self.fed)
            end,
            on_rightclick = function(self, clicker)
                if not clicker or not clicker:is_player() then
                    return
                end
                local stack = clicker:get_wielded_item()
                if stack:get_name() ~= "$food" then
                    return
                end
                stack:take_item()
                clicker:set_wielded_item(stack)
                self.fed = self.fed + 1
                self.object:set_properties({nametag = "$desc (fed " .. self.fed .. " times)"})
            end,
        })
    ''', m=m, mob=mob, desc=desc, food=food)
    probes = [probe("feeding counts and uses up the food", '''
        probe.area({x = 0, y = 0, z = 0}, {x = 8, y = 4, z = 8})
        local ent, obj = probe.spawn("$m:$mob", {x = 3, y = 1, z = 3})
        probe.eq(ent.fed, 0, "a new animal is hungry")
        local p = probe.player("keeper")
        p:set_wielded_item("$food 3")
        ent:on_rightclick(p)
        ent:on_rightclick(p)
        probe.eq(ent.fed, 2, "fed twice")
        probe.eq(p:get_wielded_item():get_count(), 1, "two of the food used")
        probe.eq(obj:get_properties().nametag, "$desc (fed 2 times)", "nametag")
        p:set_wielded_item("default:dirt 5")
        ent:on_rightclick(p)
        probe.eq(ent.fed, 2, "other items are not food")
    ''', m=m, mob=mob, desc=desc, food=food), probe("the count survives unloading (static data)", '''
        probe.area({x = 0, y = 0, z = 0}, {x = 8, y = 4, z = 8})
        local obj = minetest.add_entity({x = 5, y = 1, z = 5}, "$m:$mob", "4")
        local ent = obj:get_luaentity()
        probe.eq(ent.fed, 4, "restored from static data")
        probe.eq(obj:get_properties().nametag, "$desc (fed 4 times)", "nametag")
        probe.eq(ent:get_staticdata(), "4", "saved as static data")
    ''', m=m, mob=mob, desc=desc)]
    return Base(
        kind="fed_animal", mod=m, description=f"{desc} feeding", depends=["default"], init=init,
        requirements=[
            f"register the entity `{m}:{mob}` (a physical sprite with `initial_properties`, nametag "
            f"\"Hungry {desc}\") with a field `fed` starting at 0",
            f"right-clicking it while wielding `{food}` takes one of the food from the clicker's wielded stack, adds "
            f"1 to `fed` and sets the nametag to `\"{desc} (fed <n> times)\"`; any other item does nothing",
            "`get_staticdata` returns `fed` as a string and `on_activate` restores it (0 when the data is empty), "
            "setting the same nametag when it is above 0, so the count survives unloading",
        ],
        observe=f"two feedings with 3 `{food}` leave 1 and a nametag `{desc} (fed 2 times)`; dirt is not food; an "
                f"animal added with static data `4` has `fed = 4` and saves `4` again",
        registers={"entities": [f"{m}:{mob}"]}, probes=probes, require_api=["minetest.register_entity"],
        regressions=[
            (_swap(init, "\t\treturn tostring(self.fed)\n", '\t\treturn ""\n'),
             "get_staticdata saves nothing, so the count is lost when the area unloads"),
            (_swap(init, "\t\tstack:take_item()\n\t\tclicker:set_wielded_item(stack)\n", ""),
             "the food is never taken from the player"),
        ],
        symptoms=[f"after the area unloads and loads again every {desc} is back to 0 feedings",
                  f"feeding a {desc} does not use up the `{food}`"],
        reg_call="minetest.register_entity(", reg_name=f"{m}:{mob}",
        tags=["entity", "staticdata"],
    )


# ---- 9. a craft that gives back an empty bucket --------------------------------------------------------------------
def bucket_craft(m: str, item: str, desc: str, mat: str, mat2: str, n: int) -> Base:
    init = TT('''
        minetest.register_craftitem("$m:$item", {
            description = "$desc",
            inventory_image = "${m}_${item}.png",
        })

        minetest.register_craft({
            type = "shapeless",
            output = "$m:$item $n",
            recipe = {"bucket:bucket_water", "$mat", "$mat2"},
            replacements = {{"bucket:bucket_water", "bucket:bucket_empty"}},
        })
    ''', m=m, item=item, desc=desc, mat=mat, mat2=mat2, n=n)
    probes = [probe("the craft gives the item and leaves an empty bucket", '''
        local out, result, decremented = probe.craft({"$mat2", "bucket:bucket_water", "$mat"}, 3)
        probe.eq(out, "$m:$item $n", "output")
        local left = {}
        for _, stack in ipairs(decremented.items) do
            if not stack:is_empty() then left[#left + 1] = stack:to_string() end
        end
        for _, stack in ipairs(result.replacements or {}) do
            if not stack:is_empty() then left[#left + 1] = stack:to_string() end
        end
        probe.eq(table.concat(left, ","), "bucket:bucket_empty", "left in the grid")
    ''', m=m, item=item, mat=mat, mat2=mat2, n=n)]
    return Base(
        kind="bucket_craft", mod=m, description=f"{desc} mixing", depends=["default", "bucket"], init=init,
        requirements=[
            f"register the craftitem `{m}:{item}` (\"{desc}\")",
            f"register a shapeless craft giving `{m}:{item} {n}` from `bucket:bucket_water`, `{mat}` and `{mat2}` "
            f"whose `replacements` turn the water bucket into `bucket:bucket_empty` instead of consuming it "
            f"(depend on `bucket`)",
        ],
        observe=f"crafting the three items gives `{m}:{item} {n}` and leaves exactly one `bucket:bucket_empty` "
                f"in the grid",
        registers={"craftitems": [f"{m}:{item}"], "crafts": [{"output": f"{m}:{item} {n}", "type": "shapeless"}]},
        probes=probes, require_api=["minetest.register_craftitem", "minetest.register_craft"],
        regressions=[
            (_swap(init, '\treplacements = {{"bucket:bucket_water", "bucket:bucket_empty"}},\n', ""),
             "no replacements: the whole water bucket is used up"),
            (_swap(init, '{{"bucket:bucket_water", "bucket:bucket_empty"}}',
                   '{{"bucket:bucket_water", "bucket:bucket_water"}}'),
             "the replacement gives the full water bucket back (endless water)"),
        ],
        symptoms=[f"crafting {desc} eats the water bucket; no empty bucket is left in the grid",
                  f"crafting {desc} leaves a full water bucket in the grid"],
        reg_call="minetest.register_craftitem(", reg_name=f"{m}:{item}",
        tags=["craft", "replacements", "bucket"],
    )


# ---- 10. an sfinv inventory page -----------------------------------------------------------------------------------
def sfinv_page(m: str, page: str, title: str, label: str, button: str, cmd: str) -> Base:
    key = f"{m}:{page}_count"
    init = TT('''
        sfinv.register_page("$m:$page", {
            title = "$title",
            get = function(self, player, context)
                local n = player:get_meta():get_int("$key")
                return sfinv.make_formspec(player, context,
                    "label[0.5,0.5;$label: " .. n .. "]button[0.5,1.5;3,1;$button;Add one]", true)
            end,
            on_player_receive_fields = function(self, player, context, fields)
                if fields.$button then
                    local meta = player:get_meta()
                    meta:set_int("$key", meta:get_int("$key") + 1)
                    sfinv.set_player_inventory_formspec(player, context)
                end
            end,
        })

        minetest.register_chatcommand("$cmd", {
            description = "Show your $label count",
            func = function(name)
                local player = minetest.get_player_by_name(name)
                if not player then
                    return false, "You are not online"
                end
                return true, "$label: " .. player:get_meta():get_int("$key")
            end,
        })
    ''', m=m, page=page, title=title, label=label, button=button, cmd=cmd, key=key)
    probes = [probe("the page shows the count and its button adds one", '''
        local page = sfinv.pages["$m:$page"]
        probe.assert(page, "no sfinv page $m:$page")
        probe.eq(page.title, "$title", "title")
        local p = probe.player("trainee")
        local fs = sfinv.get_formspec(p, {page = "$m:$page"})
        probe.assert(fs:find("label[0.5,0.5;$label: 0]", 1, true), "label with 0: " .. fs)
        probe.assert(fs:find("list[current_player;main", 1, true), "the player's inventory is shown")
        page:on_player_receive_fields(p, {page = "$m:$page"}, {$button = "Add one"})
        probe.eq(p:get_meta():get_int("$key"), 1, "one press")
        page:on_player_receive_fields(p, {page = "$m:$page"}, {quit = "true"})
        probe.eq(p:get_meta():get_int("$key"), 1, "closing the page does not count")
        fs = sfinv.get_formspec(p, {page = "$m:$page"})
        probe.assert(fs:find("label[0.5,0.5;$label: 1]", 1, true), "label with 1: " .. fs)
        probe.eq(select(2, probe.chat("$cmd", "", "trainee")), "$label: 1", "command")
    ''', m=m, page=page, title=title, label=label, button=button, cmd=cmd, key=key)]
    return Base(
        kind="sfinv_page", mod=m, description=f"{title} inventory page", depends=["sfinv"], init=init,
        requirements=[
            f"register the inventory page `{m}:{page}` with `sfinv.register_page` (depend on `sfinv`), title "
            f"\"{title}\"; its `get` returns `sfinv.make_formspec(player, context, <content>, true)` (the player's "
            f"inventory shown) where the content is `label[0.5,0.5;{label}: <n>]` and a "
            f"`button[0.5,1.5;3,1;{button};Add one]`, `<n>` being the player's meta int `{key}`",
            f"its `on_player_receive_fields` adds 1 to that meta int when the `{button}` field is present and "
            f"refreshes the page with `sfinv.set_player_inventory_formspec`",
            f"`/{cmd}` answers `\"{label}: <n>\"` for the caller",
        ],
        observe=f"the page shows `{label}: 0` above the player's inventory, one press of `{button}` makes it 1 "
                f"(a quit field does nothing), and `/{cmd}` answers `{label}: 1`",
        registers={"chatcommands": [cmd]}, probes=probes,
        require_api=["sfinv.register_page", "sfinv.make_formspec", "minetest.register_chatcommand"],
        regressions=[
            (_swap(init, "]button[0.5,1.5;3,1;" + button + ";Add one]\", true)",
                   "]button[0.5,1.5;3,1;" + button + ";Add one]\", false)"),
             "`show_inv` is false, so the page hides the player's inventory"),
            (_swap(init, f"\t\tif fields.{button} then", "\t\tif fields.quit then"),
             f"it reacts to closing the page instead of to the `{button}` button"),
        ],
        symptoms=[f"the {title} page does not show the player's inventory below it",
                  f"pressing the button on the {title} page does not count; closing the inventory does"],
        reg_call="minetest.register_chatcommand(", reg_name="",
        tags=["sfinv", "formspec", "player_meta"],
    )


# (builder, scaffold setting, scaffold arguments, repair setting, repair bug, repair arguments)
BASES = [
    (protector, "bank_vault", dict(m="bank_vault_wards", node="vault_seal", desc="Vault Seal", r=3),
     "town_hall", "logic", dict(m="town_hall_deeds", node="deed_stone", desc="Deed Stone", r=5)),
    (chisel, "museum", dict(m="museum_restorers", tool="restorer_chisel", desc="Restorer's Chisel", uses=32),
     "watchtower", "flat_craft", dict(m="watchtower_masons", tool="mason_chisel", desc="Mason's Chisel", uses=64)),
    (sorter, "carpentry", dict(m="carpentry_racks", node="plank_rack", desc="Plank Rack", group="wood",
                               good="default:junglewood", bad="default:cobble", size=6),
     "pharmacy", "logic", dict(m="pharmacy_cabinets", node="herb_cabinet", desc="Herb Cabinet", group="flora",
                               good="flowers:rose", bad="default:dirt", size=4)),
    (liquid, "vineyard", dict(m="vineyard_press", liq="grape_juice", desc="Grape Juice", viscosity=3, rng_=3),
     "fire_station", "undefined_global", dict(m="fire_station_foam", liq="fire_foam", desc="Fire Foam",
                                              viscosity=5, rng_=2)),
    (stairs_block, "stadium", dict(m="stadium_terraces", block="terrace_block", desc="Terrace Block",
                                   sub="stadium_terrace", mat="default:gravel"),
     "watchtower", "unknown_item", dict(m="watchtower_walls", block="watch_brick", desc="Watch Brick",
                                        sub="watch_brick", mat="default:desert_cobble")),
    (drop_table, "museum", dict(m="museum_digs", node="fossil_bed", desc="Fossil Bed", rare="default:flint",
                                common="default:gravel", n=2),
     "rice_paddy", "string_group", dict(m="rice_paddy_mud", node="paddy_mud", desc="Paddy Mud",
                                        rare="default:papyrus", common="default:clay_lump", n=3)),
    (seed, "rice_paddy", dict(m="rice_paddy_crops", plant="rice_sprout", desc="Rice"),
     "vineyard", "add_node", dict(m="vineyard_vines", plant="grapevine", desc="Grapevine")),
    (fed_animal, "zoo", dict(m="zoo_animals", mob="llama", desc="Llama", food="default:apple"),
     "stables", "api_typo", dict(m="stables_ponies", mob="pony", desc="Pony", food="default:dry_grass_1")),
    (bucket_craft, "tailor", dict(m="tailor_dyes", item="indigo_dye_bath", desc="Indigo Dye Bath",
                                  mat="default:blueberries", mat2="default:coal_lump", n=2),
     "pharmacy", "syntax", dict(m="pharmacy_tonics", item="herbal_tonic", desc="Herbal Tonic",
                                mat="default:apple", mat2="default:paper", n=3)),
    (sfinv_page, "dojo", dict(m="dojo_training", page="log", title="Training Log", label="Push-ups",
                              button="pushup", cmd="pushups"),
     "orchestra", "logic", dict(m="orchestra_practice", page="journal", title="Practice Journal",
                                label="Scales practised", button="scale", cmd="scales")),
]


# ==== refactors: legacy mods to port ===============================================================================
def _base(kind, m, description, init, requirements, observe, registers, probes, require_api, reg_call,
          reg_name="", depends=("default",), extra=None) -> Base:
    return Base(kind=kind, mod=m, description=description, depends=list(depends), init=init,
                requirements=requirements, observe=observe, registers=registers, probes=probes,
                require_api=require_api, regressions=[], symptoms=[], reg_call=reg_call, reg_name=reg_name,
                tags=["refactor"], extra=dict(extra or {}))


def _files(b: Base, init: str, conf: str | None = None, **extra) -> dict[str, str]:
    files = {"init.lua": init, **extra}
    files["mod.conf"] = conf if conf is not None else mod_conf(b.mod, b.description, b.depends)
    return files


def objectref_methods():
    m = "racetrack_karts"
    legacy = L('''
        minetest.register_entity("racetrack_karts:kart", {
            initial_properties = {
                visual = "sprite",
                textures = {"racetrack_karts_kart.png"},
                physical = true,
                collisionbox = {-0.5, 0, -0.5, 0.5, 0.6, 0.5},
            },
            speed = 6,
            on_rightclick = function(self, clicker)
                if not clicker or not clicker:is_player() then
                    return
                end
                local yaw = clicker:get_look_horizontal()
                self.object:setyaw(yaw)
                local dir = minetest.yaw_to_dir(yaw)
                self.object:setvelocity({x = dir.x * self.speed, y = 0, z = dir.z * self.speed})
            end,
            on_punch = function(self, puncher)
                local v = self.object:getvelocity()
                if v.x ~= 0 or v.z ~= 0 then
                    self.object:setvelocity({x = 0, y = 0, z = 0})
                    self.stopped_at = vector.round(self.object:getpos())
                end
                return true
            end,
        })
    ''')
    init = (legacy.replace(":setyaw(", ":set_yaw(").replace(":setvelocity(", ":set_velocity(")
            .replace(":getvelocity(", ":get_velocity(").replace(":getpos(", ":get_pos("))
    probes = [probe("a right-click launches the kart, a punch stops it", '''
        probe.area({x = 0, y = 0, z = 0}, {x = 8, y = 4, z = 8})
        local kart, obj = probe.spawn("racetrack_karts:kart", {x = 3, y = 1, z = 3})
        local p = probe.player("driver")
        p:set_look_horizontal(math.pi / 2)
        kart:on_rightclick(p)
        probe.assert(math.abs(obj:get_yaw() - math.pi / 2) < 0.01, "yaw " .. obj:get_yaw())
        local v = obj:get_velocity()
        probe.assert(math.abs(v.x + 6) < 0.01 and math.abs(v.z) < 0.01, "velocity " .. minetest.pos_to_string(v))
        kart:on_punch(p)
        probe.eq(minetest.pos_to_string(obj:get_velocity()), "(0,0,0)", "stopped")
        probe.eq(minetest.pos_to_string(kart.stopped_at), "(3,1,3)", "stop position")
    ''')]
    b = _base("objectref_methods", m, "Racetrack karts", init,
              ["register the entity `racetrack_karts:kart` (a physical sprite, field `speed = 6`)",
               "right-clicking it by a player turns it to the player's look yaw (`get_look_horizontal`) and "
               "sends it that way at `speed` nodes per second (`minetest.yaw_to_dir`)",
               "punching a moving kart stops it and stores its rounded position in the field `stopped_at`; "
               "`on_punch` returns true (no damage)"],
              "a kart launched by a player looking at yaw pi/2 moves at (-6,0,0); a punch stops it at (3,1,3)",
              {"entities": ["racetrack_karts:kart"]}, probes,
              ["minetest.register_entity", "ObjectRef:set_yaw", "ObjectRef:set_velocity", "ObjectRef:get_velocity",
               "ObjectRef:get_pos"], "minetest.register_entity(", "racetrack_karts:kart")
    return "racetrack", Refactor(
        kind="objectref_methods", base=b, legacy={"init.lua": legacy, "mod.conf": mod_conf(m, b.description, ["default"])},
        what=("it still calls the old ObjectRef method names `getpos`, `setvelocity`, `getvelocity` and "
              "`setyaw`, which are deprecated; use `get_pos`, `set_velocity`, `get_velocity` and `set_yaw`"),
        forbid_api=["ObjectRef:getpos", "ObjectRef:setvelocity", "ObjectRef:getvelocity", "ObjectRef:setyaw"],
        variants=[
            (_files(b, legacy), "forbid_api", "still calls the deprecated getpos/setvelocity/getvelocity/setyaw"),
            (_files(b, _swap(init, "self.object:set_velocity({x = dir.x", "self.object.set_velocity({x = dir.x")),
             "runtime", "`self.object.set_velocity(...)` with a dot calls the method without its object"),
        ],
    )


def item_metadata():
    m = "tailor_tools"
    legacy = L('''
        minetest.register_tool("tailor_tools:measuring_tape", {
            description = "Measuring Tape",
            inventory_image = "tailor_tools_measuring_tape.png",
            on_use = function(itemstack, user, pointed_thing)
                local uses = (tonumber(itemstack:get_metadata()) or 0) + 1
                itemstack:set_metadata(tostring(uses))
                if user and user:is_player() then
                    minetest.chat_send_player(user:get_player_name(), "Measured " .. uses .. " times")
                end
                return itemstack
            end,
        })
    ''')
    init = _swap(legacy, '\t\tlocal uses = (tonumber(itemstack:get_metadata()) or 0) + 1\n'
                         '\t\titemstack:set_metadata(tostring(uses))\n',
                 '\t\tlocal meta = itemstack:get_meta()\n\t\tlocal uses = meta:get_int("uses") + 1\n'
                 '\t\tmeta:set_int("uses", uses)\n')
    probes = [probe("each use is counted in the item's metadata", '''
        local p = probe.player("tailor")
        local stack = ItemStack(probe.use_item("tailor_tools:measuring_tape", nil, p))
        probe.eq(stack:get_meta():get_int("uses"), 1, "after one use")
        stack = ItemStack(probe.use_item(stack:to_string(), nil, p))
        probe.eq(stack:get_meta():get_int("uses"), 2, "after two uses")
        local texts = {}
        for _, msg in ipairs(probe.messages()) do texts[#texts + 1] = msg.text end
        probe.eq(table.concat(texts, "|"), "Measured 1 times|Measured 2 times", "messages")
    ''')]
    b = _base("item_metadata", m, "Tailor tools", init,
              ["register the tool `tailor_tools:measuring_tape` (\"Measuring Tape\")",
               "each use adds 1 to the int field `uses` of the item's own metadata (`itemstack:get_meta()`), "
               "sends the user `\"Measured <n> times\"` and returns the changed itemstack"],
              "using the tape twice leaves `uses = 2` in its item metadata and sends `Measured 1 times` and "
              "`Measured 2 times`", {"tools": ["tailor_tools:measuring_tape"]}, probes,
              ["minetest.register_tool", "ItemStack:get_meta"], "minetest.register_tool(", "tailor_tools:measuring_tape")
    return "tailor", Refactor(
        kind="item_metadata", base=b, legacy={"init.lua": legacy, "mod.conf": mod_conf(m, b.description, ["default"])},
        what=("it keeps its counter with the deprecated `ItemStack:get_metadata` / `set_metadata`; store it as "
              "the int field `uses` of `itemstack:get_meta()` instead"),
        forbid_api=["ItemStack:get_metadata", "ItemStack:set_metadata"],
        variants=[
            (_files(b, legacy), "forbid_api", "still uses get_metadata/set_metadata"),
            (_files(b, _swap(init, "\t\treturn itemstack\n", "")), "logic",
             "returns nothing from on_use, so the changed metadata never reaches the inventory"),
        ],
    )


def player_attribute():
    m = "stables_lessons"
    legacy = L('''
        minetest.register_chatcommand("riding_lesson", {
            description = "Take a riding lesson",
            func = function(name)
                local player = minetest.get_player_by_name(name)
                if not player then
                    return false, "You are not online"
                end
                local n = (tonumber(player:get_attribute("stables_lessons:count")) or 0) + 1
                player:set_attribute("stables_lessons:count", tostring(n))
                if n >= 3 then
                    return true, "Lesson " .. n .. ": you may ride alone now"
                end
                return true, "Lesson " .. n .. ": keep practising"
            end,
        })
    ''')
    init = _swap(legacy, '\t\tlocal n = (tonumber(player:get_attribute("stables_lessons:count")) or 0) + 1\n'
                         '\t\tplayer:set_attribute("stables_lessons:count", tostring(n))\n',
                 '\t\tlocal meta = player:get_meta()\n\t\tlocal n = meta:get_int("stables_lessons:count") + 1\n'
                 '\t\tmeta:set_int("stables_lessons:count", n)\n')
    probes = [probe("lessons are counted in the player's meta", '''
        local answers = {}
        for i = 1, 3 do answers[i] = select(2, probe.chat("riding_lesson", "", "rider")) end
        probe.eq(answers[1], "Lesson 1: keep practising", "first")
        probe.eq(answers[2], "Lesson 2: keep practising", "second")
        probe.eq(answers[3], "Lesson 3: you may ride alone now", "third")
        probe.eq(probe.player("rider"):get_meta():get_int("stables_lessons:count"), 3, "stored in player meta")
    ''')]
    b = _base("player_attribute", m, "Stables riding lessons", init,
              ["`/riding_lesson` adds 1 to the caller's player meta int `stables_lessons:count` "
               "(`player:get_meta()`, the player found with `minetest.get_player_by_name`) and answers "
               "`\"Lesson <n>: keep practising\"`, or `\"Lesson <n>: you may ride alone now\"` from the third "
               "lesson on"],
              "three lessons answer `keep practising` twice and then `you may ride alone now`, and the player's "
              "meta holds 3", {"chatcommands": ["riding_lesson"]}, probes,
              ["minetest.register_chatcommand", "ObjectRef:get_meta"], "minetest.register_chatcommand(")
    return "stables", Refactor(
        kind="player_attribute", base=b, legacy={"init.lua": legacy, "mod.conf": mod_conf(m, b.description, ["default"])},
        what=("it stores the count with the deprecated player attribute API (`get_attribute` / `set_attribute`); "
              "use the player's metadata (`player:get_meta()`, `get_int` / `set_int`) under the same key"),
        forbid_api=["ObjectRef:get_attribute", "ObjectRef:set_attribute"],
        variants=[
            (_files(b, legacy), "forbid_api", "still uses get_attribute/set_attribute"),
            (_files(b, _swap(init, '\t\tmeta:set_int("stables_lessons:count", n)\n', "")), "logic",
             "reads the count but never writes it back: every lesson is the first"),
        ],
    )


def player_velocity():
    m = "dojo_springboard"
    legacy = L('''
        minetest.register_node("dojo_springboard:springboard", {
            description = "Springboard",
            tiles = {"dojo_springboard_springboard.png"},
            groups = {choppy = 2},
            on_rightclick = function(pos, node, clicker, itemstack)
                if not clicker or not clicker:is_player() then
                    return itemstack
                end
                if clicker:get_player_velocity().y <= 0 then
                    clicker:add_player_velocity({x = 0, y = 12, z = 0})
                    local meta = minetest.get_meta(pos)
                    meta:set_int("jumps", meta:get_int("jumps") + 1)
                    meta:set_string("infotext", "Springboard: " .. meta:get_int("jumps") .. " jumps")
                end
                return itemstack
            end,
        })
    ''')
    init = legacy.replace(":get_player_velocity(", ":get_velocity(").replace(":add_player_velocity(", ":add_velocity(")
    probes = [probe("a standing player is launched, a rising one is not", '''
        local pos = {x = 2, y = 1, z = 2}
        probe.set_node(pos, "dojo_springboard:springboard")
        local p = probe.player("jumper")
        probe.rightclick(pos, p)
        probe.eq(p:get_velocity().y, 12, "launched")
        probe.rightclick(pos, p)
        probe.eq(p:get_velocity().y, 12, "no second boost while rising")
        probe.eq(probe.meta(pos):get_string("infotext"), "Springboard: 1 jumps", "jumps counted")
    ''')]
    b = _base("player_velocity", m, "Dojo springboard", init,
              ["register the node `dojo_springboard:springboard` (\"Springboard\", `choppy = 2`)",
               "right-clicking it by a player whose vertical velocity (`get_velocity`) is not upward adds "
               "`{x = 0, y = 12, z = 0}` to the player's velocity (`add_velocity`), adds 1 to the metadata int "
               "`jumps` and sets `infotext` to `\"Springboard: <n> jumps\"`; it returns the itemstack"],
              "a standing player is launched upward at 12 and a second right-click while rising does nothing; the "
              "infotext counts 1 jump", {"nodes": ["dojo_springboard:springboard"]}, probes,
              ["minetest.register_node", "ObjectRef:get_velocity", "ObjectRef:add_velocity"],
              "minetest.register_node(", "dojo_springboard:springboard")
    return "dojo", Refactor(
        kind="player_velocity", base=b, legacy={"init.lua": legacy, "mod.conf": mod_conf(m, b.description, ["default"])},
        what=("it uses the deprecated player-only `get_player_velocity` / `add_player_velocity`; use the "
              "general `get_velocity` / `add_velocity` methods"),
        forbid_api=["ObjectRef:get_player_velocity", "ObjectRef:add_player_velocity"],
        variants=[
            (_files(b, legacy), "forbid_api", "still uses get_player_velocity/add_player_velocity"),
            (_files(b, _swap(init, "clicker:add_velocity({x = 0, y = 12, z = 0})",
                             "clicker:set_velocity({x = 0, y = 12, z = 0})")), "require_api",
             "uses set_velocity, which does nothing for players"),
        ],
    )


def creative_check():
    m = "lantern_festival_sky"
    legacy = L('''
        local released = 0

        minetest.register_craftitem("lantern_festival_sky:sky_lantern", {
            description = "Sky Lantern",
            inventory_image = "lantern_festival_sky_sky_lantern.png",
            on_use = function(itemstack, user)
                if not user or not user:is_player() then
                    return itemstack
                end
                released = released + 1
                minetest.chat_send_all(user:get_player_name() .. " released sky lantern #" .. released)
                if not minetest.setting_getbool("creative_mode") then
                    itemstack:take_item()
                end
                return itemstack
            end,
        })
    ''')
    init = _swap(legacy, 'if not minetest.setting_getbool("creative_mode") then',
                 "if not minetest.is_creative_enabled(user:get_player_name()) then")
    probes = [probe("lanterns are used up, except for creative players", '''
        local ann = probe.player("ann")
        local left = probe.use_item("lantern_festival_sky:sky_lantern 3", nil, ann)
        probe.eq(ItemStack(left):get_count(), 2, "one lantern used")
        local bob = probe.player("bob")
        minetest.set_player_privs("bob", {interact = true, creative = true})
        left = probe.use_item("lantern_festival_sky:sky_lantern 3", nil, bob)
        probe.eq(ItemStack(left):get_count(), 3, "creative keeps the lantern")
        local texts = {}
        for _, msg in ipairs(probe.messages()) do texts[#texts + 1] = msg.to .. ">" .. msg.text end
        probe.eq(table.concat(texts, "|"), "*>ann released sky lantern #1|*>bob released sky lantern #2", "messages")
    ''')]
    b = _base("creative_check", m, "Festival sky lanterns", init,
              ["register the craftitem `lantern_festival_sky:sky_lantern` (\"Sky Lantern\"); using it counts the "
               "release in a local counter and tells everybody `\"<name> released sky lantern #<n>\"`",
               "it takes one lantern from the stack unless creative mode is on for that player "
               "(`minetest.is_creative_enabled(name)`, which also honours the `creative` privilege), and returns "
               "the stack"],
              "ann's stack of 3 drops to 2, bob with the `creative` privilege keeps 3, and both releases are "
              "announced in order", {"craftitems": ["lantern_festival_sky:sky_lantern"]}, probes,
              ["minetest.register_craftitem", "minetest.is_creative_enabled"], "minetest.register_craftitem(",
              "lantern_festival_sky:sky_lantern")
    return "lantern_festival", Refactor(
        kind="creative_check", base=b, legacy={"init.lua": legacy, "mod.conf": mod_conf(m, b.description, ["default"])},
        what=("it asks the deprecated `minetest.setting_getbool(\"creative_mode\")`, which ignores per-player "
              "creative; use `minetest.is_creative_enabled(name)`"),
        forbid_api=["minetest.setting_getbool"],
        variants=[
            (_files(b, legacy), "forbid_api", "still calls minetest.setting_getbool"),
            (_files(b, _swap(init, "if not minetest.is_creative_enabled(user:get_player_name()) then",
                             "if minetest.is_creative_enabled(user:get_player_name()) then")), "logic",
             "the check is inverted: creative players lose lanterns, others keep them"),
        ],
    )


def node_group():
    m = "fire_station_alarms"
    legacy = L('''
        local NEIGHBOURS = {
            {x = 1, y = 0, z = 0}, {x = -1, y = 0, z = 0},
            {x = 0, y = 1, z = 0}, {x = 0, y = -1, z = 0},
            {x = 0, y = 0, z = 1}, {x = 0, y = 0, z = -1},
        }

        minetest.register_node("fire_station_alarms:smoke_detector", {
            description = "Smoke Detector",
            tiles = {"fire_station_alarms_smoke_detector.png"},
            groups = {cracky = 3},
            on_punch = function(pos)
                local risky = 0
                for _, offset in ipairs(NEIGHBOURS) do
                    local name = minetest.get_node(vector.add(pos, offset)).name
                    if minetest.get_node_group(name, "flammable") > 0 then
                        risky = risky + 1
                    end
                end
                minetest.get_meta(pos):set_string("infotext", "Fire risk: " .. risky .. " flammable neighbours")
            end,
        })
    ''')
    init = _swap(legacy, "minetest.get_node_group(name,", "minetest.get_item_group(name,")
    probes = [probe("counts the flammable face neighbours", '''
        probe.area({x = 0, y = 0, z = 0}, {x = 10, y = 10, z = 10})
        local pos = {x = 5, y = 5, z = 5}
        probe.set_node(pos, "fire_station_alarms:smoke_detector")
        probe.set_node({x = 6, y = 5, z = 5}, "default:wood")
        probe.set_node({x = 4, y = 5, z = 5}, "default:wood")
        probe.set_node({x = 5, y = 6, z = 5}, "default:leaves")
        probe.set_node({x = 5, y = 4, z = 5}, "default:stone")
        probe.set_node({x = 6, y = 6, z = 5}, "default:wood")
        probe.punch(pos)
        probe.eq(probe.meta(pos):get_string("infotext"), "Fire risk: 3 flammable neighbours", "infotext")
    ''')]
    b = _base("node_group", m, "Fire station smoke detectors", init,
              ["register the node `fire_station_alarms:smoke_detector` (\"Smoke Detector\", `cracky = 3`)",
               "punching it counts the six face neighbours that are in the `flammable` group "
               "(`minetest.get_item_group`) and sets `infotext` to `\"Fire risk: <n> flammable neighbours\"`"],
              "with wood on both x sides, leaves above, stone below and wood diagonally, the detector reports 3",
              {"nodes": ["fire_station_alarms:smoke_detector"]}, probes,
              ["minetest.register_node", "minetest.get_item_group"], "minetest.register_node(",
              "fire_station_alarms:smoke_detector")
    return "fire_station", Refactor(
        kind="node_group", base=b, legacy={"init.lua": legacy, "mod.conf": mod_conf(m, b.description, ["default"])},
        what="it calls the deprecated `minetest.get_node_group`; use `minetest.get_item_group`",
        forbid_api=["minetest.get_node_group"],
        variants=[
            (_files(b, legacy), "forbid_api", "still calls minetest.get_node_group"),
            (_files(b, _swap(init, "\t{x = 0, y = 1, z = 0}, {x = 0, y = -1, z = 0},\n", "")), "logic",
             "the port dropped the neighbours above and below"),
        ],
    )


def punch_hook():
    m = "orchestra_drums"
    legacy = L('''
        minetest.register_node("orchestra_drums:kettle_drum", {
            description = "Kettle Drum",
            tiles = {"orchestra_drums_kettle_drum.png"},
            groups = {choppy = 2},
        })

        minetest.register_on_punchnode(function(pos, node, puncher, pointed_thing)
            if node.name ~= "orchestra_drums:kettle_drum" then
                return
            end
            local meta = minetest.get_meta(pos)
            local beats = meta:get_int("beats") + 1
            meta:set_int("beats", beats)
            meta:set_string("infotext", "Kettle Drum (" .. beats .. " beats)")
        end)
    ''')
    init = L('''
        minetest.register_node("orchestra_drums:kettle_drum", {
            description = "Kettle Drum",
            tiles = {"orchestra_drums_kettle_drum.png"},
            groups = {choppy = 2},
            on_punch = function(pos, node, puncher, pointed_thing)
                local meta = minetest.get_meta(pos)
                local beats = meta:get_int("beats") + 1
                meta:set_int("beats", beats)
                meta:set_string("infotext", "Kettle Drum (" .. beats .. " beats)")
                return minetest.node_punch(pos, node, puncher, pointed_thing)
            end,
        })
    ''')
    probes = [probe("each drum counts its own beats, other punch hooks still run", '''
        local a, b = {x = 2, y = 1, z = 2}, {x = 5, y = 1, z = 2}
        probe.set_node(a, "orchestra_drums:kettle_drum")
        probe.set_node(b, "orchestra_drums:kettle_drum")
        local seen = 0
        local hook = function(pos, node) if node.name == "orchestra_drums:kettle_drum" then seen = seen + 1 end end
        table.insert(minetest.registered_on_punchnodes, hook)
        local ok, err = pcall(function()
            probe.punch(a)
            probe.punch(a)
            probe.punch(b)
        end)
        for i, f in ipairs(minetest.registered_on_punchnodes) do
            if f == hook then table.remove(minetest.registered_on_punchnodes, i) break end
        end
        probe.assert(ok, err)
        probe.eq(probe.meta(a):get_string("infotext"), "Kettle Drum (2 beats)", "drum a")
        probe.eq(probe.meta(b):get_string("infotext"), "Kettle Drum (1 beats)", "drum b")
        probe.eq(seen, 3, "global punch callbacks still see every punch")
    ''')]
    b = _base("punch_hook", m, "Orchestra drums", init,
              ["register the node `orchestra_drums:kettle_drum` (\"Kettle Drum\", `choppy = 2`) with its own "
               "`on_punch`: each punch adds 1 to the drum's metadata int `beats` and sets `infotext` to "
               "`\"Kettle Drum (<n> beats)\"`",
               "`on_punch` ends by calling `minetest.node_punch(pos, node, puncher, pointed_thing)` so that "
               "other mods' punch callbacks still run"],
              "punching one drum twice and another once shows 2 and 1 beats, and a global punch callback sees all "
              "three punches", {"nodes": ["orchestra_drums:kettle_drum"]}, probes,
              ["minetest.register_node", "minetest.node_punch"], "minetest.register_node(",
              "orchestra_drums:kettle_drum")
    shared = _swap(_swap(init, "\t\tlocal meta = minetest.get_meta(pos)\n\t\tlocal beats = meta:get_int(\"beats\") + 1\n"
                               "\t\tmeta:set_int(\"beats\", beats)\n\t\tmeta:set_string(",
                         "\t\tbeats = beats + 1\n\t\tminetest.get_meta(pos):set_string("),
                   'minetest.register_node("orchestra_drums:kettle_drum", {',
                   'local beats = 0\n\nminetest.register_node("orchestra_drums:kettle_drum", {')
    return "orchestra", Refactor(
        kind="punch_hook", base=b, legacy={"init.lua": legacy, "mod.conf": mod_conf(m, b.description, ["default"])},
        what=("it counts beats in a global `minetest.register_on_punchnode` callback that runs for every node "
              "punched anywhere; give the drum its own `on_punch` instead"),
        forbid_api=["minetest.register_on_punchnode"],
        variants=[
            (_files(b, legacy), "forbid_api", "still registers a global on_punchnode callback"),
            (_files(b, shared), "logic", "counts in one local variable, so all drums share one beat count"),
        ],
    )


def translator():
    m = "theater_props"
    legacy = L('''
        local S
        if minetest.get_modpath("intllib") then
            S = intllib.Getter()
        else
            S = function(s) return s end
        end

        minetest.register_node("theater_props:curtain", {
            description = S("Stage Curtain"),
            tiles = {"theater_props_curtain.png"},
            groups = {snappy = 3, flammable = 2},
        })

        minetest.register_craftitem("theater_props:mask", {
            description = S("Drama Mask"),
            inventory_image = "theater_props_mask.png",
        })
    ''')
    init = _swap(legacy, L('''
        local S
        if minetest.get_modpath("intllib") then
            S = intllib.Getter()
        else
            S = function(s) return s end
        end
    '''), 'local S = minetest.get_translator("theater_props")\n')
    tr = "# textdomain: theater_props\nStage Curtain=Vorhang\nDrama Mask=Theatermaske\n"
    probes = [probe("descriptions are translatable", '''
        local curtain = minetest.registered_items["theater_props:curtain"].description
        local mask = minetest.registered_items["theater_props:mask"].description
        probe.eq(minetest.get_translated_string("de", curtain), "Vorhang", "curtain in German")
        probe.eq(minetest.get_translated_string("de", mask), "Theatermaske", "mask in German")
        probe.eq(minetest.get_translated_string("en", curtain), "Stage Curtain", "curtain in English")
    ''')]
    b = _base("translator", m, "Theater props", init,
              ["register the node `theater_props:curtain` (description \"Stage Curtain\", `snappy = 3`, "
               "`flammable = 2`) and the craftitem `theater_props:mask` (\"Drama Mask\"), both descriptions "
               "wrapped in `S(...)` where `S = minetest.get_translator(\"theater_props\")`",
               "ship the German translation as `locale/theater_props.de.tr` (first line `# textdomain: "
               "theater_props`, then `Stage Curtain=Vorhang` and `Drama Mask=Theatermaske`)"],
              "`minetest.get_translated_string(\"de\", description)` gives `Vorhang` and `Theatermaske`, and "
              "English gives the original text", {"nodes": ["theater_props:curtain"], "craftitems": ["theater_props:mask"]},
              probes, ["minetest.register_node", "minetest.get_translator"], "minetest.register_node(",
              "theater_props:curtain", extra={"locale/theater_props.de.tr": tr})
    legacy_files = {"init.lua": legacy, "locale/de.txt": "Stage Curtain = Vorhang\nDrama Mask = Theatermaske\n",
                    "mod.conf": mod_conf(m, b.description, ["default"]) + "optional_depends = intllib\n"}
    return "theater", Refactor(
        kind="translator", base=b, legacy=legacy_files,
        what=("it translates through the old `intllib` mod (optional dependency, `locale/de.txt`); use the "
              "engine's own translations: `minetest.get_translator` and a `locale/theater_props.de.tr` file, and "
              "drop `locale/de.txt` and the intllib dependency"),
        forbid_files=["locale/de.txt"],
        variants=[
            (legacy_files, "forbid_file", "still ships the intllib translation file locale/de.txt"),
            (_files(b, init, **{"locale/de.tr": tr}), "logic",
             "the translation file is not named `<textdomain>.<lang>.tr`, so the engine never loads it"),
        ],
    )


def authplayer():
    m = "town_hall_security"
    legacy = L('''
        local failures = {}

        minetest.register_on_auth_fail(function(name, ip)
            failures[name] = (failures[name] or 0) + 1
        end)

        minetest.register_chatcommand("failed_logins", {
            params = "<player>",
            description = "Show how many failed logins a player name had since the server started",
            privs = {server = true},
            func = function(name, param)
                if param == "" then
                    return false, "Usage: /failed_logins <player>"
                end
                return true, param .. ": " .. (failures[param] or 0) .. " failed logins"
            end,
        })
    ''')
    init = _swap(legacy, L('''
        minetest.register_on_auth_fail(function(name, ip)
            failures[name] = (failures[name] or 0) + 1
        end)
    '''), L('''
        minetest.register_on_authplayer(function(name, ip, is_success)
            if not is_success then
                failures[name] = (failures[name] or 0) + 1
            end
        end)
    '''))
    probes = [probe("only failed logins are counted", '''
        local function login(name, ok)
            for _, cb in ipairs(minetest.registered_on_authplayers) do cb(name, "10.0.0.7", ok) end
        end
        login("mallory", false)
        login("mallory", false)
        login("mallory", true)
        login("alice", true)
        probe.eq(select(2, probe.chat("failed_logins", "mallory", "admin")), "mallory: 2 failed logins", "mallory")
        probe.eq(select(2, probe.chat("failed_logins", "alice", "admin")), "alice: 0 failed logins", "alice")
        probe.eq(probe.chat("failed_logins", "", "admin"), false, "usage")
    ''')]
    b = _base("authplayer", m, "Town hall login security", init,
              ["count failed logins per player name in a local table with `minetest.register_on_authplayer` "
               "(its third argument tells whether the login succeeded)",
               "`/failed_logins <player>` (privilege `server`) answers `\"<player>: <n> failed logins\"`; no "
               "parameter answers `false` and a usage message"],
              "after two failed and one successful login of mallory, `/failed_logins mallory` answers `mallory: "
              "2 failed logins`, alice has 0", {"chatcommands": ["failed_logins"]}, probes,
              ["minetest.register_chatcommand", "minetest.register_on_authplayer"],
              "minetest.register_chatcommand(")
    return "town_hall", Refactor(
        kind="authplayer", base=b, legacy={"init.lua": legacy, "mod.conf": mod_conf(m, b.description, ["default"])},
        what=("it uses the deprecated `minetest.register_on_auth_fail`; use `minetest.register_on_authplayer` "
              "and count only unsuccessful attempts"),
        forbid_api=["minetest.register_on_auth_fail"],
        variants=[
            (_files(b, legacy), "forbid_api", "still registers on_auth_fail"),
            (_files(b, _swap(init, "\tif not is_success then\n\t\tfailures[name] = (failures[name] or 0) + 1\n\tend\n",
                             "\tfailures[name] = (failures[name] or 0) + 1\n")), "logic",
             "ignores `is_success` and counts successful logins as failures"),
        ],
    )


def dig_hook():
    m = "watchtower_beacons"
    legacy = L('''
        local doused = 0

        minetest.register_node("watchtower_beacons:signal_fire", {
            description = "Signal Fire",
            tiles = {"watchtower_beacons_signal_fire.png"},
            paramtype = "light",
            light_source = 10,
            groups = {oddly_breakable_by_hand = 3},
        })

        minetest.register_on_dignode(function(pos, oldnode, digger)
            if oldnode.name ~= "watchtower_beacons:signal_fire" then
                return
            end
            doused = doused + 1
            if digger and digger:is_player() then
                minetest.chat_send_player(digger:get_player_name(), "Signal fire put out (" .. doused .. " so far)")
            end
        end)
    ''')
    init = L('''
        local doused = 0

        minetest.register_node("watchtower_beacons:signal_fire", {
            description = "Signal Fire",
            tiles = {"watchtower_beacons_signal_fire.png"},
            paramtype = "light",
            light_source = 10,
            groups = {oddly_breakable_by_hand = 3},
            after_dig_node = function(pos, oldnode, oldmetadata, digger)
                doused = doused + 1
                if digger and digger:is_player() then
                    minetest.chat_send_player(digger:get_player_name(), "Signal fire put out (" .. doused .. " so far)")
                end
            end,
        })
    ''')
    probes = [probe("digging a signal fire is reported to the digger", '''
        probe.area({x = 0, y = 0, z = 0}, {x = 8, y = 4, z = 8})
        local p = probe.player("guard")
        for i, pos in ipairs({{x = 2, y = 1, z = 2}, {x = 4, y = 1, z = 2}}) do
            probe.set_node(pos, "watchtower_beacons:signal_fire")
            probe.dig(pos, p)
            probe.eq(probe.get_node(pos), "air", "dug " .. i)
        end
        local texts = {}
        for _, msg in ipairs(probe.messages()) do
            if msg.to == "guard" then texts[#texts + 1] = msg.text end
        end
        probe.eq(table.concat(texts, "|"), "Signal fire put out (1 so far)|Signal fire put out (2 so far)", "messages")
    ''')]
    b = _base("dig_hook", m, "Watchtower signal fires", init,
              ["register the node `watchtower_beacons:signal_fire` (\"Signal Fire\", light 10, "
               "`oddly_breakable_by_hand = 3`)",
               "its `after_dig_node(pos, oldnode, oldmetadata, digger)` counts the fires put out in a local "
               "counter and tells a player digger `\"Signal fire put out (<n> so far)\"`"],
              "a player digging two signal fires gets `Signal fire put out (1 so far)` and `(2 so far)`",
              {"nodes": ["watchtower_beacons:signal_fire"]}, probes, ["minetest.register_node"],
              "minetest.register_node(", "watchtower_beacons:signal_fire")
    return "watchtower", Refactor(
        kind="dig_hook", base=b, legacy={"init.lua": legacy, "mod.conf": mod_conf(m, b.description, ["default"])},
        what=("it watches every dug node in the world with `minetest.register_on_dignode`; give the signal fire "
              "its own `after_dig_node` callback instead"),
        forbid_api=["minetest.register_on_dignode"],
        variants=[
            (_files(b, legacy), "forbid_api", "still registers a global on_dignode callback"),
            (_files(b, _swap(init, "after_dig_node = function(pos, oldnode, oldmetadata, digger)",
                             "after_dig_node = function(pos, oldnode, digger)")), "runtime",
             "wrong signature: the third argument is the old metadata table, not the digger"),
        ],
    )


REFACTORS = [objectref_methods, item_metadata, player_attribute, player_velocity, creative_check, node_group,
             punch_hook, translator, authplayer, dig_hook]
