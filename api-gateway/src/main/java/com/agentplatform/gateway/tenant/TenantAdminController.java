package com.agentplatform.gateway.tenant;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tenants and API keys, for operators holding the admin token. */
@RestController
@RequestMapping("/admin/v1/tenants")
class TenantAdminController {

    private final TenantDirectory tenants;
    private final ApiKeyCache keys;

    TenantAdminController(TenantDirectory tenants, ApiKeyCache keys) {
        this.tenants = tenants;
        this.keys = keys;
    }

    @Operation(tags = "Tenants", operationId = "createTenant", summary = "Create a tenant (admin)")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "409", description = "TENANT_EXISTS: a tenant of that name exists")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Tenant> create(AdminCaller admin, @RequestBody TenantRequests.TenantBody body) {
        body.check(true);
        Tenant created = tenants.create(body).orElseThrow(() -> nameTaken(body.name()));
        return ResponseEntity.created(URI.create("/admin/v1/tenants/" + created.id())).body(created);
    }

    @Operation(tags = "Tenants", operationId = "listTenants", summary = "List tenants (admin)")
    @GetMapping
    Map<String, List<Tenant>> list(AdminCaller admin) {
        return Map.of("data", tenants.list());
    }

    @Operation(tags = "Tenants", operationId = "getTenant", summary = "Get a tenant (admin)")
    @GetMapping("/{id}")
    Tenant get(AdminCaller admin, @PathVariable String id) {
        return tenants.find(tenantId(id)).orElseThrow(() -> ApiException.notFound("tenant " + id));
    }

    @Operation(tags = "Tenants", operationId = "updateTenant", summary = "Change a tenant's name or limits (admin)")
    @ApiResponse(responseCode = "409", description = "TENANT_EXISTS: a tenant of that name exists")
    @ApiResponse(responseCode = "200", description = "Changed")
    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Tenant update(AdminCaller admin, @PathVariable String id, @RequestBody TenantRequests.TenantBody body) {
        body.check(false);
        UUID tenant = tenantId(id);
        if (body.name() != null && tenants.findByName(body.name()).filter(other -> !other.id().equals(tenant)).isPresent()) {
            throw nameTaken(body.name());
        }
        try {
            Tenant updated = tenants.update(tenant, body).orElseThrow(() -> ApiException.notFound("tenant " + id));
            keys.changed(new TenantId(tenant)); // other gateways hear it from PostgreSQL; this one knows already
            return updated;
        } catch (DuplicateKeyException e) {
            throw nameTaken(body.name()); // another tenant took the name between the check and the update
        }
    }

    @Operation(tags = "Keys", operationId = "issueApiKey", summary = "Issue an API key for a tenant (admin); the key is shown this once")
    @ApiResponse(responseCode = "201", description = "Issued")
    @PostMapping(path = "/{id}/api-keys", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<IssuedApiKey> issueKey(AdminCaller admin, @PathVariable String id, @RequestBody TenantRequests.ApiKeyBody body) {
        body.check();
        UUID tenant = tenants.find(tenantId(id)).orElseThrow(() -> ApiException.notFound("tenant " + id)).id();
        return ResponseEntity.status(HttpStatus.CREATED).body(tenants.issueKey(new TenantId(tenant), body.name()));
    }

    @Operation(tags = "Keys", operationId = "revokeApiKey", summary = "Revoke an API key at once (admin)")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @DeleteMapping("/{id}/api-keys/{keyId}")
    ResponseEntity<Void> revokeKey(AdminCaller admin, @PathVariable String id, @PathVariable String keyId) {
        TenantId tenant = new TenantId(tenantId(id));
        if (!tenants.revokeKey(tenant, PathIds.uuid(keyId, "api key"))) {
            throw ApiException.notFound("api key " + keyId);
        }
        keys.changed(tenant); // refused from the next request on, on this gateway without waiting for the announcement
        return ResponseEntity.noContent().build();
    }

    private static ApiException nameTaken(String name) {
        return new ApiException(HttpStatus.CONFLICT, "TENANT_EXISTS", "a tenant named '" + name + "' exists");
    }

    private static UUID tenantId(String id) {
        return PathIds.uuid(id, "tenant");
    }

}
