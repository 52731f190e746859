package com.agentplatform.gateway.tenant;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.gateway.GatewaySettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The live API keys this gateway has seen, by hash, with the tenant (and limits) each acts for: a request with a known
 * key costs no database round trip. There is no expiry, because a revocation must take effect at once: instead
 * {@link TenantChangeListener} drops a tenant's keys the moment PostgreSQL announces a change to the tenant or its keys,
 * and while that announcement channel is down the map serves nothing (every request reads its key from PostgreSQL).
 *
 * <p>Only live keys are kept, so unknown or revoked keys presented by anyone cannot grow the map; it is capped besides.
 * A lookup that raced with a change (it read the database before the change committed, and stored after the change
 * was announced) is caught by a generation number that every change and every loss of the channel moves on.
 */
@Component
class ApiKeyCache {

    private final TenantDirectory directory;
    private final String singleTenant;
    private final int capacity;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean serving;
    private final Counter fromMemory;
    private final Counter fromDatabase;

    ApiKeyCache(TenantDirectory directory, GatewaySettings settings, MeterRegistry meters) {
        this.directory = directory;
        this.singleTenant = settings.singleTenant() == null || settings.singleTenant().isBlank() ? null : settings.singleTenant();
        this.capacity = settings.apiKeys().cacheSize();
        this.fromMemory = lookups(meters, "memory");
        this.fromDatabase = lookups(meters, "database");
        Gauge.builder("platform.api.keys.cached", entries, Map::size)
                .description("live API keys this gateway answers from memory").register(meters);
        Gauge.builder("platform.api.keys.listening", this, cache -> cache.serving ? 1 : 0)
                .description("1 while this gateway hears key and tenant changes (and so may answer keys from memory)")
                .register(meters);
    }

    /** The tenant a live key acts for, or empty: unknown, malformed and revoked keys look the same. */
    Optional<AuthenticatedTenant> authenticate(String presentedKey) {
        String hash = HexFormat.of().formatHex(ApiKeys.hash(presentedKey));
        Entry known = serving ? entries.get(hash) : null;
        if (known != null) {
            fromMemory.increment();
            return Optional.of(known.tenant());
        }
        fromDatabase.increment();
        long before = generation.get();
        Optional<AuthenticatedTenant> owner = directory.findByApiKey(presentedKey);
        Optional<AuthenticatedTenant> tenant = owner.flatMap(this::pinned);
        tenant.ifPresent(resolved -> remember(hash, before, new Entry(owner.get().id(), resolved)));
        return tenant;
    }

    /**
     * In a single-tenant deployment every live key acts for the pinned tenant, whoever it was issued to; the key
     * stays the one presented, so its stream cap and its revocation still apply.
     */
    private Optional<AuthenticatedTenant> pinned(AuthenticatedTenant keyOwner) {
        return singleTenant == null ? Optional.of(keyOwner) : directory.findAuthenticatedByName(singleTenant, keyOwner.apiKeyId());
    }

    private void remember(String hash, long generationBeforeLookup, Entry entry) {
        if (!serving || entries.size() >= capacity) {
            return;
        }
        entries.put(hash, entry);
        // A change announced since the lookup began may have been missed by it: then the entry may not stay.
        if (generation.get() != generationBeforeLookup) {
            entries.remove(hash, entry);
        }
    }

    /** A tenant or one of its keys changed: its keys are read again (as the keys that act for it as the pinned tenant). */
    void changed(TenantId tenant) {
        generation.incrementAndGet();
        entries.values().removeIf(entry -> entry.owner().equals(tenant) || entry.tenant().id().equals(tenant));
    }

    /** Anything may have changed. */
    void changedAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    /** Changes are heard from now on: what is remembered from here can be trusted until the next change. */
    void startServing() {
        changedAll(); // whatever was stored before listening began may have missed a change
        serving = true;
    }

    /** Changes may go unheard: serve nothing from memory until {@link #startServing()}. */
    void stopServing() {
        serving = false;
        changedAll();
    }

    boolean serving() {
        return serving;
    }

    private static Counter lookups(MeterRegistry meters, String source) {
        return Counter.builder("platform.api.keys.lookups").tag("source", source)
                .description("API keys checked, from memory or from PostgreSQL").register(meters);
    }

    /** @param owner the tenant the key was issued to (the pinned tenant acts through it in single-tenant mode) */
    private record Entry(TenantId owner, AuthenticatedTenant tenant) {
    }
}
