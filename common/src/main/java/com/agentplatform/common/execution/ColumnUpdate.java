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

    boolean isExpression() {
        return sqlExpression != null;
    }
}
