package com.agentplatform.gateway.web;

import java.lang.reflect.Method;
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
    /** A request record's components, found (and made accessible) once per type rather than on every body. */
    private static final ClassValue<Component[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected Component[] computeValue(Class<?> type) {
            RecordComponent[] components = type.isRecord() ? type.getRecordComponents() : new RecordComponent[0];
            Component[] found = new Component[components.length];
            for (int i = 0; i < components.length; i++) {
                Method accessor = components[i].getAccessor();
                // Request records are often package-private, in the package of their controller.
                accessor.trySetAccessible();
                found[i] = new Component(SnakeCase.of(components[i].getName()), accessor);
            }
            return found;
        }
    };

    private record Component(String field, Method accessor) {

        Object of(Object record) {
            try {
                return accessor.invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + field + " of " + record.getClass().getName(), e);
            }
        }
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        if (isStorable(body, 0)) {
            return body; // the usual case: no field path is built
        }
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
        for (Component component : COMPONENTS.get(value.getClass())) {
            String bad = firstBadField(component.of(value), join(path, component.field()), depth + 1);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    /** {@link #firstBadField} without the paths: true when every text in {@code value} can be stored. */
    private static boolean isStorable(Object value, int depth) {
        if (value == null || depth > MAX_DEPTH) {
            return true;
        }
        if (value instanceof String text) {
            return isStorable(text);
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!isStorable(String.valueOf(entry.getKey())) || !isStorable(entry.getValue(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof Collection<?> list) {
            for (Object element : list) {
                if (!isStorable(element, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        for (Component component : COMPONENTS.get(value.getClass())) {
            if (!isStorable(component.of(value), depth + 1)) {
                return false;
            }
        }
        return true;
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
