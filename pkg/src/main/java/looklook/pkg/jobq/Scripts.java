package looklook.pkg.jobq;

/**
 * The queue's state changes, each one Lua script so that it is atomic in Redis. Times come from
 * Redis's own clock, so enqueuers and workers on machines with different clocks agree.
 *
 * <p>Keys under the namespace N (a hash tag keeps them in one cluster slot): {@code N:t:<id>}
 * task hash; {@code N:pending:<queue>} list; {@code N:scheduled}, {@code N:retry},
 * {@code N:lease}, {@code N:archived} sorted sets scored by time in ms.
 */
final class Scripts {
    private Scripts() {
    }

    private static final String NOW = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)\n";

    /** ARGV: ns, id, type, payload, queue, processAt, maxRetry, timeoutMs, retentionMs. 1 = enqueued, 0 = duplicate. */
    static final Redis.Script ENQUEUE = new Redis.Script(NOW + """
            local ns, id = ARGV[1], ARGV[2]
            local tk = ns .. ':t:' .. id
            if redis.call('EXISTS', tk) == 1 then return 0 end
            local at = tonumber(ARGV[6])
            redis.call('HSET', tk, 'type', ARGV[3], 'payload', ARGV[4], 'queue', ARGV[5], 'retried', 0,
              'max_retry', ARGV[7], 'timeout_ms', ARGV[8], 'retention_ms', ARGV[9], 'process_at', at, 'enqueued_at', now)
            if at <= now then
              redis.call('HSET', tk, 'state', 'pending')
              redis.call('LPUSH', ns .. ':pending:' .. ARGV[5], id)
            else
              redis.call('HSET', tk, 'state', 'scheduled')
              redis.call('ZADD', ns .. ':scheduled', at, id)
            end
            return 1
            """);

    /**
     * ARGV: ns, leaseMs, token, queue... Takes the oldest pending task of the first non-empty
     * queue, leases it under {@code token}. Returns {id, type, payload, retried, maxRetry,
     * timeoutMs, processAt, now} or nil.
     */
    static final Redis.Script DEQUEUE = new Redis.Script(NOW + """
            local ns = ARGV[1]
            for i = 4, #ARGV do
              local id = redis.call('RPOP', ns .. ':pending:' .. ARGV[i])
              while id do
                local tk = ns .. ':t:' .. id
                if redis.call('HGET', tk, 'state') == 'pending' then
                  redis.call('HSET', tk, 'state', 'active', 'token', ARGV[3])
                  redis.call('ZADD', ns .. ':lease', now + tonumber(ARGV[2]), id)
                  local f = redis.call('HMGET', tk, 'type', 'payload', 'retried', 'max_retry', 'timeout_ms', 'process_at')
                  return {id, f[1], f[2], f[3], f[4], f[5], f[6], tostring(now)}
                end
                id = redis.call('RPOP', ns .. ':pending:' .. ARGV[i])
              end
            end
            return false
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
            if redis.call('HGET', tk, 'token') ~= ARGV[3] or redis.call('HGET', tk, 'state') ~= 'active' then return 0 end
            redis.call('ZREM', ns .. ':lease', id)
            redis.call('HSET', tk, 'state', 'completed')
            redis.call('HDEL', tk, 'token', 'payload')
            local keep = tonumber(redis.call('HGET', tk, 'retention_ms'))
            if keep > 0 then redis.call('PEXPIRE', tk, keep) else redis.call('DEL', tk) end
            return 1
            """);

    /**
     * ARGV: ns, id, token, error, delayMs, skipRetry(0|1). 1 = will retry, 2 = archived, 0 = lease lost.
     */
    static final Redis.Script FAIL = new Redis.Script(NOW + """
            local ns, id = ARGV[1], ARGV[2]
            local tk = ns .. ':t:' .. id
            if redis.call('HGET', tk, 'token') ~= ARGV[3] or redis.call('HGET', tk, 'state') ~= 'active' then return 0 end
            redis.call('ZREM', ns .. ':lease', id)
            local retried = redis.call('HINCRBY', tk, 'retried', 1)
            redis.call('HSET', tk, 'error', ARGV[4])
            redis.call('HDEL', tk, 'token')
            if ARGV[6] == '1' or retried > tonumber(redis.call('HGET', tk, 'max_retry')) then
              redis.call('HSET', tk, 'state', 'archived')
              redis.call('ZADD', ns .. ':archived', now, id)
              return 2
            end
            redis.call('HSET', tk, 'state', 'retry')
            redis.call('ZADD', ns .. ':retry', now + tonumber(ARGV[5]), id)
            return 1
            """);

    /**
     * ARGV: ns, limit, baseDelayMs. Moves due scheduled and retry tasks to their pending lists and
     * turns expired leases (a worker that died) into retries. Returns {forwarded, recovered}.
     */
    static final Redis.Script MAINTAIN = new Redis.Script(NOW + """
            local ns, limit = ARGV[1], tonumber(ARGV[2])
            local moved = 0
            for _, set in ipairs({':scheduled', ':retry'}) do
              local ids = redis.call('ZRANGEBYSCORE', ns .. set, '-inf', now, 'LIMIT', 0, limit)
              for _, id in ipairs(ids) do
                redis.call('ZREM', ns .. set, id)
                local tk = ns .. ':t:' .. id
                local q = redis.call('HGET', tk, 'queue')
                if q then
                  redis.call('HSET', tk, 'state', 'pending')
                  redis.call('LPUSH', ns .. ':pending:' .. q, id)
                  moved = moved + 1
                end
              end
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
                end
                recovered = recovered + 1
              end
            end
            return {moved, recovered}
            """);
}
