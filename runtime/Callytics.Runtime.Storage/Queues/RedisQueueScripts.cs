namespace Callytics.Runtime.Storage.Queues;

/// <summary>
/// The Lua scripts behind <see cref="RedisQueueState"/>. Redis runs a script as one atomic step, so
/// every change that can make a match (a caller arrives, an operator logs in or becomes free) also
/// performs the matching in the same step: no other host can see a half-made match.
/// </summary>
/// <remarks>
/// Keys (prefix first): <c>queue:&lt;q&gt;:operators</c> (set of available operators),
/// <c>queue:&lt;q&gt;:callers</c> (sorted set, score = arrival number), <c>queue:&lt;q&gt;:seq</c>,
/// <c>queue:&lt;q&gt;:staff</c> (set of operators logged in, free or not),
/// <c>caller:&lt;c&gt;</c> (hash: queue, host, arrival time in Unix ms), <c>operator:&lt;o&gt;:queue</c> (set of queues),
/// <c>operator:&lt;o&gt;:channel</c>, <c>operator:&lt;o&gt;:host</c>, <c>operator:&lt;o&gt;:busy</c> (the caller),
/// <c>match:&lt;c&gt;</c> (hash, kept until the operator is released or reclaimed), <c>host:&lt;h&gt;:alive</c> (lease),
/// <c>operator:&lt;o&gt;:fence</c> (login time in Unix ms and host: the newest login of an operator wins),
/// and per host the index sets <c>host:&lt;h&gt;:callers</c>, <c>host:&lt;h&gt;:operators</c> and
/// <c>host:&lt;h&gt;:matches</c> (callers of that host matched and not yet released), so that after
/// a restart from a snapshot or an append-only file the host can find and remove what is no longer true
/// (<see cref="Reconcile"/>). Matches are published on
/// <c>host:&lt;h&gt;:matches</c> to the caller's host and the operator's host, and so is the end of a
/// conversation to the operator's host when another host released the operator (<c>!released</c>,
/// operator, caller: ids never start with <c>!</c>), and to an operator's former host when a newer login
/// through another host took the operator over (<c>!moved</c>, operator, fence).
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
          local host = redis.call('HGET', p..'caller:'..c, 'host')
          if host then redis.call('SREM', p..'host:'..host..':callers', c) end
          redis.call('ZREM', p..'queue:'..q..':callers', c)
          redis.call('DEL', p..'caller:'..c)
        end
        -- A match is over: its record and its entry in the caller host's index go.
        local function forget_match(c)
          local chost = redis.call('HGET', p..'match:'..c, 'chost')
          if chost then redis.call('SREM', p..'host:'..chost..':matches', c) end
          redis.call('DEL', p..'match:'..c)
        end
        local function unavailable(o)
          for _, q in ipairs(redis.call('SMEMBERS', p..'operator:'..o..':queue')) do
            redis.call('SREM', p..'queue:'..q..':operators', o)
          end
        end
        local function drop_operator(o)
          unavailable(o)
          for _, q in ipairs(redis.call('SMEMBERS', p..'operator:'..o..':queue')) do
            redis.call('SREM', p..'queue:'..q..':staff', o)
          end
          local host = redis.call('GET', p..'operator:'..o..':host')
          if host then redis.call('SREM', p..'host:'..host..':operators', o) end
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
            local arrived = redis.call('HGET', p..'caller:'..caller, 'at')
            drop_caller(q, caller)
            unavailable(op)
            redis.call('SET', p..'operator:'..op..':busy', caller)
            local channel = redis.call('GET', p..'operator:'..op..':channel')
            local mk = p..'match:'..caller
            redis.call('HSET', mk, 'queue', q, 'operator', op, 'channel', channel, 'at', now, 'chost', chost)
            if arrived then redis.call('HSET', mk, 'cat', arrived) end
            redis.call('SADD', p..'host:'..chost..':matches', caller)
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
          redis.call('HSET', p..'caller:'..c, 'queue', q, 'host', ARGV[5], 'at', now)
          redis.call('SADD', p..'host:'..ARGV[5]..':callers', c)
        end
        match(q)
        return redis.call('HGETALL', p..'match:'..c)
        """;

    /// <summary>ARGV: prefix, now, queue, caller. Returns {'removed'} or the caller's match fields (empty when unknown).</summary>
    public const string Leave = Prelude + """
        local q, c = ARGV[3], ARGV[4]
        if redis.call('ZSCORE', p..'queue:'..q..':callers', c) then
          drop_caller(q, c)
          return {'removed'}
        end
        return redis.call('HGETALL', p..'match:'..c)
        """;

    /// <summary>
    /// ARGV: prefix, now, operator, channel, host, busy caller or '', fence (login time, Unix ms), same run
    /// ('1' when this Redis has run since the host last wrote its entries: it lost nothing), time of the
    /// busy caller's match (Unix ms, '' when none), queues...
    /// Returns the number of matches made, or -1 when a newer login of the operator through another
    /// host holds it (the fence: two hosts never both hold one operator; the older login gives way).
    /// A login that takes the operator over from another host tells that host (<c>!moved</c>).
    /// A host writing its own login back (the same fence) with no busy caller while Redis holds a live
    /// match for the operator had not heard of that match (its pub/sub message is lost while the
    /// subscription reconnects after a Redis restart): the operator stays busy and the answer is
    /// {caller, match fields...}, for the host to deliver, instead of freeing an operator who talks.
    /// In the same run Redis's busy mark wins when it knows better (none left, or one with a live match):
    /// a host whose lease lapsed writes its login back while the caller's host may already have ended the
    /// conversation (and the operator may talk with the next caller); the host's word would bring the
    /// ended one back and keep the operator busy with it for good. And in any run a live match of the
    /// operator newer than the host's wins: made after Redis came back, while the host's subscription was
    /// still reconnecting, its message was lost and the host still sees the conversation that ended.
    /// </summary>
    public const string Login = Prelude + """
        local o, host, fence = ARGV[3], ARGV[5], tonumber(ARGV[7])
        local busy = ARGV[6]
        local held = redis.call('GET', p..'operator:'..o..':fence')
        if held then
          local hfence, hhost = string.match(held, '^(%d+) (.*)$')
          if hhost ~= host and tonumber(hfence) > fence then return -1 end
        end
        -- This host writing its own login back: which conversation is the operator in, its or Redis's?
        local learned = nil
        if held == ARGV[7]..' '..host then
          local same_run = ARGV[8] == '1'
          local mark = redis.call('GET', p..'operator:'..o..':busy')
          local m = mark and redis.call('HMGET', p..'match:'..mark, 'operator', 'at') or {}
          local newer = m[1] == o and tonumber(m[2]) and tonumber(ARGV[9]) and tonumber(m[2]) > tonumber(ARGV[9])
          if same_run and not mark then
            busy = ''  -- released meanwhile
          elseif m[1] and (busy == '' or same_run or newer) then
            busy = mark
            learned = mark
          end
        end
        local former = redis.call('GET', p..'operator:'..o..':host')
        drop_operator(o)
        if former and former ~= host then
          redis.call('PUBLISH', p..'host:'..former..':matches', '!moved\n'..o..'\n'..ARGV[7])
        end
        redis.call('SET', p..'operator:'..o..':fence', ARGV[7]..' '..host)
        redis.call('SADD', p..'host:'..host..':operators', o)
        for i = 10, #ARGV do
          redis.call('SADD', p..'operator:'..o..':queue', ARGV[i])
          redis.call('SADD', p..'queue:'..ARGV[i]..':staff', o)
        end
        redis.call('SET', p..'operator:'..o..':channel', ARGV[4])
        redis.call('SET', p..'operator:'..o..':host', host)
        if busy ~= '' then
          redis.call('SET', p..'operator:'..o..':busy', busy)
          if learned then
            local fields = redis.call('HGETALL', p..'match:'..learned)
            table.insert(fields, 1, learned)
            return fields
          end
          return 0
        end
        for i = 10, #ARGV do redis.call('SADD', p..'queue:'..ARGV[i]..':operators', o) end
        local n = 0
        for i = 10, #ARGV do n = n + match(ARGV[i]) end
        return n
        """;

    /// <summary>
    /// ARGV: prefix, now, operator, releasing host, caller of the conversation ('' for whichever).
    /// Ends the conversation: forgets its match and makes a logged-in operator available again, but
    /// only while the operator is still busy with that caller (a late or repeated release, or one for
    /// a match its caller's host no longer holds, changes nothing else). Returns {caller, match
    /// fields...} when that matched the operator with the next caller at once, else {}; in that case
    /// an operator held by another host is told its conversation ended (<c>!released</c>).
    /// </summary>
    public const string Release = Prelude + """
        local o, releasing, expected = ARGV[3], ARGV[4], ARGV[5]
        local last = redis.call('GET', p..'operator:'..o..':busy')
        if expected ~= '' then
          forget_match(expected)
          if last ~= expected then return {} end
        elseif last then
          forget_match(last)
        end
        if redis.call('EXISTS', p..'operator:'..o..':channel') == 0 then return {} end
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
    /// ARGV: prefix, now, operator, caller, the caller's host, Redis run id. Frees the operator when it
    /// is still busy with that caller and either the caller's host has lost its lease (it died before
    /// bridging them) or that host has reconciled with this Redis since it (re)started (same run id)
    /// and no longer holds the match (the conversation ended while Redis was down or before a restart
    /// from disk brought the busy mark back); returns 1 when freed.
    /// </summary>
    public const string Reclaim = Prelude + """
        local o, c, chost = ARGV[3], ARGV[4], ARGV[5]
        if redis.call('GET', p..'operator:'..o..':busy') ~= c then return 0 end
        if redis.call('EXISTS', p..'operator:'..o..':channel') == 0 then return 0 end
        local recorded = redis.call('HGET', p..'match:'..c, 'chost')
        if recorded then chost = recorded end
        if chost == '' then return 0 end
        local ended = not recorded and redis.call('GET', p..'host:'..chost..':synced') == ARGV[6]
        if alive(chost) and not ended then return 0 end
        forget_match(c)
        make_available(o)
        return 1
        """;

    /// <summary>ARGV: prefix, now, operator, host. Logs the operator out unless another host took them over meanwhile.</summary>
    public const string Logout = Prelude + """
        local host = redis.call('GET', p..'operator:'..ARGV[3]..':host')
        if host and host ~= ARGV[4] then return 0 end
        drop_operator(ARGV[3])
        return 0
        """;

    /// <summary>
    /// ARGV: prefix, now, host, Redis run id, cut-off (Unix ms, on the host's clock), caller count, callers...,
    /// operator count, operators..., then the host's conversations as groups of caller, queue, operator,
    /// channel, match time. The lists are what the host held when it read the cut-off; a caller who arrived
    /// or an operator who logged in through the host since (and a match of such a caller) is not in them
    /// and is left alone: removing them lost the caller or the operator, and freeing such a match's operator
    /// booked them twice. Makes Redis
    /// agree with what the host holds after Redis came back from a restart (with a snapshot or an
    /// append-only file it may hold entries that ended meanwhile): callers and operators of this host
    /// it no longer holds are removed, matches of its callers whose conversations ended (callers it holds
    /// neither as talking nor as waiting) are forgotten and their operators freed when still busy with
    /// them, and its live conversations' matches are
    /// written back. The host then writes its waiting callers and operators back one by one.
    /// </summary>
    public const string Reconcile = Prelude + """
        local host = ARGV[3]
        redis.call('SET', p..'host:'..host..':synced', ARGV[4])
        local cutoff = tonumber(ARGV[5])
        local function before_cutoff(at) return not at or tonumber(at) < cutoff end
        local i = 6
        local callers = {}
        for k = 1, tonumber(ARGV[i]) do callers[ARGV[i + k]] = true end
        i = i + tonumber(ARGV[i]) + 1
        local operators = {}
        for k = 1, tonumber(ARGV[i]) do operators[ARGV[i + k]] = true end
        i = i + tonumber(ARGV[i]) + 1
        local talking = {}
        while i + 4 <= #ARGV do
          local c = ARGV[i]
          talking[c] = true
          local mk = p..'match:'..c
          redis.call('HSET', mk, 'queue', ARGV[i + 1], 'operator', ARGV[i + 2], 'channel', ARGV[i + 3], 'at', ARGV[i + 4], 'chost', host)
          redis.call('SADD', p..'host:'..host..':matches', c)
          i = i + 5
        end
        for _, c in ipairs(redis.call('SMEMBERS', p..'host:'..host..':callers')) do
          if not callers[c] and before_cutoff(redis.call('HGET', p..'caller:'..c, 'at')) then
            local q = redis.call('HGET', p..'caller:'..c, 'queue')
            if q and redis.call('HGET', p..'caller:'..c, 'host') == host then drop_caller(q, c) end
            redis.call('SREM', p..'host:'..host..':callers', c)
          end
        end
        for _, o in ipairs(redis.call('SMEMBERS', p..'host:'..host..':operators')) do
          local fence = redis.call('GET', p..'operator:'..o..':fence')
          if not operators[o] and before_cutoff(fence and string.match(fence, '^(%d+) ')) then
            if redis.call('GET', p..'operator:'..o..':host') == host then drop_operator(o) end
            redis.call('SREM', p..'host:'..host..':operators', o)
          end
        end
        local freed = 0
        for _, c in ipairs(redis.call('SMEMBERS', p..'host:'..host..':matches')) do
          -- A match of a caller the host still holds as waiting was made after the host took its
          -- snapshot (by another host freeing an operator): the host has not heard of it yet and hears
          -- of it when it writes the caller back (Enqueue returns the match). Freeing its operator here
          -- booked the operator twice.
          if not talking[c] and not callers[c] and before_cutoff(redis.call('HGET', p..'match:'..c, 'cat')) then
            local o = redis.call('HGET', p..'match:'..c, 'operator')
            forget_match(c)
            redis.call('SREM', p..'host:'..host..':matches', c)
            if o and redis.call('GET', p..'operator:'..o..':busy') == c then
              if redis.call('EXISTS', p..'operator:'..o..':channel') == 1 then
                local ohost = redis.call('GET', p..'operator:'..o..':host')
                make_available(o)
                if ohost and ohost ~= host and redis.call('GET', p..'operator:'..o..':busy') == false then
                  redis.call('PUBLISH', p..'host:'..ohost..':matches', '!released\n'..o..'\n'..c)
                end
              else
                redis.call('DEL', p..'operator:'..o..':busy')
              end
              freed = freed + 1
            end
          end
        end
        return freed
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

    /// <summary>
    /// ARGV: prefix, now, queue. Reads without changing anything: {operators logged in, operators free,
    /// callers waiting, arrival of the first caller in Unix ms or ''}. Operators whose host lost its lease
    /// are not counted (the next match or reconcile drops them).
    /// </summary>
    public const string Snapshot = """
        local p, q = ARGV[1], ARGV[3]
        local function alive(o)
          local host = redis.call('GET', p..'operator:'..o..':host')
          return host and redis.call('EXISTS', p..'host:'..host..':alive') == 1
        end
        local staff, free = 0, 0
        for _, o in ipairs(redis.call('SMEMBERS', p..'queue:'..q..':staff')) do
          if alive(o) then staff = staff + 1 end
        end
        for _, o in ipairs(redis.call('SMEMBERS', p..'queue:'..q..':operators')) do
          if alive(o) then free = free + 1 end
        end
        local callers = p..'queue:'..q..':callers'
        local first = redis.call('ZRANGE', callers, 0, 0)
        local at = ''
        if #first > 0 then at = redis.call('HGET', p..'caller:'..first[1], 'at') or '' end
        return {staff, free, redis.call('ZCARD', callers), at}
        """;

    /// <summary>ARGV: prefix, now, host, lease ms. Renews the host's lease; returns 1 when it had lapsed (entries may be gone).</summary>
    public const string Heartbeat = """
        local key = ARGV[1]..'host:'..ARGV[3]..':alive'
        local lapsed = 1 - redis.call('EXISTS', key)
        redis.call('SET', key, '1', 'PX', ARGV[4])
        return lapsed
        """;
}
