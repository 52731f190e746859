package com.agentplatform.gateway.sse;

import com.agentplatform.common.execution.ExecutionJournal;
import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.execution.ExecutionRepository;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.PathIds;
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
class EventStreamController {

    private final ExecutionRepository executions;
    private final ExecutionJournal journal;
    private final EventStreams streams;
    private final GatewaySettings.Sse settings;
    private final ExecutorService replays = Executors.newVirtualThreadPerTaskExecutor();

    EventStreamController(ExecutionRepository executions, ExecutionJournal journal, EventStreams streams,
            GatewaySettings settings) {
        this.executions = executions;
        this.journal = journal;
        this.streams = streams;
        this.settings = settings.sse();
    }

    /** Replays the stored events after {@code Last-Event-ID}, then live ones; closes after the terminal event. */
    @GetMapping(path = "/v1/executions/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter follow(AuthenticatedTenant tenant, @PathVariable String id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
            @RequestParam(name = "last_event_id", required = false) String lastEventIdParam) {
        ExecutionId execution = PathIds.executionId(id);
        ExecutionStatus statusAtStart = executions.status(tenant.id(), execution)
                .orElseThrow(() -> ApiException.notFound("execution " + id));
        long after = lastEventId(lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParam);
        SseEmitter emitter = new SseEmitter(settings.maxStreamDuration().toMillis());
        ExecutionEventStream stream = new ExecutionEventStream(tenant.id(), execution, after, emitter, journal,
                settings.replayBatch());
        emitter.onCompletion(() -> streams.unregister(stream));
        emitter.onTimeout(() -> streams.unregister(stream));
        emitter.onError(failure -> streams.unregister(stream));
        // Listen before replaying, so an event published during the replay is not missed.
        streams.register(stream);
        replays.execute(() -> stream.replay(statusAtStart.isTerminal()));
        return emitter;
    }

    private static long lastEventId(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiException.validation("last_event_id", "must be a non-negative event id");
        }
    }
}
