package com.agentplatform.gateway.sse;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.events.ExecutionEventBus;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The tenant feeds of this gateway: one per tenant that has a tenant-wide stream open here, gone with its last
 * stream.
 */
@Component
class TenantFeeds {

    private final ConcurrentHashMap<TenantId, TenantFeed> feeds = new ConcurrentHashMap<>();
    final TenantLog log;
    final ExecutionEventBus bus;
    final TaskScheduler scheduler;
    final int batch;
    /** Reads, and deliveries to streams: each on a virtual thread, so one slow client never holds back a feed. */
    final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();

    TenantFeeds(TenantLog log, ExecutionEventBus bus, TaskScheduler scheduler, GatewaySettings settings) {
        this.log = log;
        this.bus = bus;
        this.scheduler = scheduler;
        this.batch = settings.sse().replayBatch();
    }

    /** Adds a stream to its tenant's feed, started (at the end of what is final now) before the stream replays. */
    TenantFeed join(TenantId tenant, TenantEventStream stream) {
        TenantFeed feed = feeds.compute(tenant, (id, existing) -> {
            TenantFeed joined = existing != null ? existing : new TenantFeed(id, this);
            joined.add(stream);
            return joined;
        });
        try {
            feed.start();
        } catch (RuntimeException e) {
            leave(feed, stream);
            throw e;
        }
        return feed;
    }

    void leave(TenantFeed feed, TenantEventStream stream) {
        feeds.computeIfPresent(feed.tenant(), (id, current) -> current.removeAndStopIfEmpty(stream) ? null : current);
    }
}
