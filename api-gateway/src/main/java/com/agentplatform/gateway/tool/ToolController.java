package com.agentplatform.gateway.tool;

import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.ApiException.FieldError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/tools")
@Tag(name = "Tools")
class ToolController {

    private final ToolCatalog tools;
    private final JdbcClient jdbc;

    ToolController(ToolCatalog tools, JdbcClient jdbc) {
        this.tools = tools;
        this.jdbc = jdbc;
    }

    @Operation(operationId = "listTools", summary = "List the built-in tools and the tenant's own")
    @GetMapping
    Map<String, List<ToolView>> list(AuthenticatedTenant tenant) {
        return Map.of("data", tools.visibleTo(tenant.id()));
    }

    @Operation(operationId = "createTool", summary = "Create an HTTP or MCP tool")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "409", description = "TOOL_EXISTS or BUILTIN_TOOL: the name is taken")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ToolView> create(AuthenticatedTenant tenant, @RequestBody ToolBody body) {
        check(body);
        if (!tools.create(tenant.id(), body)) {
            throw new ApiException(HttpStatus.CONFLICT, "TOOL_EXISTS", "a tool named '" + body.name() + "' exists");
        }
        return ResponseEntity.created(URI.create("/v1/tools/" + body.name())).body(tools.find(tenant.id(), body.name()).orElseThrow());
    }

    @Operation(operationId = "getTool", summary = "Get a tool")
    @GetMapping("/{name}")
    ToolView get(AuthenticatedTenant tenant, @PathVariable String name) {
        return tools.find(tenant.id(), existingName(name)).orElseThrow(() -> ApiException.notFound("tool " + name));
    }

    @Operation(operationId = "replaceTool", summary = "Replace a tool")
    @ApiResponse(responseCode = "409", description = "BUILTIN_TOOL: a built-in tool cannot be changed")
    @ApiResponse(responseCode = "200", description = "Replaced")
    @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ToolView replace(AuthenticatedTenant tenant, @PathVariable String name, @RequestBody ToolBody body) {
        if (body.name() != null && !body.name().equals(name)) {
            throw ApiException.validation("name", "must match the name in the path (tools cannot be renamed)");
        }
        ToolBody named = new ToolBody(existingName(name), body.description(), body.kind(), body.config());
        refuseBuiltIn(tenant, name);
        check(named);
        if (!tools.replace(tenant.id(), name, named)) {
            throw ApiException.notFound("tool " + name);
        }
        return tools.find(tenant.id(), name).orElseThrow();
    }

    @Operation(operationId = "deleteTool", summary = "Delete a tool no agent uses")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "TOOL_IN_USE or BUILTIN_TOOL: agents use it, or it is built in")
    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(AuthenticatedTenant tenant, @PathVariable String name) {
        refuseBuiltIn(tenant, existingName(name));
        List<String> users = jdbc.sql("select name from agents where tenant_id = :tenant and :tool = any(tools) order by name limit 10")
                .param("tenant", tenant.id().value())
                .param("tool", name)
                .query(String.class)
                .list();
        if (!users.isEmpty() && tools.find(tenant.id(), name).isPresent()) {
            throw new ApiException(HttpStatus.CONFLICT, "TOOL_IN_USE", "agents " + users + " use tool '" + name + "'");
        }
        if (!tools.delete(tenant.id(), name)) {
            throw ApiException.notFound("tool " + name);
        }
        return ResponseEntity.noContent().build();
    }

    /** A name no tool can have names nobody's tool: 404. */
    private static String existingName(String name) {
        if (!ToolConfigs.NAME.matcher(name).matches()) {
            throw ApiException.notFound("tool " + name);
        }
        return name;
    }

    private void refuseBuiltIn(AuthenticatedTenant tenant, String name) {
        if (tools.find(tenant.id(), name).filter(tool -> "builtin".equals(tool.kind())).isPresent()) {
            throw new ApiException(HttpStatus.CONFLICT, "BUILTIN_TOOL", "built-in tool '" + name + "' cannot be changed");
        }
    }

    private static void check(ToolBody body) {
        List<FieldError> errors = new ArrayList<>();
        ToolConfigs.check(body, errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }
}
