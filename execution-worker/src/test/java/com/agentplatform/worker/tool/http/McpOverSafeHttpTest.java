package com.agentplatform.worker.tool.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.worker.tool.AgentTool;
import com.agentplatform.worker.tool.ToolContext;
import com.agentplatform.worker.tool.ToolFailedException;
import com.agentplatform.worker.tool.ToolText;
import com.agentplatform.worker.tool.ToolUnavailableException;
import com.agentplatform.worker.tool.http.TestClients.RecordingDialer;
import com.agentplatform.worker.tool.mcp.McpServerTools;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant's MCP server is reached through {@link SafeHttpClient} like any http tool: every request resolves the
 * host and checks the answer, and connects only to the address it checked; answers are size-capped and deadline-bound.
 * The server here listens on 127.0.0.1, which these tests' allow-list treats as a public address; 127.0.0.2 stands
 * for an internal one.
 */
class McpOverSafeHttpTest {

    private static final HttpFetchSettings LOCAL = HttpFetchSettings.defaults().withAllowList("127.0.0.1/32");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final LocalMcpServer mcp = new LocalMcpServer();
    private final LocalServer server = LocalServer.start().on("/mcp", mcp);
    private final RecordingDialer dialer = new RecordingDialer();

    @AfterEach
    void stopServer() {
        mcp.release();
        server.close();
    }

    @Test
    void aNameThatResolvesToAnInternalAddressAfterItsFirstLookupIsNeverReached() {
        RebindingResolver resolver = new RebindingResolver(1);
        SafeHttpClient client = TestClients.client(LOCAL, resolver, dialer);

        assertThatThrownBy(() -> McpServerTools.open("docs", server.url("mcp.test", "/mcp"), TIMEOUT, client))
                .isInstanceOf(ToolUnavailableException.class)
                .hasMessageContaining("refused")
                .hasMessageContaining("127.0.0.2");
        assertThat(resolver.lookups).as("looked up again for the next request").hasValueGreaterThan(1);
        assertThat(dialer.dialled).extracting(address -> address.getAddress().getHostAddress()).containsOnly("127.0.0.1");
    }

    @Test
    void aNameReboundBetweenDiscoveryAndACallIsRefusedAtTheCall() {
        RebindingResolver resolver = new RebindingResolver(Integer.MAX_VALUE);
        try (McpServerTools docs = McpServerTools.open("docs", server.url("mcp.test", "/mcp"), TIMEOUT,
                TestClients.client(LOCAL, resolver, dialer))) {
            resolver.rebind();

            assertThatThrownBy(() -> tool(docs, "docs__echo").execute(call("call_1"), "{\"text\": \"hi\"}"))
                    .isInstanceOf(ToolFailedException.class)
                    .hasMessageContaining("refused");
        }
        assertThat(mcp.methods).contains("initialize", "tools/list").doesNotContain("tools/call");
        assertThat(dialer.dialled).extracting(address -> address.getAddress().getHostAddress()).containsOnly("127.0.0.1");
    }

    @Test
    void aCallReadsAnEventStreamAnswerAndCarriesTheIdempotencyKeyOfItsCall() {
        ToolContext context = call("call_9");
        try (McpServerTools docs = McpServerTools.open("docs", server.url("/mcp"), TIMEOUT, local())) {
            AgentTool echo = tool(docs, "docs__echo");

            assertThat(echo.execute(context, "{\"text\": \"hello\"}")).isEqualTo("hello");
            assertThat(echo.hasSideEffects()).as("an MCP tool may do anything").isTrue();
        }
        assertThat(mcp.idempotencyKeys).containsExactly(context.idempotencyKey());
    }

    @Test
    void aLongResultIsCappedLikeAnyToolsOutput() {
        try (McpServerTools docs = McpServerTools.open("docs", server.url("/mcp"), TIMEOUT, local())) {
            String result = tool(docs, "docs__long").execute(call("call_2"), "{}");

            assertThat(result).startsWith("x".repeat(ToolText.MAX_CHARS))
                    .endsWith("[... " + (LocalMcpServer.LONG_RESULT - ToolText.MAX_CHARS) + " more characters not shown]");
        }
    }

    @Test
    void aCallTheServerNeverAnswersEndsAtTheDeadline() {
        long started = System.nanoTime();
        try (McpServerTools docs = McpServerTools.open("docs", server.url("/mcp"), Duration.ofMillis(500), local())) {
            assertThatThrownBy(() -> tool(docs, "docs__stall").execute(call("call_3"), "{}"))
                    .isInstanceOf(ToolFailedException.class)
                    .hasMessageContaining("no complete answer within 500 ms");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aServerOnAnInternalAddressIsRefusedBeforeAnythingIsSent() {
        SafeHttpClient client = TestClients.refusingEverything();

        assertThatThrownBy(() -> McpServerTools.open("meta", "http://169.254.169.254/mcp", TIMEOUT, client))
                .isInstanceOf(ToolUnavailableException.class)
                .hasMessageContaining("refused")
                .hasMessageContaining("link-local");
    }

    private SafeHttpClient local() {
        return TestClients.client(LOCAL, TestClients.NO_LOOKUP, dialer);
    }

    private static AgentTool tool(McpServerTools server, String name) {
        return server.tools().stream().filter(tool -> tool.name().equals(name)).findFirst().orElseThrow();
    }

    private static ToolContext call(String callId) {
        return new ToolContext(null, ExecutionId.newId()).forCall(callId);
    }

    /** {@code mcp.test}: 127.0.0.1 for the first lookups (or until {@link #rebind}), then 127.0.0.2. */
    private static final class RebindingResolver implements HostResolver {

        final AtomicInteger lookups = new AtomicInteger();
        private volatile int firstLookups;

        RebindingResolver(int firstLookups) {
            this.firstLookups = firstLookups;
        }

        void rebind() {
            firstLookups = 0;
        }

        @Override
        public InetAddress[] resolve(String hostName) throws UnknownHostException {
            int lookup = lookups.incrementAndGet();
            byte last = (byte) (lookup <= firstLookups ? 1 : 2);
            return new InetAddress[] {InetAddress.getByAddress(hostName, new byte[] {127, 0, 0, last})};
        }
    }
}
