package com.agentplatform.worker.token;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.TokenDelta;
import com.agentplatform.worker.WorkerSettings;
import com.agentplatform.worker.provider.TokenSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Sends the text of model calls to the gateways while it is written: over Redis pub/sub, one channel per tenant,
 * coalesced per call ({@link TokenBuffer}). Only for tenants a gateway marked as followed, and for the others a call
 * is not even streamed. A tenant's marker is read once on its first model call here; after that every
 * {@code wanted-cache} one background round trip ({@code MGET}) refreshes the markers of all tenants with recent
 * calls, so the cost per worker is one Redis call a second whatever the number of tenants or runs. Redis trouble
 * never holds a run back: nothing is published meanwhile.
 */
@Component
public class TokenPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TokenPublisher.class);
    private static final long WARN_EVERY_NANOS = Duration.ofSeconds(10).toNanos();
    /** Tenants whose marker is remembered at most; beyond it the memory starts again (a re-read per tenant). */
    private static final int MAX_REMEMBERED = 100_000;
    /** Markers read in one MGET at most. */
    private static final int REFRESH_BATCH = 500;
    /** A tenant without a model call here for this many refresh rounds is forgotten (read again if it comes back). */
    private static final int IDLE_ROUNDS = 30;

    private final RedisClient redis;
    private final Duration coalesce;
    private final long cacheNanos;
    private final Map<TenantId, Marker> markers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flushes = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("token-flush").factory());
    private volatile long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

    /** What the marker said at the last read, and when this worker last made a model call for the tenant. */
    private record Marker(boolean followed, long usedAtNanos) {
    }

    @Autowired
    TokenPublisher(WorkerSettings settings) {
        this(settings.tokens());
    }

    TokenPublisher(WorkerSettings.Tokens settings) {
        this.redis = settings.redisHost() == null || settings.redisHost().isBlank() ? null : open(settings);
        this.coalesce = settings.coalesce();
        this.cacheNanos = settings.wantedCache().toNanos();
        if (redis != null) {
            flushes.scheduleWithFixedDelay(this::refresh, cacheNanos, cacheNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Where the text of the call that will be step {@code stepSeq} goes; {@link TokenSink#NONE} when nobody follows. */
    public TokenSink sinkFor(TenantId tenant, ExecutionId execution, int stepSeq) {
        return sinkFor(tenant, execution, null, stepSeq);
    }

    /** As {@link #sinkFor(TenantId, ExecutionId, int)}, for a run on {@code thread} (null: on none). */
    public TokenSink sinkFor(TenantId tenant, ExecutionId execution, UUID thread, int stepSeq) {
        if (redis == null || !followed(tenant)) {
            return TokenSink.NONE;
        }
        return new TokenBuffer(this, tenant, execution.value(), thread, stepSeq, coalesce);
    }

    boolean followed(TenantId tenant) {
        Marker known = markers.get(tenant);
        if (known == null) {
            return read(tenant); // once per tenant: a stream opened just before its first run sees its tokens
        }
        markers.replace(tenant, known, new Marker(known.followed(), System.nanoTime()));
        return known.followed();
    }

    private boolean read(TenantId tenant) {
        boolean followed;
        try {
            followed = redis.exists(TokenDelta.wantedKey(tenant));
        } catch (JedisException e) {
            warn("read whether tenants' tokens are followed", e);
            followed = false;
        }
        if (markers.size() >= MAX_REMEMBERED) {
            markers.clear();
        }
        markers.put(tenant, new Marker(followed, System.nanoTime()));
        return followed;
    }

    /** The markers of every tenant with a recent model call here, in one round trip per batch. */
    private void refresh() {
        long now = System.nanoTime();
        markers.entrySet().removeIf(entry -> now - entry.getValue().usedAtNanos() > cacheNanos * IDLE_ROUNDS);
        List<TenantId> tenants = new ArrayList<>(markers.keySet());
        for (int from = 0; from < tenants.size(); from += REFRESH_BATCH) {
            List<TenantId> batch = tenants.subList(from, Math.min(tenants.size(), from + REFRESH_BATCH));
            List<String> values;
            try {
                values = redis.mget(batch.stream().map(TokenDelta::wantedKey).toArray(String[]::new));
            } catch (JedisException e) {
                warn("read whether tenants' tokens are followed", e);
                return; // what was known stays until Redis answers again
            }
            for (int i = 0; i < batch.size(); i++) {
                boolean followed = values.get(i) != null;
                markers.computeIfPresent(batch.get(i), (tenant, marker) -> new Marker(followed, marker.usedAtNanos()));
            }
        }
    }

    void publish(TenantId tenant, TokenDelta delta) {
        try {
            redis.publish(TokenDelta.channel(tenant), MessageCodec.encode(delta));
        } catch (JedisException e) {
            warn("publish tokens", e);
        }
    }

    void flushLater(Runnable flush, long delayNanos) {
        flushes.schedule(flush, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void warn(String what, JedisException e) {
        long now = System.nanoTime();
        if (now - lastWarning > WARN_EVERY_NANOS) {
            lastWarning = now;
            log.warn("Could not {} in Redis (tokens are not streamed meanwhile): {}", what, e.toString());
        }
    }

    private static RedisClient open(WorkerSettings.Tokens settings) {
        int timeout = (int) settings.redisTimeout().toMillis();
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(16);
        pool.setMaxIdle(16);
        pool.setMaxWait(settings.redisTimeout());
        return RedisClient.builder()
                .hostAndPort(settings.redisHost(), settings.redisPort())
                .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(timeout).socketTimeoutMillis(timeout).build())
                .poolConfig(pool)
                .build();
    }

    @Override
    public void close() {
        flushes.shutdownNow();
        if (redis != null) {
            redis.close();
        }
    }
}
