package dev.netjac.spec;

import dev.netjac.weights.ExpectedSize;
import dev.netjac.weights.Tensor;

/** What a spec type's parser needs besides the layer's JSON: unique member ids and weight loading. */
interface ParseContext {
    /** A fresh member id such as {@code dense0}, derived from the kind and the layer's position only. */
    String nextId(String kind);

    /**
     * The tensor that weight field {@code field} of {@code json} refers to (a file, an archive entry, inline);
     * a file claiming more values than {@code expected} is refused before it is decoded. Give the layer's
     * expectation whenever it is known before loading (it nearly always is).
     */
    Tensor weight(JsonObject json, String field, ExpectedSize expected);

    /** {@link #weight(JsonObject, String, ExpectedSize)} bounded only by netjac's limit. */
    default Tensor weight(JsonObject json, String field) {
        return weight(json, field, ExpectedSize.ANY);
    }
}
