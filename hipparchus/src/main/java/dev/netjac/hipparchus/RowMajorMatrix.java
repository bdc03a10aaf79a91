package dev.netjac.hipparchus;

import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.linear.AbstractRealMatrix;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.RealMatrix;

/**
 * A Hipparchus matrix over a flat row-major {@code double[]}, the layout netjac's {@code jacobian} writes:
 * entry (i, j) is {@code data[i * columns + j]}. Wrapping the array the network wrote avoids copying the
 * Jacobian into {@code double[][]} rows on every evaluation.
 */
final class RowMajorMatrix extends AbstractRealMatrix {
    private final int rows;
    private final int columns;
    private final double[] data;

    /** Wraps {@code data} (not copied) as a {@code rows} × {@code columns} matrix. */
    RowMajorMatrix(int rows, int columns, double[] data) {
        if (data.length != (long) rows * columns) {
            throw new IllegalArgumentException("expected " + rows + " x " + columns + " = " + (long) rows * columns
                    + " values, found " + data.length);
        }
        this.rows = rows;
        this.columns = columns;
        this.data = data;
    }

    @Override
    public int getRowDimension() {
        return rows;
    }

    @Override
    public int getColumnDimension() {
        return columns;
    }

    @Override
    public RealMatrix createMatrix(int rowDimension, int columnDimension) throws MathIllegalArgumentException {
        return new Array2DRowRealMatrix(rowDimension, columnDimension);
    }

    @Override
    public RealMatrix copy() {
        return new RowMajorMatrix(rows, columns, data.clone());
    }

    @Override
    public double getEntry(int row, int column) {
        return data[index(row, column)];
    }

    @Override
    public void setEntry(int row, int column, double value) {
        data[index(row, column)] = value;
    }

    @Override
    public void addToEntry(int row, int column, double increment) {
        data[index(row, column)] += increment;
    }

    @Override
    public void multiplyEntry(int row, int column, double factor) {
        data[index(row, column)] *= factor;
    }

    /** The rows as new arrays; overridden because solvers call it on every iteration (one copy, no index checks). */
    @Override
    public double[][] getData() {
        double[][] out = new double[rows][columns];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(data, i * columns, out[i], 0, columns);
        }
        return out;
    }

    private int index(int row, int column) {
        if (row < 0 || row >= rows || column < 0 || column >= columns) {
            throw new IndexOutOfBoundsException("entry (" + row + ", " + column + ") of a " + rows + " x " + columns
                    + " matrix");
        }
        return row * columns + column;
    }
}
