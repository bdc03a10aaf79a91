package dev.netjac.spec;

import dev.netjac.weights.Tensor;

/** What a spec type's parser needs besides the layer's JSON: unique member ids and weight loading. */
interface ParseContext {
    /** A fresh member id such as {@code dense0}, derived from the kind and the layer's position only. */
    String nextId(String kind);

    /** The tensor that weight field {@code field} of {@code json} refers to (a file, an archive entry, inline). */
    Tensor weight(JsonObject json, String field);
}
