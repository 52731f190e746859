package com.agentplatform.infra;

import static com.agentplatform.infra.KubernetesManifests.containers;
import static com.agentplatform.infra.KubernetesManifests.env;
import static com.agentplatform.infra.PlatformSources.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.infra.KubernetesManifests.Manifest;
import com.agentplatform.infra.KubernetesManifests.Node;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** No cluster here: the manifests of infra/k8s are checked as documents, against each other and against the code. */
class KubernetesManifestsTest {

    private static final Path K8S = ROOT.resolve("infra/k8s");
    private static final String NAMESPACE = "agent-platform";
    private static final KubernetesManifests MANIFESTS = KubernetesManifests.in(K8S);

    /** Spring Boot's own properties the ConfigMap sets and no application.yml mentions. */
    private static final Set<String> SPRING_BOOT_PROPERTIES = Set.of(
            "logging.structured.format.console",
            "management.opentelemetry.tracing.export.otlp.endpoint",
            "management.tracing.sampling.probability");

    /** Spring's default spring.lifecycle.timeout-per-shutdown-phase: how long graceful web shutdown may take. */
    private static final int SPRING_SHUTDOWN_PHASE_SECONDS = 30;

    @Test
    void everyResourceIsNamedAndLivesInThePlatformNamespace() {
        assertThat(MANIFESTS.all()).isNotEmpty().allSatisfy(manifest -> {
            assertThat(manifest.body().string("apiVersion")).as(manifest.file()).isNotBlank();
            assertThat(manifest.kind()).as(manifest.file()).isNotBlank();
            assertThat(manifest.name()).as(manifest.file()).isNotBlank();
            if (manifest.kind().equals("Namespace")) {
                assertThat(manifest.name()).isEqualTo(NAMESPACE);
            } else {
                assertThat(manifest.body().string("metadata", "namespace")).as(manifest.toString()).isEqualTo(NAMESPACE);
            }
        });
        assertThat(MANIFESTS.ofKind("Namespace")).hasSize(1);
    }

    @Test
    void kustomizationListsEveryManifestButNeverATemplate() {
        Node kustomization = KubernetesManifests.load(K8S.resolve(KubernetesManifests.KUSTOMIZATION));
        List<String> applied = KubernetesManifests.yamlFiles(K8S).stream().map(file -> K8S.relativize(file).toString())
                .filter(file -> !file.equals(KubernetesManifests.KUSTOMIZATION) && !file.endsWith(".example.yaml"))
                .toList();

        assertThat(kustomization.string("kind")).isEqualTo("Kustomization");
        assertThat(kustomization.list("resources")).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(applied)
                .noneMatch(file -> file.endsWith(".example.yaml"));
    }

