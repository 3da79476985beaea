"""Themes of the vf-luanti suite. A theme is a setting with its own vocabulary; every task belongs to one theme,
and the eval and train splits use disjoint theme lists (checked by tests/test_luanti_suite.py).

Each row: key, title, two block nouns, an item noun, a food noun, a tool noun, a creature noun, a command word,
two minetest_game ingredients and a minetest_game ground node. Nouns are (id, description).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    key: str
    title: str
    block: tuple[str, str]
    block2: tuple[str, str]
    item: tuple[str, str]
    food: tuple[str, str]
    tool: tuple[str, str]
    mob: tuple[str, str]
    cmd: str
    mat: str
    mat2: str
    ground: str


def _t(key, title, block, block2, item, food, tool, mob, cmd, mat, mat2, ground) -> Theme:
    def noun(s):
        return (s, s.replace("_", " ").title())
    return Theme(key, title, noun(block), noun(block2), noun(item), noun(food), noun(tool), noun(mob), cmd,
                 mat, mat2, ground)


EVAL = [
    _t("lighthouse", "Lighthouse", "beacon_lamp", "keeper_chest", "whale_oil", "fish_pie", "harpoon_pick",
       "gull", "beacon", "default:glass", "default:copper_ingot", "default:sand"),
    _t("bakery", "Bakery", "oven_brick", "flour_bin", "dough_ball", "rye_bread", "baker_peel", "mouse",
       "bake", "default:clay_brick", "default:paper", "default:dirt"),
    _t("volcano", "Volcano", "magma_stone", "ash_block", "lava_shard", "roast_tuber", "obsidian_pick",
       "salamander", "erupt", "default:obsidian_shard", "default:coal_lump", "default:stone"),
    _t("apiary", "Apiary", "honey_comb", "bee_hive", "beeswax", "honey_bun", "smoker_tool", "bee",
       "pollinate", "default:paper", "default:wood", "default:dirt_with_grass"),
    _t("observatory", "Observatory", "star_lens", "orrery_base", "star_chart", "moon_cake", "brass_calipers",
       "owl", "stargaze", "default:glass", "default:bronze_ingot", "default:stone"),
    _t("glacier", "Glacier", "blue_ice", "frost_vault", "ice_crystal", "snow_cone", "ice_axe", "penguin",
       "freeze", "default:ice", "default:steel_ingot", "default:snowblock"),
    _t("foundry", "Foundry", "crucible", "slag_heap", "iron_slag", "miner_stew", "forge_hammer", "golem",
       "smelt", "default:steel_ingot", "default:coal_lump", "default:cobble"),
    _t("orchard", "Orchard", "fruit_crate", "cider_press", "apple_peel", "apple_tart", "pruning_hook",
       "hedgehog", "harvest", "default:apple", "default:wood", "default:dirt_with_grass"),
    _t("catacombs", "Catacombs", "bone_brick", "crypt_urn", "old_bone", "grave_moss", "crypt_spade",
       "wraith", "haunt", "default:mossycobble", "default:flint", "default:cobble"),
    _t("reef", "Coral Reef", "coral_lamp", "clam_chest", "pearl", "kelp_roll", "coral_knife", "crab",
       "dive", "default:coral_skeleton", "default:sand", "default:sand"),
    _t("windmill", "Windmill", "mill_stone", "grain_sack", "mill_gear", "oat_cake", "mill_wrench", "crow",
       "grind", "default:wood", "default:stick", "default:dirt"),
    _t("crystal_cave", "Crystal Cave", "geode_block", "crystal_cluster", "quartz_dust", "cave_mushroom",
       "geode_pick", "bat", "resonate", "default:mese_crystal_fragment", "default:diamond", "default:stone"),
    _t("alchemy", "Alchemy Lab", "cauldron", "reagent_shelf", "salt_crystal", "elixir_bread", "pestle",
       "homunculus", "brew", "default:glass", "default:gold_ingot", "default:stone"),
    _t("desert_bazaar", "Desert Bazaar", "spice_jar", "carpet_roll", "saffron", "date_cake", "merchant_scale",
       "camel", "trade", "default:desert_sand", "default:gold_ingot", "default:desert_sand"),
]

TRAIN = [
    _t("swamp", "Swamp", "bog_peat", "reed_bundle", "marsh_gas", "frog_leg", "bog_shovel", "frog", "croak",
       "default:dirt", "default:papyrus", "default:dirt"),
    _t("castle", "Castle", "rampart", "armory_rack", "chain_link", "feast_pie", "war_hammer", "knight",
       "siege", "default:stonebrick", "default:steel_ingot", "default:stone"),
    _t("farmstead", "Farmstead", "hay_bale", "feed_trough", "grain", "corn_bread", "hand_hoe", "chicken",
       "sow", "default:dry_grass_1", "default:wood", "default:dirt_with_grass"),
    _t("pirate_cove", "Pirate Cove", "treasure_block", "rum_barrel", "doubloon", "sea_biscuit", "cutlass",
       "parrot", "plunder", "default:gold_ingot", "default:wood", "default:sand"),
    _t("mine_shaft", "Mine Shaft", "support_beam", "ore_cart", "ore_chunk", "pasty", "drill_pick", "mole",
       "dig", "default:wood", "default:steel_ingot", "default:stone"),
    _t("jungle_temple", "Jungle Temple", "vine_brick", "idol_block", "jade_bead", "mango_slice", "machete",
       "monkey", "explore", "default:junglewood", "default:mese_crystal_fragment", "default:dirt_with_rainforest_litter"),
    _t("tundra", "Tundra", "permafrost", "caribou_hide", "lichen", "berry_mash", "ice_pick", "fox", "thaw",
       "default:snow", "default:steel_ingot", "default:permafrost"),
    _t("library", "Library", "book_stack", "reading_desk", "ink_pot", "scone", "quill_knife", "cat", "read",
       "default:book", "default:paper", "default:wood"),
    _t("space_station", "Space Station", "hull_panel", "oxygen_tank", "circuit", "ration_pack", "laser_drill",
       "drone", "launch", "default:steel_ingot", "default:mese_crystal", "default:stone"),
    _t("mushroom_forest", "Mushroom Forest", "cap_block", "spore_pod", "spore", "mushroom_stew",
       "fungal_knife", "snail", "sporulate", "default:dirt", "default:stick", "default:dirt"),
    _t("railway", "Railway", "signal_light", "ticket_box", "rail_spike", "station_sandwich", "rail_wrench",
       "porter", "depart", "default:steel_ingot", "default:wood", "default:gravel"),
    _t("winery", "Winery", "wine_cask", "grape_press", "grape", "cheese_wheel", "vine_shears", "fox_cub",
       "ferment", "default:wood", "default:glass", "default:dirt_with_grass"),
    _t("blacksmith", "Blacksmith", "anvil_block", "quench_tub", "iron_rod", "smith_stew", "tongs", "horse",
       "temper", "default:steel_ingot", "default:coal_lump", "default:cobble"),
    _t("greenhouse", "Greenhouse", "grow_lamp", "seed_tray", "fertilizer", "tomato", "trowel", "worm",
       "water", "default:glass", "default:dirt", "default:dirt"),
    _t("arctic_base", "Arctic Base", "heater_block", "supply_crate", "fuel_cell", "canned_beans", "snow_drill",
       "husky", "radio", "default:steel_ingot", "default:tin_ingot", "default:snowblock"),
    _t("wizard_tower", "Wizard Tower", "rune_stone", "spell_lectern", "mana_shard", "star_fruit",
       "wand_of_digging", "familiar", "cast", "default:mese_crystal_fragment", "default:book", "default:stone"),
    _t("fishing_village", "Fishing Village", "net_block", "fish_crate", "fish_scale", "grilled_cod",
       "gutting_knife", "heron", "fish", "default:papyrus", "default:wood", "default:sand"),
    _t("savanna", "Savanna", "baobab_bark", "termite_mound", "acacia_gum", "fig", "bush_knife", "zebra",
       "roam", "default:acacia_wood", "default:dry_grass_1", "default:dry_dirt"),
    _t("clockwork", "Clockwork", "gear_block", "spring_box", "cog", "oil_biscuit", "screw_driver_tool",
       "automaton", "wind", "default:bronze_ingot", "default:tin_ingot", "default:stone"),
    _t("hot_springs", "Hot Springs", "geyser_vent", "bath_tile", "mineral_salt", "boiled_egg", "steam_pick",
       "macaque", "soak", "default:sandstone", "default:clay_lump", "default:stone"),
    _t("candy_land", "Candy Land", "sugar_block", "gumdrop_jar", "sugar_crystal", "toffee", "candy_cane_pick",
       "gummy_bear", "sweeten", "default:paper", "default:apple", "default:dirt"),
    _t("ruins", "Ancient Ruins", "cracked_pillar", "relic_chest", "relic_coin", "dried_meat", "brush_tool",
       "scarab", "excavate", "default:desert_stone", "default:gold_ingot", "default:desert_sand"),
    _t("harbor", "Harbor", "dock_plank", "cargo_crate", "rope_coil", "clam_chowder", "boat_hook", "seal",
       "moor", "default:pine_wood", "default:steel_ingot", "default:sand"),
    _t("tea_garden", "Tea Garden", "tea_bush", "tea_chest", "tea_leaf", "rice_ball", "tea_scissors", "koi",
       "steep", "default:leaves", "default:clay_brick", "default:dirt_with_grass"),
    _t("underworld", "Underworld", "brimstone", "soul_urn", "ember", "charred_root", "demon_pick", "imp",
       "burn", "default:obsidian", "default:mese_crystal", "default:stone"),
    _t("pottery", "Pottery", "kiln_brick", "glaze_pot", "clay_coil", "pot_pie", "potter_knife", "magpie",
       "glaze", "default:clay_brick", "default:clay_lump", "default:dirt"),
    _t("cloud_city", "Cloud City", "cloud_block", "wind_vane", "feather", "cloud_puff", "sky_hook", "swallow",
       "soar", "default:snow", "default:gold_ingot", "default:stone"),
    _t("hunting_lodge", "Hunting Lodge", "trophy_wall", "antler_rack", "hide_strip", "venison", "skinning_knife",
       "deer", "track", "default:wood", "default:flint", "default:dirt_with_grass"),
    _t("bamboo_grove", "Bamboo Grove", "bamboo_block", "lantern_post", "bamboo_shoot", "shoot_salad",
       "bamboo_saw", "panda", "meditate", "default:papyrus", "default:stick", "default:dirt_with_grass"),
    _t("robotics", "Robotics Lab", "servo_block", "charging_dock", "microchip", "energy_bar", "solder_iron",
       "robot", "boot", "default:mese_crystal_fragment", "default:copper_ingot", "default:stone"),
    _t("garden_maze", "Garden Maze", "hedge_block", "topiary", "rose_petal", "cucumber_sandwich", "hedge_clippers",
       "rabbit", "wander", "default:leaves", "default:stick", "default:dirt_with_grass"),
    _t("oil_rig", "Oil Rig", "derrick_pipe", "barrel_stack", "crude_oil", "galley_soup", "pipe_wrench", "gannet",
       "pump", "default:steel_ingot", "default:coal_lump", "default:stone"),
    _t("dwarf_hall", "Dwarf Hall", "runic_granite", "ale_keg", "gem_shard", "mushroom_ale_bread", "rune_pick",
       "dwarf", "hail", "default:stone", "default:gold_ingot", "default:stone"),
    _t("circus", "Circus", "tent_canvas", "prop_trunk", "juggling_ball", "candy_floss", "ringmaster_whip",
       "seal_pup", "perform", "default:paper", "default:wood", "default:dirt"),
    _t("lumber_camp", "Lumber Camp", "log_pile", "saw_bench", "wood_chip", "flapjack", "felling_axe", "beaver",
       "chop", "default:tree", "default:steel_ingot", "default:dirt_with_grass"),
    _t("salt_flats", "Salt Flats", "salt_block", "brine_pool", "salt_lump", "salted_fish", "salt_rake",
       "flamingo", "evaporate", "default:sand", "default:clay_lump", "default:sand"),
    _t("ghost_town", "Ghost Town", "saloon_door", "safe_box", "gold_nugget", "beans_tin", "prospector_pan",
       "tumbleweed", "spook", "default:wood", "default:gold_ingot", "default:desert_sand"),
    _t("monastery", "Monastery", "cloister_stone", "scriptorium", "candle_wax", "monk_bread", "illumination_brush",
       "dove", "chant", "default:stonebrick", "default:paper", "default:stone"),
    _t("mangrove", "Mangrove", "root_tangle", "crab_trap", "mud_clump", "mangrove_fruit", "mud_spade", "heron_chick",
       "wade", "default:dirt", "default:stick", "default:dirt"),
    _t("steampunk", "Steampunk Works", "boiler_block", "valve_box", "brass_rivet", "steam_bun", "spanner",
       "clank", "vent", "default:bronze_ingot", "default:copper_ingot", "default:stone"),
    _t("sunken_ship", "Sunken Ship", "barnacle_plank", "captain_chest", "sea_glass", "hardtack", "grappling_hook",
       "eel", "salvage", "default:glass", "default:wood", "default:sand"),
    _t("meadow", "Meadow", "clover_block", "flower_pot_block", "nectar", "wild_berry", "scythe", "butterfly",
       "bloom", "default:grass_1", "default:paper", "default:dirt_with_grass"),
    _t("quarry", "Quarry", "cut_granite", "rubble_pile", "stone_chip", "quarry_lunch", "chisel", "goat",
       "blast", "default:cobble", "default:steel_ingot", "default:stone"),
    _t("fairy_glade", "Fairy Glade", "glow_moss", "toadstool_ring", "pixie_dust", "dew_drop", "silver_sickle",
       "sprite", "enchant", "default:mese_crystal_fragment", "default:leaves", "default:dirt_with_grass"),
]


# Settings of the hand-written train tasks (luanti_unique_docs.py, luanti_unique_mods.py). Those tasks name their
# own nodes and commands, so a setting is only a key and a title. None of them is an eval theme, nor a near
# synonym of one (no mills, bakeries, markets, mines of crystals, ...).
@dataclass(frozen=True)
class Setting:
    key: str
    title: str


SETTINGS = {s.key: s for s in (
    Setting("post_office", "Post Office"), Setting("radio_tower", "Radio Tower"),
    Setting("weather_station", "Weather Station"), Setting("theater", "Theater"), Setting("school", "Village School"),
    Setting("museum", "Museum"), Setting("dojo", "Dojo"), Setting("hospital", "Field Hospital"),
    Setting("arcade", "Arcade"), Setting("courthouse", "Courthouse"), Setting("bank_vault", "Bank Vault"),
    Setting("archery_range", "Archery Range"), Setting("stadium", "Stadium"), Setting("racetrack", "Racetrack"),
    Setting("dam", "Hydro Dam"), Setting("treehouse", "Treehouse"), Setting("toy_workshop", "Toy Workshop"),
    Setting("garage", "Motor Garage"), Setting("scout_camp", "Scout Camp"),
    Setting("printing_press", "Printing Press"), Setting("demolition", "Demolition Crew"), Setting("zoo", "Zoo"),
    Setting("airship", "Airship Dock"), Setting("fire_station", "Fire Station"), Setting("pet_shop", "Pet Shop"),
    Setting("solar_farm", "Solar Farm"), Setting("chess_club", "Chess Club"), Setting("tailor", "Tailor Shop"),
    Setting("vineyard", "Vineyard"), Setting("pharmacy", "Pharmacy"), Setting("lantern_festival", "Lantern Festival"),
    Setting("rice_paddy", "Rice Paddy"), Setting("carpentry", "Carpentry"), Setting("town_hall", "Town Hall"),
    Setting("stables", "Stables"), Setting("watchtower", "Watchtower"), Setting("orchestra", "Orchestra"),
)}
assert not set(SETTINGS) & {t.key for t in EVAL}
