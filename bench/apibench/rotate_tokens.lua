-- wrk script: each request carries the next user's token; prints one JSON line when done.
-- Usage: wrk ... -s rotate_tokens.lua URL -- TOKENS_FILE

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  tokens = {}
  for line in io.lines(args[1]) do
    if line ~= "" then
      table.insert(tokens, "Bearer " .. line)
    end
  end
  index = math.random(#tokens)
  non2xx = 0
end

function request()
  index = index % #tokens + 1
  return wrk.format(nil, nil, { ["Authorization"] = tokens[index] })
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "duration_us": %d, "non_2xx": %d, "connect": %d, "read": %d, '
      .. '"write": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, non2xx_total, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max
  ))
end
