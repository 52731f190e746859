package com.agentplatform.gateway.sse;

import com.agentplatform.common.execution.ExecutionJournal;
import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.events.ExecutionEventBus;
import com.agentplatform.gateway.execution.ExecutionRepository;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@Tag(name = "Events")
class EventStreamController {

    private final ExecutionRepository executions;
    private final ExecutionJournal journal;
    private final ExecutionEventBus bus;
    private final EventStreams streams;
    private final StreamSlots slots;
    private final TenantLog tenantLog;
    private final TenantFeeds feeds;
    private final TokenFeed tokens;
    private final GatewaySettings.Sse settings;
    private final ExecutorService replays = Executors.newVirtualThreadPerTaskExecutor();

    EventStreamController(ExecutionRepository executions, ExecutionJournal journal, ExecutionEventBus bus,
            EventStreams streams, StreamSlots slots, TenantLog tenantLog, TenantFeeds feeds, TokenFeed tokens,
            GatewaySettings settings) {
        this.executions = executions;
        this.journal = journal;
        this.bus = bus;
        this.streams = streams;
        this.slots = slots;
        this.tenantLog = tenantLog;
        this.feeds = feeds;
        this.tokens = tokens;
        this.settings = settings.sse();
    }

    /** Replays the stored events after {@code Last-Event-ID}, then live ones; closes after the terminal event. */
    @Operation(operationId = "followExecution", summary = "Follow an execution's events (server-sent events)")
    @GetMapping(path = "/v1/executions/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter follow(AuthenticatedTenant tenant, @PathVariable String id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
            @RequestParam(name = "last_event_id", required = false) String lastEventIdParam,
            @Parameter(description = TokenStreaming.DESCRIPTION, example = "true",
                    schema = @Schema(type = "boolean", defaultValue = "false"))
            @RequestParam(name = TokenStreaming.PARAMETER, required = false) String streamTokens) {
        ExecutionId execution = PathIds.executionId(id);
        boolean withTokens = TokenStreaming.asked(streamTokens);
        ExecutionStatus statusAtStart = executions.status(tenant.id(), execution)
                .orElseThrow(() -> ApiException.notFound("execution " + id));
        long after = LastEventId.sequence(lastEventIdHeader, lastEventIdParam);
        StreamSlots.Slot slot = slots.acquire(tenant);
        SseEmitter emitter = new SseEmitter(settings.maxStreamDuration().toMillis());
        ExecutionEventStream stream = new ExecutionEventStream(tenant.id(), execution, after, emitter, journal,
                settings.replayBatch());
        // Listen before replaying, so an event published during the replay is not missed.
        AutoCloseable subscription = TokenStreaming.both(bus.subscribe(tenant.id(), execution, stream::onLive),
                withTokens ? tokens.relay(tenant.id(), stream, delta -> execution.value().equals(delta.executionId())) : null);
        track(emitter, stream, slot, subscription, stream::markClosed);
        replays.execute(() -> stream.replay(statusAtStart.isTerminal()));
        return emitter;
    }

    /** All of the caller's executions: replay after {@code Last-Event-ID} ({@code <execution_id>:<seq>}), then live. */
    @Operation(operationId = "followTenantEvents", summary = "Follow the events of all of the tenant's executions (server-sent events)")
    @GetMapping(path = "/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter followTenant(AuthenticatedTenant tenant,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
            @RequestParam(name = "last_event_id", required = false) String lastEventIdParam,
            @Parameter(description = TokenStreaming.DESCRIPTION, example = "true",
                    schema = @Schema(type = "boolean", defaultValue = "false"))
            @RequestParam(name = TokenStreaming.PARAMETER, required = false) String streamTokens) {
        boolean withTokens = TokenStreaming.asked(streamTokens);
        LogPosition after = tenantPosition(tenant, lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParam);
        StreamSlots.Slot slot = slots.acquire(tenant);
        SseEmitter emitter = new SseEmitter(settings.maxStreamDuration().toMillis());
        TenantEventStream stream = new TenantEventStream(tenant.id(), after, emitter, tenantLog, settings.replayBatch());
        TenantFeed feed;
        try {
            // Join before replaying: the feed starts where what is final ends now, so the two leave no gap.
            feed = feeds.join(tenant.id(), stream);
        } catch (RuntimeException e) {
            slots.release(slot);
            throw e;
        }
        stream.following(feed);
        AutoCloseable subscription = TokenStreaming.both(() -> feeds.leave(feed, stream),
                withTokens ? tokens.relay(tenant.id(), stream, delta -> true) : null);
        track(emitter, stream, slot, subscription, stream::markClosed);
        replays.execute(stream::replay);
        return emitter;
    }

