package com.agentplatform.gateway.workflow;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.id.UuidV7;
import com.agentplatform.common.workflow.StepTree;
import com.agentplatform.common.workflow.WorkflowStep;
import com.agentplatform.common.workflow.WorkflowValidator;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.tenant.TenantLocks;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.ApiException.FieldError;
import com.agentplatform.gateway.web.SchemaCheck;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Creating, reading, replacing and deleting workflows, each checked in full before it is stored. */
@Service
class WorkflowService {

    private static final int MAX_NAME = 200;
    private static final int MAX_DESCRIPTION = 2_000;

    private final WorkflowRepository workflows;
    private final StepChecks stepChecks;
    private final TenantLocks tenantLocks;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final GatewaySettings.Workflows limits;

    WorkflowService(WorkflowRepository workflows, StepChecks stepChecks, TenantLocks tenantLocks,
            TransactionTemplate transactions, Clock clock, GatewaySettings settings) {
        this.workflows = workflows;
        this.stepChecks = stepChecks;
        this.tenantLocks = tenantLocks;
        this.transactions = transactions;
        this.clock = clock;
        this.limits = settings.workflows();
    }

    /** A new workflow; past the tenant's bound, 429 (counted under the tenant's lock, so exact across gateways). */
    WorkflowView create(AuthenticatedTenant tenant, WorkflowBody body) {
        check(tenant.id(), body);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Workflow workflow = new Workflow(UuidV7.next(), tenant.id(), body.name().strip(), body.description(),
                body.inputSchema(), body.steps(), now, now);
        transactions.executeWithoutResult(status -> {
            tenantLocks.lock(tenant.id());
            long existing = workflows.count(tenant.id());
            if (existing >= limits.maxPerTenant()) {
                throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "WORKFLOW_LIMIT_EXCEEDED", "tenant has " + existing
                        + " workflows, the most it may have (" + limits.maxPerTenant() + "); delete some first");
            }
            workflows.insert(workflow);
        });
        return workflow.view();
    }

    WorkflowView get(AuthenticatedTenant tenant, UUID id) {
        return find(tenant.id(), id).view();
    }

    Workflow find(TenantId tenant, UUID id) {
        return workflows.find(tenant, id).orElseThrow(() -> ApiException.notFound("workflow " + id));
    }

    List<WorkflowView> list(AuthenticatedTenant tenant, UUID after, int limit) {
        return workflows.list(tenant.id(), after, limit).stream().map(Workflow::view).toList();
    }

    /** Replaces the whole definition; runs already started keep the steps they started with. */
    WorkflowView replace(AuthenticatedTenant tenant, UUID id, WorkflowBody body) {
        Workflow old = find(tenant.id(), id);
        check(tenant.id(), body);
        Workflow updated = new Workflow(id, tenant.id(), body.name().strip(), body.description(), body.inputSchema(),
                body.steps(), old.createdAt(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        if (!workflows.update(updated)) {
            throw ApiException.notFound("workflow " + id);
        }
        return updated.view();
    }

    void delete(AuthenticatedTenant tenant, UUID id) {
        if (!workflows.delete(tenant.id(), id)) {
            throw ApiException.notFound("workflow " + id);
        }
    }

    /**
     * The body's shape and steps (422 {@code WORKFLOW_INVALID}, every problem at its field path), then what the steps
     * name: agents of this tenant (400 {@code UNKNOWN_AGENT} otherwise) and tools it has (422 {@code UNKNOWN_TOOL}).
     */
    private void check(TenantId tenant, WorkflowBody body) {
        List<FieldError> errors = new ArrayList<>();
        if (body.name() == null || body.name().isBlank() || body.name().length() > MAX_NAME) {
            errors.add(new FieldError("name", "must be 1-" + MAX_NAME + " characters"));
        }
        if (body.description() != null && body.description().length() > MAX_DESCRIPTION) {
            errors.add(new FieldError("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        if (body.inputSchema() != null) {
            errors.addAll(SchemaCheck.schemaProblems("input_schema", body.inputSchema()));
        }
        WorkflowValidator.check(body.steps(), new WorkflowValidator.Bounds(limits.maxSteps(), limits.maxBranches(),
                limits.maxNesting())).forEach(v -> errors.add(new FieldError(v.field(), v.message())));
        if (errors.isEmpty()) {
            StepTree.forEach(body.steps(), (path, step) -> stepChecks.shape(path, step, errors));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "WORKFLOW_INVALID", "the workflow is not valid", errors);
        }
        List<FieldError> unknownAgents = new ArrayList<>();
        List<FieldError> unknownTools = new ArrayList<>();
        StepTree.forEach(body.steps(), (path, step) -> {
            if (WorkflowStep.AGENT.equals(step.type())) {
                stepChecks.agent(tenant, path, step, unknownAgents, unknownTools);
            } else if (WorkflowStep.TOOL.equals(step.type())) {
                stepChecks.tool(tenant, path, step, unknownTools);
            }
        });
        if (!unknownAgents.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "UNKNOWN_AGENT",
                    "the workflow names agents this tenant does not have", unknownAgents);
        }
        if (!unknownTools.isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "WORKFLOW_INVALID", "the workflow is not valid",
                    unknownTools);
        }
    }
}
