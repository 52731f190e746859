package com.agentplatform.gateway.sse;

import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.tenant.RevokedKeys;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The open status streams of this gateway and their slots. At every ping a stream whose API key was revoked is
 * closed (one query for all the keys of this gateway's streams), the others' slots are renewed, and each gets its
 * keep-alive comment. A stream of one execution that is behind that execution's last stored event (Kafka did not
 * bring a live event) then reads what it missed: one query tells every stream of this gateway whether it is behind,
 * so 10,000 open streams cost the database one query per round, not 10,000.
 */
@Component
class EventStreams extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

    private final Map<PingableStream, StreamSlots.Slot> open = new ConcurrentHashMap<>();
    private final StreamSlots slots;
    private final RevokedKeys revokedKeys;
    private final LatestEvents latestEvents;
    private final ExecutorService pings = Executors.newVirtualThreadPerTaskExecutor();

    EventStreams(TaskScheduler scheduler, GatewaySettings settings, MeterRegistry meters, StreamSlots slots,
            RevokedKeys revokedKeys, LatestEvents latestEvents) {
        super(scheduler, settings.sse().pingInterval());
        this.slots = slots;
        this.revokedKeys = revokedKeys;
        this.latestEvents = latestEvents;
        meters.gauge("platform.sse.streams.open", open, Map::size);
    }

    void opened(PingableStream stream, StreamSlots.Slot slot) {
        open.put(stream, slot);
    }

    /** Frees the stream's slot; called once a stream ends however it ends, and harmless twice. */
    void closed(PingableStream stream) {
        StreamSlots.Slot slot = open.remove(stream);
        if (slot != null) {
            slots.release(slot);
        }
    }

    /** A stream that sends a keep-alive comment on each ping and can be ended by the gateway. */
    interface PingableStream {

        /** How soon a client should reconnect after the gateway ended its stream. */
        long RECONNECT_MILLIS = 1_000;

        /**
         * Sends the keep-alive comment and repairs what Kafka did not bring.
         *
         * @param latest the last stored event of every execution this gateway's streams follow, as read for this round
         */
        void ping(Map<UUID, Long> latest);

        /** The execution this stream follows, or null when it follows more than one. */
        default UUID execution() {
            return null;
        }

        void closeForShutdown();

        void closeForRevokedKey();

        boolean isClosed();
    }

    @Override
    protected void runRound() {
        Set<UUID> revoked = revokedKeys();
        Map<UUID, Long> latest = latestEvents();
        List<StreamSlots.Slot> live = new ArrayList<>();
        open.forEach((stream, slot) -> {
            if (stream.isClosed()) {
                closed(stream); // ended without the container telling us yet: its slot is free either way
            } else if (slot.apiKeyId() != null && revoked.contains(slot.apiKeyId())) {
                pings.execute(stream::closeForRevokedKey);
            } else {
                live.add(slot);
                pings.execute(() -> stream.ping(latest));
            }
        });
        slots.renew(live);
    }

    private Set<UUID> revokedKeys() {
        Set<UUID> keys = open.values().stream().map(StreamSlots.Slot::apiKeyId).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        try {
            return revokedKeys.among(keys);
        } catch (DataAccessException e) {
            // Checked again at the next ping; a revocation needs the database too, so it cannot be long missed.
            log.warn("Could not check the API keys of open streams: {}", e.toString());
            return Set.of();
        }
    }

    /** Empty when the database cannot say: the streams then wait for the next round to repair anything. */
    private Map<UUID, Long> latestEvents() {
        Set<UUID> executions = open.keySet().stream().map(PingableStream::execution).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        try {
            return latestEvents.of(executions);
        } catch (DataAccessException e) {
            log.warn("Could not read the last events of the executions streams follow: {}", e.toString());
            return Map.of();
        }
    }

    @Override
    protected void afterStop() {
        // Before the web server drains: clients reconnect (with their Last-Event-ID) to another gateway.
        open.keySet().forEach(stream -> {
            stream.closeForShutdown();
            closed(stream);
        });
    }
}