    @Test
    void deploymentsSelectTheirOwnPodsAndProbeTheActuatorOnTheNamedPort() {
        assertThat(MANIFESTS.ofKind("Deployment")).extracting(Manifest::name)
                .containsExactlyInAnyOrder("api-gateway", "execution-worker");
        for (Manifest deployment : MANIFESTS.ofKind("Deployment")) {
            Map<String, String> selector = deployment.body().strings("spec", "selector", "matchLabels");
            assertThat(selector).as(deployment.toString()).isNotEmpty();
            assertThat(MANIFESTS.deploymentsSelectedBy(selector)).as(deployment.toString()).containsExactly(deployment);
            assertThat(containers(deployment)).as(deployment.toString()).singleElement().satisfies(container -> {
                // The image of a module of this repository, as docker-compose.yml and the Dockerfile build it.
                assertThat(container.string("image")).isEqualTo("agent-platform/" + container.string("name"));
                assertThat(ROOT.resolve(container.string("name")).resolve("pom.xml")).exists();
                List<String> portNames = container.nodes("ports").stream().map(port -> port.string("name")).toList();
                assertThat(portNames).contains("http");
                assertThat(container.string("startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
                assertThat(container.string("livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
                assertThat(container.string("readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    assertThat(container.string(probe, "httpGet", "port")).as(probe).isIn(portNames);
                }
                for (String bound : List.of("requests", "limits")) {
                    assertThat(container.strings("resources", bound)).as(bound).containsKeys("cpu", "memory");
                }
            });
        }
    }

    @Test
    void prometheusFindsEveryDeploymentsMetricsWhereTheyAreServed() {
        for (Manifest deployment : MANIFESTS.ofKind("Deployment")) {
            Node container = containers(deployment).getFirst();
            Map<String, String> annotations = deployment.body().strings("spec", "template", "metadata", "annotations");
            int actuator = PlatformSources.actuatorPort(container.string("name"), PlatformSources.environment(container));

            assertThat(annotations).as(deployment.toString()).containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/actuator/prometheus")
                    .containsEntry("prometheus.io/port", Integer.toString(actuator));
            assertThat(containerPorts(container)).as(deployment.toString()).containsValue(actuator);
        }
    }

    @Test
    void theGatewaysMetricsStayOffThePortItsServiceAndProbesUse() {
        Node container = containers(MANIFESTS.one("Deployment", "api-gateway")).getFirst();
        Map<String, Integer> ports = containerPorts(container);
        int publicPort = PlatformSources.publicPort("api-gateway", PlatformSources.environment(container));
        int actuator = PlatformSources.actuatorPort("api-gateway", PlatformSources.environment(container));

        assertThat(actuator).isNotEqualTo(publicPort);
        assertThat(ports).containsEntry("http", publicPort);
        // Probes test the port clients use; the gateway answers liveness and readiness there.
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(ports.get(container.string(probe, "httpGet", "port"))).as(probe).isEqualTo(publicPort);
        }
        assertThat(MANIFESTS.one("Service", "api-gateway").body().nodes("spec", "ports")).isNotEmpty()
                .allSatisfy(port -> assertThat(ports.get(port.string("targetPort"))).isEqualTo(publicPort));
    }

    @Test
    void everyPodRunsAsANonRootUserUnderTheRestrictedProfile() {
        String imageUser = PlatformSources.imageUid();

        assertThat(MANIFESTS.one("Namespace", NAMESPACE).body().strings("metadata", "labels"))
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(MANIFESTS.podSpecs()).hasSize(3).allSatisfy(pod -> {
            assertThat(pod.at("securityContext", "runAsNonRoot")).isEqualTo(true);
            assertThat(pod.at("securityContext", "runAsUser")).isInstanceOf(Integer.class).isNotEqualTo(0);
            assertThat(pod.string("securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
            assertThat(pod.nodes("containers")).isNotEmpty().allSatisfy(container -> {
                if (container.string("image").startsWith("agent-platform/")) {
                    assertThat(pod.string("securityContext", "runAsUser")).isEqualTo(imageUser);
                }
                assertThat(container.at("securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
                assertThat(container.list("securityContext", "capabilities", "drop")).contains("ALL");
                assertThat(container.at("securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
                // With the root file system read-only, the JVM and Tomcat write to an emptyDir on /tmp.
                String tmp = container.nodes("volumeMounts").stream()
                        .filter(mount -> "/tmp".equals(mount.string("mountPath")))
                        .map(mount -> mount.string("name")).findFirst().orElse(null);
                assertThat(pod.nodes("volumes")).anySatisfy(volume -> {
                    assertThat(volume.string("name")).isEqualTo(tmp);
                    assertThat(volume.at("emptyDir")).isNotNull();
                });
            });
        });
    }

    @Test
    void containersTakeTheirSettingsFromAConfigMapAndASecretThatExist() {
        assertThat(MANIFESTS.podSpecs()).allSatisfy(pod -> assertThat(pod.nodes("containers")).allSatisfy(container ->
                assertThat(container.nodes("envFrom")).isNotEmpty().allSatisfy(source -> {
                    if (source.string("configMapRef", "name") != null) {
                        MANIFESTS.one("ConfigMap", source.string("configMapRef", "name"));
                    } else {
                        MANIFESTS.one("Secret", source.string("secretRef", "name"));
                    }
                })));
        for (Manifest deployment : MANIFESTS.ofKind("Deployment")) {
            assertThat(containers(deployment).getFirst().nodes("envFrom")).as(deployment.toString())
                    .anySatisfy(source -> assertThat(source.string("configMapRef", "name")).isNotNull())
                    .anySatisfy(source -> assertThat(source.string("secretRef", "name")).isNotNull());
        }
    }

    @Test
    void everyVariableTheManifestsSetIsASettingTheServicesRead() {
        Map<String, ServiceSettings> services = Map.of(
                "api-gateway", PlatformSources.settingsOf("api-gateway"),
                "execution-worker", PlatformSources.settingsOf("execution-worker"));
        Set<String> shared = new HashSet<>();
        MANIFESTS.ofKind("ConfigMap").forEach(config -> shared.addAll(config.body().strings("data").keySet()));
        MANIFESTS.ofKind("Secret").forEach(secret -> shared.addAll(secret.body().strings("stringData").keySet()));

        assertThat(shared).isNotEmpty().allSatisfy(variable -> assertThat(
                isSpringBootProperty(variable) || services.values().stream().anyMatch(service -> service.reads(variable)))
                .as(variable).isTrue());
        for (Manifest deployment : MANIFESTS.ofKind("Deployment")) {
            Node container = containers(deployment).getFirst();
            ServiceSettings service = services.get(container.string("name"));
            assertThat(container.nodes("env")).allSatisfy(variable -> assertThat(service.reads(variable.string("name")))
                    .as("%s reads %s", deployment.name(), variable.string("name")).isTrue());
        }
    }

    @Test
    void credentialsAreOnlyInTheSecretAndTheSecretIsOnlyATemplate() {
        Manifest secret = MANIFESTS.ofKind("Secret").getFirst();
        Map<String, String> values = secret.body().strings("stringData");
        Pattern credential = Pattern.compile("PASSWORD|USERNAME|TOKEN|SECRET|_KEY$");

        assertThat(MANIFESTS.ofKind("Secret")).singleElement().extracting(Manifest::file).isEqualTo("secret.example.yaml");
        assertThat(values).containsKeys("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD", "PLATFORM_ADMIN_TOKEN")
                .allSatisfy((key, value) -> assertThat(value).as(key).isIn("", "REPLACE_ME"));
        assertThat(MANIFESTS.ofKind("ConfigMap")).allSatisfy(config -> assertThat(config.body().strings("data").keySet())
                .noneMatch(key -> credential.matcher(key).find()));
        // The README's kubectl command creates the same keys as the template.
        Set<String> created = new HashSet<>();
        Pattern.compile("--from-literal=(\\w+)=").matcher(KubernetesManifests.read(K8S.resolve("README.md"))).results()
                .forEach(match -> created.add(match.group(1)));
        assertThat(created).isEqualTo(values.keySet());
    }

    @Test
    void servicesRouteToExactlyOneDeploymentThroughANamedPort() {
        assertThat(MANIFESTS.ofKind("Service")).hasSize(2).allSatisfy(service -> {
            List<Manifest> selected = MANIFESTS.deploymentsSelectedBy(service.body().strings("spec", "selector"));
            assertThat(selected).as(service.toString()).hasSize(1);
            List<String> portNames = containers(selected.getFirst()).getFirst().nodes("ports").stream()
                    .map(port -> port.string("name")).toList();
            assertThat(service.body().nodes("spec", "ports")).isNotEmpty()
                    .allSatisfy(port -> assertThat(port.string("targetPort")).isIn(portNames));
        });
        assertThat(MANIFESTS.one("Service", "api-gateway").body().nodes("spec", "ports"))
                .anySatisfy(port -> assertThat(port.at("port")).isEqualTo(80));
    }

    @Test
    void disruptionBudgetsAndTheGatewayAutoscalerCoverADeploymentAndStillLetANodeDrain() {
        assertThat(MANIFESTS.ofKind("PodDisruptionBudget")).hasSize(2).allSatisfy(budget -> {
            List<Manifest> selected =
                    MANIFESTS.deploymentsSelectedBy(budget.body().strings("spec", "selector", "matchLabels"));
            assertThat(selected).as(budget.toString()).hasSize(1);
            Object minAvailable = budget.body().at("spec", "minAvailable");
            Object maxUnavailable = budget.body().at("spec", "maxUnavailable");
            assertThat(minAvailable == null ^ maxUnavailable == null).as("one of minAvailable, maxUnavailable").isTrue();
            if (minAvailable != null) {
                assertThat((Integer) minAvailable).isLessThan((Integer) selected.getFirst().body().at("spec", "replicas"));
            } else {
                assertThat((Integer) maxUnavailable).isPositive();
            }
        });
        assertThat(MANIFESTS.ofKind("HorizontalPodAutoscaler")).allSatisfy(autoscaler -> {
            Manifest target = MANIFESTS.one("Deployment", autoscaler.body().string("spec", "scaleTargetRef", "name"));
            assertThat(autoscaler.body().string("spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
            assertThat(autoscaler.body().at("spec", "minReplicas")).isEqualTo(target.body().at("spec", "replicas"));
            assertThat((Integer) autoscaler.body().at("spec", "maxReplicas"))
                    .isGreaterThan((Integer) autoscaler.body().at("spec", "minReplicas"));
        });
    }

    @Test
    void theWorkersScaleOnTheLagOfTheTopicAndGroupTheirListenerConsumes() {
        Manifest scaler = MANIFESTS.ofKind("ScaledObject").getFirst();
        Node trigger = scaler.body().nodes("spec", "triggers").getFirst();
        Node config = MANIFESTS.one("ConfigMap", "agent-platform-config").body();

        assertThat(MANIFESTS.ofKind("ScaledObject")).hasSize(1);
        assertThat(scaler.body().string("apiVersion")).isEqualTo("keda.sh/v1alpha1");
        assertThat(scaler.body().string("spec", "scaleTargetRef", "name")).isEqualTo(MANIFESTS.workerDeployment().name());
        assertThat(trigger.string("type")).isEqualTo("kafka");
        assertThat(trigger.string("metadata", "topic")).isEqualTo(PlatformSources.requestListenerTopic());
        assertThat(trigger.string("metadata", "consumerGroup")).isEqualTo(PlatformSources.requestListenerGroup());
        assertThat(trigger.string("metadata", "bootstrapServers"))
                .isEqualTo(config.string("data", "SPRING_KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(Integer.parseInt(trigger.string("metadata", "lagThreshold"))).isPositive();
        assertThat(scaler.body().at("spec", "cooldownPeriod")).isInstanceOf(Integer.class);
    }

    @Test
    void theWorkersNeverScalePastThePartitionsTheirConsumersCanUse() {
        Node spec = MANIFESTS.ofKind("ScaledObject").getFirst().body().node("spec");
        Manifest worker = MANIFESTS.workerDeployment();
        String configured = env(containers(worker).getFirst(), "PLATFORM_WORKER_CONSUMER_CONCURRENCY");
        int consumersPerWorker =
                configured != null ? Integer.parseInt(configured) : PlatformSources.defaultConsumerConcurrency();
        Integer partitions = topicJobPartitions().get(spec.nodes("triggers").getFirst().string("metadata", "topic"));

        assertThat(partitions).as("partitions of the scaled topic").isNotNull();
        assertThat((Integer) spec.at("maxReplicaCount") * consumersPerWorker).isLessThanOrEqualTo(partitions);
        assertThat((Integer) spec.at("minReplicaCount")).isPositive()
                .isLessThan((Integer) spec.at("maxReplicaCount"))
                .isEqualTo(worker.body().at("spec", "replicas"));
    }

    @Test
    void theTopicJobCreatesEveryTopicTheCodeNamesAsComposeDoes() {
        Manifest job = MANIFESTS.one("Job", "kafka-topics");
        Node container = job.body().nodes("spec", "template", "spec", "containers").getFirst();
        Node compose = PlatformSources.composeService("kafka-topics");

        assertThat(topicJobPartitions().keySet()).containsExactlyInAnyOrderElementsOf(PlatformSources.topics().values());
        assertThat(container.string("image")).isEqualTo(compose.string("image"));
        topicJobPartitions().forEach((topic, partitions) ->
                assertThat(compose.string("command")).contains(topic + ":" + partitions));
        assertThat(String.join(" ", container.list("args")))
                .contains("\"$SPRING_KAFKA_BOOTSTRAP_SERVERS\"", "$TOPICS", "--if-not-exists");
        assertThat(job.body().string("spec", "template", "spec", "restartPolicy")).isEqualTo("OnFailure");
    }

    @Test
    void eachServiceHasTimeToShutDownGracefullyAndAWorkerToHandItsRunsBack() {
        Manifest worker = MANIFESTS.workerDeployment();
        String configured = env(containers(worker).getFirst(), "PLATFORM_WORKER_SHUTDOWN_GRACE");
        long shutdownGrace = (configured != null ? PlatformSources.seconds(configured)
                : PlatformSources.defaultShutdownGrace()).toSeconds();

        for (Manifest deployment : MANIFESTS.ofKind("Deployment")) {
            List<String> preStop = containers(deployment).getFirst().list("lifecycle", "preStop", "exec", "command");
            long pause = preStop.size() == 2 && preStop.getFirst().equals("sleep") ? Long.parseLong(preStop.get(1)) : 0;
            long runs = deployment.equals(worker) ? shutdownGrace : 0;
            assertThat((Integer) deployment.body().at("spec", "template", "spec", "terminationGracePeriodSeconds"))
                    .as(deployment.toString()).isGreaterThanOrEqualTo((int) (pause + runs + SPRING_SHUTDOWN_PHASE_SECONDS));
        }
    }

    /** A container's ports by name. */
    private static Map<String, Integer> containerPorts(Node container) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        container.nodes("ports").forEach(port -> ports.put(port.string("name"), Integer.parseInt(port.string("containerPort"))));
        return ports;
    }

    private static boolean isSpringBootProperty(String variable) {
        return SPRING_BOOT_PROPERTIES.stream().anyMatch(property -> ServiceSettings.asVariable(property).equals(variable));
    }

    /** The topic Job's TOPICS, "name:partitions" separated by spaces. */
    private static Map<String, Integer> topicJobPartitions() {
        Node container = MANIFESTS.one("Job", "kafka-topics").body()
                .nodes("spec", "template", "spec", "containers").getFirst();
        Map<String, Integer> partitions = new LinkedHashMap<>();
        Stream.of(env(container, "TOPICS").trim().split("\\s+")).map(topic -> topic.split(":"))
                .forEach(topic -> partitions.put(topic[0], Integer.parseInt(topic[1])));
        return partitions;
    }
}
