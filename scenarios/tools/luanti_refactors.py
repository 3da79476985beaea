"""Refactor kinds of the vf-luanti suite: a legacy mod (deprecated API, legacy files, global leaks) to port to
the current 5.x API with the same behaviour. Each returns a `Refactor`: the reference as a `Base`, the legacy
files shown in the prompt, the forbid rules, and broken variants (files, defect class, why).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from luanti_bases import Base, T
from luanti_common import mod_conf
from luanti_themes import EVAL, Theme


@dataclass
class Refactor:
    kind: str
    base: Base
    legacy: dict[str, str]
    what: str                                   # the port, in words (prompt)
    variants: list[tuple[dict[str, str], str, str]]
    forbid_api: list[str] = field(default_factory=list)
    forbid_files: list[str] = field(default_factory=list)


def _files(b: Base, init: str, conf: str | None = None) -> dict[str, str]:
    return {"init.lua": init, "mod.conf": conf if conf is not None else mod_conf(b.mod, b.description, b.depends)}


# ---- depends.txt / description.txt -> mod.conf ------------------------------------------------------------------
def depends_txt(b: Base) -> Refactor | None:
    if "default." not in b.init:
        return None
    legacy = {"init.lua": b.init, "depends.txt": "default\n", "description.txt": b.description + "\n"}
    return Refactor(
        kind="depends_txt", base=b, legacy=legacy,
        what=("it still ships the legacy `depends.txt` and `description.txt`, which Luanti 5.x reports as "
              "deprecated; replace both with a `mod.conf` (`name`, `description`, `depends`) and drop the old "
              "files"),
        forbid_files=["depends.txt", "description.txt"],
        variants=[
            ({**_files(b, b.init), "depends.txt": "default\n"}, "forbid_file",
             "adds mod.conf but still ships depends.txt"),
            (_files(b, b.init, f"name = {b.mod}\ndescription = {b.description}\n"), "undeclared_dependency",
             "mod.conf lost the dependency on default, so the `default` namespace is undeclared"),
        ],
    )


# ---- minetest.setting_get / setting_getbool -> minetest.settings -------------------------------------------------
def settings(th: Theme, rng: random.Random) -> Refactor:
    m = f"{th.key}_config"
    cmd = f"{th.cmd}_calc"
    mult = rng.choice([2, 3, 4, 5, 6])
    legacy_init = T('''
        local function multiplier()
        	return tonumber(minetest.setting_get("${m}_multiplier")) or $mult
        end

        minetest.register_chatcommand("$cmd", {
        	params = "<amount>",
        	description = "Multiply an amount by the configured multiplier",
        	func = function(name, param)
        		local n = tonumber(param)
        		if not n then
        			return false, "Usage: /$cmd <amount>"
        		end
        		local text = "$cmd: " .. (n * multiplier())
        		if minetest.setting_getbool("${m}_loud") then
        			text = text:upper()
        		end
        		return true, text
        	end,
        })
    ''', m=m, cmd=cmd, mult=mult)
    init = (legacy_init.replace(f'minetest.setting_get("{m}_multiplier")', f'minetest.settings:get("{m}_multiplier")')
            .replace(f'minetest.setting_getbool("{m}_loud")', f'minetest.settings:get_bool("{m}_loud", false)'))
    probes = [
        {"name": "default multiplier", "lua": T('''
            local ok, msg = probe.chat("$cmd", "4")
            probe.eq(ok, true, "success")
            probe.eq(msg, "$cmd: $res", "message")
        ''', cmd=cmd, res=4 * mult)},
        {"name": "multiplier read from minetest.settings at call time", "lua": T('''
            minetest.settings:set("${m}_multiplier", "7")
            local ok, msg = probe.chat("$cmd", "3")
            minetest.settings:remove("${m}_multiplier")
            probe.eq(msg, "$cmd: 21", "message with multiplier 7")
        ''', m=m, cmd=cmd)},
        {"name": "loud setting upper-cases", "lua": T('''
            minetest.settings:set_bool("${m}_loud", true)
            local ok, msg = probe.chat("$cmd", "2")
            minetest.settings:remove("${m}_loud")
            probe.eq(msg, ("$cmd: $res"):upper(), "loud message")
            local _, quiet = probe.chat("$cmd", "2")
            probe.eq(quiet, "$cmd: $res", "quiet again")
        ''', m=m, cmd=cmd, res=2 * mult)},
        {"name": "bad amount", "lua": T('''
            local ok, msg = probe.chat("$cmd", "lots")
            probe.eq(ok, false, "rejected")
            probe.eq(msg, "Usage: /$cmd <amount>", "usage")
        ''', cmd=cmd)},
    ]
    b = Base(
        kind="settings", mod=m, description=f"{th.title} configurable calculator", depends=["default"], init=init,
        requirements=[
            f"`/{cmd} <amount>` answers `\"{cmd}: <amount * multiplier>\"`, where the multiplier is the setting "
            f"`{m}_multiplier` (default {mult}), read each time the command runs",
            f"when the boolean setting `{m}_loud` is true the answer is upper-cased",
            f"a non-number answers `false, \"Usage: /{cmd} <amount>\"`",
        ],
        observe=(f"`/{cmd} 4` gives `{cmd}: {4 * mult}`; after `minetest.settings:set(\"{m}_multiplier\", \"7\")`, "
                 f"`/{cmd} 3` gives `{cmd}: 21`; with `{m}_loud` set the answer is upper-case"),
        registers={"chatcommands": [cmd]}, probes=probes, require_api=["minetest.settings"],
        regressions=[], symptoms=[], reg_call="minetest.register_chatcommand(", reg_name="",
        tags=["settings", "chatcommand"],
    )
    cached = init.replace(
        "local function multiplier()\n\treturn tonumber(minetest.settings:get(\"" + m + "_multiplier\")) or " +
        str(mult) + "\nend",
        "local configured = tonumber(minetest.settings:get(\"" + m + "_multiplier\")) or " + str(mult) +
        "\n\nlocal function multiplier()\n\treturn configured\nend")
    assert cached != init
    return Refactor(
        kind="settings", base=b, legacy={"init.lua": legacy_init, "mod.conf": mod_conf(m, b.description, ["default"])},
        what=("it reads its settings with the deprecated `minetest.setting_get` and `minetest.setting_getbool`; "
              "use the `minetest.settings` object (`minetest.settings:get`, `minetest.settings:get_bool`) instead"),
        forbid_api=["minetest.setting_get", "minetest.setting_getbool"],
        variants=[
            (_files(b, legacy_init), "forbid_api", "still calls the deprecated minetest.setting_get/_getbool"),
            (_files(b, init.replace("minetest.settings:get(", "minetest.settings.get(")), "runtime",
             "`minetest.settings.get(...)` with a dot passes no Settings object: a run-time error"),
            (_files(b, cached), "logic", "reads the multiplier once at load time, so a changed setting is ignored"),
        ],
    )


# ---- minetest.env:* -> minetest.* ----------------------------------------------------------------------------------
ENV_CALLS = re.compile(r"minetest\.(get_node|set_node|swap_node|get_meta|get_node_timer|add_entity|"
                       r"find_node_near|remove_node)\(")


def env(b: Base) -> Refactor | None:
    legacy_init = ENV_CALLS.sub(lambda mm: f"minetest.env:{mm.group(1)}(", b.init)
    if legacy_init == b.init:
        return None
    colon = ENV_CALLS.sub(lambda mm: f"minetest:{mm.group(1)}(", b.init)
    return Refactor(
        kind="env", base=b, legacy={"init.lua": legacy_init, "mod.conf": mod_conf(b.mod, b.description, b.depends)},
        what=("it calls environment functions through the long-deprecated `minetest.env:` object "
              "(e.g. `minetest.env:get_node(pos)`); call them directly on `minetest` (`minetest.get_node(pos)`)"),
        forbid_api=["minetest.env"],
        variants=[
            (_files(b, legacy_init), "forbid_api", "still uses minetest.env"),
            (_files(b, colon), "runtime",
             "`minetest:get_node(pos)` keeps the colon, so the function receives `minetest` as its first argument"),
        ],
    )


# ---- nodeupdate -> minetest.check_for_falling ------------------------------------------------------------------------
def nodeupdate(th: Theme, rng: random.Random) -> Refactor:
    m = f"{th.key}_collapse"
    node, desc = th.block
    cmd = f"{th.cmd}_collapse"
    legacy_init = T('''
        minetest.register_node("$m:$node", {
        	description = "$desc",
        	tiles = {"${m}_${node}.png"},
        	groups = {cracky = 3},
        	sounds = default.node_sound_stone_defaults(),
        })

        minetest.register_chatcommand("$cmd", {
        	params = "<x>,<y>,<z>",
        	description = "Remove the $desc at a position and let loose nodes above it fall",
        	privs = {server = true},
        	func = function(name, param)
        		local pos = minetest.string_to_pos(param)
        		if not pos or minetest.get_node(pos).name ~= "$m:$node" then
        			return false, "No $desc there"
        		end
        		minetest.remove_node(pos)
        		nodeupdate(pos)
        		return true, "Collapsed " .. minetest.pos_to_string(pos)
        	end,
        })
    ''', m=m, node=node, desc=desc, cmd=cmd)
    init = legacy_init.replace("nodeupdate(pos)", "minetest.check_for_falling(pos)")
    probes = [
        {"name": "sand above falls after the collapse", "lua": T('''
            probe.area({x = 0, y = 0, z = 0}, {x = 4, y = 6, z = 4})
            probe.set_node({x = 2, y = 0, z = 2}, "default:stone")
            probe.set_node({x = 2, y = 1, z = 2}, "$m:$node")
            probe.set_node({x = 2, y = 2, z = 2}, "default:sand")
            local ok, msg = probe.chat("$cmd", "2,1,2")
            probe.eq(ok, true, "success")
            probe.eq(msg, "Collapsed (2,1,2)", "message")
            probe.eq(probe.get_node({x = 2, y = 2, z = 2}), "air", "the sand must start falling")
            local falling = 0
            for _, obj in ipairs(minetest.get_objects_inside_radius({x = 2, y = 2, z = 2}, 1.5)) do
            	local e = obj:get_luaentity()
            	if e and e.name == "__builtin:falling_node" then falling = falling + 1 end
            end
            probe.eq(falling, 1, "falling node entities")
        ''', m=m, node=node, cmd=cmd)},
        {"name": "other nodes are refused", "lua": T('''
            probe.area({x = 0, y = 0, z = 0}, {x = 4, y = 6, z = 4})
            probe.set_node({x = 3, y = 1, z = 3}, "default:dirt")
            local ok = probe.chat("$cmd", "3,1,3")
            probe.eq(ok, false, "refused")
            probe.eq(probe.get_node({x = 3, y = 1, z = 3}), "default:dirt", "untouched")
        ''', cmd=cmd)},
    ]
    b = Base(
        kind="nodeupdate", mod=m, description=f"{th.title} collapsing blocks", depends=["default"], init=init,
        requirements=[
            f"register the node `{m}:{node}` (\"{desc}\", `cracky = 3`)",
            f"`/{cmd} <x>,<y>,<z>` (privilege `server`) removes a `{m}:{node}` at that position, makes loose "
            f"nodes above it (sand, gravel) fall, and answers `\"Collapsed (x,y,z)\"`; other nodes are refused",
        ],
        observe=(f"with sand on top of a `{m}:{node}`, `/{cmd}` leaves air where the sand was and one "
                 f"`__builtin:falling_node` entity; dirt is refused"),
        registers={"nodes": [f"{m}:{node}"], "chatcommands": [cmd]}, probes=probes,
        require_api=["minetest.check_for_falling"], regressions=[], symptoms=[],
        reg_call="minetest.register_node(", reg_name=f"{m}:{node}", tags=["falling", "chatcommand"],
    )
    return Refactor(
        kind="nodeupdate", base=b, legacy={"init.lua": legacy_init, "mod.conf": mod_conf(m, b.description, ["default"])},
        what=("it was written for Minetest 0.4 and calls the global `nodeupdate(pos)`, which no longer exists; "
              "use the current API that makes falling nodes around a position fall"),
        variants=[
            (_files(b, legacy_init), "undefined_global", "still calls the removed global nodeupdate"),
            (_files(b, init.replace("\t\tminetest.remove_node(pos)\n\t\tminetest.check_for_falling(pos)\n",
                                    "\t\tminetest.check_for_falling(pos)\n\t\tminetest.remove_node(pos)\n")),
             "logic", "checks for falling nodes before removing the block, so the sand above still rests on it"),
        ],
    )


# ---- minetest.get_mapgen_params -> minetest.get_mapgen_setting ----------------------------------------------------
def mapgen(th: Theme, rng: random.Random) -> Refactor:
    m = f"{th.key}_sealevel"
    cmd = f"{th.cmd}_depth"
    # eval and train draw their wording from separate pools, so no eval mod is a renamed train mod
    below, above = rng.choice([("below sea level", "above sea level"), ("beneath the waves", "above the waves")]
                              if th in EVAL else
                              [("under the water line", "over the water line"),
                               ("deeper than the sea", "higher than the sea"),
                               ("nodes down from the shore", "nodes up from the shore"),
                               ("under water level", "over water level")])
    legacy_init = T('''
        local function water_level()
        	return minetest.get_mapgen_params().water_level
        end

        minetest.register_chatcommand("$cmd", {
        	params = "<y>",
        	description = "Tell how far a height is below or above the sea level",
        	func = function(name, param)
        		local y = tonumber(param)
        		if not y then
        			return false, "Usage: /$cmd <y>"
        		end
        		local level = water_level()
        		if y < level then
        			return true, (level - y) .. " $below"
        		end
        		return true, (y - level) .. " $above"
        	end,
        })
    ''', cmd=cmd, below=below, above=above)
    init = legacy_init.replace("minetest.get_mapgen_params().water_level",
                               'tonumber(minetest.get_mapgen_setting("water_level"))')
    probes = [
        {"name": "below and above the configured water level", "lua": T('''
            local level = tonumber(minetest.get_mapgen_setting("water_level"))
            local ok, msg = probe.chat("$cmd", tostring(level - 5))
            probe.eq(ok, true, "success")
            probe.eq(msg, "5 $below", "below")
            ok, msg = probe.chat("$cmd", tostring(level + 3))
            probe.eq(msg, "3 $above", "above")
            ok, msg = probe.chat("$cmd", "deep")
            probe.eq(ok, false, "usage")
        ''', cmd=cmd, below=below, above=above)},
    ]
    b = Base(
        kind="mapgen", mod=m, description=f"{th.title} sea level helper", depends=["default"], init=init,
        requirements=[
            f"`/{cmd} <y>` compares a height with the map's water level (the mapgen setting `water_level`) and "
            f"answers `\"<n> {below}\"` or `\"<n> {above}\"`; a non-number gives "
            f"`false, \"Usage: /{cmd} <y>\"`",
        ],
        observe=f"`/{cmd}` with water_level-5 answers `5 {below}`, with water_level+3 `3 {above}`",
        registers={"chatcommands": [cmd]}, probes=probes, require_api=["minetest.get_mapgen_setting"],
        regressions=[], symptoms=[], reg_call="minetest.register_chatcommand(", reg_name="",
        tags=["mapgen", "chatcommand"],
    )
    return Refactor(
        kind="mapgen", base=b, legacy={"init.lua": legacy_init, "mod.conf": mod_conf(m, b.description, ["default"])},
        what=("it reads the water level through the deprecated `minetest.get_mapgen_params()`; use "
              "`minetest.get_mapgen_setting(\"water_level\")` (which returns a string)"),
        forbid_api=["minetest.get_mapgen_params"],
        variants=[
            (_files(b, legacy_init), "forbid_api", "still uses minetest.get_mapgen_params"),
            (_files(b, legacy_init.replace("minetest.get_mapgen_params().water_level",
                                           'minetest.get_mapgen_setting("water_level")')), "runtime",
             "get_mapgen_setting returns a string; comparing it with a number raises an error"),
        ],
    )


# ---- global leaks -> locals + one namespace table --------------------------------------------------------------------
def globals_(th: Theme, rng: random.Random) -> Refactor:
    thing, past = rng.choice([("visit", "visited"), ("greeting", "greeted")] if th in EVAL else
                             [("checkin", "checked in"), ("salute", "saluted"), ("toast", "toasted"),
                              ("vote", "voted")])
    m = f"{th.key}_{thing}s"
    cmd = f"{th.cmd}_{thing}"
    cap = rng.choice([3, 5, 9, 12])
    big = f"MAX_{thing.upper()}S"
    body = '''
        minetest.register_chatcommand("$cmd", {
        	description = "Count a $thing",
        	func = function(name)
        		${thing}s[name] = math.min((${thing}s[name] or 0) + 1, $big)
        		return true, format_${thing}s(name)
        	end,
        })

        minetest.register_chatcommand("${cmd}s", {
        	params = "[<player>]",
        	description = "Show how often a player $past",
        	func = function(name, param)
        		return true, format_${thing}s(param ~= "" and param or name)
        	end,
        })
    '''
    legacy_init = T('''
        $big = $cap
        ${thing}s = {}

        function format_${thing}s(name)
        	return name .. " has $past " .. (${thing}s[name] or 0) .. " time(s)"
        end
    ''' + body, cmd=cmd, cap=cap, thing=thing, big=big, past=past)
    init = T('''
        $m = {}

        local $big = $cap
        local ${thing}s = {}

        local function format_${thing}s(name)
        	return name .. " has $past " .. (${thing}s[name] or 0) .. " time(s)"
        end
        $m.format_${thing}s = format_${thing}s
    ''' + body, m=m, cmd=cmd, cap=cap, thing=thing, big=big, past=past)
    late = T('''
        $m = {}

        local $big = $cap
        local ${thing}s = {}
    ''' + body + '''
        local function format_${thing}s(name)
        	return name .. " has $past " .. (${thing}s[name] or 0) .. " time(s)"
        end
        $m.format_${thing}s = format_${thing}s
    ''', m=m, cmd=cmd, cap=cap, thing=thing, big=big, past=past)
    probes = [
        {"name": "no leaked globals, one namespace", "lua": T('''
            for _, g in ipairs({"$big", "${thing}s", "format_${thing}s"}) do
            	probe.assert(rawget(_G, g) == nil, "global " .. g .. " leaks")
            end
            probe.assert(type(rawget(_G, "$m")) == "table", "namespace table $m missing")
            probe.eq(type($m.format_${thing}s), "function", "$m.format_${thing}s")
        ''', m=m, big=big, thing=thing)},
        {"name": f"{thing}s are counted and capped", "lua": T('''
            local ok, msg = probe.chat("$cmd", "", "alice")
            probe.eq(msg, "alice has $past 1 time(s)", "first")
            for _ = 1, ${more} do probe.chat("$cmd", "", "alice") end
            local _, shown = probe.chat("${cmd}s", "alice", "bob")
            probe.eq(shown, "alice has $past $cap time(s)", "capped")
            probe.eq($m.format_${thing}s("bob"), "bob has $past 0 time(s)", "namespace function")
        ''', m=m, cmd=cmd, cap=cap, more=cap + 2, thing=thing, past=past)},
    ]
    b = Base(
        kind="globals", mod=m, description=f"{th.title} {thing} counter", depends=["default"], init=init,
        requirements=[
            f"`/{cmd}` counts a {thing} for the caller (at most {cap}) and answers `\"<name> has {past} <n> "
            f"time(s)\"`; `/{cmd}s [<player>]` shows the count for a player (default: the caller)",
            f"the only global the mod defines is the table `{m}`, with `{m}.format_{thing}s(name)` for other mods",
        ],
        observe=(f"no `{big}`, `{thing}s` or `format_{thing}s` global exists, `{m}.format_{thing}s` does, and "
                 f"{thing}s count up to {cap}"),
        registers={"chatcommands": [cmd, f"{cmd}s"]}, probes=probes, require_api=["minetest.register_chatcommand"],
        regressions=[], symptoms=[], reg_call="minetest.register_chatcommand(", reg_name="",
        tags=["globals", "chatcommand"],
    )
    return Refactor(
        kind="globals", base=b, legacy={"init.lua": legacy_init, "mod.conf": mod_conf(m, b.description, ["default"])},
        what=(f"it leaks the globals `{big}`, `{thing}s` and `format_{thing}s`; make them locals and expose "
              f"`format_{thing}s` only through a namespace table `{m}` (`{m}.format_{thing}s`)"),
        variants=[
            (_files(b, legacy_init), "logic", "the globals still leak"),
            (_files(b, late), "undefined_global",
             f"format_{thing}s is declared local after the commands that call it, so they call an undefined global"),
        ],
    )


# ---- use_texture_alpha = true -> "blend" / "clip" ------------------------------------------------------------------
def texture_alpha(th: Theme, rng: random.Random) -> Refactor:
    m = f"{th.key}_glass"
    glass, gdesc = f"tinted_{th.block[0]}", f"Tinted {th.block[1]}"
    grate, rdesc = f"{th.block2[0]}_grate", f"{th.block2[1]} Grate"
    legacy_init = T('''
        minetest.register_node("$m:$glass", {
        	description = "$gdesc",
        	drawtype = "glasslike",
        	tiles = {"${m}_${glass}.png"},
        	use_texture_alpha = true,
        	paramtype = "light",
        	sunlight_propagates = true,
        	groups = {cracky = 3, oddly_breakable_by_hand = 3},
        	sounds = default.node_sound_glass_defaults(),
        })

        minetest.register_node("$m:$grate", {
        	description = "$rdesc",
        	drawtype = "glasslike_framed",
        	tiles = {"${m}_${grate}.png", "${m}_${grate}_detail.png"},
        	use_texture_alpha = true,
        	paramtype = "light",
        	sunlight_propagates = true,
        	groups = {cracky = 2},
        	sounds = default.node_sound_metal_defaults(),
        })
    ''', m=m, glass=glass, gdesc=gdesc, grate=grate, rdesc=rdesc)
    init = legacy_init.replace("use_texture_alpha = true", 'use_texture_alpha = "blend"', 1).replace(
        "use_texture_alpha = true", 'use_texture_alpha = "clip"', 1)
    probes = [
        {"name": "alpha modes", "lua": T('''
            probe.eq(minetest.registered_nodes["$m:$glass"].use_texture_alpha, "blend", "$glass")
            probe.eq(minetest.registered_nodes["$m:$grate"].use_texture_alpha, "clip", "$grate")
            probe.eq(minetest.registered_nodes["$m:$glass"].drawtype, "glasslike", "drawtype")
            probe.eq(minetest.registered_nodes["$m:$grate"].drawtype, "glasslike_framed", "drawtype")
        ''', m=m, glass=glass, grate=grate)},
    ]
    b = Base(
        kind="texture_alpha", mod=m, description=f"{th.title} glass", depends=["default"], init=init,
        requirements=[
            f"`{m}:{glass}` (\"{gdesc}\", drawtype `glasslike`) is translucent: its texture's partial alpha is "
            f"blended",
            f"`{m}:{grate}` (\"{rdesc}\", drawtype `glasslike_framed`) has fully transparent holes and no "
            f"translucency: alpha is clipped",
        ],
        observe=f"`{m}:{glass}` has `use_texture_alpha = \"blend\"` and `{m}:{grate}` has `\"clip\"`",
        registers={"nodes": [f"{m}:{glass}", f"{m}:{grate}"]}, probes=probes, require_api=["minetest.register_node"],
        regressions=[], symptoms=[], reg_call="minetest.register_node(", reg_name=f"{m}:{glass}",
        tags=["texture_alpha", "node"],
    )
    return Refactor(
        kind="texture_alpha", base=b,
        legacy={"init.lua": legacy_init, "mod.conf": mod_conf(m, b.description, ["default"])},
        what=("it sets `use_texture_alpha = true`; boolean values are deprecated (the engine warns "
              "`Field \"use_texture_alpha\": Boolean values are deprecated`): use the string modes"),
        variants=[
            (_files(b, legacy_init), "logic", "still boolean use_texture_alpha"),
            (_files(b, legacy_init.replace("use_texture_alpha = true", 'use_texture_alpha = "blend"')), "logic",
             "the grate blends instead of clipping"),
        ],
    )


BASED = {"depends_txt": depends_txt, "env": env}          # applied to a scaffold base
CUSTOM = {"settings": settings, "nodeupdate": nodeupdate, "mapgen": mapgen, "globals": globals_,
          "texture_alpha": texture_alpha}
