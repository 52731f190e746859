package com.agentplatform.gateway.workflow;

import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.Page;
import com.agentplatform.gateway.web.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Workflows")
class WorkflowController {

    private final WorkflowService workflows;
    private final WorkflowRuns runs;

    WorkflowController(WorkflowService workflows, WorkflowRuns runs) {
        this.workflows = workflows;
        this.runs = runs;
    }

    @Operation(operationId = "createWorkflow", summary = "Store a workflow: agent, tool, parallel and condition steps",
            description = "Templates read `{{input}}`, `{{steps.<id>.result}}` and `{{steps.<id>.output.<path>}}` of earlier "
                    + "steps; conditions are CEL over `input` and `steps`. Checked in full on write.")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "400", description = "UNKNOWN_AGENT: a step names an agent this tenant does not have")
    @ApiResponse(responseCode = "422", description = "WORKFLOW_INVALID: every problem at its field path, such as "
            + "`steps[2].branches[0][1].input`")
    @ApiResponse(responseCode = "429", description = "WORKFLOW_LIMIT_EXCEEDED: the tenant has as many workflows as it may")
    @PostMapping(path = "/v1/workflows", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<WorkflowView> create(AuthenticatedTenant tenant, @RequestBody WorkflowBody body) {
        WorkflowView created = workflows.create(tenant, body);
        return ResponseEntity.created(URI.create("/v1/workflows/" + created.id())).body(created);
    }

    @Operation(operationId = "listWorkflows", summary = "List workflows", description = "Newest first, with cursor paging.")
    @GetMapping("/v1/workflows")
    Page<WorkflowView> list(AuthenticatedTenant tenant, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = Page.limit(limit);
        return Page.of(workflows.list(tenant, Page.after(cursor), size), size, WorkflowView::id);
    }

    @Operation(operationId = "getWorkflow", summary = "Get a workflow")
    @GetMapping("/v1/workflows/{id}")
    WorkflowView get(AuthenticatedTenant tenant, @PathVariable String id) {
        return workflows.get(tenant, PathIds.uuid(id, "workflow"));
    }

    @Operation(operationId = "replaceWorkflow", summary = "Replace a workflow", description = "Runs already started keep the steps they started with.")
    @PutMapping(path = "/v1/workflows/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    WorkflowView replace(AuthenticatedTenant tenant, @PathVariable String id, @RequestBody WorkflowBody body) {
        return workflows.replace(tenant, PathIds.uuid(id, "workflow"), body);
    }

    @Operation(operationId = "deleteWorkflow", summary = "Delete a workflow")
    @ApiResponse(responseCode = "204", description = "Deleted; its runs stay readable")
    @DeleteMapping("/v1/workflows/{id}")
    ResponseEntity<Void> delete(AuthenticatedTenant tenant, @PathVariable String id) {
        workflows.delete(tenant, PathIds.uuid(id, "workflow"));
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "startWorkflowRun", summary = "Run a workflow", description = "Its first steps are queued as child executions before the answer.")
    @ApiResponse(responseCode = "202", description = "Accepted: the run, `running`")
    @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: no input, or an input the workflow's input_schema "
            + "refuses (read as JSON unless the schema's type is string), each problem at its path such as input.topic; "
            + "or another malformed request")
    @ApiResponse(responseCode = "429", description = "QUOTA_EXCEEDED: the run's first steps do not fit the tenant's queue "
            + "(max_queued_executions), nothing is stored; or RATE_LIMITED (with Retry-After)")
    @PostMapping(path = "/v1/workflows/{id}/runs", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RunView> run(AuthenticatedTenant tenant, @PathVariable String id, @RequestBody RunBody body) {
        RunView run = runs.start(tenant, PathIds.uuid(id, "workflow"), body);
        return ResponseEntity.accepted().location(URI.create("/v1/workflow-runs/" + run.id())).body(run);
    }

    @Operation(operationId = "getWorkflowRun", summary = "Get a workflow run with its steps' statuses")
    @GetMapping("/v1/workflow-runs/{id}")
    RunView getRun(AuthenticatedTenant tenant, @PathVariable String id) {
        return runs.get(tenant, PathIds.uuid(id, "workflow run"));
    }

    /** Newest first; {@code workflow_id} narrows to one workflow's runs. */
    @Operation(operationId = "listWorkflowRuns", summary = "List workflow runs, newest first")
    @GetMapping("/v1/workflow-runs")
    Page<RunView> listRuns(AuthenticatedTenant tenant, @RequestParam(name = "workflow_id", required = false) String workflowId,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        int size = Page.limit(limit);
        return Page.of(runs.list(tenant, workflowId == null ? null : PathIds.uuid(workflowId, "workflow"), Page.after(cursor),
                size), size, RunView::id);
    }

    @Operation(operationId = "cancelWorkflowRun", summary = "Cancel a workflow run and its unfinished children")
    @ApiResponse(responseCode = "200", description = "The run, cancelled; its unfinished children cancelled or stopping")
    @ApiResponse(responseCode = "409", description = "WORKFLOW_RUN_FINISHED: the run has ended")
    @PostMapping("/v1/workflow-runs/{id}/cancel")
    RunView cancel(AuthenticatedTenant tenant, @PathVariable String id) {
        return runs.cancel(tenant, PathIds.uuid(id, "workflow run"));
    }
}
