package com.agentplatform.infra;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded stack as its own process for {@code ./run-local.sh}: data under {@code PLATFORM_DATA_DIR}
 * (default {@code .local-data}), fixed ports, and a clean stop on SIGINT/SIGTERM.
 */
public final class LocalStackMain {

    /** Printed once everything accepts connections; the local run waits for this line. */
    public static final String READY_LINE = "EMBEDDED STACK READY";

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        // Before the first logger exists: the broker is chatty at INFO.
        System.setProperty("logback.configurationFile", "infra-logback.xml");
        String dataDir = System.getenv().getOrDefault("PLATFORM_DATA_DIR", ".local-data");
        EmbeddedStack stack = new EmbeddedStack(StackSettings.local(Path.of(dataDir).toAbsolutePath())).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            stack.close();
            stopped.countDown();
        }));
        System.out.println(READY_LINE + " kafka=" + stack.kafkaBootstrapServers()
                + " postgres=" + stack.jdbcUrl() + " redis=" + stack.redisHost() + ":" + stack.redisPort());
        System.out.flush();
        stopped.await();
    }
}
