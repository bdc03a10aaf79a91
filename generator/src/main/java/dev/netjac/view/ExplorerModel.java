package dev.netjac.view;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.codegen.GeneratedNetwork;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.graph.Shapes;
import dev.netjac.layers.Layer;
import dev.netjac.picture.DivergingColorMap;
import dev.netjac.picture.InputGeometry;
import dev.netjac.runtime.Network;
import java.io.IOException;
import java.util.List;

/**
 * The network the explorer shows: its graph and Jacobian plan (described once, as JSON, for the page) and its
 * generated class, compiled once with Janino, which recomputes outputs and the full Jacobian at every edit.
 *
 * <p>Not thread-safe, like the generated instance it owns: the server calls it from one thread.
 */
public final class ExplorerModel {
    /** About 10 MB of JSON per edit: beyond this the page could not keep up with the edits anyway. */
    static final long MAX_JACOBIAN_ENTRIES = 1 << 20;

    private final Graph graph;
    private final GeneratedNetwork generated;
    private final Network network;
    private final InputGeometry geometry;
    private final List<String> labels;
    private final double[] y;
    private final double[] jac;

    /**
     * @param labels one name per output, or empty for "output i"
     * @param layout how to draw the input ({@link InputGeometry.Layout#AUTO} guesses from the shape)
     */
    public ExplorerModel(Graph graph, Netjac.Options options, List<String> labels, InputGeometry.Layout layout) {
        long entries = (long) graph.outputSize() * graph.inputSize();
        if (entries > MAX_JACOBIAN_ENTRIES) {
            throw new NetjacException(graph.source() + ": the explorer sends the whole Jacobian at every edit, at most "
                    + String.format(java.util.Locale.ROOT, "%,d", MAX_JACOBIAN_ENTRIES) + " entries; this model's is "
                    + graph.outputSize() + " x " + graph.inputSize() + " (use netjac eval --heatmap for a picture)");
        }
        this.graph = graph;
        this.generated = Netjac.generate(graph, options);
        this.network = JaninoCompiler.instantiate(generated);
        this.geometry = InputGeometry.of(graph.inputShape(), layout);
        this.labels = List.copyOf(labels);
        this.y = new double[graph.outputSize()];
        this.jac = new double[graph.outputSize() * graph.inputSize()];
        warmUp();
    }

    /**
     * Runs the Jacobian until HotSpot has compiled it (a few hundred calls, at most ~half a second), so that the
     * first edits in the browser are not the ones that pay for interpretation.
     */
    private void warmUp() {
        double[] x = new double[graph.inputSize()];
        long deadline = System.nanoTime() + 500_000_000L;
        for (int k = 0; k < 500 && System.nanoTime() < deadline; k++) {
            x[k % x.length] = 0.5;
            network.jacobian(x, y, jac);
        }
    }

    public int inputSize() {
        return graph.inputSize();
    }

    public int outputSize() {
        return graph.outputSize();
    }

    /** The page's description of the model: layers, plan, shapes, input geometry, labels and the colour map. */
    void describe(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", graph.name());
        json.writeStringField("source", graph.source());
        json.writeStringField("inputShape", Shapes.toString(graph.inputShape()));
        json.writeStringField("outputShape", Shapes.toString(graph.outputShape()));
        json.writeNumberField("inputSize", graph.inputSize());
        json.writeNumberField("outputSize", graph.outputSize());
        json.writeNumberField("parameters", graph.parameterCount());
        json.writeStringField("className", generated.qualifiedName());
        json.writeStringField("plan", generated.plan().describe());
        json.writeNumberField("cost", generated.plan().totalCost());
        json.writeObjectFieldStart("geometry");
        json.writeStringField("layout", geometry.layoutName());
        json.writeNumberField("height", geometry.height());
        json.writeNumberField("width", geometry.width());
        json.writeNumberField("channels", geometry.channels());
        json.writeEndObject();
        json.writeArrayFieldStart("labels");
        for (int i = 0; i < graph.outputSize(); i++) {
            json.writeString(i < labels.size() ? labels.get(i) : "output " + i);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("layers");
        for (int k = 0; k < graph.layers().size(); k++) {
            Layer layer = graph.layers().get(k);
            json.writeStartObject();
            json.writeStringField("id", layer.id());
            json.writeStringField("summary", layer.summary());
            json.writeStringField("output", Shapes.toString(layer.outputShape()));
            json.writeNumberField("parameters", layer.parameterCount());
            json.writeArrayFieldStart("reads");
            for (int from : graph.inputsOf(k)) {
                json.writeString(from == Graph.INPUT ? "input" : graph.layers().get(from).id());
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("colorMap");
        for (String hex : DivergingColorMap.controlPointsHex()) {
            json.writeString(hex);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /**
     * Outputs and the full Jacobian at {@code x}, as {@code {"y": [...], "jac": [...], "micros": t}} with the
     * Jacobian row-major; values go out as float32 text where float32 holds them (7 significant digits: what a
     * picture can show, at half the bytes of float64), else as float64 (the blog's saturated network has
     * Jacobian entries near 1e-60).
     */
    void evaluate(double[] x, JsonGenerator json) throws IOException {
        long t0 = System.nanoTime();
        network.jacobian(x, y, jac);
        long micros = (System.nanoTime() - t0) / 1000;
        json.writeStartObject();
        json.writeArrayFieldStart("y");
        for (double v : y) {
            writeNumber(json, v);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("jac");
        for (double v : jac) {
            writeNumber(json, v);
        }
        json.writeEndArray();
        json.writeNumberField("micros", micros);
        json.writeEndObject();
    }

    /** JSON has no NaN or infinity: those go out as null, which the page draws as "no value". */
    private static void writeNumber(JsonGenerator json, double v) throws IOException {
        double a = Math.abs(v);
        if (v == 0 || (a >= Float.MIN_NORMAL && a <= Float.MAX_VALUE)) {
            json.writeNumber((float) v);
        } else if (Double.isFinite(v)) {
            json.writeNumber(v);
        } else {
            json.writeNull();
        }
    }
}
