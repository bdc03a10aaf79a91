package dev.netjac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one renderer of user text in messages. */
class UserTextTest {
    /** Characters that must never reach a message raw, and some that may. */
    private static final char[] ALPHABET = {'a', 'Z', '0', ' ', '"', '\\', '\'', '/', '*', '\n', '\r', '\t', '\0',
        0x1b, 0x7f, 0x85, 0x9f, 0xa0, 0xe9, 0x2028, 0x2029, 0x202e, 0x200b, 0xfeff, 0x4e2d, 'u', '{', '}'};

    private static String random(Random random, int maxLength) {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    /** Undoes quote's escapes: {@code \"}, {@code \\} and {@code \}{@code uXXXX}. */
    private static String unescape(String body) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                sb.append(c);
            } else if (body.charAt(i + 1) == 'u') {
                sb.append((char) Integer.parseInt(body.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                sb.append(body.charAt(++i));
            }
        }
        return sb.toString();
    }

    private static void assertOneSafeLine(String rendered) {
        for (int i = 0; i < rendered.length(); i++) {
            char c = rendered.charAt(i);
            assertFalse(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || Character.getType(c) == Character.FORMAT,
                    "raw U+" + Integer.toHexString(c) + " in " + rendered);
        }
        assertEquals(1, rendered.lines().count());
    }

    @Test
    void quoteIsOneLineAndReversibleUpToTheCut() {
        Random random = new Random(11);
        for (int n = 0; n < 5000; n++) {
            String text = random(random, 120);
            String quoted = UserText.quote(text);
            assertOneSafeLine(quoted.isEmpty() ? " " : quoted);
            assertTrue(quoted.startsWith("\"") && quoted.endsWith("\""), quoted);
            boolean cut = text.length() > UserText.MAX_CHARS;
            String body = quoted.substring(1, quoted.length() - 1 - (cut ? 3 : 0));
            assertEquals(cut ? text.substring(0, UserText.MAX_CHARS) : text, unescape(body), quoted);
            // The only unescaped quote is the closing one.
            assertFalse(body.replace("\\\\", "").replace("\\\"", "").contains("\""), quoted);
        }
    }

    @Test
    void oneLineEscapesOnlyWhatBreaksLines() {
        Random random = new Random(12);
        for (int n = 0; n < 5000; n++) {
            String text = random(random, 60);
            String line = UserText.oneLine(text);
            assertOneSafeLine(line.isEmpty() ? " " : line);
            if (!text.contains("\\")) {
                assertEquals(text, unescape(line));
            }
        }
        String plain = "seed.json: layers[2] (dense \"fc2\"): kernel w2.npy has shape (100, 12)";
        assertSame(plain, UserText.oneLine(plain));
        assertEquals("a\\u000ab\\u2028c\\u202ed", UserText.oneLine("a\nb\u2028c\u202ed"));
    }

    @Test
    void oneLineOfAnExceptionKeepsItsCauseAndStack() {
        NetjacException plain = new NetjacException("m.json: fine");
        assertSame(plain, UserText.oneLine(plain));
        IllegalStateException cause = new IllegalStateException("x");
        NetjacException broken = new NetjacException("m\n.json: bad", cause);
        NetjacException fixed = UserText.oneLine(broken);
        assertEquals("m\\u000a.json: bad", fixed.getMessage());
        assertSame(cause, fixed.getCause());
        assertEquals(broken.getStackTrace()[0], fixed.getStackTrace()[0]);
    }

    @Test
    void quoteCutsAndMarks() {
        assertEquals("\"" + "x".repeat(80) + "...\"", UserText.quote("x".repeat(81)));
        assertEquals("\"" + "x".repeat(80) + "\"", UserText.quote("x".repeat(80)));
        assertEquals("\"ab...\"", UserText.quote("abc", 2));
        assertEquals("\"a\\\"b\\\\c\\u0000\"", UserText.quote("a\"b\\c\0"));
        assertEquals("\"caf\u00e9 \u4e2d\"", UserText.quote("caf\u00e9 \u4e2d"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"x\"                        | \"x\"",
        "\"a\\nb\"                    | \"a\\u000ab\"",
        "3                            | 3",
        "-2.5                         | -2.5",
        "true                         | true",
        "null                         | null",
        "[1, 2, [3]]                  | [1,2,[3]]",
        "[\"a\\u2028\"]               | [\"a\\u2028\"]",
        "{\"a\": 1}                   | an object",
        "{\"class_name\": \"Dense\"}  | an object of class \"Dense\""})
    void describeRendersJsonValuesOneWay(String json, String expected) throws IOException {
        assertEquals(expected, UserText.describe(new ObjectMapper().readTree(json)));
    }

    @Test
    void describeCutsLongValuesAndNamesAbsentOnes() throws IOException {
        assertEquals("nothing", UserText.describe(null));
        assertEquals("nothing", UserText.describe(JsonNodeFactory.instance.missingNode()));
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(i);
        }
        String described = UserText.describe(new ObjectMapper().valueToTree(many));
        assertEquals(80 + 3, described.length());
        assertTrue(described.startsWith("[0,1,2,") && described.endsWith("..."), described);
        JsonNode hostile = new ObjectMapper().readTree("[\"\\u2029\\u0085\"]");
        assertOneSafeLine(UserText.describe(hostile));
    }

    @Test
    void listsQuoteEachNameAndCountTheRest() {
        assertEquals("(none)", UserText.list(List.of(), 3));
        assertEquals("\"a\", \"b\\u000a\"", UserText.list(List.of("a", "b\n"), 3));
        assertEquals("\"a\", \"b\", ... (2 more)", UserText.list(List.of("a", "b", "c", "d"), 2));
    }

    @Test
    void didYouMeanFindsTyposOnly() {
        List<String> types = List.of("dense", "conv2d", "relu");
        assertEquals(" (did you mean 'dense'?)", UserText.didYouMean("dnese", types));
        assertEquals(" (did you mean 'relu'?)", UserText.didYouMean("ReLU", types));
        assertEquals("", UserText.didYouMean("lstm", types));
        assertEquals("", UserText.didYouMean("dense", types));
    }

    /**
     * The one implementation: no other main source escapes characters as {@code \}{@code uXXXX} or renders JSON
     * values for messages, so a reader cannot drift from the one-line rule.
     */
    @Test
    void noOtherMainSourceEscapesOrDescribes() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                if (file.endsWith(Path.of("dev/netjac/UserText.java"))) {
                    continue;
                }
                String source = Files.readString(file);
                if (source.contains("\"\\\\u%04x\"") || source.matches("(?s).*String describe\\(JsonNode\\b.*")
                        || source.matches("(?s).*String (quote|oneLine|escapeControls)\\(String\\b.*")) {
                    offenders.add(file.toString());
                }
            }
        }
        assertEquals(List.of(), offenders);
    }
}
