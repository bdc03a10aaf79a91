package dev.netjac.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Block sizes: about 4 MB of Jacobians per block, whole ParallelBatch blocks, and never more than one huge row. */
class BlockEvaluatorTest {
    @Test
    void blocksHoldAboutFourMegabytesOfJacobians() {
        assertEquals(1024, BlockEvaluator.blockRows(4, 6, true), "small network: the row cap");
        assertEquals(80, BlockEvaluator.blockRows(10, 500, true), "seed: 4 MB / (8 * (500 + 10 + 5000)) = 95, down to 16s");
        assertEquals(48, BlockEvaluator.blockRows(10, 784, true), "CNN: 4 MB / (8 * (784 + 10 + 7840)) = 60");
        assertEquals(656, BlockEvaluator.blockRows(10, 784, false), "forward only: 4 MB / (8 * (784 + 10)) = 660");
        assertEquals(5, BlockEvaluator.blockRows(100, 1000, true), "fewer than 16 rows fit: no rounding up");
        assertEquals(1, BlockEvaluator.blockRows(1000, 1000, true), "one 8 MB Jacobian: one row");
    }
}
