-- bench/scim_wrk.lua: the wrk requests of bench/scim.sh (not a test; the script runs it).
--
--   wrk -t2 -c8 -d10s -s bench/scim_wrk.lua http://HOST:PORT -- MODE USERS_TSV [ARG]
--
-- MODE:
--   filter       GET /scim/v2/Users?filter=userName eq "<random loaded user>" (URL-encoded)
--   get PATH     GET PATH as given (paging: /scim/v2/Users?startIndex=90001&count=100)
--   create       POST /scim/v2/Users, a new unique userName per request
--   patch_user   PATCH /scim/v2/Users/<random id>: replace title
--   patch_group GROUP_ID
--                PATCH /scim/v2/Groups/GROUP_ID: add a random user that is not a member, later
--                remove it again; Entra and Okta body shapes alternate
-- USERS_TSV is bench_scim_load's users.tsv ("userName<TAB>id" a line). Environment:
-- SCIM_TOKEN (the bearer token), SCIM_BENCH_LABEL (names the result line),
-- SCIM_BENCH_MEMBERS (the group's size: users 1..N are members, N+1.. are not),
-- SCIM_BENCH_NONCE (makes created userNames unique across runs against one server).
-- done() prints one machine-readable line: RESULT label requests= rps= p50_ms= p99_ms= ...

local mode, users_file, arg3
local names, ids = {}, {}
local counter = 0
local pending = {}       -- patch_group: users this thread added and will remove
local headers = {}
local tid = 0
local patch_schema = '"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]'

local threads = {}
local next_tid = 0
function setup(thread)
  next_tid = next_tid + 1
  thread:set("tid", next_tid)
  table.insert(threads, thread)
end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  mode, users_file, arg3 = args[1], args[2], args[3]
  tid = tonumber(wrk.thread:get("tid")) or 0
  math.randomseed(os.time() * 1000 + tid)
  headers["Authorization"] = "Bearer " .. (os.getenv("SCIM_TOKEN") or "")
  headers["Accept"] = "application/scim+json"
  headers["Content-Type"] = "application/scim+json"
  if users_file and users_file ~= "" then
    for line in io.lines(users_file) do
      local n, id = line:match("^([^\t]+)\t(.+)$")
      if n then
        names[#names + 1] = n
        ids[#ids + 1] = id
      end
    end
  end
end

local function random_user(from, to)
  return math.random(from or 1, to or #names)
end

function request()
  counter = counter + 1
  if mode == "filter" then
    local f = 'userName eq "' .. names[random_user()] .. '"'
    return wrk.format("GET", "/scim/v2/Users?filter=" .. urlencode(f), headers)
  elseif mode == "get" then
    return wrk.format("GET", arg3, headers)
  elseif mode == "create" then
    local nonce = os.getenv("SCIM_BENCH_NONCE") or tostring(os.time())
    local n = string.format("wrk-%s-%d-%d@bench.example", nonce, tid, counter)
    local body = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"' .. n ..
        '","active":true,"displayName":"Wrk ' .. n .. '","name":{"givenName":"Wrk","familyName":"' ..
        tid .. "-" .. counter .. '"},"emails":[{"value":"' .. n ..
        '","type":"work","primary":true}],"title":"Engineer"}'
    return wrk.format("POST", "/scim/v2/Users", headers, body)
  elseif mode == "patch_user" then
    local body = '{' .. patch_schema .. ',"Operations":[{"op":"replace","path":"title","value":"Title ' ..
        tid .. "-" .. counter .. '"}]}'
    return wrk.format("PATCH", "/scim/v2/Users/" .. ids[random_user()], headers, body)
  elseif mode == "patch_group" then
    local members = tonumber(os.getenv("SCIM_BENCH_MEMBERS") or "0")
    local body
    -- remove only users added 64 requests ago or more: the add may still be in flight on
    -- another connection (a remove that overtakes its add leaves one extra member; harmless)
    if #pending > 64 then
      local id = table.remove(pending, 1)
      if counter % 2 == 0 then  -- Entra: value list
        body = '{' .. patch_schema .. ',"Operations":[{"op":"Remove","path":"members","value":[{"value":"' ..
            id .. '"}]}]}'
      else                       -- Okta: filtered path
        body = '{' .. patch_schema .. ',"Operations":[{"op":"remove","path":"members[value eq \\"' ..
            id .. '\\"]"}]}'
      end
    else
      local i = random_user(members + 1, #names)
      pending[#pending + 1] = ids[i]
      if counter % 2 == 0 then  -- Entra
        body = '{' .. patch_schema .. ',"Operations":[{"op":"Add","path":"members","value":[{"value":"' ..
            ids[i] .. '"}]}]}'
      else                       -- Okta: with display
        body = '{' .. patch_schema .. ',"Operations":[{"op":"add","path":"members","value":[{"value":"' ..
            ids[i] .. '","display":"' .. names[i] .. '"}]}]}'
      end
    end
    return wrk.format("PATCH", "/scim/v2/Groups/" .. arg3, headers, body)
  end
  error("unknown mode " .. tostring(mode))
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
      "RESULT %s requests=%d rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
      "non2xx=%d socket_errors=%d\n",
      os.getenv("SCIM_BENCH_LABEL") or "?", summary.requests, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
