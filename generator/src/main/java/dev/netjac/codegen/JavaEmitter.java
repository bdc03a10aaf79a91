package dev.netjac.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.graph.Shapes;
import dev.netjac.layers.Layer;
import dev.netjac.layers.MergeLayer;
import dev.netjac.plan.JacobianPlan;
import dev.netjac.runtime.Checks;
import dev.netjac.runtime.Kernels;
import dev.netjac.runtime.Network;
import dev.netjac.runtime.WeightSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * Writes the Java class for a {@link Graph} and a {@link JacobianPlan}.
 *
 * <p>Layout of the generated class: a nested {@code Weights} class holds the immutable weights, shared by
 * all instances; each instance holds its scratch (activations, derivative vectors, two row buffers for the
 * Jacobian and two one-row buffers for vjp/jvp). Every layer gets its own small methods (forward,
 * derivative, tangent, cotangent) with sizes baked in as constants, and the public methods call them in
 * order through chunked driver methods, so no method comes near HotSpot's 8,000-byte JIT limit however deep
 * the network. Row buffers alternate between A and B across layers that cannot work in place; which buffer
 * holds a result is decided here, at generation time.
 *
 * <p>The source is Java 6 style so that both javac and Janino accept it.
 */
public final class JavaEmitter {
    /** netjac's version, written into headers. */
    public static final String VERSION = "0.1.0";

    /** Field initializations per constructor or init method (~10 bytes each). */
    static final int INITS_PER_METHOD = 300;

    /** Inputs per block in forwardBatch: rows that share each pass over the weights. */
    static final int BATCH_BLOCK = 16;

    /** Calls per driver method; each call is ~15 bytes of bytecode, so chunks stay far below 8,000 bytes. */
    static final int CALLS_PER_DRIVER = 48;

    private static final TypeName ROW = ArrayTypeName.of(double.class);
    private static final TypeName ROWS = ArrayTypeName.of(ROW);
    private static final TypeName POOL = ArrayTypeName.of(ROWS);

    private final Graph graph;
    private final JacobianPlan plan;
    private final String packageName;
    private final String className;
    private final ClassName self;
    private final ClassName weightsType;

    private final List<Field> weightFields = new ArrayList<>();
    private final List<Field> instanceFields = new ArrayList<>();
    private final WeightSet.Builder weightSet = WeightSet.builder();
    private final java.util.Set<String> storedKeys = new java.util.HashSet<>();

    private JavaEmitter(Graph graph, JacobianPlan plan, String packageName, String className) {
        this.graph = graph;
        this.plan = plan;
        this.packageName = packageName;
        this.className = className;
        this.self = ClassName.get(packageName, className);
        this.weightsType = self.nestedClass("Weights");
    }

    /**
     * Generates the class {@code packageName.className}. Both names must already be valid (see
     * {@link Identifiers}); the graph and plan are trusted to be consistent.
     */
    public static GeneratedNetwork emit(Graph graph, JacobianPlan plan, String packageName, String className) {
        if (!Identifiers.isValidClassName(className)) {
            throw new IllegalArgumentException("not a valid class name: " + className);
        }
        if (!Identifiers.isValidPackageName(packageName)) {
            throw new IllegalArgumentException("not a valid package name: " + packageName);
        }
        return new JavaEmitter(graph, plan, packageName, className).emit();
    }

