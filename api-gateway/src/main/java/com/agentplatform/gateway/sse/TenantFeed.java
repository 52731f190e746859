package com.agentplatform.gateway.sse;

import com.agentplatform.common.id.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's event log as this gateway follows it for its tenant-wide streams: a single reader however many
 * streams there are, so a tenant's dashboards cost the database one query per wake-up, not one each. Live events
 * from Kafka are only wake-ups: the feed reads what is final in commit order and hands each batch to every stream,
 * so all streams (on every gateway) send the same order, and a position in it is an exact resume point. When events
 * are held back behind a transaction still running, the feed reads again shortly (backing off up to a second);
 * every ping wakes it too.
 */
final class TenantFeed {

    private static final Logger log = LoggerFactory.getLogger(TenantFeed.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(20);
    private static final Duration LAST_RETRY = Duration.ofSeconds(1);

    private final TenantId tenant;
    private final TenantFeeds feeds;
    private final Set<TenantEventStream> streams = ConcurrentHashMap.newKeySet();
    private final ReentrantLock reading = new ReentrantLock();
    private final AtomicInteger wakeUps = new AtomicInteger();
    private final AtomicBoolean retryPlanned = new AtomicBoolean();
    private volatile LogPosition head;
    private volatile boolean stopped;
    private AutoCloseable subscription;
    private Duration retry = FIRST_RETRY;

    TenantFeed(TenantId tenant, TenantFeeds feeds) {
        this.tenant = tenant;
        this.feeds = feeds;
    }

    /** Some events the feed has handed on: those after {@code start}, up to the last one's position. */
    record Batch(LogPosition start, List<TenantLog.Entry> entries) {

        LogPosition end() {
            return entries.getLast().position();
        }
    }

    TenantId tenant() {
        return tenant;
    }

    /** Where the feed has read to; every stream of it has been handed everything up to here. */
    LogPosition head() {
        return head;
    }

    void add(TenantEventStream stream) {
        streams.add(stream);
    }

    /** Called under the feeds' map lock: true when the feed lost its last stream and stopped. */
    boolean removeAndStopIfEmpty(TenantEventStream stream) {
        streams.remove(stream);
        if (!streams.isEmpty()) {
            return false;
        }
        stopped = true;
        try {
            if (subscription != null) {
                subscription.close();
            }
        } catch (Exception ignored) {
            // closing a bus subscription cannot fail
        }
        return true;
    }

    /** Starts at the end of what is final now (once), and listens for the tenant's live events. */
    void start() {
        reading.lock();
        try {
            if (head == null) {
                head = feeds.log.finalEnd(tenant);
                subscription = feeds.bus.subscribeTenant(tenant, event -> wake());
            }
        } finally {
            reading.unlock();
        }
    }

    /** Asks for a read; wake-ups that come while one runs are folded into one more read. */
    void wake() {
        if (wakeUps.getAndIncrement() == 0) {
            feeds.work.execute(this::drain);
        }
    }

    private void drain() {
        int seen;
        do {
            seen = wakeUps.get();
            readOnce();
        } while (wakeUps.addAndGet(-seen) > 0);
    }

    private void readOnce() {
        reading.lock();
        try {
            if (stopped || head == null) {
                return;
            }
            TenantLog.Read read;
            do {
                read = feeds.log.finalAfter(tenant, head, feeds.batch);
                if (!read.entries().isEmpty()) {
                    Batch batch = new Batch(head, read.entries());
                    head = batch.end();
                    streams.forEach(stream -> stream.offer(batch, feeds.work));
                }
            } while (read.full());
            if (read.heldBack()) {
                retrySoon();
            } else {
                retry = FIRST_RETRY;
            }
        } catch (RuntimeException e) {
            // The next live event or ping reads again; the streams lose nothing meanwhile.
            log.warn("Reading the event log of tenant {} failed: {}", tenant, e.toString());
        } finally {
            reading.unlock();
        }
    }

    private void retrySoon() {
        if (retryPlanned.compareAndSet(false, true)) {
            feeds.scheduler.schedule(() -> {
                retryPlanned.set(false);
                wake();
            }, feeds.scheduler.getClock().instant().plus(retry));
            retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
        }
    }
}
