package dev.netjac.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The committed VectorBlocks.java is exactly what {@link VectorBlocksGenerator} writes (or is rewritten). */
class VectorBlocksUpToDateTest {
    @Test
    void committedKernelsMatchTheirGenerator() throws Exception {
        if (Boolean.getBoolean("netjac.updateGolden")) {
            VectorBlocksGenerator.main(new String[0]);
        }
        assertEquals(VectorBlocksGenerator.source(), Files.readString(VectorBlocksGenerator.FILE, StandardCharsets.UTF_8),
                "VectorBlocks.java differs from VectorBlocksGenerator's output; regenerate with "
                        + "mvn -pl runtime test -Dtest=VectorBlocksUpToDateTest -Dnetjac.updateGolden=true");
    }
}
