package dev.netjac.maven;

/**
 * One {@code <model>} of the plugin's {@code <models>}: the class name and package of one model's generated
 * class, instead of the spec's {@code name} (or, for a TF.js model, Keras's, such as an auto-generated
 * {@code sequential_13}) and the package derived from its folder.
 *
 * <pre>{@code
 * <model>
 *   <file>demo/mlp/model.json</file>        <!-- relative to sourceDirectory -->
 *   <className>ArmSurrogate</className>     <!-- optional -->
 *   <packageName>com.example.nets</packageName>  <!-- optional -->
 * </model>
 * }</pre>
 * Maven fills the fields by name (the element name {@code model} names this class).
 */
public class Model {
    private String file;
    private String className;
    private String packageName;

    public Model() {}

    Model(String file, String className, String packageName) {
        this.file = file;
        this.className = className;
        this.packageName = packageName;
    }

    String file() {
        return file;
    }

    String className() {
        return className;
    }

    String packageName() {
        return packageName;
    }
}
