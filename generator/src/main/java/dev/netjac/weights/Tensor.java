package dev.netjac.weights;

import java.util.Arrays;

/** An immutable dense array of doubles with a shape, stored in row-major (C) order. */
public final class Tensor {
    private final int[] shape;
    private final double[] data;

    private Tensor(int[] shape, double[] data) {
        this.shape = shape;
        this.data = data;
    }

    /** Wraps {@code data} (row-major) without copying; the caller gives up ownership of the array. */
    public static Tensor of(int[] shape, double[] data) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + size + " values, got " + data.length);
        }
        return new Tensor(shape.clone(), data);
    }

    public int rank() {
        return shape.length;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return data.length;
    }

    /** The value at flat row-major index {@code i}. */
    public double get(int i) {
        return data[i];
    }

    /** A copy of the values in row-major order. */
    public double[] toArray() {
        return data.clone();
    }

    /** The shape as Python prints it, e.g. {@code (100, 10)} or {@code (5,)}: the form used in error messages. */
    public String shapeString() {
        return shapeString(shape);
    }

    /** The multi-index of flat (row-major) position {@code flat} in {@code shape}, written like a shape: "(1, 2)". */
    public static String indexString(int[] shape, int flat) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return shapeString(index);
    }

    public static String shapeString(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }

    /** The transpose of a rank-2 tensor. */
    public Tensor transpose2d() {
        if (shape.length != 2) {
            throw new IllegalStateException("transpose2d needs rank 2, have shape " + shapeString());
        }
        int rows = shape[0];
        int cols = shape[1];
        double[] t = new double[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = data[r * cols + c];
            }
        }
        return new Tensor(new int[] {cols, rows}, t);
    }

    @Override
    public String toString() {
        return "Tensor" + shapeString();
    }
}
