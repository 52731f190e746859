package com.agentplatform.worker.execution;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Failed publishes of one kind, logged at WARN: an operator must see that messages are being lost (nothing else
 * says so until a stream stalls or a run waits for the sweeper). The first failure is logged at once; during an
 * outage, at most one line every 10 s says how many more failed meanwhile, so the log is not flooded.
 */
final class PublishFailures {

    private static final long WARN_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    private final Logger log;
    private final String what;
    private final String consequence;
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicLong nextWarning = new AtomicLong(System.nanoTime());

    /**
     * @param what        the kind of message, as the log line names it ("Event", "Wake-up")
     * @param consequence what losing one costs, for the operator reading the line
     */
    PublishFailures(Logger log, String what, String consequence) {
        this.log = log;
        this.what = what;
        this.consequence = consequence;
    }

    void failed(Object message, Throwable failure) {
        long now = System.nanoTime();
        long due = nextWarning.get();
        if (now - due >= 0 && nextWarning.compareAndSet(due, now + WARN_EVERY_NANOS)) {
            long more = suppressed.getAndSet(0);
            log.warn("{} {} not published ({}){}: {}", what, message, consequence,
                    more > 0 ? "; " + more + " more failed since the last warning" : "", failure.toString());
        } else {
            suppressed.incrementAndGet();
        }
    }
}
