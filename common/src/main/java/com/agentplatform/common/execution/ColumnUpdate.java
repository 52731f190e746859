package com.agentplatform.common.execution;

import java.util.regex.Pattern;

/**
 * One extra column set by a status change: either a bound value or a fixed SQL expression written by the code
 * (never by a client), such as {@code attempt + 1}.
 */
public record ColumnUpdate(String column, Object value, String sqlExpression) {

    private static final Pattern COLUMN = Pattern.compile("[a-z_]+");

    public ColumnUpdate {
        if (!COLUMN.matcher(column).matches()) {
            throw new IllegalArgumentException("not a column name: " + column);
        }
    }

    public static ColumnUpdate value(String column, Object value) {
        return new ColumnUpdate(column, value, null);
    }

    public static ColumnUpdate sql(String column, String sqlExpression) {
        return new ColumnUpdate(column, null, sqlExpression);
    }

    /** A {@code jsonb} column set to this JSON text (bound as a value, cast by the statement). */
    public static ColumnUpdate json(String column, String json) {
        return new ColumnUpdate(column, json, "cast(:set_" + column + " as jsonb)");
    }

    boolean isExpression() {
        return sqlExpression != null;
    }

    /** True when the statement binds {@link #value()} as {@code :set_<column>}. */
    boolean bindsValue() {
        return sqlExpression == null || value != null;
    }
}
