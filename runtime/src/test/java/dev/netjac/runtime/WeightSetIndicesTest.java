package dev.netjac.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Index tables (an index map layer's sources) survive the binary format as ints, and non-ints are refused. */
class WeightSetIndicesTest {

    @Test
    void indicesRoundTripThroughTheResourceFormat() throws IOException {
        WeightSet set = WeightSet.builder().put("t", new int[] {4}, new double[] {0, 7, -1, 16777215}).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        set.write(bytes);
        WeightSet read = WeightSet.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertArrayEquals(new int[] {0, 7, -1, 16777215}, read.indices("t", 4));
    }

    @Test
    void refusesAWrongSizeOrAValueThatIsNotAnInt() {
        WeightSet set = WeightSet.builder().put("t", new int[] {2}, new double[] {1, 2.5}).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> set.indices("t", 2));
        assertTrue(e.getMessage().contains("index table t holds 2.5 at 1, not an int"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> set.indices("t", 3));
        assertTrue(e.getMessage().contains("has 2 values, expected 3"), e.getMessage());
    }
}
