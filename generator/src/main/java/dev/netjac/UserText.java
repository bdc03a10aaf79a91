package dev.netjac;

import java.util.Locale;

/**
 * Text from model files rendered safely inside netjac's one-line messages, and the edit distance behind
 * "did you mean" hints. Every reader (spec, TF.js, weights) words its messages with these.
 */
public final class UserText {
    private UserText() {}

    /** At most this many characters of user text are shown; the rest becomes "...". */
    public static final int MAX_CHARS = 80;

    /**
     * {@code text} in double quotes, with quotes, backslashes, control characters and line separators escaped
     * and anything past {@link #MAX_CHARS} cut off: safe to embed in a one-line message.
     */
    public static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        int limit = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (text.length() > limit) {
            sb.append("...");
        }
        return sb.append('"').toString();
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
}
