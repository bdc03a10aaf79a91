package dev.netjac.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;

/** A field of the generated class and the statement that initializes it. */
record FieldInit(TypeName type, String name, CodeBlock init) {}
