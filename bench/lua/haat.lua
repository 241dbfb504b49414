-- wrk script of the Online Haat benchmark (bench/load.py runs it).
--
--   wrk ... -s bench/lua/haat.lua URL -- get PATHS_FILE [HEADER]
--       GET a random path of PATHS_FILE per request; HEADER ("Name: value") is sent too.
--   wrk -tN -cN ... -- buy BUYERS_FILE PRODUCTS_FILE
--       One connection per thread and one signed-in buyer per thread (BUYERS_FILE lines:
--       "sessionid csrftoken phone"), looping: add a random product of PRODUCTS_FILE
--       to the cart, then check out. Outcomes are told apart by the redirect target.
--   wrk -tN -cN ... -- api-buy TOKENS_FILE PRODUCTS_FILE
--       The same loop through the REST API with token auth and an Idempotency-Key.
--
-- done() prints one line "BENCHJSON {...}" with counts, statuses and latency percentiles.

local threads = {}
local next_tid = 0

function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
  table.insert(threads, thread)
end

local function lines(path)
  local out = {}
  for line in io.lines(path) do
    if line ~= "" then table.insert(out, line) end
  end
  return out
end

local function words(line)
  local out = {}
  for word in line:gmatch("%S+") do table.insert(out, word) end
  return out
end

statuses = {}
outcomes = {}
local mode, paths, header_name, header_value
local buyer, products, step, last, serial

function init(args)
  mode = args[1]
  math.randomseed(os.time() + tid * 7919)
  serial = 0
  step = 0
  if mode == "get" then
    paths = lines(args[2])
    if args[3] then
      header_name, header_value = args[3]:match("^([^:]+):%s*(.*)$")
    end
  else
    local people = lines(args[2])
    buyer = words(people[(tid % #people) + 1])
    products = lines(args[3])
  end
end

local function form_post(path, body)
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "sessionid=" .. buyer[1] .. "; csrftoken=" .. buyer[2],
  }, body)
end

local function json_post(path, body, key)
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Token " .. buyer[1],
  }
  if key then headers["Idempotency-Key"] = key end
  return wrk.format("POST", path, headers, body)
end

local function next_key()
  serial = serial + 1
  return string.format("w%d-%d-%d-%d", tid, os.time(), math.random(1, 1000000000), serial)
end

function request()
  if mode == "get" then
    local path = paths[math.random(1, #paths)]
    if header_name then
      return wrk.format("GET", path, {[header_name] = header_value})
    end
    return wrk.format("GET", path)
  end
  step = step + 1
  local product = products[math.random(1, #products)]
  if mode == "buy" then
    if step % 2 == 1 then
      last = "add"
      return form_post("/cart/add/" .. product .. "/",
        "quantity=1&csrfmiddlewaretoken=" .. buyer[2])
    end
    last = "checkout"
    return form_post("/checkout/",
      "idempotency_key=" .. next_key() .. "&name=Bench+buyer&phone=" .. buyer[3] ..
      "&district=dhaka&address=House+1%2C+Road+2&note=&csrfmiddlewaretoken=" .. buyer[2])
  end
  -- api-buy
  if step % 2 == 1 then
    last = "add"
    return json_post("/api/v1/cart/items/",
      '{"product": ' .. product .. ', "quantity": 1}', nil)
  end
  last = "checkout"
  return json_post("/api/v1/checkout/",
    '{"name": "Bench buyer", "phone": "' .. buyer[3] ..
    '", "district": "dhaka", "address": "House 1, Road 2"}', next_key())
end

local function count(tbl, key)
  tbl[key] = (tbl[key] or 0) + 1
end

function response(status, headers, body)
  count(statuses, tostring(status))
  if mode == "get" then return end
  local outcome
  if mode == "buy" then
    local location = headers["Location"] or headers["location"] or ""
    if last == "add" then
      if status == 302 and location:find("/cart/", 1, true) then outcome = "add_ok"
      elseif status == 302 then outcome = "add_refused"
      end
    else
      if status == 302 and location:find("/checkout/%d+/") then outcome = "checkout_ok"
      elseif status == 302 then outcome = "checkout_refused"
      end
    end
  else
    if status >= 200 and status < 300 then outcome = last .. "_ok"
    elseif status >= 400 and status < 500 then outcome = last .. "_refused"
    end
  end
  count(outcomes, outcome or (last .. "_other_" .. status))
end

local function json_table(tbl)
  local parts = {}
  for key, value in pairs(tbl) do
    table.insert(parts, string.format('"%s": %d', key, value))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

local function merge(name)
  local total = {}
  for _, thread in ipairs(threads) do
    local part = thread:get(name) or {}
    for key, value in pairs(part) do total[key] = (total[key] or 0) + value end
  end
  return total
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"mean": %.1f, "p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d}, ' ..
    '"statuses": %s, "outcomes": %s}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max,
    json_table(merge("statuses")), json_table(merge("outcomes"))))
end
