package com.agentplatform.common.workflow;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The conditions of workflow steps, in CEL. CEL is the sandbox: an expression sees only the two variables declared here
 * ({@code input}, the run's input text, and {@code steps}, each earlier step as {@code {status, result, output}}) and
 * the standard functions; it cannot name a Java class, call a method of one, read a file or open a socket, and it
 * always terminates. Anything else fails to compile, so it is refused when the workflow is written.
 */
public final class Conditions {

    private static final int MAX_LENGTH = 2_000;
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .addVar("input", SimpleType.STRING)
            .addVar("steps", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private Conditions() {
    }

    /** Null when the expression compiles to a boolean over the declared variables; otherwise why it does not. */
    public static String problem(String expression) {
        if (expression == null || expression.isBlank()) {
            return "must not be empty";
        }
        if (expression.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        try {
            compile(expression);
            return null;
        } catch (CelValidationException e) {
            return "is not a valid condition: " + e.getMessage();
        }
    }

    /**
     * Evaluates the expression. {@code steps} maps each step that has ended to its status and result.
     *
     * @throws IllegalArgumentException when it cannot be evaluated (a missing key, a type mismatch at run time)
     */
    public static boolean evaluate(String expression, String input, Map<String, StepOutcome> steps) {
        try {
            CelRuntime.Program program = RUNTIME.createProgram(compile(expression));
            Map<String, Object> stepValues = new LinkedHashMap<>();
            steps.forEach((id, outcome) -> stepValues.put(id, outcome.asCel()));
            return Boolean.TRUE.equals(program.eval(Map.of("input", input == null ? "" : input, "steps", stepValues)));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static CelAbstractSyntaxTree compile(String expression) throws CelValidationException {
        CelValidationResult result = COMPILER.compile(expression);
        return result.getAst();
    }

    /** A step as a condition sees it. */
    public record StepOutcome(String status, String result) {

        Map<String, Object> asCel() {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("status", status);
            value.put("result", result == null ? "" : result);
            JsonNode json = Templates.parse(result);
            value.put("output", json == null ? (result == null ? "" : result) : CelValues.of(json));
            return value;
        }
    }
}
