package dev.netjac.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders user text (layer names, option values) safely inside one-line messages. */
final class Text {
    private Text() {}

    /** A double-quoted, escaped, length-limited rendering of user text. */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        int limit = Math.min(text.length(), 80);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(text.length() > limit ? "...\"" : "\"").toString();
    }

    /** A JSON value as found in a config, for "found ..." messages: strings quoted, containers abbreviated. */
    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isTextual()) {
            return quote(value.asText());
        }
        if (value.isObject()) {
            return value.has("class_name") ? "an object of class " + describe(value.get("class_name")) : "an object";
        }
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }

    /** Up to {@code max} of {@code names}, quoted and comma-separated, with a count of the rest. */
    static String list(List<String> names, int max) {
        if (names.isEmpty()) {
            return "(none)";
        }
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < names.size() && i < max; i++) {
            shown.add(quote(names.get(i)));
        }
        return String.join(", ", shown) + (names.size() > max ? ", ... (" + (names.size() - max) + " more)" : "");
    }

    /** Edit distance (insertions, deletions, substitutions), case-insensitive; for "close names" hints. */
    static int distance(String a, String b) {
        a = a.toLowerCase(Locale.ROOT);
        b = b.toLowerCase(Locale.ROOT);
        if (a.length() > 200 || b.length() > 200) {
            return Integer.MAX_VALUE;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
