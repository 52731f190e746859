package com.agentplatform.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A gateway or worker running as its own OS process from its executable jar, killable like a real one. */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The module whose actuator (but liveness and readiness) listens on a management port of its own. */
    private static final String GATEWAY = "api-gateway";

    final String name;
    final int port;
    final int managementPort;
    private final Process process;

    private ServiceProcess(String name, int port, int managementPort, Process process) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
    }

    /** Starts {@code module}'s exec jar with these Spring properties and waits until it is ready. */
    static ServiceProcess start(String name, String module, Map<String, String> properties, Path logs) {
        int port = freePort();
        int managementPort = module.equals(GATEWAY) ? freePort() : port;
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-jar", jarOf(module).toString(), "--server.port=" + port, "--management.server.port=" + managementPort));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Files.createDirectories(logs);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()))
                    .start();
            ServiceProcess started = new ServiceProcess(name, port, managementPort, process);
            started.awaitReady(Duration.ofSeconds(120));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Where the actuator's metrics are: the management port (the gateway's own, or the worker's one port). */
    String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    /** kill -9: no shutdown hook, no graceful anything. */
    void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM: the service's graceful shutdown runs (SIGKILL if it has not ended within 30 s). */
    void terminate() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private void waitForExit() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration limit) {
        try {
            org.awaitility.Awaitility.await(name + " ready").atMost(limit).pollInterval(Duration.ofMillis(200))
                    .until(this::isReady);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            kill();
            throw e;
        }
    }

    private boolean isReady() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited while starting (exit " + process.exitValue() + ")");
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static Path jarOf(String module) {
        File target = Path.of("..", module, "target").toFile();
        File[] jars = target.listFiles((dir, file) -> file.startsWith(module) && file.endsWith("-exec.jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no executable jar in " + target.getAbsolutePath() + ": build with mvn package first");
        }
        return jars[0].toPath();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
