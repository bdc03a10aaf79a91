package dev.netjac.spec;

import dev.netjac.layers.Layer;
import java.util.List;

/**
 * One registered spec layer type: its {@code "type"} name, how many inputs it reads, where docs/ documents
 * it, and (inside this package) the parser that reads it. Listed by {@link SpecTypes#all()}.
 */
public final class SpecType {
    private final String name;
    private final Arity arity;
    private final String docs;
    private final LayerParser parser;

    SpecType(String name, Arity arity, String docs, LayerParser parser) {
        this.name = name;
        this.arity = arity;
        this.docs = docs;
        this.parser = parser;
    }

    public String name() {
        return name;
    }

    public Arity arity() {
        return arity;
    }

    /** The page and anchor under docs/ that documents the type, such as {@code layers-conv.md#fields}. */
    public String docs() {
        return docs;
    }

    /**
     * Checks the number of inputs the layer names ({@code listed}: whether it has an {@code "inputs"} field at
     * all), then parses it.
     */
    List<Layer> parse(JsonObject json, List<int[]> inputShapes, boolean listed, ParseContext context) {
        int found = inputShapes.size();
        if (!arity.accepts(found)) {
            if (arity.isMerge() && found < arity.min()) {
                throw json.error(name + " merges " + arity.inWords() + "; list them in \"inputs\", found "
                        + (listed ? found : "none"));
            }
            throw json.error("'inputs': " + name + (arity.isMerge() ? " merges " : " reads ") + arity.inWords()
                    + ", found " + found);
        }
        return parser.parse(json, inputShapes, context);
    }

    @Override
    public String toString() {
        return name + " (" + arity + ")";
    }
}
