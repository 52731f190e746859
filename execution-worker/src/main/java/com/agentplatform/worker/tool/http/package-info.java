/**
 * HTTP for tools, safe against server-side request forgery: {@link com.agentplatform.worker.tool.http.SafeHttpClient}
 * fetches only what the {@link com.agentplatform.common.net.AddressPolicy} permits (the public internet unless
 * an operator allows more), {@link com.agentplatform.worker.tool.http.HttpGetTool} offers it to the model as
 * {@code http_get}, and {@link com.agentplatform.worker.tool.http.HttpToolCall} runs tenants' own HTTP tools with it.
 */
package com.agentplatform.worker.tool.http;
