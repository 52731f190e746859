package com.agentplatform.worker.execution;

import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends wake-ups for executions the worker put back in the queue (retries, recoveries, hand-backs, sweeps). A lost
 * one costs only time: the stale-queue sweeper sends it again.
 */
@Component
class WakeUps {

    private final KafkaTemplate<String, String> kafka;

    WakeUps(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    void send(ExecutionRequested wakeUp) {
        kafka.send(Topics.EXECUTIONS_REQUESTED, wakeUp.tenantId().toString(), MessageCodec.encode(wakeUp));
    }

    /** Waits for what was sent so far to reach the broker (before a worker exits). */
    void flush() {
        kafka.flush();
    }
}
