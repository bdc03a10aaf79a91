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

    /**
     * Words javac refuses as a class name although {@link SourceVersion#isKeyword} lets them pass: the
     * restricted type identifiers of Java 10 to 17.
     */
    private static final Set<String> RESTRICTED = Set.of("var", "yield", "record", "sealed", "permits");

    /** True when {@code name} can be used as a generated class's simple name. */
    public static boolean isValidClassName(String name) {
        return classNameProblem(name) == null;
    }

    /** True when {@code name} is a valid dotted package name (or empty, the unnamed package) netjac may write into. */
    public static boolean isValidPackageName(String name) {
        return packageNameProblem(name) == null;
    }

    /**
     * Why {@code name} cannot be a generated class's simple name, as the end of a sentence that starts with
     * the name ("is not a valid Java class name: it is a Java keyword"), or null when it can.
     */
    public static String classNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "is not a valid Java class name: it is empty";
        }
        if (name.indexOf('$') >= 0) {
            // Legal Java, but javac and class loaders name nested classes Outer$Inner: X$Y would be taken for one.
            return "is not a valid Java class name: it contains '$', which Java uses in the names of nested classes";
        }
        if (SourceVersion.isKeyword(name) || RESTRICTED.contains(name)) {
            return "is not a valid Java class name: it is a Java keyword";
        }
        if (!SourceVersion.isIdentifier(name) || !isAscii(name)) {
            return "is not a valid Java class name; expected ASCII letters, digits and _, not starting with a digit";
        }
        if (TAKEN.contains(name)) {
            return "is not a valid Java class name: it clashes with a name the generated class uses (such as Network or"
                    + " Weights)";
        }
        return null;
    }

    /** Why {@code name} cannot be a generated class's package, as the end of a sentence, or null when it can. */
    public static String packageNameProblem(String name) {
        if (name == null) {
            return "is not a valid Java package name: it is missing";
        }
        if (name.isEmpty()) {
            return null;
        }
        for (String part : name.split("\\.", -1)) {
            if (part.indexOf('$') >= 0 || !SourceVersion.isIdentifier(part) || SourceVersion.isKeyword(part)
                    || !isAscii(part)) {
                return "is not a valid Java package name; expected dot-separated ASCII identifiers without $, none a"
                        + " keyword, such as com.example.models";
            }
        }
        if (isJdkPackage(name)) {
            return "is not a valid package for a generated class: " + name.split("\\.", -1)[0] + ".* belongs to the"
                    + " JDK, where no class of yours can be loaded";
        }
        return null;
    }

    /**
     * True for {@code java}, {@code javax} and their subpackages. A class loader refuses to define classes in
     * java.*; javax.* packages belong to JDK modules, and a class path class in a package a module holds is
     * never found.
     */
    public static boolean isJdkPackage(String name) {
        String first = name.split("\\.", -1)[0];
        return first.equals("java") || first.equals("javax");
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
