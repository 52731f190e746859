package com.agentplatform.gateway.execution;

import com.agentplatform.gateway.web.ApiException;
import java.util.Arrays;
import java.util.Locale;

/** What a new run on a thread does while an earlier run of the thread is queued, running or waiting. */
enum MultitaskStrategy {
    /** Runs after them, in submission order. */
    ENQUEUE,
    /** Refused with {@code 409 THREAD_BUSY}. */
    REJECT,
    /** They are cancelled (a running one at its next step boundary); their messages stay on the thread. */
    INTERRUPT,
    /** As {@link #INTERRUPT}, and their messages are removed from the thread. */
    ROLLBACK;

    static MultitaskStrategy of(String wire) {
        if (wire == null) {
            return ENQUEUE;
        }
        return Arrays.stream(values())
                .filter(strategy -> strategy.wireName().equals(wire))
                .findFirst()
                .orElseThrow(() -> ApiException.validation("multitask_strategy",
                        "must be one of enqueue, reject, interrupt, rollback"));
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean stopsEarlierRuns() {
        return this == INTERRUPT || this == ROLLBACK;
    }
}
