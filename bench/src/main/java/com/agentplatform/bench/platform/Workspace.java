package com.agentplatform.bench.platform;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository checkout the benchmarks run from: where the services' executable jars are, where logs and flight
 * recordings go. Works from the repository root ({@code java -jar bench/target/bench.jar}) and from the module's
 * folder (the smoke test).
 *
 * @param root the repository root
 */
public record Workspace(Path root) {

    public static Workspace find() {
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate = here; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("api-gateway")) && Files.isDirectory(candidate.resolve("execution-worker"))) {
                return new Workspace(candidate);
            }
        }
        throw new IllegalStateException("run the benchmarks from the repository (no api-gateway folder above " + here + ")");
    }

    public Path execJar(String module) {
        File target = root.resolve(module).resolve("target").toFile();
        File[] jars = target.listFiles((dir, file) -> file.startsWith(module) && file.endsWith("-exec.jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no executable jar in " + target + ": build with ./mvnw package first");
        }
        return jars[0].toPath();
    }

    public Path logs() {
        return root.resolve("bench").resolve("target").resolve("bench-logs");
    }
}
