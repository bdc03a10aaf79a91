package dev.netjac.codegen;

import dev.netjac.plan.JacobianPlan;
import dev.netjac.runtime.WeightSet;

/**
 * A generated class: its Java source and the weights it loads, which live beside it as the resource
 * {@link #weightsResourceName()} or are handed to its {@code (WeightSet)} constructor.
 */
public record GeneratedNetwork(String packageName, String className, String source, WeightSet weights, JacobianPlan plan) {

    public String qualifiedName() {
        return packageName.isEmpty() ? className : packageName + "." + className;
    }

    /** The weights resource's file name, resolved relative to the class's package. */
    public String weightsResourceName() {
        return className + ".weights";
    }
}
