package com.agentplatform.gateway.sse;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.messaging.TokenDelta;
import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.RedisConnections;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Token deltas for this gateway's streams that asked for them ({@code ?stream_tokens=true}). Workers publish a
 * tenant's deltas on its Redis channel only while some gateway keeps the tenant's "followed" marker alive: this one
 * sets it when its first token stream of a tenant opens and renews it while any is open (it lapses by itself when
 * they close or the gateway dies). One Redis connection per gateway listens, subscribed only to the tenants its
 * streams follow. Delivery is best effort: a delta Redis drops is simply not shown, the recorded step has it all.
 */
@Component
public class TokenFeed extends PeriodicTask implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TokenFeed.class);
    /** Always subscribed, so the connection is up (and says so) even while no tenant is followed. */
    private static final String IDLE_CHANNEL = "platform:tokens:idle";
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final RedisClient redis;
    private final RedisClient listening;
    private final long markerMillis;
    private final int streamQueue;
    private final Counter dropped;
    /** Whether the listening connection's loss was logged since it last worked: one warning per outage. */
    private boolean lossLogged;
    /** Followers by channel; guarded by itself, and so are subscribe and unsubscribe calls. */
    private final Map<String, Followed> followed = new HashMap<>();
    private final Thread listener;
    private volatile Subscriber current;
    private volatile boolean running = true;

    private record Followed(TenantId tenant, Set<Consumer<TokenDelta>> listeners) {
    }

    TokenFeed(TaskScheduler scheduler, GatewaySettings settings, MeterRegistry meters) {
        super(scheduler, settings.sse().tokenMarkerTtl().dividedBy(3));
        this.redis = RedisConnections.open(settings.redis());
        this.listening = listeningConnection(settings.redis(), settings.sse().tokenMarkerTtl());
        this.markerMillis = settings.sse().tokenMarkerTtl().toMillis();
        this.streamQueue = settings.sse().tokenQueue();
        this.dropped = Counter.builder("platform.sse.tokens.dropped")
                .description("Token deltas dropped for clients that read their stream too slowly").register(meters);
        this.listener = Thread.ofPlatform().daemon().name("token-feed").start(this::listen);
    }

    /**
     * Sends the tenant's deltas that {@code which} accepts to {@code stream} (which queues them without blocking)
     * until the returned handle is closed. Any status stream can take tokens this way: execution, tenant or thread (which
     * passes the deltas of its executions).
     */
    public AutoCloseable relay(TenantId tenant, LockedStream stream, Predicate<TokenDelta> which) {
        stream.acceptTokens(streamQueue);
        return follow(tenant, delta -> {
            if (which.test(delta) && !stream.offerToken(delta)) {
                dropped.increment();
            }
        });
    }

    AutoCloseable follow(TenantId tenant, Consumer<TokenDelta> consumer) {
        String channel = TokenDelta.channel(tenant);
        boolean first;
        synchronized (followed) {
            Followed entry = followed.computeIfAbsent(channel, c -> new Followed(tenant, new CopyOnWriteArraySet<>()));
            first = entry.listeners().isEmpty();
            entry.listeners().add(consumer);
            if (first) {
                subscribe(channel);
            }
        }
        if (first) {
            mark(List.of(tenant)); // before the stream answers, so a run started after it streams
        }
        return () -> {
            synchronized (followed) {
                Followed entry = followed.get(channel);
                if (entry != null && entry.listeners().remove(consumer) && entry.listeners().isEmpty()) {
                    followed.remove(channel);
                    unsubscribe(channel); // the marker lapses by itself: another gateway may still follow the tenant
                }
            }
        };
    }

    /** Renews the markers of the tenants followed here, and checks the listening connection is alive. */
    @Override
    protected void runRound() {
        List<TenantId> tenants;
        synchronized (followed) {
            tenants = followed.values().stream().map(Followed::tenant).toList();
        }
        mark(tenants);
        Subscriber subscriber = current;
        if (subscriber != null && subscriber.isSubscribed()) {
            try {
                subscriber.ping();
            } catch (JedisException e) {
                log.debug("Token feed ping failed: {}", e.toString());
            }
        }
    }

    private void mark(List<TenantId> tenants) {
        try {
            tenants.forEach(tenant -> redis.psetex(TokenDelta.wantedKey(tenant), markerMillis, "1"));
        } catch (JedisException e) {
            log.warn("Could not mark followed tenants in Redis (their tokens are not streamed meanwhile): {}", e.toString());
        }
    }

    private void subscribe(String channel) {
        Subscriber subscriber = current;
        if (subscriber != null && subscriber.isSubscribed()) {
            try {
                subscriber.subscribe(channel);
            } catch (JedisException e) {
                log.debug("Could not subscribe to {}; done on reconnect: {}", channel, e.toString());
            }
        }
    }

    private void unsubscribe(String channel) {
        Subscriber subscriber = current;
        if (subscriber != null && subscriber.isSubscribed()) {
            try {
                subscriber.unsubscribe(channel);
            } catch (JedisException e) {
                log.debug("Could not unsubscribe from {}: {}", channel, e.toString());
            }
        }
    }

    private void listen() {
        while (running) {
            Subscriber subscriber = new Subscriber();
            current = subscriber;
            try {
                listening.subscribe(subscriber, IDLE_CHANNEL); // returns when the connection fails
            } catch (JedisException e) {
                if (running && !lossLogged) {
                    lossLogged = true;
                    log.warn("Token feed lost Redis (token streams get no tokens meanwhile); retrying every {}: {}",
                            RECONNECT_DELAY, e.toString());
                }
            }
            if (running) {
                try {
                    Thread.sleep(RECONNECT_DELAY);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private final class Subscriber extends JedisPubSub {

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            if (IDLE_CHANNEL.equals(channel)) {
                if (lossLogged) {
                    lossLogged = false;
                    log.info("Token feed listening to Redis again");
                }
                synchronized (followed) {
                    if (!followed.isEmpty()) {
                        subscribe(followed.keySet().toArray(String[]::new));
                    }
                }
            }
        }

        @Override
        public void onMessage(String channel, String message) {
            Followed entry;
            synchronized (followed) {
                entry = followed.get(channel);
            }
            if (entry == null) {
                return;
            }
            TokenDelta delta;
            try {
                delta = JsonMapping.messages().readValue(message, TokenDelta.class);
            } catch (RuntimeException e) {
                log.debug("Unreadable token delta on {}: {}", channel, e.toString());
                return;
            }
            entry.listeners().forEach(listener -> listener.accept(delta));
        }
    }

    /** Its own connection: it blocks reading for as long as it listens, and hears at least a pong every round. */
    private static RedisClient listeningConnection(GatewaySettings.Redis settings, Duration markerTtl) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(1);
        return RedisClient.builder()
                .hostAndPort(settings.host(), settings.port())
                .clientConfig(DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis((int) settings.timeout().toMillis())
                        .socketTimeoutMillis((int) markerTtl.toMillis())
                        .build())
                .poolConfig(pool)
                .build();
    }

    @Override
    public void close() {
        running = false;
        Subscriber subscriber = current;
        if (subscriber != null && subscriber.isSubscribed()) {
            try {
                subscriber.unsubscribe();
            } catch (JedisException ignored) {
                // closing anyway
            }
        }
        listener.interrupt();
        listening.close();
        redis.close();
    }
}
