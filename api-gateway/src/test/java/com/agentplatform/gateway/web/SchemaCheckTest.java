package com.agentplatform.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.gateway.web.ApiException.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A person's edit of a call's arguments is held to the tool's schema, each problem named by its field. */
class SchemaCheckTest {

    private static final Map<String, Object> TRANSFER = Map.of("type", "object",
            "properties", Map.of(
                    "amount", Map.of("type", "integer", "minimum", 1, "maximum", 10_000),
                    "to", Map.of("type", "string", "maxLength", 8),
                    "currency", Map.of("type", "string", "enum", List.of("EUR", "USD")),
                    "tags", Map.of("type", "array", "items", Map.of("type", "string"), "maxItems", 2)),
            "required", List.of("amount"),
            "additionalProperties", false);

    static List<Arguments> edits() {
        return List.of(
                Arguments.of(Map.of("amount", 50), List.of()),
                Arguments.of(Map.of("amount", 50.0, "to", "bob", "currency", "EUR", "tags", List.of("a")), List.of()),
                Arguments.of(Map.of("amount", "lots"), List.of("arguments.amount")),
                Arguments.of(Map.of("amount", 2.5), List.of("arguments.amount")),
                Arguments.of(Map.of("amount", 0), List.of("arguments.amount")),
                Arguments.of(Map.of("amount", 10_001), List.of("arguments.amount")),
                Arguments.of(Map.of("to", "bob"), List.of("arguments.amount")),
                Arguments.of(Map.of("amount", 5, "iban", "X"), List.of("arguments.iban")),
                Arguments.of(Map.of("amount", 5, "to", "a much longer name"), List.of("arguments.to")),
                Arguments.of(Map.of("amount", 5, "currency", "GBP"), List.of("arguments.currency")),
                Arguments.of(Map.of("amount", 5, "tags", List.of("a", 7)), List.of("arguments.tags[1]")),
                Arguments.of(Map.of("amount", 5, "tags", List.of("a", "b", "c")), List.of("arguments.tags")));
    }

    @ParameterizedTest
    @MethodSource("edits")
    void anEditIsValidExactlyWhenTheSchemaAcceptsIt(Map<String, Object> arguments, List<String> badFields) {
        assertThat(SchemaCheck.check("arguments", TRANSFER, arguments)).extracting(FieldError::field)
                .containsExactlyInAnyOrderElementsOf(badFields);
    }

    @ParameterizedTest
    @MethodSource("edits")
    void aToolThatDeclaresNoParametersTakesAnyObject(Map<String, Object> arguments, List<String> ignored) {
        assertThat(SchemaCheck.check("arguments", Map.of("type", "object", "properties", Map.of()), arguments)).isEmpty();
    }

    @Test
    void aSchemaItselfIsCheckedForTheKeywordsThatAreEnforced() {
        assertThat(SchemaCheck.schemaProblems("s", TRANSFER)).isEmpty();
        assertThat(SchemaCheck.schemaProblems("s", Map.of("type", List.of("string", "null"), "maxLength", 5))).isEmpty();
        Map<String, Object> misspelt = Map.of("type", "object",
                "properties", Map.of("a", Map.of("type", "strng"), "b", Map.of("maxLength", "5"), "c", "string"),
                "items", Map.of("type", List.of()),
                "required", "a");
        assertThat(SchemaCheck.schemaProblems("s", misspelt)).extracting(FieldError::field).containsExactlyInAnyOrder(
                "s.properties.a.type", "s.properties.b.maxLength", "s.properties.c", "s.items.type", "s.required");
    }
}
