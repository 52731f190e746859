package com.agentplatform.common.workflow;

import com.agentplatform.common.json.JsonMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The templates of workflow steps: text with {@code {{input}}}, {@code {{steps.<id>.result}}} and
 * {@code {{steps.<id>.output.<path>}}} (the step's result read as JSON, then a dotted path into it; a number picks an
 * array element) in it. Nothing else can be named: a template is data, never code.
 */
public final class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
    private static final Pattern REFERENCE = Pattern.compile(
            "input(?:\\.([A-Za-z0-9_.-]+))?|steps\\.([A-Za-z0-9_-]+)\\.(?:(result)|output(?:\\.([A-Za-z0-9_.-]+))?)");

    private Templates() {
    }

    /** What a template names: {@code stepId} is null for the run's input. */
    public record Reference(String text, String stepId) {
    }

    /** Every placeholder of the template, in order; {@link IllegalArgumentException} for one that names nothing known. */
    public static List<Reference> references(String template) {
        List<Reference> references = new ArrayList<>();
        Matcher placeholder = PLACEHOLDER.matcher(template == null ? "" : template);
        while (placeholder.find()) {
            Matcher reference = REFERENCE.matcher(placeholder.group(1));
            if (!reference.matches()) {
                throw new IllegalArgumentException("{{" + placeholder.group(1) + "}} names nothing a template can read; use "
                        + "{{input}}, {{steps.<id>.result}} or {{steps.<id>.output.<path>}}");
            }
            references.add(new Reference(placeholder.group(1), reference.group(2)));
        }
        return references;
    }

    /**
     * The template with each placeholder replaced: a step that has no result (not run, or failed under
     * {@code continue_on_error}) and a path that leads nowhere read as empty text.
     */
    public static String render(String template, String input, Map<String, String> results) {
        Matcher placeholder = PLACEHOLDER.matcher(template == null ? "" : template);
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            Matcher reference = REFERENCE.matcher(placeholder.group(1));
            String value = reference.matches() ? value(reference, input, results) : "";
            placeholder.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(out);
        return out.toString();
    }

    private static String value(Matcher reference, String input, Map<String, String> results) {
        if (reference.group(2) == null) {
            return reference.group(1) == null ? orEmpty(input) : path(input, reference.group(1));
        }
        String result = results.get(reference.group(2));
        return reference.group(4) == null ? orEmpty(result) : path(result, reference.group(4));
    }

    /** The value at a dotted path of a JSON text; text values without their quotes, others as JSON. */
    static String path(String json, String path) {
        JsonNode node = parse(json);
        for (String key : path.split("\\.")) {
            if (node == null) {
                return "";
            }
            node = node.isArray() && key.chars().allMatch(Character::isDigit) ? node.get(Integer.parseInt(key)) : node.get(key);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        return node.isString() ? node.asString() : node.toString();
    }

    /** The text as JSON, or null when it is not JSON. */
    public static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JsonMapping.messages().readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
