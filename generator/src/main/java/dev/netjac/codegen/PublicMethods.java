package dev.netjac.codegen;

import static dev.netjac.codegen.ClassFields.ROW;
import static dev.netjac.codegen.ClassFields.ROWS;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import dev.netjac.runtime.Checks;
import dev.netjac.runtime.WeightSet;
import dev.netjac.spec.Limits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * The generated class's public face, the {@link dev.netjac.runtime.Network} methods: constructors, sizes and
 * shapes, forward, jacobian, the batch forms, vjp and jvp. Each checks its arguments, then runs the private
 * drivers ({@code evaluate}, {@code derivatives}, {@code pullBack}, {@code pushForward}); the Jacobian itself
 * is {@link JacobianAt}'s.
 */
final class PublicMethods {
    /** Inputs per block in forwardBatch: rows that share each pass over the weights. */
    static final int BATCH_BLOCK = 16;

    private PublicMethods() {}

    static ParameterSpec row(String name) {
        return ParameterSpec.builder(ROW, name).build();
    }

    /** The bundled-weights and the given-weights constructors. */
    static List<MethodSpec> constructors(ClassName self, ClassName weightsType) {
        return List.of(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PUBLIC)
                        .addJavadoc("An instance over the weights bundled beside this class as the resource {@code $L.weights},\n"
                                + "read once and shared by every instance. A missing resource throws the runtime's\n"
                                + "{@code WeightsResourceException}; the next call tries again.\n", self.simpleName())
                        .addStatement("this($T.get())", self.nestedClass("Bundled"))
                        .build(),
                MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PUBLIC)
                        .addJavadoc("An instance over {@code weights}, which must hold this network's tensors.\n")
                        .addParameter(WeightSet.class, "weights")
                        .addStatement("this(new $T(weights))", weightsType)
                        .build());
    }

    /** inputSize, outputSize, inputShape, outputShape and newInstance. */
    static List<MethodSpec> accessors(ClassName self, int[] inputShape, int[] outputShape) {
        return List.of(getter("inputSize", TypeName.INT, CodeBlock.of("return INPUT_SIZE")),
                getter("outputSize", TypeName.INT, CodeBlock.of("return OUTPUT_SIZE")),
                getter("inputShape", ArrayTypeName.of(int.class), shapeLiteral(inputShape)),
                getter("outputShape", ArrayTypeName.of(int.class), shapeLiteral(outputShape)),
                getter("newInstance", self, CodeBlock.of("return new $T(weights)", self)));
    }

    private static MethodSpec getter(String name, TypeName type, CodeBlock body) {
        return MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(type)
                .addStatement(body)
                .build();
    }

    private static CodeBlock shapeLiteral(int[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return CodeBlock.of("return new int[] {$L}", sb.toString());
    }

    /** A public override with the given {@code double[]} parameters. */
    private static MethodSpec.Builder override(String name, String... rows) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC);
        for (String parameter : rows) {
            method.addParameter(row(parameter));
        }
        return method;
    }

    static MethodSpec forward(String output) {
        return override("forward", "x", "y")
                .addStatement("$T.length($S, x, INPUT_SIZE)", Checks.class, "x")
                .addStatement("$T.length($S, y, OUTPUT_SIZE)", Checks.class, "y")
                .addStatement("evaluate(x)")
                .addStatement("$T.arraycopy($L, 0, y, 0, OUTPUT_SIZE)", System.class, output)
                .build();
    }

    /**
     * jacobian(x, y, jac); for a model whose M·N entries no Java array holds, a method that says so (forward,
     * vjp and jvp still work, and are what such a model is used through).
     */
    static MethodSpec jacobian(long entries) {
        if (entries > Limits.MAX_JACOBIAN_ENTRIES) {
            return tooLarge(override("jacobian", "x", "y", "jac"), entries);
        }
        return override("jacobian", "x", "y", "jac")
                .addStatement("$T.length($S, x, INPUT_SIZE)", Checks.class, "x")
                .addStatement("$T.length($S, y, OUTPUT_SIZE)", Checks.class, "y")
                .addStatement("$T.length($S, jac, OUTPUT_SIZE * INPUT_SIZE)", Checks.class, "jac")
                .addStatement("jacobianAt(x, y, 0, jac, 0)")
                .build();
    }

    static MethodSpec forwardBatch(String outputRows) {
        return override("forwardBatch", "xs", "ys")
                .addParameter(int.class, "count")
                .addStatement("$T.batch($S, xs, count, INPUT_SIZE)", Checks.class, "xs")
                .addStatement("$T.batch($S, ys, count, OUTPUT_SIZE)", Checks.class, "ys")
                .beginControlFlow("if (batchIn == null)")
                .addStatement("allocateBatchBuffers()")
                .endControlFlow()
                .beginControlFlow("for (int start = 0; start < count; start += $L)", BATCH_BLOCK)
                .addStatement("int rows = $T.min($L, count - start)", Math.class, BATCH_BLOCK)
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("$T.arraycopy(xs, (start + r) * INPUT_SIZE, batchIn[r], 0, INPUT_SIZE)", System.class)
                .endControlFlow()
                .addStatement("evaluateRows(rows)")
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("$T.arraycopy($L[r], 0, ys, (start + r) * OUTPUT_SIZE, OUTPUT_SIZE)", System.class, outputRows)
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    static MethodSpec jacobianBatch(long entries) {
        if (entries > Limits.MAX_JACOBIAN_ENTRIES) {
            return tooLarge(override("jacobianBatch", "xs", "ys", "jacs").addParameter(int.class, "count"), entries);
        }
        return override("jacobianBatch", "xs", "ys", "jacs")
                .addParameter(int.class, "count")
                .addStatement("$T.batch($S, xs, count, INPUT_SIZE)", Checks.class, "xs")
                .addStatement("$T.batch($S, ys, count, OUTPUT_SIZE)", Checks.class, "ys")
                .addStatement("$T.batch($S, jacs, count, (long) OUTPUT_SIZE * INPUT_SIZE)", Checks.class, "jacs")
                .beginControlFlow("for (int b = 0; b < count; b++)")
                .addStatement("$T.arraycopy(xs, b * INPUT_SIZE, sampleX, 0, INPUT_SIZE)", System.class)
                .addStatement("jacobianAt(sampleX, ys, b * OUTPUT_SIZE, jacs, b * OUTPUT_SIZE * INPUT_SIZE)")
                .endControlFlow()
                .build();
    }

    /** vjp (reverse: v of OUTPUT_SIZE pulled back) or jvp (forward: u of INPUT_SIZE pushed forward). */
    static MethodSpec vectorProduct(boolean reverse, Propagation propagation) {
        String seed = reverse ? "v" : "u";
        String from = reverse ? "OUTPUT_SIZE" : "INPUT_SIZE";
        String to = reverse ? "INPUT_SIZE" : "OUTPUT_SIZE";
        return override(reverse ? "vjp" : "jvp", "x", seed, "out")
                .addStatement("$T.length($S, x, INPUT_SIZE)", Checks.class, "x")
                .addStatement("$T.length($S, $L, $L)", Checks.class, seed, seed, from)
                .addStatement("$T.length($S, out, $L)", Checks.class, "out", to)
                .addStatement("evaluate(x)")
                .addStatement("derivatives(x)")
                .addStatement("$T.arraycopy($L, 0, vectors[0][0], 0, $L)", System.class, seed, from)
                .addStatement("$L(x, vectors, 1)", reverse ? "pullBack" : "pushForward")
                .addStatement("$T.arraycopy(vectors[$L][0], 0, out, 0, $L)", System.class, propagation.result(), to)
                .build();
    }

    // ---- private helpers the public methods share ----

    private static MethodSpec tooLarge(MethodSpec.Builder method, long entries) {
        return method.addStatement("throw new $T($S)", UnsupportedOperationException.class, String.format(Locale.ROOT,
                        "the Jacobian of this model has %,d entries, more than one Java array holds; use vjp or jvp",
                        entries))
                .build();
    }

    static MethodSpec seedIdentity() {
        return MethodSpec.methodBuilder("seedIdentity")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addJavadoc("Sets the first {@code size} rows of {@code rows} to the identity.\n")
                .addParameter(ROWS, "rows")
                .addParameter(int.class, "size")
                .beginControlFlow("for (int i = 0; i < size; i++)")
                .addStatement("$T.fill(rows[i], 0, size, 0.0)", Arrays.class)
                .addStatement("rows[i][i] = 1.0")
                .endControlFlow()
                .build();
    }

    /** addRows and copyRows, where some propagation calls them. */
    static List<MethodSpec> rowHelpers(List<Propagation> used) {
        boolean adds = false;
        boolean copies = false;
        for (Propagation p : used) {
            adds |= p.addsRows();
            copies |= p.copiesRows();
        }
        List<MethodSpec> helpers = new ArrayList<>();
        if (adds) {
            helpers.add(rowsHelper("addRows", "Adds the first {@code width} values of each row of {@code from} to {@code to}: where a value\n"
                    + "fans out, its cotangent is the sum of its readers' contributions.\n", "to[r][j] += from[r][j]"));
        }
        if (copies) {
            helpers.add(rowsHelper("copyRows", "Copies the first {@code width} values of each row of {@code from} to {@code to}.\n",
                    "to[r][j] = from[r][j]"));
        }
        return helpers;
    }

    private static MethodSpec rowsHelper(String name, String doc, String statement) {
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addJavadoc(doc)
                .addParameter(ROWS, "from")
                .addParameter(ROWS, "to")
                .addParameter(int.class, "width")
                .addParameter(int.class, "rows")
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .beginControlFlow("for (int j = 0; j < width; j++)")
                .addStatement(statement)
                .endControlFlow()
                .endControlFlow()
                .build();
    }
}
