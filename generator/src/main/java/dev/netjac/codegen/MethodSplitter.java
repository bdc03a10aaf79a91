package dev.netjac.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Keeps generated methods under HotSpot's 8,000-byte JIT limit by construction, however deep the network:
 * long lists of calls (the drivers that run every layer) and of field initializations (constructors) are
 * cut into numbered parts of a fixed number of statements.
 */
final class MethodSplitter {
    /** Calls per driver method; each call is ~15 bytes of bytecode, so chunks stay far below 8,000 bytes. */
    static final int CALLS_PER_DRIVER = 48;

    /** Field initializations per constructor or init method (~10 bytes each). */
    static final int INITS_PER_METHOD = 300;

    private MethodSplitter() {}

    /**
     * Gives {@code top} the {@code statements} as its body when there are at most {@code perMethod} of them;
     * otherwise {@code top} calls {@code <name>0, <name>1, ...}, each running a slice with the same parameters.
     * Returns {@code top} followed by its parts.
     */
    static List<MethodSpec> split(MethodSpec.Builder top, List<CodeBlock> statements, int perMethod) {
        List<MethodSpec> methods = new ArrayList<>();
        if (statements.size() <= perMethod) {
            for (CodeBlock statement : statements) {
                top.addStatement(statement);
            }
            methods.add(top.build());
            return methods;
        }
        MethodSpec shape = top.build();
        List<String> names = new ArrayList<>();
        for (ParameterSpec parameter : shape.parameters()) {
            names.add(parameter.name());
        }
        List<MethodSpec> parts = new ArrayList<>();
        for (int start = 0, part = 0; start < statements.size(); start += perMethod, part++) {
            MethodSpec.Builder slice = MethodSpec.methodBuilder(shape.name() + part)
                    .addModifiers(Modifier.PRIVATE)
                    .addParameters(shape.parameters());
            for (CodeBlock statement : statements.subList(start, Math.min(statements.size(), start + perMethod))) {
                slice.addStatement(statement);
            }
            parts.add(slice.build());
            top.addStatement("$L($L)", shape.name() + part, String.join(", ", names));
        }
        methods.add(top.build());
        methods.addAll(parts);
        return methods;
    }

    /** A private driver method {@code name(parameters)} running {@code calls}, split if they are many. */
    static List<MethodSpec> driver(String name, String doc, List<CodeBlock> calls, ParameterSpec... parameters) {
        MethodSpec.Builder top = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("$L\n", doc)
                .addParameters(List.of(parameters));
        return split(top, calls, CALLS_PER_DRIVER);
    }

    /** A private method {@code name()} running the initializations of {@code fields}, split if they are many. */
    static List<MethodSpec> initializer(String name, String doc, List<FieldInit> fields) {
        MethodSpec.Builder top = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc(doc);
        return split(top, inits(fields), INITS_PER_METHOD);
    }

    /**
     * Declares {@code fields} and initializes them in {@code constructor}: directly, as final fields, when
     * they are few; otherwise in an {@code init} method split into {@code init0, init1, ...} of
     * {@link #INITS_PER_METHOD} statements, so that no method, constructors included, grows past the JIT
     * limit (those fields cannot be final, and nothing writes them after construction).
     *
     * @param access the fields' access modifier, or null for package access
     */
    static void initialize(TypeSpec.Builder type, MethodSpec.Builder constructor, List<FieldInit> fields,
                           Modifier access, TypeName paramType, String param) {
        boolean chunked = fields.size() > INITS_PER_METHOD;
        for (FieldInit field : fields) {
            FieldSpec.Builder spec = FieldSpec.builder(field.type(), field.name());
            if (access != null) {
                spec.addModifiers(access);
            }
            if (!chunked) {
                spec.addModifiers(Modifier.FINAL);
            }
            type.addField(spec.build());
        }
        if (!chunked) {
            for (FieldInit field : fields) {
                constructor.addStatement(field.init());
            }
            return;
        }
        type.addMethods(split(MethodSpec.methodBuilder("init").addModifiers(Modifier.PRIVATE).addParameter(paramType, param),
                inits(fields), INITS_PER_METHOD));
        constructor.addStatement("init($L)", param);
    }

    private static List<CodeBlock> inits(List<FieldInit> fields) {
        List<CodeBlock> inits = new ArrayList<>();
        for (FieldInit field : fields) {
            inits.add(field.init());
        }
        return inits;
    }
}
