package com.agentplatform.gateway.agent;

import com.agentplatform.common.agent.AgentSpec;
import com.agentplatform.common.id.UuidV7;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.tenant.TenantLocks;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.ApiException.FieldError;
import com.agentplatform.gateway.web.Page;
import com.agentplatform.gateway.web.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/agents")
@Tag(name = "Agents")
class AgentController {

    private static final java.util.regex.Pattern TOOL_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final AgentRepository agents;
    private final AgentRules rules;
    private final AgentGraph graph;
    private final TenantLocks locks;
    private final TransactionTemplate transactions;

    AgentController(AgentRepository agents, AgentRules rules, AgentGraph graph, TenantLocks locks,
            TransactionTemplate transactions) {
        this.agents = agents;
        this.rules = rules;
        this.graph = graph;
        this.locks = locks;
        this.transactions = transactions;
    }

    @Operation(operationId = "createAgent", summary = "Create an agent")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "422", description = "UNKNOWN_TOOL or UNKNOWN_MODEL: a tool or model the tenant cannot use")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AgentView> create(AuthenticatedTenant tenant, @RequestBody AgentBody body) {
        AgentSpec spec = checked(tenant, body);
        UUID id = UuidV7.next();
        // Nothing calls an agent not stored yet: only one that calls others can break the graph's rules.
        AgentView created = spec.agents().isEmpty() ? agents.insert(tenant.id(), id, body.description(), spec)
                : transactions.execute(status -> {
                    locks.lock(tenant.id());
                    graph.check(tenant.id(), id, spec);
                    return agents.insert(tenant.id(), id, body.description(), spec);
                });
        return ResponseEntity.created(URI.create("/v1/agents/" + created.id())).body(created);
    }

    @Operation(operationId = "listAgents", summary = "List agents, newest first, optionally those using a tool")
    @GetMapping
    Page<AgentView> list(AuthenticatedTenant tenant, @RequestParam(required = false) String tool,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        int size = Page.limit(limit);
        if (tool != null && !TOOL_NAME.matcher(tool).matches()) {
            throw ApiException.validation("tool", "is not a tool name");
        }
        return Page.of(agents.list(tenant.id(), tool, Page.after(cursor), size), size, AgentView::id);
    }

    @Operation(operationId = "getAgent", summary = "Get an agent")
    @GetMapping("/{id}")
    AgentView get(AuthenticatedTenant tenant, @PathVariable String id) {
        return agents.find(tenant.id(), PathIds.uuid(id, "agent")).orElseThrow(() -> ApiException.notFound("agent " + id));
    }

    @Operation(operationId = "replaceAgent", summary = "Replace an agent")
    @ApiResponse(responseCode = "422", description = "UNKNOWN_TOOL or UNKNOWN_MODEL: a tool or model the tenant cannot use")
    @ApiResponse(responseCode = "200", description = "Replaced")
    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    AgentView replace(AuthenticatedTenant tenant, @PathVariable String id, @RequestBody AgentBody body) {
        AgentSpec spec = checked(tenant, body);
        UUID agent = PathIds.uuid(id, "agent");
        // A new name may meet another tool in a caller's list, new agents may close a cycle: checked under the lock.
        return transactions.execute(status -> {
            locks.lock(tenant.id());
            if (agents.find(tenant.id(), agent).isEmpty()) {
                throw ApiException.notFound("agent " + id);
            }
            graph.check(tenant.id(), agent, spec);
            return agents.replace(tenant.id(), agent, body.description(), spec).orElseThrow();
        });
    }

    @Operation(operationId = "deleteAgent", summary = "Delete an agent; its executions stay")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(AuthenticatedTenant tenant, @PathVariable String id) {
        if (!agents.delete(tenant.id(), PathIds.uuid(id, "agent"))) {
            throw ApiException.notFound("agent " + id);
        }
        return ResponseEntity.noContent().build();
    }

    private AgentSpec checked(AuthenticatedTenant tenant, AgentBody body) {
        List<FieldError> errors = new ArrayList<>();
        rules.checkShape("", body, true, errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return rules.resolve(tenant.id(), body, null, null);
    }
}
