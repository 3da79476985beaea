-- Tries to read a file outside the world; mod security must block it.
local f = io.open("/etc/passwd", "r")
if f then
	minetest.log("action", "read: " .. f:read("*l"))
	f:close()
end
