package com.agentplatform.gateway.web;

/** Field paths as the client wrote them: {@code agent.maxSteps} → {@code agent.max_steps}. */
public final class SnakeCase {

    private SnakeCase() {
    }

    public static String of(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
