package com.agentplatform.worker.execution;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.common.messaging.MalformedMessageException;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import com.agentplatform.worker.WorkerSettings;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Turns wake-ups into runs. The claim is a durable, guarded UPDATE in PostgreSQL; once it is committed the lease
 * guarantees recovery, so the listener returns at once (the offset can be committed) and the run goes on on a
 * virtual thread. A long run therefore never holds back the records behind it in its partition.
 */
@Component
class ExecutionRequestListener {

    static final String CONTAINER_ID = "execution-requests";

    private final ExecutionStore store;
    private final ExecutionRunner runner;
    private final InFlight inFlight;
    private final DeadLetters deadLetters;
    private final KafkaListenerEndpointRegistry containers;
    private final WorkerSettings settings;

    ExecutionRequestListener(ExecutionStore store, ExecutionRunner runner, InFlight inFlight, DeadLetters deadLetters,
            KafkaListenerEndpointRegistry containers, WorkerSettings settings) {
        this.store = store;
        this.runner = runner;
        this.inFlight = inFlight;
        this.deadLetters = deadLetters;
        this.containers = containers;
        this.settings = settings;
    }

    @KafkaListener(id = CONTAINER_ID, topics = Topics.EXECUTIONS_REQUESTED, groupId = "execution-workers",
            concurrency = "${platform.worker.consumer-concurrency:2}")
    void onRequest(ConsumerRecord<String, String> record) throws InterruptedException {
        if (record.value() == null) {
            return; // topic warm-up tombstone
        }
        ExecutionRequested request;
        try {
            request = MessageCodec.decodeRequest(record.value());
        } catch (MalformedMessageException e) {
            deadLetters.park(record, e.getMessage());
            return;
        }
        if (!request.tenantId().toString().equals(record.key())) {
            deadLetters.park(record, "record key does not match tenant_id");
            return;
        }
        inFlight.acquire();
        boolean dispatched = false;
        try {
            Optional<ClaimedExecution> claimed = store.claim(request, settings.id(), settings.lease());
            if (claimed.isPresent()) {
                runner.start(claimed.get(), this::runEnded);
                dispatched = true;
            } else {
                rejectIfPoison(record, request);
            }
        } finally {
            if (!dispatched) {
                inFlight.release();
            }
        }
        if (inFlight.isFull()) {
            container().pause();
        }
    }

    /** Nothing to claim: a duplicate or stale request is fine; one naming no execution of its tenant is poison. */
    private void rejectIfPoison(ConsumerRecord<String, String> record, ExecutionRequested request) {
        Optional<TenantId> owner = store.ownerOf(request.execution());
        if (owner.isEmpty()) {
            deadLetters.park(record, "unknown execution " + request.executionId());
        } else if (!owner.get().equals(request.tenant())) {
            deadLetters.park(record, "execution " + request.executionId() + " belongs to another tenant");
        }
    }

    private void runEnded() {
        inFlight.release();
        MessageListenerContainer container = container();
        if (container.isPauseRequested() && inFlight.hasRoom()) {
            container.resume();
        }
    }

    private MessageListenerContainer container() {
        return containers.getListenerContainer(CONTAINER_ID);
    }
}
