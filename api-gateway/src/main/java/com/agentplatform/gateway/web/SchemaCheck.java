package com.agentplatform.gateway.web;

import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.gateway.web.ApiException.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a value against a JSON schema: a tool call's arguments against the tool's {@code parameters} (before a
 * person's edit of them reaches the tool), a workflow run's input against the workflow's {@code input_schema}. The
 * keywords such schemas use are checked: {@code type}, {@code properties}, {@code required},
 * {@code additionalProperties}, {@code enum}, {@code items}, {@code minimum}/{@code maximum},
 * {@code minLength}/{@code maxLength}, {@code minItems}/{@code maxItems}; others are ignored (accepted).
 */
public final class SchemaCheck {

    /** The names {@code type} may take. */
    public static final Set<String> TYPES = Set.of("object", "array", "string", "integer", "number", "boolean", "null");

    private static final JsonMapper JSON = JsonMapping.messages();
    private static final int MAX_DEPTH = 32;

    private SchemaCheck() {
    }

    /** What is wrong with {@code value}, each problem named by its path under {@code field}; empty when valid. */
    public static List<FieldError> check(String field, Map<String, Object> schema, Object value) {
        return check(field, schema, (JsonNode) JSON.valueToTree(value));
    }

    /** What is wrong with {@code value}, each problem named by its path under {@code field}; empty when valid. */
    public static List<FieldError> check(String field, Map<String, Object> schema, JsonNode value) {
        List<FieldError> errors = new ArrayList<>();
        check(field, JSON.valueToTree(schema), value, errors, 0);
        return errors;
    }

    /**
     * What is wrong with a schema itself, for the keywords this class checks (a misspelt type would otherwise accept
     * everything silently); each problem named by its path under {@code field}.
     */
    public static List<FieldError> schemaProblems(String field, Map<String, Object> schema) {
        List<FieldError> errors = new ArrayList<>();
        schemaProblems(field, JSON.valueToTree(schema), errors, 0);
        return errors;
    }

    private static void schemaProblems(String path, JsonNode schema, List<FieldError> errors, int depth) {
        if (!schema.isObject()) {
            errors.add(new FieldError(path, "must be a JSON schema (an object)"));
            return;
        }
        if (depth > MAX_DEPTH) {
            errors.add(new FieldError(path, "is nested deeper than " + MAX_DEPTH + " levels"));
            return;
        }
        JsonNode type = schema.get("type");
        if (type != null && !knownTypes(type)) {
            errors.add(new FieldError(path + ".type", "must be one of " + TYPES.stream().sorted().toList() + ", or an array of them"));
        }
        JsonNode properties = schema.get("properties");
        if (properties != null) {
            if (properties.isObject()) {
                for (Map.Entry<String, JsonNode> property : properties.properties()) {
                    schemaProblems(path + ".properties." + property.getKey(), property.getValue(), errors, depth + 1);
                }
            } else {
                errors.add(new FieldError(path + ".properties", "must be an object of schemas"));
            }
        }
        JsonNode items = schema.get("items");
        if (items != null) {
            schemaProblems(path + ".items", items, errors, depth + 1);
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && !additional.isBoolean()) {
            schemaProblems(path + ".additionalProperties", additional, errors, depth + 1);
        }
        JsonNode required = schema.get("required");
        if (required != null && !(required.isArray() && required.valueStream().allMatch(JsonNode::isString))) {
            errors.add(new FieldError(path + ".required", "must be an array of property names"));
        }
        JsonNode options = schema.get("enum");
        if (options != null && !options.isArray()) {
            errors.add(new FieldError(path + ".enum", "must be an array"));
        }
        for (String bound : List.of("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems")) {
            JsonNode value = schema.get(bound);
            if (value != null && !value.isNumber()) {
                errors.add(new FieldError(path + "." + bound, "must be a number"));
            }
        }
    }

    private static boolean knownTypes(JsonNode type) {
        if (type.isString()) {
            return TYPES.contains(type.asString());
        }
        return type.isArray() && !type.isEmpty() && type.valueStream().allMatch(t -> t.isString() && TYPES.contains(t.asString()));
    }

    private static void check(String path, JsonNode schema, JsonNode value, List<FieldError> errors, int depth) {
        if (depth > MAX_DEPTH || schema == null || !schema.isObject()) {
            return;
        }
        JsonNode type = schema.get("type");
        if (type != null && !matches(type, value)) {
            errors.add(new FieldError(path, "must be of type " + (type.isArray() ? type.toString() : type.asString())));
            return;
        }
        JsonNode options = schema.get("enum");
        if (options != null && options.isArray() && !contains(options, value)) {
            errors.add(new FieldError(path, "must be one of " + options));
        }
        if (value.isString()) {
            bound(path, value.asString().length(), schema, "minLength", "maxLength", "characters", errors);
        } else if (value.isNumber()) {
            checkRange(path, value.doubleValue(), schema, errors);
        } else if (value.isObject()) {
            checkObject(path, schema, value, errors, depth);
        } else if (value.isArray()) {
            bound(path, value.size(), schema, "minItems", "maxItems", "items", errors);
            JsonNode items = schema.get("items");
            for (int i = 0; i < value.size(); i++) {
                check(path + "[" + i + "]", items, value.get(i), errors, depth + 1);
            }
        }
    }

    private static void checkObject(String path, JsonNode schema, JsonNode value, List<FieldError> errors, int depth) {
        JsonNode properties = schema.get("properties");
        Set<String> declared = new HashSet<>();
        if (properties != null && properties.isObject()) {
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                declared.add(property.getKey());
                JsonNode given = value.get(property.getKey());
                if (given != null) {
                    check(path + "." + property.getKey(), property.getValue(), given, errors, depth + 1);
                }
            }
        }
        JsonNode required = schema.get("required");
        if (required != null && required.isArray()) {
            for (JsonNode name : required) {
                if (value.get(name.asString()) == null) {
                    errors.add(new FieldError(path + "." + name.asString(), "is required"));
                }
            }
        }
        JsonNode additional = schema.get("additionalProperties");
        for (String name : value.propertyNames()) {
            if (declared.contains(name) || additional == null) {
                continue;
            }
            if (additional.isBoolean() && !additional.asBoolean()) {
                errors.add(new FieldError(path + "." + name, "is not declared by the schema"));
            } else if (additional.isObject()) {
                check(path + "." + name, additional, value.get(name), errors, depth + 1);
            }
        }
    }

    private static boolean matches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode option : type) {
                if (is(option.asString(), value)) {
                    return true;
                }
            }
            return false;
        }
        return is(type.asString(), value);
    }

    private static boolean is(String type, JsonNode value) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.doubleValue() == Math.rint(value.doubleValue()));
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> true;
        };
    }

    private static boolean contains(JsonNode options, JsonNode value) {
        for (JsonNode option : options) {
            if (option.equals(value) || (option.isNumber() && value.isNumber() && option.doubleValue() == value.doubleValue())) {
                return true;
            }
        }
        return false;
    }

    private static void checkRange(String path, double number, JsonNode schema, List<FieldError> errors) {
        JsonNode minimum = schema.get("minimum");
        JsonNode maximum = schema.get("maximum");
        if (minimum != null && minimum.isNumber() && number < minimum.doubleValue()) {
            errors.add(new FieldError(path, "must be at least " + minimum));
        }
        if (maximum != null && maximum.isNumber() && number > maximum.doubleValue()) {
            errors.add(new FieldError(path, "must be at most " + maximum));
        }
    }

    private static void bound(String path, int size, JsonNode schema, String minKey, String maxKey, String unit,
            List<FieldError> errors) {
        JsonNode min = schema.get(minKey);
        JsonNode max = schema.get(maxKey);
        if (min != null && min.isNumber() && size < min.intValue()) {
            errors.add(new FieldError(path, "must have at least " + min + " " + unit));
        }
        if (max != null && max.isNumber() && size > max.intValue()) {
            errors.add(new FieldError(path, "must have at most " + max + " " + unit));
        }
    }
}
