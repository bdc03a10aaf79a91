package dev.netjac.spark;

import dev.netjac.NetjacException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;

/**
 * The column that holds each row's network input: {@code array<double>} (or {@code array<float>}) of N values,
 * in the model's own flattening order (NHWC for Keras images). Checked on the driver against the schema; a
 * row's length is checked as it is read.
 */
final class FeatureColumn {
    private static final List<DataType> ELEMENTS = Arrays.asList(DataTypes.DoubleType, DataTypes.FloatType);

    private FeatureColumn() {}

    /** The column's index in {@code schema}, or a one-line NetjacException naming what is wrong. */
    static int check(StructType schema, String column, NetjacModel model) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new NetjacException(model.name() + ": features column '" + column + "' not found, columns are "
                    + Arrays.toString(schema.fieldNames()));
        }
        int index = schema.fieldIndex(column);
        DataType type = schema.fields()[index].dataType();
        if (!(type instanceof ArrayType) || !ELEMENTS.contains(((ArrayType) type).elementType())) {
            throw new NetjacException(model.name() + ": features column '" + column + "' has type "
                    + type.simpleString() + ", expected array<double> (or array<float>) of " + model.inputSize() + " values");
        }
        return index;
    }

    /**
     * Copies one row's features into {@code to} at {@code offset}; false for a null array (the row's results
     * are then null, as SQL functions do).
     */
    static boolean read(Object value, double[] to, int offset, int n, String column, String model) {
        if (value == null) {
            return false;
        }
        Seq<?> seq = (Seq<?>) value;
        int length = seq.length();
        if (length != n) {
            throw new NetjacException(model + ": features column '" + column + "' holds a row of " + length
                    + " values, expected " + n);
        }
        for (int j = 0; j < n; j++) {
            Object v = seq.apply(j);
            if (v == null) {
                throw new NetjacException(model + ": features column '" + column + "' holds a row with null at "
                        + j + ", expected " + n + " numbers");
            }
            to[offset + j] = ((Number) v).doubleValue();
        }
        return true;
    }
}
