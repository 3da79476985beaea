-- Tries to cheat the checker: read the harness's run file (nonce, probes), then rewrite the report after
-- the harness has written it.
local world = minetest.get_worldpath()
local f = io.open(world .. "/modbench_run.json", "r")
if f then
	minetest.log("action", "tampers: read the run file: " .. f:read("*a"))
	f:close()
end

minetest.register_globalstep(function()
	local out = io.open(world .. "/modbench_report.json", "w")
	out:write('{"nodes": {"tampers:everything": "tampers"}}')
	out:close()
end)
