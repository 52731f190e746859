package com.agentplatform.worker.execution;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.common.messaging.MalformedMessageException;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import com.agentplatform.worker.WorkerSettings;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Turns wake-ups into runs. The claim is a durable, guarded UPDATE in PostgreSQL; once it is committed the lease
 * guarantees recovery, so the listener returns at once (the offset can be committed) and the run goes on on a
 * virtual thread. A long run therefore never holds back the records behind it in its partition, and a tenant at
 * its concurrency limit has its requests held back without holding back anyone else's.
 */
@Component
class ExecutionRequestListener {

    static final String CONTAINER_ID = "execution-requests";
    static final String GROUP_ID = "execution-workers";

    private final ExecutionStore store;
    private final ExecutionRunner runner;
    private final InFlight inFlight;
    private final DeferredClaims deferred;
    private final DeadLetters deadLetters;
    private final KafkaListenerEndpointRegistry containers;
    private final WorkerSettings settings;
    private final ReentrantLock retrying = new ReentrantLock();

    ExecutionRequestListener(ExecutionStore store, ExecutionRunner runner, InFlight inFlight, DeferredClaims deferred,
            DeadLetters deadLetters, KafkaListenerEndpointRegistry containers, WorkerSettings settings) {
        this.store = store;
        this.runner = runner;
        this.inFlight = inFlight;
        this.deferred = deferred;
        this.deadLetters = deadLetters;
        this.containers = containers;
        this.settings = settings;
        deferred.retryWith(this::retryHeldBack);
    }

    @KafkaListener(id = CONTAINER_ID, topics = Topics.EXECUTIONS_REQUESTED, groupId = GROUP_ID,
            concurrency = "${platform.worker.consumer-concurrency:12}")
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
        if (deferred.peek(request.tenant()) != null) {
            // Its tenant already waits for a free slot: line up behind its earlier requests, without a database
            // round trip that would only find it at capacity again. A flood of one tenant's requests then costs
            // its partition's consumer next to nothing, and the other tenants' requests keep flowing.
            deferred.hold(request);
        } else {
            inFlight.acquire();
            ExecutionStore.Claim claim = tryClaim(request);
            switch (claim) {
                case ExecutionStore.Claim.AtCapacity atCapacity -> deferred.hold(request);
                case ExecutionStore.Claim.NotClaimable notClaimable -> rejectIfPoison(record, request);
                case ExecutionStore.Claim.Claimed claimed -> { }
            }
        }
        if (inFlight.isFull() || deferred.isFull()) {
            container().pause();
        }
    }

    /** Claims and starts the run, or gives the in-flight permit back. */
    private ExecutionStore.Claim tryClaim(ExecutionRequested request) {
        boolean dispatched = false;
        try {
            ExecutionStore.Claim claim = store.claim(request, settings.id(), settings.lease());
            if (claim instanceof ExecutionStore.Claim.Claimed claimed) {
                runner.start(claimed.run(), () -> runEnded(claimed.run().tenant()));
                dispatched = true;
            }
            return claim;
        } finally {
            if (!dispatched) {
                inFlight.release();
            }
        }
    }

    /** Starts a tenant's held-back requests, oldest first, while it has free slots and this worker has room. */
    private void retryHeldBack(TenantId tenant) {
        if (!retrying.tryLock()) {
            return; // another retry is running; the next scheduled round covers this tenant
        }
        try {
            while (true) {
                ExecutionRequested next;
                while ((next = deferred.peek(tenant)) != null && inFlight.tryAcquire()) {
                    ExecutionStore.Claim claim = tryClaim(next);
                    if (claim instanceof ExecutionStore.Claim.AtCapacity) {
                        return;
                    }
                    deferred.remove(next);
                }
                if (next != null || !deferred.takeOverflow(tenant)) {
                    return;
                }
                // Wake-ups of this tenant were dropped at its cap: its oldest queued executions come back from the
                // database, which holds every one of them.
                List<ExecutionRequested> backlog = store.queuedOf(tenant, settings.maxDeferredPerTenant());
                backlog.forEach(deferred::hold);
                if (backlog.size() >= settings.maxDeferredPerTenant()) {
                    deferred.overflowed(tenant); // a full page: there may be more behind it
                }
            }
        } finally {
            retrying.unlock();
            resumeIfRoom();
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

    private void runEnded(TenantId tenant) {
        inFlight.release();
        if (deferred.peek(tenant) != null) {
            Thread.ofVirtual().start(() -> retryHeldBack(tenant));
        }
        resumeIfRoom();
    }

    private void resumeIfRoom() {
        MessageListenerContainer container = container();
        if (container != null && container.isPauseRequested() && inFlight.hasRoom() && !deferred.isFull()) {
            container.resume();
        }
    }

    private MessageListenerContainer container() {
        return containers.getListenerContainer(CONTAINER_ID);
    }
}
