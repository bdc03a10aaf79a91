package dev.netjac.cli;

import dev.netjac.Netjac;
import dev.netjac.graph.Graph;
import dev.netjac.picture.InputGeometry;
import dev.netjac.view.ExplorerModel;
import dev.netjac.view.ViewServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "view", description = "Explore the model in the browser: edit the input, watch outputs and saliency (serves 127.0.0.1 only).",
        footerHeading = "%nExample (draw on the CNN's input; prints the address to open, e.g. http://127.0.0.1:7878/):%n",
        footer = {"  netjac view samples/cnn/model.json --port 7878"})
final class ViewCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--port", paramLabel = "P", defaultValue = "7878", description = "Port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    PictureInputOptions picture;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ViewServer.checkPort(port);
        InputGeometry.Layout layout = picture.layout();
        Netjac.Options options = model.options();
        Graph graph = Netjac.read(model.model, options.read());
        ExplorerModel explorer = new ExplorerModel(graph, options, picture.labels(graph.outputSize()), layout);
        ViewServer server = ViewServer.start(explorer, port);
        PrintWriter out = spec.commandLine().getOut();
        out.println("netjac view: " + graph.name() + " (" + graph.source() + ") at " + server.url());
        out.println("open it in a browser; Ctrl-C stops the server");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
