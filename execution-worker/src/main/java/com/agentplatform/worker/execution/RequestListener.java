package com.agentplatform.worker.execution;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.common.messaging.MalformedMessageException;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Reads wake-ups and hands their tenants to the {@link Dispatcher}; nothing else. A record only says "this tenant
 * has work" (PostgreSQL decides what), so a poll's records fold into a set of tenants and their offsets are
 * committed at once: the executions are safe in PostgreSQL whatever happens to this worker. Records that can never
 * mean anything (unparseable, keyed by another tenant than they name, naming a tenant that does not exist) are
 * dead-lettered. When partitions are assigned (start, or a rebalance after a worker died), every tenant with queued
 * work is woken, so nothing waits for a wake-up that a worker now gone consumed.
 */
@Component
class RequestListener implements ConsumerSeekAware {

    static final String CONTAINER_ID = "execution-requests";
    static final String GROUP_ID = "execution-workers";

    private final Dispatcher dispatcher;
    private final ExecutionStore store;
    private final KnownTenants tenants;
    private final DeadLetters deadLetters;
    private final KafkaListenerEndpointRegistry containers;

    RequestListener(Dispatcher dispatcher, ExecutionStore store, KnownTenants tenants, DeadLetters deadLetters,
            KafkaListenerEndpointRegistry containers) {
        this.dispatcher = dispatcher;
        this.store = store;
        this.tenants = tenants;
        this.deadLetters = deadLetters;
        this.containers = containers;
        dispatcher.whenRoom(this::resume);
    }

    @KafkaListener(id = CONTAINER_ID, topics = Topics.EXECUTIONS_REQUESTED, groupId = GROUP_ID, batch = "true",
            concurrency = "${platform.worker.consumer-concurrency:2}")
    void onRequests(List<ConsumerRecord<String, String>> records) {
        Map<ConsumerRecord<String, String>, TenantId> wakeUps = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            TenantId tenant = tenantOf(record);
            if (tenant != null) {
                wakeUps.put(record, tenant);
            }
        }
        Set<TenantId> unknown = tenants.unknownAmong(wakeUps.values());
        wakeUps.forEach((record, tenant) -> {
            if (unknown.contains(tenant)) {
                deadLetters.park(record, "unknown tenant " + tenant);
            }
        });
        List<TenantId> woken = wakeUps.values().stream().filter(tenant -> !unknown.contains(tenant)).distinct().toList();
        if (!dispatcher.wake(woken)) {
            container().pause(); // the dispatcher holds as many waiting tenants as it may; the rest wait in PostgreSQL
        }
    }

    /** The tenant a record wakes; null for a tombstone, or (dead-lettered) for a record that means nothing. */
    private TenantId tenantOf(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return null; // topic warm-up tombstone
        }
        ExecutionRequested request;
        try {
            request = MessageCodec.decodeRequest(record.value());
        } catch (MalformedMessageException e) {
            deadLetters.park(record, e.getMessage());
            return null;
        }
        if (!request.tenantId().toString().equals(record.key())) {
            deadLetters.park(record, "record key does not match tenant_id");
            return null;
        }
        return request.tenant();
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        if (!assignments.isEmpty()) {
            dispatcher.wake(store.tenantsWithQueuedWork());
        }
    }

    private void resume() {
        MessageListenerContainer container = container();
        if (container != null && container.isPauseRequested()) {
            container.resume();
        }
    }

    private MessageListenerContainer container() {
        return containers.getListenerContainer(CONTAINER_ID);
    }
}
