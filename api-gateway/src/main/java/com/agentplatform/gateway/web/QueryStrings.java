package com.agentplatform.gateway.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Query strings checked as sent, before the container decodes them (it would fail later, mid-request, on a bad
 * escape or bad UTF-8): every name and value must be well-formed percent-encoding of UTF-8, with no control
 * characters, since values end up in SQL parameters and logs.
 */
final class QueryStrings {

    private QueryStrings() {
    }

    /** The first parameter that cannot be read as text, or null when all can. */
    static ApiException.FieldError firstProblem(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        for (String pair : rawQuery.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            if (name == null || !isText(name)) {
                return new ApiException.FieldError("query", "has a parameter name that is not valid text");
            }
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (value == null) {
                return new ApiException.FieldError(name, "is not valid UTF-8 percent-encoding");
            }
            if (!isText(value)) {
                return new ApiException.FieldError(name, "contains a control character");
            }
        }
        return null;
    }

    private static boolean isText(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c != 0x7f);
    }

    /** Strict {@code application/x-www-form-urlencoded} decoding; null when the text is not well-formed. */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
                if (low < 0) {
                    return null;
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c > 0x7f) {
                return null;
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
