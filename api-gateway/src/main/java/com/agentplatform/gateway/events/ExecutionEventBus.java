package com.agentplatform.gateway.events;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.common.messaging.MalformedMessageException;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Live execution events on this gateway. Every gateway reads all of {@code executions.events} (a consumer group of
 * its own) and hands each event to whoever follows its execution or its tenant, each delivery on a virtual thread
 * so one slow subscriber never holds back the others. Delivery here is best effort: subscribers that must not miss
 * an event catch up from PostgreSQL.
 */
@Component
public class ExecutionEventBus {

    private static final Logger log = LoggerFactory.getLogger(ExecutionEventBus.class);

    private final ConcurrentHashMap<ExecutionId, Set<Consumer<ExecutionEvent>>> byExecution = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TenantId, Set<Consumer<ExecutionEvent>>> byTenant = new ConcurrentHashMap<>();
    /** Open subscriptions per tenant (record key): events of a tenant nobody here follows are not even decoded. */
    private final ConcurrentHashMap<String, AtomicInteger> interest = new ConcurrentHashMap<>();
    private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();

    /** Follows one execution (of this tenant) until the returned handle is closed. */
    public AutoCloseable subscribe(TenantId tenant, ExecutionId execution, Consumer<ExecutionEvent> subscriber) {
        return interested(tenant, add(byExecution, execution, subscriber));
    }

    /** Follows every execution of a tenant until the returned handle is closed. */
    public AutoCloseable subscribeTenant(TenantId tenant, Consumer<ExecutionEvent> subscriber) {
        return interested(tenant, add(byTenant, tenant, subscriber));
    }

    private AutoCloseable interested(TenantId tenant, AutoCloseable subscription) {
        String key = tenant.toString();
        interest.compute(key, (k, count) -> {
            AtomicInteger open = count == null ? new AtomicInteger() : count;
            open.incrementAndGet();
            return open;
        });
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                subscription.close();
                interest.computeIfPresent(key, (k, count) -> count.decrementAndGet() == 0 ? null : count);
            }
        };
    }

    /**
     * The group is this process's alone and starts at the end, so its committed offsets are never read: Kafka's own
     * periodic commit replaces the container's commit after every poll, which was a third of this consumer's CPU.
     */
    @KafkaListener(id = "gateway-events", topics = Topics.EXECUTION_EVENTS, groupId = "gateway-events-${random.uuid}",
            properties = {"auto.offset.reset=latest", "enable.auto.commit=true"})
    void onRecord(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return; // topic warm-up tombstone
        }
        if (record.key() != null && !interest.containsKey(record.key())) {
            return; // every event is keyed by its tenant; no stream or waiter here follows this one
        }
        try {
            dispatch(MessageCodec.decodeEvent(record.value()));
        } catch (MalformedMessageException e) {
            log.warn("Skipping unreadable event at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    void dispatch(ExecutionEvent event) {
        deliver(byExecution.get(event.execution()), event);
        deliver(byTenant.get(event.tenant()), event);
    }

    private void deliver(Set<Consumer<ExecutionEvent>> subscribers, ExecutionEvent event) {
        if (subscribers != null) {
            for (Consumer<ExecutionEvent> subscriber : subscribers) {
                deliveries.execute(() -> subscriber.accept(event));
            }
        }
    }

    private static <K> AutoCloseable add(ConcurrentHashMap<K, Set<Consumer<ExecutionEvent>>> index, K key,
            Consumer<ExecutionEvent> subscriber) {
        index.compute(key, (k, subscribers) -> {
            Set<Consumer<ExecutionEvent>> set = subscribers == null ? ConcurrentHashMap.newKeySet() : subscribers;
            set.add(subscriber);
            return set;
        });
        return () -> index.computeIfPresent(key, (k, subscribers) -> {
            subscribers.remove(subscriber);
            return subscribers.isEmpty() ? null : subscribers;
        });
    }
}
