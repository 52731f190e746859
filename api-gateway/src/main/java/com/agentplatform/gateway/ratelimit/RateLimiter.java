package com.agentplatform.gateway.ratelimit;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.RedisConnections;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Per-tenant request rate limit in Redis: one atomic Lua script per check (a sliding-window log), so every gateway
 * shares one exact count.
 *
 * <p>When Redis cannot be reached the limiter <b>fails open</b>: the request is admitted and a warning logged (at
 * most once every 10 s). A rate limit protects capacity; refusing all traffic because its bookkeeping is down would
 * turn a Redis outage into a platform outage. Quotas that protect data (queued executions) live in PostgreSQL and
 * do not depend on Redis.
 */
@Component
public class RateLimiter implements AutoCloseable {

    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final long WARN_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    private final RedisClient redis;
    private final String script;
    private final String sha;
    private volatile long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

    @Autowired
    RateLimiter(GatewaySettings settings) {
        this(settings.redis());
    }

    RateLimiter(GatewaySettings.Redis settings) {
        this.redis = RedisConnections.open(settings);
        this.script = loadScript();
        this.sha = sha1(script);
    }

    /** One request of {@code tenant} against its limit per minute. */
    public Decision check(TenantId tenant, int limitPerMinute) {
        List<String> keys = List.of("ratelimit:" + tenant);
        List<String> args = List.of(Integer.toString(limitPerMinute), Long.toString(WINDOW.toMillis()), UUID.randomUUID().toString());
        try {
            Object result;
            try {
                result = redis.evalsha(sha, keys, args);
            } catch (JedisNoScriptException e) {
                result = redis.eval(script, keys, args);
            }
            List<?> values = (List<?>) result;
            return new Decision(((Long) values.get(0)) == 1L, limitPerMinute, ((Long) values.get(1)).intValue(),
                    Duration.ofMillis((Long) values.get(2)), true);
        } catch (JedisException e) {
            warnFailingOpen(e);
            return new Decision(true, limitPerMinute, limitPerMinute, WINDOW, false);
        }
    }

    /**
     * @param remaining requests left in the window after this one
     * @param reset     until the oldest counted request leaves the window (a slot frees up)
     * @param counted   false when Redis was unreachable and the request was admitted uncounted
     */
    public record Decision(boolean allowed, int limit, int remaining, Duration reset, boolean counted) {
    }

    private void warnFailingOpen(JedisException e) {
        long now = System.nanoTime();
        if (now - lastWarning >= WARN_EVERY_NANOS) {
            lastWarning = now;
            log.warn("Redis unreachable; rate limits fail open until it is back: {}", e.toString());
        }
    }

    private static String loadScript() {
        try (InputStream in = RateLimiter.class.getResourceAsStream("/ratelimit/sliding-window.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
