namespace Callytics.Runtime.Storage.Queues;

/// <summary>
/// The Lua scripts behind <see cref="RedisQueueState"/>. Redis runs a script as one atomic step, so
/// every change that can make a match (a caller arrives, an operator logs in or becomes free) also
/// performs the matching in the same step: no other host can see a half-made match.
/// </summary>
/// <remarks>
/// Keys (prefix first): <c>queue:&lt;q&gt;:operators</c> (set of available operators),
/// <c>queue:&lt;q&gt;:callers</c> (sorted set, score = arrival number), <c>queue:&lt;q&gt;:seq</c>,
/// <c>caller:&lt;c&gt;</c> (hash: queue, host), <c>operator:&lt;o&gt;:queue</c> (set of queues),
/// <c>operator:&lt;o&gt;:channel</c>, <c>operator:&lt;o&gt;:host</c>, <c>operator:&lt;o&gt;:busy</c> (the caller),
/// <c>match:&lt;c&gt;</c> (hash, kept an hour), <c>host:&lt;h&gt;:alive</c> (lease). Matches are published on
/// <c>host:&lt;h&gt;:matches</c> to the caller's host and the operator's host, and so is the end of a
/// conversation to the operator's host when another host released the operator (<c>!released</c>,
/// operator, caller: ids never start with <c>!</c>).
/// ARGV[1] is always the key prefix and ARGV[2] the time in Unix milliseconds.
/// </remarks>
internal static class RedisQueueScripts
{
    private const string Prelude = """
        local p = ARGV[1]
        local now = ARGV[2]
        local function alive(host)
          return host and redis.call('EXISTS', p..'host:'..host..':alive') == 1
        end
        local function drop_caller(q, c)
          redis.call('ZREM', p..'queue:'..q..':callers', c)
          redis.call('DEL', p..'caller:'..c)
        end
        local function unavailable(o)
          for _, q in ipairs(redis.call('SMEMBERS', p..'operator:'..o..':queue')) do
            redis.call('SREM', p..'queue:'..q..':operators', o)
          end
        end
        local function drop_operator(o)
          unavailable(o)
          redis.call('DEL', p..'operator:'..o..':queue', p..'operator:'..o..':channel',
            p..'operator:'..o..':host', p..'operator:'..o..':busy')
        end
        -- The first caller whose host still holds its lease; callers of dead hosts are dropped on the way.
        local function live_caller(q)
          local callers = p..'queue:'..q..':callers'
          while true do
            local first = redis.call('ZRANGE', callers, 0, 0)
            if #first == 0 then return nil end
            local host = redis.call('HGET', p..'caller:'..first[1], 'host')
            if alive(host) then return first[1], host end
            drop_caller(q, first[1])
          end
        end
        local function live_operator(q)
          while true do
            local o = redis.call('SRANDMEMBER', p..'queue:'..q..':operators')
            if not o then return nil end
            local host = redis.call('GET', p..'operator:'..o..':host')
            if alive(host) then return o, host end
            drop_operator(o)
          end
        end
        local function match(q)
          local n = 0
          while true do
            local caller, chost = live_caller(q)
            if not caller then return n end
            local op, ohost = live_operator(q)
            if not op then return n end
            drop_caller(q, caller)
            unavailable(op)
            redis.call('SET', p..'operator:'..op..':busy', caller)
            local channel = redis.call('GET', p..'operator:'..op..':channel')
            local mk = p..'match:'..caller
            redis.call('HSET', mk, 'queue', q, 'operator', op, 'channel', channel, 'at', now, 'chost', chost)
            redis.call('EXPIRE', mk, 3600)
            local msg = q..'\n'..caller..'\n'..op..'\n'..channel..'\n'..now..'\n'..chost
            redis.call('PUBLISH', p..'host:'..chost..':matches', msg)
            if ohost ~= chost then redis.call('PUBLISH', p..'host:'..ohost..':matches', msg) end
            n = n + 1
          end
        end
        -- A logged-in operator is available again in all its queues; returns the number of matches made.
        local function make_available(o)
          redis.call('DEL', p..'operator:'..o..':busy')
          local queues = redis.call('SMEMBERS', p..'operator:'..o..':queue')
          for _, q in ipairs(queues) do redis.call('SADD', p..'queue:'..q..':operators', o) end
          local n = 0
          for _, q in ipairs(queues) do n = n + match(q) end
          return n
        end

        """;

