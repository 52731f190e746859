package com.agentplatform.worker.tool;

import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.tool.BuiltInTool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import org.springframework.stereotype.Component;

/** Tells the model which tenant it works for, its limits and its usage; never another tenant's. */
@Component
class TenantInfoTool implements AgentTool {

    private static final ToolSpecification SPECIFICATION = ToolSpecification.builder()
            .name(BuiltInTool.TENANT_INFO.toolName())
            .description(BuiltInTool.TENANT_INFO.description())
            .parameters(JsonObjectSchema.builder().build())
            .build();

    private final TenantFacts facts;

    TenantInfoTool(TenantFacts facts) {
        this.facts = facts;
    }

    @Override
    public ToolSpecification specification() {
        return SPECIFICATION;
    }

    @Override
    public String execute(String argumentsJson) {
        throw new ToolFailedException("tenant_info needs to know whose run this is");
    }

    @Override
    public String execute(ToolContext context, String argumentsJson) {
        return JsonMapping.messages().writeValueAsString(facts.describe(context));
    }
}
