package com.agentplatform.gateway.sse;

import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.gateway.GatewaySettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The open status streams of this gateway and their slots. At every ping the streams' slots are renewed and each
 * gets its keep-alive comment (which also repairs any missed live event).
 */
@Component
class EventStreams extends PeriodicTask {

    private final Map<PingableStream, StreamSlots.Slot> open = new ConcurrentHashMap<>();
    private final StreamSlots slots;
    private final ExecutorService pings = Executors.newVirtualThreadPerTaskExecutor();

    EventStreams(TaskScheduler scheduler, GatewaySettings settings, MeterRegistry meters, StreamSlots slots) {
        super(scheduler, settings.sse().pingInterval());
        this.slots = slots;
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

        void ping();

        void closeForShutdown();

        boolean isClosed();
    }

    @Override
    protected void runRound() {
        List<StreamSlots.Slot> live = new ArrayList<>();
        open.forEach((stream, slot) -> {
            if (stream.isClosed()) {
                closed(stream); // ended without the container telling us yet: its slot is free either way
            } else {
                live.add(slot);
                pings.execute(stream::ping);
            }
        });
        slots.renew(live);
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
