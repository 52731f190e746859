package com.agentplatform.worker.tool;

import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.tool.BuiltInTool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

@Component
class CalculatorTool implements AgentTool {

    private static final ToolSpecification SPECIFICATION = ToolSpecification.builder()
            .name(BuiltInTool.CALCULATOR.toolName())
            .description(BuiltInTool.CALCULATOR.description())
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("expression", "the expression, such as (17 + 3) * 2.5")
                    .required("expression")
                    .build())
            .build();

    @Override
    public ToolSpecification specification() {
        return SPECIFICATION;
    }

    @Override
    public String execute(String argumentsJson) {
        JsonNode expression;
        try {
            expression = JsonMapping.messages().readTree(argumentsJson).get("expression");
        } catch (JacksonException e) {
            throw new ToolFailedException("arguments are not a JSON object");
        }
        if (expression == null || !expression.isString()) {
            throw new ToolFailedException("argument 'expression' (a string) is required");
        }
        try {
            return Calculator.evaluate(expression.asString());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ToolFailedException("cannot evaluate: " + e.getMessage());
        }
    }
}
