package dev.netjac.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netjac.Netjac;
import dev.netjac.spec.ReadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Standalone activation layers without the new parameters ({@code relu}, {@code leaky_relu}, {@code elu},
 * rank-1 {@code softmax}/{@code log_softmax}) generate exactly the code they generated before relu learned
 * max_value/negative_slope/threshold and softmax learned rank &gt; 1: {@code standalone.expected.java} was
 * written by the code before those changes. Regenerate only after an intended change, with
 * {@code -Dnetjac.updateGolden=true}.
 */
class StandaloneGoldenSourceTest {
    static final Path DIR = Path.of("src/test/resources/emitter");

    @Test
    void plainActivationLayersGenerateUnchangedCode() throws Exception {
        String source = Netjac.generate(Netjac.read(DIR.resolve("standalone.json"), ReadOptions.defaults()),
                Netjac.Options.defaults().withPackageName("com.example")).source();
        Path golden = DIR.resolve("standalone.expected.java");
        if (Boolean.getBoolean("netjac.updateGolden")) {
            Files.writeString(golden, source);
        }
        assertEquals(Files.readString(golden), source);
    }
}
