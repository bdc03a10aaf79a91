package dev.netjac;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one place where text from model files and command lines is rendered into netjac's one-line messages
 * (the guarantee of {@code docs/errors.md}): quoting, control-character escaping, JSON values in "found ..."
 * clauses, name lists, and the edit distance behind "did you mean" hints. Every reader (spec, TF.js, weight
 * files) and the CLI word their messages with these, so the rules below hold everywhere:
 * <ul>
 *   <li>characters that could end a line or hide text (C0 and C1 controls, DEL, U+2028, U+2029 and Unicode
 *       format characters such as U+202E) are written as {@code \}{@code uXXXX};</li>
 *   <li>user text is cut at {@link #MAX_CHARS} characters and marked with "...";</li>
 *   <li>quoted text also escapes {@code "} and {@code \}, so the closing quote is always netjac's.</li>
 * </ul>
 */
public final class UserText {
    private UserText() {}

    /** At most this many characters of user text are shown; the rest becomes "...". */
    public static final int MAX_CHARS = 80;

    /** At most this many names of a list are shown; the rest are counted. */
    public static final int MAX_NAMES = 10;

    /**
     * {@code text} in double quotes, with quotes, backslashes, control characters and line separators escaped
     * and anything past {@link #MAX_CHARS} cut off: safe to embed in a one-line message.
     */
    public static String quote(String text) {
        return quote(text, MAX_CHARS);
    }

    /** {@link #quote(String)} with another cut-off, for excerpts of binary or very long input. */
    public static String quote(String text, int maxChars) {
        return quote(text, '"', maxChars);
    }

    /**
     * {@code text} between {@code mark}s ({@code '} for Python literals from .npy headers), escaped like
     * {@link #quote(String)} with {@code mark} escaped instead of {@code "}.
     */
    public static String quote(String text, char mark, int maxChars) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), maxChars) + 8).append(mark);
        int limit = Math.min(text.length(), maxChars);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c == mark || c == '\\') {
                sb.append('\\').append(c);
            } else {
                appendEscaped(sb, c);
            }
        }
        if (text.length() > limit) {
            sb.append("...");
        }
        return sb.append(mark).toString();
    }

    /**
     * {@code text} unquoted and uncut, with every character that could break the line escaped: the last guard
     * applied to a whole message (or a path that starts one) before it is printed.
     */
    public static String oneLine(String text) {
        if (!hasBreaking(text)) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            appendEscaped(sb, text.charAt(i));
        }
        return sb.toString();
    }

    /** {@code e} itself when its message is one line, else a copy (same cause and stack) whose message is. */
    public static NetjacException oneLine(NetjacException e) {
        String message = String.valueOf(e.getMessage());
        if (!hasBreaking(message)) {
            return e;
        }
        NetjacException clean = new NetjacException(oneLine(message), e.getCause());
        clean.setStackTrace(e.getStackTrace());
        return clean;
    }

    /** User text that names a file or tensor: as is when plainly safe, else {@link #quote quoted}. */
    public static String fileName(String text) {
        return text.matches("[A-Za-z0-9._/+-]{1,120}") ? text : quote(text);
    }

    /**
     * A JSON value as found, for "expected X, found Y" messages: as written for strings (quoted and escaped),
     * numbers, booleans, {@code null} and arrays (compact, cut at {@link #MAX_CHARS}); {@code an object} (of
     * class "X" when it names its {@code class_name}, as Keras configs do); {@code nothing} when absent.
     */
    public static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isTextual()) {
            return quote(value.asText());
        }
        if (value.isObject()) {
            JsonNode className = value.get("class_name");
            return className != null && className.isTextual() ? "an object of class " + quote(className.asText())
                    : "an object";
        }
        String text = value.toString();
        return oneLine(text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS) + "...");
    }

    /**
     * Up to {@code max} of {@code names}, quoted and comma-separated, with a count of the rest: {@code "a", "b",
     * ... (3 more)}; {@code (none)} for an empty list.
     */
    public static String list(List<String> names, int max) {
        if (names.isEmpty()) {
            return "(none)";
        }
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < names.size() && i < max; i++) {
            shown.add(quote(names.get(i)));
        }
        return String.join(", ", shown) + (names.size() > max ? ", ... (" + (names.size() - max) + " more)" : "");
    }

    /**
     * {@code " (did you mean 'x'?)"} when one of {@code candidates} (netjac's own names, shown unquoted) is
     * spelled almost like {@code given} (a typo, a transposition, another case), else the empty string.
     */
    public static String didYouMean(String given, List<String> candidates) {
        String near = nearest(given, candidates);
        return near == null ? "" : " (did you mean '" + near + "'?)";
    }

    /** The candidate closest to {@code given} within a small edit distance (other than itself), or null. */
    public static String nearest(String given, List<String> candidates) {
        if (given.length() > 64) {
            return null;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int allowed = Math.min(given.length(), candidate.length()) <= 4 ? 1 : 2;
            int d = editDistance(given, candidate);
            if (d <= allowed && d < bestDistance && !candidate.equals(given)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /**
     * Case-insensitive edit distance counting an insertion, deletion, substitution or swap of neighbours as one
     * edit; {@link Integer#MAX_VALUE} for texts longer than 200 characters, which are never close to anything.
     */
    public static int editDistance(String a, String b) {
        if (a.length() > 200 || b.length() > 200) {
            return Integer.MAX_VALUE;
        }
        a = a.toLowerCase(Locale.ROOT);
        b = b.toLowerCase(Locale.ROOT);
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** Controls, line and paragraph separators, and invisible format characters (bidi overrides, BOM). */
    static boolean isBreaking(char c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || Character.getType(c) == Character.FORMAT;
    }

    private static boolean hasBreaking(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isBreaking(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static void appendEscaped(StringBuilder sb, char c) {
        if (isBreaking(c)) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        } else {
            sb.append(c);
        }
    }
}
