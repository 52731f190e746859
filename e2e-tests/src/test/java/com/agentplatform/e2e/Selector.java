package com.agentplatform.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A series a PromQL expression reads: the metric and the label matchers whose values are fixed. Matchers on
 * dashboard variables ({@code tenant="$tenant"}) are left out, since any value of the label would do.
 */
record Selector(String metric, List<LabelMatcher> labels) {

    private static final Pattern SELECTOR =
            Pattern.compile("\\b((?:platform|resilience4j|jvm|process|http_server)_[a-z_]+)\\b(?:\\{([^}]*)\\})?");
    private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");

    /** Every selector in this text (PromQL of dashboards and rules, with JSON's escaped quotes already unescaped). */
    static List<Selector> allIn(String text) {
        List<Selector> selectors = new ArrayList<>();
        Matcher selector = SELECTOR.matcher(text);
        while (selector.find()) {
            List<LabelMatcher> labels = new ArrayList<>();
            if (selector.group(2) != null) {
                Matcher matcher = MATCHER.matcher(selector.group(2));
                while (matcher.find()) {
                    if (!matcher.group(3).contains("$")) {
                        labels.add(new LabelMatcher(matcher.group(1), matcher.group(2), matcher.group(3)));
                    }
                }
            }
            selectors.add(new Selector(selector.group(1), List.copyOf(labels)));
        }
        return selectors;
    }

    boolean matches(Series series) {
        return series.metric().equals(metric)
                && labels.stream().allMatch(label -> label.matches(series.labels().getOrDefault(label.name(), "")));
    }

    @Override
    public String toString() {
        return labels.isEmpty() ? metric
                : metric + labels.stream().map(LabelMatcher::toString).collect(Collectors.joining(",", "{", "}"));
    }

    record LabelMatcher(String name, String operator, String value) {

        boolean matches(String actual) {
            return switch (operator) {
                case "=" -> actual.equals(value);
                case "!=" -> !actual.equals(value);
                case "=~" -> actual.matches(value);
                case "!~" -> !actual.matches(value);
                default -> throw new IllegalArgumentException("not a PromQL label matcher: " + operator);
            };
        }

        @Override
        public String toString() {
            return name + operator + "\"" + value + "\"";
        }
    }
}
