package dev.netjac.spec;

/**
 * Choices about what a model reader accepts.
 *
 * @param allowNonFiniteWeights accept NaN and infinite weights (rejected by default: they are almost always a
 *     broken export, and they make every output NaN)
 * @param allowWeightsOutsideModelDir let weight references leave the model file's folder ({@code ../},
 *     absolute paths); off by default so that a model file cannot make netjac read arbitrary files
 */
public record ReadOptions(boolean allowNonFiniteWeights, boolean allowWeightsOutsideModelDir) {

    public static ReadOptions defaults() {
        return new ReadOptions(false, false);
    }

    public ReadOptions withAllowNonFiniteWeights(boolean allow) {
        return new ReadOptions(allow, allowWeightsOutsideModelDir);
    }

    public ReadOptions withAllowWeightsOutsideModelDir(boolean allow) {
        return new ReadOptions(allowNonFiniteWeights, allow);
    }
}
