package dev.netjac.layers;

/**
 * A layer that does nothing at inference: {@code identity}, and {@code dropout}, whose noise exists only in
 * training (Keras Dropout, SpatialDropout, GaussianNoise and the like map onto it). A view.
 */
public final class Identity extends ShapeView {
    private final String kind;

    /** @param kind the spec type it came from, {@code identity} or {@code dropout}, kept for summaries */
    public Identity(String id, int[] shape, String kind) {
        super(id, shape, shape);
        this.kind = kind;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String summary() {
        return kind + " (no-op)";
    }
}
