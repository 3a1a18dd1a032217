package looklook.pkg.jobq;

/**
 * The queue's state changes, each one Lua script so that it is atomic in Redis. Times come from
 * Redis's own clock, so enqueuers and workers on machines with different clocks agree.
 *
 * <p>Keys under the namespace N (a hash tag keeps them in one cluster slot): {@code N:t:<id>}
 * task hash; {@code N:pending:<queue>} list; {@code N:scheduled}, {@code N:retry},
 * {@code N:lease}, {@code N:archived} sorted sets scored by time in ms. Idle fetchers listen on
 * the pub/sub channel {@code N:wake:<queue>}: a message there only says "look again", so one lost
 * changes no task, it costs at most a fetcher's capped sleep.
 */
final class Scripts {
    private Scripts() {
    }

    private static final String NOW = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)\n";

    private static final String WAKE = """
            local function wake(ns, queue)
              redis.call('PUBLISH', ns .. ':wake:' .. queue, '')
            end
            """;

    /**
     * Moves up to {@code limit} due tasks of each of the scheduled and retry sets to their pending
     * lists. Returns {queue = count} and the ms until the next task of either set is due (0: more
     * are due than the limit moved; -1: none). A set's first entry is looked at before anything
     * else, so a set with nothing due costs one read.
     */
    private static final String PROMOTE = """
            local function promote(ns, now, limit)
              local moved, wait = {}, -1
              for _, set in ipairs({':scheduled', ':retry'}) do
                local key = ns .. set
                local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
                if first[2] and tonumber(first[2]) <= now then
                  local ids = redis.call('ZRANGEBYSCORE', key, '-inf', now, 'LIMIT', 0, limit)
                  redis.call('ZREM', key, unpack(ids))
                  for _, id in ipairs(ids) do
                    local tk = ns .. ':t:' .. id
                    local q = redis.call('HGET', tk, 'queue')
                    if q then
                      redis.call('HSET', tk, 'state', 'pending')
                      redis.call('LPUSH', ns .. ':pending:' .. q, id)
                      moved[q] = (moved[q] or 0) + 1
                    end
                  end
                  first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
                end
                if first[2] then
                  local w = math.max(tonumber(first[2]) - now, 0)
                  if wait < 0 or w < wait then wait = w end
                end
              end
              return moved, wait
            end
            """;

    /**
     * ARGV: ns, id, type, payload, queue, processAt, maxRetry, timeoutMs, retentionMs. 1 = enqueued,
     * 0 = duplicate. A task due now wakes the fetchers of its queue; a scheduled one only when it is
     * the new earliest, since idle fetchers sleep until the earliest they last saw.
     */
    static final Redis.Script ENQUEUE = new Redis.Script(NOW + WAKE + """
            local ns, id, queue = ARGV[1], ARGV[2], ARGV[5]
            local tk = ns .. ':t:' .. id
            if redis.call('EXISTS', tk) == 1 then return 0 end
            local at = tonumber(ARGV[6])
            local state = at <= now and 'pending' or 'scheduled'
            redis.call('HSET', tk, 'type', ARGV[3], 'payload', ARGV[4], 'queue', queue, 'retried', 0,
              'max_retry', ARGV[7], 'timeout_ms', ARGV[8], 'retention_ms', ARGV[9], 'process_at', at, 'enqueued_at', now,
              'state', state)
            if state == 'pending' then
              redis.call('LPUSH', ns .. ':pending:' .. queue, id)
              wake(ns, queue)
            else
              redis.call('ZADD', ns .. ':scheduled', at, id)
              if redis.call('ZRANGE', ns .. ':scheduled', 0, 0)[1] == id then wake(ns, queue) end
            end
            return 1
            """);

    /**
     * ARGV: ns, leaseMs, token, queue... First moves due scheduled and retry tasks to their pending
     * lists (waking the other fetchers for those it may not take itself), then takes the oldest pending
     * task of the first non-empty queue and leases it under {@code token}. Returns {id, type,
     * payload, retried, maxRetry, timeoutMs, processAt, now, more, wait}: {@code more} 1 when one
     * of the queues still has pending tasks, {@code wait} the ms until the next scheduled or retry
     * task is due (-1: none). With nothing to run it returns that wait alone.
     */
    static final Redis.Script DEQUEUE = new Redis.Script(NOW + WAKE + PROMOTE + """
            local ns = ARGV[1]
            local own = {}
            for i = 4, #ARGV do own[ARGV[i]] = true end
            local moved, wait = promote(ns, now, 100)
            -- this fetcher goes on taking from its own queues: wake others when there is more than one
            for q, n in pairs(moved) do
              if n > 1 or not own[q] then wake(ns, q) end
            end
            for i = 4, #ARGV do
              local id = redis.call('RPOP', ns .. ':pending:' .. ARGV[i])
              while id do
                local tk = ns .. ':t:' .. id
                if redis.call('HGET', tk, 'state') == 'pending' then
                  redis.call('HSET', tk, 'state', 'active', 'token', ARGV[3])
                  redis.call('ZADD', ns .. ':lease', now + tonumber(ARGV[2]), id)
                  local f = redis.call('HMGET', tk, 'type', 'payload', 'retried', 'max_retry', 'timeout_ms', 'process_at')
                  local more = 0
                  for j = i, #ARGV do
                    if redis.call('LLEN', ns .. ':pending:' .. ARGV[j]) > 0 then more = 1 break end
                  end
                  return {id, f[1], f[2], f[3], f[4], f[5], f[6], tostring(now), more, wait}
                end
                id = redis.call('RPOP', ns .. ':pending:' .. ARGV[i])
              end
            end
            return wait
            """);

    /** ARGV: ns, id, token, leaseMs. 1 = extended, 0 = the lease is no longer ours. */
    static final Redis.Script HEARTBEAT = new Redis.Script(NOW + """
            local ns, id = ARGV[1], ARGV[2]
            if redis.call('HGET', ns .. ':t:' .. id, 'token') ~= ARGV[3] then return 0 end
            if not redis.call('ZSCORE', ns .. ':lease', id) then return 0 end
            redis.call('ZADD', ns .. ':lease', now + tonumber(ARGV[4]), id)
            return 1
            """);

    /** ARGV: ns, id, token. 1 = completed, 0 = the lease was lost (someone else may run it). */
    static final Redis.Script COMPLETE = new Redis.Script("""
            local ns, id = ARGV[1], ARGV[2]
            local tk = ns .. ':t:' .. id
            local f = redis.call('HMGET', tk, 'token', 'state', 'retention_ms')
            if f[1] ~= ARGV[3] or f[2] ~= 'active' then return 0 end
            redis.call('ZREM', ns .. ':lease', id)
            redis.call('HSET', tk, 'state', 'completed')
            redis.call('HDEL', tk, 'token', 'payload')
            local keep = tonumber(f[3])
            if keep > 0 then redis.call('PEXPIRE', tk, keep) else redis.call('DEL', tk) end
            return 1
            """);

    /**
     * ARGV: ns, id, token, error, delayMs, skipRetry(0|1). 1 = will retry, 2 = archived, 0 = lease lost.
     * A retry that is now the earliest wakes the fetchers of its queue.
     */
    static final Redis.Script FAIL = new Redis.Script(NOW + WAKE + """
            local ns, id = ARGV[1], ARGV[2]
            local tk = ns .. ':t:' .. id
            local f = redis.call('HMGET', tk, 'token', 'state', 'max_retry', 'queue')
            if f[1] ~= ARGV[3] or f[2] ~= 'active' then return 0 end
            redis.call('ZREM', ns .. ':lease', id)
            local retried = redis.call('HINCRBY', tk, 'retried', 1)
            redis.call('HDEL', tk, 'token')
            if ARGV[6] == '1' or retried > tonumber(f[3]) then
              redis.call('HSET', tk, 'error', ARGV[4], 'state', 'archived')
              redis.call('ZADD', ns .. ':archived', now, id)
              return 2
            end
            redis.call('HSET', tk, 'error', ARGV[4], 'state', 'retry')
            redis.call('ZADD', ns .. ':retry', now + tonumber(ARGV[5]), id)
            if f[4] and redis.call('ZRANGE', ns .. ':retry', 0, 0)[1] == id then wake(ns, f[4]) end
            return 1
            """);

    /**
     * ARGV: ns, limit, baseDelayMs. Moves due scheduled and retry tasks to their pending lists (a
     * fetcher normally does that first, this covers workers all busy) and turns expired leases (a
     * worker that died) into retries, waking fetchers of their queues. Returns {forwarded, recovered}.
     */
    static final Redis.Script MAINTAIN = new Redis.Script(NOW + WAKE + PROMOTE + """
            local ns, limit = ARGV[1], tonumber(ARGV[2])
            local forwarded = 0
            local moved = promote(ns, now, limit)
            for q, n in pairs(moved) do
              wake(ns, q)
              forwarded = forwarded + n
            end
            local recovered = 0
            local expired = redis.call('ZRANGEBYSCORE', ns .. ':lease', '-inf', now, 'LIMIT', 0, limit)
            for _, id in ipairs(expired) do
              redis.call('ZREM', ns .. ':lease', id)
              local tk = ns .. ':t:' .. id
              if redis.call('EXISTS', tk) == 1 then
                local retried = redis.call('HINCRBY', tk, 'retried', 1)
                redis.call('HSET', tk, 'error', 'lease expired: the worker stopped renewing it')
                redis.call('HDEL', tk, 'token')
                if retried > tonumber(redis.call('HGET', tk, 'max_retry')) then
                  redis.call('HSET', tk, 'state', 'archived')
                  redis.call('ZADD', ns .. ':archived', now, id)
                else
                  local delay = math.min(tonumber(ARGV[3]) * 2 ^ (retried - 1), 600000)
                  redis.call('HSET', tk, 'state', 'retry')
                  redis.call('ZADD', ns .. ':retry', now + delay, id)
                  local q = redis.call('HGET', tk, 'queue')
                  if q then wake(ns, q) end
                end
                recovered = recovered + 1
              end
            end
            return {forwarded, recovered}
            """);
}
