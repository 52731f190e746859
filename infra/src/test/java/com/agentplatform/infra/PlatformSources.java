package com.agentplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.infra.KubernetesManifests.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the manifests must agree with, read as text from the files that own it (infra cannot depend on the service
 * modules), so that a rename there fails the manifest tests instead of a deployment.
 */
final class PlatformSources {

    static final Path ROOT = Path.of("..");

    private static final Path TOPICS = ROOT.resolve("common/src/main/java/com/agentplatform/common/messaging/Topics.java");
    private static final Path REQUEST_LISTENER =
            ROOT.resolve("execution-worker/src/main/java/com/agentplatform/worker/execution/RequestListener.java");
    private static final Path WORKER_SETTINGS =
            ROOT.resolve("execution-worker/src/main/java/com/agentplatform/worker/WorkerSettings.java");
    private static final Path GATEWAY_SETTINGS =
            ROOT.resolve("api-gateway/src/main/java/com/agentplatform/gateway/GatewaySettings.java");

    private PlatformSources() {
    }

    /** The topic constants of common's Topics class (not its header names): constant name to topic name. */
    static Map<String, String> topics() {
        Map<String, String> topics = new LinkedHashMap<>();
        Pattern.compile("static final String (\\w+) = \"([^\"]+)\"").matcher(KubernetesManifests.read(TOPICS)).results()
                .filter(match -> !match.group(1).endsWith("_HEADER"))
                .forEach(match -> topics.put(match.group(1), match.group(2)));
        assertThat(topics).containsKey("EXECUTIONS_REQUESTED");
        return topics;
    }

    /** The topic the worker's request listener consumes. */
    static String requestListenerTopic() {
        return topics().get(firstGroup("topics = Topics\\.(\\w+)", REQUEST_LISTENER));
    }

    /** The consumer group of the worker's request listener. */
    static String requestListenerGroup() {
        return firstGroup("GROUP_ID = \"([^\"]+)\"", REQUEST_LISTENER);
    }

    /** Kafka consumers per worker unless platform.worker.consumer-concurrency says otherwise. */
    static int defaultConsumerConcurrency() {
        return Integer.parseInt(firstGroup("@DefaultValue\\(\"(\\d+)\"\\) int consumerConcurrency", WORKER_SETTINGS));
    }

    /** How long a stopping worker lets its runs go on before handing them back, unless configured. */
    static Duration defaultShutdownGrace() {
        return seconds(firstGroup("@DefaultValue\\(\"(\\d+s)\"\\) Duration shutdownGrace", WORKER_SETTINGS));
    }

    /** A duration in whole seconds as Spring writes it, "20s". */
    static Duration seconds(String value) {
        assertThat(value).matches("\\d+s");
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
    }

    /** The uid of the user the service images run as. */
    static String imageUid() {
        return firstGroup("--uid (\\d+)", ROOT.resolve("infra/docker/Dockerfile"));
    }

    static Node composeService(String name) {
        return KubernetesManifests.load(ROOT.resolve("docker-compose.yml")).node("services", name);
    }

    /**
     * The port a service's actuator (its metrics) listens on, told this environment ({@code name=value} pairs, as a
     * container's env or compose's environment): {@code management.server.port} if its application.yml sets one,
     * else the server's port.
     */
    static int actuatorPort(String module, Map<String, String> environment) {
        Node yaml = KubernetesManifests.load(ROOT.resolve(module).resolve("src/main/resources/application.yml"));
        return yaml.at("management", "server", "port") != null
                ? port("management.server.port", yaml.string("management", "server", "port"), environment)
                : publicPort(module, environment);
    }

    /** The port a service's server (its API, if it has one) listens on, told this environment. */
    static int publicPort(String module, Map<String, String> environment) {
        Node yaml = KubernetesManifests.load(ROOT.resolve(module).resolve("src/main/resources/application.yml"));
        return port("server.port", yaml.string("server", "port"), environment);
    }

    /** A container's environment variables with literal values. */
    static Map<String, String> environment(Node container) {
        Map<String, String> environment = new LinkedHashMap<>();
        container.nodes("env").forEach(variable -> environment.put(variable.string("name"), variable.string("value")));
        return environment;
    }

    /** A port property's value: its environment form wins, then a {@code ${VARIABLE:default}} placeholder's variable. */
    private static int port(String property, String configured, Map<String, String> environment) {
        String overridden = environment.get(ServiceSettings.asVariable(property));
        if (overridden != null) {
            return Integer.parseInt(overridden);
        }
        Matcher placeholder = Pattern.compile("\\$\\{(\\w+):(\\d+)}").matcher(configured);
        if (placeholder.matches()) {
            return Integer.parseInt(environment.getOrDefault(placeholder.group(1), placeholder.group(2)));
        }
        return Integer.parseInt(configured);
    }

    /** The settings of a service module, by module name. */
    static ServiceSettings settingsOf(String module) {
        Path settings = switch (module) {
            case "api-gateway" -> GATEWAY_SETTINGS;
            case "execution-worker" -> WORKER_SETTINGS;
            default -> throw new AssertionError("not a service module: " + module);
        };
        return new ServiceSettings(ROOT.resolve(module).resolve("src/main/resources/application.yml"), settings);
    }

    private static String firstGroup(String regex, Path file) {
        Matcher matcher = Pattern.compile(regex).matcher(KubernetesManifests.read(file));
        assertThat(matcher.find()).as("%s in %s", regex, file).isTrue();
        return matcher.group(1);
    }
}
