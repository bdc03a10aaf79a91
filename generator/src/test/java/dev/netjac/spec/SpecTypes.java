package dev.netjac.spec;

import java.util.Set;
import java.util.TreeSet;

/** The spec layer types the reader has registered, for tests that must cover every one of them. */
public final class SpecTypes {
    private SpecTypes() {}

    /** Every registered {@code "type"}: the single-input registry and the merge registry. */
    public static Set<String> registered() {
        Set<String> types = new TreeSet<>(LayerParsers.knownTypeList());
        types.addAll(MergeParsers.knownTypes());
        return types;
    }
}
