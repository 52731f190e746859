package com.agentplatform.gateway.sse;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * What every status stream shares: one lock through which everything it sends goes (replay, live events, pings),
 * the closed flag, and how it ends (on failure, with a reconnect hint when the gateway stops, or when its API key
 * is revoked).
 */
abstract class LockedStream implements EventStreams.PingableStream {

    protected final SseEmitter emitter;
    protected final ReentrantLock lock = new ReentrantLock();
    /** Written under the lock; read without it only to tell whether the stream is still worth a slot. */
    protected volatile boolean closed;

    protected LockedStream(SseEmitter emitter) {
        this.emitter = emitter;
    }

    /**
     * A first comment, sent as the stream opens: the response (200 and its headers) then leaves at once, so a client
     * knows its stream was accepted without waiting for an event or the first ping.
     */
    final void greet() {
        lock.lock();
        try {
            emitter.send(SseEmitter.event().comment("stream open"));
        } catch (IOException | RuntimeException e) {
            fail(e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs after each ping, under the lock, while the stream is open: a chance to repair what Kafka dropped. */
    protected void afterPing(Map<UUID, Long> latest) {
    }

    @Override
    public final void ping(Map<UUID, Long> latest) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            emitter.send(SseEmitter.event().comment("ping"));
            afterPing(latest);
        } catch (IOException | RuntimeException e) {
            fail(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final void closeForShutdown() {
        close(SseEmitter.event().reconnectTime(RECONNECT_MILLIS).comment("gateway shutting down"));
    }

    /** No reconnect hint: the key is dead, so a reconnect with it would get 401. */
    @Override
    public final void closeForRevokedKey() {
        close(SseEmitter.event().comment("api key revoked"));
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }

    private void close(SseEmitter.SseEventBuilder farewell) {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                emitter.send(farewell);
                emitter.complete();
            }
        } catch (IOException | RuntimeException e) {
            emitter.completeWithError(e);
        } finally {
            lock.unlock();
        }
    }

    final void markClosed() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    protected final void fail(Exception e) {
        closed = true;
        emitter.completeWithError(e);
    }
}
