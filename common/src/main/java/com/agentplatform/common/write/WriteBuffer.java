package com.agentplatform.common.write;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Group commit for writes that many threads make at once: each caller hands over its write and waits for the commit
 * of the transaction that holds it ("fire and wait"), while the buffer writes many callers' writes in one
 * transaction. A commit costs one fsync however many rows it holds, so a hundred callers pay for one instead of a
 * hundred, and nothing changes for durability: {@link #write} returns only after its write committed.
 *
 * <p>How a batch forms: a flusher takes the first waiting write, everything queued behind it (up to
 * {@link Settings#maxBatch()}), and, when {@link Settings#maxDelay()} is not zero, what arrives until that write has
 * waited that long. While a batch commits the next one queues up, so under load batches grow by themselves.
 *
 * <p>Guarantees:
 * <ul>
 *   <li><b>Backpressure, never a drop.</b> At most {@link Settings#capacity()} writes wait; past it {@link #write}
 *       blocks until a flusher takes some.</li>
 *   <li><b>One result per caller.</b> {@link Batch#write} returns a result per write; each caller gets its own, or
 *       its own exception.</li>
 *   <li><b>One bad write fails only itself.</b> When a batch throws, its transaction rolls back and each of its writes
 *       is tried again alone, in a transaction of its own. (Not when no transaction could start at all, the database
 *       being unreachable: then every write of the batch gets that failure at once rather than one by one.) So a
 *       {@link Batch} must be safe to run again for writes whose batch rolled back, which every plain INSERT or
 *       guarded UPDATE is.</li>
 * </ul>
 *
 * <p>A refusal that belongs to one write (a quota, a guard that no longer matches) is best returned as that write's
 * result instead of thrown: the rest of the batch then commits without a retry.
 *
 * @param <W> what a caller hands over
 * @param <R> what it gets back once the write committed
 */
public final class WriteBuffer<W, R> implements AutoCloseable {

    // Spring's logging facade: common carries no logging library of its own.
    private static final Log log = LogFactory.getLog(WriteBuffer.class);
    /** How often an idle flusher looks whether the buffer was closed. */
    private static final long IDLE_POLL_MILLIS = 100;

    /**
     * The statements of one flush, run inside its transaction.
     *
     * @param <W> the writes
     * @param <R> their results
     */
    @FunctionalInterface
    public interface Batch<W, R> {

        /**
         * Writes all of {@code writes} (in the order they arrived) and returns one result per write, in the same
         * order. Throwing rolls the whole batch back; then each write is tried alone.
         */
        List<R> write(List<W> writes);
    }

    /**
     * @param maxBatch most writes in one transaction
     * @param maxDelay how long the first write of a batch may wait for others before the batch is flushed; zero
     *                 flushes whatever is queued as soon as a flusher is free (under load batches still form while the
     *                 previous one commits, so zero trades no latency for them)
     * @param capacity writes that may wait for a flush; past it callers block until there is room
     * @param flushers transactions in flight at once; one keeps the arrival order from batch to batch
     */
    public record Settings(int maxBatch, Duration maxDelay, int capacity, int flushers) {

        public Settings {
            Objects.requireNonNull(maxDelay, "maxDelay");
            if (maxBatch < 1 || capacity < 1 || flushers < 1 || maxDelay.isNegative()) {
                throw new IllegalArgumentException("a write buffer needs maxBatch, capacity and flushers of at least 1 "
                        + "and a maxDelay of zero or more, not " + this);
            }
        }
    }

    private final String name;
    private final Settings settings;
    private final TransactionOperations transactions;
    private final Batch<W, R> batch;
    private final BlockingQueue<Pending<W, R>> queue;
    private final List<Thread> flushers = new ArrayList<>();
    private volatile boolean closed;

    /**
     * Starts the flushers at once.
     *
     * @param name         names the flusher threads and log lines
     * @param transactions each flush runs in one of its transactions
     */
    public WriteBuffer(String name, Settings settings, TransactionOperations transactions, Batch<W, R> batch) {
        this.name = name;
        this.settings = settings;
        this.transactions = transactions;
        this.batch = batch;
        this.queue = new ArrayBlockingQueue<>(settings.capacity());
        for (int i = 0; i < settings.flushers(); i++) {
            flushers.add(Thread.ofPlatform().name("write-buffer-" + name + "-" + i).daemon().start(this::flushUntilClosed));
        }
    }

    /**
     * Hands {@code write} over and waits until the transaction holding it committed; returns its result, or throws its
     * exception (as {@link Batch#write} threw it). Blocks while the buffer is full.
     *
     * @throws IllegalStateException when the buffer is closed, or the caller was interrupted while waiting for room
     *                               (then nothing was written)
     */
    public R write(W write) {
        Pending<W, R> pending = new Pending<>(write);
        if (closed) {
            throw closedException();
        }
        try {
            queue.put(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for room in write buffer " + name, e);
        }
        if (closed && queue.remove(pending)) {
            throw closedException(); // closed while we queued, after its flushers drained the queue
        }
        return pending.await();
    }

    /** Writes waiting for a flush now (not counting those being flushed). */
    public int waiting() {
        return queue.size();
    }

    /** Flushes what is queued, then stops the flushers; later writes are refused. */
    @Override
    public void close() {
        closed = true;
        for (Thread flusher : flushers) {
            try {
                flusher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<Pending<W, R>> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(pending -> pending.fail(closedException()));
    }

    private void flushUntilClosed() {
        List<Pending<W, R>> taken = new ArrayList<>(settings.maxBatch());
        while (true) {
            try {
                if (!take(taken)) {
                    return;
                }
                flush(taken);
            } catch (InterruptedException e) {
                taken.forEach(pending -> pending.fail(closedException()));
                return;
            } catch (RuntimeException | Error e) {
                // flush completes every write it took; this is a bug of the buffer, not a failed write
                log.error("Write buffer " + name + " failed to flush a batch", e);
                taken.forEach(pending -> pending.fail(e));
            }
            taken.clear();
        }
    }

    /** Fills {@code taken} with the next batch; false once the buffer is closed and empty. */
    private boolean take(List<Pending<W, R>> taken) throws InterruptedException {
        Pending<W, R> first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        while (first == null) {
            if (closed) {
                return false;
            }
            first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
        taken.add(first);
        queue.drainTo(taken, settings.maxBatch() - 1);
        long deadline = first.queuedAt + settings.maxDelay().toNanos();
        while (taken.size() < settings.maxBatch()) {
            long left = deadline - System.nanoTime();
            Pending<W, R> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                break;
            }
            taken.add(next);
            queue.drainTo(taken, settings.maxBatch() - taken.size());
        }
        return true;
    }

    private void flush(List<Pending<W, R>> taken) {
        List<W> writes = taken.stream().map(Pending::write).toList();
        List<R> results;
        try {
            results = inTransaction(writes);
        } catch (RuntimeException | Error e) {
            if (taken.size() == 1 || !worthTryingAlone(e)) {
                taken.forEach(pending -> pending.fail(e));
                return;
            }
            if (log.isDebugEnabled()) {
                log.debug("Write buffer " + name + ": a batch of " + taken.size() + " failed (" + e + "); trying each write alone");
            }
            taken.forEach(this::flushAlone);
            return;
        }
        for (int i = 0; i < taken.size(); i++) {
            taken.get(i).complete(results.get(i));
        }
    }

    private void flushAlone(Pending<W, R> pending) {
        try {
            pending.complete(inTransaction(List.of(pending.write)).getFirst());
        } catch (RuntimeException | Error e) {
            pending.fail(e);
        }
    }

    private List<R> inTransaction(List<W> writes) {
        List<R> results = transactions.execute(status -> batch.write(writes));
        if (results == null || results.size() != writes.size()) {
            throw new IllegalStateException("write buffer " + name + ": " + writes.size() + " writes but "
                    + (results == null ? "no" : results.size()) + " results");
        }
        return results;
    }

    /** A batch that could not even start a transaction would fail the same way for each write, only slower. */
    private static boolean worthTryingAlone(Throwable e) {
        return !(e instanceof CannotCreateTransactionException || e instanceof DataAccessResourceFailureException);
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("write buffer " + name + " is closed");
    }

    private static final class Pending<W, R> {

        private final W write;
        private final long queuedAt = System.nanoTime();
        private final CompletableFuture<R> outcome = new CompletableFuture<>();

        Pending(W write) {
            this.write = write;
        }

        W write() {
            return write;
        }

        void complete(R result) {
            outcome.complete(result);
        }

        void fail(Throwable failure) {
            outcome.completeExceptionally(failure);
        }

        R await() {
            try {
                return outcome.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }
    }
}
