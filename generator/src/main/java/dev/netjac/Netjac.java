package dev.netjac;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.codegen.GeneratedNetwork;
import dev.netjac.codegen.Identifiers;
import dev.netjac.codegen.JavaEmitter;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.compile.SourceWriter;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.keras.KerasFileReader;
import dev.netjac.plan.JacobianPlan;
import dev.netjac.plan.JacobianPlanner;
import dev.netjac.runtime.Network;
import dev.netjac.spec.ReadFiles;
import dev.netjac.spec.ReadOptions;
import dev.netjac.spec.SpecReader;
import dev.netjac.onnx.OnnxModelReader;
import dev.netjac.tfjs.TfjsModelReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * netjac's front door. {@code Netjac.load(Path.of("seed.json"))} reads a model, generates its class,
 * compiles it in process with Janino and returns a ready {@link Network};
 * {@link #writeSources} writes the class and its weights for a javac build instead.
 */
public final class Netjac {
    private Netjac() {}

    /**
     * What to generate.
     *
     * @param packageName the generated class's package ({@code dev.netjac.generated} by default)
     * @param className the class's simple name, or null for one derived from the model's name
     * @param jacobianMode AUTO lets the planner choose; REVERSE or FORWARD override the model's choice too
     * @param read what the model reader accepts
     */
    public record Options(String packageName, String className, JacobianMode jacobianMode, ReadOptions read) {
        public static Options defaults() {
            return new Options("dev.netjac.generated", null, JacobianMode.AUTO, ReadOptions.defaults());
        }

        public Options withPackageName(String name) {
            return new Options(name, className, jacobianMode, read);
        }

        public Options withClassName(String name) {
            return new Options(packageName, name, jacobianMode, read);
        }

        public Options withJacobianMode(JacobianMode mode) {
            return new Options(packageName, className, mode, read);
        }

        public Options withRead(ReadOptions options) {
            return new Options(packageName, className, jacobianMode, options);
        }
    }

    /**
     * Reads a model file into a graph, choosing the reader by content ({@link ModelFormat}): a JSON object with
     * {@code "netjac"} is a netjac spec ({@code docs/spec.md}), one with {@code "modelTopology"} a TensorFlow.js
     * layers model ({@code docs/keras.md}); HDF5 is a Keras 2 {@code .h5} file, a zip a Keras 3 {@code .keras}
     * archive, and a protobuf {@code ModelProto} an ONNX model.
     */
    public static Graph read(Path model, ReadOptions options) {
        return readSource(model, options).graph();
    }

    /** {@link #read}, also returning every file the reader opened (what a build tool must watch). */
    public static ModelSource readSource(Path model, ReadOptions options) {
        String file = UserText.oneLine(model.toString());
        ReadFiles files = new ReadFiles();
        ModelFormat format;
        try {
            format = ModelFormat.detect(model, file);
        } catch (NetjacException e) {
            throw UserText.oneLine(e);
        }
        Graph graph = switch (format) {
            case JSON -> readJson(model, file, options, files);
            case HDF5, ZIP -> readKeras(model, file, format, options, files);
            case ONNX -> readOnnx(model, file, options, files);
        };
        return new ModelSource(graph, files.list());
    }

    /** The one place ONNX models enter: {@code dev.netjac.onnx.OnnxModelReader} is wired in here. */
    private static Graph readOnnx(Path model, String file, ReadOptions options, ReadFiles files) {
        return OnnxModelReader.read(model, file, options, files);
    }

    private static Graph readKeras(Path model, String file, ModelFormat format, ReadOptions options, ReadFiles files) {
        return KerasFileReader.read(model, file, format, options, files);
    }

    private static Graph readJson(Path model, String file, ReadOptions options, ReadFiles files) {
        JsonNode root;
        try {
            root = SpecReader.parse(model, file);
        } catch (NetjacException e) {
            throw UserText.oneLine(e);
        }
        if (root.isObject() && root.has("modelTopology") && !root.has("netjac")) {
            return TfjsModelReader.read(model, file, root, options, files);
        }
        if (root.isObject() && !root.has("netjac") && !root.has("layers") && !root.has("input")) {
            List<String> keys = new ArrayList<>();
            root.fieldNames().forEachRemaining(keys::add);
            throw UserText.oneLine(new NetjacException(file + ": not a model file: expected a netjac spec ({\"netjac\": 1, ...})"
                    + " or a TensorFlow.js layers model ({\"modelTopology\": ..., \"weightsManifest\": ...}), found "
                    + (keys.isEmpty() ? "an empty object" : "an object with keys " + UserText.list(keys, UserText.MAX_NAMES))
                    + "; netjac reads " + ModelFormat.READABLE));
        }
        // A netjac spec, maybe a broken one (the spec reader names what is wrong); parsed again, specs are small.
        return SpecReader.read(model, options, files);
    }

    /** Reads, compiles with Janino (cached by source) and instantiates {@code model}. */
    public static Network load(Path model) {
        return load(model, Options.defaults());
    }

    public static Network load(Path model, Options options) {
        return JaninoCompiler.instantiate(generate(read(model, options.read()), options));
    }

    /** Generates the class for {@code graph}. */
    public static GeneratedNetwork generate(Graph graph, Options options) {
        String className = options.className();
        if (className == null) {
            className = Identifiers.toClassName(graph.name());
        } else if (Identifiers.classNameProblem(className) != null) {
            throw new NetjacException(graph.source() + ": class name " + UserText.quote(className) + " "
                    + Identifiers.classNameProblem(className));
        }
        if (Identifiers.packageNameProblem(options.packageName()) != null) {
            throw new NetjacException(graph.source() + ": package name " + UserText.quote(options.packageName()) + " "
                    + Identifiers.packageNameProblem(options.packageName()));
        }
        JacobianMode mode = options.jacobianMode() == JacobianMode.AUTO ? graph.jacobianMode() : options.jacobianMode();
        JacobianPlan plan = JacobianPlanner.plan(graph, mode);
        return JavaEmitter.emit(graph, plan, options.packageName(), className);
    }

    /** Generates {@code model}'s class and writes its source and weights resource for a javac build. */
    public static SourceWriter.Written writeSources(Path model, Path sourceRoot, Path resourceRoot, Options options) {
        return SourceWriter.write(generate(read(model, options.read()), options), sourceRoot, resourceRoot);
    }
}
