package dev.netjac.cli;

import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.graph.Graph;
import dev.netjac.graph.Shapes;
import dev.netjac.runtime.Network;
import dev.netjac.weights.Npy;
import dev.netjac.weights.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", description = "Evaluate outputs and Jacobians at inputs from a .npy file; writes float64 .npy files.")
final class EvalCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--input", required = true, paramLabel = "X.npy", description = "Inputs: shape (N...) for one, (B, N...) for a batch.")
    Path input;

    @Option(names = "--output", paramLabel = "Y.npy", description = "Write outputs: (M...) or (B, M...).")
    Path output;

    @Option(names = "--jacobian", paramLabel = "J.npy", description = "Write Jacobians: (M, N) or (B, M, N).")
    Path jacobian;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Netjac.Options options = model.options();
        Graph graph = Netjac.read(model.model, options.read());
        int[] inShape = graph.inputShape();
        Tensor x = Npy.read(input);
        int[] xs = x.shape();
        boolean batched;
        if (Arrays.equals(xs, inShape) || (inShape.length > 1 && xs.length == 1 && xs[0] == graph.inputSize())) {
            batched = false;
        } else if (xs.length >= 1 && (Arrays.equals(Arrays.copyOfRange(xs, 1, xs.length), inShape)
                || (xs.length == 2 && xs[1] == graph.inputSize()))) {
            batched = true;
        } else {
            throw new NetjacException(input + ": inputs have shape " + x.shapeString() + ", expected "
                    + Shapes.toString(inShape) + " for one input or (B, " + Shapes.toString(inShape).substring(1)
                    + " for a batch");
        }
        int n = graph.inputSize();
        int m = graph.outputSize();
        int batch = batched ? xs[0] : 1;
        Network network = dev.netjac.compile.JaninoCompiler.instantiate(Netjac.generate(graph, options));
        double[] all = x.toArray();
        double[] ys = new double[batch * m];
        double[] js = jacobian == null ? null : new double[Math.multiplyExact(batch, m * n)];
        double[] xb = new double[n];
        double[] yb = new double[m];
        double[] jb = new double[m * n];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(all, b * n, xb, 0, n);
            if (js != null) {
                network.jacobian(xb, yb, jb);
                System.arraycopy(jb, 0, js, b * m * n, m * n);
            } else {
                network.forward(xb, yb);
            }
            System.arraycopy(yb, 0, ys, b * m, m);
        }
        int[] outShape = graph.outputShape();
        if (output != null) {
            Npy.write(output, batched ? prepend(batch, outShape) : outShape, ys);
        }
        if (js != null) {
            Npy.write(jacobian, batched ? new int[] {batch, m, n} : new int[] {m, n}, js);
        }
        if (output == null && js == null) {
            spec.commandLine().getOut().println(Arrays.toString(ys));
        }
        return 0;
    }

    private static int[] prepend(int first, int[] rest) {
        int[] shape = new int[rest.length + 1];
        shape[0] = first;
        System.arraycopy(rest, 0, shape, 1, rest.length);
        return shape;
    }
}
