package com.agentplatform.gateway.sse;

import com.agentplatform.common.execution.ExecutionJournal;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionEvent;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client's stream of one execution. Events leave strictly in {@code seq} order with no gap and no duplicate:
 * a live event that is not the next one makes the stream catch up from the database, which holds every event
 * before it is published. Replay, live delivery and pings all go through one lock.
 */
final class ExecutionEventStream extends LockedStream {

    private final TenantId tenant;
    private final ExecutionId execution;
    private final ExecutionJournal journal;
    private final int batch;
    private long lastSent;

    ExecutionEventStream(TenantId tenant, ExecutionId execution, long lastEventId, SseEmitter emitter,
            ExecutionJournal journal, int batch) {
        super(emitter);
        this.tenant = tenant;
        this.execution = execution;
        this.lastSent = lastEventId;
        this.journal = journal;
        this.batch = batch;
    }

    /**
     * The first catch-up. When the execution had already finished before the stream opened, every event is stored,
     * so a client that has them all (its {@code Last-Event-ID} is the terminal one) is done at once.
     */
    void replay(boolean finishedBeforeStart) {
        lock.lock();
        try {
            catchUp();
            if (finishedBeforeStart && !closed) {
                closed = true;
                emitter.complete();
            }
        } finally {
            lock.unlock();
        }
    }

    void onLive(ExecutionEvent event) {
        lock.lock();
        try {
            if (closed || event.seq() <= lastSent) {
                return;
            }
            if (event.seq() == lastSent + 1) {
                send(event);
            } else {
                catchUp();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public UUID execution() {
        return execution.value();
    }

    /** A ping also repairs a live event Kafka never brought, when the execution has stored one this stream lacks. */
    @Override
    protected void afterPing(Map<UUID, Long> latest) {
        Long stored = latest.get(execution.value());
        if (stored != null && stored > lastSent) {
            catchUp();
        }
    }

    /** Sends every stored event after the last one sent. */
    private void catchUp() {
        try {
            while (!closed) {
                List<ExecutionEvent> events = journal.eventsAfter(tenant, execution, lastSent, batch);
                events.forEach(this::send);
                if (events.size() < batch) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void send(ExecutionEvent event) {
        sendQueuedTokens();
        if (closed) {
            return;
        }
        try {
            emitter.send(SseEmitter.event()
                    .id(Long.toString(event.seq()))
                    .name(event.type().wireName())
                    .data(EventView.of(event), MediaType.APPLICATION_JSON));
            lastSent = event.seq();
            if (event.type().isTerminal()) {
                closed = true;
                emitter.complete();
            }
        } catch (IOException | IllegalStateException e) {
            fail(e);
        }
    }

}
