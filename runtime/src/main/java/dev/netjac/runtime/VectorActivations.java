package dev.netjac.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowActivations} with the Vector API: each function is {@link Activations}' formula written lanewise,
 * its branches computed on both sides and blended by a mask (so NaN takes the same side it takes in the
 * scalar code). Every lanewise operation is a constant at its call site, which is what lets C2 call its
 * vector math stub; an operation passed in as a variable falls back to {@link Math} lane by lane (measured
 * 15× slower). The last {@code n mod lanes} elements use the scalar functions.
 */
final class VectorActivations implements RowActivations.Impl {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    @Override
    public void tanh(double[] x, double[] y, int n) {
        int j = 0;
        for (; j + V <= n; j += V) {
            DoubleVector.fromArray(S, x, j).lanewise(VectorOperators.TANH).intoArray(y, j);
        }
        for (; j < n; j++) {
            y[j] = Activations.tanh(x[j]);
        }
    }

    @Override
    public void tanhDerivative(double[] x, double[] y, double[] d, int n) {
        int j = 0;
        for (; j + V <= n; j += V) {
            DoubleVector ax = DoubleVector.fromArray(S, x, j).lanewise(VectorOperators.ABS);
            DoubleVector yv = DoubleVector.fromArray(S, y, j);
            DoubleVector near = yv.mul(yv).neg().add(1.0);                       // 1 − y², |x| ≤ 0.55
            DoubleVector e = ax.mul(-2.0).lanewise(VectorOperators.EXP);
            DoubleVector t = e.add(1.0);
            DoubleVector far = e.mul(4.0).div(t.mul(t));                          // 4e/(1+e)²
            VectorMask<Double> small = ax.compare(VectorOperators.LE, 0.55);
            far.blend(near, small).intoArray(d, j);
        }
        for (; j < n; j++) {
            d[j] = Activations.tanhDerivative(x[j], y[j]);
        }
    }

    @Override
    public void sigmoid(double[] x, double[] y, int n) {
        int j = 0;
        for (; j + V <= n; j += V) {
            DoubleVector xv = DoubleVector.fromArray(S, x, j);
            DoubleVector e = xv.lanewise(VectorOperators.ABS).neg().lanewise(VectorOperators.EXP);
            DoubleVector one = DoubleVector.broadcast(S, 1.0);
            DoubleVector numerator = e.blend(one, xv.compare(VectorOperators.GE, 0.0));
            numerator.div(e.add(1.0)).intoArray(y, j);
        }
        for (; j < n; j++) {
            y[j] = Activations.sigmoid(x[j]);
        }
    }

    @Override
    public void sigmoidDerivative(double[] x, double[] y, double[] d, int n) {
        int j = 0;
        for (; j + V <= n; j += V) {
            DoubleVector xv = DoubleVector.fromArray(S, x, j);
            DoubleVector yv = DoubleVector.fromArray(S, y, j);
            DoubleVector left = yv.mul(yv.neg().add(1.0));                        // y(1 − y), x ≤ 0
            DoubleVector e = xv.neg().lanewise(VectorOperators.EXP);
            DoubleVector t = e.add(1.0);
            DoubleVector right = e.div(t.mul(t));                                 // e/(1+e)², x > 0
            right.blend(left, xv.compare(VectorOperators.LE, 0.0)).intoArray(d, j);
        }
        for (; j < n; j++) {
            d[j] = Activations.sigmoidDerivative(x[j], y[j]);
        }
    }

    @Override
    public void exponential(double[] x, double[] y, int n) {
        int j = 0;
        for (; j + V <= n; j += V) {
            DoubleVector.fromArray(S, x, j).lanewise(VectorOperators.EXP).intoArray(y, j);
        }
        for (; j < n; j++) {
            y[j] = Activations.exponential(x[j]);
        }
    }
}
