package com.agentplatform.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * What a service can be told through its environment, read from its sources (infra cannot depend on the service
 * modules): the keys of its application.yml, the {@code ${VARIABLE}} placeholders in it, and the properties its
 * {@code @ConfigurationProperties} record binds, nested records followed.
 */
final class ServiceSettings {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern PREFIX = Pattern.compile("@ConfigurationProperties\\(\"([^\"]+)\"\\)");
    private static final Pattern RECORD = Pattern.compile("record\\s+(\\w+)\\s*\\(([^)]*)\\)");

    private final Set<String> placeholders = new HashSet<>();
    private final Set<String> properties = new HashSet<>();

    ServiceSettings(Path applicationYml, Path settingsRecord) {
        String yaml = KubernetesManifests.read(applicationYml);
        PLACEHOLDER.matcher(yaml).results().forEach(match -> placeholders.add(match.group(1)));
        flatten("", new Yaml().load(yaml));
        bind(KubernetesManifests.read(settingsRecord), settingsRecord.getFileName().toString().replace(".java", ""));
    }

    /** Whether the variable is a placeholder the service reads, or the environment form of a property it binds. */
    boolean reads(String variable) {
        return placeholders.contains(variable)
                || properties.stream().anyMatch(property -> asVariable(property).equals(variable));
    }

    /** Spring Boot's environment form of a property: spring.kafka.bootstrap-servers is SPRING_KAFKA_BOOTSTRAP_SERVERS. */
    static String asVariable(String property) {
        return property.toUpperCase().replace('.', '_').replace('-', '_');
    }

    private void flatten(String prefix, Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, child));
        } else {
            properties.add(prefix);
        }
    }

    private void bind(String source, String rootRecord) {
        Matcher prefix = PREFIX.matcher(source);
        if (!prefix.find()) {
            throw new AssertionError(rootRecord + " is not a @ConfigurationProperties record");
        }
        String code = source.replaceAll("(?s)/\\*.*?\\*/", "")
                .replaceAll("@\\w+(\\((\"[^\"]*\"|[^)\"])*\\))?", "")
                .replaceAll("//[^\\n]*", "");
        Map<String, List<String[]>> records = new HashMap<>();
        RECORD.matcher(code).results().forEach(match -> records.put(match.group(1), components(match.group(2))));
        bind(records, rootRecord, prefix.group(1));
    }

    private void bind(Map<String, List<String[]>> records, String record, String prefix) {
        for (String[] component : records.getOrDefault(record, List.of())) {
            String property = prefix + "." + kebab(component[1]);
            if (records.containsKey(component[0])) {
                bind(records, component[0], property);
            } else {
                properties.add(property);
            }
        }
    }

    /** Each component as {type, name}, generic parameters left out. */
    private static List<String[]> components(String header) {
        List<String[]> components = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : (header + ",").toCharArray()) {
            depth += c == '<' ? 1 : c == '>' ? -1 : 0;
            if (c == ',' && depth == 0) {
                String[] words = current.toString().replaceAll("<.*>", "").trim().split("\\s+");
                if (words.length >= 2) {
                    String type = words[words.length - 2];
                    components.add(new String[] {type.substring(type.lastIndexOf('.') + 1), words[words.length - 1]});
                }
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        return components;
    }

    private static String kebab(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
