package dev.netjac.codegen;

import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * The only way text from a model file becomes part of generated source: as a checked or sanitized Java
 * identifier. Anything else a model says reaches generated code as numbers only.
 */
public final class Identifiers {
    private Identifiers() {}

    /** Simple names the generated class refers to; a class of the same name would shadow them. */
    private static final Set<String> TAKEN = Set.of(
            "Network", "WeightSet", "Activations", "Checks", "Arrays", "System", "Math", "Double", "Override",
            "String", "Object", "Weights", "Bundled");

    /** True when {@code name} can be used as a generated class's simple name. */
    public static boolean isValidClassName(String name) {
        return name != null && SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name)
                && !TAKEN.contains(name) && isAscii(name);
    }

    /** True when {@code name} is a valid dotted package name (or empty, the unnamed package). */
    public static boolean isValidPackageName(String name) {
        if (name == null) {
            return false;
        }
        if (name.isEmpty()) {
            return true;
        }
        for (String part : name.split("\\.", -1)) {
            if (!SourceVersion.isIdentifier(part) || SourceVersion.isKeyword(part) || !isAscii(part)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Turns free text (a model or file name) into an UpperCamelCase class name: {@code "seed net-2"} becomes
     * {@code SeedNet2}; text with no letters or digits becomes {@code Network1}-style {@code GeneratedNetwork}.
     */
    public static String toClassName(String text) {
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (int i = 0; text != null && i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!ok) {
                upper = true;
                continue;
            }
            sb.append(upper ? Character.toUpperCase(c) : c);
            upper = false;
        }
        String name = sb.toString();
        if (name.isEmpty()) {
            return "GeneratedNetwork";
        }
        if (Character.isDigit(name.charAt(0))) {
            name = "Net" + name;
        }
        if (!isValidClassName(name)) {
            name = name + "Net";
        }
        return name;
    }

    /**
     * User text (a model's file name) made safe for a comment: letters, digits, space, {@code .}, {@code _} and
     * {@code -} only, everything else becomes {@code _}, so nothing can end a comment, start a unicode escape
     * or a new line, or read as code.
     */
    public static String forComment(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || " ._-".indexOf(c) >= 0;
            sb.append(safe ? c : '_');
        }
        return sb.toString();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
