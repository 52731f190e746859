package com.agentplatform.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One line of a Prometheus scrape: a metric and its labels (the value is of no interest here). */
record Series(String metric, Map<String, String> labels) {

    private static final String QUOTED = "\"(?:[^\"\\\\]|\\\\.)*\"";
    /** Label values may hold braces (uri="/v1/executions/{id}"), so the label list is matched pair by pair. */
    private static final Pattern LINE = Pattern.compile("(?m)^(\\w+)(?:\\{((?:\\w+=" + QUOTED + ",?)*)\\})? ");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=(" + QUOTED + ")");

    static List<Series> parse(String scrape) {
        List<Series> series = new ArrayList<>();
        Matcher line = LINE.matcher(scrape);
        while (line.find()) {
            Map<String, String> labels = new LinkedHashMap<>();
            if (line.group(2) != null) {
                Matcher label = LABEL.matcher(line.group(2));
                while (label.find()) {
                    String quoted = label.group(2);
                    labels.put(label.group(1), quoted.substring(1, quoted.length() - 1).replace("\\\"", "\""));
                }
            }
            series.add(new Series(line.group(1), labels));
        }
        return series;
    }
}