    /// <summary>ARGV: prefix, now, queue, caller, host. Adds the caller unless present or matched; returns its match fields (empty while waiting).</summary>
    public const string Enqueue = Prelude + """
        local q, c = ARGV[3], ARGV[4]
        local existing = redis.call('HGETALL', p..'match:'..c)
        if #existing > 0 then return existing end
        local callers = p..'queue:'..q..':callers'
        if not redis.call('ZSCORE', callers, c) then
          redis.call('ZADD', callers, redis.call('INCR', p..'queue:'..q..':seq'), c)
          redis.call('HSET', p..'caller:'..c, 'queue', q, 'host', ARGV[5])
        end
        match(q)
        return redis.call('HGETALL', p..'match:'..c)
        """;

    /// <summary>ARGV: prefix, now, queue, caller. Returns {'removed'} or the caller's match fields (empty when unknown).</summary>
    public const string Leave = Prelude + """
        local q, c = ARGV[3], ARGV[4]
        if redis.call('ZREM', p..'queue:'..q..':callers', c) == 1 then
          redis.call('DEL', p..'caller:'..c)
          return {'removed'}
        end
        return redis.call('HGETALL', p..'match:'..c)
        """;

    /// <summary>ARGV: prefix, now, operator, channel, host, busy caller or '', queues... Returns the number of matches made.</summary>
    public const string Login = Prelude + """
        local o = ARGV[3]
        drop_operator(o)
        for i = 7, #ARGV do redis.call('SADD', p..'operator:'..o..':queue', ARGV[i]) end
        redis.call('SET', p..'operator:'..o..':channel', ARGV[4])
        redis.call('SET', p..'operator:'..o..':host', ARGV[5])
        if ARGV[6] ~= '' then
          redis.call('SET', p..'operator:'..o..':busy', ARGV[6])
          return 0
        end
        for i = 7, #ARGV do redis.call('SADD', p..'queue:'..ARGV[i]..':operators', o) end
        local n = 0
        for i = 7, #ARGV do n = n + match(ARGV[i]) end
        return n
        """;

    /// <summary>
    /// ARGV: prefix, now, operator, releasing host. Makes a logged-in operator available again. Returns
    /// {caller, match fields...} when that matched the operator with the next caller at once, else {}; in
    /// that case an operator held by another host is told its conversation ended (<c>!released</c>).
    /// </summary>
    public const string Release = Prelude + """
        local o, releasing = ARGV[3], ARGV[4]
        if redis.call('EXISTS', p..'operator:'..o..':channel') == 0 then return {} end
        local last = redis.call('GET', p..'operator:'..o..':busy')
        make_available(o)
        local next = redis.call('GET', p..'operator:'..o..':busy')
        if next then
          local fields = redis.call('HGETALL', p..'match:'..next)
          table.insert(fields, 1, next)
          return fields
        end
        local ohost = redis.call('GET', p..'operator:'..o..':host')
        if last and ohost and ohost ~= releasing then
          redis.call('PUBLISH', p..'host:'..ohost..':matches', '!released\n'..o..'\n'..last)
        end
        return {}
        """;

    /// <summary>
    /// ARGV: prefix, now, operator, caller. Frees the operator when it is still busy with that caller
    /// and the caller's host has lost its lease (it died before bridging them); returns 1 when freed.
    /// </summary>
    public const string Reclaim = Prelude + """
        local o, c = ARGV[3], ARGV[4]
        if redis.call('GET', p..'operator:'..o..':busy') ~= c then return 0 end
        if redis.call('EXISTS', p..'operator:'..o..':channel') == 0 then return 0 end
        local chost = redis.call('HGET', p..'match:'..c, 'chost')
        if not chost or alive(chost) then return 0 end
        make_available(o)
        return 1
        """;

    /// <summary>ARGV: prefix, now, operator.</summary>
    public const string Logout = Prelude + """
        drop_operator(ARGV[3])
        return 0
        """;

    /// <summary>ARGV: prefix, now, operator. Returns {} or {channel, busy caller or '', queues...}.</summary>
    public const string Presence = """
        local p, o = ARGV[1], ARGV[3]
        local channel = redis.call('GET', p..'operator:'..o..':channel')
        if not channel then return {} end
        local result = {channel, redis.call('GET', p..'operator:'..o..':busy') or ''}
        for _, q in ipairs(redis.call('SMEMBERS', p..'operator:'..o..':queue')) do table.insert(result, q) end
        return result
        """;

    /// <summary>ARGV: prefix, now, host, lease ms. Renews the host's lease; returns 1 when it had lapsed (entries may be gone).</summary>
    public const string Heartbeat = """
        local key = ARGV[1]..'host:'..ARGV[3]..':alive'
        local lapsed = 1 - redis.call('EXISTS', key)
        redis.call('SET', key, '1', 'PX', ARGV[4])
        return lapsed
        """;
}
