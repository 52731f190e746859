package com.agentplatform.gateway.sse;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.messaging.ExecutionEvent;
import com.agentplatform.common.messaging.MalformedMessageException;
import com.agentplatform.common.messaging.MessageCodec;
import com.agentplatform.common.messaging.Topics;
import com.agentplatform.gateway.GatewaySettings;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The open status streams of this gateway. Every gateway reads all of {@code executions.events} (its own consumer
 * group) and hands each event to the streams that follow its execution, each on a virtual thread so one slow
 * client never holds back the others.
 */
@Component
class EventStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

    private final ConcurrentHashMap<ExecutionId, Set<ExecutionEventStream>> byExecution = new ConcurrentHashMap<>();
    private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();
    private final TaskScheduler scheduler;
    private final GatewaySettings.Sse settings;
    private volatile ScheduledFuture<?> pings;

    EventStreams(TaskScheduler scheduler, GatewaySettings settings) {
        this.scheduler = scheduler;
        this.settings = settings.sse();
    }

    void register(ExecutionEventStream stream) {
        byExecution.computeIfAbsent(stream.execution(), id -> ConcurrentHashMap.newKeySet()).add(stream);
    }

    void unregister(ExecutionEventStream stream) {
        stream.markClosed();
        byExecution.computeIfPresent(stream.execution(), (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }

    int openStreams() {
        return byExecution.values().stream().mapToInt(Set::size).sum();
    }

    @KafkaListener(id = "gateway-events", topics = Topics.EXECUTION_EVENTS,
            groupId = "gateway-events-${random.uuid}", properties = "auto.offset.reset=latest")
    void onEvent(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return; // topic warm-up tombstone
        }
        ExecutionEvent event;
        try {
            event = MessageCodec.decodeEvent(record.value());
        } catch (MalformedMessageException e) {
            log.warn("Skipping unreadable event at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        Set<ExecutionEventStream> streams = byExecution.get(event.execution());
        if (streams != null) {
            for (ExecutionEventStream stream : streams) {
                deliveries.execute(() -> stream.onLive(event));
            }
        }
    }

    @Override
    public void start() {
        pings = scheduler.scheduleWithFixedDelay(this::pingAll, settings.pingInterval());
    }

    private void pingAll() {
        byExecution.values().forEach(streams -> streams.forEach(stream -> deliveries.execute(stream::ping)));
    }

    @Override
    public void stop() {
        ScheduledFuture<?> current = pings;
        if (current != null) {
            current.cancel(false);
            pings = null;
        }
    }

    @Override
    public boolean isRunning() {
        return pings != null;
    }
}
