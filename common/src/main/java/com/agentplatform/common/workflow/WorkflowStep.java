package com.agentplatform.common.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One step of a workflow, as a client writes it and as a run keeps it (the definition is copied into the run, so an
 * edit never changes a run in flight). Which fields count depends on {@code type}:
 * <ul>
 * <li>{@code agent}: {@code agent_id} (a stored agent) or {@code agent} (inline), and {@code input}, a template;</li>
 * <li>{@code tool}: {@code tool} (a tenant's or built-in tool) and {@code arguments}, each value a template;</li>
 * <li>{@code parallel}: {@code branches}, each a list of steps, and {@code join} ({@code all} or {@code any});</li>
 * <li>{@code condition}: {@code when} (CEL over {@code input} and {@code steps}), {@code then} and optional
 * {@code else}.</li>
 * </ul>
 *
 * @param continueOnError when the step fails, the workflow goes on (the step's result is empty) instead of failing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowStep(
        String id,
        String type,
        UUID agentId,
        Map<String, Object> agent,
        String input,
        String tool,
        Map<String, String> arguments,
        List<List<WorkflowStep>> branches,
        String join,
        String when,
        List<WorkflowStep> then,
        @JsonProperty("else") List<WorkflowStep> otherwise,
        Boolean continueOnError) {

    public static final String AGENT = "agent";
    public static final String TOOL = "tool";
    public static final String PARALLEL = "parallel";
    public static final String CONDITION = "condition";
    public static final String JOIN_ALL = "all";
    public static final String JOIN_ANY = "any";

    public boolean continues() {
        return Boolean.TRUE.equals(continueOnError);
    }

    /** A step that becomes a child execution (agent and tool steps); the others only arrange their children. */
    public boolean isLeaf() {
        return AGENT.equals(type) || TOOL.equals(type);
    }

    public boolean joinsAny() {
        return JOIN_ANY.equals(join);
    }

    /** The steps directly inside this one: every branch of a parallel step, both sides of a condition. */
    public List<List<WorkflowStep>> children() {
        if (PARALLEL.equals(type)) {
            return branches == null ? List.of() : branches;
        }
        if (CONDITION.equals(type)) {
            return otherwise == null ? List.of(orEmpty(then)) : List.of(orEmpty(then), otherwise);
        }
        return List.of();
    }

    private static List<WorkflowStep> orEmpty(List<WorkflowStep> steps) {
        return steps == null ? List.of() : steps;
    }
}
