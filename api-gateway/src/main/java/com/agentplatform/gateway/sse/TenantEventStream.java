package com.agentplatform.gateway.sse;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionEvent;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client's stream of all of a tenant's executions ({@code GET /v1/events}), in the commit order of
 * {@link TenantLog}: it replays the final events after its resume position, then takes the batches of its tenant's
 * {@link TenantFeed}. It only ever sends the next final events after the last one it sent, so the client's last
 * event id names exactly what it has: no gap, no duplicate, even when transactions commit out of order. Event ids
 * are {@code <execution_id>:<seq>}.
 *
 * <p>A thread's stream ({@code GET /v1/threads/{id}/events}) is the same stream narrowed to the thread's executions:
 * it follows its tenant's feed and keeps what belongs to the thread. Its position is how far it has looked in the
 * tenant's log (what it skipped was not the thread's), so a client's last event id still names an exact resume point.
 */
final class TenantEventStream extends LockedStream {

    /** Batches waiting for a slow client; past this the oldest are dropped and read back from the database. */
    private static final int MAX_WAITING_BATCHES = 64;

    private final TenantId tenant;
    private final Queue<TenantFeed.Batch> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final TenantLog log;
    private final int batch;
    /** The thread this stream is narrowed to, or null for all of the tenant's executions. */
    private final UUID thread;
    private final ThreadMembers members;
    private TenantFeed feed;
    private LogPosition sent;

    TenantEventStream(TenantId tenant, LogPosition after, SseEmitter emitter, TenantLog log, int batch) {
        this(tenant, null, after, emitter, log, batch);
    }

    TenantEventStream(TenantId tenant, UUID thread, LogPosition after, SseEmitter emitter, TenantLog log, int batch) {
        super(emitter);
        this.tenant = tenant;
        this.thread = thread;
        this.sent = after;
        this.log = log;
        this.batch = batch;
        this.members = thread == null ? null : new ThreadMembers(tenant, thread, log);
    }

    void following(TenantFeed feed) {
        lock.lock();
        try {
            this.feed = feed;
        } finally {
            lock.unlock();
        }
    }

    /** Sends the final events after the resume position. */
    void replay() {
        lock.lock();
        try {
            TenantLog.Read read;
            do {
                read = log.finalAfter(tenant, thread, sent, batch);
                read.entries().forEach(this::send);
            } while (!closed && read.full());
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            lock.unlock();
        }
    }

    /** Takes the feed's batches in order, one at a time, without holding the feed up. */
    void offer(TenantFeed.Batch batch, Executor executor) {
        inbox.add(batch);
        if (waiting.getAndIncrement() == 0) {
            executor.execute(this::drainInbox);
        } else if (waiting.get() > MAX_WAITING_BATCHES) {
            inbox.poll(); // the gap it leaves is filled from the database by the next batch
        }
    }

    /** One round per batch offered; a round finds none when its batch was dropped. */
    private void drainInbox() {
        do {
            TenantFeed.Batch batch = inbox.poll();
            if (batch != null) {
                onBatch(batch);
            }
        } while (waiting.decrementAndGet() > 0);
    }

    /** A batch of the feed: what this stream has not sent of it, after filling any gap before it from the database. */
    private void onBatch(TenantFeed.Batch next) {
        lock.lock();
        try {
            if (closed || !sent.isBefore(next.end())) {
                return;
            }
            if (sent.isBefore(next.start())) {
                sendUpTo(next.start());
            }
            for (TenantLog.Entry entry : members == null ? next.entries() : members.keep(next.entries())) {
                if (sent.isBefore(entry.position())) {
                    send(entry);
                }
            }
            passed(next.end());
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            lock.unlock();
        }
    }

    /** At every ping the tenant's log is read again (once per tenant), and a batch this stream missed is filled in. */
    @Override
    protected void afterPing(Map<UUID, Long> latest) {
        LogPosition head = feed == null ? null : feed.head();
        if (head != null && sent.isBefore(head)) {
            sendUpTo(head);
        }
        if (feed != null) {
            feed.wake();
        }
    }

    private void sendUpTo(LogPosition upTo) {
        List<TenantLog.Entry> entries;
        do {
            entries = log.between(tenant, thread, sent, upTo, batch);
            entries.forEach(this::send);
        } while (!closed && entries.size() == batch);
        passed(upTo);
    }

    /** Everything up to {@code position} was sent or was not this stream's. */
    private void passed(LogPosition position) {
        if (!closed && sent.isBefore(position)) {
            sent = position;
        }
    }

    private void send(TenantLog.Entry entry) {
        sendQueuedTokens();
        if (closed) {
            return;
        }
        ExecutionEvent event = entry.event();
        try {
            emitter.send(SseEmitter.event()
                    .id(event.executionId() + ":" + event.seq())
                    .name(event.type().wireName())
                    .data(EventView.of(event), MediaType.APPLICATION_JSON));
            sent = entry.position();
        } catch (IOException | IllegalStateException e) {
            fail(e);
        }
    }
}
