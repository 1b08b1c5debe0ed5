package org.sofj.maven;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.sofj.api.SofException;

/**
 * Writes {@code META-INF/sofj/modules.toml} into the compiled classes from each provider's
 * {@code describe}, or, when the project has its own manifest, fails if the two disagree, naming
 * the module, the field and both values. Bound to {@code process-classes}, so tests already see
 * the manifest the library will carry.
 */
@Mojo(name = "manifest", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE)
public final class ManifestMojo extends AbstractMojo {
    /** The project being built: its classes directory and compile class path. Read-only. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** The library name in the manifest: 1 to 8 printable ASCII characters. */
    @Parameter(property = "sofj.libraryName", defaultValue = "${project.artifactId}")
    private String libraryName;

    /** The library version; its leading numbers are used ({@code 1.2.0-SNAPSHOT} is 1.2.0). */
    @Parameter(property = "sofj.libraryVersion", defaultValue = "${project.version}")
    private String libraryVersion;

    /** For Maven. */
    public ManifestMojo() {
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        final Path classes = Path.of(project.getBuild().getOutputDirectory());
        final List<Path> classpath = new ArrayList<>();
        try {
            for (String e : project.getCompileClasspathElements()) {
                classpath.add(Path.of(e));
            }
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("sofj: the compile class path is not resolved", e);
        }
        try {
            final ManifestGenerator.Outcome o = ManifestGenerator.run(classes, classpath,
                    libraryName, libraryVersion);
            getLog().info(o == ManifestGenerator.Outcome.WRITTEN
                    ? "sofj: wrote META-INF/sofj/modules.toml from the providers' describe()"
                    : "sofj: META-INF/sofj/modules.toml agrees with the providers' describe()");
        } catch (IllegalArgumentException | SofException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }
}
