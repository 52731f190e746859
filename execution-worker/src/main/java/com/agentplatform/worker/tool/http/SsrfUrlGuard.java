package com.agentplatform.worker.tool.http;

import com.agentplatform.worker.tool.AgentTool;
import com.agentplatform.worker.tool.TenantToolSource;
import com.agentplatform.worker.tool.ToolUnavailableException;
import com.agentplatform.worker.tool.UrlGuard;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The address policy applied to every tenant tool: http tools call through {@link SafeHttpClient} (checked and
 * pinned on every request and redirect); an MCP server's URL is checked before its client connects.
 */
@Component
class SsrfUrlGuard implements UrlGuard {

    private final AddressPolicy policy;
    private final HttpToolCall calls;

    SsrfUrlGuard(HttpFetchSettings settings, HttpToolCall calls) {
        this.policy = new AddressPolicy(settings.allowList());
        this.calls = calls;
    }

    @Override
    public void check(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ToolUnavailableException("'" + url + "' is not a URL", e);
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new ToolUnavailableException("'" + url + "' is not an http or https URL", null);
        }
        String host = uri.getHost();
        Optional<String> refused = policy.refusalOfHost(host);
        if (refused.isEmpty()) {
            try {
                for (InetAddress address : InetAddress.getAllByName(host)) {
                    refused = policy.refusalOf(host, address);
                    if (refused.isPresent()) {
                        break;
                    }
                }
            } catch (UnknownHostException e) {
                throw new ToolUnavailableException("host " + host + " does not resolve", e);
            }
        }
        refused.ifPresent(reason -> {
            throw new ToolUnavailableException("refused to reach " + url + ": " + reason, null);
        });
    }

    @Override
    public AgentTool httpTool(TenantToolSource.TenantToolDefinition definition) {
        return new TenantHttpTool(definition, HttpToolConfig.fromStored(definition.config()), calls);
    }
}
