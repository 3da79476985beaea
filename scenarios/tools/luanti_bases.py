"""Scaffold bases of the vf-luanti suite: one function per feature kind, each building a complete reviewed mod
(reference code, the prompt's requirements, registrations, engine probes and behaviour regressions) from a
theme and a seeded RNG. Repair, refactor and doc tasks reuse these bases (see luanti_families.py).

Lua is written as string.Template text: `$m` is the mod name, other `$names` are the kind's slots.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from string import Template

from luanti_common import lua
from luanti_themes import Theme


@dataclass
class Base:
    kind: str
    mod: str
    description: str
    depends: list[str]
    init: str                                   # reference init.lua
    requirements: list[str]                     # prompt bullets: names, APIs, values
    observe: str                                # what the probes observe, in words
    registers: dict
    probes: list[dict]
    require_api: list[str]
    regressions: list[tuple[str, str]]          # (init.lua with a behaviour bug, why) -> fails in the engine
    symptoms: list[str]                         # what a tester sees for each regression (repair prompts)
    reg_call: str                               # e.g. 'minetest.register_node(' (for API-typo repairs)
    reg_name: str                               # a registered "mod:x" name (for prefix repairs)
    craft: str = ""                             # a recipe table text (for flat-recipe repairs)
    abm: bool = False                           # has an ABM (for missing-action repairs)
    groups: str = ""                            # a groups table text (for string-group repairs)
    set_node: str = ""                          # a set_node/swap_node call in a callback (for add_node misuse)
    trigger: str = ""                           # how the set_node callback is triggered, in words
    tags: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)   # files besides init.lua and mod.conf (e.g. locale/*.tr)


def T(src: str, **kw) -> str:
    return Template(lua(src)).substitute(**kw)


def _mod(th: Theme, suffix: str) -> str:
    return f"{th.key}_{suffix}"


def _swap(init: str, old: str, new: str) -> str:
    assert old in init, (old, init)
    return init.replace(old, new, 1)


# ---- 1. a light-emitting node with a shaped craft ------------------------------------------------------------
def light_node(th: Theme, rng: random.Random) -> Base:
    m = _mod(th, "lights")
    node, desc = th.block
    light = rng.choice([7, 9, 11, 12, 13])
    count = rng.choice([2, 3, 4, 6])
    init = T('''
        minetest.register_node("$m:$node", {
        	description = "$desc",
        	tiles = {"${m}_${node}.png"},
        	paramtype = "light",
        	light_source = $light,
        	sunlight_propagates = true,
        	groups = {cracky = 3, oddly_breakable_by_hand = 2},
        	sounds = default.node_sound_glass_defaults(),
        })

        minetest.register_craft({
        	output = "$m:$node $count",
        	recipe = {
        		{"$mat", "$mat", "$mat"},
        		{"$mat", "default:torch", "$mat"},
        	},
        })
    ''', m=m, node=node, desc=desc, light=light, count=count, mat=th.mat)
    probes = [
        {"name": f"{node} emits light {light}", "lua": T('''
            local def = minetest.registered_nodes["$m:$node"]
            probe.assert(def, "$m:$node is not registered")
            probe.eq(def.light_source, $light, "light_source")
            probe.eq(def.paramtype, "light", "paramtype")
            probe.eq(minetest.get_item_group("$m:$node", "cracky"), 3, "cracky group")
        ''', m=m, node=node, light=light)},
        {"name": f"torch recipe gives {count}", "lua": T('''
            local out = ItemStack(probe.craft({
            	{"$mat", "$mat", "$mat"},
            	{"$mat", "default:torch", "$mat"},
            	{"", "", ""},
            }, 3))
            probe.eq(out:get_name(), "$m:$node", "craft output")
            probe.eq(out:get_count(), $count, "craft count")
        ''', m=m, node=node, count=count, mat=th.mat)},
    ]
    return Base(
        kind="light_node", mod=m, description=f"{th.title} light blocks", depends=["default"], init=init,
        requirements=[
            f"register the node `{m}:{node}` (description \"{desc}\") with `paramtype = \"light\"`, "
            f"`light_source = {light}`, `sunlight_propagates = true`, groups `cracky = 3` and "
            f"`oddly_breakable_by_hand = 2`, and glass sounds from `default.node_sound_glass_defaults()`",
            f"register a shaped craft (`minetest.register_craft`) giving `{m}:{node} {count}` from a 3-wide, "
            f"2-high recipe: top row three `{th.mat}`, bottom row `{th.mat}`, `default:torch`, `{th.mat}`",
        ],
        observe=f"the node definition reports light_source {light}, and crafting the recipe yields {count} "
                f"`{m}:{node}`",
        registers={"nodes": [f"{m}:{node}"], "crafts": [{"output": f"{m}:{node} {count}"}]},
        probes=probes, require_api=["minetest.register_node", "minetest.register_craft"],
        regressions=[
            (_swap(init, f"light_source = {light},", "light_source = minetest.LIGHT_MAX,"),
             f"light_source is LIGHT_MAX (14) instead of {light}" if light != 14 else ""),
            (_swap(init, f'output = "{m}:{node} {count}"', f'output = "{m}:{node}"'),
             f"the recipe yields one block instead of {count}"),
        ],
        symptoms=[f"a placed {desc} reports light_source 14 in its definition instead of {light}",
                  f"crafting the torch recipe gives a single {desc} instead of {count}"],
        reg_call="minetest.register_node(", reg_name=f"{m}:{node}",
        craft=f'{{\n\t\t{{"{th.mat}", "{th.mat}", "{th.mat}"}},\n\t\t{{"{th.mat}", "default:torch", "{th.mat}"}},\n\t}}',
        groups="{cracky = 3, oddly_breakable_by_hand = 2}",
        tags=["node", "light", "craft"],
    )


# ---- 2. a food craftitem eaten with minetest.item_eat ----------------------------------------------------------
def food_item(th: Theme, rng: random.Random) -> Base:
    m = _mod(th, "food")
    food, desc = th.food
    hp = rng.choice([2, 3, 4, 5, 6])
    init = T('''
        minetest.register_craftitem("$m:$food", {
        	description = "$desc",
        	inventory_image = "${m}_${food}.png",
        	groups = {food = 1},
        	on_use = minetest.item_eat($hp),
        })

        minetest.register_craft({
        	type = "shapeless",
        	output = "$m:$food 2",
        	recipe = {"$mat", "default:apple"},
        })
    ''', m=m, food=food, desc=desc, hp=hp, mat=th.mat)
    probes = [
        {"name": f"eating {food} heals {hp}", "lua": T('''
            local p = probe.player("eater")
            p:set_hp(10)
            probe.use_item("$m:$food", nil, p)
            probe.eq(p:get_hp(), ${after}, "hp after eating")
            probe.assert(p:get_wielded_item():is_empty(), "the eaten item must be consumed")
        ''', m=m, food=food, after=10 + hp)},
        {"name": "shapeless recipe", "lua": T('''
            local out = ItemStack(probe.craft({"default:apple", "$mat"}, 2))
            probe.eq(out:get_name(), "$m:$food", "craft output")
            probe.eq(out:get_count(), 2, "craft count")
            probe.eq(minetest.get_item_group("$m:$food", "food"), 1, "food group")
        ''', m=m, food=food, mat=th.mat)},
    ]
    return Base(
        kind="food_item", mod=m, description=f"{th.title} food", depends=["default"], init=init,
        requirements=[
            f"register the craftitem `{m}:{food}` (description \"{desc}\", group `food = 1`) whose `on_use` is "
            f"`minetest.item_eat({hp})`, so eating one restores {hp} HP",
            f"register a shapeless craft giving `{m}:{food} 2` from `{th.mat}` and `default:apple`",
        ],
        observe=f"a player at 10 HP who eats `{m}:{food}` ends at {10 + hp} HP and the item is consumed; "
                f"the shapeless recipe yields 2",
        registers={"craftitems": [f"{m}:{food}"], "crafts": [{"output": f"{m}:{food} 2", "type": "shapeless"}]},
        probes=probes, require_api=["minetest.register_craftitem", "minetest.item_eat"],
        regressions=[
            (_swap(init, f"minetest.item_eat({hp})", f"minetest.item_eat({hp + 1})"),
             f"heals {hp + 1} HP instead of {hp}"),
            (_swap(init, f"minetest.item_eat({hp})", f"minetest.item_eat(-{hp})"),
             f"item_eat({-hp}) hurts the player instead of healing"),
        ],
        symptoms=[f"a player at 10 HP who eats one {desc} ends at {10 + hp + 1} HP instead of {10 + hp}",
                  f"eating a {desc} at 10 HP drops the player to {10 - hp} HP"],
        reg_call="minetest.register_craftitem(", reg_name=f"{m}:{food}", groups="{food = 1}",
        tags=["craftitem", "food", "craft"],
    )


# ---- 3. a tool with groupcaps ------------------------------------------------------------------------------------
TOOL_SHAPES = {   # group dug, tool group, recipe head rows (H = head material), shape in words
    "cracky": ("pickaxe", [["H", "H", "H"], ["", "S", ""]], "three head items on top"),
    "choppy": ("axe", [["H", "H", ""], ["H", "S", ""]], "head items in the top-left L (two on top, one below)"),
    "crumbly": ("shovel", [["", "H", ""], ["", "S", ""]], "one head item on top"),
    "snappy": ("sword", [["", "H", ""], ["", "H", ""]], "two head items stacked on top"),
}


def tool_caps(th: Theme, rng: random.Random) -> Base:
    m = _mod(th, "tools")
    tool, desc = th.tool
    group = rng.choice(sorted(TOOL_SHAPES))
    for words, g in ((("pick", "drill", "hammer", "chisel"), "cracky"), (("axe", "saw", "machete"), "choppy"),
                     (("shovel", "spade", "trowel", "hoe", "rake", "pan", "scale"), "crumbly"),
                     (("knife", "sword", "cutlass", "sickle", "scythe", "shears", "clippers", "whip", "scissors"),
                      "snappy")):
        if any(w in tool for w in words):
            group = g
    tgroup, head, shape = TOOL_SHAPES[group]
    t3 = rng.choice([0.4, 0.5, 0.6, 0.8])
    t2, t1 = round(t3 * 2.5, 2), round(t3 * 5, 2)
    uses = rng.choice([20, 25, 30, 40])
    dmg = rng.choice([3, 4, 5, 6])
    rows = [[{"H": th.mat2, "S": "default:stick", "": ""}[c] for c in r] for r in head]
    rows.append(["", th.mat, ""])                  # the theme's pommel keeps the recipe apart from default tools
    recipe = "{\n" + "".join("\t\t{" + ", ".join(f'"{c}"' for c in r) + "},\n" for r in rows) + "\t}"
    init = T('''
        minetest.register_tool("$m:$tool", {
        	description = "$desc",
        	inventory_image = "${m}_${tool}.png",
        	tool_capabilities = {
        		full_punch_interval = 1.0,
        		max_drop_level = 1,
        		groupcaps = {
        			$group = {times = {[1] = $t1, [2] = $t2, [3] = $t3}, uses = $uses, maxlevel = 1},
        		},
        		damage_groups = {fleshy = $dmg},
        	},
        	groups = {$tgroup = 1},
        })

        minetest.register_craft({
        	output = "$m:$tool",
        	recipe = RECIPE,
        })
    ''', m=m, tool=tool, desc=desc, t1=t1, t2=t2, t3=t3, uses=uses, dmg=dmg, group=group, tgroup=tgroup)
    init = init.replace("RECIPE", recipe)
    other = {"cracky": "crumbly", "crumbly": "choppy", "choppy": "snappy", "snappy": "cracky"}[group]
    grid = "{" + ", ".join("{" + ", ".join(f'"{c}"' for c in r) + "}" for r in rows) + "}"
    probes = [
        {"name": f"{tool} digs {group}=3 in {t3}s", "lua": T('''
            local caps = ItemStack("$m:$tool"):get_tool_capabilities()
            local dp = minetest.get_dig_params({$group = 3}, caps)
            probe.assert(dp.diggable, "$group=3 must be diggable")
            probe.assert(math.abs(dp.time - $t3) < 0.001, "dig time " .. tostring(dp.time))
            local dp1 = minetest.get_dig_params({$group = 1}, caps)
            probe.assert(dp1.diggable and math.abs(dp1.time - $t1) < 0.001, "$group=1 time")
            probe.eq(caps.damage_groups.fleshy, $dmg, "fleshy damage")
            probe.eq(caps.groupcaps.$group.uses, $uses, "uses")
            probe.eq(minetest.get_item_group("$m:$tool", "$tgroup"), 1, "tool group")
        ''', m=m, tool=tool, t3=t3, t1=t1, dmg=dmg, uses=uses, group=group, tgroup=tgroup)},
        {"name": f"{tgroup} recipe", "lua": T('''
            local out = ItemStack(probe.craft($grid, 3))
            probe.eq(out:get_name(), "$m:$tool", "craft output")
        ''', m=m, tool=tool, grid=grid)},
    ]
    layout = "; ".join(", ".join(f"`{c}`" if c else "empty" for c in r) for r in rows)
    return Base(
        kind="tool_caps", mod=m, description=f"{th.title} tools", depends=["default"], init=init,
        requirements=[
            f"register the tool `{m}:{tool}` (description \"{desc}\", group `{tgroup} = 1`) with "
            f"`tool_capabilities`: `full_punch_interval = 1.0`, `max_drop_level = 1`, groupcaps `{group}` with "
            f"times {{[1] = {t1}, [2] = {t2}, [3] = {t3}}}, `uses = {uses}`, `maxlevel = 1`, and "
            f"`damage_groups = {{fleshy = {dmg}}}`",
            f"register a 3x3 {tgroup}-shaped craft for it ({shape}, a `default:stick` handle and a `{th.mat}` "
            f"pommel at the bottom); rows: {layout}",
        ],
        observe=f"`minetest.get_dig_params` with the tool's capabilities digs {group}=3 in {t3} s and {group}=1 "
                f"in {t1} s; the recipe yields the tool",
        registers={"tools": [f"{m}:{tool}"], "crafts": [{"output": f"{m}:{tool}"}]},
        probes=probes, require_api=["minetest.register_tool", "minetest.register_craft"],
        regressions=[
            (_swap(init, f"[3] = {t3}}}", f"[3] = {t2}}}"), f"{group}=3 takes {t2} s instead of {t3} s"),
            (_swap(init, f"\t\t\t{group} = {{times", f"\t\t\t{other} = {{times"),
             f"the groupcaps are for {other}, not {group}"),
        ],
        symptoms=[f"digging a {group}=3 node with the {desc} takes {t2} s instead of {t3} s",
                  f"minetest.get_dig_params says {group} nodes are not diggable with the {desc} at all"],
        reg_call="minetest.register_tool(", reg_name=f"{m}:{tool}", craft=recipe,
        groups=f"{{{tgroup} = 1}}", tags=["tool", "groupcaps", "craft"],
    )


# ---- 4. crafting: shaped + cooking + fuel ----------------------------------------------------------------------
def crafts(th: Theme, rng: random.Random) -> Base:
    m = _mod(th, "crafting")
    item, desc = th.item
    cook = rng.choice([3, 4, 5, 6, 8])
    burn = rng.choice([10, 15, 20, 30])
    n = rng.choice([2, 3, 4])
    init = T('''
        minetest.register_craftitem("$m:$item", {
        	description = "$desc",
        	inventory_image = "${m}_${item}.png",
        })

        minetest.register_craft({
        	output = "$m:$item $n",
        	recipe = {
        		{"$mat", "$mat2"},
        		{"$mat2", "$mat"},
        	},
        })

        minetest.register_craft({
        	type = "cooking",
        	output = "default:coal_lump",
        	recipe = "$m:$item",
        	cooktime = $cook,
        })

        minetest.register_craft({
        	type = "fuel",
        	recipe = "$m:$item",
        	burntime = $burn,
        })
    ''', m=m, item=item, desc=desc, n=n, mat=th.mat, mat2=th.mat2, cook=cook, burn=burn)
    probes = [
        {"name": "2x2 diagonal recipe", "lua": T('''
            local out = ItemStack(probe.craft({{"$mat", "$mat2"}, {"$mat2", "$mat"}}, 2))
            probe.eq(out:get_name(), "$m:$item", "craft output")
            probe.eq(out:get_count(), $n, "craft count")
        ''', m=m, item=item, n=n, mat=th.mat, mat2=th.mat2)},
        {"name": f"cooks in {cook}s and burns {burn}s", "lua": T('''
            local cooked = minetest.get_craft_result({method = "cooking", width = 1, items = {"$m:$item"}})
            probe.eq(cooked.item:get_name(), "default:coal_lump", "cooking output")
            probe.eq(cooked.time, $cook, "cooktime")
            local fuel = minetest.get_craft_result({method = "fuel", width = 1, items = {"$m:$item"}})
            probe.eq(fuel.time, $burn, "burntime")
        ''', m=m, item=item, cook=cook, burn=burn)},
    ]
    return Base(
        kind="crafts", mod=m, description=f"{th.title} crafting", depends=["default"], init=init,
        requirements=[
            f"register the craftitem `{m}:{item}` (description \"{desc}\")",
            f"a shaped 2x2 craft giving `{m}:{item} {n}`: top row `{th.mat}`, `{th.mat2}`; bottom row "
            f"`{th.mat2}`, `{th.mat}`",
            f"a `cooking` craft turning `{m}:{item}` into `default:coal_lump` with `cooktime = {cook}`",
            f"a `fuel` craft for `{m}:{item}` with `burntime = {burn}`",
        ],
        observe=f"`minetest.get_craft_result` gives {n} items for the 2x2 grid, coal after {cook} s of "
                f"cooking and {burn} s of burn time",
        registers={"craftitems": [f"{m}:{item}"],
                   "crafts": [{"output": f"{m}:{item} {n}"}, {"output": "default:coal_lump", "type": "cooking"}]},
        probes=probes, require_api=["minetest.register_craftitem", "minetest.register_craft"],
        regressions=[
            (_swap(init, f"burntime = {burn}", f"cooktime = {burn}"),
             "the fuel recipe sets cooktime instead of burntime, so the item does not burn"),
            (_swap(init, f'{{"{th.mat2}", "{th.mat}"}},', f'{{"{th.mat}", "{th.mat2}"}},'),
             "the bottom row repeats the top row, so the diagonal recipe does not match"),
        ],
        symptoms=[f"{desc} is not accepted as furnace fuel (its fuel burn time is 0)",
               "the 2x2 diagonal recipe produces nothing"],
        reg_call="minetest.register_craftitem(", reg_name=f"{m}:{item}",
        craft=f'{{\n\t\t{{"{th.mat}", "{th.mat2}"}},\n\t\t{{"{th.mat2}", "{th.mat}"}},\n\t}}',
        tags=["craft", "cooking", "fuel"],
    )


# ---- 5. ABM growth -----------------------------------------------------------------------------------------------
def abm_growth(th: Theme, rng: random.Random) -> Base:
    m = _mod(th, "growth")
    seed_, sdesc = th.block2
    grown, gdesc = th.block
    interval = rng.choice([5, 8, 10, 12, 15])
    chance = rng.choice([2, 3, 5, 10])
    label = f"{gdesc} grows from {sdesc}"
    init = T('''
        minetest.register_node("$m:$seed", {
        	description = "$sdesc",
        	tiles = {"${m}_${seed}.png"},
        	groups = {snappy = 3},
        })

        minetest.register_node("$m:$grown", {
        	description = "$gdesc",
        	tiles = {"${m}_${grown}.png"},
        	groups = {snappy = 3},
        	sounds = default.node_sound_leaves_defaults(),
        })

        minetest.register_abm({
        	label = "$label",
        	nodenames = {"$m:$seed"},
        	neighbors = {"$ground"},
        	interval = $interval,
        	chance = $chance,
        	action = function(pos, node)
        		local above = {x = pos.x, y = pos.y + 1, z = pos.z}
        		if minetest.get_node(above).name == "air" then
        			minetest.set_node(above, {name = "$m:$grown"})
        		end
        	end,
        })
    ''', m=m, seed=seed_, sdesc=sdesc, grown=grown, gdesc=gdesc, label=label, ground=th.ground,
        interval=interval, chance=chance)
    probes = [
        {"name": "ABM registered with interval and chance", "lua": T('''
            local found
            for _, abm in ipairs(minetest.registered_abms) do
            	if abm.label == "$label" then found = abm end
            end
            probe.assert(found, "no ABM labelled $label")
            probe.eq(found.interval, $interval, "interval")
            probe.eq(found.chance, $chance, "chance")
        ''', label=label, interval=interval, chance=chance)},
        {"name": "grows into the air above", "lua": T('''
            probe.area({x = 0, y = 0, z = 0}, {x = 4, y = 4, z = 4})
            local pos = {x = 2, y = 1, z = 2}
            probe.set_node({x = 2, y = 0, z = 2}, "$ground")
            probe.set_node(pos, "$m:$seed")
            probe.set_node({x = 2, y = 2, z = 2}, "air")
            probe.run_abm("$label", pos)
            probe.eq(probe.get_node({x = 2, y = 2, z = 2}), "$m:$grown", "node above")
            probe.eq(probe.get_node(pos), "$m:$seed", "the seed stays")
        ''', m=m, seed=seed_, grown=grown, label=label, ground=th.ground)},
        {"name": "does not replace a solid node above", "lua": T('''
            probe.area({x = 0, y = 0, z = 0}, {x = 4, y = 4, z = 4})
            local pos = {x = 3, y = 1, z = 3}
            probe.set_node(pos, "$m:$seed")
            probe.set_node({x = 3, y = 2, z = 3}, "default:stone")
            probe.run_abm("$label", pos)
            probe.eq(probe.get_node({x = 3, y = 2, z = 3}), "default:stone", "node above")
        ''', m=m, seed=seed_, label=label)},
    ]
    return Base(
        kind="abm_growth", mod=m, description=f"{th.title} growth", depends=["default"], init=init,
        requirements=[
            f"register the nodes `{m}:{seed_}` (\"{sdesc}\") and `{m}:{grown}` (\"{gdesc}\"), both in group "
            f"`snappy = 3`",
            f"register an ABM labelled \"{label}\" on `{m}:{seed_}` with `neighbors = {{\"{th.ground}\"}}`, "
            f"`interval = {interval}` and `chance = {chance}`; its action places `{m}:{grown}` directly above "
            f"the seed, but only when that position is `air`",
        ],
        observe=f"running the ABM action on a `{m}:{seed_}` with air above puts `{m}:{grown}` above it; with "
                f"stone above nothing changes",
        registers={"nodes": [f"{m}:{seed_}", f"{m}:{grown}"], "abms": [label]},
        probes=probes, require_api=["minetest.register_abm"],
        regressions=[
            (_swap(init, 'minetest.set_node(above, {name', 'minetest.set_node(pos, {name'),
             "the action replaces the seed itself instead of growing above it"),
            (_swap(init, 'if minetest.get_node(above).name == "air" then', 'if true then'),
             "the action overwrites whatever is above, even solid nodes"),
        ],
        symptoms=["when the ABM fires, the seed itself is replaced by the grown block and nothing appears above it",
                   "when the ABM fires under a stone block, the stone is replaced by the grown block"],
        reg_call="minetest.register_abm(", reg_name=f"{m}:{seed_}", abm=True, groups="{snappy = 3}",
        set_node=f'minetest.set_node(above, {{name = "{m}:{grown}"}})',
        trigger=f"the ABM \"{label}\" fires", tags=["abm", "node"],
    )


# ---- 6. LBM converting legacy nodes --------------------------------------------------------------------------
def lbm_convert(th: Theme, rng: random.Random) -> Base:
    m = _mod(th, "upgrade")
    new, ndesc = th.block
    old = "old_" + new
    lname = f"{m}:convert_{old}"
    init = T('''
        minetest.register_node("$m:$old", {
        	description = "Old $ndesc (legacy)",
        	tiles = {"${m}_${old}.png"},
        	groups = {cracky = 3, not_in_creative_inventory = 1},
        })

        minetest.register_node("$m:$new", {
        	description = "$ndesc",
        	tiles = {"${m}_${new}.png"},
        	groups = {cracky = 3},
        	sounds = default.node_sound_stone_defaults(),
        })

        minetest.register_lbm({
        	label = "Upgrade legacy $ndesc",
        	name = "$lname",
        	nodenames = {"$m:$old"},
        	run_at_every_load = false,
        	action = function(pos, node)
        		minetest.swap_node(pos, {name = "$m:$new", param2 = node.param2})
        	end,
        })
    ''', m=m, old=old, new=new, ndesc=ndesc, lname=lname)
    probes = [
        {"name": "LBM converts a legacy node in place", "lua": T('''
            local lbm
            for _, l in ipairs(minetest.registered_lbms) do
            	if l.name == "$lname" then lbm = l end
            end
            probe.assert(lbm, "no LBM named $lname")
            probe.eq(lbm.run_at_every_load, false, "run_at_every_load")
            probe.area({x = 0, y = 0, z = 0}, {x = 4, y = 4, z = 4})
            local pos = {x = 1, y = 1, z = 1}
            minetest.set_node(pos, {name = "$m:$old", param2 = 3})
            probe.meta(pos):set_string("owner", "probe")
            lbm.action(pos, minetest.get_node(pos))
            local node = minetest.get_node(pos)
            probe.eq(node.name, "$m:$new", "converted node")
            probe.eq(node.param2, 3, "param2 kept")
            probe.eq(probe.meta(pos):get_string("owner"), "probe", "metadata kept")
        ''', m=m, old=old, new=new, lname=lname)},
        {"name": "legacy node hidden from creative", "lua": T('''
            probe.eq(minetest.get_item_group("$m:$old", "not_in_creative_inventory"), 1, "group")
        ''', m=m, old=old)},
    ]
    return Base(
        kind="lbm_convert", mod=m, description=f"{th.title} legacy upgrade", depends=["default"], init=init,
        requirements=[
            f"register the legacy node `{m}:{old}` (groups `cracky = 3`, `not_in_creative_inventory = 1`) and "
            f"its replacement `{m}:{new}` (\"{ndesc}\", `cracky = 3`)",
            f"register an LBM named `{lname}` on `{m}:{old}` with `run_at_every_load = false` whose action "
            f"uses `minetest.swap_node` to turn the node into `{m}:{new}`, keeping `param2` and the node "
            f"metadata",
        ],
        observe=f"calling the LBM action on a `{m}:{old}` with param2 3 and metadata gives `{m}:{new}` with "
                f"param2 3 and the metadata intact",
        registers={"nodes": [f"{m}:{old}", f"{m}:{new}"], "lbms": [lname]},
        probes=probes, require_api=["minetest.register_lbm", "minetest.swap_node"],
        regressions=[
            (_swap(init, 'minetest.swap_node(pos, {name = "' + m + ':' + new + '", param2 = node.param2})',
                   'minetest.set_node(pos, {name = "' + m + ':' + new + '", param2 = node.param2})'),
             "set_node wipes the node metadata"),
            (_swap(init, ", param2 = node.param2}", "}"), "param2 (the rotation) is lost"),
        ],
        symptoms=["converted blocks lose their node metadata (the stored `owner` string is gone)",
                    "converted blocks lose their rotation (param2 is reset to 0)"],
        reg_call="minetest.register_lbm(", reg_name=lname,
        set_node=f'minetest.swap_node(pos, {{name = "{m}:{new}", param2 = node.param2}})',
        trigger="the LBM runs on a legacy node", tags=["lbm", "node"],
    )


# ---- 7. chat command with a parameter ---------------------------------------------------------------------------
def chat_param(th: Theme, rng: random.Random) -> Base:
    m = _mod(th, "commands")
    cmd = th.cmd
    lim = rng.choice([5, 8, 10, 16, 20])
    mult = rng.choice([2, 3, 4, 5])
    init = T('''
        minetest.register_chatcommand("$cmd", {
        	params = "<amount>",
        	description = "Multiply an amount (1-$lim) by $mult",
        	func = function(name, param)
        		local n = tonumber(param)
        		if not n or n < 1 or n > $lim or n % 1 ~= 0 then
        			return false, "Usage: /$cmd <amount> (a whole number from 1 to $lim)"
        		end
        		return true, "$cmd: " .. (n * $mult)
        	end,
        })
    ''', cmd=cmd, lim=lim, mult=mult)
    probes = [
        {"name": "valid amount", "lua": T('''
            local ok, msg = probe.chat("$cmd", "3")
            probe.eq(ok, true, "success flag")
            probe.eq(msg, "$cmd: $res", "message")
        ''', cmd=cmd, res=3 * mult)},
        {"name": "upper bound accepted, beyond rejected", "lua": T('''
            local ok, msg = probe.chat("$cmd", "$lim")
            probe.eq(ok, true, "limit accepted")
            probe.eq(msg, "$cmd: $res", "message")
            ok, msg = probe.chat("$cmd", "${over}")
            probe.eq(ok, false, "over the limit")
            probe.assert(msg and msg:find("Usage"), "usage message, got " .. tostring(msg))
        ''', cmd=cmd, lim=lim, res=lim * mult, over=lim + 1)},
        {"name": "non-numbers and fractions rejected", "lua": T('''
            for _, bad in ipairs({"", "abc", "0", "2.5"}) do
            	local ok, msg = probe.chat("$cmd", bad)
            	probe.eq(ok, false, "param " .. bad)
            	probe.assert(msg and msg:find("Usage"), "usage message for " .. bad)
            end
        ''', cmd=cmd)},
    ]
    return Base(
        kind="chat_param", mod=m, description=f"{th.title} chat commands", depends=["default"], init=init,
        requirements=[
            f"register the chat command `/{cmd}` (`minetest.register_chatcommand`) with `params = \"<amount>\"`",
            f"for a whole number amount from 1 to {lim} it returns `true, \"{cmd}: <amount * {mult}>\"` "
            f"(e.g. `/{cmd} 3` -> `\"{cmd}: {3 * mult}\"`)",
            f"anything else (empty, not a number, 0, a fraction, above {lim}) returns `false` and a message "
            f"starting with `\"Usage: /{cmd}\"`",
        ],
        observe=f"`/{cmd} 3` answers `{cmd}: {3 * mult}`, `/{cmd} {lim}` is accepted, `/{cmd} {lim + 1}`, "
                f"`/{cmd} abc` and `/{cmd} 2.5` fail with a usage message",
        registers={"chatcommands": [cmd]}, probes=probes, require_api=["minetest.register_chatcommand"],
        regressions=[
            (_swap(init, f"n > {lim}", f"n >= {lim}"), f"off by one: {lim} itself is rejected"),
            (_swap(init, " or n % 1 ~= 0", ""), "fractions such as 2.5 are accepted"),
        ],
        symptoms=[f"`/{cmd} {lim}` answers with the usage message although {lim} is allowed",
                   f"`/{cmd} 2.5` is accepted instead of answering with the usage message"],
        reg_call="minetest.register_chatcommand(", reg_name="", tags=["chatcommand"],
    )


# ---- 8. formspec chest ------------------------------------------------------------------------------------------
def formspec_chest(th: Theme, rng: random.Random) -> Base:
    m = _mod(th, "storage")
    node, desc = th.block2
    w, h = rng.choice([(8, 2), (8, 3), (6, 4), (4, 4), (8, 4)])
    init = T('''
        local formspec = "size[8,${fh}]" ..
        	"list[context;main;${x},0.3;$w,$h;]" ..
        	"list[current_player;main;0,${py};8,4;]" ..
        	"listring[]"

        minetest.register_node("$m:$node", {
        	description = "$desc",
        	tiles = {"${m}_${node}.png"},
        	groups = {choppy = 2, oddly_breakable_by_hand = 2},
        	sounds = default.node_sound_wood_defaults(),
        	on_construct = function(pos)
        		local meta = minetest.get_meta(pos)
        		meta:set_string("formspec", formspec)
        		meta:set_string("infotext", "$desc")
        		meta:get_inventory():set_size("main", $size)
        	end,
        	can_dig = function(pos)
        		return minetest.get_meta(pos):get_inventory():is_empty("main")
        	end,
        })
    ''', m=m, node=node, desc=desc, w=w, h=h, size=w * h, fh=h + 5.3, x=(8 - w) // 2, py=h + 1.3)
    probes = [
        {"name": "on_construct sets formspec, infotext and inventory", "lua": T('''
            probe.area({x = 0, y = 0, z = 0}, {x = 4, y = 4, z = 4})
            local pos = {x = 1, y = 1, z = 1}
            probe.set_node(pos, "$m:$node")
            probe.construct(pos)
            local meta = probe.meta(pos)
            probe.assert(meta:get_string("formspec"):find("list[context;main;", 1, true), "formspec list")
            probe.assert(meta:get_string("formspec"):find("list[current_player;main;", 1, true), "player list")
            probe.eq(meta:get_string("infotext"), "$desc", "infotext")
            probe.eq(meta:get_inventory():get_size("main"), $size, "inventory size")
        ''', m=m, node=node, desc=desc, size=w * h)},
        {"name": "can_dig only when empty", "lua": T('''
            probe.area({x = 0, y = 0, z = 0}, {x = 4, y = 4, z = 4})
            local pos = {x = 2, y = 1, z = 2}
            probe.set_node(pos, "$m:$node")
            probe.construct(pos)
            local def = minetest.registered_nodes["$m:$node"]
            probe.eq(def.can_dig(pos, probe.player()), true, "empty chest can be dug")
            probe.meta(pos):get_inventory():add_item("main", "default:dirt 5")
            probe.eq(def.can_dig(pos, probe.player()), false, "full chest cannot be dug")
        ''', m=m, node=node)},
    ]
    return Base(
        kind="formspec_chest", mod=m, description=f"{th.title} storage", depends=["default"], init=init,
        requirements=[
            f"register the node `{m}:{node}` (\"{desc}\", groups `choppy = 2`, `oddly_breakable_by_hand = 2`, "
            f"wood sounds)",
            f"its `on_construct` stores a formspec in the node metadata (`formspec` field) showing "
            f"`list[context;main;...]` of {w}x{h} slots and the player's inventory "
            f"(`list[current_player;main;...]`), sets `infotext` to \"{desc}\" and sizes the node inventory "
            f"list `main` to {w * h}",
            "`can_dig` returns true only when the `main` list is empty",
        ],
        observe=f"after on_construct the metadata holds both lists, infotext \"{desc}\" and a {w * h}-slot "
                f"`main` list; can_dig is true when empty and false with items inside",
        registers={"nodes": [f"{m}:{node}"]}, probes=probes,
        require_api=["minetest.register_node", "minetest.get_meta"],
        regressions=[
            (_swap(init, f'set_size("main", {w * h})', f'set_size("main", {w * h - 1 if w * h > 8 else w * h + 4})'),
             "the inventory size does not match the formspec grid"),
            (_swap(init, 'return minetest.get_meta(pos):get_inventory():is_empty("main")',
                   'return not minetest.get_meta(pos):get_inventory():is_empty("main")'),
             "can_dig is inverted: only full chests can be dug"),
        ],
        symptoms=[f"the node inventory does not have the {w * h} slots that the formspec grid shows",
                       "an empty chest cannot be dug, but a full one can"],
        reg_call="minetest.register_node(", reg_name=f"{m}:{node}",
        groups="{choppy = 2, oddly_breakable_by_hand = 2}", tags=["formspec", "inventory", "metadata"],
    )


# ---- 9. entity --------------------------------------------------------------------------------------------------
def entity(th: Theme, rng: random.Random) -> Base:
    m = _mod(th, "mobs")
    mob, desc = th.mob
    hp = rng.choice([6, 8, 10, 12, 20])
    init = T('''
        minetest.register_entity("$m:$mob", {
        	initial_properties = {
        		hp_max = $hp,
        		physical = true,
        		collisionbox = {-0.3, 0.0, -0.3, 0.3, 0.8, 0.3},
        		visual = "cube",
        		visual_size = {x = 0.6, y = 0.8},
        		textures = {"${m}_${mob}.png", "${m}_${mob}.png", "${m}_${mob}.png",
        			"${m}_${mob}.png", "${m}_${mob}.png", "${m}_${mob}.png"},
        	},
        	_fed = 0,
        	on_rightclick = function(self, clicker)
        		self._fed = self._fed + 1
        		self.object:set_properties({nametag = "$desc (fed " .. self._fed .. ")"})
        	end,
        	get_staticdata = function(self)
        		return tostring(self._fed)
        	end,
        	on_activate = function(self, staticdata)
        		self._fed = tonumber(staticdata) or 0
        	end,
        })

        minetest.register_craftitem("$m:${mob}_spawn_egg", {
        	description = "$desc Spawn Egg",
        	inventory_image = "${m}_${mob}_spawn_egg.png",
        	on_place = function(itemstack, placer, pointed_thing)
        		if pointed_thing.type ~= "node" then
        			return itemstack
        		end
        		minetest.add_entity(pointed_thing.above, "$m:$mob")
        		itemstack:take_item()
        		return itemstack
        	end,
        })
    ''', m=m, mob=mob, desc=desc, hp=hp)
    probes = [
        {"name": f"{mob} spawns with hp_max {hp}", "lua": T('''
            probe.area({x = 0, y = 0, z = 0}, {x = 4, y = 4, z = 4})
            local ent = probe.spawn("$m:$mob", {x = 2, y = 2, z = 2})
            probe.assert(ent, "spawn failed")
            probe.eq(ent.name, "$m:$mob", "entity name")
            probe.eq(ent.object:get_properties().hp_max, $hp, "hp_max")
            probe.eq(ent._fed, 0, "starts unfed")
        ''', m=m, mob=mob, hp=hp)},
        {"name": "rightclick feeds and keeps count in staticdata", "lua": T('''
            probe.area({x = 0, y = 0, z = 0}, {x = 4, y = 4, z = 4})
            local ent = probe.spawn("$m:$mob", {x = 1, y = 2, z = 1})
            ent:on_rightclick(probe.player())
            ent:on_rightclick(probe.player())
            probe.eq(ent._fed, 2, "fed count")
            probe.eq(ent.object:get_properties().nametag, "$desc (fed 2)", "nametag")
            probe.eq(ent:get_staticdata(), "2", "staticdata")
        ''', m=m, mob=mob, desc=desc)},
        {"name": "spawn egg places the entity", "lua": T('''
            probe.area({x = 0, y = 0, z = 0}, {x = 6, y = 6, z = 6})
            local def = minetest.registered_items["$m:${mob}_spawn_egg"]
            probe.assert(def and def.on_place, "spawn egg with on_place")
            local above = {x = 4, y = 3, z = 4}
            local left = def.on_place(ItemStack("$m:${mob}_spawn_egg 2"), probe.player(),
            	{type = "node", under = {x = 4, y = 2, z = 4}, above = above})
            probe.eq(ItemStack(left):get_count(), 1, "one egg used")
            local n = 0
            for _, obj in ipairs(minetest.get_objects_inside_radius(above, 0.5)) do
            	local e = obj:get_luaentity()
            	if e and e.name == "$m:$mob" then n = n + 1 end
            end
            probe.eq(n, 1, "entities at pointed_thing.above")
        ''', m=m, mob=mob)},
    ]
    return Base(
        kind="entity", mod=m, description=f"{th.title} creatures", depends=["default"], init=init,
        requirements=[
            f"register the entity `{m}:{mob}` with `initial_properties` `hp_max = {hp}`, `physical = true`, "
            f"`visual = \"cube\"` and six textures",
            f"a field `_fed` starting at 0; `on_rightclick` adds 1 and sets the nametag to "
            f"`\"{desc} (fed <n>)\"`; `get_staticdata` returns the count as a string and `on_activate` restores it",
            f"a craftitem `{m}:{mob}_spawn_egg` whose `on_place` adds the entity at `pointed_thing.above` "
            f"with `minetest.add_entity` and takes one item",
        ],
        observe=f"a spawned `{m}:{mob}` has hp_max {hp}, two rightclicks give `_fed == 2`, nametag "
                f"\"{desc} (fed 2)\" and staticdata \"2\"; placing an egg spawns one entity and uses one egg",
        registers={"entities": [f"{m}:{mob}"], "craftitems": [f"{m}:{mob}_spawn_egg"]},
        probes=probes, require_api=["minetest.register_entity", "minetest.add_entity"],
        regressions=[
            (_swap(init, "self._fed = self._fed + 1", "self._fed = 1"), "feeding never counts past 1"),
            (_swap(init, "\t\titemstack:take_item()\n", ""), "the spawn egg is never used up"),
        ],
        symptoms=["rightclicking the creature twice still shows `fed 1`",
               "placing a spawn egg spawns the creature but the egg is not used up"],
        reg_call="minetest.register_entity(", reg_name=f"{m}:{mob}", tags=["entity"],
    )


# ---- 10. privilege-gated command --------------------------------------------------------------------------------
def privilege(th: Theme, rng: random.Random) -> Base:
    m = _mod(th, "admin")
    priv = f"{th.key}_warden"
    cmd = f"{th.cmd}_reset"
    node, desc = th.block
    init = T('''
        minetest.register_privilege("$priv", {
        	description = "Can reset $desc blocks",
        	give_to_singleplayer = false,
        })

        minetest.register_node("$m:$node", {
        	description = "$desc",
        	tiles = {"${m}_${node}.png"},
        	groups = {cracky = 2},
        	sounds = default.node_sound_stone_defaults(),
        })

        minetest.register_chatcommand("$cmd", {
        	params = "<x>,<y>,<z>",
        	description = "Turn the $desc at a position back into stone",
        	privs = {$priv = true},
        	func = function(name, param)
        		local pos = minetest.string_to_pos(param)
        		if not pos then
        			return false, "Invalid position: " .. param
        		end
        		if minetest.get_node(pos).name ~= "$m:$node" then
        			return false, "No $desc at " .. minetest.pos_to_string(pos)
        		end
        		minetest.set_node(pos, {name = "default:stone"})
        		return true, "Reset " .. minetest.pos_to_string(pos)
        	end,
        })
    ''', m=m, priv=priv, cmd=cmd, node=node, desc=desc)
    probes = [
        {"name": "privilege registered and required", "lua": T('''
            local p = minetest.registered_privileges["$priv"]
            probe.assert(p, "privilege $priv missing")
            probe.eq(p.give_to_singleplayer, false, "give_to_singleplayer")
            local def = minetest.registered_chatcommands["$cmd"]
            probe.assert(def and def.privs and def.privs.$priv, "command must require $priv")
        ''', priv=priv, cmd=cmd)},
        {"name": "resets the block", "lua": T('''
            probe.area({x = 0, y = 0, z = 0}, {x = 4, y = 4, z = 4})
            probe.set_node({x = 1, y = 2, z = 3}, "$m:$node")
            local ok, msg = probe.chat("$cmd", "1,2,3")
            probe.eq(ok, true, "success")
            probe.eq(msg, "Reset (1,2,3)", "message")
            probe.eq(probe.get_node({x = 1, y = 2, z = 3}), "default:stone", "node after reset")
        ''', m=m, node=node, cmd=cmd)},
        {"name": "refuses other nodes and bad positions", "lua": T('''
            probe.area({x = 0, y = 0, z = 0}, {x = 4, y = 4, z = 4})
            probe.set_node({x = 2, y = 2, z = 2}, "default:dirt")
            local ok, msg = probe.chat("$cmd", "2,2,2")
            probe.eq(ok, false, "other node")
            probe.eq(probe.get_node({x = 2, y = 2, z = 2}), "default:dirt", "untouched")
            ok = probe.chat("$cmd", "nowhere")
            probe.eq(ok, false, "bad position")
        ''', cmd=cmd)},
    ]
    return Base(
        kind="privilege", mod=m, description=f"{th.title} warden tools", depends=["default"], init=init,
        requirements=[
            f"register the privilege `{priv}` (`minetest.register_privilege`) with `give_to_singleplayer = false`",
            f"register the node `{m}:{node}` (\"{desc}\", `cracky = 2`)",
            f"register the chat command `/{cmd} <x>,<y>,<z>` that requires `{priv}`; it parses the position with "
            f"`minetest.string_to_pos`, and if the node there is `{m}:{node}` replaces it with `default:stone` "
            f"and returns `true, \"Reset (x,y,z)\"` (via `minetest.pos_to_string`); otherwise it returns false",
        ],
        observe=f"the privilege exists and is required by `/{cmd}`; `/{cmd} 1,2,3` on a `{m}:{node}` answers "
                f"\"Reset (1,2,3)\" and leaves stone there; dirt and malformed positions are refused",
        registers={"nodes": [f"{m}:{node}"], "chatcommands": [cmd]}, probes=probes,
        require_api=["minetest.register_privilege", "minetest.register_chatcommand"],
        regressions=[
            (_swap(init, "give_to_singleplayer = false", "give_to_singleplayer = true"),
             "singleplayer gets the privilege automatically"),
            (_swap(init, f'if minetest.get_node(pos).name ~= "{m}:{node}" then',
                   'if minetest.get_node(pos).name == "air" then'),
             "any non-air node is reset, not only the theme block"),
        ],
        symptoms=["singleplayer receives the warden privilege automatically",
                  f"`/{cmd}` also turns ordinary dirt into stone"],
        reg_call="minetest.register_node(", reg_name=f"{m}:{node}", groups="{cracky = 2}",
        set_node='minetest.set_node(pos, {name = "default:stone"})', trigger=f"`/{cmd}` is run",
        tags=["privilege", "chatcommand"],
    )


# ---- 11. node timer ---------------------------------------------------------------------------------------------
def node_timer(th: Theme, rng: random.Random) -> Base:
    m = _mod(th, "timers")
    wet, wdesc = th.block2
    done, ddesc = th.block
    secs = rng.choice([3, 5, 10, 20, 30])
    init = T('''
        minetest.register_node("$m:$done", {
        	description = "$ddesc",
        	tiles = {"${m}_${done}.png"},
        	groups = {cracky = 3},
        	sounds = default.node_sound_stone_defaults(),
        })

        minetest.register_node("$m:$wet", {
        	description = "$wdesc",
        	tiles = {"${m}_${wet}.png"},
        	groups = {crumbly = 3},
        	on_construct = function(pos)
        		minetest.get_node_timer(pos):start($secs)
        	end,
        	on_timer = function(pos, elapsed)
        		minetest.set_node(pos, {name = "$m:$done"})
        		return false
        	end,
        })
    ''', m=m, wet=wet, wdesc=wdesc, done=done, ddesc=ddesc, secs=secs)
    probes = [
        {"name": f"on_construct starts a {secs}s timer", "lua": T('''
            probe.area({x = 0, y = 0, z = 0}, {x = 4, y = 4, z = 4})
            local pos = {x = 1, y = 1, z = 1}
            probe.set_node(pos, "$m:$wet")
            probe.construct(pos)
            local t = minetest.get_node_timer(pos)
            probe.assert(t:is_started(), "timer not started")
            probe.eq(t:get_timeout(), $secs, "timeout")
        ''', m=m, wet=wet, secs=secs)},
        {"name": "timer turns it into the finished block", "lua": T('''
            probe.area({x = 0, y = 0, z = 0}, {x = 4, y = 4, z = 4})
            local pos = {x = 2, y = 1, z = 2}
            probe.set_node(pos, "$m:$wet")
            local again = probe.timer(pos, $secs)
            probe.eq(probe.get_node(pos), "$m:$done", "node after the timer")
            probe.assert(not again, "on_timer must return false (no restart)")
        ''', m=m, wet=wet, done=done, secs=secs)},
    ]
    return Base(
        kind="node_timer", mod=m, description=f"{th.title} curing", depends=["default"], init=init,
        requirements=[
            f"register `{m}:{done}` (\"{ddesc}\", `cracky = 3`) and `{m}:{wet}` (\"{wdesc}\", `crumbly = 3`)",
            f"`{m}:{wet}` starts a node timer of {secs} seconds in `on_construct` "
            f"(`minetest.get_node_timer(pos):start({secs})`); its `on_timer` replaces it with `{m}:{done}` "
            f"and returns false",
        ],
        observe=f"after on_construct the node timer is running with timeout {secs}; calling on_timer turns the "
                f"node into `{m}:{done}` and does not restart",
        registers={"nodes": [f"{m}:{done}", f"{m}:{wet}"]}, probes=probes,
        require_api=["minetest.get_node_timer", "minetest.register_node"],
        regressions=[
            (_swap(init, f":start({secs})", f":start({secs * 60})"), f"the timer runs {secs} minutes, not seconds"),
            (_swap(init, "\t\treturn false\n", "\t\treturn true\n"), "on_timer restarts the timer forever"),
        ],
        symptoms=[f"the block takes {secs} minutes to finish instead of {secs} seconds",
                   "after the block is finished its node timer keeps restarting"],
        reg_call="minetest.register_node(", reg_name=f"{m}:{wet}", groups="{crumbly = 3}",
        set_node=f'minetest.set_node(pos, {{name = "{m}:{done}"}})', trigger="the node timer fires",
        tags=["nodetimer", "node"],
    )


# ---- 12. metadata counter ------------------------------------------------------------------------------------
def meta_counter(th: Theme, rng: random.Random) -> Base:
    m = _mod(th, "counter")
    node, desc = th.block
    cap = rng.choice([5, 10, 16, 25, 99])
    init = T('''
        minetest.register_node("$m:$node", {
        	description = "$desc",
        	tiles = {"${m}_${node}.png"},
        	groups = {cracky = 3},
        	sounds = default.node_sound_stone_defaults(),
        	on_construct = function(pos)
        		local meta = minetest.get_meta(pos)
        		meta:set_int("count", 0)
        		meta:set_string("infotext", "$desc: 0")
        	end,
        	on_rightclick = function(pos, node, clicker, itemstack)
        		local meta = minetest.get_meta(pos)
        		local count = math.min(meta:get_int("count") + 1, $cap)
        		meta:set_int("count", count)
        		meta:set_string("infotext", "$desc: " .. count)
        		return itemstack
        	end,
        })
    ''', m=m, node=node, desc=desc, cap=cap)
    probes = [
        {"name": "counts rightclicks in metadata", "lua": T('''
            probe.area({x = 0, y = 0, z = 0}, {x = 4, y = 4, z = 4})
            local pos = {x = 1, y = 1, z = 1}
            probe.set_node(pos, "$m:$node")
            probe.construct(pos)
            probe.eq(probe.meta(pos):get_string("infotext"), "$desc: 0", "initial infotext")
            for _ = 1, 3 do probe.rightclick(pos) end
            probe.eq(probe.meta(pos):get_int("count"), 3, "count")
            probe.eq(probe.meta(pos):get_string("infotext"), "$desc: 3", "infotext")
        ''', m=m, node=node, desc=desc)},
        {"name": f"count stops at {cap}", "lua": T('''
            probe.area({x = 0, y = 0, z = 0}, {x = 4, y = 4, z = 4})
            local pos = {x = 3, y = 1, z = 3}
            probe.set_node(pos, "$m:$node")
            probe.construct(pos)
            for _ = 1, ${more} do probe.rightclick(pos) end
            probe.eq(probe.meta(pos):get_int("count"), $cap, "capped count")
        ''', m=m, node=node, cap=cap, more=cap + 3)},
        {"name": "each node counts separately", "lua": T('''
            probe.area({x = 0, y = 0, z = 0}, {x = 4, y = 4, z = 4})
            local a, b = {x = 0, y = 2, z = 0}, {x = 4, y = 2, z = 4}
            probe.set_node(a, "$m:$node"); probe.construct(a)
            probe.set_node(b, "$m:$node"); probe.construct(b)
            probe.rightclick(a); probe.rightclick(a); probe.rightclick(b)
            probe.eq(probe.meta(a):get_int("count"), 2, "first node")
            probe.eq(probe.meta(b):get_int("count"), 1, "second node")
        ''', m=m, node=node)},
    ]
    return Base(
        kind="meta_counter", mod=m, description=f"{th.title} counters", depends=["default"], init=init,
        requirements=[
            f"register the node `{m}:{node}` (\"{desc}\", `cracky = 3`)",
            f"`on_construct` sets the metadata int `count` to 0 and `infotext` to \"{desc}: 0\"",
            f"`on_rightclick` adds 1 to `count` (never above {cap}), sets `infotext` to \"{desc}: <count>\" and "
            f"returns the itemstack; each node keeps its own count in its metadata",
        ],
        observe=f"three rightclicks give count 3 and infotext \"{desc}: 3\"; the count stops at {cap}; two "
                f"nodes count independently",
        registers={"nodes": [f"{m}:{node}"]}, probes=probes,
        require_api=["minetest.get_meta", "minetest.register_node"],
        regressions=[
            (_swap(init, f"math.min(meta:get_int(\"count\") + 1, {cap})", "meta:get_int(\"count\") + 1"),
             f"the count is not capped at {cap}"),
            (_swap(init, 'meta:set_int("count", count)\n', 'meta:set_string("count_text", tostring(count))\n'),
             "the new count is never written back to `count`"),
        ],
        symptoms=[f"the counter keeps going past {cap}",
                     "rightclicking updates the infotext but `count` in the metadata stays 0"],
        reg_call="minetest.register_node(", reg_name=f"{m}:{node}", groups="{cracky = 3}",
        tags=["metadata", "node"],
    )


KINDS = {f.__name__: f for f in (light_node, food_item, tool_caps, crafts, abm_growth, lbm_convert, chat_param,
                                  formspec_chest, entity, privilege, node_timer, meta_counter)}
