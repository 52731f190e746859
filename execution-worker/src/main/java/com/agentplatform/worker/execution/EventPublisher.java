package com.agentplatform.worker.execution;

import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes committed events for the gateways' live streams. Losing one here loses nothing: the event is in
 * PostgreSQL, and a stream that sees a gap (or just a ping) catches up from there.
 */
@Component
class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final KafkaTemplate<String, String> kafka;
    private final PublishFailures failures = new PublishFailures(log, "Event",
            "live streams catch up from PostgreSQL, later than they would have");

    EventPublisher(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    void publish(ExecutionEvent event) {
        String name = event.executionId() + "#" + event.seq();
        try {
            kafka.send(Topics.EXECUTION_EVENTS, event.tenantId().toString(), MessageCodec.encode(event))
                    .whenComplete((result, failure) -> {
                        if (failure != null) {
                            failures.failed(name, failure);
                        }
                    });
        } catch (RuntimeException e) {
            failures.failed(name, e);
        }
    }
}
