package dev.netjac.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Generates a Java class and its weights resource for every netjac spec under {@link #sourceDirectory}, and
 * adds the generated folders to the build. Only models whose spec, weight files, package or plugin version
 * changed since the last run are regenerated.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {

    /** The folder holding the models (netjac specs and their weight files). */
    @Parameter(property = "netjac.sourceDirectory", defaultValue = "${project.basedir}/src/main/netjac")
    private File sourceDirectory;

    /** Where the generated .java files go; added as a compile source root. */
    @Parameter(property = "netjac.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/netjac")
    private File outputDirectory;

    /** Where the generated .weights resources go; added as a resource folder. */
    @Parameter(property = "netjac.resourceOutputDirectory",
            defaultValue = "${project.build.directory}/generated-resources/netjac")
    private File resourceOutputDirectory;

    /**
     * Which files under {@link #sourceDirectory} are models (Ant patterns): netjac specs and TF.js model.json
     * files, Keras 2 .h5 and Keras 3 .keras files, ONNX .onnx files. The format is told by content, not by the name.
     */
    @Parameter(property = "netjac.includes", defaultValue = "**/*.json,**/*.h5,**/*.keras,**/*.onnx")
    private List<String> includes;

    /** Files under {@link #sourceDirectory} that are not models although included (Ant patterns). */
    @Parameter(property = "netjac.excludes")
    private List<String> excludes;

    /**
     * The package of every generated class. Empty: each model's folder relative to {@link #sourceDirectory}
     * ({@code models/sub/x.json} gives {@code models.sub}), and {@code netjac} for models directly in it.
     */
    @Parameter(property = "netjac.packageName", defaultValue = "")
    private String packageName;

    /**
     * Per-model class names and packages: {@code <model><file>demo/mlp/model.json</file><className>Mlp</className>
     * <packageName>com.example</packageName></model>}, the file relative to {@link #sourceDirectory}; models not
     * listed keep the spec's name and the derived or configured package.
     */
    @Parameter
    private List<Model> models;

    /** Skips generation (and does not add the generated folders). */
    @Parameter(property = "netjac.skip", defaultValue = "false")
    private boolean skip;

    /**
     * Lets models read files outside their folder ({@code ..}, absolute paths, symlinks leading out); off by
     * default so that a model cannot make the build read, or package, arbitrary files. See docs/security.md.
     */
    @Parameter(property = "netjac.allowOutside", defaultValue = "false")
    private boolean allowOutside;

    /** Where the per-model hashes used to skip unchanged models are kept. */
    @Parameter(property = "netjac.statusDirectory", defaultValue = "${project.build.directory}/maven-status/netjac")
    private File statusDirectory;

    @Parameter(defaultValue = "${plugin.version}", readonly = true, required = true)
    private String pluginVersion;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("netjac: skipped");
            return;
        }
        NetjacGenerator generator = new NetjacGenerator(sourceDirectory.toPath(), outputDirectory.toPath(),
                resourceOutputDirectory.toPath(), statusDirectory.toPath(), includes, excludes, packageName,
                NetjacGenerator.toolVersion(pluginVersion), getLog()::info, getLog()::debug).allowOutside(allowOutside);
        try {
            generator.withModels(models).run();
        } catch (NetjacGenerator.GenerationException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MojoExecutionException("netjac: " + e, e);
        } finally {
            addRoots();
        }
    }

    private void addRoots() {
        String sources = outputDirectory.getAbsolutePath();
        if (!project.getCompileSourceRoots().contains(sources)) {
            project.addCompileSourceRoot(sources);
        }
        String resources = resourceOutputDirectory.getAbsolutePath();
        boolean present = project.getResources().stream()
                .anyMatch(r -> r.getDirectory() != null && new File(r.getDirectory()).getAbsolutePath().equals(resources));
        if (!present) {
            Resource resource = new Resource();
            resource.setDirectory(resources);
            // Only the weights resources go into the jar: never a temporary file a killed run left behind.
            resource.addInclude("**/*.weights");
            project.addResource(resource);
        }
    }
}
