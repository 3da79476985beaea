"""Hand-written doc tasks of the vf-luanti train split: each is one reviewed mod built around its own API of
lua_api.txt (5.6.1), in its own setting, with probes that prove the API is used the documented way.

Why they exist: the template doc kinds (luanti_docs.py) vary only names and a number or two across themes, and
several of them came out as near-duplicates of each other (the export's quality filter dropped 18 of them).
These replace those and add more, one API each, none of them an eval doc API (see DOC_APIS in luanti_gen.py).

Each builder returns (setting key, Doc). Lua is written with 4-space indentation here and stored with tabs.
"""

from __future__ import annotations

import base64
import hashlib

from luanti_bases import Base, _swap
from luanti_common import lua
from luanti_docs import Doc


def L(src: str) -> str:
    """Lua text: dedented, leading groups of 4 spaces turned into tabs (the suite's style)."""
    out = []
    for line in lua(src).splitlines():
        body = line.lstrip(" ")
        out.append("\t" * ((len(line) - len(body)) // 4) + body)
    return "\n".join(out) + "\n"


def doc(kind: str, api: str, mod: str, description: str, task: str, init: str, requirements: list[str],
        observe: str, registers: dict, probes: list[dict], variants: list[tuple[str, str, str]], *,
        reg_call: str = "", reg_name: str = "", depends=("default",), extra_api=()) -> Doc:
    b = Base(kind=kind, mod=mod, description=description, depends=list(depends), init=init,
             requirements=requirements, observe=observe, registers=registers, probes=probes,
             require_api=[api, *extra_api], regressions=[], symptoms=[], reg_call=reg_call, reg_name=reg_name,
             tags=["doc"])
    return Doc(api, b, task, variants)


def probe(name: str, src: str) -> dict:
    return {"name": name, "lua": L(src)}


CHAT = "minetest.register_chatcommand("
NODE = "minetest.register_node("


# ---- utilities ------------------------------------------------------------------------------------------------
def sha1_postmark():
    init = L('''
        minetest.register_chatcommand("postmark", {
            params = "<text>",
            description = "Stamp a letter with a short checksum of its text",
            func = function(name, param)
                if param == "" then
                    return false, "Usage: /postmark <text>"
                end
                local digest = minetest.sha1(param)
                return true, "Postmark " .. digest:sub(1, 10) .. " for " .. #param .. " characters"
            end,
        })
    ''')
    letter = "Dear Ann, the parcel arrives on Monday."
    digest = hashlib.sha1(letter.encode()).hexdigest()
    probes = [probe("postmark is the first 10 hex digits of the SHA-1", f'''
        local ok, msg = probe.chat("postmark", "{letter}")
        probe.eq(ok, true, "success")
        probe.eq(msg, "Postmark {digest[:10]} for {len(letter)} characters", "postmark")
        probe.eq(probe.chat("postmark", ""), false, "empty letter")
    ''')]
    return "post_office", doc(
        "sha1", "minetest.sha1", "post_office_stamps", "Post office postmarks",
        "a postmark command that stamps a letter with a checksum of its text", init,
        ["`/postmark <text>` answers `\"Postmark <h> for <n> characters\"`, where `<h>` is the first 10 "
         "characters of the lowercase hexadecimal SHA-1 of the text (`minetest.sha1`) and `<n>` the text's length",
         "an empty text answers `false` and a usage message"],
        f"`/postmark {letter}` answers `Postmark {digest[:10]} for {len(letter)} characters`",
        {"chatcommands": ["postmark"]}, probes, [
            (_swap(init, "digest:sub(1, 10)", "digest:sub(-10)"), "logic",
             "takes the last 10 hex digits instead of the first 10"),
            (_swap(init, "minetest.sha1(param)", "minetest.sha1(param, true)"), "logic",
             "`raw = true` returns the 20 binary bytes of the digest, not hex text"),
        ], reg_call=CHAT)


def base64_radio():
    init = L('''
        minetest.register_chatcommand("encode_msg", {
            params = "<text>",
            description = "Encode a radio message as base64",
            func = function(name, param)
                if param == "" then
                    return false, "Usage: /encode_msg <text>"
                end
                return true, minetest.encode_base64(param)
            end,
        })

        minetest.register_chatcommand("decode_msg", {
            params = "<base64>",
            description = "Decode a base64 radio message",
            func = function(name, param)
                local text = minetest.decode_base64(param)
                if not text or text == "" then
                    return false, "Not a valid message: " .. param
                end
                return true, "Decoded: " .. text
            end,
        })
    ''')
    msg = "Mayday at grid 7"
    enc = base64.b64encode(msg.encode()).decode().rstrip("=")      # the engine's encoder writes no padding
    probes = [probe("encodes and decodes base64", f'''
        local ok, out = probe.chat("encode_msg", "{msg}")
        probe.eq(ok, true, "encode")
        probe.eq(out, "{enc}", "base64 text")
        local ok2, back = probe.chat("decode_msg", "{enc}")
        probe.eq(ok2, true, "decode")
        probe.eq(back, "Decoded: {msg}", "decoded text")
    '''), probe("invalid base64 is refused", '''
        local ok, out = probe.chat("decode_msg", "not base64!")
        probe.eq(ok, false, "refused")
        probe.eq(out, "Not a valid message: not base64!", "message")
    ''')]
    return "radio_tower", doc(
        "encode_base64", "minetest.encode_base64", "radio_tower_codes", "Radio tower message codes",
        "a pair of radio commands that encode and decode messages as base64", init,
        ["`/encode_msg <text>` answers the base64 encoding of the text (`minetest.encode_base64`); an empty "
         "text answers `false` and a usage message (the engine's encoding has no `=` padding)",
         "`/decode_msg <base64>` answers `\"Decoded: <text>\"` using `minetest.decode_base64`; when that "
         "returns nil (invalid input) or an empty string it answers `false, \"Not a valid message: <param>\"`"],
        f"`/encode_msg {msg}` answers `{enc}`, decoding it gives back the text, and `/decode_msg not base64!` "
        f"is refused", {"chatcommands": ["encode_msg", "decode_msg"]}, probes, [
            (_swap(init, "if not text or text == \"\" then", "if text == \"\" then"), "runtime",
             "no nil check: concatenating the nil result of an invalid message raises an error"),
            (_swap(init, "minetest.encode_base64(param)", "minetest.base64_encode(param)"), "api_typo",
             "minetest.base64_encode does not exist"),
        ], reg_call=CHAT, extra_api=["minetest.decode_base64"])


def parse_json_weather():
    init = L('''
        minetest.register_chatcommand("report_weather", {
            params = "<json>",
            description = "Read a weather report given as a JSON object",
            func = function(name, param)
                local data = minetest.parse_json(param)
                if type(data) ~= "table" or type(data.temp) ~= "number" or type(data.wind) ~= "string" then
                    return false, "Expected {\\"temp\\": <number>, \\"wind\\": \\"<direction>\\"}"
                end
                local line = data.temp .. " C, wind " .. data.wind
                if data.rain == true then
                    line = line .. ", rain"
                end
                return true, line
            end,
        })
    ''')
    probes = [probe("reads the JSON report", '''
        local ok, msg = probe.chat("report_weather", '{"temp": 21, "wind": "NE"}')
        probe.eq(ok, true, "valid report")
        probe.eq(msg, "21 C, wind NE", "plain report")
        local _, wet = probe.chat("report_weather", '{"wind": "N", "temp": -3, "rain": true}')
        probe.eq(wet, "-3 C, wind N, rain", "rainy report")
    '''), probe("reports without the fields are refused", '''
        probe.eq(probe.chat("report_weather", '{"wind": "S"}'), false, "no temp")
        probe.eq(probe.chat("report_weather", '[1, 2, 3]'), false, "an array")
        probe.eq(probe.chat("report_weather", 'null'), false, "null")
        probe.eq(probe.chat("report_weather", '{"temp": "warm", "wind": "W"}'), false, "temp is a string")
    ''')]
    return "weather_station", doc(
        "parse_json", "minetest.parse_json", "weather_station_reports", "Weather station reports",
        "a command that reads a weather report given as JSON", init,
        ["`/report_weather <json>` parses its parameter with `minetest.parse_json`; for an object with a number "
         "`temp` and a string `wind` it answers `\"<temp> C, wind <wind>\"`, followed by `\", rain\"` when the "
         "object's `rain` is `true`",
         "anything else (no object, a missing field, a field of the wrong type, `null`) answers `false` and a "
         "short description of the expected object"],
        "`{\"temp\": 21, \"wind\": \"NE\"}` gives `21 C, wind NE`, a rainy report adds `, rain`, and `{\"wind\": "
        "\"S\"}`, `[1, 2, 3]`, `null` and a string temperature are refused", {"chatcommands": ["report_weather"]},
        probes, [
            (_swap(init, 'if type(data) ~= "table" or type(data.temp) ~= "number" or type(data.wind) ~= "string" then',
                   "if not data then"), "runtime",
             "checks only that something was parsed: a report without `temp` concatenates nil and raises an error"),
            (_swap(init, 'local data = minetest.parse_json(param)',
                   'local data = {temp = tonumber(param:match(\'"temp":%s*(-?%d+)\')), '
                   'wind = param:match(\'"wind":%s*"(%a+)"\'), rain = param:find(\'"rain":%s*true\') ~= nil}'),
             "require_api", "scrapes the text with patterns instead of parsing the JSON"),
        ], reg_call=CHAT)


def strip_colors_chess():
    init = L('''
        local moves = {}

        minetest.register_chatcommand("log_move", {
            params = "<move>",
            description = "Write a move into the club's plain-text score sheet",
            func = function(name, param)
                local plain = minetest.strip_colors(param)
                if plain == "" then
                    return false, "Usage: /log_move <move>"
                end
                moves[#moves + 1] = plain
                return true, "Move " .. #moves .. ": " .. plain .. " (" .. #plain .. " characters)"
            end,
        })
    ''')
    probes = [probe("colour escapes are removed before logging", '''
        local move = minetest.colorize("#ff0000", "Qxf7") .. "+ " .. minetest.colorize("#00ff00", "check")
        local ok, msg = probe.chat("log_move", move)
        probe.eq(ok, true, "success")
        probe.eq(msg, "Move 1: Qxf7+ check (11 characters)", "first move")
        local _, second = probe.chat("log_move", "e4")
        probe.eq(second, "Move 2: e4 (2 characters)", "second move")
        probe.eq(probe.chat("log_move", minetest.colorize("#0000ff", "")), false, "only escapes")
    ''')]
    return "chess_club", doc(
        "strip_colors", "minetest.strip_colors", "chess_club_sheet", "Chess club score sheet",
        "a score-sheet command that stores moves as plain text", init,
        ["`/log_move <move>` removes colour escape sequences from the move with `minetest.strip_colors`, appends "
         "the plain text to a list kept in a local table and answers `\"Move <n>: <plain> (<length> characters)\"`",
         "a move that is empty once stripped answers `false` and a usage message"],
        "a move written as `minetest.colorize(\"#ff0000\", \"Qxf7\") .. \"+ \" .. minetest.colorize(\"#00ff00\", "
        "\"check\")` is logged as `Move 1: Qxf7+ check (11 characters)`, and a move of escapes only is refused",
        {"chatcommands": ["log_move"]}, probes, [
            (_swap(init, "minetest.strip_colors(param)", 'param:gsub("\\27", "")'), "require_api",
             "removes only the escape character and leaves the `(c@#ff0000)` parts in the text"),
            (_swap(init, '" (" .. #plain .. " characters)"', '" (" .. #param .. " characters)"'), "logic",
             "counts the characters of the coloured text, escapes included"),
        ], reg_call=CHAT)


def string_to_privs_vault():
    init = L('''
        minetest.register_chatcommand("vault_privs", {
            params = "<priv>, <priv>, ...",
            description = "Check which privileges of a comma-separated list exist",
            func = function(name, param)
                local known, unknown = {}, {}
                for priv in pairs(minetest.string_to_privs(param)) do
                    if minetest.registered_privileges[priv] then
                        known[#known + 1] = priv
                    else
                        unknown[#unknown + 1] = priv
                    end
                end
                if #known + #unknown == 0 then
                    return false, "Usage: /vault_privs <priv>, <priv>, ..."
                end
                table.sort(known)
                table.sort(unknown)
                return true, "Known: " .. table.concat(known, ", ") .. "; unknown: " .. table.concat(unknown, ", ")
            end,
        })
    ''')
    probes = [probe("the list is split, trimmed and sorted", '''
        local ok, msg = probe.chat("vault_privs", "shout, interact,fly,  open_vault ")
        probe.eq(ok, true, "success")
        probe.eq(msg, "Known: fly, interact, shout; unknown: open_vault", "answer")
        local _, one = probe.chat("vault_privs", "kick")
        probe.eq(one, "Known: kick; unknown: ", "single privilege")
        probe.eq(probe.chat("vault_privs", ""), false, "empty list")
    ''')]
    return "bank_vault", doc(
        "string_to_privs", "minetest.string_to_privs", "bank_vault_privs", "Bank vault privilege check",
        "a command that checks a comma-separated list of privileges", init,
        ["`/vault_privs <list>` turns the comma-separated list into a privilege set with "
         "`minetest.string_to_privs` (which also trims spaces), splits it into privileges that are registered "
         "(`minetest.registered_privileges`) and ones that are not, sorts both and answers "
         "`\"Known: <a>, <b>; unknown: <c>, <d>\"`",
         "an empty list answers `false` and a usage message"],
        "`/vault_privs shout, interact,fly,  open_vault ` answers `Known: fly, interact, shout; unknown: "
        "open_vault`", {"chatcommands": ["vault_privs"]}, probes, [
            (_swap(init, "minetest.string_to_privs(param)", 'minetest.string_to_privs(param, " ")'), "logic",
             "splits at spaces, so `shout,` and `interact,fly,` are taken as privilege names"),
            (_swap(init, "for priv in pairs(minetest.string_to_privs(param)) do",
                   'for _, priv in ipairs(param:split(",")) do'), "require_api",
             "splits by hand without trimming: ` interact` is not a known privilege"),
        ], reg_call=CHAT)


def yaw_to_dir_airship():
    init = L('''
        local function round2(v)
            return math.floor(v * 100 + 0.5) / 100
        end

        minetest.register_chatcommand("heading", {
            params = "<degrees>",
            description = "Show the horizontal direction of a compass heading",
            func = function(name, param)
                local degrees = tonumber(param)
                if not degrees then
                    return false, "Usage: /heading <degrees>"
                end
                local dir = minetest.yaw_to_dir(math.rad(degrees))
                return true, "Heading " .. degrees .. ": x=" .. round2(dir.x) .. " z=" .. round2(dir.z)
            end,
        })
    ''')
    probes = [probe("headings become direction vectors", '''
        local want = {
            ["0"] = "Heading 0: x=0 z=1",
            ["90"] = "Heading 90: x=-1 z=0",
            ["180"] = "Heading 180: x=0 z=-1",
            ["45"] = "Heading 45: x=-0.71 z=0.71",
        }
        for param, expected in pairs(want) do
            local ok, msg = probe.chat("heading", param)
            probe.eq(ok, true, param)
            probe.eq(msg, expected, "heading " .. param)
        end
        probe.eq(probe.chat("heading", "north"), false, "not a number")
    ''')]
    return "airship", doc(
        "yaw_to_dir", "minetest.yaw_to_dir", "airship_compass", "Airship compass",
        "a compass command that turns a heading into a direction", init,
        ["`/heading <degrees>` converts the degrees to radians (`math.rad`), gets the horizontal direction with "
         "`minetest.yaw_to_dir` and answers `\"Heading <degrees>: x=<x> z=<z>\"`, each component rounded to two "
         "decimals with `math.floor(v * 100 + 0.5) / 100`",
         "a parameter that is not a number answers `false` and a usage message"],
        "headings 0, 90, 180 and 45 answer `x=0 z=1`, `x=-1 z=0`, `x=0 z=-1` and `x=-0.71 z=0.71`",
        {"chatcommands": ["heading"]}, probes, [
            (_swap(init, "minetest.yaw_to_dir(math.rad(degrees))", "minetest.yaw_to_dir(degrees)"), "logic",
             "passes degrees where the API takes radians"),
            (_swap(init, "local dir = minetest.yaw_to_dir(math.rad(degrees))",
                   "local dir = {x = math.sin(math.rad(degrees)), z = math.cos(math.rad(degrees))}"), "require_api",
             "computes the direction by hand with the wrong sign of x (yaw turns counter-clockwise)"),
        ], reg_call=CHAT)


def set_timeofday_fire():
    init = L('''
        local SHIFTS = {day = 0.3, night = 0.9}

        minetest.register_chatcommand("shift", {
            params = "day | night",
            description = "Start the day or the night shift (sets the time of day)",
            privs = {settime = true},
            func = function(name, param)
                local t = SHIFTS[param]
                if not t then
                    return false, "Usage: /shift day | night"
                end
                minetest.set_timeofday(t)
                local minutes = math.floor(minetest.get_timeofday() * 24 * 60 + 0.5)
                return true, ("Shift changed: time is now %02d:%02d"):format(math.floor(minutes / 60), minutes % 60)
            end,
        })
    ''')
    probes = [probe("shifts set the time of day", '''
        local ok, msg = probe.chat("shift", "night")
        probe.eq(ok, true, "night")
        probe.assert(math.abs(minetest.get_timeofday() - 0.9) < 0.001, "time of day " .. minetest.get_timeofday())
        probe.eq(msg, "Shift changed: time is now 21:36", "night message")
        local _, day = probe.chat("shift", "day")
        probe.assert(math.abs(minetest.get_timeofday() - 0.3) < 0.001, "time of day " .. minetest.get_timeofday())
        probe.eq(day, "Shift changed: time is now 07:12", "day message")
        probe.eq(probe.chat("shift", "lunch"), false, "unknown shift")
    '''), probe("the command needs the settime privilege", '''
        local privs = minetest.registered_chatcommands["shift"].privs
        probe.assert(type(privs) == "table" and privs.settime, "privs must be {settime = true}")
    ''')]
    return "fire_station", doc(
        "set_timeofday", "minetest.set_timeofday", "fire_station_shifts", "Fire station shifts",
        "a shift command that sets the time of day", init,
        ["`/shift day` and `/shift night` set the time of day with `minetest.set_timeofday` to 0.3 and 0.9 "
         "(fractions of a day, not hours) and answer `\"Shift changed: time is now HH:MM\"`, the time read back "
         "with `minetest.get_timeofday` and rounded to the minute",
         "the command requires the `settime` privilege; any other parameter answers `false` and a usage message"],
        "`/shift night` makes `minetest.get_timeofday()` 0.9 and answers `21:36`; `/shift day` gives 0.3 and "
        "`07:12`", {"chatcommands": ["shift"]}, probes, [
            (_swap(init, "local SHIFTS = {day = 0.3, night = 0.9}", "local SHIFTS = {day = 7.2, night = 21.6}"),
             "runtime", "passes hours; set_timeofday only accepts a fraction between 0 and 1"),
            (_swap(init, "local SHIFTS = {day = 0.3, night = 0.9}", "local SHIFTS = {day = 0.9, night = 0.3}"),
             "logic", "day and night are swapped"),
        ], reg_call=CHAT, extra_api=["minetest.get_timeofday"])


# ---- player events -------------------------------------------------------------------------------------------
def on_player_receive_fields_quiz():
    init = L('''
        local FORM = "school_quiz:question"

        minetest.register_chatcommand("quiz", {
            description = "Open the arithmetic quiz",
            func = function(name)
                minetest.show_formspec(name, FORM, "size[6,3]label[0.5,0.3;What is 7 x 6?]" ..
                    "field[0.8,1.5;3,1;answer;;]button_exit[3.8,1.2;2,1;submit;Answer]")
                return true, "Quiz opened"
            end,
        })

        minetest.register_on_player_receive_fields(function(player, formname, fields)
            if formname ~= FORM then
                return false
            end
            if fields.answer then
                local name = player:get_player_name()
                if fields.answer:trim() == "42" then
                    local meta = player:get_meta()
                    meta:set_int("school_quiz:solved", meta:get_int("school_quiz:solved") + 1)
                    minetest.chat_send_player(name, "Correct!")
                else
                    minetest.chat_send_player(name, "Wrong, try again")
                end
            end
            return true
        end)
    ''')
    probes = [probe("answers submitted on the quiz form are graded", '''
        local p = probe.player("kim")
        local function submit(formname, fields)
            for _, cb in ipairs(minetest.registered_on_player_receive_fields) do
                if cb(p, formname, fields) then
                    return true
                end
            end
            return false
        end
        probe.eq(select(2, probe.chat("quiz", "", "kim")), "Quiz opened", "command")
        probe.eq(submit("school_quiz:question", {answer = " 42 ", submit = "Answer"}), true, "handled")
        probe.eq(p:get_meta():get_int("school_quiz:solved"), 1, "solved count")
        submit("school_quiz:question", {answer = "41", submit = "Answer"})
        probe.eq(p:get_meta():get_int("school_quiz:solved"), 1, "a wrong answer does not count")
        local texts = {}
        for _, m in ipairs(probe.messages()) do
            if m.to == "kim" then texts[#texts + 1] = m.text end
        end
        probe.eq(table.concat(texts, "|"), "Correct!|Wrong, try again", "messages")
    '''), probe("other forms are left alone", '''
        local p = probe.player("lou")
        for _, cb in ipairs(minetest.registered_on_player_receive_fields) do
            if cb(p, "other_mod:form", {answer = "42"}) then break end
        end
        probe.eq(p:get_meta():get_int("school_quiz:solved"), 0, "not counted")
        probe.eq(#probe.messages(), 0, "no message")
    ''')]
    return "school", doc(
        "on_player_receive_fields", "minetest.register_on_player_receive_fields", "school_quiz",
        "Village school quiz", "a quiz form whose answers are graded by a form handler", init,
        ["`/quiz` shows the formspec `school_quiz:question` (a label asking `What is 7 x 6?`, a field `answer` and "
         "an exit button) with `minetest.show_formspec` and answers `\"Quiz opened\"`",
         "a handler registered with `minetest.register_on_player_receive_fields` ignores other form names "
         "(returns false); for this form, when `fields.answer` is set, a trimmed answer of `42` adds 1 to the "
         "player's meta int `school_quiz:solved` and sends `Correct!` to the player, any other answer sends "
         "`Wrong, try again`; the handler returns true for its own form"],
        "submitting ` 42 ` counts one solve and sends `Correct!`, `41` sends `Wrong, try again`, and a "
        "submission of another form changes nothing", {"chatcommands": ["quiz"]}, probes, [
            (_swap(init, "    if formname ~= FORM then\n        return false\n    end\n".replace("    ", "\t"), ""),
             "logic", "does not check the form name, so answers from any other form are graded too"),
            (_swap(init, 'fields.answer:trim() == "42"', 'fields.answer == "42"'), "logic",
             "compares the untrimmed answer, so ` 42 ` is marked wrong"),
        ], reg_call=CHAT)


def on_joinplayer_museum():
    init = L('''
        minetest.register_on_joinplayer(function(player, last_login)
            local meta = player:get_meta()
            local visits = meta:get_int("museum_guestbook:visits") + 1
            meta:set_int("museum_guestbook:visits", visits)
            local name = player:get_player_name()
            if visits == 1 then
                minetest.chat_send_player(name, "Welcome to the museum, " .. name .. "!")
            else
                minetest.chat_send_player(name, "Welcome back, " .. name .. " (visit " .. visits .. ")")
            end
        end)

        minetest.register_chatcommand("visits", {
            description = "Show how often you have visited the museum",
            func = function(name)
                local player = minetest.get_player_by_name(name)
                if not player then
                    return false, "You are not online"
                end
                return true, name .. ": " .. player:get_meta():get_int("museum_guestbook:visits") .. " visits"
            end,
        })
    ''')
    probes = [probe("joins are counted and greeted", '''
        local function joined(name)
            local p = probe.player(name)
            for _, cb in ipairs(minetest.registered_on_joinplayers) do cb(p, nil) end
        end
        joined("ada")
        joined("ada")
        joined("bo")
        local texts = {}
        for _, m in ipairs(probe.messages()) do
            if m.text:find("^Welcome") then texts[#texts + 1] = m.to .. ">" .. m.text end
        end
        probe.eq(table.concat(texts, "|"), "ada>Welcome to the museum, ada!|ada>Welcome back, ada (visit 2)|" ..
            "bo>Welcome to the museum, bo!", "greetings")
        probe.eq(select(2, probe.chat("visits", "", "ada")), "ada: 2 visits", "ada")
        probe.eq(select(2, probe.chat("visits", "", "bo")), "bo: 1 visits", "bo")
    ''')]
    return "museum", doc(
        "on_joinplayer", "minetest.register_on_joinplayer", "museum_guestbook", "Museum guest book",
        "a guest book that greets and counts every visit", init,
        ["with `minetest.register_on_joinplayer`, every join adds 1 to the player's meta int "
         "`museum_guestbook:visits` (`player:get_meta()`) and sends the player `\"Welcome to the museum, "
         "<name>!\"` on the first visit and `\"Welcome back, <name> (visit <n>)\"` after that",
         "`/visits` answers `\"<name>: <n> visits\"` for the caller (found with `minetest.get_player_by_name`)"],
        "two joins of ada and one of bo send the three greetings in order, and `/visits` answers `ada: 2 visits`",
        {"chatcommands": ["visits"]}, probes, [
            (_swap(init, 'meta:get_int("museum_guestbook:visits") + 1', "1"), "logic",
             "never counts up: every visit is the first"),
            (_swap(init, "minetest.register_on_joinplayer(function(player, last_login)",
                   "minetest.register_on_newplayer(function(player)"), "require_api",
             "on_newplayer runs only for a player's very first join"),
        ], reg_call=CHAT)


def on_newplayer_dojo():
    init = L('''
        local KIT = {"default:sword_wood", "default:apple 5", "default:torch 10"}

        minetest.register_on_newplayer(function(player)
            local inv = player:get_inventory()
            for _, item in ipairs(KIT) do
                inv:add_item("main", item)
            end
            player:get_meta():set_string("dojo_starter:belt", "white")
        end)

        minetest.register_chatcommand("belt", {
            description = "Show your dojo belt",
            func = function(name)
                local player = minetest.get_player_by_name(name)
                if not player then
                    return false, "You are not online"
                end
                local belt = player:get_meta():get_string("dojo_starter:belt")
                return true, belt ~= "" and ("Your belt: " .. belt) or "You have no belt yet"
            end,
        })
    ''')
    probes = [probe("new players get the kit and a white belt", '''
        local p = probe.join("newbie")
        local inv = p:get_inventory()
        for _, item in ipairs({"default:sword_wood", "default:apple 5", "default:torch 10"}) do
            probe.assert(inv:contains_item("main", item), "missing " .. item)
        end
        probe.eq(select(2, probe.chat("belt", "", "newbie")), "Your belt: white", "belt")
    '''), probe("a returning player gets nothing", '''
        local p = probe.player("veteran")
        for _, cb in ipairs(minetest.registered_on_joinplayers) do cb(p, 12345) end
        probe.assert(p:get_inventory():is_empty("main"), "a plain join must not give the kit")
        probe.eq(select(2, probe.chat("belt", "", "veteran")), "You have no belt yet", "no belt")
    ''')]
    return "dojo", doc(
        "on_newplayer", "minetest.register_on_newplayer", "dojo_starter", "Dojo starter kit",
        "a starter kit that only brand-new players receive", init,
        ["with `minetest.register_on_newplayer`, a player joining for the first time gets `default:sword_wood`, "
         "`default:apple 5` and `default:torch 10` in the `main` list of their inventory and the meta string "
         "`dojo_starter:belt` set to `white`; later joins give nothing",
         "`/belt` answers `\"Your belt: <belt>\"`, or `\"You have no belt yet\"` when the meta string is empty"],
        "a new player holds the three stacks and `/belt` answers `Your belt: white`; a player who only runs the "
        "join callbacks has an empty inventory and no belt", {"chatcommands": ["belt"]}, probes, [
            (_swap(init, "minetest.register_on_newplayer(function(player)",
                   "minetest.register_on_joinplayer(function(player)"), "require_api",
             "gives the kit on every join instead of the first one"),
            (_swap(init, 'inv:add_item("main", item)', 'inv:add_item("craft", item)'), "logic",
             "puts the kit into the craft grid, which does not hold all three stacks, instead of `main`"),
        ], reg_call=CHAT)


def on_dieplayer_hospital():
    init = L('''
        minetest.register_on_dieplayer(function(player, reason)
            local meta = player:get_meta()
            meta:set_int("hospital_records:deaths", meta:get_int("hospital_records:deaths") + 1)
            meta:set_string("hospital_records:cause", reason and reason.type or "unknown")
        end)

        minetest.register_chatcommand("medical_record", {
            params = "[<player>]",
            description = "Show how often a player died and the last cause",
            func = function(name, param)
                local target = param ~= "" and param or name
                local player = minetest.get_player_by_name(target)
                if not player then
                    return false, target .. " is not online"
                end
                local meta = player:get_meta()
                return true, target .. ": " .. meta:get_int("hospital_records:deaths") .. " deaths, last cause: " ..
                    meta:get_string("hospital_records:cause")
            end,
        })
    ''')
    probes = [probe("deaths and their causes are recorded", '''
        local p = probe.player("lee")
        for _, reason in ipairs({{type = "fall"}, {type = "drown"}}) do
            for _, cb in ipairs(minetest.registered_on_dieplayers) do cb(p, reason) end
        end
        local ok, msg = probe.chat("medical_record", "lee", "doc")
        probe.eq(ok, true, "success")
        probe.eq(msg, "lee: 2 deaths, last cause: drown", "record")
        probe.eq(probe.chat("medical_record", "ghost", "doc"), false, "offline player")
    ''')]
    return "hospital", doc(
        "on_dieplayer", "minetest.register_on_dieplayer", "hospital_records", "Field hospital records",
        "medical records that count deaths and their causes", init,
        ["with `minetest.register_on_dieplayer`, each death adds 1 to the player's meta int "
         "`hospital_records:deaths` and stores `reason.type` (or `unknown` without a reason) in the meta string "
         "`hospital_records:cause`",
         "`/medical_record [<player>]` answers `\"<player>: <n> deaths, last cause: <cause>\"` for the named "
         "player (the caller by default), or `false, \"<player> is not online\"`"],
        "after a fall and a drowning, `/medical_record lee` answers `lee: 2 deaths, last cause: drown`",
        {"chatcommands": ["medical_record"]}, probes, [
            (_swap(init, 'reason and reason.type or "unknown"', '"unknown"'), "logic",
             "ignores the reason table the callback receives"),
            (_swap(init, 'meta:get_int("hospital_records:deaths") + 1', "1"), "logic",
             "does not count: every record says 1 death"),
        ], reg_call=CHAT)


def on_punchnode_arcade():
    init = L('''
        local scores = {}

        minetest.register_on_punchnode(function(pos, node, puncher, pointed_thing)
            if not puncher or not puncher:is_player() then
                return
            end
            if minetest.get_item_group(node.name, "cracky") == 0 then
                return
            end
            local name = puncher:get_player_name()
            scores[name] = (scores[name] or 0) + 1
        end)

        minetest.register_chatcommand("punch_score", {
            description = "How many stone-like nodes you have punched",
            func = function(name)
                return true, name .. " punched " .. (scores[name] or 0) .. " cracky nodes"
            end,
        })
    ''')
    probes = [probe("only cracky punches by players count", '''
        local zed = probe.player("zed")
        local pos = {x = 1, y = 1, z = 1}
        local function punch(nodename, who)
            for _, cb in ipairs(minetest.registered_on_punchnodes) do
                cb(pos, {name = nodename, param1 = 0, param2 = 0}, who, {type = "node", under = pos, above = pos})
            end
        end
        punch("default:stone", zed)
        punch("default:cobble", zed)
        punch("default:dirt", zed)
        punch("default:stone", nil)
        probe.eq(select(2, probe.chat("punch_score", "", "zed")), "zed punched 2 cracky nodes", "zed")
        probe.eq(select(2, probe.chat("punch_score", "", "amy")), "amy punched 0 cracky nodes", "amy")
    ''')]
    return "arcade", doc(
        "on_punchnode", "minetest.register_on_punchnode", "arcade_scores", "Arcade punch scores",
        "a punching game scored by a global node-punch callback", init,
        ["with `minetest.register_on_punchnode`, every punch of a node in the `cracky` group "
         "(`minetest.get_item_group`) by a player adds 1 to that player's score, kept in a local table; punches "
         "without a player puncher are ignored",
         "`/punch_score` answers `\"<name> punched <n> cracky nodes\"` for the caller"],
        "zed punching stone, cobble and dirt scores 2, a punch without a puncher changes nothing, and another "
        "player scores 0", {"chatcommands": ["punch_score"]}, probes, [
            (_swap(init, '    if minetest.get_item_group(node.name, "cracky") == 0 then\n        return\n    end\n'
                   .replace("    ", "\t"), ""), "logic", "counts every node, not only cracky ones"),
            (_swap(init, "    if not puncher or not puncher:is_player() then\n        return\n    end\n"
                   .replace("    ", "\t"), ""), "runtime",
             "a punch without a puncher calls a method on nil"),
        ], reg_call=CHAT)


def on_chat_message_court():
    init = L('''
        local objections = 0

        minetest.register_on_chat_message(function(name, message)
            if message:lower():find("objection", 1, true) then
                objections = objections + 1
                minetest.chat_send_all("Order in the court! (" .. objections .. " objections so far)")
                return true
            end
            return false
        end)
    ''')
    probes = [probe("objections are swallowed and counted", '''
        local function say(name, text)
            for _, cb in ipairs(minetest.registered_on_chat_messages) do
                if cb(name, text) then return true end
            end
            return false
        end
        probe.eq(say("ann", "Objection, your honour!"), true, "first objection handled")
        probe.eq(say("ben", "I like turtles"), false, "ordinary chat passes through")
        probe.eq(say("cy", "OBJECTION!!!"), true, "upper case")
        local texts = {}
        for _, m in ipairs(probe.messages()) do texts[#texts + 1] = m.to .. ">" .. m.text end
        probe.eq(table.concat(texts, "|"), "*>Order in the court! (1 objections so far)|" ..
            "*>Order in the court! (2 objections so far)", "broadcasts")
    ''')]
    return "courthouse", doc(
        "on_chat_message", "minetest.register_on_chat_message", "courthouse_order", "Courthouse order",
        "a chat filter that keeps order in the court", init,
        ["with `minetest.register_on_chat_message`, a chat message containing `objection` in any letter case is "
         "counted in a local counter, answered for everybody with `minetest.chat_send_all(\"Order in the court! "
         "(<n> objections so far)\")` and swallowed (the callback returns true)",
         "other messages pass through unchanged (the callback returns false)"],
        "`Objection, your honour!` and `OBJECTION!!!` are swallowed with two numbered broadcasts, `I like "
        "turtles` passes through", {}, probes, [
            (_swap(init, 'message:lower():find("objection", 1, true)', 'message:find("objection", 1, true)'),
             "logic", "case-sensitive: `Objection` and `OBJECTION` are not caught"),
            (_swap(init, "\t\treturn true\n", "\t\treturn false\n"), "logic",
             "broadcasts but does not swallow the message"),
        ])


# ---- the map ---------------------------------------------------------------------------------------------------
def line_of_sight_archery():
    init = L('''
        minetest.register_chatcommand("line_check", {
            params = "<x>,<y>,<z> <x>,<y>,<z>",
            description = "Check whether an arrow could fly between two positions",
            func = function(name, param)
                local a, b = param:match("^(%S+)%s+(%S+)$")
                local p1 = a and minetest.string_to_pos(a)
                local p2 = b and minetest.string_to_pos(b)
                if not p1 or not p2 then
                    return false, "Usage: /line_check <x>,<y>,<z> <x>,<y>,<z>"
                end
                local clear, blocker = minetest.line_of_sight(p1, p2)
                if clear then
                    return true, "Clear shot"
                end
                return true, "Blocked by " .. minetest.get_node(blocker).name .. " at " ..
                    minetest.pos_to_string(blocker)
            end,
        })
    ''')
    probes = [probe("reports the first blocking node", '''
        probe.area({x = 0, y = 0, z = 0}, {x = 12, y = 4, z = 4})
        probe.eq(select(2, probe.chat("line_check", "1,2,1 10,2,1")), "Clear shot", "empty range")
        probe.set_node({x = 7, y = 2, z = 1}, "default:wood")
        probe.set_node({x = 4, y = 2, z = 1}, "default:stone")
        probe.eq(select(2, probe.chat("line_check", "1,2,1 10,2,1")), "Blocked by default:stone at (4,2,1)",
            "the nearer node blocks")
        probe.eq(select(2, probe.chat("line_check", "1,3,1 10,3,1")), "Clear shot", "a row higher")
        probe.eq(probe.chat("line_check", "1,2,1"), false, "one position only")
    ''')]
    return "archery_range", doc(
        "line_of_sight", "minetest.line_of_sight", "archery_range_sights", "Archery range sights",
        "a command that checks whether an arrow has a clear line between two points", init,
        ["`/line_check <x>,<y>,<z> <x>,<y>,<z>` reads both positions with `minetest.string_to_pos` and calls "
         "`minetest.line_of_sight(p1, p2)`; it answers `\"Clear shot\"`, or `\"Blocked by <node name> at "
         "(x,y,z)\"` naming the first blocking position the API returns (`minetest.pos_to_string`)",
         "a parameter that is not two positions answers `false` and a usage message"],
        "an empty range is clear; with stone at (4,2,1) and wood at (7,2,1), the line from (1,2,1) to (10,2,1) is "
        "`Blocked by default:stone at (4,2,1)`", {"chatcommands": ["line_check"]}, probes, [
            (_swap(init, "minetest.line_of_sight(p1, p2)", "minetest.line_of_sight(p2, p1)"), "logic",
             "looks from the far end, so it reports the other blocking node"),
            (_swap(init, '"Blocked by " .. minetest.get_node(blocker).name .. " at " ..\n\t\t\tminetest.pos_to_string(blocker)',
                   '"Blocked by " .. tostring(blocker)'), "logic",
             "treats the second return value as a name; it is a position"),
        ], reg_call=CHAT, extra_api=["minetest.string_to_pos"])


def raycast_stadium():
    init = L('''
        minetest.register_chatcommand("laser", {
            params = "<x>,<y>,<z> <x>,<y>,<z>",
            description = "List the solid nodes a laser beam passes through (liquids ignored)",
            func = function(name, param)
                local a, b = param:match("^(%S+)%s+(%S+)$")
                local p1 = a and minetest.string_to_pos(a)
                local p2 = b and minetest.string_to_pos(b)
                if not p1 or not p2 then
                    return false, "Usage: /laser <x>,<y>,<z> <x>,<y>,<z>"
                end
                local hits = {}
                for pointed in minetest.raycast(p1, p2, false, false) do
                    if pointed.type == "node" then
                        hits[#hits + 1] = minetest.get_node(pointed.under).name
                    end
                end
                return true, #hits .. " hits: " .. table.concat(hits, ", ")
            end,
        })
    ''')
    probes = [probe("lists the nodes along the beam in order", '''
        probe.area({x = 0, y = 0, z = 0}, {x = 12, y = 4, z = 4})
        probe.set_node({x = 8, y = 2, z = 2}, "default:dirt")
        probe.set_node({x = 3, y = 2, z = 2}, "default:stone")
        probe.set_node({x = 5, y = 2, z = 2}, "default:water_source")
        probe.set_node({x = 6, y = 2, z = 2}, "default:glass")
        local ok, msg = probe.chat("laser", "1,2,2 10,2,2")
        probe.eq(ok, true, "success")
        probe.eq(msg, "3 hits: default:stone, default:glass, default:dirt", "hits")
        probe.eq(select(2, probe.chat("laser", "1,3,2 10,3,2")), "0 hits: ", "above the nodes")
    ''')]
    return "stadium", doc(
        "raycast", "minetest.raycast", "stadium_laser", "Stadium laser show",
        "a laser command that lists the nodes a beam passes through", init,
        ["`/laser <x>,<y>,<z> <x>,<y>,<z>` iterates `minetest.raycast(p1, p2, false, false)` (no objects, no "
         "liquids) and collects the node name at `pointed.under` of every `node` pointed thing, in the order the "
         "ray meets them",
         "it answers `\"<n> hits: <name>, <name>, ...\"`; a parameter that is not two positions answers `false` "
         "and a usage message"],
        "with stone, water, glass and dirt on the beam's row, `/laser 1,2,2 10,2,2` answers `3 hits: "
        "default:stone, default:glass, default:dirt` (the water is not hit)", {"chatcommands": ["laser"]}, probes, [
            (_swap(init, "minetest.raycast(p1, p2, false, false)", "minetest.raycast(p1, p2, false, true)"), "logic",
             "`liquids = true` makes the water source a hit"),
            (_swap(init, "hits[#hits + 1] = minetest.get_node(pointed.under).name",
                   "hits[#hits + 1] = minetest.get_node(pointed.above).name"), "logic",
             "reads the node in front of the hit face (`above`, air) instead of the hit node (`under`)"),
        ], reg_call=CHAT)


def bulk_set_node_racetrack():
    init = L('''
        minetest.register_node("racetrack_lines:finish_line", {
            description = "Finish Line",
            tiles = {"racetrack_lines_finish_line.png"},
            groups = {cracky = 3},
        })

        minetest.register_chatcommand("finish_line", {
            params = "<x>,<y>,<z> <length>",
            description = "Paint a finish line of 1 to 32 nodes along +x",
            privs = {give = true},
            func = function(name, param)
                local p, n = param:match("^(%S+)%s+(%d+)$")
                local start = p and minetest.string_to_pos(p)
                local length = tonumber(n)
                if not start or not length or length < 1 or length > 32 then
                    return false, "Usage: /finish_line <x>,<y>,<z> <length 1-32>"
                end
                local positions = {}
                for i = 0, length - 1 do
                    positions[#positions + 1] = vector.add(start, {x = i, y = 0, z = 0})
                end
                minetest.bulk_set_node(positions, {name = "racetrack_lines:finish_line"})
                return true, "Painted " .. #positions .. " nodes"
            end,
        })
    ''')
    probes = [probe("paints exactly the requested line", '''
        probe.area({x = 0, y = 0, z = 0}, {x = 12, y = 3, z = 5})
        local ok, msg = probe.chat("finish_line", "2,1,3 5")
        probe.eq(ok, true, "success")
        probe.eq(msg, "Painted 5 nodes", "message")
        for x = 2, 6 do
            probe.eq(probe.get_node({x = x, y = 1, z = 3}), "racetrack_lines:finish_line", "x=" .. x)
        end
        probe.eq(probe.get_node({x = 1, y = 1, z = 3}), "air", "before the start")
        probe.eq(probe.get_node({x = 7, y = 1, z = 3}), "air", "after the end")
        probe.eq(probe.chat("finish_line", "2,1,3 40"), false, "too long")
        probe.eq(probe.chat("finish_line", "2,1,3 0"), false, "empty")
    ''')]
    return "racetrack", doc(
        "bulk_set_node", "minetest.bulk_set_node", "racetrack_lines", "Racetrack lines",
        "a command that paints a finish line in one bulk operation", init,
        ["register the node `racetrack_lines:finish_line` (\"Finish Line\", `cracky = 3`)",
         "`/finish_line <x>,<y>,<z> <length>` (privilege `give`) collects the positions start, start+1x, ... "
         "(`length` nodes along +x) and sets them all with one `minetest.bulk_set_node` call, answering "
         "`\"Painted <n> nodes\"`; a length outside 1-32 or a bad position answers `false` and a usage message"],
        "`/finish_line 2,1,3 5` paints x = 2..6 at y = 1, z = 3 and nothing before or after; lengths 40 and 0 are "
        "refused", {"nodes": ["racetrack_lines:finish_line"], "chatcommands": ["finish_line"]}, probes, [
            (_swap(init, "for i = 0, length - 1 do", "for i = 0, length do"), "logic",
             "paints one node too many"),
            (_swap(init, 'minetest.bulk_set_node(positions, {name = "racetrack_lines:finish_line"})',
                   'minetest.bulk_set_node(positions, "racetrack_lines:finish_line")'), "runtime",
             "passes a bare name; the node argument must be a table `{name = ...}`"),
        ], reg_call=NODE, reg_name="racetrack_lines:finish_line")


def voxel_manip_dam():
    init = L('''
        minetest.register_chatcommand("pump_out", {
            params = "<x>,<y>,<z> <x>,<y>,<z>",
            description = "Replace the water in a box (at most 4096 nodes) with air",
            privs = {server = true},
            func = function(name, param)
                local a, b = param:match("^(%S+)%s+(%S+)$")
                local p1 = a and minetest.string_to_pos(a)
                local p2 = b and minetest.string_to_pos(b)
                if not p1 or not p2 then
                    return false, "Usage: /pump_out <x>,<y>,<z> <x>,<y>,<z>"
                end
                local minp = {x = math.min(p1.x, p2.x), y = math.min(p1.y, p2.y), z = math.min(p1.z, p2.z)}
                local maxp = {x = math.max(p1.x, p2.x), y = math.max(p1.y, p2.y), z = math.max(p1.z, p2.z)}
                if (maxp.x - minp.x + 1) * (maxp.y - minp.y + 1) * (maxp.z - minp.z + 1) > 4096 then
                    return false, "The box is larger than 4096 nodes"
                end
                local c_air = minetest.get_content_id("air")
                local c_source = minetest.get_content_id("default:water_source")
                local c_flowing = minetest.get_content_id("default:water_flowing")
                local vm = minetest.get_voxel_manip()
                local emin, emax = vm:read_from_map(minp, maxp)
                local area = VoxelArea:new({MinEdge = emin, MaxEdge = emax})
                local data = vm:get_data()
                local count = 0
                for i in area:iterp(minp, maxp) do
                    if data[i] == c_source or data[i] == c_flowing then
                        data[i] = c_air
                        count = count + 1
                    end
                end
                vm:set_data(data)
                vm:write_to_map()
                return true, "Pumped out " .. count .. " water nodes"
            end,
        })
    ''')
    probes = [probe("water inside the box becomes air, outside stays", '''
        probe.area({x = 0, y = 0, z = 0}, {x = 20, y = 6, z = 20})
        local inside = {{x = 2, y = 2, z = 2}, {x = 4, y = 3, z = 2}, {x = 3, y = 2, z = 4}}
        for _, p in ipairs(inside) do probe.set_node(p, "default:water_source") end
        probe.set_node({x = 3, y = 3, z = 3}, "default:stone")
        probe.set_node({x = 6, y = 2, z = 2}, "default:water_source")
        local ok, msg = probe.chat("pump_out", "4,3,4 2,2,2")
        probe.eq(ok, true, "success")
        probe.eq(msg, "Pumped out 3 water nodes", "count")
        for _, p in ipairs(inside) do probe.eq(probe.get_node(p), "air", minetest.pos_to_string(p)) end
        probe.eq(probe.get_node({x = 3, y = 3, z = 3}), "default:stone", "stone kept")
        probe.eq(probe.get_node({x = 6, y = 2, z = 2}), "default:water_source", "outside the box")
        probe.eq(probe.chat("pump_out", "0,0,0 20,20,20"), false, "too large")
    ''')]
    return "dam", doc(
        "voxel_manip", "minetest.get_voxel_manip", "dam_pumps", "Hydro dam pumps",
        "a pump command that drains a box of water with a VoxelManip", init,
        ["`/pump_out <x>,<y>,<z> <x>,<y>,<z>` (privilege `server`) sorts the corners, refuses boxes of more "
         "than 4096 nodes (`false` and a message), and otherwise reads the box with `minetest.get_voxel_manip()` "
         "and `read_from_map`, walks exactly the box with a `VoxelArea` (`area:iterp(minp, maxp)`), turns every "
         "`default:water_source` and `default:water_flowing` content id (`minetest.get_content_id`) into air, "
         "writes the data back with `set_data` and `write_to_map` and answers `\"Pumped out <n> water nodes\"`",
         "a parameter that is not two positions answers `false` and a usage message"],
        "with three water sources in the box from (2,2,2) to (4,3,4) and one just outside, `/pump_out 4,3,4 "
        "2,2,2` answers `Pumped out 3 water nodes`, leaves a stone inside and the outside water alone",
        {"chatcommands": ["pump_out"]}, probes, [
            (_swap(init, "for i in area:iterp(minp, maxp) do", "for i = 1, #data do"), "logic",
             "walks the whole emerged area, which is larger than the box, and drains water outside it"),
            (_swap(init, "\t\tvm:write_to_map()\n", ""), "logic",
             "never writes the changed data back to the map"),
        ], reg_call=CHAT, extra_api=["minetest.get_content_id"])


def place_schematic_treehouse():
    init = L('''
        local WOOD = {name = "default:wood"}
        local FENCE = {name = "default:fence_wood"}
        local KEEP = {name = "air", prob = 0}

        -- 4 wide (x), 2 high (y), 2 deep (z); `data` runs z, then y, then x (x fastest)
        local data = {}
        for z = 0, 1 do
            for y = 0, 1 do
                for x = 0, 3 do
                    local node = KEEP
                    if y == 0 then
                        node = WOOD
                    elseif x == 0 or x == 3 then
                        node = FENCE
                    end
                    data[#data + 1] = node
                end
            end
        end
        local PLATFORM = {size = {x = 4, y = 2, z = 2}, data = data}

        minetest.register_chatcommand("treehouse_platform", {
            params = "<x>,<y>,<z>",
            description = "Place a 4x2 wooden platform with fence posts at both ends",
            privs = {give = true},
            func = function(name, param)
                local pos = minetest.string_to_pos(param)
                if not pos then
                    return false, "Usage: /treehouse_platform <x>,<y>,<z>"
                end
                minetest.place_schematic(pos, PLATFORM, "0", nil, true)
                return true, "Platform placed at " .. minetest.pos_to_string(pos)
            end,
        })
    ''')
    probes = [probe("the platform is placed from the given corner", '''
        probe.area({x = 0, y = 0, z = 0}, {x = 10, y = 6, z = 10})
        probe.set_node({x = 4, y = 3, z = 3}, "default:stone")
        local ok, msg = probe.chat("treehouse_platform", "3,2,3")
        probe.eq(ok, true, "success")
        probe.eq(msg, "Platform placed at (3,2,3)", "message")
        for x = 3, 6 do
            for z = 3, 4 do
                probe.eq(probe.get_node({x = x, y = 2, z = z}), "default:wood", "floor " .. x .. "," .. z)
            end
        end
        for _, z in ipairs({3, 4}) do
            probe.eq(probe.get_node({x = 3, y = 3, z = z}), "default:fence_wood", "west post " .. z)
            probe.eq(probe.get_node({x = 6, y = 3, z = z}), "default:fence_wood", "east post " .. z)
        end
        probe.eq(probe.get_node({x = 4, y = 3, z = 3}), "default:stone", "prob 0 leaves the old node")
        probe.eq(probe.get_node({x = 5, y = 3, z = 4}), "air", "nothing between the posts")
        probe.eq(probe.get_node({x = 7, y = 2, z = 3}), "air", "nothing beyond the platform")
    ''')]
    return "treehouse", doc(
        "place_schematic", "minetest.place_schematic", "treehouse_kits", "Treehouse kits",
        "a command that places a small platform from a Lua schematic table", init,
        ["build a Lua schematic table `{size = {x = 4, y = 2, z = 2}, data = ...}` whose `data` lists the nodes "
         "in the documented `[z [y [x]]]` order: the bottom layer all `default:wood`, the top layer "
         "`default:fence_wood` at x = 0 and x = 3 and `{name = \"air\", prob = 0}` (never placed) in between",
         "`/treehouse_platform <x>,<y>,<z>` (privilege `give`) places it with its minimum corner at the position "
         "using `minetest.place_schematic(pos, schematic, \"0\", nil, true)` and answers `\"Platform placed at "
         "(x,y,z)\"`; a bad position answers `false` and a usage message"],
        "`/treehouse_platform 3,2,3` lays wood on x = 3..6, z = 3..4 at y = 2, fence posts at x = 3 and x = 6 "
        "above it, and leaves a stone that stood between the posts in place",
        {"chatcommands": ["treehouse_platform"]}, probes, [
            (_swap(init, 'local KEEP = {name = "air", prob = 0}', 'local KEEP = {name = "air"}'), "logic",
             "without `prob = 0` the air is placed too and wipes what stood between the posts"),
            (_swap(init, 'minetest.place_schematic(pos, PLATFORM, "0", nil, true)',
                   'minetest.place_schematic(pos, PLATFORM, "0", nil, true, "place_center_x")'), "logic",
             "centres the platform on x, so it does not start at the given corner"),
        ], reg_call=CHAT)


# ---- registration ---------------------------------------------------------------------------------------------
def register_alias_toys():
    init = L('''
        minetest.register_node("toy_workshop:rocking_horse", {
            description = "Rocking Horse",
            tiles = {"toy_workshop_rocking_horse.png"},
            groups = {choppy = 2, oddly_breakable_by_hand = 2},
        })

        minetest.register_craftitem("toy_workshop:spinning_top", {
            description = "Spinning Top",
            inventory_image = "toy_workshop_spinning_top.png",
        })

        -- this mod used to be called "toys": keep old worlds and inventories working
        minetest.register_alias("toys:rocking_horse", "toy_workshop:rocking_horse")
        minetest.register_alias("toys:top", "toy_workshop:spinning_top")
    ''')
    probes = [probe("the old names resolve to the new items", '''
        probe.eq(minetest.registered_aliases["toys:rocking_horse"], "toy_workshop:rocking_horse", "horse alias")
        probe.eq(minetest.registered_aliases["toys:top"], "toy_workshop:spinning_top", "top alias")
        probe.eq(minetest.registered_nodes["toys:rocking_horse"].name, "toy_workshop:rocking_horse", "node lookup")
        probe.eq(minetest.registered_items["toys:top"].name, "toy_workshop:spinning_top", "item lookup")
        probe.eq(minetest.registered_items["toy_workshop:rocking_horse"].description, "Rocking Horse", "new name")
    ''')]
    return "toy_workshop", doc(
        "register_alias", "minetest.register_alias", "toy_workshop", "Toy workshop",
        "a renamed toy mod that keeps its old item names working", init,
        ["register the node `toy_workshop:rocking_horse` (\"Rocking Horse\", `choppy = 2`, "
         "`oddly_breakable_by_hand = 2`) and the craftitem `toy_workshop:spinning_top` (\"Spinning Top\")",
         "the mod used to be called `toys`: with `minetest.register_alias` make `toys:rocking_horse` and "
         "`toys:top` resolve to the two new names"],
        "`minetest.registered_aliases` maps `toys:rocking_horse` and `toys:top` to the new names, and looking "
        "the old names up in `minetest.registered_nodes` / `registered_items` finds the new definitions",
        {"nodes": ["toy_workshop:rocking_horse"], "craftitems": ["toy_workshop:spinning_top"]}, probes, [
            (_swap(init, 'minetest.register_alias("toys:rocking_horse", "toy_workshop:rocking_horse")',
                   'minetest.register_alias("toy_workshop:rocking_horse", "toys:rocking_horse")'), "logic",
             "arguments swapped: the alias name comes first, the existing item second"),
            (_swap(init, 'minetest.register_alias("toys:top", "toy_workshop:spinning_top")',
                   'minetest.register_alias("toys:spinning_top", "toy_workshop:spinning_top")'), "logic",
             "aliases a name the old mod never had (`toys:spinning_top` instead of `toys:top`)"),
        ], reg_call=NODE, reg_name="toy_workshop:rocking_horse")


def clear_craft_garage():
    init = L('''
        -- steel ladders are too cheap in default (15 from 7 ingots): replace the recipe
        minetest.clear_craft({output = "default:ladder_steel"})

        minetest.register_craft({
            output = "default:ladder_steel 4",
            recipe = {
                {"default:steel_ingot", "", "default:steel_ingot"},
                {"default:steel_ingot", "default:steel_ingot", "default:steel_ingot"},
                {"default:steel_ingot", "", "default:steel_ingot"},
            },
        })
    ''')
    probes = [probe("the ladder recipe now gives 4", '''
        local s = "default:steel_ingot"
        local out = ItemStack(probe.craft({{s, "", s}, {s, s, s}, {s, "", s}}))
        probe.eq(out:get_name(), "default:ladder_steel", "output")
        probe.eq(out:get_count(), 4, "count")
        local recipes = minetest.get_all_craft_recipes("default:ladder_steel")
        probe.eq(recipes and #recipes, 1, "only the new recipe is left")
    ''')]
    return "garage", doc(
        "clear_craft", "minetest.clear_craft", "garage_rebalance", "Motor garage rebalance",
        "a rebalance that replaces the steel ladder recipe", init,
        ["remove every recipe whose output is `default:ladder_steel` with `minetest.clear_craft` (depend on "
         "`default` so that its recipe exists first)",
         "then register the same shape (steel ingots at both sides of all three rows and in the middle of the "
         "second row) with the output `default:ladder_steel 4`"],
        "crafting the ladder shape gives 4 `default:ladder_steel`, and `minetest.get_all_craft_recipes` lists "
        "exactly one recipe for it", {"crafts": [{"output": "default:ladder_steel 4"}]}, probes, [
            (_swap(init, 'minetest.clear_craft({output = "default:ladder_steel"})\n\n', ""), "require_api",
             "registers the new recipe without clearing the old one, so two recipes compete for one shape"),
            (init.replace('-- steel ladders are too cheap in default (15 from 7 ingots): replace the recipe\n'
                          'minetest.clear_craft({output = "default:ladder_steel"})\n\n', "") +
             '\nminetest.clear_craft({output = "default:ladder_steel"})\n', "logic",
             "clears after registering, which removes the new recipe too"),
        ], reg_call="minetest.register_craft(")


def register_ore_solar():
    init = L('''
        minetest.register_node("solar_farm_ores:quartz_ore", {
            description = "Quartz Ore",
            tiles = {"default_stone.png^solar_farm_ores_quartz.png"},
            groups = {cracky = 2},
            drop = "solar_farm_ores:quartz_crystal",
            sounds = default.node_sound_stone_defaults(),
        })

        minetest.register_craftitem("solar_farm_ores:quartz_crystal", {
            description = "Quartz Crystal",
            inventory_image = "solar_farm_ores_quartz_crystal.png",
        })

        minetest.register_ore({
            ore_type = "scatter",
            ore = "solar_farm_ores:quartz_ore",
            wherein = "default:stone",
            clust_scarcity = 12 * 12 * 12,
            clust_num_ores = 4,
            clust_size = 3,
            y_max = -32,
            y_min = -1024,
        })
    ''')
    probes = [probe("the scatter ore is registered in stone below -32", '''
        local found
        for _, def in pairs(minetest.registered_ores) do
            if def.ore == "solar_farm_ores:quartz_ore" then found = def end
        end
        probe.assert(found, "no ore definition places solar_farm_ores:quartz_ore")
        probe.eq(found.ore_type, "scatter", "ore_type")
        probe.eq(found.wherein, "default:stone", "wherein")
        probe.eq(found.clust_scarcity, 1728, "clust_scarcity")
        probe.eq(found.clust_num_ores, 4, "clust_num_ores")
        probe.eq(found.clust_size, 3, "clust_size")
        probe.eq(found.y_max, -32, "y_max")
        probe.eq(found.y_min, -1024, "y_min")
        local drops = minetest.get_node_drops("solar_farm_ores:quartz_ore", "")
        probe.eq(drops[1], "solar_farm_ores:quartz_crystal", "the ore drops a crystal")
    ''')]
    return "solar_farm", doc(
        "register_ore", "minetest.register_ore", "solar_farm_ores", "Solar farm quartz",
        "a quartz ore that mapgen scatters in deep stone", init,
        ["register the node `solar_farm_ores:quartz_ore` (\"Quartz Ore\", `cracky = 2`, stone sounds, dropping "
         "`solar_farm_ores:quartz_crystal`) and the craftitem `solar_farm_ores:quartz_crystal` (\"Quartz Crystal\")",
         "register a `scatter` ore with `minetest.register_ore` placing it in `default:stone`: "
         "`clust_scarcity = 12 * 12 * 12`, `clust_num_ores = 4`, `clust_size = 3`, from `y_min = -1024` up to "
         "`y_max = -32`"],
        "`minetest.registered_ores` holds a scatter definition for the ore with those values, and digging the ore "
        "drops a crystal", {"nodes": ["solar_farm_ores:quartz_ore"], "craftitems": ["solar_farm_ores:quartz_crystal"]},
        probes, [
            (_swap(init, "\ty_max = -32,\n\ty_min = -1024,", "\ty_max = -1024,\n\ty_min = -32,"), "logic",
             "y_min and y_max swapped: the range is empty"),
            (_swap(init, 'wherein = "default:stone"', 'wherein = "default:dirt"'), "logic",
             "scattered in dirt, not in stone"),
        ], reg_call=NODE, reg_name="solar_farm_ores:quartz_ore")


def create_detached_inventory_pets():
    init = L('''
        local ACCEPTED = {["default:apple"] = true, ["default:blueberries"] = true}
        local donated = 0

        local box = minetest.create_detached_inventory("pet_shop_donations:box", {
            allow_put = function(inv, listname, index, stack, player)
                if ACCEPTED[stack:get_name()] then
                    return stack:get_count()
                end
                return 0
            end,
            allow_take = function(inv, listname, index, stack, player)
                return 0
            end,
            on_put = function(inv, listname, index, stack, player)
                donated = donated + stack:get_count()
            end,
        })
        box:set_size("main", 8)

        minetest.register_chatcommand("donations", {
            description = "How much food was donated to the pet shop",
            func = function(name)
                return true, donated .. " items donated"
            end,
        })
    ''')
    probes = [probe("the donation box accepts food only and never gives back", '''
        local inv = minetest.get_inventory({type = "detached", name = "pet_shop_donations:box"})
        probe.assert(inv, "no detached inventory pet_shop_donations:box")
        probe.eq(inv:get_size("main"), 8, "size")
        local cb = minetest.detached_inventories["pet_shop_donations:box"]
        local p = probe.player("vet")
        probe.eq(cb.allow_put(inv, "main", 1, ItemStack("default:apple 3"), p), 3, "apples")
        probe.eq(cb.allow_put(inv, "main", 1, ItemStack("default:dirt 5"), p), 0, "dirt")
        probe.eq(cb.allow_take(inv, "main", 1, ItemStack("default:apple 3"), p), 0, "no taking")
        cb.on_put(inv, "main", 1, ItemStack("default:apple 3"), p)
        cb.on_put(inv, "main", 2, ItemStack("default:blueberries 2"), p)
        probe.eq(select(2, probe.chat("donations")), "5 items donated", "count")
    ''')]
    return "pet_shop", doc(
        "detached_inventory", "minetest.create_detached_inventory", "pet_shop_donations", "Pet shop donations",
        "a shared donation box as a detached inventory", init,
        ["create the detached inventory `pet_shop_donations:box` with `minetest.create_detached_inventory` and "
         "give its `main` list 8 slots",
         "its callbacks: `allow_put` accepts the whole stack of `default:apple` and `default:blueberries` and "
         "nothing else (returns 0), `allow_take` always returns 0, `on_put` adds the stack's count to a local "
         "counter",
         "`/donations` answers `\"<n> items donated\"`"],
        "the box has 8 slots, accepts 3 apples but no dirt, gives nothing back, and after donating 3 apples and 2 "
        "blueberries `/donations` answers `5 items donated`", {"chatcommands": ["donations"]}, probes, [
            (_swap(init, "\t\tif ACCEPTED[stack:get_name()] then\n\t\t\treturn stack:get_count()\n\t\tend\n\t\treturn 0",
                   "\t\treturn stack:get_count()"), "logic", "accepts anything, dirt included"),
            (_swap(init, 'box:set_size("main", 8)\n', ""), "logic",
             "never sizes the list, so the box has no slots"),
        ], reg_call=CHAT)


# ---- crafting and digging lookups ------------------------------------------------------------------------------
def get_craft_result_camp():
    init = L('''
        minetest.register_chatcommand("cook_check", {
            params = "<itemname>",
            description = "Tell what an item turns into on the camp fire",
            func = function(name, param)
                if not minetest.registered_items[param] then
                    return false, "Unknown item: " .. param
                end
                local result = minetest.get_craft_result({method = "cooking", width = 1, items = {param}})
                if result.item:is_empty() then
                    return false, param .. " cannot be cooked"
                end
                return true, param .. " cooks into " .. result.item:to_string() .. " in " .. result.time .. " s"
            end,
        })
    ''')
    probes = [probe("cooking results come from the engine's recipes", '''
        local ok, msg = probe.chat("cook_check", "default:cobble")
        probe.eq(ok, true, "cobble")
        probe.eq(msg, "default:cobble cooks into default:stone in 3 s", "cobble")
        local _, iron = probe.chat("cook_check", "default:iron_lump")
        probe.eq(iron, "default:iron_lump cooks into default:steel_ingot in 3 s", "iron")
        local ok2, dirt = probe.chat("cook_check", "default:dirt")
        probe.eq(ok2, false, "dirt")
        probe.eq(dirt, "default:dirt cannot be cooked", "dirt message")
        probe.eq(probe.chat("cook_check", "nothing:here"), false, "unknown")
    ''')]
    return "scout_camp", doc(
        "get_craft_result", "minetest.get_craft_result", "scout_camp_fire", "Scout camp fire",
        "a command that looks up what an item cooks into", init,
        ["`/cook_check <itemname>` asks `minetest.get_craft_result({method = \"cooking\", width = 1, items = "
         "{<item>}})` and answers `\"<item> cooks into <output itemstring> in <time> s\"`",
         "an item with no cooking recipe (empty result item) answers `false, \"<item> cannot be cooked\"`; an "
         "unregistered item answers `false, \"Unknown item: <item>\"`"],
        "`/cook_check default:cobble` answers `default:cobble cooks into default:stone in 3 s`, iron lumps give "
        "steel ingots, dirt cannot be cooked", {"chatcommands": ["cook_check"]}, probes, [
            (_swap(init, 'method = "cooking"', 'method = "normal"'), "logic",
             "asks for a normal (grid) craft, which a single cobble does not make"),
            (_swap(init, "result.item:to_string()", "result.item"), "runtime",
             "concatenates the ItemStack userdata instead of its item string"),
        ], reg_call=CHAT)


def get_all_craft_recipes_press():
    init = L('''
        minetest.register_chatcommand("recipe_count", {
            params = "<itemname>",
            description = "Count the recipes that make an item, by method",
            func = function(name, param)
                local recipes = minetest.get_all_craft_recipes(param)
                if not recipes then
                    return false, "No recipes make " .. param
                end
                local methods, seen = {}, {}
                for _, recipe in ipairs(recipes) do
                    if not seen[recipe.method] then
                        seen[recipe.method] = true
                        methods[#methods + 1] = recipe.method
                    end
                end
                table.sort(methods)
                return true, param .. ": " .. #recipes .. " recipes (" .. table.concat(methods, ", ") .. ")"
            end,
        })

        minetest.register_craft({
            output = "default:paper 2",
            recipe = {{"default:book"}},
        })
    ''')
    probes = [probe("counts every recipe of an item", '''
        local ok, msg = probe.chat("recipe_count", "default:paper")
        probe.eq(ok, true, "paper")
        probe.eq(msg, "default:paper: 2 recipes (normal)", "paper has its default recipe and the new one")
        local _, stone = probe.chat("recipe_count", "default:stone")
        local n = #minetest.get_all_craft_recipes("default:stone")
        probe.eq(stone, "default:stone: " .. n .. " recipes (cooking" .. (n > 1 and ", normal" or "") .. ")", "stone")
        local ok2, none = probe.chat("recipe_count", "default:dirt_with_grass")
        probe.eq(ok2, false, "no recipe")
        probe.eq(none, "No recipes make default:dirt_with_grass", "message")
    ''')]
    return "printing_press", doc(
        "get_all_craft_recipes", "minetest.get_all_craft_recipes", "printing_press_index", "Printing press index",
        "a recipe index command for the printing press", init,
        ["`/recipe_count <itemname>` answers `\"<item>: <n> recipes (<methods>)\"` from "
         "`minetest.get_all_craft_recipes`, where `<methods>` is the sorted list of distinct `method` values of "
         "the recipes, comma separated; when the API returns nil it answers `false, \"No recipes make <item>\"`",
         "register a recipe that turns one `default:book` back into `default:paper 2`"],
        "`/recipe_count default:paper` answers `default:paper: 2 recipes (normal)` (the default recipe and the "
        "new one), cobble's cooking recipe is counted for stone, and dirt with grass has no recipe",
        {"chatcommands": ["recipe_count"], "crafts": [{"output": "default:paper 2"}]}, probes, [
            (_swap(init, "local recipes = minetest.get_all_craft_recipes(param)",
                   "local recipes = {minetest.get_craft_recipe(param)}"), "require_api",
             "get_craft_recipe returns one recipe, so at most one is ever counted"),
            (_swap(init, "\t\tif not recipes then\n\t\t\treturn false, \"No recipes make \" .. param\n\t\tend\n", ""),
             "runtime", "no nil check: an item without recipes raises an error"),
        ], reg_call=CHAT)


def get_dig_params_demolition():
    init = L('''
        minetest.register_chatcommand("dig_time", {
            params = "<nodename>",
            description = "How long a steel pickaxe needs to dig a node",
            func = function(name, param)
                local def = minetest.registered_nodes[param]
                if not def then
                    return false, "Unknown node: " .. param
                end
                local caps = ItemStack("default:pick_steel"):get_tool_capabilities()
                local params = minetest.get_dig_params(def.groups, caps)
                if not params.diggable then
                    return true, param .. " cannot be dug with a steel pickaxe"
                end
                return true, ("%s: %.2f s, wear %d"):format(param, params.time, params.wear)
            end,
        })
    ''')
    probes = [probe("dig times match the engine's dig parameters", '''
        local caps = ItemStack("default:pick_steel"):get_tool_capabilities()
        for _, node in ipairs({"default:stone", "default:obsidian", "default:cobble"}) do
            local p = minetest.get_dig_params(minetest.registered_nodes[node].groups, caps)
            probe.assert(p.diggable, node .. " should be diggable")
            local ok, msg = probe.chat("dig_time", node)
            probe.eq(ok, true, node)
            probe.eq(msg, ("%s: %.2f s, wear %d"):format(node, p.time, p.wear), node)
        end
        local _, dirt = probe.chat("dig_time", "default:dirt")
        probe.eq(dirt, "default:dirt cannot be dug with a steel pickaxe", "dirt")
        probe.eq(probe.chat("dig_time", "nothing:here"), false, "unknown")
    ''')]
    return "demolition", doc(
        "get_dig_params", "minetest.get_dig_params", "demolition_planner", "Demolition planner",
        "a planner command that tells how long a steel pickaxe needs for a node", init,
        ["`/dig_time <nodename>` takes the tool capabilities of `default:pick_steel` "
         "(`ItemStack(...):get_tool_capabilities()`), asks `minetest.get_dig_params(<node groups>, caps)` and "
         "answers `(\"%s: %.2f s, wear %d\"):format(node, time, wear)`",
         "a node the pickaxe cannot dig answers `\"<node> cannot be dug with a steel pickaxe\"`; an unknown node "
         "answers `false, \"Unknown node: <node>\"`"],
        "the answers for stone, obsidian and cobble equal the engine's dig parameters, and dirt cannot be dug",
        {"chatcommands": ["dig_time"]}, probes, [
            (_swap(init, 'ItemStack("default:pick_steel")', 'ItemStack("default:pick_stone")'), "logic",
             "uses the stone pickaxe's capabilities"),
            (_swap(init, "\t\tif not params.diggable then\n\t\t\treturn true, param .. \" cannot be dug with a steel "
                   "pickaxe\"\n\t\tend\n", ""), "logic",
             "never checks `diggable`, so dirt gets a time"),
        ], reg_call=CHAT)


# ---- orientation -----------------------------------------------------------------------------------------------
def dir_to_facedir_zoo():
    init = L('''
        minetest.register_node("zoo_signs:enclosure_sign", {
            description = "Enclosure Sign",
            tiles = {"zoo_signs_enclosure_sign.png"},
            paramtype2 = "facedir",
            groups = {choppy = 2},
            on_rightclick = function(pos, node, clicker, itemstack)
                if clicker and clicker:is_player() then
                    local dir = vector.direction(pos, clicker:get_pos())
                    node.param2 = minetest.dir_to_facedir(dir)
                    minetest.set_node(pos, node)
                end
                return itemstack
            end,
        })
    ''')
    probes = [probe("the sign turns to face the clicker", '''
        local pos = {x = 5, y = 1, z = 5}
        probe.set_node(pos, "zoo_signs:enclosure_sign")
        local p = probe.player("keeper")
        local want = {
            {{x = 5.4, y = 1, z = 9}, 0},
            {{x = 9, y = 1, z = 5.6}, 1},
            {{x = 4.5, y = 1, z = 1}, 2},
            {{x = 1, y = 1, z = 5.2}, 3},
        }
        for _, case in ipairs(want) do
            p:set_pos(case[1])
            probe.rightclick(pos, p)
            probe.eq(probe.node(pos).param2, case[2], "clicker at " .. minetest.pos_to_string(case[1]))
        end
    ''')]
    return "zoo", doc(
        "dir_to_facedir", "minetest.dir_to_facedir", "zoo_signs", "Zoo enclosure signs",
        "an enclosure sign that turns to face whoever right-clicks it", init,
        ["register `zoo_signs:enclosure_sign` (\"Enclosure Sign\", `paramtype2 = \"facedir\"`, `choppy = 2`)",
         "on right-click by a player it computes the direction from the sign to the player "
         "(`vector.direction(pos, clicker:get_pos())`), converts it with `minetest.dir_to_facedir` and sets the "
         "node again with that `param2`; it returns the itemstack unchanged"],
        "with the clicker north (+z), east (+x), south and west of the sign the param2 becomes 0, 1, 2 and 3",
        {"nodes": ["zoo_signs:enclosure_sign"]}, probes, [
            (_swap(init, "minetest.dir_to_facedir(dir)", "minetest.dir_to_wallmounted(dir)"), "logic",
             "wallmounted values are a different encoding"),
            (_swap(init, "vector.direction(pos, clicker:get_pos())", "vector.direction(clicker:get_pos(), pos)"),
             "logic", "the direction is reversed: the sign turns its back to the player"),
        ], reg_call=NODE, reg_name="zoo_signs:enclosure_sign", extra_api=["vector.direction"])


def facedir_to_dir_airship():
    init = L('''
        minetest.register_node("airship_fans:propeller", {
            description = "Propeller",
            tiles = {"airship_fans_propeller.png"},
            paramtype2 = "facedir",
            groups = {cracky = 2},
            on_punch = function(pos, node, puncher)
                local dir = minetest.facedir_to_dir(node.param2)
                local target = vector.add(pos, dir)
                minetest.get_meta(pos):set_string("infotext", "Thrust toward " .. minetest.pos_to_string(target))
            end,
        })
    ''')
    probes = [probe("the thrust target follows param2", '''
        local pos = {x = 5, y = 2, z = 5}
        local want = {[0] = "(5,2,6)", [1] = "(6,2,5)", [2] = "(5,2,4)", [3] = "(4,2,5)"}
        for param2 = 0, 3 do
            probe.set_node(pos, {name = "airship_fans:propeller", param2 = param2})
            probe.punch(pos)
            probe.eq(probe.meta(pos):get_string("infotext"), "Thrust toward " .. want[param2], "param2 " .. param2)
        end
    ''')]
    return "airship", doc(
        "facedir_to_dir", "minetest.facedir_to_dir", "airship_fans", "Airship propellers",
        "a propeller block that reports where its thrust points", init,
        ["register `airship_fans:propeller` (\"Propeller\", `paramtype2 = \"facedir\"`, `cracky = 2`)",
         "punching it turns its `param2` into a direction with `minetest.facedir_to_dir`, adds that to its "
         "position and sets `infotext` to `\"Thrust toward (x,y,z)\"` (`minetest.pos_to_string`)"],
        "a propeller at (5,2,5) with param2 0, 1, 2 and 3 reports (5,2,6), (6,2,5), (5,2,4) and (4,2,5)",
        {"nodes": ["airship_fans:propeller"]}, probes, [
            (_swap(init, "minetest.facedir_to_dir(node.param2)", "minetest.wallmounted_to_dir(node.param2)"), "logic",
             "reads param2 as a wallmounted value"),
            (_swap(init, "minetest.facedir_to_dir(node.param2)", "minetest.facedir_to_dir(0)"), "logic",
             "ignores the node's param2"),
        ], reg_call=NODE, reg_name="airship_fans:propeller")


def explode_textlist_event_theater():
    init = L('''
        local PLAYS = {"Hamlet", "The Tempest", "Macbeth", "Twelfth Night"}

        minetest.register_node("theater_playbill:board", {
            description = "Playbill Board",
            tiles = {"theater_playbill_board.png"},
            groups = {choppy = 2},
            on_construct = function(pos)
                local meta = minetest.get_meta(pos)
                meta:set_string("formspec", "size[6,5]textlist[0.5,0.5;5,4;plays;" .. table.concat(PLAYS, ",") .. ";1]")
                meta:set_string("infotext", "Now showing: " .. PLAYS[1])
            end,
            on_receive_fields = function(pos, formname, fields, sender)
                if not fields.plays then
                    return
                end
                local event = minetest.explode_textlist_event(fields.plays)
                if event.type == "CHG" or event.type == "DCL" then
                    local play = PLAYS[event.index]
                    if play then
                        minetest.get_meta(pos):set_string("infotext", "Now showing: " .. play)
                    end
                end
            end,
        })
    ''')
    probes = [probe("selecting a play in the list updates the board", '''
        local pos = {x = 2, y = 1, z = 2}
        probe.set_node(pos, "theater_playbill:board")
        probe.construct(pos)
        local meta = probe.meta(pos)
        probe.eq(meta:get_string("formspec"),
            "size[6,5]textlist[0.5,0.5;5,4;plays;Hamlet,The Tempest,Macbeth,Twelfth Night;1]", "formspec")
        probe.eq(meta:get_string("infotext"), "Now showing: Hamlet", "initial")
        local def = minetest.registered_nodes["theater_playbill:board"]
        local p = probe.player("usher")
        def.on_receive_fields(pos, "", {plays = "CHG:3"}, p)
        probe.eq(meta:get_string("infotext"), "Now showing: Macbeth", "CHG:3")
        def.on_receive_fields(pos, "", {plays = "DCL:2"}, p)
        probe.eq(meta:get_string("infotext"), "Now showing: The Tempest", "DCL:2")
        def.on_receive_fields(pos, "", {plays = "INV"}, p)
        def.on_receive_fields(pos, "", {quit = "true"}, p)
        probe.eq(meta:get_string("infotext"), "Now showing: The Tempest", "ignored events")
    ''')]
    return "theater", doc(
        "explode_textlist_event", "minetest.explode_textlist_event", "theater_playbill", "Theater playbill",
        "a playbill board whose formspec list selects the play", init,
        ["register `theater_playbill:board` (\"Playbill Board\", `choppy = 2`); `on_construct` sets the metadata "
         "`formspec` to `size[6,5]textlist[0.5,0.5;5,4;plays;Hamlet,The Tempest,Macbeth,Twelfth Night;1]` and "
         "`infotext` to `Now showing: Hamlet`",
         "`on_receive_fields` decodes `fields.plays` with `minetest.explode_textlist_event`; on a `CHG` or `DCL` "
         "event it sets `infotext` to `\"Now showing: <play at event.index>\"`; other events and fields change "
         "nothing"],
        "after `CHG:3` the board shows Macbeth, after `DCL:2` The Tempest, and `INV` or a quit field leave it",
        {"nodes": ["theater_playbill:board"]}, probes, [
            (_swap(init, "local event = minetest.explode_textlist_event(fields.plays)",
                   'local event = {type = "CHG", index = tonumber(fields.plays:match("^CHG:(%d+)$"))}'),
             "require_api", "parses the event by hand and ignores double clicks (DCL)"),
            (_swap(init, "local play = PLAYS[event.index]", "local play = PLAYS[event.index - 1]"), "logic",
             "off by one: the event index is already 1-based"),
        ], reg_call=NODE, reg_name="theater_playbill:board")


KINDS = [sha1_postmark, base64_radio, parse_json_weather, strip_colors_chess, string_to_privs_vault,
         yaw_to_dir_airship, set_timeofday_fire, on_player_receive_fields_quiz, on_joinplayer_museum,
         on_newplayer_dojo, on_dieplayer_hospital, on_punchnode_arcade, on_chat_message_court,
         line_of_sight_archery, raycast_stadium, bulk_set_node_racetrack, voxel_manip_dam,
         place_schematic_treehouse, register_alias_toys, clear_craft_garage, register_ore_solar,
         create_detached_inventory_pets, get_craft_result_camp, get_all_craft_recipes_press,
         get_dig_params_demolition, dir_to_facedir_zoo, facedir_to_dir_airship, explode_textlist_event_theater]
