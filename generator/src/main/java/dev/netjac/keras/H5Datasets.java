package dev.netjac.keras;

import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.spec.Limits;
import dev.netjac.weights.ExpectedSize;
import dev.netjac.weights.Tensor;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.message.DataLayout;

/**
 * Reads HDF5 datasets and attributes of a Keras file into netjac's types, checking before any data is read that
 * a dataset is floating point (16, 32 or 64 bits) and that the size its shape claims is plausible: within
 * netjac's parameter limit, and for contiguous storage, held by the file. Any failure of the HDF5 library on a
 * damaged file becomes a one-line message naming the file and the dataset.
 */
final class H5Datasets {
    /**
     * A compressed (chunked) dataset above 1 MiB may claim at most this many times the bytes it occupies: trained
     * weights compress by 1.1x at best, while gzip turns zeros into a 1000x bomb.
     */
    private static final long MAX_COMPRESSION_RATIO = 100;

    private H5Datasets() {}

    /**
     * The dataset's values as a tensor, checked as described above and against what the layer {@code expected};
     * {@code fileSize}: the HDF5 file's length.
     */
    static Tensor read(Dataset dataset, long fileSize, String where, ExpectedSize expected) {
        String name = UserText.quote(dataset.getPath());
        int[] shape;
        long count;
        int width;
        try {
            if (!(dataset.getDataType() instanceof FloatingPoint)) {
                throw new NetjacException(where + ": HDF5 dataset " + name + " holds " + dataset.getJavaType().getSimpleName()
                        + " values; expected float16, float32 or float64 weights");
            }
            width = dataset.getDataType().getSize();
            shape = dataset.isScalar() ? new int[0] : dataset.getDimensions();
            count = 1;
            for (int d : shape) {
                if (d < 0 || d > Limits.MAX_DIMENSION) {
                    throw new NetjacException(where + ": HDF5 dataset " + name + " claims shape " + Tensor.shapeString(shape)
                            + "; expected dimensions up to " + Limits.MAX_DIMENSION);
                }
                count *= d;
                if (count > Limits.MAX_PARAMETERS) {
                    throw new NetjacException(where + ": HDF5 dataset " + name + " claims shape " + Tensor.shapeString(shape)
                            + ", more than the " + Limits.MAX_PARAMETERS + " values a model may have");
                }
            }
            if (width != 2 && width != 4 && width != 8) {
                throw new NetjacException(where + ": HDF5 dataset " + name + " holds " + (8 * width)
                        + "-bit floating point values; expected float16, float32 or float64");
            }
            expected.check(shape, "float" + (8 * width), where + ": HDF5 dataset " + name);
            checkStorage(dataset, count * width, fileSize, where, name, shape);
        } catch (NetjacException e) {
            throw e;
        } catch (RuntimeException e) {
            throw damaged(where, "dataset " + name, e);
        }
        Object flat;
        try {
            flat = dataset.getDataFlat();
        } catch (RuntimeException e) {
            throw damaged(where, "dataset " + name, e);
        }
        double[] values = new double[(int) count];
        if (flat instanceof double[] doubles && doubles.length == count) {
            System.arraycopy(doubles, 0, values, 0, values.length);
        } else if (flat instanceof float[] floats && floats.length == count) {
            for (int i = 0; i < values.length; i++) {
                values[i] = floats[i];
            }
        } else {
            throw new NetjacException(where + ": HDF5 dataset " + name + " could not be read as " + count
                    + " floating point values");
        }
        return Tensor.of(shape, values);
    }

    private static void checkStorage(Dataset dataset, long claimed, long fileSize, String where, String name, int[] shape) {
        long stored = dataset.getStorageInBytes();
        String claim = "claims shape " + Tensor.shapeString(shape) + " of " + (8 * dataset.getDataType().getSize())
                + "-bit values (" + claimed + " bytes)";
        if (dataset.getDataLayout() == DataLayout.CONTIGUOUS && dataset instanceof ContiguousDataset contiguous) {
            long address = contiguous.getDataAddress();
            if (claimed > 0 && (stored < claimed || address < 0 || address > fileSize || claimed > fileSize - address)) {
                throw new NetjacException(where + ": HDF5 dataset " + name + " " + claim + " but the file holds "
                        + (address < 0 || address > fileSize ? 0 : Math.min(stored, fileSize - address)) + " bytes for it; truncated or damaged file");
            }
        } else if (dataset.getDataLayout() == DataLayout.CHUNKED && claimed > Math.max(1L << 20, stored * MAX_COMPRESSION_RATIO)) {
            throw new NetjacException(where + ": HDF5 dataset " + name + " " + claim + " from " + stored
                    + " stored bytes; refusing a compression ratio above " + MAX_COMPRESSION_RATIO);
        } else if (dataset.getDataLayout() == DataLayout.COMPACT && claimed > stored) {
            throw new NetjacException(where + ": HDF5 dataset " + name + " " + claim + " but holds " + stored + " bytes");
        }
    }

    /** A string attribute (h5py writes str as variable-length and bytes as fixed-length strings), or null if absent. */
    static String stringAttribute(Node node, String attribute, String file) {
        try {
            Attribute a = node.getAttribute(attribute);
            if (a == null) {
                return null;
            }
            Object data = a.getData();
            if (data instanceof String s) {
                return s;
            }
            if (data instanceof String[] array && array.length == 1) {
                return array[0];
            }
            throw new NetjacException(file + ": HDF5 attribute " + UserText.quote(attribute) + " of " + UserText.quote(node.getPath())
                    + " holds " + data.getClass().getSimpleName() + "; expected a string");
        } catch (NetjacException e) {
            throw e;
        } catch (RuntimeException e) {
            throw damaged(file, "attribute " + UserText.quote(attribute), e);
        }
    }

    /** A string-list attribute (Keras's {@code layer_names}, {@code weight_names}), or null if absent. */
    static String[] stringsAttribute(Node node, String attribute, String file) {
        try {
            Attribute a = node.getAttribute(attribute);
            if (a == null) {
                return null;
            }
            Object data = a.getData();
            if (data instanceof String[] array) {
                return array;
            }
            if (data instanceof String s) {
                return new String[] {s};
            }
            if (a.isEmpty()) {
                return new String[0];
            }
            throw new NetjacException(file + ": HDF5 attribute " + UserText.quote(attribute) + " of " + UserText.quote(node.getPath())
                    + " holds " + data.getClass().getSimpleName() + "; expected a list of strings");
        } catch (NetjacException e) {
            throw e;
        } catch (RuntimeException e) {
            throw damaged(file, "attribute " + UserText.quote(attribute), e);
        }
    }

    static NetjacException damaged(String where, String what, RuntimeException e) {
        return new NetjacException(where + ": cannot read HDF5 " + what + ": truncated or damaged file ("
                + UserText.quote(String.valueOf(e.getMessage()), 160) + ")", e);
    }
}
