package com.agentplatform.gateway.model;

import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ModelController {

    private final ModelCatalog models;

    ModelController(ModelCatalog models) {
        this.models = models;
    }

    @GetMapping("/v1/models")
    Map<String, List<ModelView>> list(AuthenticatedTenant caller) {
        return Map.of("data", models.list());
    }
}
