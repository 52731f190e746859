package com.agentplatform.worker.tool;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Evaluates arithmetic without a script engine: numbers, {@code + - * / ^}, unary minus and parentheses, by
 * recursive descent over {@link BigDecimal} so {@code 0.1 + 0.2} is {@code 0.3}.
 */
public final class Calculator {

    private static final int MAX_LENGTH = 1_000;
    private static final int MAX_EXPONENT = 1_000;
    private static final MathContext PRECISION = new MathContext(34, RoundingMode.HALF_EVEN);

    private final String text;
    private int pos;

    private Calculator(String text) {
        this.text = text;
    }

    /** The value as plain decimal text ({@code 391}, {@code 0.5}); {@link IllegalArgumentException} if unreadable. */
    public static String evaluate(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("empty expression");
        }
        if (expression.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("expression longer than " + MAX_LENGTH + " characters");
        }
        Calculator calculator = new Calculator(expression);
        BigDecimal value = calculator.sum();
        calculator.skipSpaces();
        if (calculator.pos != expression.length()) {
            throw new IllegalArgumentException("unexpected '" + expression.charAt(calculator.pos) + "' at " + calculator.pos);
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    private BigDecimal sum() {
        BigDecimal value = product();
        while (true) {
            if (accept('+')) {
                value = value.add(product(), PRECISION);
            } else if (accept('-')) {
                value = value.subtract(product(), PRECISION);
            } else {
                return value;
            }
        }
    }

    private BigDecimal product() {
        BigDecimal value = power();
        while (true) {
            if (accept('*')) {
                value = value.multiply(power(), PRECISION);
            } else if (accept('/')) {
                BigDecimal divisor = power();
                if (divisor.signum() == 0) {
                    throw new IllegalArgumentException("division by zero");
                }
                value = value.divide(divisor, PRECISION);
            } else {
                return value;
            }
        }
    }

    private BigDecimal power() {
        BigDecimal base = unary();
        if (accept('^')) {
            BigDecimal exponent = power();
            if (exponent.stripTrailingZeros().scale() > 0 || exponent.abs().compareTo(BigDecimal.valueOf(MAX_EXPONENT)) > 0) {
                throw new IllegalArgumentException("exponents must be whole numbers up to " + MAX_EXPONENT);
            }
            int n = exponent.intValueExact();
            if (n < 0 && base.signum() == 0) {
                throw new IllegalArgumentException("division by zero");
            }
            return n >= 0 ? base.pow(n, PRECISION) : BigDecimal.ONE.divide(base.pow(-n, PRECISION), PRECISION);
        }
        return base;
    }

    private BigDecimal unary() {
        if (accept('-')) {
            return unary().negate();
        }
        if (accept('+')) {
            return unary();
        }
        return atom();
    }

    private BigDecimal atom() {
        if (accept('(')) {
            BigDecimal inner = sum();
            if (!accept(')')) {
                throw new IllegalArgumentException("missing ')'");
            }
            return inner;
        }
        skipSpaces();
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException(pos < text.length()
                    ? "unexpected '" + text.charAt(pos) + "' at " + pos : "expression ends too early");
        }
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + text.substring(start, pos));
        }
    }

    private boolean accept(char c) {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }
}
