package com.agentplatform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** Every YAML document under infra/k8s except the kustomization, with the look-ups the manifest tests need. */
final class KubernetesManifests {

    static final String KUSTOMIZATION = "kustomization.yaml";

    private final List<Manifest> all;

    private KubernetesManifests(List<Manifest> all) {
        this.all = all;
    }

    static KubernetesManifests in(Path directory) {
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : yamlFiles(directory)) {
            if (file.getFileName().toString().equals(KUSTOMIZATION)) {
                continue;
            }
            for (Object document : new Yaml().loadAll(read(file))) {
                if (document != null) {
                    manifests.add(new Manifest(directory.relativize(file).toString(), Node.of(document)));
                }
            }
        }
        return new KubernetesManifests(manifests);
    }

    static List<Path> yamlFiles(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Node load(Path file) {
        return Node.of(new Yaml().load(read(file)));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Manifest> all() {
        return all;
    }

    List<Manifest> ofKind(String kind) {
        return all.stream().filter(manifest -> manifest.kind().equals(kind)).toList();
    }

    Manifest one(String kind, String name) {
        return ofKind(kind).stream().filter(manifest -> name.equals(manifest.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    /** The Deployments whose pods carry every label of the selector, as a Service or a budget would select them. */
    List<Manifest> deploymentsSelectedBy(Map<String, String> selector) {
        return ofKind("Deployment").stream()
                .filter(deployment -> !selector.isEmpty()
                        && deployment.body().strings("spec", "template", "metadata", "labels").entrySet()
                                .containsAll(selector.entrySet()))
                .toList();
    }

    /** The pod templates of the Deployments and the Job. */
    List<Node> podSpecs() {
        return all.stream().filter(manifest -> manifest.kind().equals("Deployment") || manifest.kind().equals("Job"))
                .map(manifest -> manifest.body().node("spec", "template", "spec")).toList();
    }

    /** The worker Deployment: the one that runs the execution-worker module. */
    Manifest workerDeployment() {
        return ofKind("Deployment").stream()
                .filter(deployment -> containers(deployment).stream()
                        .anyMatch(container -> "execution-worker".equals(container.string("name"))))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment runs execution-worker"));
    }

    static List<Node> containers(Manifest deployment) {
        return deployment.body().nodes("spec", "template", "spec", "containers");
    }

    /** A container's environment variable, or null. */
    static String env(Node container, String name) {
        return container.nodes("env").stream().filter(variable -> name.equals(variable.string("name")))
                .map(variable -> variable.string("value")).findFirst().orElse(null);
    }

    record Manifest(String file, Node body) {

        String kind() {
            return body.string("kind");
        }

        String name() {
            return body.string("metadata", "name");
        }

        @Override
        public String toString() {
            return kind() + " " + name() + " (" + file + ")";
        }
    }

    /** A YAML mapping read by paths of keys; a missing key reads as null, or as an empty mapping or list. */
    record Node(Map<String, Object> values) {

        @SuppressWarnings("unchecked")
        static Node of(Object value) {
            return new Node(value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of());
        }

        Object at(String... path) {
            Object value = values;
            for (String key : path) {
                if (!(value instanceof Map<?, ?> map)) {
                    return null;
                }
                value = map.get(key);
            }
            return value;
        }

        Node node(String... path) {
            return of(at(path));
        }

        List<Node> nodes(String... path) {
            return at(path) instanceof List<?> list ? list.stream().map(Node::of).toList() : List.of();
        }

        String string(String... path) {
            Object value = at(path);
            return value == null ? null : value.toString();
        }

        Map<String, String> strings(String... path) {
            Map<String, String> strings = new LinkedHashMap<>();
            node(path).values().forEach((key, value) -> strings.put(key, value == null ? null : value.toString()));
            return strings;
        }

        List<String> list(String... path) {
            return at(path) instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        }
    }
}
