package com.agentplatform.gateway.web;

import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Refuses request bodies with text PostgreSQL cannot store faithfully: NUL characters, and UTF-16 surrogates
 * without their pair (which would otherwise be replaced silently). Checked once for every body, whatever its type.
 */
@RestControllerAdvice
class StorableText extends RequestBodyAdviceAdapter {

    private static final int MAX_DEPTH = 64;

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        String field = firstBadField(body, "", 0);
        if (field != null) {
            throw ApiException.validation(field.isEmpty() ? "body" : field,
                    "contains a NUL character or an unpaired UTF-16 surrogate");
        }
        return body;
    }

    static String firstBadField(Object value, String path, int depth) {
        if (value == null || depth > MAX_DEPTH) {
            return null;
        }
        if (value instanceof String text) {
            return isStorable(text) ? null : path;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                String child = join(path, key);
                if (!isStorable(key)) {
                    return child;
                }
                String bad = firstBadField(entry.getValue(), child, depth + 1);
                if (bad != null) {
                    return bad;
                }
            }
            return null;
        }
        if (value instanceof Collection<?> list) {
            int index = 0;
            for (Object element : list) {
                String bad = firstBadField(element, path + "[" + index++ + "]", depth + 1);
                if (bad != null) {
                    return bad;
                }
            }
            return null;
        }
        if (value.getClass().isRecord()) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                try {
                    java.lang.reflect.Method accessor = component.getAccessor();
                    // Request records are often package-private, in the package of their controller.
                    accessor.trySetAccessible();
                    String bad = firstBadField(accessor.invoke(value), join(path, SnakeCase.of(component.getName())), depth + 1);
                    if (bad != null) {
                        return bad;
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + component, e);
                }
            }
        }
        return null;
    }

    static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
