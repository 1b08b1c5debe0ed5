package org.sofj.maven;

import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.Objects;

import javax.inject.Inject;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.sofj.api.SofException;
import org.sofj.llext.BinaryManifest;
import org.sofj.llext.LibraryKeys;

/**
 * Runs the loader's link check on the project's jar, then packs and signs it into
 * {@code target/<finalName>.sofjlib}, attached to the project (type {@code sofjlib}) so
 * {@code mvn install} installs it beside the jar. The signing key comes from the environment or
 * the user's settings, never from the project ({@link SigningKeys}). Any refusal fails the build
 * with the loader's or packer's own message.
 */
@Mojo(name = "pack", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public final class PackMojo extends AbstractMojo {
    /** The project being built: its jar, build directory and final name. Read-only. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** The user's settings, where a {@code <server>} may name the signing key. Read-only. */
    @Parameter(defaultValue = "${settings}", readonly = true, required = true)
    private Settings settings;

    /** The id of the {@code settings.xml} server whose {@code privateKey} is the signing key. */
    @Parameter(property = "sofj.serverId", defaultValue = "sofj")
    private String serverId;

    private final MavenProjectHelper helper;
    private final Map<String, String> environment;

    /**
     * Made by Maven, which injects the helper and then the parameters; the signing key is looked
     * up in this process's environment.
     *
     * @param helper attaches the library to the project
     */
    @Inject
    public PackMojo(MavenProjectHelper helper) {
        this(helper, System.getenv());
    }

    /** For tests: the environment is {@code environment}, not this process's. */
    PackMojo(MavenProjectHelper helper, Map<String, String> environment) {
        this.helper = Objects.requireNonNull(helper, "helper");
        this.environment = Map.copyOf(environment);
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        final File jarFile = project.getArtifact().getFile();
        if (jarFile == null || !jarFile.isFile()) {
            throw new MojoExecutionException("sofj: no jar to pack: run the pack goal in the "
                    + "package phase, after the jar is made");
        }
        final Path jar = jarFile.toPath();
        final Server server = settings.getServer(serverId);
        try {
            final KeyPair key = SigningKeys.find(environment, serverId,
                    server == null ? null : server.getPrivateKey());
            final Path out = Path.of(project.getBuild().getDirectory(),
                    project.getBuild().getFinalName() + ".sofjlib");
            final BinaryManifest m = Packing.pack(jar, key, out);
            helper.attachArtifact(project, "sofjlib", null, out.toFile());
            getLog().info("sofj: packed " + out.getFileName() + ": library \""
                    + m.header().name() + "\" " + m.header().version() + ", "
                    + m.entries().size() + " module(s), signed by key id "
                    + LibraryKeys.keyId(key.getPublic()));
        } catch (IllegalArgumentException | SofException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }
}
