package com.agentplatform.gateway.model;

import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Models")
class ModelController {

    private final ModelCatalog models;

    ModelController(ModelCatalog models) {
        this.models = models;
    }

    @Operation(operationId = "listModels", summary = "List the models an execution may ask for")
    @GetMapping("/v1/models")
    Map<String, List<ModelView>> list(AuthenticatedTenant caller) {
        return Map.of("data", models.list());
    }
}
