package dev.netjac.cli;

import dev.netjac.Netjac;
import dev.netjac.graph.Graph;
import dev.netjac.graph.JacobianMode;
import dev.netjac.graph.Shapes;
import dev.netjac.layers.Layer;
import dev.netjac.plan.JacobianPlan;
import dev.netjac.plan.JacobianPlanner;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(name = "inspect", description = "Show layers, shapes, parameter count and the Jacobian plan.",
        footerHeading = "%nExamples:%n",
        footer = {"  netjac inspect samples/seed/scaled/seed.json", "  netjac inspect samples/cnn/model.json --mode forward"})
final class InspectCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Netjac.Options options = model.options();
        Graph graph = Netjac.read(model.model, options.read());
        JacobianMode mode = options.jacobianMode() == JacobianMode.AUTO ? graph.jacobianMode() : options.jacobianMode();
        JacobianPlan plan = JacobianPlanner.plan(graph, mode);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "model      %s (%s)%n", graph.name(), graph.source());
        out.printf(Locale.ROOT, "input      %s%n", Shapes.toString(graph.inputShape()));
        // Columns as wide as their widest entry; a graph also shows what each layer reads.
        int idWidth = 5;
        int summaryWidth = 6;
        for (Layer layer : graph.layers()) {
            idWidth = Math.max(idWidth, layer.id().length());
            summaryWidth = Math.max(summaryWidth, layer.summary().length());
        }
        boolean chain = graph.isChain();
        String row = "%-4s %-" + idWidth + "s  %-" + summaryWidth + "s %14s%s%n";
        out.printf(Locale.ROOT, row, "#", "layer", "output", "parameters", chain ? "" : "  reads");
        for (int k = 0; k < graph.layers().size(); k++) {
            Layer layer = graph.layers().get(k);
            String reads = "";
            if (!chain) {
                java.util.List<String> from = new java.util.ArrayList<>();
                for (int f : graph.inputsOf(k)) {
                    from.add(f == Graph.INPUT ? "input" : graph.layers().get(f).id());
                }
                reads = "  " + String.join(", ", from);
            }
            out.printf(Locale.ROOT, row, k, layer.id(), layer.summary(), String.format(Locale.ROOT, "%,d", layer.parameterCount()), reads);
        }
        out.printf(Locale.ROOT, "output     %s%n", Shapes.toString(graph.outputShape()));
        out.printf(Locale.ROOT, "parameters %,d%n", graph.parameterCount());
        out.printf(Locale.ROOT, "jacobian   %d x %d%n", graph.outputSize(), graph.inputSize());
        out.printf(Locale.ROOT, "plan       %s%n", plan.describe());
        out.printf(Locale.ROOT, "cost       %,d multiply-adds per forward + Jacobian (forward pass %,d)%n", plan.totalCost(), plan.forwardPassCost());
        return 0;
    }
}
