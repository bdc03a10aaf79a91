package dev.netjac.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netjac.UserText;
import java.util.ArrayList;
import java.util.List;

/** Renders user text (layer names, option values) safely inside one-line messages. */
final class Text {
    private Text() {}

    /** A JSON value as found in a config, for "found ..." messages: strings quoted, containers abbreviated. */
    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isTextual()) {
            return UserText.quote(value.asText());
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
            shown.add(UserText.quote(names.get(i)));
        }
        return String.join(", ", shown) + (names.size() > max ? ", ... (" + (names.size() - max) + " more)" : "");
    }
}
