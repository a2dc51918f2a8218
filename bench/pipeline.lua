-- HTTP/1.1 pipelining for wrk, after wrk's scripts/pipeline.lua: each connection writes DEPTH
-- GET requests for the URL's path back to back and reads the DEPTH responses before the next
-- batch. wrk counts every response, so req/s compare with unpipelined runs; its latency figures
-- are per batch (first request written to last response read).
--   wrk ... -s bench/pipeline.lua http://127.0.0.1:PORT/path -- [depth, default 10] [api key]
-- The API key goes into every request as header API_KEY (without it, the -H headers given to wrk
-- are sent, which bench/api-throughput.sh also uses for API_KEY).

init = function(args)
  local depth = tonumber(args[1]) or 10
  local key = args[2]
  -- wrk.format(method, path, headers) uses only the headers passed in, so copy wrk's own (Host
  -- and every -H) and set API_KEY in that copy.
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  if key and key ~= "" then
    for name in pairs(headers) do
      if string.lower(name) == "api_key" then headers[name] = nil end
    end
    headers["API_KEY"] = key
  end
  local r = {}
  for i = 1, depth do r[i] = wrk.format("GET", wrk.path, headers) end
  req = table.concat(r)
end

request = function()
  return req
end
