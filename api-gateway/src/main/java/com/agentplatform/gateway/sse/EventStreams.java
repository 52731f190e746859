package com.agentplatform.gateway.sse;

import com.agentplatform.gateway.GatewaySettings;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/** The open status streams of this gateway, pinged on a schedule (which also repairs any missed live event). */
@Component
class EventStreams implements SmartLifecycle {

    private final Set<PingableStream> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService pings = Executors.newVirtualThreadPerTaskExecutor();
    private final TaskScheduler scheduler;
    private final GatewaySettings.Sse settings;
    private volatile ScheduledFuture<?> rounds;

    EventStreams(TaskScheduler scheduler, GatewaySettings settings) {
        this.scheduler = scheduler;
        this.settings = settings.sse();
    }

    void opened(PingableStream stream) {
        open.add(stream);
    }

    void closed(PingableStream stream) {
        open.remove(stream);
    }

    int openStreams() {
        return open.size();
    }

    @Override
    public void start() {
        rounds = scheduler.scheduleWithFixedDelay(() -> open.forEach(stream -> pings.execute(stream::ping)),
                settings.pingInterval());
    }

    /**
     * Before the web server drains: ends every open stream with a {@code retry:} hint, so clients reconnect (with
     * their {@code Last-Event-ID}) to another gateway instead of holding this one's shutdown.
     */
    @Override
    public void stop() {
        ScheduledFuture<?> current = rounds;
        if (current != null) {
            current.cancel(false);
            rounds = null;
        }
        open.forEach(PingableStream::closeForShutdown);
        open.clear();
    }

    @Override
    public boolean isRunning() {
        return rounds != null;
    }

    /** A stream that sends a keep-alive comment on each ping and can be ended when the gateway stops. */
    interface PingableStream {

        /** How soon a client should reconnect after the gateway ended its stream. */
        long RECONNECT_MILLIS = 1_000;

        void ping();

        void closeForShutdown();
    }
}
