package com.agentplatform.gateway.execution;

import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.PathIds;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/executions")
class ExecutionController {

    private final ExecutionService executions;

    ExecutionController(ExecutionService executions) {
        this.executions = executions;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ExecutionView> submit(AuthenticatedTenant tenant, @RequestBody SubmitExecutionRequest request) {
        ExecutionView accepted = executions.submit(tenant, request);
        return ResponseEntity.accepted().location(URI.create(accepted.links().self())).body(accepted);
    }

    @GetMapping("/{id}")
    ExecutionView get(AuthenticatedTenant tenant, @PathVariable String id) {
        return executions.get(tenant, PathIds.executionId(id));
    }
}
