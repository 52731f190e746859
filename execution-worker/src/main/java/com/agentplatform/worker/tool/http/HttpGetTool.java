package com.agentplatform.worker.tool.http;

import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.worker.tool.AgentTool;
import com.agentplatform.worker.tool.ToolFailedException;
import com.agentplatform.worker.tool.ToolText;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code http_get}: lets the model read a public web page or API. The answer is the status, the content type, the
 * final URL and the body text, cut to a size the model can use. Internal addresses are refused by
 * {@link SafeHttpClient}, and the model is told why; so is a body that is not text (an image, an archive).
 */
@Component
public class HttpGetTool implements AgentTool {

    public static final String NAME = "http_get";
    static final int MAX_BODY_CHARS = ToolText.MAX_CHARS;

    private static final ToolSpecification SPECIFICATION = ToolSpecification.builder()
            .name(NAME)
            .description("Fetches a public http or https URL with GET and returns the HTTP status and the body as text"
                    + " (long bodies are cut). Internal and private network addresses are refused.")
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("url", "the absolute http or https URL, such as https://example.com/page")
                    .required("url")
                    .build())
            .build();

    private final SafeHttpClient client;

    public HttpGetTool(SafeHttpClient client) {
        this.client = client;
    }

    @Override
    public ToolSpecification specification() {
        return SPECIFICATION;
    }

    @Override
    public String execute(String argumentsJson) {
        String url = url(argumentsJson);
        HttpFetchResult result;
        try {
            result = client.get(url);
        } catch (RefusedUrlException e) {
            throw new ToolFailedException("refused to fetch " + url + ": " + e.reason());
        } catch (HttpFetchException e) {
            throw new ToolFailedException("could not fetch " + url + ": " + e.getMessage());
        }
        if (!result.isText()) {
            throw new ToolFailedException(url + " answered HTTP " + result.status() + " with " + result.mediaType().orElseThrow()
                    + ", which is not text; " + NAME + " only reads text");
        }
        return "HTTP " + result.status() + "\n"
                + "Content-Type: " + result.header("content-type").orElse("(none)") + "\n"
                + "URL: " + result.finalUrl() + "\n\n"
                + ToolText.cap(result.body(), MAX_BODY_CHARS);
    }

    private static String url(String argumentsJson) {
        JsonNode url;
        try {
            url = JsonMapping.messages().readTree(argumentsJson).get("url");
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ToolFailedException("arguments are not a JSON object");
        }
        if (url == null || !url.isString() || url.asString().isBlank()) {
            throw new ToolFailedException("argument 'url' (a string) is required");
        }
        return url.asString().strip();
    }
}
