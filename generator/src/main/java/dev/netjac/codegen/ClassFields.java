package dev.netjac.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.netjac.layers.Members;
import dev.netjac.runtime.Kernels;
import dev.netjac.runtime.WeightSet;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The fields of a generated class and the weights resource behind them. Weights live in a nested
 * {@code Weights} class, immutable and shared by every instance, loaded either from the resource beside the
 * class (the nested {@code Bundled} holder) or from a {@link WeightSet} handed to the constructor; each
 * instance copies their references and owns its scratch. Fields are collected in declaration order, which
 * makes the output deterministic.
 */
final class ClassFields implements Members {
    static final TypeName ROW = ArrayTypeName.of(double.class);
    static final TypeName ROWS = ArrayTypeName.of(ROW);
    static final TypeName POOL = ArrayTypeName.of(ROWS);
    /** The generated method that allocates the full Jacobian's scratch on the first {@code jacobian} call. */
    static final String ALLOCATE_JACOBIAN_SCRATCH = "allocateJacobianScratch";

    private final List<FieldInit> weightFields = new ArrayList<>();
    private final List<FieldInit> instanceFields = new ArrayList<>();
    private final List<FieldInit> jacobianFields = new ArrayList<>();
    private final WeightSet.Builder weightSet = WeightSet.builder();
    private final Set<String> storedKeys = new HashSet<>();

    // ---- what layers and the emitter ask for ----

    @Override
    public String weightRows(String field, String key, Tensor w) {
        weight(field, ROWS, key, w, CodeBlock.of("set.rows($S, $L, $L)", key, w.dim(0), w.dim(1)));
        return field;
    }

    @Override
    public String weightRowsTransposed(String field, String key, Tensor w) {
        weight(field, ROWS, key, w, CodeBlock.of("set.transposedRows($S, $L, $L)", key, w.dim(0), w.dim(1)));
        return field;
    }

    @Override
    public String weightVector(String field, String key, Tensor w) {
        weight(field, ROW, key, w, CodeBlock.of("set.vector($S, $L)", key, w.size()));
        return field;
    }

