package dev.netjac.cli;

import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.codegen.Identifiers;
import dev.netjac.compile.SourceWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generate", description = "Write the generated Java source and its weights resource for a javac build.",
        footerHeading = "%nExample:%n",
        footer = "  netjac generate samples/seed/scaled/seed.json --out target/gen --package com.example.nets")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Source root to write <package>/<Class>.java into.")
    Path out;

    @Option(names = "--resources", paramLabel = "DIR", description = "Resource root for <package>/<Class>.weights (default: --out).")
    Path resources;

    @Option(names = "--package", paramLabel = "P", defaultValue = "dev.netjac.generated", description = "Package of the class (default: ${DEFAULT-VALUE}).")
    String packageName;

    @Option(names = "--class", paramLabel = "C", description = "Class name (default: from the model's name).")
    String className;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (className != null && Identifiers.classNameProblem(className) != null) {
            throw new NetjacException("--class: " + UserText.quote(className) + " " + Identifiers.classNameProblem(className));
        }
        if (Identifiers.packageNameProblem(packageName) != null) {
            throw new NetjacException("--package: " + UserText.quote(packageName) + " "
                    + Identifiers.packageNameProblem(packageName));
        }
        requireFolder(out, "--out");
        if (resources != null) {
            requireFolder(resources, "--resources");
        }
        Netjac.Options options = model.options().withPackageName(packageName).withClassName(className);
        SourceWriter.Written written = Netjac.writeSources(model.model, out, resources == null ? out : resources, options);
        spec.commandLine().getOut().println("wrote " + written.source());
        spec.commandLine().getOut().println("wrote " + written.weights());
        return 0;
    }

    /** Fails early, before reading the model, when an output root exists and is not a folder. */
    private static void requireFolder(Path root, String option) {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new NetjacException(root + ": expected a folder, found a file (" + option + ")");
        }
    }
}
