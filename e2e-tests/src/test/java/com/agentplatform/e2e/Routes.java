package com.agentplatform.e2e;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every admin and tenant route the gateway serves, read from its router, so a route added later is covered by the
 * tests that walk them without anyone remembering to list it.
 */
final class Routes {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    private Routes() {
    }

    record Route(String method, String pattern) {

        boolean isAdmin() {
            return pattern.startsWith("/admin/");
        }

        /** The pattern with its variables filled in from {@code values} (by the path before the variable). */
        String path(Map<String, String> values) {
            Matcher variable = VARIABLE.matcher(pattern);
            StringBuilder path = new StringBuilder();
            while (variable.find()) {
                String before = pattern.substring(0, variable.start());
                String value = values.entrySet().stream()
                        .filter(entry -> before.endsWith(entry.getKey()))
                        .max(Comparator.comparingInt(entry -> entry.getKey().length()))
                        .map(Map.Entry::getValue)
                        .orElse("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
                variable.appendReplacement(path, Matcher.quoteReplacement(value));
            }
            variable.appendTail(path);
            return path.toString();
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    static List<Route> of(ApplicationContext gateway) {
        return gateway.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods()
                .keySet().stream()
                .flatMap(info -> info.getPatternValues().stream().flatMap(pattern -> {
                    List<RequestMethod> methods = info.getMethodsCondition().getMethods().isEmpty()
                            ? List.of(RequestMethod.GET) : List.copyOf(info.getMethodsCondition().getMethods());
                    return methods.stream().map(method -> new Route(method.name(), pattern));
                }))
                .filter(route -> route.pattern().startsWith("/admin/") || route.pattern().startsWith("/v1/"))
                .sorted(Comparator.comparing(Route::pattern).thenComparing(Route::method))
                .toList();
    }
}
