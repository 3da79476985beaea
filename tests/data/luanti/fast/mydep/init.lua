mydep_api = {}
function mydep_api.register_thing(name)
	return name
end
