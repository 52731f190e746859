package com.agentplatform.worker.token;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.TokenDelta;
import com.agentplatform.worker.provider.TokenSink;
import java.time.Duration;
import java.util.UUID;

/**
 * The deltas of one model call, coalesced: the first piece leaves at once (a chat client shows the answer starting),
 * later ones at most every {@code window}, each with all the text since the previous one. So a call publishes a
 * few messages a second, never one per token, and a slow model's text waits at most {@code window}.
 */
final class TokenBuffer implements TokenSink {

    private final TokenPublisher publisher;
    private final TenantId tenant;
    private final UUID execution;
    private final UUID thread;
    private final int stepSeq;
    private final long windowNanos;
    private final StringBuilder pending = new StringBuilder();
    private int index;
    private long lastSentNanos;
    private boolean flushScheduled;
    private boolean finished;

    TokenBuffer(TokenPublisher publisher, TenantId tenant, UUID execution, UUID thread, int stepSeq, Duration window) {
        this.publisher = publisher;
        this.tenant = tenant;
        this.execution = execution;
        this.thread = thread;
        this.stepSeq = stepSeq;
        this.windowNanos = window.toNanos();
        this.lastSentNanos = System.nanoTime() - windowNanos;
    }

    @Override
    public synchronized void delta(String text) {
        if (finished || text == null || text.isEmpty()) {
            return;
        }
        // What PostgreSQL cannot store is not in the recorded answer either: the deltas must add up to it.
        pending.append(text.indexOf('\0') < 0 ? text : text.replace("\0", ""));
        if (!flushScheduled && !pending.isEmpty()) {
            flushScheduled = true;
            publisher.flushLater(this::flush, Math.max(0, lastSentNanos + windowNanos - System.nanoTime()));
        }
    }

    @Override
    public synchronized void restart() {
        pending.setLength(0);
        index = 0;
    }

    @Override
    public synchronized void finish() {
        send();
        finished = true;
    }

    private synchronized void flush() {
        flushScheduled = false;
        if (!finished) {
            send();
        }
    }

    /** Under the lock, so deltas leave in index order. */
    private void send() {
        if (pending.isEmpty()) {
            return;
        }
        publisher.publish(tenant, new TokenDelta(execution, stepSeq, index++, pending.toString(), thread));
        pending.setLength(0);
        lastSentNanos = System.nanoTime();
    }
}
