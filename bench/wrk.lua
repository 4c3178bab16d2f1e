-- wrk script for bench/run: GETs as given, or like/unlike POSTs over a list of posts
-- (BENCH_METHOD=POST, BENCH_POSTS="1,2,3"); ends with one JSON line of figures.
local method = os.getenv("BENCH_METHOD") or "GET"
local posts = {}
for id in string.gmatch(os.getenv("BENCH_POSTS") or "", "%d+") do
  posts[#posts + 1] = id
end
local sent = 0

-- Each thread starts at its own place in the list, so two threads do not like and
-- unlike the same post in lockstep.
local threads = 0
function setup(thread)
  thread:set("offset", threads * 97)
  threads = threads + 1
end

function init(args)
  sent = offset or 0
end

request = function()
  if method ~= "POST" then
    return wrk.format(nil)
  end
  sent = sent + 1
  local id = posts[(sent % #posts) + 1]
  -- Each post is liked on one pass over the list and unliked on the next.
  local liked = (math.floor(sent / #posts) % 2 == 0) and "true" or "false"
  return wrk.format("POST", nil, nil, "target=post&id=" .. id .. "&liked=" .. liked)
end

done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50":%.3f,"p95":%.3f,"p99":%.3f,' ..
    '"max":%.3f,"socket_errors":%d,"bad_status":%d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