    private GeneratedNetwork emit() {
        List<Layer> layers = graph.layers();
        int n = graph.inputSize();
        int m = graph.outputSize();

        // Activation buffers: act[k + 1] holds node k's value, act[0] the input; views share their input's.
        String[] act = new String[layers.size() + 1];
        act[0] = "x";
        int maxWidth = n;
        for (int k = 0; k < layers.size(); k++) {
            Layer layer = layers.get(k);
            maxWidth = Math.max(maxWidth, layer.outputSize());
            if (layer.isView()) {
                act[k + 1] = act[graph.inputsOf(k)[0] + 1];
            } else {
                act[k + 1] = layer.id() + "Out";
                scratch(act[k + 1], layer.outputSize());
            }
        }
        String output = act[layers.size()];
        // The same for blocks of inputs in forwardBatch, allocated on its first call.
        String[] actRows = new String[layers.size() + 1];
        actRows[0] = "batchIn";
        List<Field> batchFields = new ArrayList<>();
        batchFields.add(new Field(ROWS, "batchIn", CodeBlock.of("this.batchIn = new double[$L][$L]", BATCH_BLOCK, Kernels.padded(n))));
        for (int k = 0; k < layers.size(); k++) {
            Layer layer = layers.get(k);
            if (layer.isView()) {
                actRows[k + 1] = actRows[graph.inputsOf(k)[0] + 1];
            } else {
                actRows[k + 1] = layer.id() + "OutRows";
                batchFields.add(new Field(ROWS, actRows[k + 1], CodeBlock.of("this.$L = new double[$L][$L]",
                        actRows[k + 1], BATCH_BLOCK, Kernels.padded(layer.outputSize()))));
            }
        }
        String outputRows = actRows[layers.size()];
        scratch("sampleX", n);

        instanceFields.add(new Field(ArrayTypeName.of(int.class), Members.KERNEL_SCRATCH,
                CodeBlock.of("this.$L = new int[$L]", Members.KERNEL_SCRATCH, maxWidth)));
        Members members = new Members();
        for (Layer layer : layers) {
            layer.declare(members);
        }

        List<MethodSpec> layerMethods = new ArrayList<>();
        List<CodeBlock> forwardCalls = new ArrayList<>();
        List<CodeBlock> forwardRowsCalls = new ArrayList<>();
        List<CodeBlock> derivativeCalls = new ArrayList<>();
        for (int k = 0; k < layers.size(); k++) {
            Layer layer = layers.get(k);
            if (layer.isView()) {
                continue;
            }
            String id = layer.id();
            int[] from = graph.inputsOf(k);
            if (layer instanceof MergeLayer merge) {
                layerMethods.addAll(mergeMethods(merge));
            } else {
                layerMethods.addAll(layerMethods(layer));
            }
            forwardCalls.add(CodeBlock.of("$L($L)", id + "Forward", arguments(act, from, k)));
            forwardRowsCalls.add(CodeBlock.of("$L($L, rows)", id + "ForwardRows", arguments(actRows, from, k)));
            if (layer.derivativeCode() != null) {
                derivativeCalls.add(CodeBlock.of("$L($L)", id + "Derivative", arguments(act, from, k)));
            }
        }

        List<MethodSpec> drivers = new ArrayList<>();
        ParameterSpec x = param("x");
        ParameterSpec rowCount = ParameterSpec.builder(int.class, "rows").build();
        drivers.addAll(driver("evaluate", "Runs every layer's forward pass; the output lands in " + output + ".",
                forwardCalls, x));
        drivers.addAll(driver("evaluateRows", "Runs the forward pass of {@code rows} inputs in batchIn; the outputs land in "
                + outputRows + ".", forwardRowsCalls, rowCount));
        drivers.addAll(driver("derivatives", "Fills the derivative scratch that propagation reads.",
                derivativeCalls, x));
        Propagation pullBack = Propagation.reverse(graph, act, 0, layers.size() - 1);
        Propagation pushForward = Propagation.forward(graph, act, Graph.INPUT);
        drivers.addAll(propagationMethods("pullBack", "output to input", pullBack));
        drivers.addAll(propagationMethods("pushForward", "input to output", pushForward));
        List<Propagation> used = new ArrayList<>(List.of(pullBack, pushForward));
        int rows = plan.rows();
        rowPool("vectors", 1, Math.max(pullBack.buffers, pushForward.buffers), maxWidth);
        Propagation[] split = null;
        if (plan.mode() == JacobianMode.MIXED) {
            int cut = plan.split() - 1;
            split = new Propagation[] {Propagation.reverse(graph, act, 0, cut), Propagation.forward(graph, act, cut)};
            drivers.addAll(propagationMethods("pullBackInputSide", "the split to the input", split[0]));
            drivers.addAll(propagationMethods("pushForwardOutputSide", "the split to the output", split[1]));
            used.addAll(List.of(split));
            // The input side's w rows, the output side's w tangent rows, their M x w transpose, the M x N product.
            rowPool("jacobianRows", rows, split[0].buffers, maxWidth);
            rowPool("outputSideRows", rows, split[1].buffers, maxWidth);
            rowBuffer("outputSide", m, plan.splitWidth());
            rowBuffer("product", m, n);
        } else {
            rowPool("jacobianRows", rows, (plan.mode() == JacobianMode.REVERSE ? pullBack : pushForward).buffers, maxWidth);
        }

        TypeSpec.Builder type = TypeSpec.classBuilder(className)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(Network.class)
                .addJavadoc(classJavadoc())
                .addField(constant("INPUT_SIZE", n))
                .addField(constant("OUTPUT_SIZE", m))
                .addType(weightsClass())
                .addType(bundledClass())
                .addField(FieldSpec.builder(weightsType, "weights", Modifier.PRIVATE, Modifier.FINAL).build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PUBLIC)
                        .addJavadoc("An instance over the weights bundled beside this class as the resource {@code $L.weights},\n"
                                + "read once and shared by every instance.\n", className)
                        .addStatement("this($T.WEIGHTS)", self.nestedClass("Bundled"))
                        .build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PUBLIC)
                        .addJavadoc("An instance over {@code weights}, which must hold this network's tensors.\n")
                        .addParameter(WeightSet.class, "weights")
                        .addStatement("this(new $T(weights))", weightsType)
                        .build())
                .addMethod(simpleGetter("inputSize", TypeName.INT, CodeBlock.of("return INPUT_SIZE")))
                .addMethod(simpleGetter("outputSize", TypeName.INT, CodeBlock.of("return OUTPUT_SIZE")))
                .addMethod(simpleGetter("inputShape", ArrayTypeName.of(int.class), shapeLiteral(graph.inputShape())))
                .addMethod(simpleGetter("outputShape", ArrayTypeName.of(int.class), shapeLiteral(graph.outputShape())))
                .addMethod(MethodSpec.methodBuilder("newInstance")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(self)
                        .addStatement("return new $T(weights)", self)
                        .build())
                .addMethod(forwardMethod(output, m))
                .addMethod(jacobianMethod())
                .addMethod(forwardBatchMethod(outputRows))
                .addMethod(jacobianBatchMethod(n, m))
                .addMethod(jacobianAtMethod(output, n, m, pullBack, pushForward, split))
                .addMethod(vjpMethod(pullBack))
                .addMethod(jvpMethod(pushForward))
                .addMethods(drivers)
                .addMethod(seedIdentity())
                .addMethods(layerMethods);
        boolean adds = false;
        boolean copies = false;
        for (Propagation p : used) {
            adds |= p.addsRows;
            copies |= p.copiesRows;
        }
        if (adds) {
            type.addMethod(rowsHelper("addRows", "Adds the first {@code width} values of each row of {@code from} to {@code to}: where a value\n"
                    + "fans out, its cotangent is the sum of its readers' contributions.\n", "to[r][j] += from[r][j]"));
        }
        if (copies) {
            type.addMethod(rowsHelper("copyRows", "Copies the first {@code width} values of each row of {@code from} to {@code to}.\n",
                    "to[r][j] = from[r][j]"));
        }

        for (Field field : batchFields) {
            type.addField(FieldSpec.builder(field.type(), field.name(), Modifier.PRIVATE).build());
        }
        type.addMethods(allocateBatchMethods(batchFields));
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addParameter(weightsType, "weights")
                .addStatement("this.weights = weights");
        initialize(type, constructor, instanceFields, Modifier.PRIVATE, weightsType, "weights");
        type.addMethod(constructor.build());

        JavaFile file = JavaFile.builder(packageName, type.build())
                .addFileComment(header())
                .indent("    ")
                .skipJavaLangImports(true)
                .build();
        return new GeneratedNetwork(packageName, className, file.toString(), weightSet.build(), plan);
    }

    // ---- header and docs ----

    private String header() {
        StringBuilder sb = new StringBuilder();
        sb.append("Generated by netjac ").append(VERSION).append(" from ")
                .append(Identifiers.forComment(graph.source())).append(". Do not edit.\n\n");
        sb.append("Input ").append(Shapes.toString(graph.inputShape())).append('\n');
        boolean chain = graph.isChain();
        for (int k = 0; k < graph.layers().size(); k++) {
            Layer layer = graph.layers().get(k);
            // Summaries are netjac's own words and numbers, never text from the model file.
            sb.append("  -> ").append(layer.id()).append(": ").append(layer.summary());
            if (!chain) {
                List<String> from = new ArrayList<>();
                for (int f : graph.inputsOf(k)) {
                    from.add(f == Graph.INPUT ? "input" : graph.layers().get(f).id());
                }
                sb.append("  <- ").append(String.join(", ", from));
            }
            sb.append('\n');
        }
        sb.append("Output ").append(Shapes.toString(graph.outputShape())).append('\n');
        sb.append(String.format(Locale.ROOT, "Parameters: %,d%n", graph.parameterCount()));
        sb.append("Jacobian: ").append(graph.outputSize()).append(" x ").append(graph.inputSize())
                .append(", row-major, jac[i * ").append(graph.inputSize()).append(" + j] = dy_i/dx_j\n");
        sb.append("Jacobian plan: ").append(plan.describe());
        return sb.toString().replace("$", "$$");
    }

    private CodeBlock classJavadoc() {
        return CodeBlock.builder()
                .add("The network from {@code $L}, compiled by netjac: forward pass, Jacobian, vjp and jvp.\n",
                        Identifiers.forComment(graph.source()).replace("$", "$$"))
                .add("\n<p>Thread safety: an instance owns its scratch buffers, so use it from one thread at a time.\n")
                .add("Weights are immutable and shared; {@link #newInstance()} makes another instance cheaply, one per thread.\n")
                .build();
    }

    // ---- fields ----

    private static FieldSpec constant(String name, int value) {
        return FieldSpec.builder(int.class, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L", value)
                .build();
    }

    /** A field and the statement that initializes it. */
    private record Field(TypeName type, String name, CodeBlock init) {}

    /** Buffers are padded to a multiple of 8 values: {@link Kernels} writes whole SIMD vectors. */
    private void scratch(String name, int size) {
        instanceFields.add(new Field(ROW, name, CodeBlock.of("this.$L = new double[$L]", name, Kernels.padded(size))));
    }

    /** A pool of {@code count} row buffers, {@code rows} x {@code width}, for one kind of propagation. */
    private void rowPool(String name, int rows, int count, int width) {
        instanceFields.add(new Field(POOL, name, CodeBlock.of("this.$L = new double[$L][$L][$L]", name, count, rows,
                Kernels.padded(width))));
    }

    private void rowBuffer(String name, int rows, int width) {
        instanceFields.add(new Field(ROWS, name, CodeBlock.of("this.$L = new double[$L][$L]", name, rows, Kernels.padded(width))));
    }

    private void weight(String field, TypeName type, String key, dev.netjac.weights.Tensor tensor, CodeBlock load) {
        weightFields.add(new Field(type, field, CodeBlock.of("this.$L = $L", field, load)));
        instanceFields.add(new Field(type, field, CodeBlock.of("this.$L = weights.$L", field, field)));
        if (storedKeys.add(key)) {
            weightSet.put(key, tensor.shape(), tensor.toArray());
        }
    }

    /** Collects what layers declare, in declaration order, which makes the output deterministic. */
    private final class Members implements dev.netjac.layers.Members {
        @Override
        public String weightRows(String field, String key, dev.netjac.weights.Tensor w) {
            weight(field, ROWS, key, w, CodeBlock.of("set.rows($S, $L, $L)", key, w.dim(0), w.dim(1)));
            return field;
        }

        @Override
        public String weightRowsTransposed(String field, String key, dev.netjac.weights.Tensor w) {
            weight(field, ROWS, key, w, CodeBlock.of("set.transposedRows($S, $L, $L)", key, w.dim(0), w.dim(1)));
            return field;
        }

        @Override
        public String weightVector(String field, String key, dev.netjac.weights.Tensor w) {
            weight(field, ROW, key, w, CodeBlock.of("set.vector($S, $L)", key, w.size()));
            return field;
        }

        @Override
        public String scratch(String field, int size) {
            JavaEmitter.this.scratch(field, size);
            return field;
        }

        @Override
        public String scratchRows(String field, int rows, int width) {
            rowBuffer(field, rows, width);
            return field;
        }

        @Override
        public String intScratch(String field, int size) {
            instanceFields.add(new Field(ArrayTypeName.of(int.class), field, CodeBlock.of("this.$L = new int[$L]", field, size)));
            return field;
        }

    }

    private TypeSpec weightsClass() {
        TypeSpec.Builder type = TypeSpec.classBuilder("Weights")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Immutable weights, shared by every instance. Kernels are kept as row arrays, and also\n"
                        + "transposed, so that every hot loop is an axpy over one contiguous row.\n");
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addParameter(WeightSet.class, "set");
        initialize(type, constructor, weightFields, null, ClassName.get(WeightSet.class), "set");
        return type.addMethod(constructor.build()).build();
    }

    /**
     * Declares {@code fields} and initializes them in {@code constructor}: directly, as final fields, when
     * they are few; otherwise in an {@code init} method split into {@code init0, init1, ...} of {@link #INITS_PER_METHOD} statements,
     * so that no method, constructors included, grows past the JIT limit (those fields cannot be final,
     * and nothing writes them after construction).
     */
    private static void initialize(TypeSpec.Builder type, MethodSpec.Builder constructor, List<Field> fields,
                                   Modifier access, TypeName paramType, String param) {
        boolean chunked = fields.size() > INITS_PER_METHOD;
        for (Field field : fields) {
            FieldSpec.Builder spec = FieldSpec.builder(field.type(), field.name());
            if (access != null) {
                spec.addModifiers(access);
            }
            if (!chunked) {
                spec.addModifiers(Modifier.FINAL);
            }
            type.addField(spec.build());
        }
        if (!chunked) {
            for (Field field : fields) {
                constructor.addStatement(field.init());
            }
            return;
        }
        List<CodeBlock> inits = new ArrayList<>();
        for (Field field : fields) {
            inits.add(field.init());
        }
        type.addMethods(split(MethodSpec.methodBuilder("init").addModifiers(Modifier.PRIVATE).addParameter(paramType, param),
                inits, INITS_PER_METHOD));
        constructor.addStatement("init($L)", param);
    }

    private TypeSpec bundledClass() {
        return TypeSpec.classBuilder("Bundled")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Holds the bundled weights; loaded on first use of the no-argument constructor.\n")
                .addField(FieldSpec.builder(weightsType, "WEIGHTS", Modifier.STATIC, Modifier.FINAL)
                        .initializer("new $T($T.readResource($T.class, $S))", weightsType, WeightSet.class, self,
                                className + ".weights")
                        .build())
                .build();
    }

    // ---- per-layer methods ----

    /** A single-input layer's methods: forward, forward rows, derivative, and tangent/cotangent or propagate. */
    private static List<MethodSpec> layerMethods(Layer layer) {
        String id = layer.id();
        List<MethodSpec> methods = new ArrayList<>();
        methods.add(MethodSpec.methodBuilder(id + "Forward")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(ROW, "x")
                .addParameter(ROW, "y")
                .addCode("// $L\n", layer.summary())
                .addCode(layer.forwardCode())
                .build());
        CodeBlock rowsCode = layer.forwardRowsCode();
        if (rowsCode == null) {
            rowsCode = CodeBlock.builder()
                    .beginControlFlow("for (int r = 0; r < rows; r++)")
                    .addStatement("$L(x[r], y[r])", id + "Forward")
                    .endControlFlow()
                    .build();
        }
        methods.add(MethodSpec.methodBuilder(id + "ForwardRows")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(ROWS, "x")
                .addParameter(ROWS, "y")
                .addParameter(int.class, "rows")
                .addCode(rowsCode)
                .build());
        if (layer.derivativeCode() != null) {
            methods.add(MethodSpec.methodBuilder(id + "Derivative")
                    .addModifiers(Modifier.PRIVATE)
                    .addParameter(ROW, "x")
                    .addParameter(ROW, "y")
                    .addCode(layer.derivativeCode())
                    .build());
        }
        if (layer.hasSymmetricJacobian()) {
            methods.add(rowsMethod(id + "Propagate", List.of("x"), List.of("in"), layer.tangentCode()));
        } else {
            methods.add(rowsMethod(id + "Tangent", List.of("x"), List.of("in"), layer.tangentCode()));
            methods.add(rowsMethod(id + "Cotangent", List.of("x"), List.of("in"), layer.cotangentCode()));
        }
        return methods;
    }

    /** A merge layer's methods: forward over its k inputs, forward rows, one tangent, a cotangent per non-identity input. */
    private static List<MethodSpec> mergeMethods(MergeLayer layer) {
        String id = layer.id();
        List<String> xs = new ArrayList<>();
        List<String> ins = new ArrayList<>();
        for (int i = 0; i < layer.arity(); i++) {
            xs.add("x" + i);
            ins.add("in" + i);
        }
        List<MethodSpec> methods = new ArrayList<>();
        MethodSpec.Builder forward = MethodSpec.methodBuilder(id + "Forward").addModifiers(Modifier.PRIVATE);
        MethodSpec.Builder forwardRows = MethodSpec.methodBuilder(id + "ForwardRows").addModifiers(Modifier.PRIVATE);
        for (String name : xs) {
            forward.addParameter(ROW, name);
            forwardRows.addParameter(ROWS, name);
        }
        methods.add(forward.addParameter(ROW, "y")
                .addCode("// $L\n", layer.summary())
                .addCode(layer.forwardCode())
                .build());
        List<String> rowArgs = new ArrayList<>();
        for (String name : xs) {
            rowArgs.add(name + "[r]");
        }
        methods.add(forwardRows.addParameter(ROWS, "y")
                .addParameter(int.class, "rows")
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("$L($L, y[r])", id + "Forward", String.join(", ", rowArgs))
                .endControlFlow()
                .build());
        methods.add(rowsMethod(id + "Tangent", xs, ins, layer.tangentCode()));
        for (int i = 0; i < layer.arity(); i++) {
            CodeBlock cotangent = layer.cotangentCode(i);
            if (cotangent != null) {
                methods.add(rowsMethod(id + "Cotangent" + i, xs, List.of("in"), cotangent));
            }
        }
        return methods;
    }

    /** {@code name(double[] xs..., double[] y, double[][] ins..., double[][] out, int rows)}. */
    private static MethodSpec rowsMethod(String name, List<String> xs, List<String> ins, CodeBlock body) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE);
        for (String x : xs) {
            method.addParameter(ROW, x);
        }
        method.addParameter(ROW, "y");
        for (String in : ins) {
            method.addParameter(ROWS, in);
        }
        return method.addParameter(ROWS, "out")
                .addParameter(int.class, "rows")
                .addCode(body)
                .build();
    }

    /** "a, b, y": the buffers of the nodes layer k reads, then its own. */
    private static String arguments(String[] buffers, int[] from, int k) {
        List<String> args = new ArrayList<>();
        for (int f : from) {
            args.add(buffers[f + 1]);
        }
        args.add(buffers[k + 1]);
        return String.join(", ", args);
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

    // ---- drivers ----

    /** A private driver method {@code name(parameter)} running {@code calls}, split if they are many. */
    private List<MethodSpec> driver(String name, String doc, List<CodeBlock> calls, ParameterSpec parameter) {
        MethodSpec.Builder top = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L\n", doc)
                .addParameter(parameter);
        return split(top, calls, CALLS_PER_DRIVER);
    }

    /**
     * Gives {@code top} the {@code statements} as its body when there are at most {@code perMethod} of them;
     * otherwise {@code top} calls {@code <name>0, <name>1, ...}, each running a slice with the same parameters.
     * This is how every generated method stays under HotSpot's 8,000-byte JIT limit by construction. Returns
     * {@code top} followed by its parts.
     */
    static List<MethodSpec> split(MethodSpec.Builder top, List<CodeBlock> statements, int perMethod) {
        List<MethodSpec> methods = new ArrayList<>();
        if (statements.size() <= perMethod) {
            for (CodeBlock statement : statements) {
                top.addStatement(statement);
            }
            methods.add(top.build());
            return methods;
        }
        MethodSpec shape = top.build();
        List<String> names = new ArrayList<>();
        for (ParameterSpec parameter : shape.parameters()) {
            names.add(parameter.name());
        }
        List<MethodSpec> parts = new ArrayList<>();
        for (int start = 0, part = 0; start < statements.size(); start += perMethod, part++) {
            MethodSpec.Builder slice = MethodSpec.methodBuilder(shape.name() + part)
                    .addModifiers(Modifier.PRIVATE)
                    .addParameters(shape.parameters());
            for (CodeBlock statement : statements.subList(start, Math.min(statements.size(), start + perMethod))) {
                slice.addStatement(statement);
            }
            parts.add(slice.build());
            top.addStatement("$L($L)", shape.name() + part, String.join(", ", names));
        }
        methods.add(top.build());
        methods.addAll(parts);
        return methods;
    }

    /** {@code name(x, p, rows)}: runs {@code propagation} over the row buffers of pool {@code p}, split if long. */
    private static List<MethodSpec> propagationMethods(String name, String direction, Propagation propagation) {
        MethodSpec.Builder top = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("Propagates {@code rows} rows from $L; they start in {@code p[0]} and end in {@code p[$L]}.\n",
                        direction, propagation.result)
                .addParameter(ROW, "x")
                .addParameter(POOL, "p")
                .addParameter(int.class, "rows");
        return split(top, propagation.calls, CALLS_PER_DRIVER);
    }

    // ---- public methods ----

    private static MethodSpec simpleGetter(String name, TypeName type, CodeBlock body) {
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

    private static ParameterSpec param(String name) {
        return ParameterSpec.builder(ROW, name).build();
    }

    private MethodSpec forwardMethod(String output, int m) {
        return MethodSpec.methodBuilder("forward")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(param("x"))
                .addParameter(param("y"))
                .addStatement("$T.length($S, x, INPUT_SIZE)", Checks.class, "x")
                .addStatement("$T.length($S, y, OUTPUT_SIZE)", Checks.class, "y")
                .addStatement("evaluate(x)")
                .addStatement("$T.arraycopy($L, 0, y, 0, OUTPUT_SIZE)", System.class, output)
                .build();
    }

    private MethodSpec jacobianMethod() {
        return MethodSpec.methodBuilder("jacobian")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(param("x"))
                .addParameter(param("y"))
                .addParameter(param("jac"))
                .addStatement("$T.length($S, x, INPUT_SIZE)", Checks.class, "x")
                .addStatement("$T.length($S, y, OUTPUT_SIZE)", Checks.class, "y")
                .addStatement("$T.length($S, jac, OUTPUT_SIZE * INPUT_SIZE)", Checks.class, "jac")
                .addStatement("jacobianAt(x, y, 0, jac, 0)")
                .build();
    }

    private MethodSpec forwardBatchMethod(String outputRows) {
        return MethodSpec.methodBuilder("forwardBatch")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(param("xs"))
                .addParameter(param("ys"))
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

    private MethodSpec jacobianBatchMethod(int n, int m) {
        return MethodSpec.methodBuilder("jacobianBatch")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(param("xs"))
                .addParameter(param("ys"))
                .addParameter(param("jacs"))
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

    /** Allocates the forwardBatch buffers, split like the drivers when there are many. */
    private static List<MethodSpec> allocateBatchMethods(List<Field> batchFields) {
        List<CodeBlock> inits = new ArrayList<>();
        for (Field field : batchFields) {
            inits.add(field.init());
        }
        MethodSpec.Builder top = MethodSpec.methodBuilder("allocateBatchBuffers")
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("Row buffers for forwardBatch, made on its first call so that instances that never batch stay small.\n");
        return split(top, inits, INITS_PER_METHOD);
    }

    /** The Jacobian at x into y[yOff..] and jac[jacOff..], shared by jacobian and jacobianBatch. */
    private MethodSpec jacobianAtMethod(String output, int n, int m, Propagation pullBack, Propagation pushForward,
                                        Propagation[] split) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("jacobianAt")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(param("x"))
                .addParameter(param("y"))
                .addParameter(int.class, "yOff")
                .addParameter(param("jac"))
                .addParameter(int.class, "jacOff")
                .addStatement("evaluate(x)")
                .addStatement("derivatives(x)");
        if (plan.mode() == JacobianMode.REVERSE) {
            method.addCode("// Reverse mode: seed the $L x $L identity, pull it back to the input.\n", m, m)
                    .addStatement("seedIdentity(jacobianRows[0], $L)", m)
                    .addStatement("pullBack(x, jacobianRows, $L)", m)
                    .addStatement("double[][] result = jacobianRows[$L]", pullBack.result)
                    .beginControlFlow("for (int i = 0; i < $L; i++)", m)
                    .addStatement("$T.arraycopy(result[i], 0, jac, jacOff + i * $L, $L)", System.class, n, n)
                    .endControlFlow();
        } else if (plan.mode() == JacobianMode.MIXED) {
            int w = plan.splitWidth();
            method.addCode("// Mixed mode, split at width $L: J = A * B, B ($L x $L) pulled back from the split,\n", w, w, n)
                    .addCode("// A ($L x $L) pushed forward from it as $L tangent rows, then one product.\n", m, w, w)
                    .addStatement("seedIdentity(jacobianRows[0], $L)", w)
                    .addStatement("pullBackInputSide(x, jacobianRows, $L)", w)
                    .addStatement("seedIdentity(outputSideRows[0], $L)", w)
                    .addStatement("pushForwardOutputSide(x, outputSideRows, $L)", w)
                    .addStatement("double[][] tangents = outputSideRows[$L]", split[1].result)
                    .beginControlFlow("for (int k = 0; k < $L; k++)", w)
                    .addStatement("double[] t = tangents[k]")
                    .beginControlFlow("for (int i = 0; i < $L; i++)", m)
                    .addStatement("outputSide[i][k] = t[i]")
                    .endControlFlow()
                    .endControlFlow()
                    .addStatement("$T.rowsTimesMatrix(outputSide, $L, $L, jacobianRows[$L], $L, null, product, $L)", Kernels.class,
                            m, w, split[0].result, n, Members.KERNEL_SCRATCH)
                    .beginControlFlow("for (int i = 0; i < $L; i++)", m)
                    .addStatement("$T.arraycopy(product[i], 0, jac, jacOff + i * $L, $L)", System.class, n, n)
                    .endControlFlow();
        } else {
            method.addCode("// Forward mode: seed the $L x $L identity, push it to the output, transpose into jac.\n", n, n)
                    .addStatement("seedIdentity(jacobianRows[0], $L)", n)
                    .addStatement("pushForward(x, jacobianRows, $L)", n)
                    .addStatement("double[][] result = jacobianRows[$L]", pushForward.result)
                    .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                    .addStatement("double[] t = result[j]")
                    .beginControlFlow("for (int i = 0; i < $L; i++)", m)
                    .addStatement("jac[jacOff + i * $L + j] = t[i]", n)
                    .endControlFlow()
                    .endControlFlow();
        }
        method.addStatement("$T.arraycopy($L, 0, y, yOff, OUTPUT_SIZE)", System.class, output);
        return method.build();
    }

    private MethodSpec vjpMethod(Propagation pullBack) {
        return MethodSpec.methodBuilder("vjp")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(param("x"))
                .addParameter(param("v"))
                .addParameter(param("out"))
                .addStatement("$T.length($S, x, INPUT_SIZE)", Checks.class, "x")
                .addStatement("$T.length($S, v, OUTPUT_SIZE)", Checks.class, "v")
                .addStatement("$T.length($S, out, INPUT_SIZE)", Checks.class, "out")
                .addStatement("evaluate(x)")
                .addStatement("derivatives(x)")
                .addStatement("$T.arraycopy(v, 0, vectors[0][0], 0, OUTPUT_SIZE)", System.class)
                .addStatement("pullBack(x, vectors, 1)")
                .addStatement("$T.arraycopy(vectors[$L][0], 0, out, 0, INPUT_SIZE)", System.class, pullBack.result)
                .build();
    }

    private MethodSpec jvpMethod(Propagation pushForward) {
        return MethodSpec.methodBuilder("jvp")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(param("x"))
                .addParameter(param("u"))
                .addParameter(param("out"))
                .addStatement("$T.length($S, x, INPUT_SIZE)", Checks.class, "x")
                .addStatement("$T.length($S, u, INPUT_SIZE)", Checks.class, "u")
                .addStatement("$T.length($S, out, OUTPUT_SIZE)", Checks.class, "out")
                .addStatement("evaluate(x)")
                .addStatement("derivatives(x)")
                .addStatement("$T.arraycopy(u, 0, vectors[0][0], 0, INPUT_SIZE)", System.class)
                .addStatement("pushForward(x, vectors, 1)")
                .addStatement("$T.arraycopy(vectors[$L][0], 0, out, 0, OUTPUT_SIZE)", System.class, pushForward.result)
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
}
