package com.agentplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** No Docker engine here: docker-compose.yml, the Dockerfile and the Prometheus config are checked as files. */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("..");

    @Test
    @SuppressWarnings("unchecked")
    void composeDefinesEveryServiceWithHealthChecksAndStartOrdering() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

        assertThat(services).containsKeys("kafka", "kafka-topics", "postgres", "redis", "gateway", "worker", "prometheus", "grafana",
                "jaeger");
        assertThat((List<String>) services.get("grafana").get("volumes"))
                .allSatisfy(volume -> assertThat(ROOT.resolve(volume.substring(2, volume.indexOf(':')))).isDirectory());
        for (String name : List.of("kafka", "postgres", "redis", "gateway", "worker")) {
            assertThat(services.get(name)).as(name).containsKey("healthcheck");
        }
        services.forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            if (dependsOn instanceof Map<?, ?> dependencies) {
                dependencies.forEach((dependency, condition) -> {
                    assertThat(services).as("%s depends on %s", name, dependency).containsKey((String) dependency);
                    assertThat(((Map<String, String>) condition).get("condition"))
                            .isIn("service_healthy", "service_completed_successfully", "service_started");
                });
            }
        });
        for (String app : List.of("gateway", "worker")) {
            // A gateway or worker that dies comes back, as ./run-local.sh restarts its processes.
            assertThat(services.get(app)).as(app).containsEntry("restart", "unless-stopped");
            Map<String, Object> build = (Map<String, Object>) services.get(app).get("build");
            assertThat(ROOT.resolve((String) build.get("dockerfile"))).as(app).exists();
            Map<String, Object> environment = (Map<String, Object>) services.get(app).get("environment");
            assertThat(environment).containsKeys("SPRING_DATASOURCE_URL", "SPRING_KAFKA_BOOTSTRAP_SERVERS", "OPENAI_API_KEY");
            assertThat(environment.get("LOGGING_STRUCTURED_FORMAT_CONSOLE")).as("JSON logs").isEqualTo("ecs");
            String traces = (String) environment.get("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT");
            assertThat(services).as("the OTLP endpoint %s is a service of the stack", traces)
                    .containsKey(java.net.URI.create(traces).getHost());
        }
        assertThat(((Map<String, Object>) services.get("worker").get("deploy")).get("replicas")).isEqualTo(2);
        assertThat((List<String>) services.get("prometheus").get("volumes"))
                .anySatisfy(volume -> assertThat(ROOT.resolve(volume.substring(2, volume.indexOf(':')))).exists());
    }

    @Test
    void imagesAreMultiStageOnAJre25AndRunAsAnUnprivilegedUser() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("infra/docker/Dockerfile"));

        assertThat(lines).filteredOn(line -> line.startsWith("FROM ")).hasSize(2)
                .last().asString().contains("temurin:25-jre");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("USER ").doesNotContain("root"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("ENTRYPOINT"));
    }

    @Test
    void dashboardsAreValidGrafanaProvisioning() throws IOException {
        try (var files = Files.list(ROOT.resolve("infra/grafana/dashboards"))) {
            List<Path> dashboards = files.filter(file -> file.toString().endsWith(".json")).toList();
            assertThat(dashboards).isNotEmpty();
            for (Path file : dashboards) {
                tools.jackson.databind.JsonNode dashboard = tools.jackson.databind.json.JsonMapper.builder().build()
                        .readTree(Files.readString(file));
                assertThat(dashboard.get("uid").asString()).as(file.toString()).isNotBlank();
                assertThat(dashboard.get("title").asString()).isNotBlank();
                assertThat(dashboard.get("templating").get("list").valueStream()
                        .anyMatch(variable -> "datasource".equals(variable.get("type").asString()))).isTrue();
                assertThat(dashboard.get("panels").valueStream().toList()).isNotEmpty().allSatisfy(panel -> {
                    assertThat(panel.get("title").asString()).isNotBlank();
                    assertThat(panel.get("targets").valueStream().toList()).isNotEmpty()
                            .allSatisfy(target -> assertThat(target.get("expr").asString()).isNotBlank());
                });
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void alertRulesAreWellFormed() throws IOException {
        Map<String, Object> rules = new Yaml().load(Files.readString(ROOT.resolve("infra/prometheus/alerts.yml")));
        List<Map<String, Object>> groups = (List<Map<String, Object>>) rules.get("groups");
        assertThat(groups).isNotEmpty().allSatisfy(group -> assertThat((List<Map<String, Object>>) group.get("rules"))
                .isNotEmpty().allSatisfy(rule -> {
                    assertThat(rule).containsKeys("alert", "expr", "labels", "annotations");
                    assertThat(((Map<String, Object>) rule.get("labels")).get("severity")).isIn("warning", "critical");
                }));
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesTheGatewayAndEveryWorkerWhereTheyServeMetrics() throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(ROOT.resolve("infra/prometheus/prometheus.yml")));
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");

        assertThat(jobs).extracting(job -> job.get("job_name")).containsExactlyInAnyOrder("api-gateway", "execution-worker");
        assertThat(jobs).allSatisfy(job -> assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus"));
        assertThat((List<String>) config.get("rule_files")).containsExactly("/etc/prometheus/alerts.yml");
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEachServiceOnItsActuatorsPortAndComposePublishesOnlyTheGatewaysPublicOne() throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(ROOT.resolve("infra/prometheus/prometheus.yml")));
        Map<String, Map<String, Object>> jobs = new HashMap<>();
        ((List<Map<String, Object>>) config.get("scrape_configs")).forEach(job -> jobs.put((String) job.get("job_name"), job));
        Map<String, String> gateway = composeEnvironment("gateway");
        int gatewayActuator = PlatformSources.actuatorPort("api-gateway", gateway);
        int gatewayPublic = PlatformSources.publicPort("api-gateway", gateway);

        List<Map<String, Object>> gatewayTargets = (List<Map<String, Object>>) jobs.get("api-gateway").get("static_configs");
        assertThat((List<String>) gatewayTargets.getFirst().get("targets")).containsExactly("gateway:" + gatewayActuator);
        List<Map<String, Object>> workers = (List<Map<String, Object>>) jobs.get("execution-worker").get("dns_sd_configs");
        assertThat(workers.getFirst().get("port"))
                .isEqualTo(PlatformSources.actuatorPort("execution-worker", composeEnvironment("worker")));
        assertThat(gatewayActuator).isNotEqualTo(gatewayPublic);
        assertThat((List<String>) compose("gateway").get("ports")).containsExactly(gatewayPublic + ":" + gatewayPublic);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose(String service) throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        return ((Map<String, Map<String, Object>>) compose.get("services")).get(service);
    }

    /** A compose service's environment, every value as text. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> composeEnvironment(String service) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        ((Map<String, Object>) compose(service).get("environment"))
                .forEach((name, value) -> environment.put(name, String.valueOf(value)));
        return environment;
    }
}
