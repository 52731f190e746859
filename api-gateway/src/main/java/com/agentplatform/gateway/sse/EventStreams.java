package com.agentplatform.gateway.sse;

import com.agentplatform.common.schedule.PeriodicTask;
import com.agentplatform.gateway.GatewaySettings;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/** The open status streams of this gateway, pinged on a schedule (which also repairs any missed live event). */
@Component
class EventStreams extends PeriodicTask {

    private final Set<PingableStream> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService pings = Executors.newVirtualThreadPerTaskExecutor();

    EventStreams(TaskScheduler scheduler, GatewaySettings settings, io.micrometer.core.instrument.MeterRegistry meters) {
        super(scheduler, settings.sse().pingInterval());
        meters.gauge("platform.sse.streams.open", open, Set::size);
    }

    void opened(PingableStream stream) {
        open.add(stream);
    }

    void closed(PingableStream stream) {
        open.remove(stream);
    }

    /** A stream that sends a keep-alive comment on each ping and can be ended when the gateway stops. */
    interface PingableStream {

        /** How soon a client should reconnect after the gateway ended its stream. */
        long RECONNECT_MILLIS = 1_000;

        void ping();

        void closeForShutdown();
    }

    @Override
    protected void runRound() {
        open.forEach(stream -> pings.execute(stream::ping));
    }

    @Override
    protected void afterStop() {
        // Before the web server drains: clients reconnect (with their Last-Event-ID) to another gateway.
        open.forEach(PingableStream::closeForShutdown);
        open.clear();
    }
}
