package dev.netjac.codegen;

import com.palantir.javapoet.MethodSpec;
import dev.netjac.graph.JacobianMode;
import dev.netjac.layers.Members;
import dev.netjac.plan.JacobianPlan;
import dev.netjac.runtime.Kernels;
import javax.lang.model.element.Modifier;

/**
 * The private {@code jacobianAt(x, y, yOff, jac, jacOff)} that jacobian and jacobianBatch share: the forward
 * pass, the derivative scratch, then the plan's accumulation (reverse, forward or mixed) into
 * {@code jac[jacOff..]}, row-major M×N.
 */
final class JacobianAt {
    private final JacobianPlan plan;
    private final int n;
    private final int m;
    private final MethodSpec.Builder method;

    private JacobianAt(JacobianPlan plan, int n, int m) {
        this.plan = plan;
        this.n = n;
        this.m = m;
        this.method = MethodSpec.methodBuilder("jacobianAt")
                .addModifiers(Modifier.PRIVATE)
                .addParameter(PublicMethods.row("x"))
                .addParameter(PublicMethods.row("y"))
                .addParameter(int.class, "yOff")
                .addParameter(PublicMethods.row("jac"))
                .addParameter(int.class, "jacOff")
                .beginControlFlow("if (jacobianRows == null)")
                .addStatement("$L()", ClassFields.ALLOCATE_JACOBIAN_SCRATCH)
                .endControlFlow()
                .addStatement("evaluate(x)")
                .addStatement("derivatives(x)");
    }

    /**
     * @param pullBack    the whole network, output to input (reverse mode)
     * @param pushForward the whole network, input to output (forward mode)
     * @param inputSide   mixed mode's pull-back from the split, else null
     * @param outputSide  mixed mode's push-forward from the split, else null
     */
    static MethodSpec method(JacobianPlan plan, int n, int m, String output, Propagation pullBack, Propagation pushForward,
                             Propagation inputSide, Propagation outputSide) {
        JacobianAt j = new JacobianAt(plan, n, m);
        if (plan.mode() == JacobianMode.REVERSE) {
            j.reverse(pullBack);
        } else if (plan.mode() == JacobianMode.MIXED) {
            j.mixed(inputSide, outputSide);
        } else {
            j.forward(pushForward);
        }
        return j.method.addStatement("$T.arraycopy($L, 0, y, yOff, OUTPUT_SIZE)", System.class, output).build();
    }

    private void reverse(Propagation pullBack) {
        method.addCode("// Reverse mode: seed the $L x $L identity, pull it back to the input.\n", m, m)
                .addStatement("seedIdentity(jacobianRows[0], $L)", m)
                .addStatement("pullBack(x, jacobianRows, $L)", m)
                .addStatement("double[][] result = jacobianRows[$L]", pullBack.result())
                .beginControlFlow("for (int i = 0; i < $L; i++)", m)
                .addStatement("$T.arraycopy(result[i], 0, jac, jacOff + i * $L, $L)", System.class, n, n)
                .endControlFlow();
    }

    private void mixed(Propagation inputSide, Propagation outputSide) {
        int w = plan.splitWidth();
        method.addCode("// Mixed mode, split at width $L: J = A * B, B ($L x $L) pulled back from the split,\n", w, w, n)
                .addCode("// A ($L x $L) pushed forward from it as $L tangent rows, then one product.\n", m, w, w)
                .addStatement("seedIdentity(jacobianRows[0], $L)", w)
                .addStatement("pullBackInputSide(x, jacobianRows, $L)", w)
                .addStatement("seedIdentity(outputSideRows[0], $L)", w)
                .addStatement("pushForwardOutputSide(x, outputSideRows, $L)", w)
                .addStatement("double[][] tangents = outputSideRows[$L]", outputSide.result())
                .beginControlFlow("for (int k = 0; k < $L; k++)", w)
                .addStatement("double[] t = tangents[k]")
                .beginControlFlow("for (int i = 0; i < $L; i++)", m)
                .addStatement("outputSide[i][k] = t[i]")
                .endControlFlow()
                .endControlFlow()
                .addStatement("$T.rowsTimesMatrix(outputSide, $L, $L, jacobianRows[$L], $L, null, product, $L)", Kernels.class,
                        m, w, inputSide.result(), n, Members.KERNEL_SCRATCH)
                .beginControlFlow("for (int i = 0; i < $L; i++)", m)
                .addStatement("$T.arraycopy(product[i], 0, jac, jacOff + i * $L, $L)", System.class, n, n)
                .endControlFlow();
    }

    private void forward(Propagation pushForward) {
        method.addCode("// Forward mode: seed the $L x $L identity, push it to the output, transpose into jac.\n", n, n)
                .addStatement("seedIdentity(jacobianRows[0], $L)", n)
                .addStatement("pushForward(x, jacobianRows, $L)", n)
                .addStatement("double[][] result = jacobianRows[$L]", pushForward.result())
                .beginControlFlow("for (int j = 0; j < $L; j++)", n)
                .addStatement("double[] t = result[j]")
                .beginControlFlow("for (int i = 0; i < $L; i++)", m)
                .addStatement("jac[jacOff + i * $L + j] = t[i]", n)
                .endControlFlow()
                .endControlFlow();
    }
}
