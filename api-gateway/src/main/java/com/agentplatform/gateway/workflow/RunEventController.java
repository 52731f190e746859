package com.agentplatform.gateway.workflow;

import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.sse.LastEventId;
import com.agentplatform.gateway.sse.StreamSlots;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Workflows")
class RunEventController {

    private final WorkflowRuns runs;
    private final RunEvents events;
    private final StreamSlots slots;
    private final GatewaySettings.Sse settings;
    private final ExecutorService streams = Executors.newVirtualThreadPerTaskExecutor();

    RunEventController(WorkflowRuns runs, RunEvents events, StreamSlots slots, GatewaySettings settings) {
        this.runs = runs;
        this.events = events;
        this.slots = slots;
        this.settings = settings.sse();
    }

    @Operation(operationId = "followWorkflowRun", summary = "Follow a workflow run: its step events and its children's events",
            description = "Run events carry ids (1, 2, 3...); resume with `Last-Event-ID`. Children's events come as type "
                    + "`execution`. The stream ends after the run's terminal event. Counted against the tenant's stream bound.")
    @GetMapping(path = "/v1/workflow-runs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter follow(AuthenticatedTenant tenant, @PathVariable String id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
            @RequestParam(name = "last_event_id", required = false) String lastEventIdParam) {
        UUID run = runs.get(tenant, PathIds.uuid(id, "workflow run")).id();
        long after = LastEventId.sequence(lastEventIdHeader, lastEventIdParam);
        StreamSlots.Slot slot = slots.acquire(tenant);
        SseEmitter emitter = new SseEmitter(settings.maxStreamDuration().toMillis());
        RunEventStream stream = new RunEventStream(events, run, after, emitter, slots, slot, settings.pingInterval());
        emitter.onCompletion(stream::close);
        emitter.onTimeout(stream::close);
        emitter.onError(failure -> stream.close());
        streams.execute(stream);
        return emitter;
    }
}
