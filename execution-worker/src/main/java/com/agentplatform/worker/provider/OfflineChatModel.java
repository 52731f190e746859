package com.agentplatform.worker.provider;

import com.agentplatform.common.agent.AgentToolNames;
import com.agentplatform.common.json.JsonMapping;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline deterministic model: no network, no key, the same answer for the same conversation. It really
 * uses tools through the tool-calling API: given arithmetic and the {@code calculator} tool it asks the tool, then
 * answers with the tool's result; asked for the time with {@code current_time} it calls that. Otherwise it
 * answers with a fixed echo. Asked to {@code call <tool> with <json>} it calls that tool, if offered, with those
 * arguments (how tests drive tenant and MCP tools). It reads the whole conversation, a thread's earlier messages
 * included: asked "what did I say first?" it answers with the first user message it was given. Offered other agents as
 * tools (a supervisor), it delegates: it calls every one of them in one reply, in the order offered, each with the
 * user's input as its {@code input}, and once all have answered it answers with their results, one line per agent
 * ({@code <tool>: <result>}). Token counts are
 * estimated (four characters a token), so budgets are exercised too.
 * When a client listens for tokens it streams its answer word by word, {@link #PIECE_PAUSE} apart, so that local runs
 * and tests show streaming as a provider's would look.
 */
public final class OfflineChatModel implements StreamableModel {

    public static final String NAME = "offline:deterministic";

    /** Between two streamed words: slow enough that a 50 ms coalescing window sends several deltas. */
    static final Duration PIECE_PAUSE = Duration.ofMillis(20);

    /** Numbers joined by operators, with parentheses; at least one operator between two operands. */
    private static final Pattern ARITHMETIC = Pattern.compile("[-+(]*\\s*\\d[\\d.\\s]*(?:[-+*/^()]+\\s*[\\d.(][\\d.\\s()]*)+");

    /** Asks for the first thing the user said in the conversation. */
    private static final Pattern FIRST_SAID = Pattern.compile("what did i (?:say|tell you) first", Pattern.CASE_INSENSITIVE);

    /** {@code call <tool> with {json}}: an explicit tool call. */
    private static final Pattern EXPLICIT_CALL = Pattern.compile("call ([A-Za-z0-9_-]+) with (\\{.*})", Pattern.DOTALL);

    @Override
    public ChatResponse doChat(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        AiMessage answer = answer(messages, request.toolSpecifications());
        return ChatResponse.builder()
                .aiMessage(answer)
                .modelName(NAME)
                .finishReason(answer.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .tokenUsage(new TokenUsage(tokens(messages), tokens(answer)))
                .build();
    }

    @Override
    public ChatResponse chat(ChatRequest request, TokenSink tokens) {
        ChatResponse response = chat(request);
        if (tokens != TokenSink.NONE) {
            TextPieces.stream(response.aiMessage().text(), tokens, PIECE_PAUSE);
        }
        return response;
    }

    private static AiMessage answer(List<ChatMessage> messages, List<ToolSpecification> tools) {
        ChatMessage last = messages.getLast();
        if (last instanceof ToolExecutionResultMessage result) {
            List<ToolExecutionResultMessage> delegated = agentResults(messages, tools);
            return AiMessage.from(delegated.isEmpty() ? describe(result) : summarise(delegated));
        }
        String question = last instanceof UserMessage user && user.hasSingleText() ? user.singleText() : "";
        if (FIRST_SAID.matcher(question).find()) {
            return AiMessage.from(firstSaid(messages));
        }
        Matcher explicit = EXPLICIT_CALL.matcher(question);
        if (explicit.find() && offers(tools, explicit.group(1))) {
            return AiMessage.from(call(messages, explicit.group(1), explicit.group(2)));
        }
        List<String> agents = agentTools(tools);
        if (!agents.isEmpty()) {
            String arguments = JsonMapping.messages().writeValueAsString(Map.of(AgentToolNames.INPUT, question.strip()));
            List<ToolExecutionRequest> calls = new ArrayList<>();
            for (int i = 0; i < agents.size(); i++) {
                calls.add(ToolExecutionRequest.builder().id("call_" + messages.size() + "_" + i).name(agents.get(i))
                        .arguments(arguments).build());
            }
            return AiMessage.from(calls);
        }
        if (offers(tools, "calculator")) {
            String expression = arithmeticIn(question);
            if (expression != null) {
                return AiMessage.from(call(messages, "calculator", "{\"expression\":\"" + expression + "\"}"));
            }
        }
        if (offers(tools, "current_time") && question.toLowerCase(Locale.ROOT).contains("time")) {
            return AiMessage.from(call(messages, "current_time", "{}"));
        }
        return AiMessage.from("Offline model received: " + question.strip());
    }

    /** The tools that hand a task to another agent, in the order offered. */
    private static List<String> agentTools(List<ToolSpecification> tools) {
        return tools == null ? List.of() : tools.stream()
                .filter(tool -> tool.description() != null && tool.description().startsWith(AgentToolNames.DESCRIPTION_PREFIX))
                .map(ToolSpecification::name)
                .toList();
    }

    /** The results after the model's last reply, when that reply called agents; empty otherwise. */
    private static List<ToolExecutionResultMessage> agentResults(List<ChatMessage> messages, List<ToolSpecification> tools) {
        List<String> agents = agentTools(tools);
        List<ToolExecutionResultMessage> results = new ArrayList<>();
        for (int i = messages.size() - 1; i >= 0 && messages.get(i) instanceof ToolExecutionResultMessage result; i--) {
            results.addFirst(result);
        }
        return results.stream().anyMatch(result -> agents.contains(result.toolName())) ? results : List.of();
    }

    private static String summarise(List<ToolExecutionResultMessage> results) {
        StringBuilder answer = new StringBuilder();
        for (ToolExecutionResultMessage result : results) {
            if (!answer.isEmpty()) {
                answer.append('\n');
            }
            answer.append(result.toolName()).append(": ")
                    .append(Boolean.TRUE.equals(result.isError()) ? "failed: " : "").append(result.text());
        }
        return answer.toString();
    }

    /** The first user message of the conversation, which is the question itself when nothing came before it. */
    private static String firstSaid(List<ChatMessage> messages) {
        return messages.stream()
                .filter(message -> message instanceof UserMessage user && user.hasSingleText())
                .map(message -> ((UserMessage) message).singleText().strip())
                .findFirst()
                .map(first -> "You first said: " + first)
                .orElse("You have not said anything yet.");
    }

    private static String describe(ToolExecutionResultMessage result) {
        if (Boolean.TRUE.equals(result.isError())) {
            return "The " + result.toolName() + " tool could not answer: " + result.text();
        }
        return switch (result.toolName()) {
            case "calculator" -> "The answer is " + result.text() + ".";
            case "current_time" -> "The current time is " + result.text() + ".";
            default -> "The " + result.toolName() + " tool returned: " + result.text();
        };
    }

    /** The longest arithmetic expression in the text, or null. */
    static String arithmeticIn(String text) {
        Matcher matcher = ARITHMETIC.matcher(text);
        String best = null;
        while (matcher.find()) {
            String candidate = trimDangling(matcher.group());
            if (best == null || candidate.length() > best.length()) {
                best = candidate;
            }
        }
        return best;
    }

    private static String trimDangling(String expression) {
        String trimmed = expression.strip();
        while (!trimmed.isEmpty() && "+-*/^(".indexOf(trimmed.charAt(trimmed.length() - 1)) >= 0) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return balance(trimmed);
    }

    /** Drops parentheses the text left open or closed on its own ("(see 2+2)"). */
    private static String balance(String expression) {
        int open = 0;
        StringBuilder out = new StringBuilder();
        for (char c : expression.toCharArray()) {
            if (c == ')' && open == 0) {
                continue;
            }
            open += c == '(' ? 1 : c == ')' ? -1 : 0;
            out.append(c);
        }
        String result = out.toString();
        while (open-- > 0) {
            int index = result.indexOf('(');
            result = result.substring(0, index) + result.substring(index + 1);
        }
        return result.strip();
    }

    private static ToolExecutionRequest call(List<ChatMessage> messages, String tool, String arguments) {
        return ToolExecutionRequest.builder().id("call_" + messages.size()).name(tool).arguments(arguments).build();
    }

    private static boolean offers(List<ToolSpecification> tools, String name) {
        return tools != null && tools.stream().anyMatch(tool -> tool.name().equals(name));
    }

    private static int tokens(List<ChatMessage> messages) {
        return messages.stream().mapToInt(OfflineChatModel::tokens).sum();
    }

    private static int tokens(ChatMessage message) {
        String text = switch (message) {
            case SystemMessage system -> system.text();
            case UserMessage user -> user.hasSingleText() ? user.singleText() : "";
            case AiMessage ai -> (ai.text() == null ? "" : ai.text()) + ai.toolExecutionRequests().stream()
                    .map(request -> request.name() + request.arguments()).reduce("", String::concat);
            case ToolExecutionResultMessage result -> result.text();
            default -> "";
        };
        return Math.max(1, (text.length() + 3) / 4);
    }
}