    /**
     * Every execution of a thread: its tenant's stream narrowed to the thread (ids {@code <execution_id>:<seq>}, the
     * same resume rules); another tenant's thread answers 404.
     */
    @Operation(operationId = "followThread", summary = "Follow the events of a thread's runs (server-sent events)")
    @GetMapping(path = "/v1/threads/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter followThread(AuthenticatedTenant tenant, @PathVariable String id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
            @RequestParam(name = "last_event_id", required = false) String lastEventIdParam,
            @Parameter(description = TokenStreaming.DESCRIPTION, example = "true",
                    schema = @Schema(type = "boolean", defaultValue = "false"))
            @RequestParam(name = TokenStreaming.PARAMETER, required = false) String streamTokens) {
        boolean withTokens = TokenStreaming.asked(streamTokens);
        UUID thread = PathIds.uuid(id, "thread");
        if (!tenantLog.hasThread(tenant.id(), thread)) {
            throw ApiException.notFound("thread " + id);
        }
        LogPosition after = threadPosition(tenant, thread, lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParam);
        StreamSlots.Slot slot = slots.acquire(tenant);
        SseEmitter emitter = new SseEmitter(settings.maxStreamDuration().toMillis());
        TenantEventStream stream = new TenantEventStream(tenant.id(), thread, after, emitter, tenantLog, settings.replayBatch());
        TenantFeed feed;
        try {
            feed = feeds.join(tenant.id(), stream);
        } catch (RuntimeException e) {
            slots.release(slot);
            throw e;
        }
        stream.following(feed);
        // A delta names its run's thread: the stream keeps its own runs' deltas without asking the database.
        AutoCloseable subscription = TokenStreaming.both(() -> feeds.leave(feed, stream),
                withTokens ? tokens.relay(tenant.id(), stream, delta -> thread.equals(delta.threadId())) : null);
        track(emitter, stream, slot, subscription, stream::markClosed);
        replays.execute(stream::replay);
        return emitter;
    }

    private void track(SseEmitter emitter, LockedStream stream, StreamSlots.Slot slot,
            AutoCloseable subscription, Runnable markClosed) {
        streams.opened(stream, slot);
        stream.greet();
        Runnable end = () -> {
            markClosed.run();
            streams.closed(stream);
            try {
                subscription.close();
            } catch (Exception ignored) {
                // closing a subscription cannot fail
            }
        };
        emitter.onCompletion(end);
        emitter.onTimeout(end);
        emitter.onError(failure -> end.run());
    }

    /** As {@link #tenantPosition}, and the event must be one of the thread's executions'. */
    private LogPosition threadPosition(AuthenticatedTenant tenant, UUID thread, String value) {
        LogPosition position = tenantPosition(tenant, value);
        if (value != null && !value.isBlank()) {
            // tenantPosition accepted it: "<execution_id>:<seq>"
            UUID execution = ExecutionId.of(value.substring(0, value.lastIndexOf(':')).trim()).value();
            if (tenantLog.onThread(tenant.id(), thread, List.of(execution)).isEmpty()) {
                throw ApiException.validation("last_event_id", "names no event of this thread");
            }
        }
        return position;
    }

    private LogPosition tenantPosition(AuthenticatedTenant tenant, String value) {
        if (value == null || value.isBlank()) {
            return LogPosition.START;
        }
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw ApiException.validation("last_event_id", "must be <execution_id>:<seq>");
        }
        ExecutionId execution;
        long seq;
        try {
            execution = ExecutionId.of(value.substring(0, colon).trim());
            seq = Long.parseLong(value.substring(colon + 1).trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("last_event_id", "must be <execution_id>:<seq>");
        }
        return tenantLog.positionOf(tenant.id(), execution, seq)
                .orElseThrow(() -> ApiException.validation("last_event_id", "names no event of this tenant"));
    }
}
