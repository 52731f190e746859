package com.agentplatform.gateway.model;

/** A model, or a family ({@code openai:*}) of a configured provider. */
public record ModelView(String name, String provider, String description) {
}
