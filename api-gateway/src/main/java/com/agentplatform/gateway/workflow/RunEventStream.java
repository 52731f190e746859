package com.agentplatform.gateway.workflow;

import com.agentplatform.gateway.sse.StreamSlots;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client's stream of a run: the run's own events ({@code step_started}, {@code step_finished}, the terminal one),
 * with their number as the SSE id, and its children's events (type {@code execution}, no id of their own), in the order
 * they happened. It reads PostgreSQL every {@link #POLL}, on a virtual thread, and ends after the run's terminal event.
 * Resuming after {@code Last-Event-ID} {@code n} skips the run's events up to n and the children's events written
 * before run event n.
 */
final class RunEventStream implements Runnable {

    static final Duration POLL = Duration.ofMillis(50);

    private final RunEvents events;
    private final UUID run;
    private final SseEmitter emitter;
    private final StreamSlots slots;
    private final StreamSlots.Slot slot;
    private final Duration ping;
    private final Map<UUID, Long> childSeen = new HashMap<>();
    private long lastSeq;
    private Instant childrenAfter;
    private volatile boolean closed;

    RunEventStream(RunEvents events, UUID run, long after, SseEmitter emitter, StreamSlots slots, StreamSlots.Slot slot,
            Duration ping) {
        this.events = events;
        this.run = run;
        this.lastSeq = after;
        this.emitter = emitter;
        this.slots = slots;
        this.slot = slot;
        this.ping = ping;
        this.childrenAfter = after == 0 ? Instant.EPOCH : events.timeOf(run, after).orElse(Instant.EPOCH);
    }

    void close() {
        closed = true;
    }

    @Override
    public void run() {
        long lastPing = System.nanoTime();
        try {
            boolean ended = false;
            while (!closed && !ended) {
                ended = sendNew();
                if (System.nanoTime() - lastPing > ping.toNanos()) {
                    emitter.send(SseEmitter.event().comment("ping"));
                    slots.renew(List.of(slot));
                    lastPing = System.nanoTime();
                }
                if (!ended) {
                    LockSupport.parkNanos(POLL.toNanos());
                }
            }
            emitter.complete();
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        } finally {
            slots.release(slot);
        }
    }

    /** Sends what is new, in time order; true once the run's terminal event has gone out. */
    private boolean sendNew() throws IOException {
        boolean ended = false;
        for (RunEvents.Event event : events.after(run, lastSeq, childrenAfter, childSeen)) {
            if (event.execution() == null) {
                emitter.send(SseEmitter.event().id(Long.toString(event.seq())).name(event.type()).data(event.data()));
                lastSeq = event.seq();
                ended |= RunEvents.TERMINAL.contains(event.type());
            } else {
                emitter.send(SseEmitter.event().name("execution").data(event.data()));
                childSeen.merge(event.execution(), event.seq(), Math::max);
            }
        }
        return ended;
    }
}