    /** Kept in the set as doubles (exact for ints), turned back into an {@code int[]} when the class loads. */
    @Override
    public String indexTable(String field, String key, int[] values) {
        double[] data = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            data[k] = values[k];
        }
        weight(field, ArrayTypeName.of(int.class), key, Tensor.of(new int[] {values.length}, data),
                CodeBlock.of("set.indices($S, $L)", key, values.length));
        return field;
    }

    /** Buffers are padded to a multiple of 8 values: {@link Kernels} writes whole SIMD vectors. */
    @Override
    public String scratch(String field, int size) {
        instanceFields.add(new FieldInit(ROW, field, CodeBlock.of("this.$L = new double[$L]", field, Kernels.padded(size))));
        return field;
    }

    @Override
    public String scratchRows(String field, int rows, int width) {
        instanceFields.add(new FieldInit(ROWS, field, CodeBlock.of("this.$L = new double[$L][$L]", field, rows,
                Kernels.padded(width))));
        return field;
    }

    @Override
    public String intScratch(String field, int size) {
        instanceFields.add(new FieldInit(ArrayTypeName.of(int.class), field, CodeBlock.of("this.$L = new int[$L]", field, size)));
        return field;
    }

    /** A pool of {@code count} row buffers, {@code rows} x {@code width}, for one kind of propagation. */
    void rowPool(String field, int rows, int count, int width) {
        instanceFields.add(pool(field, rows, count, width));
    }

    /**
     * Like {@link #rowPool}, but allocated by the first {@code jacobian} call: the full Jacobian's scratch can be
     * gigabytes for image-sized models that are only ever run forward or through vjp/jvp.
     */
    void jacobianRowPool(String field, int rows, int count, int width) {
        jacobianFields.add(pool(field, rows, count, width));
    }

    /** Like {@link #scratchRows}, allocated by the first {@code jacobian} call (see {@link #jacobianRowPool}). */
    void jacobianScratchRows(String field, int rows, int width) {
        jacobianFields.add(new FieldInit(ROWS, field, CodeBlock.of("this.$L = new double[$L][$L]", field, rows,
                Kernels.padded(width))));
    }

    private static FieldInit pool(String field, int rows, int count, int width) {
        return new FieldInit(POOL, field, CodeBlock.of("this.$L = new double[$L][$L][$L]", field, count, rows,
                Kernels.padded(width)));
    }

    /** A shared weight: a field of {@code Weights} filled from the set, copied by reference into each instance. */
    private void weight(String field, TypeName type, String key, Tensor tensor, CodeBlock load) {
        weightFields.add(new FieldInit(type, field, CodeBlock.of("this.$L = $L", field, load)));
        instanceFields.add(new FieldInit(type, field, CodeBlock.of("this.$L = weights.$L", field, field)));
        if (storedKeys.add(key)) {
            weightSet.put(key, tensor.shape(), tensor.toArray());
        }
    }

    // ---- what the class gets ----

    /** The tensors behind the weight fields: the resource's content. */
    WeightSet weights() {
        return weightSet.build();
    }

    /** Declares the instance fields on {@code type} and initializes them in {@code constructor}. */
    void initializeInstance(TypeSpec.Builder type, MethodSpec.Builder constructor, TypeName weightsType) {
        MethodSplitter.initialize(type, constructor, instanceFields, Modifier.PRIVATE, weightsType, "weights");
    }

    /**
     * Declares the Jacobian's scratch fields and {@link #ALLOCATE_JACOBIAN_SCRATCH}, which {@code jacobian} calls
     * while the first of them is still null.
     */
    void declareJacobianScratch(TypeSpec.Builder type) {
        MethodSpec.Builder allocate = MethodSpec.methodBuilder(ALLOCATE_JACOBIAN_SCRATCH)
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("Allocates the full Jacobian's scratch, once, on the first {@code jacobian} call.\n");
        for (FieldInit field : jacobianFields) {
            type.addField(FieldSpec.builder(field.type(), field.name(), Modifier.PRIVATE).build());
            allocate.addStatement(field.init());
        }
        type.addMethod(allocate.build());
    }

    /** The nested {@code Weights} class: the weight fields, filled once from a {@link WeightSet}. */
    TypeSpec weightsClass(ClassName self) {
        TypeSpec.Builder type = TypeSpec.classBuilder("Weights")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Immutable weights, shared by every instance. Kernels are kept as row arrays, and also\n"
                        + "transposed, so that every hot loop is an axpy over one contiguous row.\n");
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addParameter(WeightSet.class, "set")
                .addStatement("set.requireFingerprint($T.class, FINGERPRINT)", self);
        MethodSplitter.initialize(type, constructor, weightFields, null, ClassName.get(WeightSet.class), "set");
        return type.addMethod(constructor.build()).build();
    }

    /**
     * The nested {@code Bundled} holder: the resource beside {@code self}, read on first use and kept once read.
     * A method rather than a static initializer, so that a missing resource fails the constructor with the
     * runtime's {@code WeightsResourceException} and a later call tries again, instead of an
     * ExceptionInInitializerError followed by NoClassDefFoundError for the rest of the JVM's life.
     */
    static TypeSpec bundledClass(ClassName self, ClassName weightsType) {
        return TypeSpec.classBuilder("Bundled")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Holds the bundled weights; read on first use of the no-argument constructor, and\n"
                        + "read again on the next use if that failed.\n")
                .addField(FieldSpec.builder(weightsType, "weights", Modifier.PRIVATE, Modifier.STATIC).build())
                .addMethod(MethodSpec.methodBuilder("get")
                        .addModifiers(Modifier.STATIC, Modifier.SYNCHRONIZED)
                        .returns(weightsType)
                        .beginControlFlow("if (weights == null)")
                        .addStatement("weights = new $T($T.readResource($T.class, $S, FINGERPRINT))", weightsType,
                                WeightSet.class, self, self.simpleName() + ".weights")
                        .endControlFlow()
                        .addStatement("return weights")
                        .build())
                .build();
    }
}
