package com.agentplatform.gateway.execution;

import com.agentplatform.common.execution.ExecutionStatus;
import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.Page;
import com.agentplatform.gateway.web.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Executions")
class ExecutionController {

    private static final int MAX_WAIT_SECONDS = 60;

    private final ExecutionService executions;
    private final ThreadRuns threadRuns;

    ExecutionController(ExecutionService executions, ThreadRuns threadRuns) {
        this.executions = executions;
        this.threadRuns = threadRuns;
    }

    @Operation(operationId = "submitExecution", summary = "Submit an execution of a stored or inline agent")
    @ApiResponse(responseCode = "202", description = "Accepted and queued (committed: it will run)")
    @ApiResponse(responseCode = "200", description = "Finished within ?wait=, or the execution an Idempotency-Key already names")
    @ApiResponse(responseCode = "409", description = "The Idempotency-Key was used with a different request")
    @ApiResponse(responseCode = "422", description = "Unknown model or tool")
    @PostMapping(path = "/v1/executions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ExecutionView> submit(AuthenticatedTenant tenant, @RequestBody SubmitExecutionRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestParam(required = false) Integer wait) {
        return answer(tenant, executions.submit(tenant, request, idempotencyKey), waitOf(wait));
    }

    @Operation(operationId = "submitAgentExecution", summary = "Submit an execution of a stored agent")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            examples = @ExampleObject(value = """
                    {"input": "Where is my order 1234?", "metadata": {"customer": "c-42"}}""")))
    @ApiResponse(responseCode = "409", description = "IDEMPOTENCY_CONFLICT: the Idempotency-Key was used with a different request")
    @ApiResponse(responseCode = "422", description = "UNKNOWN_TOOL or UNKNOWN_MODEL: a tool or model the tenant cannot use")
    @ApiResponse(responseCode = "202", description = "Accepted and queued (committed: it will run)")
    @ApiResponse(responseCode = "200", description = "Finished within ?wait=, or the execution an Idempotency-Key already names")
    @PostMapping(path = "/v1/agents/{agentId}/executions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ExecutionView> submitForAgent(AuthenticatedTenant tenant, @PathVariable String agentId,
            @RequestBody SubmitExecutionRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestParam(required = false) Integer wait) {
        UUID agent = PathIds.uuid(agentId, "agent");
        if (request.agentId() != null || request.agent() != null) {
            throw ApiException.validation("agent", "the agent is the one in the path; send no agent_id or agent");
        }
        return answer(tenant, executions.submit(tenant, request.forAgent(agent), idempotencyKey), waitOf(wait));
    }

    @Operation(operationId = "submitThreadExecution", summary = "Submit the next turn of a thread")
    @ApiResponse(responseCode = "202", description = "Accepted and queued on the thread: it runs after the thread's earlier runs")
    @ApiResponse(responseCode = "200", description = "Finished within ?wait=, or the execution an Idempotency-Key already names")
    @ApiResponse(responseCode = "404", description = "No such thread")
    @ApiResponse(responseCode = "409", description = "THREAD_BUSY: multitask_strategy is reject and another run of the thread is unfinished")
    @PostMapping(path = "/v1/threads/{id}/executions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ExecutionView> submitOnThread(AuthenticatedTenant tenant, @PathVariable("id") String threadId,
            @RequestBody ThreadRunRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestParam(required = false) Integer wait) {
        UUID thread = PathIds.uuid(threadId, "thread");
        return answer(tenant, threadRuns.submit(tenant, thread, request, idempotencyKey), waitOf(wait));
    }

    @Operation(operationId = "listExecutions", summary = "List executions, newest first, by status and agent")
    @GetMapping("/v1/executions")
    Page<ExecutionView> list(AuthenticatedTenant tenant, @RequestParam(required = false) String status,
            @RequestParam(name = "agent_id", required = false) String agentId,
            @RequestParam(name = "thread_id", required = false) String threadId,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        int size = Page.limit(limit);
        var filter = new ExecutionRepository.Filter(statusOf(status), idOf(agentId, "agent_id"), idOf(threadId, "thread_id"));
        return Page.of(executions.list(tenant, filter, Page.after(cursor), size), size, ExecutionView::id);
    }

    @Operation(operationId = "getExecution", summary = "Get an execution")
    @GetMapping("/v1/executions/{id}")
    ExecutionView get(AuthenticatedTenant tenant, @PathVariable String id) {
        return executions.get(tenant, PathIds.executionId(id));
    }

    @Operation(operationId = "listExecutionSteps", summary = "List the recorded LLM and tool calls of an execution")
    @GetMapping("/v1/executions/{id}/steps")
    Map<String, List<StepView>> steps(AuthenticatedTenant tenant, @PathVariable String id) {
        return Map.of("data", executions.steps(tenant, PathIds.executionId(id)));
    }

    @Operation(operationId = "cancelExecution", summary = "Cancel an execution")
    @ApiResponse(responseCode = "202", description = "Cancelled (queued or waiting) or asked to stop at its next step (running)")
    @ApiResponse(responseCode = "409", description = "Already finished")
    @PostMapping("/v1/executions/{id}/cancel")
    ResponseEntity<ExecutionView> cancel(AuthenticatedTenant tenant, @PathVariable String id) {
        return ResponseEntity.accepted().body(executions.cancel(tenant, PathIds.executionId(id)));
    }

    /** 202 while it runs; 200 for a finished one (after {@code ?wait=}) or one an idempotency key found again. */
    private ResponseEntity<ExecutionView> answer(AuthenticatedTenant tenant, ExecutionService.Submitted submitted, Duration wait) {
        ExecutionView execution = submitted.execution();
        if (!wait.isZero()) {
            execution = executions.awaitEnd(tenant, new ExecutionId(execution.id()), wait);
        }
        boolean finished = ExecutionStatus.fromWireName(execution.status()).isTerminal();
        HttpStatus status = submitted.created() && !finished ? HttpStatus.ACCEPTED : HttpStatus.OK;
        return ResponseEntity.status(status).location(URI.create(execution.links().self())).body(execution);
    }

    private static Duration waitOf(Integer seconds) {
        if (seconds == null) {
            return Duration.ZERO;
        }
        if (seconds < 0 || seconds > MAX_WAIT_SECONDS) {
            throw ApiException.validation("wait", "must be between 0 and " + MAX_WAIT_SECONDS + " seconds");
        }
        return Duration.ofSeconds(seconds);
    }

    private static ExecutionStatus statusOf(String status) {
        if (status == null) {
            return null;
        }
        try {
            return ExecutionStatus.fromWireName(status);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("status", e.getMessage());
        }
    }

    private static UUID idOf(String id, String field) {
        if (id == null) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(field, "is not an id");
        }
    }
}
