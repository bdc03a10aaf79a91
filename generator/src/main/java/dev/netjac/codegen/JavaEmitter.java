package dev.netjac.codegen;

import static dev.netjac.codegen.ClassFields.POOL;
import static dev.netjac.codegen.ClassFields.ROW;
import static dev.netjac.codegen.ClassFields.ROWS;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Layer;
import dev.netjac.layers.Members;
import dev.netjac.plan.JacobianPlan;
import dev.netjac.runtime.Kernels;
import dev.netjac.runtime.Network;
import dev.netjac.runtime.WeightSet;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes the Java class for a {@link Graph} and a {@link JacobianPlan}, from the parts of that class:
 * {@link BufferLayout} (which field holds each node's value), {@link ClassFields} (weights, their resource,
 * scratch), {@link LayerMethods} (each layer's small private methods, with sizes baked in as constants),
 * {@link PropagationScheduler} (the order of tangent and cotangent calls and their row buffers),
 * {@link MethodSplitter} (chunked drivers and initializers, so no method comes near HotSpot's 8,000-byte JIT
 * limit however deep the network), {@link PublicMethods} and {@link JacobianAt} (the {@code Network} API).
 *
 * <p>Layout of the generated class: a nested {@code Weights} class holds the immutable weights, shared by
 * all instances; each instance holds its scratch (activations, derivative vectors, two row buffers for the
 * Jacobian and two one-row buffers for vjp/jvp). The public methods call the layer methods in order through
 * the drivers. Row buffers alternate between A and B across layers that cannot work in place; which buffer
 * holds a result is decided here, at generation time.
 *
 * <p>The source is Java 6 style so that both javac and Janino accept it.
 */
public final class JavaEmitter {
    /** netjac's version, written into headers. */
    public static final String VERSION = "0.1.0";

    private final Graph graph;
    private final JacobianPlan plan;
    private final String packageName;
    private final String className;
    private final ClassName self;
    private final ClassName weightsType;
    private final BufferLayout values;
    private final BufferLayout batchRows;

    private final ClassFields fields = new ClassFields();
    /** forwardBatch's row blocks: declared without initializer, allocated on its first call. */
    private final List<FieldInit> batchFields = new ArrayList<>();
    private final List<MethodSpec> layerMethods = new ArrayList<>();
    private final List<MethodSpec> drivers = new ArrayList<>();
    private final List<Propagation> propagations = new ArrayList<>();
    private Propagation pullBack;
    private Propagation pushForward;
    /** Mixed mode's two halves, else null. */
    private Propagation inputSide;
    private Propagation outputSide;

    private JavaEmitter(Graph graph, JacobianPlan plan, String packageName, String className) {
        this.graph = graph;
        this.plan = plan;
        this.packageName = packageName;
        this.className = className;
        this.self = ClassName.get(packageName, className);
        this.weightsType = self.nestedClass("Weights");
        this.values = BufferLayout.values(graph);
        this.batchRows = BufferLayout.batchRows(graph);
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
        int maxWidth = declareBuffers();
        for (Layer layer : graph.layers()) {
            layer.declare(fields);
        }
        writeLayers();
        schedulePropagations(maxWidth);
        JavaFile file = JavaFile.builder(packageName, assemble())
                .addFileComment(ClassHeader.fileComment(graph, plan))
                .indent("    ")
                .skipJavaLangImports(true)
                .build();
        String source = file.toString();
        WeightSet weights = fields.weights();
        String fingerprint = Fingerprint.of(source, weights);
        return new GeneratedNetwork(packageName, className, Fingerprint.fill(source, fingerprint),
                weights.withFingerprint(fingerprint), plan);
    }

    /** Declares every node's value buffer and forwardBatch's row blocks; returns the widest value. */
    private int declareBuffers() {
        int n = graph.inputSize();
        int maxWidth = n;
        batchFields.add(new FieldInit(ROWS, batchRows.valueOf(Graph.INPUT),
                CodeBlock.of("this.$L = new double[$L][$L]", batchRows.valueOf(Graph.INPUT), PublicMethods.BATCH_BLOCK,
                        Kernels.padded(n))));
        for (int k = 0; k < graph.layers().size(); k++) {
            Layer layer = graph.layers().get(k);
            maxWidth = Math.max(maxWidth, layer.outputSize());
            if (!layer.isView()) {
                fields.scratch(values.valueOf(k), layer.outputSize());
                batchFields.add(new FieldInit(ROWS, batchRows.valueOf(k), CodeBlock.of("this.$L = new double[$L][$L]",
                        batchRows.valueOf(k), PublicMethods.BATCH_BLOCK, Kernels.padded(layer.outputSize()))));
            }
        }
        fields.scratch("sampleX", n);
        fields.intScratch(Members.KERNEL_SCRATCH, maxWidth);
        return maxWidth;
    }

    /** Each layer's methods, and the drivers that run their forward and derivative methods in order. */
    private void writeLayers() {
        List<CodeBlock> forwardCalls = new ArrayList<>();
        List<CodeBlock> forwardRowsCalls = new ArrayList<>();
        List<CodeBlock> derivativeCalls = new ArrayList<>();
        for (int k = 0; k < graph.layers().size(); k++) {
            Layer layer = graph.layers().get(k);
            if (layer.isView()) {
                continue;
            }
            layerMethods.addAll(LayerMethods.methodsOf(layer));
            forwardCalls.add(LayerMethods.forwardCall(layer, values.arguments(k)));
            forwardRowsCalls.add(LayerMethods.forwardRowsCall(layer, batchRows.arguments(k)));
            if (layer.hasDerivative()) {
                derivativeCalls.add(LayerMethods.derivativeCall(layer, values.arguments(k)));
            }
        }
        ParameterSpec x = PublicMethods.row("x");
        drivers.addAll(MethodSplitter.driver("evaluate", "Runs every layer's forward pass; the output lands in "
                + values.output() + ".", forwardCalls, x));
        drivers.addAll(MethodSplitter.driver("evaluateRows", "Runs the forward pass of {@code rows} inputs in batchIn;"
                + " the outputs land in " + batchRows.output() + ".", forwardRowsCalls,
                ParameterSpec.builder(int.class, "rows").build()));
        drivers.addAll(MethodSplitter.driver("derivatives", "Fills the derivative scratch that propagation reads.",
                derivativeCalls, x));
    }

    /** The propagations the plan needs, their driver methods, and the row pools they run in. */
    private void schedulePropagations(int maxWidth) {
        int layers = graph.layers().size();
        pullBack = propagation("pullBack", "output to input", Propagation.reverse(graph, values, 0, layers - 1));
        pushForward = propagation("pushForward", "input to output", Propagation.forward(graph, values, Graph.INPUT));
        int rows = plan.rows();
        fields.rowPool("vectors", 1, Math.max(pullBack.buffers(), pushForward.buffers()), maxWidth);
        if (plan.mode() == JacobianMode.MIXED) {
            int cut = plan.split() - 1;
            inputSide = propagation("pullBackInputSide", "the split to the input", Propagation.reverse(graph, values, 0, cut));
            outputSide = propagation("pushForwardOutputSide", "the split to the output", Propagation.forward(graph, values, cut));
            // The input side's w rows, the output side's w tangent rows, their M x w transpose, the M x N product.
            fields.jacobianRowPool("jacobianRows", rows, inputSide.buffers(), maxWidth);
            fields.jacobianRowPool("outputSideRows", rows, outputSide.buffers(), maxWidth);
            fields.jacobianScratchRows("outputSide", graph.outputSize(), plan.splitWidth());
            fields.jacobianScratchRows("product", graph.outputSize(), graph.inputSize());
        } else {
            Propagation whole = plan.mode() == JacobianMode.REVERSE ? pullBack : pushForward;
            fields.jacobianRowPool("jacobianRows", rows, whole.buffers(), maxWidth);
        }
    }

    /** {@code name(x, p, rows)}: runs {@code propagation} over the row buffers of pool {@code p}, split if long. */
    private Propagation propagation(String name, String direction, Propagation propagation) {
        MethodSpec.Builder top = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("Propagates {@code rows} rows from $L; they start in {@code p[0]} and end in {@code p[$L]}.\n",
                        direction, propagation.result())
                .addParameter(ROW, "x")
                .addParameter(POOL, "p")
                .addParameter(int.class, "rows");
        drivers.addAll(MethodSplitter.split(top, propagation.calls(), MethodSplitter.CALLS_PER_DRIVER));
        propagations.add(propagation);
        return propagation;
    }

    private TypeSpec assemble() {
        int n = graph.inputSize();
        int m = graph.outputSize();
        TypeSpec.Builder type = TypeSpec.classBuilder(className)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(Network.class)
                .addJavadoc(ClassHeader.classJavadoc(graph))
                .addField(constant("INPUT_SIZE", n))
                .addField(constant("OUTPUT_SIZE", m))
                .addField(FieldSpec.builder(String.class, "FINGERPRINT", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Shared with the weights resource written with this class (SHA-256 over this source\n"
                                + "and the weights); weights of any other generation are refused.\n")
                        .initializer("$S", Fingerprint.PLACEHOLDER)
                        .build())
                .addType(fields.weightsClass(self))
                .addType(ClassFields.bundledClass(self, weightsType))
                .addField(FieldSpec.builder(weightsType, "weights", Modifier.PRIVATE, Modifier.FINAL).build())
                .addMethods(PublicMethods.constructors(self, weightsType))
                .addMethods(PublicMethods.accessors(self, graph.inputShape(), graph.outputShape()))
                .addMethod(PublicMethods.forward(values.output()))
                .addMethod(PublicMethods.jacobian((long) n * m))
                .addMethod(PublicMethods.forwardBatch(batchRows.output()))
                .addMethod(PublicMethods.jacobianBatch((long) n * m))
                .addMethod(JacobianAt.method(plan, n, m, values.output(), pullBack, pushForward, inputSide, outputSide))
                .addMethod(PublicMethods.vectorProduct(true, pullBack))
                .addMethod(PublicMethods.vectorProduct(false, pushForward))
                .addMethods(drivers)
                .addMethod(PublicMethods.seedIdentity())
                .addMethods(layerMethods)
                .addMethods(PublicMethods.rowHelpers(propagations));
        for (FieldInit field : batchFields) {
            type.addField(FieldSpec.builder(field.type(), field.name(), Modifier.PRIVATE).build());
        }
        type.addMethods(MethodSplitter.initializer("allocateBatchBuffers",
                "Row buffers for forwardBatch, made on its first call so that instances that never batch stay small.\n",
                batchFields));
        fields.declareJacobianScratch(type);
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addParameter(weightsType, "weights")
                .addStatement("this.weights = weights");
        fields.initializeInstance(type, constructor, weightsType);
        return type.addMethod(constructor.build()).build();
    }

    private static FieldSpec constant(String name, int value) {
        return FieldSpec.builder(int.class, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L", value)
                .build();
    }
}
