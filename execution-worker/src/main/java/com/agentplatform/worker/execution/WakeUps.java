package com.agentplatform.worker.execution;

import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends wake-ups for executions the worker put back in the queue (retries, recoveries, hand-backs, sweeps). A lost
 * one costs only time: the stale-queue sweeper sends it again.
 */
@Component
class WakeUps {

    private static final Logger log = LoggerFactory.getLogger(WakeUps.class);

    private final KafkaTemplate<String, String> kafka;
    private final PublishFailures failures = new PublishFailures(log, "Wake-up",
            "the execution stays queued until the stale-queue sweeper wakes it");

    WakeUps(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    void send(ExecutionRequested wakeUp) {
        String name = wakeUp.executionId() + " (attempt " + wakeUp.attempt() + ")";
        try {
            kafka.send(Topics.EXECUTIONS_REQUESTED, wakeUp.tenantId().toString(), MessageCodec.encode(wakeUp))
                    .whenComplete((result, failure) -> {
                        if (failure != null) {
                            failures.failed(name, failure);
                        }
                    });
        } catch (RuntimeException e) {
            failures.failed(name, e);
        }
    }

    /** Waits for what was sent so far to reach the broker (before a worker exits). */
    void flush() {
        kafka.flush();
    }
}
