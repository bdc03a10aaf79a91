package dev.netjac.view;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The body of {@code POST /api/eval}, parsed strictly: exactly {@code {"x": [n finite numbers]}}, nothing
 * before or after, no other keys, no duplicates, no NaN, no comments. Anything else is a {@link BadRequest}
 * whose message names what was wrong.
 */
final class EvalRequest {
    private EvalRequest() {}

    /** A request the server answers with 400 and this message. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The input vector of length {@code n} in {@code body}. */
    static double[] parse(byte[] body, int n) throws BadRequest {
        double[] x = new double[n];
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "expected a JSON object {\"x\": [...]}");
            expect(p.nextToken() == JsonToken.FIELD_NAME && "x".equals(p.currentName()), "expected the key \"x\" and nothing else");
            expect(p.nextToken() == JsonToken.START_ARRAY, "\"x\" must be an array of " + n + " numbers");
            int count = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                expect(t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT,
                        "\"x\"[" + count + "] is not a number");
                expect(count < n, "\"x\" has more than " + n + " numbers");
                double v = p.getDoubleValue();
                expect(Double.isFinite(v), "\"x\"[" + count + "] is out of range");
                x[count++] = v;
            }
            expect(count == n, "\"x\" has " + count + " numbers, expected " + n);
            expect(p.nextToken() == JsonToken.END_OBJECT, "expected the key \"x\" and nothing else");
            expect(p.nextToken() == null, "unexpected text after the JSON object");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequest("unreadable request: " + e.getMessage());
        }
        return x;
    }

    private static void expect(boolean condition, String message) throws BadRequest {
        if (!condition) {
            throw new BadRequest(message);
        }
    }
}
