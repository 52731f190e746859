package com.agentplatform.gateway.sse;

import com.agentplatform.common.messaging.TokenDelta;
import java.io.IOException;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * What every status stream shares: one lock through which everything it sends goes (replay, live events, pings),
 * the closed flag, and how it ends (on failure, with a reconnect hint when the gateway stops, or when its API key
 * is revoked).
 *
 * <p>A stream that asked for tokens also sends {@code token} events, with no {@code id:} (they are not in the log, so
 * {@code Last-Event-ID} keeps naming durable events). They wait in a bounded queue of their own: the feed that
 * offers them never blocks, and when the client reads too slowly the newest deltas are dropped for this client
 * alone. Queued deltas leave before the next durable event, so a step follows the deltas of its call.
 */
abstract class LockedStream implements EventStreams.PingableStream {

    private static final ExecutorService TOKEN_SENDS = Executors.newVirtualThreadPerTaskExecutor();

    protected final SseEmitter emitter;
    protected final ReentrantLock lock = new ReentrantLock();
    /** Written under the lock; read without it only to tell whether the stream is still worth a slot. */
    protected volatile boolean closed;
    private final Queue<TokenDelta> tokens = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedTokens = new AtomicInteger();
    private final AtomicBoolean sendingTokens = new AtomicBoolean();
    private final AtomicLong droppedTokens = new AtomicLong();
    private volatile int maxQueuedTokens;

    protected LockedStream(SseEmitter emitter) {
        this.emitter = emitter;
    }

    /** This stream takes token deltas, at most {@code maxQueued} waiting for its client at once. */
    final void acceptTokens(int maxQueued) {
        this.maxQueuedTokens = maxQueued;
    }

    /**
     * Queues a delta for this client without ever blocking the caller; false when it was dropped because the client
     * is that far behind.
     */
    final boolean offerToken(TokenDelta delta) {
        if (closed || maxQueuedTokens == 0) {
            return true;
        }
        if (queuedTokens.incrementAndGet() > maxQueuedTokens) {
            queuedTokens.decrementAndGet();
            droppedTokens.incrementAndGet();
            return false;
        }
        tokens.add(delta);
        if (sendingTokens.compareAndSet(false, true)) {
            TOKEN_SENDS.execute(this::sendTokensInTurn);
        }
        return true;
    }

    /** Deltas dropped for this client because it read too slowly. */
    final long droppedTokens() {
        return droppedTokens.get();
    }

    private void sendTokensInTurn() {
        do {
            lock.lock();
            try {
                sendQueuedTokens();
            } finally {
                sendingTokens.set(false);
                lock.unlock();
            }
        } while (!tokens.isEmpty() && sendingTokens.compareAndSet(false, true));
    }

    /** Under the lock: sends the deltas waiting; durable sends call it first. */
    protected final void sendQueuedTokens() {
        TokenDelta delta;
        while ((delta = tokens.poll()) != null) {
            queuedTokens.decrementAndGet();
            if (closed) {
                continue;
            }
            try {
                emitter.send(SseEmitter.event().name("token").data(delta, MediaType.APPLICATION_JSON));
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        }
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
