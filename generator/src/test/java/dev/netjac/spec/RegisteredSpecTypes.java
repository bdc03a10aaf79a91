package dev.netjac.spec;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The spec layer types the reader has registered, for tests that must cover every one of them.
 *
 * <p>A bridge while the registry moves: the one registry {@code SpecTypes.names()} (issue 11, item 4) when it
 * exists, else today's two, {@code LayerParsers} and {@code MergeParsers}. Looked up reflectively so that this
 * test source compiles against either; once {@code SpecTypes} is on main, call it directly and delete this.
 */
public final class RegisteredSpecTypes {
    private RegisteredSpecTypes() {}

    public static Set<String> names() {
        Set<String> types = new TreeSet<>();
        try {
            types.addAll(call("dev.netjac.spec.SpecTypes", "names"));
        } catch (ClassNotFoundException e) {
            try {
                types.addAll(call("dev.netjac.spec.LayerParsers", "knownTypeList"));
                types.addAll(call("dev.netjac.spec.MergeParsers", "knownTypes"));
            } catch (ClassNotFoundException gone) {
                throw new AssertionError("no spec-type registry found", gone);
            }
        }
        if (types.isEmpty()) {
            throw new AssertionError("the spec-type registry is empty");
        }
        return types;
    }

    @SuppressWarnings("unchecked")
    private static Collection<String> call(String type, String method) throws ClassNotFoundException {
        try {
            Method m = Class.forName(type).getDeclaredMethod(method);
            m.setAccessible(true);
            return (Collection<String>) m.invoke(null);
        } catch (ReflectiveOperationException e) {
            if (e instanceof ClassNotFoundException missing) {
                throw missing;
            }
            throw new AssertionError(type + "." + method + "()", e);
        }
    }
}
