package com.agentplatform.worker.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CalculatorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '=', value = {
            "17 * 23 + 4 = 395",
            "(2 + 3) * 4 = 20",
            "2 + 3 * 4 = 14",
            "0.1 + 0.2 = 0.3",
            "10 / 4 = 2.5",
            "2 ^ 10 = 1024",
            "2 ^ 3 ^ 2 = 512",
            "-3 + 5 = 2",
            "-(2 + 3) = -5",
            "2 ^ -2 = 0.25",
            "1e3 = ",
    })
    void evaluatesArithmeticWithTheUsualPrecedence(String expression, String expected) {
        if (expected == null) {
            assertThatThrownBy(() -> Calculator.evaluate(expression)).isInstanceOf(IllegalArgumentException.class);
        } else {
            assertThat(Calculator.evaluate(expression)).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1 +", "(1 + 2", "1 / 0", "2 ^ 0.5", "2 ^ 100000", "abc", "1 2", "1..2 + 1"})
    void refusesWhatItCannotEvaluate(String expression) {
        assertThatThrownBy(() -> Calculator.evaluate(expression)).isInstanceOf(IllegalArgumentException.class);
    }
}
