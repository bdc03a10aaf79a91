package dev.netjac.view;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.netjac.NetjacException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The explorer's web server: the JDK's {@link HttpServer} on 127.0.0.1 only, serving three static resources
 * from the classpath and two JSON endpoints.
 *
 * <ul>
 *   <li>{@code GET /}, {@code /explorer.js}, {@code /explorer.css}: the page (no CDN, nothing from the network).</li>
 *   <li>{@code GET /api/model}: layers, plan, shapes, labels, colour map.</li>
 *   <li>{@code POST /api/eval} with {@code {"x": [...]}}: outputs and the full Jacobian at x.</li>
 * </ul>
 * No request names a file: the static resources are a fixed table, so nothing the browser sends reaches the
 * filesystem. Request bodies are limited to what an input of this network can need, JSON is parsed strictly
 * ({@link EvalRequest}), and a Host header other than the loopback address or {@code localhost} is refused
 * (a page on another site cannot reach the server through DNS rebinding). One thread serves every request,
 * because the generated instance is for one thread at a time.
 */
public final class ViewServer implements AutoCloseable {
    private static final Map<String, String[]> STATIC = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/index.html", new String[] {"index.html", "text/html; charset=utf-8"},
            "/explorer.js", new String[] {"explorer.js", "text/javascript; charset=utf-8"},
            "/explorer.css", new String[] {"explorer.css", "text/css; charset=utf-8"});
    private static final JsonFactory JSON = new JsonFactory();

    private final HttpServer server;
    private final ExecutorService executor;
    private final ExplorerModel model;
    private final byte[] description;
    private final int maxBody;

    private ViewServer(HttpServer server, ExecutorService executor, ExplorerModel model) throws IOException {
        this.server = server;
        this.executor = executor;
        this.model = model;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            model.describe(json);
        }
        this.description = bytes.toByteArray();
        // 32 bytes per number is more than any float64 written in JSON needs.
        this.maxBody = 1024 + 32 * model.inputSize();
    }

    /** Starts serving {@code model} on 127.0.0.1:{@code port} (0: any free port). */
    public static ViewServer start(ExplorerModel model, int port) {
        checkPort(port);
        // Answers are small and go out at once: without TCP_NODELAY, Nagle's algorithm can hold them back.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new NetjacException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage()
                    + (port != 0 ? " (is another server using it? try --port 0)" : ""), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netjac-view");
            t.setDaemon(true);
            return t;
        });
        try {
            ViewServer server = new ViewServer(http, executor, model);
            http.setExecutor(executor);
            http.createContext("/", server::handle);
            http.start();
            return server;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new NetjacException("cannot start the explorer: " + e.getMessage(), e);
        }
    }

    /** Refuses a port number outside 0..65535 (0: any free port). */
    public static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new NetjacException("--port: expected 0 to 65535, found " + port);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            if (!hostIsLocal(exchange.getRequestHeaders().getFirst("Host"))) {
                send(exchange, 403, "text/plain; charset=utf-8", bytes("forbidden: not a loopback Host"));
            } else if (path.equals("/api/eval")) {
                if (!method.equals("POST")) {
                    send(exchange, 405, "text/plain; charset=utf-8", bytes("POST a JSON body {\"x\": [...]}"));
                } else {
                    evaluate(exchange);
                }
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                send(exchange, 405, "text/plain; charset=utf-8", bytes("method not allowed"));
            } else if (path.equals("/api/model")) {
                send(exchange, 200, "application/json", description);
            } else if (STATIC.containsKey(path)) {
                String[] resource = STATIC.get(path);
                send(exchange, 200, resource[1], resource(resource[0]));
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", bytes("not found"));
            }
        } finally {
            exchange.close();
        }
    }

    private void evaluate(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            send(exchange, 415, "text/plain; charset=utf-8", bytes("expected Content-Type: application/json"));
            return;
        }
        byte[] body = readLimited(exchange.getRequestBody(), maxBody);
        if (body == null) {
            send(exchange, 413, "text/plain; charset=utf-8", bytes("request body larger than " + maxBody + " bytes"));
            return;
        }
        double[] x;
        try {
            x = EvalRequest.parse(body, model.inputSize());
        } catch (EvalRequest.BadRequest e) {
            send(exchange, 400, "text/plain; charset=utf-8", bytes(e.getMessage()));
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * model.inputSize() * model.outputSize() + 256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            model.evaluate(x, json);
        }
        send(exchange, 200, "application/json", out.toByteArray());
    }

    /** The body, or null when it is longer than {@code limit} bytes (read no further than that). */
    static byte[] readLimited(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int total = 0;
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            total += read;
            if (total > limit) {
                return null;
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    static boolean hostIsLocal(String host) {
        if (host == null) {
            return false;
        }
        String name = host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
        return name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]");
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ViewServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource dev/netjac/view/" + name + " missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
