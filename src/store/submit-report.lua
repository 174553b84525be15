#!lua
-- submitReport: store one version of a unit's report and keep the regional totals in step, atomically.
-- Contract and command counts: reports.ts. Reads and checks come first; nothing is written unless all pass.
-- The shebang (Redis ≥ 7.0) makes a Cluster node refuse any access to a key outside the declared keys' slot.
--
-- KEYS[1] claim (an import's; a bot update's replay is found in its versions)   KEYS[2] report   KEYS[3] versions (earlier versions)   KEYS[4] audit(form)
-- KEYS[5] reported(m)       KEYS[6] totals(m)
-- only when the form has "last" figures: KEYS[7] carry(unit, year), KEYS[8..] totals(m+1 .. December)
-- last: KEYS[#KEYS - 1] cover(m), KEYS[#KEYS] history(unit)
--
-- ARGV: updateId expectedVersion author at reason late unit period reportIdBase claimTtlSeconds monthIndex
--       nSum nLast nFields claims ('1': an import, which claims KEYS[1]), then nSum figure ids, nLast figure ids, nFields field/value pairs (`n:<id>` or `t:<id>`).
--
-- Numbers: `n:` values are integer strings; Lua numbers are doubles, exact for integers below 2^53. Deltas go to
-- HINCRBY (64-bit integers) formatted with %d, never as floats.

local updateId, expected, author, at = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local reason, late, unit, period = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local idBase, claimTtl, month = ARGV[9], ARGV[10], tonumber(ARGV[11])
local nSum, nLast, nFields = tonumber(ARGV[12]), tonumber(ARGV[13]), tonumber(ARGV[14])
local claims = ARGV[15]

local MAX_EXACT = 9007199254740991
local sumIds, lastIds, newFields, newOrder = {}, {}, {}, {}
local a = 16
for _ = 1, nSum do sumIds[#sumIds + 1] = ARGV[a]; a = a + 1 end
for _ = 1, nLast do lastIds[#lastIds + 1] = ARGV[a]; a = a + 1 end
for _ = 1, nFields do
  local field, value = ARGV[a], ARGV[a + 1]
  if string.sub(field, 1, 2) == 'n:' then
    local n = tonumber(value)
    if n == nil or n ~= math.floor(n) or math.abs(n) > MAX_EXACT then
      return redis.error_reply('ERR submitReport: ' .. field .. ' is not a safe integer: ' .. value)
    end
  end
  newFields[field] = value
  newOrder[#newOrder + 1] = field
  a = a + 2
end

local function num(s)
  if s == nil then return 0 end
  return tonumber(s)
end

-- Read the current version: values (`n:`/`t:` fields) and metadata. A first report (expected 0) is known to be new
-- by its SADD to the month's reported set, which only this script writes, in the same step as a unit's first
-- version: 1 means the unit had no report this period, and there is nothing to read.
local flat = {}
local fresh = expected == 0 and redis.call('SADD', KEYS[5], unit) == 1
if not fresh then flat = redis.call('HGETALL', KEYS[2]) end
local oldFields, meta = {}, {}
for j = 1, #flat, 2 do
  local field = flat[j]
  local p = string.sub(field, 1, 2)
  if p == 'n:' or p == 't:' then oldFields[field] = flat[j + 1] else meta[field] = flat[j + 1] end
end
local current = tonumber(meta.version or '0')

-- A replay of an applied update answers with its first receipt; any other stale version is a conflict. An import
-- (claims = '1') has a claim key naming its content. A bot update is known by the `upd` its version keeps: the
-- current one's, else an earlier one's in the versions list (read only for a correction or a stale version), within
-- the claim's time (claimTtl seconds: Telegram resends for a day; a week without updates may restart its ids).
local function receiptOf(v)
  return cjson.encode({id = idBase .. '/v' .. v.version, version = v.version, at = v.at})
end
local function replayOf()
  if current == 0 then return nil end
  local function mine(v)
    return v.upd == updateId and tonumber(at) - tonumber(v.at or '0') <= tonumber(claimTtl) * 1000
  end
  if mine(meta) then return receiptOf(meta) end
  for _, json in ipairs(redis.call('LRANGE', KEYS[3], 0, -1)) do
    local earlier = cjson.decode(json)
    if mine(earlier) then return receiptOf(earlier) end
  end
  return nil
end
if claims ~= '1' and current > 0 then
  local receipt = replayOf()
  if receipt then return {'duplicate', receipt} end
end
if current ~= expected then
  if claims == '1' then
    local receipt = redis.call('GET', KEYS[1])
    if receipt then return {'duplicate', receipt} end
  end
  return {'conflict', string.format('%d', current)}
end

-- Carry-forward plan, per "last" figure: a unit's effective value in a month is its value in the latest month at or
-- before it that gave the figure (a report that leaves the figure out carries the previous value forward, never 0);
-- a change reaches every month up to the next month that gave the figure.
local carry = {}
if nLast > 0 then
  local cflat = redis.call('HGETALL', KEYS[7])
  for j = 1, #cflat, 2 do carry[cflat[j]] = cflat[j + 1] end
end
local function carried(id, from, to)
  for k = from, to, -1 do
    local v = carry[string.format('%02d', k) .. ':' .. id]
    if v then return tonumber(v) end
  end
  return 0
end
local function nextGiven(id)
  for k = month + 1, 12 do
    if carry[string.format('%02d', k) .. ':' .. id] then return k end
  end
  return 13
end

local version = string.format('%d', current + 1)
local reportId = idBase .. '/v' .. version

-- An import claims its content; NX+GET also catches a replay that happens to meet the same version. (A bot update
-- cannot: its draft goes with the submission, and a draft started later ignores update ids up to its own.)
if claims == '1' then
  local receipt = cjson.encode({id = reportId, version = version, at = at})
  local claimed = redis.call('SET', KEYS[1], receipt, 'NX', 'GET', 'EX', claimTtl)
  if claimed then return {'duplicate', claimed} end
end

-- Every version is kept: the one being replaced joins the history list, the new one becomes the report hash.
if current > 0 then
  redis.call('RPUSH', KEYS[3], cjson.encode({
    version = meta.version, by = meta.by, at = meta.at, upd = meta.upd, reason = meta.reason, late = meta.late,
    values = oldFields,
  }))
end

-- The current report: drop what the new version lacks, write the rest. Empty reason and late flag are not stored.
local gone = {}
for field in pairs(oldFields) do
  if newFields[field] == nil then gone[#gone + 1] = field end
end
if meta.reason and reason == '' then gone[#gone + 1] = 'reason' end
if meta.late and late ~= '1' then gone[#gone + 1] = 'late' end
if #gone > 0 then redis.call('HDEL', KEYS[2], unpack(gone)) end
local hset = {'version', version, 'by', author, 'at', at, 'upd', updateId}
if reason ~= '' then hset[#hset + 1] = 'reason'; hset[#hset + 1] = reason end
if late == '1' then hset[#hset + 1] = 'late'; hset[#hset + 1] = '1' end
for _, field in ipairs(newOrder) do
  hset[#hset + 1] = field
  hset[#hset + 1] = newFields[field]
end
redis.call('HSET', KEYS[2], unpack(hset))

-- Audit: only what changed (a field in old but not in new was removed).
local oldDiff, newDiff = {}, {}
for field, value in pairs(oldFields) do
  if newFields[field] ~= value then oldDiff[field] = value end
end
for field, value in pairs(newFields) do
  if oldFields[field] ~= value then newDiff[field] = value end
end
-- The field set is always the same, so the stream stores field names once per node (form and id are derivable).
redis.call('XADD', KEYS[4], '*', 'unit', unit, 'period', period, 'version', version,
  'by', author, 'at', at, 'upd', updateId, 'reason', reason, 'late', late,
  'old', cjson.encode(oldDiff), 'new', cjson.encode(newDiff))

-- Totals move by (new − old), collected per key and written at the end: a key with one or two changed fields gets
-- HINCRBY each; with more, one HMGET and one HSET (fewer commands; exact while the old and new totals and the
-- difference are within 2^53, else that field goes through HINCRBY: 64-bit integers in Redis).
local deltas, deltaKeys = {}, {}
local function adjust(key, field, newValue, oldValue)
  if newValue == oldValue then return end
  if not deltas[key] then
    deltas[key] = {fields = {}, list = {}}
    deltaKeys[#deltaKeys + 1] = key
  end
  local entry = deltas[key]
  if entry.fields[field] == nil then entry.list[#entry.list + 1] = field end
  local change = entry.fields[field] or {0, 0}
  entry.fields[field] = {change[1] + newValue, change[2] + oldValue}
end
local function incrby(key, field, newValue, oldValue)
  local d = newValue - oldValue
  if d == 0 then return end
  if math.abs(d) <= MAX_EXACT then
    redis.call('HINCRBY', key, field, string.format('%d', d))
  else
    redis.call('HINCRBY', key, field, string.format('%d', newValue))
    redis.call('HINCRBY', key, field, string.format('%d', -oldValue))
  end
end
local function writeTotals()
  for _, key in ipairs(deltaKeys) do
    local entry = deltas[key]
    local changed = {}
    for _, field in ipairs(entry.list) do
      local c = entry.fields[field]
      if c[1] - c[2] ~= 0 then changed[#changed + 1] = field end
    end
    if #changed <= 2 then
      for _, field in ipairs(changed) do incrby(key, field, entry.fields[field][1], entry.fields[field][2]) end
    else
      local current = redis.call('HMGET', key, unpack(changed))
      local hset = {}
      for j, field in ipairs(changed) do
        local c = entry.fields[field]
        local d = c[1] - c[2]
        local before = tonumber(current[j] or '0')
        local after = before + d
        if math.abs(d) <= MAX_EXACT and math.abs(before) <= MAX_EXACT and math.abs(after) <= MAX_EXACT then
          hset[#hset + 1] = field
          hset[#hset + 1] = string.format('%d', after)
        else
          incrby(key, field, c[1], c[2])
        end
      end
      if #hset > 0 then redis.call('HSET', key, unpack(hset)) end
    end
  end
end

for _, id in ipairs(sumIds) do
  adjust(KEYS[6], id, num(newFields['n:' .. id]), num(oldFields['n:' .. id]))
end

-- The unit's numbers this month in the month's cover hash (one field per unit, `<id>=<value>;…`): what /totals
-- counts coverage and like-for-like changes from, one HGETALL per month instead of one per unit and month.
local cover = {}
for _, field in ipairs(newOrder) do
  if string.sub(field, 1, 2) == 'n:' then cover[#cover + 1] = string.sub(field, 3) .. '=' .. newFields[field] end
end
local numbers = table.concat(cover, ';')
redis.call('HSET', KEYS[#KEYS - 1], unit, numbers)
-- The same in the unit's history (one HMGET when a draft is reviewed, instead of one HGETALL per earlier period).
redis.call('HSET', KEYS[#KEYS], period, numbers)

if nLast > 0 then
  local mm = string.format('%02d', month)
  local cset, cdel = {mm, '1'}, {}
  for _, id in ipairs(lastIds) do
    local given = newFields['n:' .. id]
    local oldValue = carried(id, month, 1)
    local newValue
    if given then newValue = tonumber(given) else newValue = carried(id, month - 1, 1) end
    for k = month, nextGiven(id) - 1 do
      local key = KEYS[6]
      if k > month then key = KEYS[7 + k - month] end
      adjust(key, id .. ':last', newValue, oldValue)
    end
    if given then
      cset[#cset + 1] = mm .. ':' .. id
      cset[#cset + 1] = string.format('%d', newValue)
    elseif carry[mm .. ':' .. id] then
      cdel[#cdel + 1] = mm .. ':' .. id
    end
  end
  redis.call('HSET', KEYS[7], unpack(cset))
  if #cdel > 0 then redis.call('HDEL', KEYS[7], unpack(cdel)) end
end

writeTotals()

return {'ok', reportId, version, at}
