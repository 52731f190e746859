package com.agentplatform.gateway.execution;

import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Approvals")
class ApprovalController {

    private final Approvals approvals;

    ApprovalController(Approvals approvals) {
        this.approvals = approvals;
    }

    @Operation(operationId = "decideApproval", summary = "Approve or reject the tool call a waiting execution holds",
            description = "The execution must be `waiting` with `pending_approval.call_id` equal to `call_id`. `approve` "
                    + "makes the call when a worker resumes the run, with `arguments` instead of the model's when given "
                    + "(checked against the tool's `parameters` schema); `reject` gives the model `rejected: <reason>` as "
                    + "the call's result. Either way the decision is recorded as the call's step with an `approval` "
                    + "event, and the execution is `queued` again.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            examples = {
                    @ExampleObject(name = "approve", summary = "Approve the call as the model asked for it",
                            value = "{\"call_id\": \"call_2\", \"decision\": \"approve\"}"),
                    @ExampleObject(name = "edit and approve", summary = "Approve it with other arguments",
                            value = "{\"call_id\": \"call_2\", \"decision\": \"approve\", \"arguments\": {\"amount\": 50},"
                                    + " \"reason\": \"half now, half next month\"}"),
                    @ExampleObject(name = "reject", summary = "Refuse it; the model is told why",
                            value = "{\"call_id\": \"call_2\", \"decision\": \"reject\", \"reason\": \"not to that customer\"}")}))
    @ApiResponse(responseCode = "202", description = "Decided: the execution is queued again and resumes on a worker",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(value = """
                    {"id": "0193a5b0-7c1e-7000-8000-000000000001", "status": "queued", "attempt": 0,
                     "pending_approval": null, "links": {"self": "/v1/executions/0193a5b0-7c1e-7000-8000-000000000001",
                     "events": "/v1/executions/0193a5b0-7c1e-7000-8000-000000000001/events"}}""")))
    @ApiResponse(responseCode = "409", description = "Not waiting for approval (code NOT_WAITING), or waiting for "
            + "another call (code WRONG_CALL_ID)")
    @ApiResponse(responseCode = "422", description = "The edited arguments do not match the tool's parameters "
            + "(code INVALID_ARGUMENTS, with errors per field)")
    @PostMapping(path = "/v1/executions/{id}/approval", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ExecutionView> decide(AuthenticatedTenant tenant, @PathVariable String id,
            @RequestBody ApprovalRequest request) {
        return ResponseEntity.accepted().body(approvals.decide(tenant, PathIds.executionId(id), request));
    }
}
