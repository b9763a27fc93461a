-- postback.lua: wrk script for bench/server/run: POST /api/v1/conversions with a new order id per
-- request (thread number and counter), or one order id again and again when REPEAT is set.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  thread_id = tid
end

request = function()
  counter = counter + 1
  local order = os.getenv("REPEAT") == "1" and "repeat-order" or string.format("o-%d-%d", thread_id, counter)
  local body = string.format('{"order_id":"%s","amount":"19.90","currency":"EUR"}', order)
  return wrk.format("POST", "/api/v1/conversions", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. os.getenv("TOKEN"),
  }, body)
end
