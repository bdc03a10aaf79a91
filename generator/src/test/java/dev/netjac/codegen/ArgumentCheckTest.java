package dev.netjac.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netjac.Netjac;
import dev.netjac.runtime.Network;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Arrays of the wrong length are refused on every call with a clear IllegalArgumentException. */
class ArgumentCheckTest {
    static final Network NET = Netjac.load(Path.of("..", "samples", "seed", "scaled", "seed.json"));

    private static void refused(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void wrongLengthsAreRefused() {
        double[] x = new double[500];
        double[] y = new double[10];
        refused("x has length 499, expected 500", () -> NET.forward(new double[499], y));
        refused("y has length 11, expected 10", () -> NET.forward(x, new double[11]));
        refused("jac has length 4999, expected 5000", () -> NET.jacobian(x, y, new double[4999]));
        refused("v has length 9, expected 10", () -> NET.vjp(x, new double[9], new double[500]));
        refused("out has length 10, expected 500", () -> NET.vjp(x, y, new double[10]));
        refused("u has length 10, expected 500", () -> NET.jvp(x, new double[10], y));
        refused("x is null, expected a double[500]", () -> NET.forward(null, y));
        refused("xs has length 999, expected at least 2 x 500 = 1000", () -> NET.forwardBatch(new double[999], new double[20], 2));
        refused("count is -1, expected at least 0", () -> NET.forwardBatch(x, y, -1));
    }
}
