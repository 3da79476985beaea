-- A small JSON encoder for the harness report.
-- minetest.write_json turns {} into null, refuses mixed or sparse tables and writes 2 as 2.0; the report
-- checks need integers kept apart from fractions and must never lose a whole report to one odd value.
-- Non-data values (functions, userdata) are written as "<function>" style strings, never dropped silently.

local type, pairs, ipairs, tostring, floor, huge = type, pairs, ipairs, tostring, math.floor, math.huge
local format, byte, gsub, concat, sort = string.format, string.byte, string.gsub, table.concat, table.sort

local escapes = {['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f", ["\n"] = "\\n",
	["\r"] = "\\r", ["\t"] = "\\t"}

local function escape_char(c)
	return escapes[c] or format("\\u%04x", byte(c))
end

local function encode_string(s)
	return '"' .. gsub(s, '[%c"\\]', escape_char) .. '"'
end

local function encode_number(n)
	if n ~= n or n == huge or n == -huge then
		return encode_string(tostring(n))      -- NaN and infinities are not JSON numbers
	end
	if n == floor(n) and n > -2^53 and n < 2^53 then
		return format("%d", n)
	end
	return format("%.17g", n)
end

-- A table is written as an array when its keys are exactly 1..n (n >= 1), otherwise as an object with
-- string keys; an empty table is an empty object.
local function is_sequence(t)
	local n = 0
	for k in pairs(t) do
		if type(k) ~= "number" or k < 1 or k ~= floor(k) then
			return false
		end
		n = n + 1
	end
	for i = 1, n do
		if t[i] == nil then
			return false
		end
	end
	return n > 0
end

local encode

local function encode_table(t, depth, seen, out)
	if seen[t] then
		out[#out + 1] = '"<cycle>"'
		return
	end
	if depth > 12 then
		out[#out + 1] = '"<deep table>"'
		return
	end
	seen[t] = true
	if is_sequence(t) then
		out[#out + 1] = "["
		for i = 1, #t do
			if i > 1 then out[#out + 1] = "," end
			encode(t[i], depth + 1, seen, out)
		end
		out[#out + 1] = "]"
	else
		local keys = {}
		for k in pairs(t) do
			keys[#keys + 1] = tostring(k)
		end
		sort(keys)
		local by_string = {}
		for k, v in pairs(t) do
			by_string[tostring(k)] = v
		end
		out[#out + 1] = "{"
		for i, k in ipairs(keys) do
			if i > 1 then out[#out + 1] = "," end
			out[#out + 1] = encode_string(k)
			out[#out + 1] = ":"
			encode(by_string[k], depth + 1, seen, out)
		end
		out[#out + 1] = "}"
	end
	seen[t] = nil
end

encode = function(v, depth, seen, out)
	local t = type(v)
	if t == "string" then
		out[#out + 1] = encode_string(v)
	elseif t == "number" then
		out[#out + 1] = encode_number(v)
	elseif t == "boolean" then
		out[#out + 1] = v and "true" or "false"
	elseif t == "nil" then
		out[#out + 1] = "null"
	elseif t == "table" then
		encode_table(v, depth, seen, out)
	else
		out[#out + 1] = encode_string("<" .. t .. ">")
	end
end

return function(value)
	local out = {}
	encode(value, 0, {}, out)
	return concat(out)
end
