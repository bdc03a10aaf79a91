package dev.netjac.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netjac.Netjac;
import dev.netjac.check.Verifier;
import dev.netjac.graph.Graph;
import dev.netjac.picture.InputGeometry;
import dev.netjac.reference.ReferenceEvaluator;
import dev.netjac.spec.SpecReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explorer's server over raw HTTP: loopback only, a fixed table of resources (no path reaches the
 * filesystem), strict JSON, limited bodies, a loopback Host header, and answers that are the reference
 * evaluator's numbers.
 */
class ViewServerTest {
    @TempDir
    static Path dir;

    static Graph graph;
    static ViewServer server;

    @BeforeAll
    static void start() throws IOException {
        Path spec = dir.resolve("tiny.json");
        Files.writeString(spec, "{\"netjac\": 1, \"name\": \"Tiny\", \"input\": {\"shape\": [3]}, \"layers\": ["
                + "{\"type\": \"dense\", \"units\": 2, \"kernel\": [[0.5, -1.0], [1.5, 0.75], [-0.25, 2.0]], \"bias\": [0.1, -0.2], \"activation\": \"tanh\"},"
                + "{\"type\": \"softmax\"}]}");
        graph = SpecReader.read(spec);
        server = ViewServer.start(new ExplorerModel(graph, Netjac.Options.defaults(), List.of("yes", "no"), InputGeometry.Layout.AUTO), 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    record Response(int status, String body) {}

    /** One HTTP/1.1 request written by hand, so that any header (Host too) can be sent. */
    static Response request(String method, String path, String host, String contentType, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            return new Response(status, split < 0 ? "" : text.substring(split + 4));
        }
    }

    static Response get(String path) throws IOException {
        return request("GET", path, "127.0.0.1:" + server.port(), null, null);
    }

    static Response post(String json) throws IOException {
        return request("POST", "/api/eval", "127.0.0.1:" + server.port(), "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bindsTheLoopbackAddressOnly() {
        assertTrue(server.url().startsWith("http://127.0.0.1:"), server.url());
        assertTrue(InetAddress.getLoopbackAddress().isLoopbackAddress());
    }

    @Test
    void servesThePageAndTheModel() throws IOException {
        Response page = get("/");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("<script src=\"/explorer.js\"></script>"));
        assertEquals(200, get("/explorer.js").status());
        assertEquals(200, get("/explorer.css").status());
        JsonNode model = new ObjectMapper().readTree(get("/api/model").body());
        assertEquals("Tiny", model.get("name").asText());
        assertEquals(3, model.get("inputSize").asInt());
        assertEquals("no", model.get("labels").get(1).asText());
        assertEquals("vector", model.get("geometry").get("layout").asText());
        assertEquals(graph.layers().size(), model.get("layers").size());
        assertEquals("#f7f7f7", model.get("colorMap").get(5).asText());
    }

    @Test
    void evaluatesWithTheGeneratedClassAndAgreesWithTheReference() throws IOException {
        Response r = post("{\"x\": [0.3, -1.2, 2.5]}");
        assertEquals(200, r.status(), r.body());
        JsonNode answer = new ObjectMapper().readTree(r.body());
        double[] x = {0.3, -1.2, 2.5};
        ReferenceEvaluator reference = new ReferenceEvaluator(graph);
        double[] y = {answer.get("y").get(0).asDouble(), answer.get("y").get(1).asDouble()};
        double[] jac = new double[6];
        for (int k = 0; k < 6; k++) {
            jac[k] = answer.get("jac").get(k).asDouble();
        }
        assertTrue(Verifier.relativeError(y, reference.forward(x)) < 1e-6);
        assertTrue(Verifier.relativeError(jac, Verifier.flatten(reference.jacobian(x))) < 1e-6);
    }

    @Test
    void refusesAnythingButStrictJsonOfTheRightLength() throws IOException {
        assertEquals(new Response(400, "\"x\" has 2 numbers, expected 3"), post("{\"x\": [1, 2]}"));
        assertEquals(new Response(400, "\"x\" has more than 3 numbers"), post("{\"x\": [1, 2, 3, 4]}"));
        assertEquals(new Response(400, "\"x\"[1] is not a number"), post("{\"x\": [1, \"2\", 3]}"));
        assertEquals(new Response(400, "expected the key \"x\" and nothing else"), post("{\"x\": [1, 2, 3], \"y\": 1}"));
        assertEquals(new Response(400, "expected the key \"x\" and nothing else"), post("{\"path\": \"/etc/passwd\"}"));
        assertEquals(new Response(400, "unexpected text after the JSON object"), post("{\"x\": [1, 2, 3]} {}"));
        assertEquals(new Response(400, "\"x\"[0] is out of range"), post("{\"x\": [1e999, 2, 3]}"));
        assertTrue(post("{\"x\": [NaN, 2, 3]}").body().startsWith("malformed JSON: Non-standard token 'NaN'"));
        assertTrue(post("{\"x\": [1, 2, 3] /* c */}").body().startsWith("malformed JSON"));
        assertEquals(400, post("[1, 2, 3]").status());
    }

    @Test
    void limitsBodiesMethodsTypesAndHosts() throws IOException {
        byte[] big = new byte[1024 + 32 * 3 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        Response tooBig = request("POST", "/api/eval", "127.0.0.1", "application/json", big);
        assertEquals(413, tooBig.status());
        assertEquals(415, request("POST", "/api/eval", "127.0.0.1", "text/plain", "{\"x\": [1, 2, 3]}".getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(405, get("/api/eval").status());
        assertEquals(405, request("DELETE", "/", "127.0.0.1", null, null).status());
        assertEquals(403, request("GET", "/api/model", "attacker.example:" + server.port(), null, null).status());
        assertEquals(200, request("GET", "/api/model", "localhost:" + server.port(), null, null).status());
    }

    @Test
    void refusesJacobiansTooLargeToSendAtEveryEdit() throws IOException {
        Path spec = dir.resolve("wide.json");
        Files.writeString(spec, "{\"netjac\": 1, \"name\": \"Wide\", \"input\": {\"shape\": [4097]}, \"layers\": [{\"type\": \"relu\"}]}");
        dev.netjac.NetjacException e = org.junit.jupiter.api.Assertions.assertThrows(dev.netjac.NetjacException.class,
                () -> new ExplorerModel(SpecReader.read(spec), Netjac.Options.defaults(), List.of(), InputGeometry.Layout.AUTO));
        assertEquals("wide.json: the explorer sends the whole Jacobian at every edit, at most 1,048,576 entries; this model's is"
                + " 4097 x 4097 (use netjac eval --heatmap for a picture)", e.getMessage());
    }

    @Test
    void noPathReachesTheFilesystem() throws IOException {
        for (String path : new String[] {"/../../../../etc/passwd", "/dev/netjac/view/index.html", "/explorer.js/..",
                "/%2e%2e/%2e%2e/etc/passwd", "/ViewServer.class", "/dev/netjac/view/ViewServer.class", "/index.html%00.js"}) {
            assertEquals(404, get(path).status(), path);
        }
    }
}
