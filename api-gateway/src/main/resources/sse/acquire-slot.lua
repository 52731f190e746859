-- Takes a stream slot if the tenant (KEYS[1]) and, when given, the API key (KEYS[2]) are under their caps.
-- Each set holds the open streams' ids scored by when their slot lapses; a gateway renews its streams' scores at
-- every ping, so the slots of a gateway that died lapse on their own and are pruned here.
-- Time is Redis's own, so gateways with skewed clocks still agree.
-- ARGV = tenant cap, key cap, slot lifetime (ms), the stream's id.
-- Returns 0 when taken, 1 when the tenant is at its cap, 2 when the key is.
local tenantCap = tonumber(ARGV[1])
local keyCap = tonumber(ARGV[2])
local lifetime = tonumber(ARGV[3])
local stream = ARGV[4]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

for i, set in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', set, '-inf', now)
end
if redis.call('ZCARD', KEYS[1]) >= tenantCap then
  return 1
end
if KEYS[2] and redis.call('ZCARD', KEYS[2]) >= keyCap then
  return 2
end
for i, set in ipairs(KEYS) do
  redis.call('ZADD', set, now + lifetime, stream)
  redis.call('PEXPIRE', set, lifetime)
end
return 0
