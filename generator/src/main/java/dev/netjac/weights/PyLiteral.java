package dev.netjac.weights;

import dev.netjac.UserText;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the small subset of Python literal syntax that .npy headers use: dicts, tuples, lists,
 * strings, integers, {@code True}, {@code False} and {@code None}.
 *
 * <p>numpy writes the header with {@code repr()} and reads it with {@code ast.literal_eval}, so a correct
 * reader has to accept what any numpy version may have written (spacing, trailing commas, either quote
 * style, Python 2 {@code 3L} longs) while never evaluating anything. Values become {@link Map} (insertion
 * ordered), {@link Tuple}, {@link List}, {@link String}, {@link BigInteger}, {@link Boolean} or
 * {@link #NONE}.
 */
final class PyLiteral {
    /** Python's {@code None}. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** A Python tuple, kept apart from lists because numpy requires the shape to be a tuple. */
    static final class Tuple {
        final List<Object> items;

        Tuple(List<Object> items) {
            this.items = Collections.unmodifiableList(items);
        }
    }

    /** The text is not a Python literal; {@link #position} is the 0-based character index of the problem. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final int position;

        SyntaxError(String message, int position) {
            super(message, null, false, false);
            this.position = position;
        }
    }

    /** Nesting deeper than this is refused, so hostile headers like "((((((..." cannot overflow the stack. */
    private static final int MAX_DEPTH = 32;

    private final String text;
    private int pos;

    private PyLiteral(String text) {
        this.text = text;
    }

    /** Parses {@code text}, which must hold exactly one literal, optionally surrounded by whitespace. */
    static Object parse(String text) throws SyntaxError {
        PyLiteral parser = new PyLiteral(text);
        parser.skipWhitespace();
        Object value = parser.value(0);
        parser.skipWhitespace();
        if (parser.pos < text.length()) {
            throw parser.error("expected the end of the header");
        }
        return value;
    }

    /** The Python {@code repr} of a parsed value, for messages. */
    static String repr(Object value) {
        if (value instanceof String) {
            // A single-quoted Python string literal with anything unprintable escaped.
            return UserText.quote((String) value, '\'', Integer.MAX_VALUE);
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "True" : "False";
        }
        if (value instanceof Tuple) {
            List<Object> items = ((Tuple) value).items;
            StringBuilder sb = new StringBuilder("(");
            appendItems(sb, items);
            return sb.append(items.size() == 1 ? ",)" : ")").toString();
        }
        if (value instanceof List) {
            StringBuilder sb = new StringBuilder("[");
            appendItems(sb, (List<?>) value);
            return sb.append(']').toString();
        }
        if (value instanceof Map) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
            }
            return sb.append('}').toString();
        }
        return String.valueOf(value);
    }

    private static void appendItems(StringBuilder sb, List<?> items) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(repr(items.get(i)));
        }
    }

    private Object value(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        if (pos >= text.length()) {
            throw error("expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return dict(depth);
            case '(':
                return tuple(depth);
            case '[':
                return list(depth);
            case '\'':
            case '"':
                return string(false);
            default:
                break;
        }
        if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
            return integer();
        }
        if ((c == 'u' || c == 'U' || c == 'b' || c == 'B' || c == 'r' || c == 'R')
                && pos + 1 < text.length() && (text.charAt(pos + 1) == '\'' || text.charAt(pos + 1) == '"')) {
            pos++;
            return string(c == 'r' || c == 'R');
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            String word = text.substring(start, pos);
            switch (word) {
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                case "None":
                    return NONE;
                default:
                    pos = start;
                    throw error("expected a literal, not the name " + UserText.quote(word, 30));
            }
        }
        throw error("expected a value");
    }

    private Map<Object, Object> dict(int depth) throws SyntaxError {
        pos++; // '{'
        Map<Object, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        while (!tryConsume('}')) {
            Object key = value(depth + 1);
            if (key instanceof Map || key instanceof List) {
                throw error("a dict key must be hashable");
            }
            skipWhitespace();
            expect(':');
            skipWhitespace();
            map.put(key, value(depth + 1));
            skipWhitespace();
            if (tryConsume(',')) {
                skipWhitespace();
            } else if (!peek('}')) {
                throw error("expected ',' or '}'");
            }
        }
        return map;
    }

    /** A tuple, or the plain value for a parenthesised expression without a comma, as in Python. */
    private Object tuple(int depth) throws SyntaxError {
        pos++; // '('
        skipWhitespace();
        List<Object> items = new ArrayList<>();
        if (tryConsume(')')) {
            return new Tuple(items);
        }
        items.add(value(depth + 1));
        skipWhitespace();
        if (tryConsume(')')) {
            return items.get(0);
        }
        expect(',');
        skipWhitespace();
        while (!tryConsume(')')) {
            items.add(value(depth + 1));
            skipWhitespace();
            if (tryConsume(',')) {
                skipWhitespace();
            } else if (!peek(')')) {
                throw error("expected ',' or ')'");
            }
        }
        return new Tuple(items);
    }

    private List<Object> list(int depth) throws SyntaxError {
        pos++; // '['
        skipWhitespace();
        List<Object> items = new ArrayList<>();
        while (!tryConsume(']')) {
            items.add(value(depth + 1));
            skipWhitespace();
            if (tryConsume(',')) {
                skipWhitespace();
            } else if (!peek(']')) {
                throw error("expected ',' or ']'");
            }
        }
        return items;
    }

    private BigInteger integer() throws SyntaxError {
        int start = pos;
        if (peek('-') || peek('+')) {
            pos++;
        }
        int digitsStart = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == digitsStart) {
            throw error("expected digits");
        }
        if (pos - digitsStart > 100) {
            pos = start;
            throw error("integer with more than 100 digits");
        }
        BigInteger value = new BigInteger(text.substring(start, pos));
        if (peek('L') || peek('l')) {
            pos++; // Python 2 long, as numpy < 1.9 under Python 2 wrote shapes
        }
        if (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            throw error("expected an integer");
        }
        return value;
    }

    private String string(boolean raw) throws SyntaxError {
        char quote = text.charAt(pos);
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                pos = start;
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c != '\\' || raw) {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                pos = start;
                throw error("unterminated string");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n':
                    sb.append('\n');
                    break;
                case 't':
                    sb.append('\t');
                    break;
                case 'r':
                    sb.append('\r');
                    break;
                case '0':
                    sb.append('\0');
                    break;
                case '\\':
                case '\'':
                case '"':
                    sb.append(e);
                    break;
                case 'x':
                    sb.append((char) hexDigits(2));
                    break;
                case 'u':
                    sb.append((char) hexDigits(4));
                    break;
                default:
                    sb.append('\\').append(e); // Python keeps unknown escapes as written
                    break;
            }
        }
    }

    private int hexDigits(int count) throws SyntaxError {
        if (pos + count > text.length()) {
            throw error("truncated \\x or \\u escape");
        }
        int value = 0;
        for (int i = 0; i < count; i++) {
            int digit = Character.digit(text.charAt(pos), 16);
            if (digit < 0) {
                throw error("expected a hex digit");
            }
            value = value * 16 + digit;
            pos++;
        }
        return value;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x0b) {
                return;
            }
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean tryConsume(char c) {
        if (peek(c)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws SyntaxError {
        if (!tryConsume(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private SyntaxError error(String expected) {
        String found = pos >= text.length() ? "the end of the header"
                : UserText.quote(text.substring(pos, Math.min(text.length(), pos + 20)), 20);
        return new SyntaxError(expected + ", found " + found, pos);
    }
}
