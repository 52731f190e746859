package com.agentplatform.gateway.sse;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.RedisConnections;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Caps on the status streams a tenant, and each of its API keys, hold open at once, across every gateway. Redis
 * keeps one sorted set per tenant and one per key of the open streams' ids, scored by when each slot lapses. A
 * gateway renews its streams' slots at every ping; a slot not renewed for three ping intervals (its gateway died,
 * or lost its client without noticing) lapses and is pruned by the next stream that asks for one, so no count
 * leaks.
 *
 * <p>When Redis cannot be reached the caps <b>fail open</b>, as the rate limiter does, but stay bounded: each gateway
 * then admits up to the caps on its own (counted in memory), so an outage multiplies a tenant's allowance by the
 * number of gateways rather than lifting it. Streams admitted meanwhile take their Redis slots at the next renewal.
 */
@Component
public class StreamSlots implements AutoCloseable {

    static final String LIMIT_CODE = "STREAM_LIMIT_EXCEEDED";
    private static final Logger log = LoggerFactory.getLogger(StreamSlots.class);
    private static final long WARN_EVERY_NANOS = Duration.ofSeconds(10).toNanos();
    private static final long TAKEN = 0;
    private static final long TENANT_FULL = 1;
    private static final long KEY_FULL = 2;

    private final RedisClient redis;
    private final String acquireScript = script("acquire-slot.lua");
    private final String renewScript = script("renew-slots.lua");
    private final Duration lifetime;
    private final Duration retryAfter;
    /** This gateway's open streams per Redis set name: the bound while Redis is unreachable. Guarded by itself. */
    private final Map<String, Integer> local = new HashMap<>();
    private volatile long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

    @Autowired
    StreamSlots(GatewaySettings settings) {
        this(settings.redis(), settings.sse().pingInterval());
    }

    StreamSlots(GatewaySettings.Redis settings, Duration pingInterval) {
        this.redis = RedisConnections.open(settings);
        this.lifetime = pingInterval.multipliedBy(3);
        // A slot frees when a client hangs up, or at the latest when a dead one's slot lapses: check back in a ping.
        this.retryAfter = pingInterval;
    }

    /**
     * One open stream's claim on its tenant's and its key's allowance.
     *
     * @param counted false when Redis was unreachable and only this gateway counted it
     */
    public record Slot(String id, TenantId tenant, UUID apiKeyId, boolean counted) {

        List<String> sets() {
            return StreamSlots.sets(tenant, apiKeyId);
        }
    }

    /** A slot for a new stream of the caller, or 429 {@code STREAM_LIMIT_EXCEEDED} with {@code Retry-After}. */
    public Slot acquire(AuthenticatedTenant caller) {
        String id = UUID.randomUUID().toString();
        List<String> sets = sets(caller.id(), caller.apiKeyId());
        boolean counted = true;
        long verdict;
        try {
            verdict = (Long) redis.eval(acquireScript, sets, List.of(Integer.toString(caller.maxConcurrentStreams()),
                    Integer.toString(caller.maxConcurrentStreamsPerKey()), Long.toString(lifetime.toMillis()), id));
        } catch (JedisException e) {
            warnFailingOpen(e);
            counted = false;
            verdict = takeLocally(sets, caller.maxConcurrentStreams(), caller.maxConcurrentStreamsPerKey());
        }
        if (verdict != TAKEN) {
            throw refusal(verdict, caller);
        }
        if (counted) {
            synchronized (local) {
                sets.forEach(set -> local.merge(set, 1, Integer::sum));
            }
        }
        return new Slot(id, caller.id(), caller.apiKeyId(), counted);
    }

    /** At every ping: the open streams' slots live on for another lifetime. */
    public void renew(Collection<Slot> slots) {
        Map<String, List<String>> streamsBySet = new LinkedHashMap<>();
        for (Slot slot : slots) {
            slot.sets().forEach(set -> streamsBySet.computeIfAbsent(set, s -> new ArrayList<>()).add(slot.id()));
        }
        try {
            streamsBySet.forEach((set, streams) -> {
                List<String> args = new ArrayList<>(streams.size() + 1);
                args.add(Long.toString(lifetime.toMillis()));
                args.addAll(streams);
                redis.eval(renewScript, List.of(set), args);
            });
        } catch (JedisException e) {
            warnFailingOpen(e);
        }
    }

    public void release(Slot slot) {
        List<String> sets = slot.sets();
        synchronized (local) {
            sets.forEach(set -> local.computeIfPresent(set, (s, open) -> open > 1 ? open - 1 : null));
        }
        try {
            // Also when it was not counted: a renewal may have put it in Redis since.
            sets.forEach(set -> redis.zrem(set, slot.id()));
        } catch (JedisException e) {
            warnFailingOpen(e); // it lapses on its own
        }
    }

    /** This gateway's count, for when Redis is unreachable: each gateway then admits up to the caps by itself. */
    private long takeLocally(List<String> sets, int tenantCap, int keyCap) {
        synchronized (local) {
            if (local.getOrDefault(sets.getFirst(), 0) >= tenantCap) {
                return TENANT_FULL;
            }
            if (sets.size() > 1 && local.getOrDefault(sets.get(1), 0) >= keyCap) {
                return KEY_FULL;
            }
            sets.forEach(set -> local.merge(set, 1, Integer::sum));
            return TAKEN;
        }
    }

    private ApiException refusal(long verdict, AuthenticatedTenant caller) {
        String detail = verdict == KEY_FULL
                ? "this API key has " + caller.maxConcurrentStreamsPerKey() + " status streams open, its limit"
                : "the tenant has " + caller.maxConcurrentStreams() + " status streams open, its limit";
        return ApiException.retryLater(HttpStatus.TOO_MANY_REQUESTS, LIMIT_CODE,
                detail + "; close one, or retry after " + retryAfter.toSeconds() + " s", retryAfter);
    }

    /** The tenant's set, then the key's (none for a tenant not resolved from a key of its own); one hash slot. */
    static List<String> sets(TenantId tenant, UUID apiKeyId) {
        String tenantSet = "sse:{" + tenant + "}:streams";
        return apiKeyId == null ? List.of(tenantSet) : List.of(tenantSet, "sse:{" + tenant + "}:key:" + apiKeyId);
    }

    private void warnFailingOpen(JedisException e) {
        long now = System.nanoTime();
        if (now - lastWarning >= WARN_EVERY_NANOS) {
            lastWarning = now;
            log.warn("Redis unreachable; stream caps are counted per gateway until it is back: {}", e.toString());
        }
    }

    private static String script(String name) {
        try (InputStream in = StreamSlots.class.getResourceAsStream("/sse/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
