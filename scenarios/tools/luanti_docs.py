"""Doc kinds of the vf-luanti suite: each asks for a small mod built around one named API of lua_api.txt
(5.6.1); the prompt quotes the API's documented entry. Broken variants misuse the API (probes fail), avoid it
(require_api fails) or misspell it (undefined engine field).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from luanti_bases import Base, T
from luanti_themes import Theme


@dataclass
class Doc:
    api: str
    base: Base
    task: str                                        # what to build, in one sentence
    variants: list[tuple[str, str, str]]             # (init.lua, defect class, why)


def _b(kind, m, desc, init, reqs, observe, registers, probes, api, reg_call, reg_name="", extra_api=()):
    return Base(kind=kind, mod=m, description=desc, depends=["default"], init=init, requirements=reqs,
                observe=observe, registers=registers, probes=probes, require_api=[api, *extra_api],
                regressions=[], symptoms=[], reg_call=reg_call, reg_name=reg_name, tags=["doc"])


def swap_node(th: Theme, rng: random.Random) -> Doc:
    m, (node, desc) = f"{th.key}_lamps", th.block
    init = T('''
        local function toggle(pos, node)
        	local other = node.name == "$m:${node}_off" and "$m:${node}_on" or "$m:${node}_off"
        	minetest.swap_node(pos, {name = other, param2 = node.param2})
        end

        for _, state in ipairs({"off", "on"}) do
        	minetest.register_node("$m:${node}_" .. state, {
        		description = "$desc (" .. state .. ")",
        		tiles = {"${m}_${node}_" .. state .. ".png"},
        		paramtype = "light",
        		light_source = state == "on" and 12 or 0,
        		groups = {cracky = 3},
        		on_punch = toggle,
        	})
        end
    ''', m=m, node=node, desc=desc)
    probes = [{"name": "punch toggles and keeps metadata", "lua": T('''
        local pos = {x = 1, y = 1, z = 1}
        probe.set_node(pos, "$m:${node}_off")
        probe.meta(pos):set_string("owner", "probe")
        probe.punch(pos)
        probe.eq(probe.get_node(pos), "$m:${node}_on", "after one punch")
        probe.eq(probe.meta(pos):get_string("owner"), "probe", "metadata kept")
        probe.punch(pos)
        probe.eq(probe.get_node(pos), "$m:${node}_off", "after two punches")
        probe.eq(minetest.registered_nodes["$m:${node}_on"].light_source, 12, "lit")
    ''', m=m, node=node)}]
    b = _b("swap_node", m, f"{th.title} switchable lamps", init,
           [f"register `{m}:{node}_off` and `{m}:{node}_on` (\"{desc} (off)\"/\"(on)\", `cracky = 3`, "
            f"`paramtype = \"light\"`, light 0 and 12)",
            "punching one switches it to the other with `minetest.swap_node`, keeping `param2` and the node metadata"],
           "punching an off lamp with an `owner` metadata string turns it on and the string survives; punching "
           "again turns it off", {"nodes": [f"{m}:{node}_off", f"{m}:{node}_on"]}, probes, "minetest.swap_node",
           "minetest.register_node(", f"{m}:{node}_off")
    return Doc("minetest.swap_node", b, f"a lamp that toggles on punch without losing its metadata", [
        (init.replace("minetest.swap_node(", "minetest.set_node("), "require_api",
         "uses set_node, which also wipes the metadata"),
        (init.replace("minetest.swap_node(pos, {name = other, param2 = node.param2})",
                      "minetest.swap_node(pos, other)"), "runtime", "passes a bare name instead of a node table"),
    ])


def find_node_near(th: Theme, rng: random.Random) -> Doc:
    m, (node, desc) = f"{th.key}_detector", th.block2
    r = rng.choice([2, 3, 4])
    init = T('''
        minetest.register_node("$m:$node", {
        	description = "$desc",
        	tiles = {"${m}_${node}.png"},
        	groups = {cracky = 3},
        	on_rightclick = function(pos, node, clicker, itemstack)
        		local found = minetest.find_node_near(pos, $r, {"default:water_source", "default:river_water_source"})
        		local meta = minetest.get_meta(pos)
        		if found then
        			meta:set_string("infotext", "Water at " .. minetest.pos_to_string(found))
        		else
        			meta:set_string("infotext", "No water within $r")
        		end
        		return itemstack
        	end,
        })
    ''', m=m, node=node, desc=desc, r=r)
    probes = [{"name": f"detects water within {r}", "lua": T('''
        probe.area({x = 0, y = 0, z = 0}, {x = 12, y = 6, z = 12})
        local pos = {x = 4, y = 2, z = 4}
        probe.set_node(pos, "$m:$node")
        probe.rightclick(pos)
        probe.eq(probe.meta(pos):get_string("infotext"), "No water within $r", "dry")
        probe.set_node({x = 4 + $r, y = 2, z = 4}, "default:water_source")
        probe.rightclick(pos)
        probe.eq(probe.meta(pos):get_string("infotext"), "Water at (${wx},2,4)", "found")
    ''', m=m, node=node, r=r, wx=4 + r)},
        {"name": "ignores water beyond the radius", "lua": T('''
        probe.area({x = 0, y = 0, z = 0}, {x = 12, y = 6, z = 12})
        local pos = {x = 3, y = 2, z = 9}
        probe.set_node(pos, "$m:$node")
        probe.set_node({x = 3 + $r + 1, y = 2, z = 9}, "default:water_source")
        probe.rightclick(pos)
        probe.eq(probe.meta(pos):get_string("infotext"), "No water within $r", "too far")
    ''', m=m, node=node, r=r)}]
    b = _b("find_node_near", m, f"{th.title} water detector", init,
           [f"register `{m}:{node}` (\"{desc}\", `cracky = 3`)",
            f"on rightclick it searches radius {r} for `default:water_source` or `default:river_water_source` with "
            f"`minetest.find_node_near` and sets `infotext` to `\"Water at (x,y,z)\"` (via "
            f"`minetest.pos_to_string`) or `\"No water within {r}\"`"],
           f"water {r} nodes away is reported with its position, water {r + 1} away is not",
           {"nodes": [f"{m}:{node}"]}, probes, "minetest.find_node_near", "minetest.register_node(", f"{m}:{node}")
    return Doc("minetest.find_node_near", b, "a detector block that reports the nearest water", [
        (init.replace(f"minetest.find_node_near(pos, {r},", f"minetest.find_node_near(pos, {r + 2},"), "logic",
         f"searches radius {r + 2} instead of {r}"),
        (init.replace("minetest.find_node_near(", "minetest.find_nodes_near("), "api_typo",
         "minetest.find_nodes_near does not exist"),
    ])


def objects_inside_radius(th: Theme, rng: random.Random) -> Doc:
    m, (mob, desc) = f"{th.key}_census", th.mob
    cmd = f"{th.cmd}_census"
    init = T('''
        minetest.register_entity("$m:$mob", {
        	initial_properties = {
        		visual = "sprite",
        		textures = {"${m}_${mob}.png"},
        		physical = false,
        	},
        })

        minetest.register_chatcommand("$cmd", {
        	params = "<x>,<y>,<z> <radius>",
        	description = "Count the $desc creatures near a position",
        	func = function(name, param)
        		local p, r = param:match("^(%S+)%s+(%d+)$$")
        		local pos = p and minetest.string_to_pos(p)
        		if not pos then
        			return false, "Usage: /$cmd <x>,<y>,<z> <radius>"
        		end
        		local count = 0
        		for _, obj in ipairs(minetest.get_objects_inside_radius(pos, tonumber(r))) do
        			local ent = obj:get_luaentity()
        			if ent and ent.name == "$m:$mob" then
        				count = count + 1
        			end
        		end
        		return true, count .. " $desc nearby"
        	end,
        })
    ''', m=m, mob=mob, desc=desc, cmd=cmd)
    probes = [{"name": "counts only the theme creatures inside the radius", "lua": T('''
        probe.area({x = 0, y = 0, z = 0}, {x = 15, y = 5, z = 15})
        probe.spawn("$m:$mob", {x = 2, y = 2, z = 2})
        probe.spawn("$m:$mob", {x = 4, y = 2, z = 2})
        probe.spawn("$m:$mob", {x = 14, y = 2, z = 14})
        minetest.add_item({x = 2, y = 2, z = 3}, "default:dirt")
        local ok, msg = probe.chat("$cmd", "2,2,2 3")
        probe.eq(ok, true, "success")
        probe.eq(msg, "2 $desc nearby", "count")
        ok = probe.chat("$cmd", "somewhere")
        probe.eq(ok, false, "usage")
    ''', m=m, mob=mob, desc=desc, cmd=cmd)}]
    b = _b("objects_inside_radius", m, f"{th.title} census", init,
           [f"register a simple sprite entity `{m}:{mob}`",
            f"`/{cmd} <x>,<y>,<z> <radius>` counts the `{m}:{mob}` entities within the radius using "
            f"`minetest.get_objects_inside_radius` (other objects, e.g. dropped items, do not count) and answers "
            f"`\"<n> {desc} nearby\"`; a malformed parameter gives `false` and a usage message"],
           f"with two `{m}:{mob}` within 3 of (2,2,2), one far away and a dropped item, `/{cmd} 2,2,2 3` answers "
           f"`2 {desc} nearby`", {"entities": [f"{m}:{mob}"], "chatcommands": [cmd]}, probes,
           "minetest.get_objects_inside_radius", "minetest.register_entity(", f"{m}:{mob}")
    return Doc("minetest.get_objects_inside_radius", b, "a census command counting nearby creatures", [
        (init.replace("\t\t\tif ent and ent.name == \"" + m + ":" + mob + "\" then\n\t\t\t\tcount = count + 1\n\t\t\tend",
                      "\t\t\tif obj then\n\t\t\t\tcount = count + 1\n\t\t\tend"), "logic",
         "counts every object, including dropped items"),
        (init.replace("minetest.get_objects_inside_radius(pos, tonumber(r))",
                      "minetest.get_objects_inside_radius(p, tonumber(r))"), "runtime",
         "passes the unparsed position string instead of the position table"),
    ])


def find_nodes_in_area(th: Theme, rng: random.Random) -> Doc:
    m, (node, desc) = f"{th.key}_survey", th.block2
    r = rng.choice([1, 2, 3])
    init = T('''
        minetest.register_node("$m:$node", {
        	description = "$desc",
        	tiles = {"${m}_${node}.png"},
        	groups = {cracky = 3},
        	on_punch = function(pos, node, puncher)
        		local minp = vector.subtract(pos, $r)
        		local maxp = vector.add(pos, $r)
        		local found = minetest.find_nodes_in_area(minp, maxp, {"$mat"})
        		minetest.get_meta(pos):set_string("infotext", #found .. " x $mat")
        	end,
        })
    ''', m=m, node=node, desc=desc, r=r, mat=th.ground)
    probes = [{"name": f"counts {th.ground} in the cube of radius {r}", "lua": T('''
        probe.area({x = 0, y = 0, z = 0}, {x = 12, y = 12, z = 12})
        local c = {x = 6, y = 6, z = 6}
        probe.set_node(c, "$m:$node")
        probe.set_node({x = 6 + $r, y = 6 + $r, z = 6 + $r}, "$mat")
        probe.set_node({x = 6 - $r, y = 6, z = 6}, "$mat")
        probe.set_node({x = 6, y = 6 - 1, z = 6}, "$mat")
        probe.set_node({x = 6 + $r + 1, y = 6, z = 6}, "$mat")
        probe.punch(c)
        probe.eq(probe.meta(c):get_string("infotext"), "${n} x $mat", "count")
    ''', m=m, node=node, r=r, mat=th.ground, n=3 if r > 1 else 3)}]
    b = _b("find_nodes_in_area", m, f"{th.title} survey block", init,
           [f"register `{m}:{node}` (\"{desc}\", `cracky = 3`)",
            f"when punched it counts the `{th.ground}` nodes in the cube from pos-{r} to pos+{r} (inclusive, "
            f"every axis) with `minetest.find_nodes_in_area` and sets `infotext` to `\"<n> x {th.ground}\"`"],
           f"three `{th.ground}` inside the cube (one at a corner) and one just outside give `3 x {th.ground}`",
           {"nodes": [f"{m}:{node}"]}, probes, "minetest.find_nodes_in_area", "minetest.register_node(",
           f"{m}:{node}")
    return Doc("minetest.find_nodes_in_area", b, "a survey block counting a material around it", [
        (init.replace(f"vector.add(pos, {r})", f"vector.add(pos, {r - 1})" if r > 1 else "pos"), "logic",
         "the cube is lopsided: it does not reach pos+radius"),
        (init.replace('minetest.find_nodes_in_area(minp, maxp, {"' + th.ground + '"})',
                      'minetest.find_node_near(pos, ' + str(r) + ', {"' + th.ground + '"})'), "require_api",
         "uses find_node_near, which finds one node, not all of them"),
    ])


def item_eat_replace(th: Theme, rng: random.Random) -> Doc:
    m, (food, desc) = f"{th.key}_soups", th.food
    hp = rng.choice([3, 4, 5, 6, 8])
    init = T('''
        minetest.register_craftitem("$m:${food}_bowl", {
        	description = "$desc Bowl",
        	inventory_image = "${m}_${food}_bowl.png",
        	on_use = minetest.item_eat($hp, "vessels:glass_bottle"),
        })
    ''', m=m, food=food, desc=desc, hp=hp)
    probes = [{"name": "heals and leaves the bottle", "lua": T('''
        local p = probe.player("diner")
        p:set_hp(5)
        probe.use_item("$m:${food}_bowl", nil, p)
        probe.eq(p:get_hp(), ${after}, "hp")
        probe.eq(p:get_wielded_item():get_name(), "vessels:glass_bottle", "item left in the hand")
    ''', m=m, food=food, after=5 + hp)}]
    b = _b("item_eat", m, f"{th.title} bottled food", init,
           [f"mod.conf depends on `default` and `vessels`",
            f"register the craftitem `{m}:{food}_bowl` (\"{desc} Bowl\") that heals {hp} HP when eaten and "
            f"leaves a `vessels:glass_bottle` behind, using `minetest.item_eat`'s `replace_with_item`"],
           f"a player at 5 HP who eats it has {5 + hp} HP and holds a `vessels:glass_bottle`",
           {"craftitems": [f"{m}:{food}_bowl"]}, probes, "minetest.item_eat", "minetest.register_craftitem(",
           f"{m}:{food}_bowl")
    b.depends = ["default", "vessels"]
    return Doc("minetest.item_eat", b, "a bottled food that returns its bottle", [
        (init.replace(f'minetest.item_eat({hp}, "vessels:glass_bottle")', f'minetest.item_eat("vessels:glass_bottle", {hp})'),
         "runtime", "arguments swapped: hp_change must come first"),
        (init.replace(f'minetest.item_eat({hp}, "vessels:glass_bottle")', f"minetest.item_eat({hp})"), "logic",
         "no replace_with_item: the bottle is lost"),
    ])


def get_node_timer(th: Theme, rng: random.Random) -> Doc:
    m, (node, desc) = f"{th.key}_beacon", th.block
    secs = rng.choice([1, 2, 4, 6])
    init = T('''
        local function blink(pos)
        	local meta = minetest.get_meta(pos)
        	meta:set_int("blinks", meta:get_int("blinks") + 1)
        	return true
        end

        minetest.register_node("$m:$node", {
        	description = "$desc",
        	tiles = {"${m}_${node}.png"},
        	groups = {cracky = 3},
        	on_construct = function(pos)
        		minetest.get_node_timer(pos):start($secs)
        	end,
        	on_timer = blink,
        	on_punch = function(pos)
        		local timer = minetest.get_node_timer(pos)
        		if timer:is_started() then
        			timer:stop()
        		else
        			timer:start($secs)
        		end
        	end,
        })
    ''', m=m, node=node, desc=desc, secs=secs)
    probes = [{"name": "timer runs, repeats and is toggled by punching", "lua": T('''
        local pos = {x = 2, y = 1, z = 2}
        probe.set_node(pos, "$m:$node")
        probe.construct(pos)
        local t = minetest.get_node_timer(pos)
        probe.assert(t:is_started(), "started by on_construct")
        probe.eq(t:get_timeout(), $secs, "timeout")
        probe.eq(probe.timer(pos, $secs), true, "on_timer repeats")
        probe.eq(probe.meta(pos):get_int("blinks"), 1, "blinks")
        probe.punch(pos)
        probe.assert(not minetest.get_node_timer(pos):is_started(), "punch stops it")
        probe.punch(pos)
        probe.assert(minetest.get_node_timer(pos):is_started(), "second punch restarts it")
    ''', m=m, node=node, secs=secs)}]
    b = _b("get_node_timer", m, f"{th.title} blinking beacon", init,
           [f"register `{m}:{node}` (\"{desc}\", `cracky = 3`)",
            f"`on_construct` starts its node timer (`minetest.get_node_timer`) with {secs} s; `on_timer` adds 1 to "
            f"the metadata int `blinks` and returns true so the timer repeats",
            "punching stops a running timer, or starts it again when stopped"],
           f"after on_construct the timer runs with timeout {secs}, on_timer returns true and counts `blinks`, "
           f"punches stop and restart the timer", {"nodes": [f"{m}:{node}"]}, probes, "minetest.get_node_timer",
           "minetest.register_node(", f"{m}:{node}")
    return Doc("minetest.get_node_timer", b, "a beacon that blinks on a node timer", [
        (init.replace("\treturn true\nend", "\treturn false\nend", 1), "logic", "on_timer does not repeat"),
        (init.replace("minetest.get_node_timer(pos):start(", "minetest.get_node_timer(pos).start(", 1), "runtime",
         "`timer.start(...)` with a dot calls the method without its object"),
    ])


def formspec_escape(th: Theme, rng: random.Random) -> Doc:
    m, (node, desc) = f"{th.key}_signs", th.block2
    price = rng.choice([3, 5, 7, 12])
    text = f"Prices: {price};{price * 2} [gold], one per customer"
    init = T('''
        local TEXT = "$text"

        minetest.register_node("$m:${node}_sign", {
        	description = "$desc Sign",
        	tiles = {"${m}_${node}_sign.png"},
        	groups = {choppy = 2},
        	on_construct = function(pos)
        		local meta = minetest.get_meta(pos)
        		meta:set_string("formspec", "size[8,2]label[0.5,0.5;" .. minetest.formspec_escape(TEXT) .. "]")
        		meta:set_string("infotext", TEXT)
        	end,
        })
    ''', m=m, node=node, desc=desc, text=text)
    esc = text.replace("[", "\\\\[").replace("]", "\\\\]").replace(";", "\\\\;").replace(",", "\\\\,")
    probes = [{"name": "label text is escaped", "lua": T('''
        local pos = {x = 1, y = 1, z = 1}
        probe.set_node(pos, "$m:${node}_sign")
        probe.construct(pos)
        probe.eq(probe.meta(pos):get_string("formspec"), "size[8,2]label[0.5,0.5;$esc]", "formspec")
        probe.eq(probe.meta(pos):get_string("infotext"), "$text", "infotext")
    ''', m=m, node=node, esc=esc, text=text)}]
    b = _b("formspec_escape", m, f"{th.title} price signs", init,
           [f"register `{m}:{node}_sign` (\"{desc} Sign\", `choppy = 2`)",
            f"`on_construct` sets the metadata `formspec` to `size[8,2]label[0.5,0.5;<text>]` where the text "
            f"`{text}` is escaped with `minetest.formspec_escape`, and `infotext` to the raw text"],
           "the stored formspec contains the label text with `[`, `]`, `;` and `,` escaped by backslashes",
           {"nodes": [f"{m}:{node}_sign"]}, probes, "minetest.formspec_escape", "minetest.register_node(",
           f"{m}:{node}_sign")
    return Doc("minetest.formspec_escape", b, "a sign whose label contains formspec special characters", [
        (init.replace("minetest.formspec_escape(TEXT)", "TEXT"), "require_api",
         "the text is not escaped, so `;` and `]` break the formspec"),
        (init.replace("minetest.formspec_escape(TEXT)", "minetest.formspec_escape(TEXT):gsub(',', ' ')"),
         "logic", "post-processing mangles the escaped text"),
    ])


def colorize(th: Theme, rng: random.Random) -> Doc:
    m, cmd = f"{th.key}_announce", f"{th.cmd}_announce"
    color = rng.choice(["#ff8800", "#33cc33", "#3399ff", "#cc33cc", "#ffdd00"])
    init = T('''
        minetest.register_chatcommand("$cmd", {
        	params = "<text>",
        	description = "Announce a message in the $title colour",
        	func = function(name, param)
        		if param == "" then
        			return false, "Usage: /$cmd <text>"
        		end
        		return true, minetest.colorize("$color", "[$title] " .. param)
        	end,
        })
    ''', cmd=cmd, color=color, title=th.title)
    probes = [{"name": "coloured announcement", "lua": T('''
        local ok, msg = probe.chat("$cmd", "hello")
        probe.eq(ok, true, "success")
        probe.eq(msg, minetest.get_color_escape_sequence("$color") .. "[$title] hello" ..
        	minetest.get_color_escape_sequence("#ffffff"), "message")
        probe.eq(probe.chat("$cmd", ""), false, "empty text")
    ''', cmd=cmd, color=color, title=th.title)}]
    b = _b("colorize", m, f"{th.title} announcements", init,
           [f"`/{cmd} <text>` returns `true` and the text prefixed with `[{th.title}] `, coloured `{color}` with "
            f"`minetest.colorize`; empty text returns `false` and a usage message"],
           f"`/{cmd} hello` answers the escape sequence for {color}, `[{th.title}] hello`, and the reset to white",
           {"chatcommands": [cmd]}, probes, "minetest.colorize", "minetest.register_chatcommand(")
    return Doc("minetest.colorize", b, "a coloured announcement command", [
        (init.replace(f'minetest.colorize("{color}", "[{th.title}] " .. param)',
                      f'minetest.colorize("[{th.title}] " .. param, "{color}")'), "logic", "arguments swapped"),
        (init.replace("minetest.colorize(", "minetest.colourize("), "api_typo", "minetest.colourize does not exist"),
    ])


def mod_storage(th: Theme, rng: random.Random) -> Doc:
    m, cmd = f"{th.key}_ledger", f"{th.cmd}_ledger"
    init = T('''
        local storage = minetest.get_mod_storage()

        minetest.register_chatcommand("$cmd", {
        	params = "[reset]",
        	description = "Count how often the ledger was signed (kept across restarts)",
        	func = function(name, param)
        		if param == "reset" then
        			storage:set_int("signatures", 0)
        			return true, "Ledger cleared"
        		end
        		local n = storage:get_int("signatures") + 1
        		storage:set_int("signatures", n)
        		storage:set_string("last", name)
        		return true, "Signature #" .. n .. " by " .. name
        	end,
        })
    ''', cmd=cmd)
    probes = [{"name": "signatures are counted in mod storage", "lua": T('''
        probe.chat("$cmd", "reset")
        local _, a = probe.chat("$cmd", "", "ann")
        local _, b = probe.chat("$cmd", "", "ben")
        probe.eq(a, "Signature #1 by ann", "first")
        probe.eq(b, "Signature #2 by ben", "second")
        local ok, c = probe.chat("$cmd", "reset")
        probe.eq(c, "Ledger cleared", "reset")
        local _, d = probe.chat("$cmd", "", "cy")
        probe.eq(d, "Signature #1 by cy", "after reset")
    ''', cmd=cmd)}]
    b = _b("mod_storage", m, f"{th.title} ledger", init,
           [f"get the mod's storage once at load time with `minetest.get_mod_storage()`",
            f"`/{cmd}` adds 1 to the stored int `signatures`, stores the caller in `last` and answers "
            f"`\"Signature #<n> by <name>\"`; `/{cmd} reset` sets the count to 0 and answers `\"Ledger cleared\"`"],
           f"after a reset, two signatures by ann and ben answer `#1` and `#2`; a reset starts again at `#1`",
           {"chatcommands": [cmd]}, probes, "minetest.get_mod_storage", "minetest.register_chatcommand(")
    return Doc("minetest.get_mod_storage", b, "a ledger whose count persists in mod storage", [
        (init.replace('local n = storage:get_int("signatures") + 1', 'local n = 1'), "logic", "never accumulates"),
        (init.replace("local storage = minetest.get_mod_storage()\n", "").replace(
            "\tfunc = function(name, param)\n", "\tfunc = function(name, param)\n\t\tlocal storage = minetest.get_mod_storage()\n", 1),
         "runtime", "get_mod_storage is only allowed at load time; calling it in the command returns nil"),
    ])


def serialize(th: Theme, rng: random.Random) -> Doc:
    m, (node, desc) = f"{th.key}_guestbook", th.block2
    cap = rng.choice([3, 4, 5])
    init = T('''
        minetest.register_node("$m:$node", {
        	description = "$desc Guestbook",
        	tiles = {"${m}_${node}.png"},
        	groups = {choppy = 2},
        	on_rightclick = function(pos, node, clicker, itemstack)
        		local meta = minetest.get_meta(pos)
        		local guests = minetest.deserialize(meta:get_string("guests")) or {}
        		table.insert(guests, 1, clicker:get_player_name())
        		while #guests > $cap do
        			table.remove(guests)
        		end
        		meta:set_string("guests", minetest.serialize(guests))
        		meta:set_string("infotext", "Last guests: " .. table.concat(guests, ", "))
        		return itemstack
        	end,
        })
    ''', m=m, node=node, desc=desc, cap=cap)
    names = ["ann", "ben", "cy", "dee", "eve", "fay"][:cap + 1]
    expect = list(reversed(names))[:cap]
    probes = [{"name": "guest list kept as a serialized table", "lua": T('''
        local pos = {x = 2, y = 1, z = 2}
        probe.set_node(pos, "$m:$node")
        for _, who in ipairs({$names}) do probe.rightclick(pos, probe.player(who)) end
        local guests = minetest.deserialize(probe.meta(pos):get_string("guests"))
        probe.assert(type(guests) == "table", "guests must deserialize to a table")
        probe.eq(table.concat(guests, ","), "$expect", "newest first, capped")
        probe.eq(probe.meta(pos):get_string("infotext"), "Last guests: $shown", "infotext")
    ''', m=m, node=node, names=", ".join(f'"{n}"' for n in names), expect=",".join(expect),
        shown=", ".join(expect))}]
    b = _b("serialize", m, f"{th.title} guestbook", init,
           [f"register `{m}:{node}` (\"{desc} Guestbook\", `choppy = 2`)",
            f"on rightclick it prepends the clicker's name to a list stored in the metadata string `guests` with "
            f"`minetest.serialize` (read back with `minetest.deserialize`), keeps at most {cap} names, and sets "
            f"`infotext` to `\"Last guests: <names, newest first, comma+space separated>\"`"],
           f"after {cap + 1} different players rightclick, `guests` deserializes to the {cap} newest names, newest first",
           {"nodes": [f"{m}:{node}"]}, probes, "minetest.serialize", "minetest.register_node(", f"{m}:{node}",
           extra_api=["minetest.deserialize"])
    return Doc("minetest.serialize", b, "a guestbook that stores a list in node metadata", [
        (init.replace("table.insert(guests, 1, clicker:get_player_name())",
                      "table.insert(guests, clicker:get_player_name())"), "logic", "oldest first"),
        (init.replace('minetest.serialize(guests)', 'table.concat(guests, ",")'), "require_api",
         "stores a plain comma string, which deserialize cannot read back"),
    ])


def add_item(th: Theme, rng: random.Random) -> Doc:
    m, (node, desc) = f"{th.key}_pinata", th.block2
    n = rng.choice([2, 3, 4, 5])
    init = T('''
        minetest.register_node("$m:${node}_pinata", {
        	description = "$desc Pinata",
        	tiles = {"${m}_${node}_pinata.png"},
        	groups = {oddly_breakable_by_hand = 3},
        	on_punch = function(pos, node, puncher)
        		minetest.remove_node(pos)
        		minetest.add_item(pos, "$mat $n")
        	end,
        })
    ''', m=m, node=node, desc=desc, mat=th.mat, n=n)
    probes = [{"name": "punching drops the items as an item entity", "lua": T('''
        probe.area({x = 0, y = 0, z = 0}, {x = 6, y = 6, z = 6})
        local pos = {x = 3, y = 2, z = 3}
        probe.set_node(pos, "$m:${node}_pinata")
        probe.punch(pos)
        probe.eq(probe.get_node(pos), "air", "removed")
        local total = 0
        for _, obj in ipairs(minetest.get_objects_inside_radius(pos, 1.5)) do
        	local e = obj:get_luaentity()
        	if e and e.name == "__builtin:item" then
        		local s = ItemStack(e.itemstring)
        		probe.eq(s:get_name(), "$mat", "dropped item")
        		total = total + s:get_count()
        	end
        end
        probe.eq(total, $n, "dropped count")
    ''', m=m, node=node, mat=th.mat, n=n)}]
    b = _b("add_item", m, f"{th.title} pinata", init,
           [f"register `{m}:{node}_pinata` (\"{desc} Pinata\", `oddly_breakable_by_hand = 3`)",
            f"punching it removes the node and spawns `{th.mat} {n}` as a dropped item at its position with "
            f"`minetest.add_item`"],
           f"after a punch the node is air and item entities holding {n} `{th.mat}` lie there",
           {"nodes": [f"{m}:{node}_pinata"]}, probes, "minetest.add_item", "minetest.register_node(",
           f"{m}:{node}_pinata")
    return Doc("minetest.add_item", b, "a pinata block that bursts into items", [
        (init.replace(f'minetest.add_item(pos, "{th.mat} {n}")', f'minetest.add_item(pos, "{th.mat}")'), "logic",
         "drops a single item"),
        (init.replace("minetest.add_item(", "minetest.spawn_item("), "api_typo", "minetest.spawn_item does not exist"),
    ])


def get_item_group(th: Theme, rng: random.Random) -> Doc:
    m, cmd = f"{th.key}_groups", f"{th.cmd}_hardness"
    group = rng.choice(["cracky", "crumbly", "choppy"])
    init = T('''
        minetest.register_chatcommand("$cmd", {
        	params = "<itemname>",
        	description = "Show the $group rating of an item",
        	func = function(name, param)
        		if not minetest.registered_items[param] then
        			return false, "Unknown item: " .. param
        		end
        		local rating = minetest.get_item_group(param, "$group")
        		if rating == 0 then
        			return true, param .. " is not $group"
        		end
        		return true, param .. ": $group " .. rating
        	end,
        })
    ''', cmd=cmd, group=group)
    probes = [{"name": "reports group ratings", "lua": T('''
        for _, item in ipairs({"default:stone", "default:dirt", "default:wood", "default:apple"}) do
        	local r = minetest.get_item_group(item, "$group")
        	local ok, msg = probe.chat("$cmd", item)
        	probe.eq(ok, true, item)
        	probe.eq(msg, r == 0 and (item .. " is not $group") or (item .. ": $group " .. r), item)
        end
        local ok = probe.chat("$cmd", "nothing:here")
        probe.eq(ok, false, "unknown item")
    ''', cmd=cmd, group=group)}]
    b = _b("get_item_group", m, f"{th.title} hardness tester", init,
           [f"`/{cmd} <itemname>` answers `\"<item>: {group} <rating>\"` using `minetest.get_item_group`, or "
            f"`\"<item> is not {group}\"` when the rating is 0; an unregistered item returns `false, "
            f"\"Unknown item: <item>\"`"],
           f"the answers for default:stone, default:dirt, default:wood and default:apple match their {group} ratings",
           {"chatcommands": [cmd]}, probes, "minetest.get_item_group", "minetest.register_chatcommand(")
    return Doc("minetest.get_item_group", b, f"a command that reports an item's {group} rating", [
        (init.replace(f'minetest.get_item_group(param, "{group}")',
                      f'(minetest.registered_items[param].groups.{group} or 1)'), "require_api",
         "reads the groups table directly and defaults to 1"),
        (init.replace(f'minetest.get_item_group(param, "{group}")', f'minetest.get_item_group("{group}", param)'),
         "logic", "arguments swapped"),
    ])


def override_item(th: Theme, rng: random.Random) -> Doc:
    m = f"{th.key}_tweaks"
    light = rng.choice([3, 5, 7, 9])
    target = rng.choice(["default:mese", "default:obsidian", "default:coalblock", "default:goldblock"])
    init = T('''
        minetest.override_item("$target", {
        	light_source = $light,
        	description = "Glowing " .. minetest.registered_nodes["$target"].description,
        })
    ''', target=target, light=light)
    probes = [{"name": "the existing node is changed in place", "lua": T('''
        local def = minetest.registered_nodes["$target"]
        probe.eq(def.light_source, $light, "light_source")
        probe.assert(def.description:sub(1, 8) == "Glowing ", "description: " .. def.description)
        probe.assert(def.description:sub(9) ~= "" and not def.description:find("Glowing Glowing"), "one prefix")
        probe.assert(def.groups and next(def.groups), "groups kept")
    ''', target=target, light=light)}]
    b = _b("override_item", m, f"{th.title} tweaks", init,
           [f"use `minetest.override_item` (depending on `default`) to give `{target}` `light_source = {light}` and "
            f"prefix its existing description with `Glowing `, keeping every other field"],
           f"`{target}` has light_source {light}, a `Glowing ...` description and its original groups",
           {}, probes, "minetest.override_item", "minetest.override_item(")
    return Doc("minetest.override_item", b, f"a tweak that makes `{target}` glow", [
        (init.replace(f"light_source = {light},", f"light_source = {light + 1},"), "logic", "wrong light level"),
        (T('''
            local def = table.copy(minetest.registered_nodes["$target"])
            def.light_source = $light
            def.description = "Glowing " .. def.description
            minetest.register_node(":$target", def)
        ''', target=target, light=light), "require_api", "re-registers the node instead of overriding it"),
    ])


def hash_node_position(th: Theme, rng: random.Random) -> Doc:
    m, cmd = f"{th.key}_marks", f"{th.cmd}_mark"
    init = T('''
        local marks = {}

        minetest.register_chatcommand("$cmd", {
        	params = "<x>,<y>,<z> | list",
        	description = "Mark a position once, or list the marks",
        	func = function(name, param)
        		if param == "list" then
        			local out = {}
        			for hash in pairs(marks) do
        				out[#out + 1] = minetest.pos_to_string(minetest.get_position_from_hash(hash))
        			end
        			table.sort(out)
        			return true, #out .. " marks: " .. table.concat(out, " ")
        		end
        		local pos = minetest.string_to_pos(param)
        		if not pos then
        			return false, "Usage: /$cmd <x>,<y>,<z> | list"
        		end
        		local hash = minetest.hash_node_position(vector.round(pos))
        		if marks[hash] then
        			return false, "Already marked"
        		end
        		marks[hash] = true
        		return true, "Marked " .. minetest.pos_to_string(vector.round(pos))
        	end,
        })
    ''', cmd=cmd)
    probes = [{"name": "marks are unique per node position", "lua": T('''
        probe.eq(select(2, probe.chat("$cmd", "1,2,3")), "Marked (1,2,3)", "first")
        probe.eq(probe.chat("$cmd", "1,2,3"), false, "duplicate")
        probe.eq(probe.chat("$cmd", "1.2,2,2.9"), false, "same node after rounding")
        probe.eq(select(2, probe.chat("$cmd", "-4,0,10")), "Marked (-4,0,10)", "second")
        probe.eq(select(2, probe.chat("$cmd", "list")), "2 marks: (-4,0,10) (1,2,3)", "list")
    ''', cmd=cmd)}]
    b = _b("hash_node_position", m, f"{th.title} markers", init,
           [f"`/{cmd} <x>,<y>,<z>` rounds the position to a node, keeps it in a local set keyed by "
            f"`minetest.hash_node_position` and answers `\"Marked (x,y,z)\"`, or `false, \"Already marked\"` "
            f"for a node already in the set",
            f"`/{cmd} list` answers `\"<n> marks: <positions sorted as strings, space separated>\"`, turning the "
            f"hashes back with `minetest.get_position_from_hash`"],
           f"marking (1,2,3) twice, or (1.2,2,2.9), is refused; after (-4,0,10) the list is "
           f"`2 marks: (-4,0,10) (1,2,3)`", {"chatcommands": [cmd]}, probes, "minetest.hash_node_position",
           "minetest.register_chatcommand(", extra_api=["minetest.get_position_from_hash"])
    return Doc("minetest.hash_node_position", b, "a marker command keyed by node position hashes", [
        (init.replace("minetest.hash_node_position(vector.round(pos))", "minetest.hash_node_position(pos)"),
         "logic", "does not round, so 1.2,2,2.9 counts as a new mark"),
        (init.replace("minetest.get_position_from_hash(hash)", "minetest.get_pos_from_hash(hash)"), "api_typo",
         "minetest.get_pos_from_hash does not exist"),
    ])


def write_json(th: Theme, rng: random.Random) -> Doc:
    m, cmd = f"{th.key}_export", f"{th.cmd}_export"
    node = th.block[0]
    init = T('''
        minetest.register_chatcommand("$cmd", {
        	params = "<itemname>",
        	description = "Export an item definition summary as JSON",
        	func = function(name, param)
        		local def = minetest.registered_items[param]
        		if not def then
        			return false, "Unknown item: " .. param
        		end
        		return true, minetest.write_json({
        			name = param,
        			description = def.description,
        			stack_max = def.stack_max,
        			groups = def.groups,
        		})
        	end,
        })
    ''', cmd=cmd)
    probes = [{"name": "exported JSON parses back", "lua": T('''
        local ok, msg = probe.chat("$cmd", "default:stone")
        probe.eq(ok, true, "success")
        local data = minetest.parse_json(msg)
        probe.assert(type(data) == "table", "not JSON: " .. tostring(msg))
        probe.eq(data.name, "default:stone", "name")
        probe.eq(data.description, minetest.registered_items["default:stone"].description, "description")
        probe.eq(data.stack_max, minetest.registered_items["default:stone"].stack_max, "stack_max")
        probe.eq(data.groups.cracky, 3, "groups")
        probe.eq(probe.chat("$cmd", "nope:nothing"), false, "unknown")
    ''', cmd=cmd)}]
    b = _b("write_json", m, f"{th.title} item export", init,
           [f"`/{cmd} <itemname>` answers a JSON object (made with `minetest.write_json`) with the keys `name`, "
            f"`description`, `stack_max` and `groups` of the registered item; unknown items return `false, "
            f"\"Unknown item: <item>\"`"],
           f"`/{cmd} default:stone` parses with `minetest.parse_json` to the stone's name, description, stack_max "
           f"and groups", {"chatcommands": [cmd]}, probes, "minetest.write_json", "minetest.register_chatcommand(")
    return Doc("minetest.write_json", b, "a command that exports an item definition as JSON", [
        (init.replace("minetest.write_json(", "minetest.serialize("), "require_api", "serialize is Lua, not JSON"),
        (init.replace("groups = def.groups,", "groups = dump(def.groups),"), "logic",
         "exports the groups as a dump() string instead of a JSON object"),
    ])


def wrap_text(th: Theme, rng: random.Random) -> Doc:
    m, cmd = f"{th.key}_notes", f"{th.cmd}_note"
    width = rng.choice([10, 12, 16, 20])
    init = T('''
        minetest.register_chatcommand("$cmd", {
        	params = "<text>",
        	description = "Format a note at most $width characters wide",
        	func = function(name, param)
        		if param == "" then
        			return false, "Usage: /$cmd <text>"
        		end
        		local lines = minetest.wrap_text(param, $width, true)
        		return true, #lines .. " lines\\n" .. table.concat(lines, "\\n")
        	end,
        })
    ''', cmd=cmd, width=width)
    probes = [{"name": "wrapped to the width", "lua": T('''
        local text = "the quick brown fox jumps over the lazy dog near the old mill"
        local ok, msg = probe.chat("$cmd", text)
        probe.eq(ok, true, "success")
        local expected = minetest.wrap_text(text, $width, true)
        probe.eq(msg, #expected .. " lines\\n" .. table.concat(expected, "\\n"), "message")
        for _, line in ipairs(expected) do probe.assert(#line <= $width, "line too long") end
    ''', cmd=cmd, width=width)}]
    b = _b("wrap_text", m, f"{th.title} notes", init,
           [f"`/{cmd} <text>` wraps the text to at most {width} characters per line with `minetest.wrap_text` "
            f"(as a table) and answers `\"<n> lines\"` followed by the lines, each on its own line (`\\n`); empty "
            f"text returns false and a usage message"],
           f"the answer equals the line count and lines that `minetest.wrap_text(text, {width}, true)` produces",
           {"chatcommands": [cmd]}, probes, "minetest.wrap_text", "minetest.register_chatcommand(")
    return Doc("minetest.wrap_text", b, "a note formatter with a fixed line width", [
        (init.replace(f"minetest.wrap_text(param, {width}, true)", f"minetest.wrap_text(param, {width + 6}, true)"),
         "logic", "wrong width"),
        (init.replace(f"minetest.wrap_text(param, {width}, true)", f"minetest.wrap_text(param, {width})"), "runtime",
         "without as_table wrap_text returns a string, and `#lines`/table.concat on it fail or miscount"),
    ])


KINDS = {f.__name__: f for f in (swap_node, find_node_near, objects_inside_radius, find_nodes_in_area,
                                  item_eat_replace, get_node_timer, formspec_escape, colorize, mod_storage,
                                  serialize, add_item, get_item_group, override_item, hash_node_position,
                                  write_json, wrap_text)}
