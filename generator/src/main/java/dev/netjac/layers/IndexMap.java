package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.codegen.Literals;
import dev.netjac.graph.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A layer whose every output is one input value or a constant: transpose, slice, pad, broadcast, patches. Its
 * Jacobian is a selection, at most one 1 per row, so it is stated by one table, the source of each output (an
 * input position, or {@link #CONSTANT}), from which the base class derives everything: the reference math,
 * the cost, and generated code in which a tangent row is a gather and a cotangent row a scatter.
 *
 * <p>The table is stored in the weights resource, never as a literal, in the more compact of two forms:
 * <ul>
 *   <li>runs, where outputs mostly come in runs reading consecutive inputs (a slice or crop keeps whole rows, a
 *       transpose that keeps the last axis moves whole rows, patches move whole channel vectors): triples
 *       (output start, input start, length), and each run is one {@code System.arraycopy};</li>
 *   <li>elements otherwise (a transpose that moves the last axis): one source per output, and loops of
 *       {@code o[k] = a[source[k]]}.</li>
 * </ul>
 * A cotangent row is a plain scatter where the map is injective (each input feeds at most one output) and a
 * scatter-add otherwise (broadcast, overlapping patches), onto zeros unless every input is read.
 */
public abstract class IndexMap extends Layer {
    /** The source of an output that holds the constant {@link #fill()} instead of an input value. */
    protected static final int CONSTANT = -1;
    /** Runs are used when they are this long on average: below it a per-element table is as compact and simpler. */
    static final int MIN_MEAN_RUN = 4;

    private final int[] sources;
    private final double fill;
    private final int selected;
    private final boolean injective;
    private final boolean surjective;
    private final int[] runs; // (output start, input start, length) triples, or null for the element form

    /**
     * @param sources for each output position (row-major), the input position it copies, or {@link #CONSTANT}
     * @param fill the value of the constant outputs (a pad value; may be infinite)
     */
    protected IndexMap(String id, int[] inputShape, int[] outputShape, int[] sources, double fill) {
        super(id, inputShape, outputShape);
        if (sources.length != outputSize()) {
            throw new IllegalArgumentException(id + ": " + sources.length + " sources for " + outputSize() + " outputs");
        }
        this.sources = sources.clone();
        this.fill = fill;
        int[] uses = new int[inputSize()];
        int count = 0;
        for (int s : sources) {
            if (s != CONSTANT) {
                uses[s]++;
                count++;
            }
        }
        this.selected = count;
        boolean once = true;
        boolean all = true;
        for (int u : uses) {
            once &= u <= 1;
            all &= u >= 1;
        }
        this.injective = once;
        this.surjective = all;
        int[] r = runsOf(sources);
        this.runs = r.length / 3 * MIN_MEAN_RUN <= selected ? r : null;
    }

    /** Maximal runs of outputs that read consecutive inputs, as (output start, input start, length) triples. */
    private static int[] runsOf(int[] sources) {
        List<Integer> triples = new ArrayList<>();
        for (int o = 0; o < sources.length; ) {
            if (sources[o] == CONSTANT) {
                o++;
                continue;
            }
            int length = 1;
            while (o + length < sources.length && sources[o + length] == sources[o] + length) {
                length++;
            }
            triples.add(o);
            triples.add(sources[o]);
            triples.add(length);
            o += length;
        }
        return triples.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The value of the constant outputs. */
    public final double fill() {
        return fill;
    }

    /** True when some output is the constant rather than an input value. */
    public final boolean hasConstants() {
        return selected < outputSize();
    }

    /** True when the generated code stores runs, false when it stores one source per output. */
    public final boolean usesRuns() {
        return runs != null;
    }

    // ---- Helpers for subclasses, which compute their tables from shapes ----

    /** How an output's multi-index maps to its source: an input position or {@link #CONSTANT}. */
    protected interface Source {
        int of(int[] outputIndex);
    }

    /** The source table over every output multi-index of {@code outputShape}, in row-major order. */
    protected static int[] table(int[] outputShape, Source source) {
        int[] table = new int[Shapes.size(outputShape)];
        int[] index = new int[outputShape.length];
        for (int flat = 0; flat < table.length; flat++) {
            table[flat] = source.of(index);
            for (int a = outputShape.length - 1; a >= 0; a--) {
                if (++index[a] < outputShape[a]) {
                    break;
                }
                index[a] = 0;
            }
        }
        return table;
    }

    /** Row-major strides of {@code shape}: how far one step along each axis moves in the flat order. */
    protected static int[] strides(int[] shape) {
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int a = shape.length - 1; a >= 0; a--) {
            strides[a] = stride;
            stride *= shape[a];
        }
        return strides;
    }

    // ---- Reference ----

    @Override
    public final void forward(double[] x, double[] y) {
        for (int o = 0; o < sources.length; o++) {
            y[o] = sources[o] == CONSTANT ? fill : x[sources[o]];
        }
    }

    @Override
    public final double[][] jacobian(double[] x, double[] y) {
        double[][] jac = new double[outputSize()][inputSize()];
        for (int o = 0; o < sources.length; o++) {
            if (sources[o] != CONSTANT) {
                jac[o][sources[o]] = 1.0;
            }
        }
        return jac;
    }

    // ---- Cost: one copy per selected output, for a row and for the forward pass ----

    @Override
    public final long rowCost() {
        return selected;
    }

    @Override
    public final long forwardCost() {
        return selected;
    }

    // ---- Generated code ----

    private String tableField() {
        return id() + (runs != null ? "Runs" : "Source");
    }

    @Override
    public final void declare(Members members) {
        if (runs != null) {
            members.indexTable(tableField(), id() + ".runs", runs);
        } else {
            members.indexTable(tableField(), id() + ".source", sources);
        }
    }

    @Override
    public final CodeBlock forwardCode() {
        return gather("x", "y", Literals.of(fill));
    }

    @Override
    public final CodeBlock tangentCode() {
        return CodeBlock.builder()
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .add(gather("in[r]", "out[r]", "0.0"))
                .endControlFlow()
                .build();
    }

    /** dst[o] = src[source(o)], or {@code constant} where the output is a constant. */
    private CodeBlock gather(String src, String dst, String constant) {
        CodeBlock.Builder code = CodeBlock.builder()
                .addStatement("double[] a = $L", src)
                .addStatement("double[] o = $L", dst)
                .addStatement("int[] t = $L", tableField());
        if (runs != null) {
            if (hasConstants()) {
                code.addStatement("$T.fill(o, 0, $L, $L)", Arrays.class, outputSize(), constant);
            }
            return code.add("// each run: (output start, input start, length)\n")
                    .beginControlFlow("for (int k = 0; k < $L; k += 3)", runs.length)
                    .addStatement("$T.arraycopy(a, t[k + 1], o, t[k], t[k + 2])", System.class)
                    .endControlFlow()
                    .build();
        }
        code.beginControlFlow("for (int k = 0; k < $L; k++)", outputSize());
        if (hasConstants()) {
            code.addStatement("int s = t[k]").addStatement("o[k] = s < 0 ? $L : a[s]", constant);
        } else {
            code.addStatement("o[k] = a[t[k]]");
        }
        return code.endControlFlow().build();
    }

    /** out[source(o)] (+)= in[o]: the transpose of the gather, onto zeros unless every input is read. */
    @Override
    public final CodeBlock cotangentCode() {
        CodeBlock.Builder code = CodeBlock.builder()
                .addStatement("int[] t = $L", tableField())
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("double[] a = in[r]")
                .addStatement("double[] o = out[r]");
        if (!(injective && surjective)) {
            code.addStatement("$T.fill(o, 0, $L, 0.0)", Arrays.class, inputSize());
        }
        if (runs != null) {
            code.beginControlFlow("for (int k = 0; k < $L; k += 3)", runs.length);
            if (injective) {
                code.addStatement("$T.arraycopy(a, t[k], o, t[k + 1], t[k + 2])", System.class);
            } else {
                code.addStatement("int from = t[k]")
                        .addStatement("int to = t[k + 1]")
                        .beginControlFlow("for (int i = 0; i < t[k + 2]; i++)")
                        .addStatement("o[to + i] += a[from + i]")
                        .endControlFlow();
            }
            code.endControlFlow();
        } else {
            code.beginControlFlow("for (int k = 0; k < $L; k++)", outputSize());
            String op = injective ? "=" : "+=";
            if (hasConstants()) {
                code.addStatement("int s = t[k]")
                        .beginControlFlow("if (s >= 0)")
                        .addStatement("o[s] $L a[k]", op)
                        .endControlFlow();
            } else {
                code.addStatement("o[t[k]] $L a[k]", op);
            }
            code.endControlFlow();
        }
        return code.endControlFlow().build();
    }
}
