package dev.netjac.spec;

import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.layers.Activation;
import dev.netjac.layers.Flatten;
import dev.netjac.layers.LogSoftmax;
import dev.netjac.layers.Softmax;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry of spec layer types: one line per {@code "type"}, naming its arity, its documentation and its
 * parser (whose layers' math lives in {@code dev.netjac.layers}). "Unknown type" messages, arity checks and
 * the layer contract test all read this table, so a type registered here is checked everywhere.
 *
 * <p>Every activation function is also a type; activation aliases ({@code silu}, {@code LeakyReLU}) resolve to
 * their activation's type.
 */
public final class SpecTypes {
    private SpecTypes() {}

    private static final Map<String, SpecType> TYPES = new TreeMap<>();

    static {
        one("dense", "spec.md#layers", CoreParsers::dense);
        one("activation", "spec.md#layers", CoreParsers::activationByName);
        for (Activation activation : Activation.values()) {
            one(activation.specName(), "activations.md#functions",
                    (json, shape, context) -> CoreParsers.activationLayer(json, shape, context, activation));
        }
        // Replace the plain activations of the same names: these take options or weights.
        one("relu", "layers-activations.md#relu-with-options-keras-relu", ActivationParsers::relu);
        one("prelu", "layers-activations.md#prelu-keras-prelu", ActivationParsers::prelu);
        one("thresholded_relu", "layers-activations.md#thresholded_relu-keras-thresholdedrelu", ActivationParsers::thresholdedRelu);
        one("hard_sigmoid", "layers-activations.md#hard_sigmoid-and-selu-with-parameters-onnx", ActivationParsers::hardSigmoid);
        one("selu", "layers-activations.md#hard_sigmoid-and-selu-with-parameters-onnx", ActivationParsers::selu);
        one("pow", "layers-activations.md#pow", ActivationParsers::pow);
        one("clip", "layers-activations.md#clip", ActivationParsers::clip);
        // Over one axis (the last by default) at every position off it.
        one("softmax", "layers-activations.md#softmax-and-log_softmax-on-rank--1",
                (json, shape, context) -> List.of(new Softmax(context.nextId("softmax"), shape, CoreParsers.axis(json, shape))));
        one("log_softmax", "layers-activations.md#softmax-and-log_softmax-on-rank--1",
                (json, shape, context) -> List.of(new LogSoftmax(context.nextId("logSoftmax"), shape, CoreParsers.axis(json, shape))));
        one("flatten", "spec.md#layers", (json, shape, context) -> {
            json.rejectUnknownFields(List.of("type", "name"));
            return List.of(new Flatten(context.nextId("flatten"), shape));
        });
        one("conv1d", "layers-conv.md#fields", ConvParsers::conv1d);
        one("conv2d", "layers-conv.md#fields", ConvParsers::conv2d);
        one("batch_normalization", "layers-normalization.md#batch_normalization-inference", NormalizationParsers::batchNormalization);
        one("layer_normalization", "layers-normalization.md#layer_normalization", NormalizationParsers::layerNormalization);
        one("reshape", "layers-normalization.md#reshape-identity-dropout", ViewParsers::reshape);
        one("identity", "layers-normalization.md#reshape-identity-dropout", ViewParsers::identity);
        one("dropout", "layers-normalization.md#reshape-identity-dropout", ViewParsers::dropout);
        one("max_pooling1d", "layers-pooling.md#fields", PoolingParsers::maxPooling1d);
        one("max_pooling2d", "layers-pooling.md#fields", PoolingParsers::maxPooling2d);
        one("average_pooling1d", "layers-pooling.md#fields", PoolingParsers::averagePooling1d);
        one("average_pooling2d", "layers-pooling.md#fields", PoolingParsers::averagePooling2d);
        one("global_max_pooling1d", "layers-pooling.md#fields", PoolingParsers::globalMaxPooling1d);
        one("global_max_pooling2d", "layers-pooling.md#fields", PoolingParsers::globalMaxPooling2d);
        one("global_average_pooling1d", "layers-pooling.md#fields", PoolingParsers::globalAveragePooling1d);
        one("global_average_pooling2d", "layers-pooling.md#fields", PoolingParsers::globalAveragePooling2d);
        one("affine", "layers-tensor.md#affine", TensorParsers::affine);
        one("transpose", "layers-tensor.md#transpose", TensorParsers::transpose);
        one("pad", "layers-tensor.md#pad", TensorParsers::pad);
        one("slice", "layers-tensor.md#slice", TensorParsers::slice);
        one("broadcast", "layers-tensor.md#broadcast", TensorParsers::broadcast);
        one("patches", "layers-tensor.md#patches", TensorParsers::patches);
        one("reduce_sum", "layers-tensor.md#reduce_sum-reduce_mean-reduce_max", ReductionParsers::reduceSum);
        one("reduce_mean", "layers-tensor.md#reduce_sum-reduce_mean-reduce_max", ReductionParsers::reduceMean);
        one("reduce_max", "layers-tensor.md#reduce_sum-reduce_mean-reduce_max", ReductionParsers::reduceMax);
        merge("add", Arity.atLeast(2), MergeParsers::add);
        merge("subtract", Arity.exactly(2), MergeParsers::subtract);
        merge("multiply", Arity.atLeast(2), MergeParsers::multiply);
        merge("divide", Arity.exactly(2), MergeParsers::divide);
        merge("concatenate", Arity.atLeast(2), MergeParsers::concatenate);
    }

    private static void one(String name, String docs, LayerParser.OneInput parser) {
        register(name, Arity.ONE, docs, (json, shapes, context) -> parser.parse(json, shapes.get(0), context));
    }

    private static void merge(String name, Arity arity, LayerParser.Merge parser) {
        register(name, arity, "spec.md#graphs-residual-networks",
                (json, shapes, context) -> List.of(parser.parse(json, shapes, context)));
    }

    private static void register(String name, Arity arity, String docs, LayerParser parser) {
        TYPES.put(name, new SpecType(name, arity, docs, parser));
    }

    /** Every registered type, sorted by name. */
    public static List<SpecType> all() {
        return List.copyOf(TYPES.values());
    }

    /** Every registered type name, sorted. */
    public static List<String> names() {
        return new ArrayList<>(TYPES.keySet());
    }

    /** The type called {@code name}, or an activation alias's type; null when there is none. */
    public static SpecType get(String name) {
        SpecType type = name == null ? null : TYPES.get(name);
        if (type == null && name != null && Activation.forName(name) != null) {
            type = TYPES.get(Activation.forName(name).specName());
        }
        return type;
    }

    /** The type of the layer object {@code json}, whose {@code "type"} is {@code name}, or the error naming it. */
    static SpecType require(JsonObject json, String name) {
        SpecType type = get(name);
        if (type == null) {
            List<String> known = names();
            Collections.sort(known);
            throw unknown(json, name, known);
        }
        return type;
    }

    private static NetjacException unknown(JsonObject json, String name, List<String> known) {
        return json.error("unknown layer type " + UserText.quote(name) + UserText.didYouMean(name, known)
                + ", expected one of " + String.join(", ", known));
    }
}
