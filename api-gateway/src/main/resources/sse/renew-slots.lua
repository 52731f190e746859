-- Renews the slots of a gateway's open streams in one set (KEYS[1]): ARGV = slot lifetime (ms), the streams' ids.
-- A slot that lapsed meanwhile (Redis restarted, or was unreachable for a while) is taken again: the stream is open.
local lifetime = tonumber(ARGV[1])
local time = redis.call('TIME')
local lapses = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) + lifetime
for i = 2, #ARGV do
  redis.call('ZADD', KEYS[1], lapses, ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], lifetime)
return #ARGV - 1
