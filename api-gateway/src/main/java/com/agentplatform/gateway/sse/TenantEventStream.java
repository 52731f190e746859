package com.agentplatform.gateway.sse;

import com.agentplatform.common.execution.ExecutionJournal;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionEvent;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client's stream of all of a tenant's executions ({@code GET /v1/events}). Replay follows the tenant-wide
 * order of the event log; live events keep each execution's own order with no duplicate and no gap (a gap is
 * filled from the database). Event ids are {@code <execution_id>:<seq>}.
 */
final class TenantEventStream extends LockedStream {

    private static final int TRACKED_EXECUTIONS = 10_000;

    private final TenantId tenant;
    private final ExecutionJournal journal;
    private final int batch;
    /** The last seq sent per execution, for the most recently active executions. */
    private final Map<ExecutionId, Long> lastSent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ExecutionId, Long> eldest) {
            return size() > TRACKED_EXECUTIONS;
        }
    };
    private long lastGlobal;

    TenantEventStream(TenantId tenant, long afterGlobal, SseEmitter emitter, ExecutionJournal journal, int batch) {
        super(emitter);
        this.tenant = tenant;
        this.lastGlobal = afterGlobal;
        this.journal = journal;
        this.batch = batch;
    }

    /** Sends the stored events after the resume point, in the tenant-wide order. */
    void replay() {
        lock.lock();
        try {
            while (!closed) {
                List<ExecutionEvent> events = journal.tenantEventsAfter(tenant, lastGlobal, batch);
                for (ExecutionEvent event : events) {
                    send(event);
                    lastGlobal = Math.max(lastGlobal, event.globalSeq());
                }
                if (events.size() < batch) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            lock.unlock();
        }
    }

    void onLive(ExecutionEvent event) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long previous = lastSent.getOrDefault(event.execution(), 0L);
            if (event.seq() <= previous) {
                return;
            }
            if (event.seq() > previous + 1 && previous > 0) {
                for (ExecutionEvent missed : journal.eventsAfter(tenant, event.execution(), previous, batch)) {
                    if (missed.seq() < event.seq()) {
                        send(missed);
                    }
                }
            }
            send(event);
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            lock.unlock();
        }
    }

    private void send(ExecutionEvent event) {
        if (closed || event.seq() <= lastSent.getOrDefault(event.execution(), 0L)) {
            return;
        }
        try {
            emitter.send(SseEmitter.event()
                    .id(event.executionId() + ":" + event.seq())
                    .name(event.type().wireName())
                    .data(EventView.of(event), MediaType.APPLICATION_JSON));
            lastSent.put(event.execution(), event.seq());
        } catch (IOException | IllegalStateException e) {
            fail(e);
        }
    }

}
