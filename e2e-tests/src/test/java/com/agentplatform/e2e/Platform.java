package com.agentplatform.e2e;

import com.agentplatform.gateway.GatewayApplication;
import com.agentplatform.infra.EmbeddedStack;
import com.agentplatform.infra.SharedTestStack;
import com.agentplatform.worker.WorkerApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The platform under test: the shared embedded stack, one gateway and one worker, booted once per test JVM in
 * this JVM and shared by every end-to-end test.
 */
final class Platform {

    static final String ADMIN_TOKEN = "e2e-admin-token";
    /** The key tool secrets are sealed with: gateways and workers must share it. */
    static final String SECRETS_KEY = "ZTJlLXRlc3RzLXNlY3JldHMta2V5LTMyLWJ5dGVzISE=";

    private static Platform instance;

    final EmbeddedStack stack;
    final ConfigurableApplicationContext gateway;
    final ConfigurableApplicationContext worker;
    final ApiClient api;

    private Platform(EmbeddedStack stack, ConfigurableApplicationContext gateway, ConfigurableApplicationContext worker) {
        this.stack = stack;
        this.gateway = gateway;
        this.worker = worker;
        this.api = new ApiClient("http://localhost:" + ((WebServerApplicationContext) gateway).getWebServer().getPort());
    }

