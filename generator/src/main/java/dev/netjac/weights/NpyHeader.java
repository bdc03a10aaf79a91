package dev.netjac.weights;

import dev.netjac.NetjacException;
import dev.netjac.UserText;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The meaning of a .npy header dict such as {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }}.
 *
 * <p>Parsing is separate from reading the data so that every check that protects the reader (a float dtype,
 * a sane shape) happens before any data byte is touched or any array is allocated.
 */
final class NpyHeader {
    private static final String EXPECTED_DTYPE = "expected a float16/float32/float64 array";

    final FloatType type;
    final ByteOrder order;
    final boolean fortranOrder;
    final int[] shape;
    final int elementCount;

    private NpyHeader(FloatType type, ByteOrder order, boolean fortranOrder, int[] shape) {
        this.type = type;
        this.order = order;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
        this.elementCount = Shapes.elementCount(shape);
    }

    /** Bytes of array data that must follow the header. */
    long dataBytes() {
        return (long) elementCount * type.itemSize();
    }

    /** E.g. {@code header shape (500, 100) float64 needs 400000 data bytes}: the first half of size messages. */
    String dataNeeds() {
        return "header shape " + Tensor.shapeString(shape) + " " + type.displayName() + " needs " + dataBytes()
                + " data bytes";
    }

    /** Parses and checks the header text; problems are reported as {@code <source>: header: ...}. */
    static NpyHeader parse(String text, String source) {
        Object parsed;
        try {
            parsed = PyLiteral.parse(text);
        } catch (PyLiteral.SyntaxError e) {
            throw fail(source, "cannot parse the header dict at character " + e.position + ": " + e.getMessage()
                    + "; header is " + UserText.quote(text.strip(), 200));
        }
        if (!(parsed instanceof Map)) {
            throw fail(source, "expected a dict with keys 'descr', 'fortran_order' and 'shape', found "
                    + UserText.quote(text.strip(), 200));
        }
        Map<?, ?> dict = (Map<?, ?>) parsed;
        Object descr = require(dict, "descr", source);
        Object fortran = require(dict, "fortran_order", source);
        Object shape = require(dict, "shape", source);

        if (!(descr instanceof String)) {
            String kind = descr instanceof List ? "a structured dtype " : "descr ";
            throw fail(source, EXPECTED_DTYPE + ", found " + kind + abbreviate(PyLiteral.repr(descr)));
        }
        String dtype = (String) descr;
        FloatType type = floatType(dtype, source);
        ByteOrder order = dtype.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;

        if (!(fortran instanceof Boolean)) {
            throw fail(source, "'fortran_order': expected True or False, found " + abbreviate(PyLiteral.repr(fortran)));
        }
        return new NpyHeader(type, order, (Boolean) fortran, shape(shape, source));
    }

    private static Object require(Map<?, ?> dict, String key, String source) {
        Object value = dict.get(key);
        if (value == null) {
            throw fail(source, "expected a dict with keys 'descr', 'fortran_order' and 'shape', found no '" + key
                    + "' in " + abbreviate(PyLiteral.repr(dict)));
        }
        return value;
    }

    /**
     * Maps a numpy type string to a float type. Byte-order marks '|' and '=' (and none) mean native order;
     * numpy itself always writes '<' or '>' for multi-byte types, and files without one come from
     * little-endian machines in practice, so they are read as little-endian.
     */
    private static FloatType floatType(String descr, String source) {
        String body = descr;
        if (!body.isEmpty() && "<>|=".indexOf(body.charAt(0)) >= 0) {
            body = body.substring(1);
        }
        String found = EXPECTED_DTYPE + ", found dtype " + PyLiteral.repr(descr);
        if (body.isEmpty()) {
            throw fail(source, found);
        }
        switch (body) {
            case "f2":
                return FloatType.FLOAT16;
            case "f4":
                return FloatType.FLOAT32;
            case "f8":
                return FloatType.FLOAT64;
            default:
                break;
        }
        switch (body.charAt(0)) {
            case 'i':
            case 'u':
                throw fail(source, found + " (integers); convert with arr.astype(numpy.float64) before saving");
            case 'b':
            case '?':
                throw fail(source, found + " (booleans); convert with arr.astype(numpy.float64) before saving");
            case 'O':
                throw fail(source, found + " (an object array, which needs pickle); save a float array instead");
            case 'U':
            case 'S':
            case 'a':
                throw fail(source, found + " (strings)");
            case 'c':
                throw fail(source, found + " (complex numbers)");
            case 'V':
                throw fail(source, found + " (raw or structured records)");
            case 'M':
            case 'm':
                throw fail(source, found + " (dates or times)");
            case 'f':
                throw fail(source, found + " (an unsupported float width)");
            default:
                throw fail(source, found);
        }
    }

    private static int[] shape(Object shape, String source) {
        List<?> items;
        if (shape instanceof PyLiteral.Tuple) {
            items = ((PyLiteral.Tuple) shape).items;
        } else if (shape instanceof List) {
            items = (List<?>) shape;
        } else {
            throw fail(source, "'shape': expected a tuple of integers, found " + abbreviate(PyLiteral.repr(shape)));
        }
        if (items.size() > 64) {
            throw fail(source, "'shape': expected at most 64 dimensions (as numpy allows), found " + items.size());
        }
        List<BigInteger> dims = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof BigInteger)) {
                throw fail(source, "'shape': expected a tuple of integers, found " + abbreviate(PyLiteral.repr(shape)));
            }
            dims.add((BigInteger) item);
        }
        return Shapes.checked(dims, source, "header");
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static NetjacException fail(String source, String detail) {
        return Messages.fail(source, "header: " + detail);
    }
}