    static synchronized Platform get() {
        if (instance == null) {
            EmbeddedStack stack = SharedTestStack.get();
            String openAi = FakeOpenAi.get().baseUrl();
            ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class)
                    .run(arguments(stack, GatewayApplication.class, settings(
                            "server.port", "0",
                            "management.server.port", "0",
                            "platform.gateway.local-mode", "true",
                            "platform.gateway.admin-token", ADMIN_TOKEN,
                            "platform.gateway.providers.openai", openAi,
                            "platform.gateway.secrets.key", SECRETS_KEY,
                            // Tests poll a lot; the rate-limit test makes tenants with small limits of their own.
                            "platform.gateway.tenant-defaults.rate-limit-per-minute", "100000",
                            "platform.gateway.outbox.relay-interval", "200ms",
                            "platform.gateway.outbox.relay-grace", "500ms",
                            "platform.gateway.metrics.gauge-interval", "500ms",
                            // Every test's tenants share this gateway: past the default 100 labelled tenants a later
                            // test's tenant would read as "other" in the scrapes the metrics tests look at.
                            "platform.gateway.metrics.tenant-label-limit", "100000",
                            // Long enough that a live event reaching a stream quickly can only have come through Kafka.
                            "platform.gateway.sse.ping-interval", "60s")));
            ConfigurableApplicationContext worker = new SpringApplicationBuilder(WorkerApplication.class)
                    .run(arguments(stack, WorkerApplication.class, settings(
                            "server.port", "0",
                            "platform.worker.id", "e2e-worker",
                            "platform.worker.providers.openai.base-url", openAi,
                            "platform.worker.secrets.key", SECRETS_KEY,
                            // Short leases, so a dead worker's run is recovered within seconds.
                            "platform.worker.lease", "3s",
                            "platform.worker.lease-renew-interval", "1s",
                            // Runs of a tenant at its limit on another worker free its slots: notice within 100 ms.
                            "platform.worker.dispatch.limit-recheck", "100ms",
                            "platform.worker.simulated.latency", "300ms",
                            "platform.worker.metrics.lag-interval", "500ms",
                            "platform.worker.metrics.tenant-label-limit", "100000",
                            // Tests' own tool servers listen on loopback, which tools may not reach by default.
                            "platform.worker.http.allow-list", "127.0.0.1/32",
                            // Webhook receivers of tests listen on 127.0.0.1 too; retries come within seconds.
                            "platform.worker.webhooks.allow-list", "127.0.0.1/32",
                            "platform.worker.webhooks.send-interval", "100ms",
                            "platform.worker.webhooks.backoff", "300ms,500ms,1s,2s,3s,5s,5s",
                            "spring.kafka.consumer.properties.metadata.max.age.ms", "1000",
                            // Quick retries, so retry tests take seconds.
                            "platform.worker.retry.initial-backoff", "200ms",
                            "platform.worker.providers.resilience.initial-backoff", "50ms",
                            "platform.worker.providers.resilience.max-backoff", "200ms",
                            // Tests fail the fake provider on purpose; its breaker must not stay open for the next test.
                            "platform.worker.providers.resilience.minimum-calls", "1000",
                            // The cancel test holds 100 provider calls open at once.
                            "platform.worker.providers.resilience.max-concurrent-calls", "256")));
            instance = new Platform(stack, gateway, worker);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                worker.close();
                gateway.close();
            }));
        }
        return instance;
    }

    /** While a test runs its own worker processes, the in-JVM worker (if booted) takes no work. */
    static synchronized void pauseInProcessWorker() {
        if (instance != null) {
            requests(instance).stop();
        }
    }

    static synchronized void resumeInProcessWorker() {
        if (instance != null && !requests(instance).isRunning()) {
            requests(instance).start();
        }
    }

    /** The in-JVM worker's consumer of execution requests, for tests that pause or stop it. */
    static org.springframework.kafka.listener.MessageListenerContainer workerRequests() {
        return requests(get());
    }

    private static org.springframework.kafka.listener.MessageListenerContainer requests(Platform platform) {
        return platform.worker.getBean(org.springframework.kafka.config.KafkaListenerEndpointRegistry.class)
                .getListenerContainer("execution-requests");
    }

    /** Another gateway on the same stack (for tests of shared state or other modes); the caller closes it. */
    static ConfigurableApplicationContext extraGateway(Map<String, String> overrides) {
        Platform platform = get();
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "server.port", "0",
                "management.server.port", "0",
                "platform.gateway.admin-token", ADMIN_TOKEN));
        settings.putAll(overrides);
        return new SpringApplicationBuilder(GatewayApplication.class)
                .run(arguments(platform.stack, GatewayApplication.class, settings));
    }

    /** Another worker process's worth of consumers and runners, competing with the first; the caller closes it. */
    static ConfigurableApplicationContext extraWorker(String id) {
        Platform platform = get();
        return new SpringApplicationBuilder(WorkerApplication.class).run(arguments(platform.stack, WorkerApplication.class, settings(
                "server.port", "0",
                "platform.worker.id", id,
                "platform.worker.shutdown-grace", "500ms",
                "platform.worker.providers.openai.base-url", FakeOpenAi.get().baseUrl(),
                "platform.worker.secrets.key", SECRETS_KEY,
                "platform.worker.lease", "3s",
                "platform.worker.lease-renew-interval", "1s",
                "platform.worker.simulated.latency", "300ms",
                // It sends webhooks too, to tests' receivers on loopback, retrying as quickly as the first worker.
                "platform.worker.webhooks.allow-list", "127.0.0.1/32",
                "platform.worker.webhooks.send-interval", "100ms",
                "platform.worker.webhooks.backoff", "300ms,500ms,1s,2s,3s,5s,5s")));
    }

    static ApiClient clientOf(ConfigurableApplicationContext gateway) {
        return new ApiClient("http://localhost:" + ((WebServerApplicationContext) gateway).getWebServer().getPort());
    }

    /** The gateway's management port (its actuator, metrics above all), which tests let the system choose. */
    static ApiClient managementOf(ConfigurableApplicationContext gateway) {
        return new ApiClient("http://localhost:" + gateway.getEnvironment().getRequiredProperty("local.management.port"));
    }

    /**
     * The application.yml of the module that holds this application. Gateway and worker share this JVM's class path,
     * where both files have the same name: by default each would read whichever comes first (the worker the gateway's
     * management port, Kafka consumer and logging settings, say).
     */
    private static String ownConfig(Class<?> application) {
        String module = application.getProtectionDomain().getCodeSource().getLocation().toString();
        try {
            return Collections.list(Platform.class.getClassLoader().getResources("application.yml")).stream()
                    .map(URL::toString).filter(yml -> yml.contains(module)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no application.yml in " + module));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> settings(String... pairs) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            settings.put(pairs[i], pairs[i + 1]);
        }
        return settings;
    }

    /** As command-line arguments, which win over each application's own application.yml. */
    private static String[] arguments(EmbeddedStack stack, Class<?> application, Map<String, String> overrides) {
        Map<String, String> properties = new LinkedHashMap<>(stack.springProperties());
        properties.put("spring.config.location", ownConfig(application));
        properties.put("spring.main.banner-mode", "off");
        properties.put("logging.level.org.apache.kafka", "WARN");
        properties.put("logging.level.kafka", "WARN");
        properties.putAll(overrides);
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
