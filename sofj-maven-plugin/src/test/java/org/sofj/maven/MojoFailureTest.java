package org.sofj.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.model.Build;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.llext.LibraryContents;
import org.sofj.llext.LibraryKeys;

/**
 * What the author sees when the build fails: the goals, configured as Maven configures them
 * (parameters set on their fields), fail with exactly these one-line messages (Maven prints a
 * {@link MojoFailureException}'s message after "Failed to execute goal ...") and leave nothing
 * behind.
 */
final class MojoFailureTest {
    /** The loader's lines for {@code System.out.println(n)} in GainProvider.create. */
    private static final String CONSOLE_LINES = String.join("\n",
            "gain-1.0.jar: com.example.gain.GainProvider.create(java.lang.String)"
                    + " (GainProvider.java:7) references java.lang.System.out: denied"
                    + " (console output)",
            "gain-1.0.jar: com.example.gain.GainProvider.create(java.lang.String)"
                    + " (GainProvider.java:7) references java.io.PrintStream: denied"
                    + " (console output)",
            "gain-1.0.jar: com.example.gain.GainProvider.create(java.lang.String)"
                    + " (GainProvider.java:7) references java.io.PrintStream.println"
                    + "(java.lang.String): denied (console output)");

    @TempDir
    Path dir;

    /** Sets a goal's parameter the way Maven's configurator does: on the field. */
    private static void set(AbstractMojo mojo, String field, Object value) {
        try {
            final Field f = mojo.getClass().getDeclaredField(field);
            f.setAccessible(true);
            f.set(mojo, value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(field, e);
        }
    }

    private static MavenProject project(Path classes, Path target, File jar) {
        final MavenProject p = new MavenProject();
        p.setGroupId("com.example");
        p.setArtifactId("gain");
        p.setVersion("1.0");
        final Build b = p.getBuild();
        b.setOutputDirectory(classes.toString());
        b.setDirectory(target.toString());
        b.setFinalName("gain-1.0");
        final DefaultArtifact a = new DefaultArtifact("com.example", "gain", "1.0", "compile",
                "jar", null, new DefaultArtifactHandler("jar"));
        a.setFile(jar);
        p.setArtifact(a);
        return p;
    }

    /** Records what the pack goal attaches to the project. */
    private static final class Attached implements MavenProjectHelper {
        final List<File> files = new ArrayList<>();

        @Override
        public void attachArtifact(MavenProject project, File file, String classifier) {
            files.add(file);
        }

        @Override
        public void attachArtifact(MavenProject project, String type, File file) {
            files.add(file);
        }

        @Override
        public void attachArtifact(MavenProject project, String type, String classifier,
                File file) {
            files.add(file);
        }

        @Override
        public void addResource(MavenProject project, String dir, List<String> includes,
                List<String> excludes) {
            throw new AssertionError("pack adds no resources");
        }

        @Override
        public void addTestResource(MavenProject project, String dir, List<String> includes,
                List<String> excludes) {
            throw new AssertionError("pack adds no test resources");
        }
    }

    private KeyPair keys(String prefix) {
        final KeyPair k = LibraryKeys.generate();
        LibraryKeys.writePrivateKey(k.getPrivate(), dir.resolve(prefix + ".key"));
        LibraryKeys.writePublicKey(k.getPublic(), dir.resolve(prefix + ".pub"));
        return k;
    }

    /** The pack goal on {@code jar}, with the environment given and no settings server. */
    private MojoFailureException packFails(Path jar, Map<String, String> env, Attached helper) {
        final PackMojo mojo = new PackMojo(helper, env);
        set(mojo, "project", project(dir.resolve("classes"), dir, jar.toFile()));
        set(mojo, "settings", new Settings());
        set(mojo, "serverId", "sofj");
        return assertThrows(MojoFailureException.class, mojo::execute);
    }

    @Test
    void shouldFailTheManifestGoalNamingTheFieldAndBothValues() throws IOException {
        final Path classes = Plugins.compile(dir, Plugins.gain(Plugins.description(384, true)));
        final Path manifest = classes.resolve("META-INF/sofj/modules.toml");
        final String handWritten = "name = \"gainlib\"\nversion = \"1.0.0\"\n"
                + "api_version = \"1.0.0\"\n\n[[module]]\nname = \"gain\"\n"
                + "uuid = \"0b3c2a6e-5d1f-4c8e-9a7b-3f2e1d0c9b8a\"\n"
                + "provider = \"com.example.gain.GainProvider\"\nuser_mode = 1\nibs = 192\n"
                + "obs = 192\n";
        Files.createDirectories(manifest.getParent());
        Files.writeString(manifest, handWritten);
        final ManifestMojo mojo = new ManifestMojo();
        set(mojo, "project", project(classes, dir, null));
        set(mojo, "libraryName", "gainlib");
        set(mojo, "libraryVersion", "1.0.0");
        final MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("META-INF/sofj/modules.toml: module \"gain\": ibs = 192, but"
                + " com.example.gain.GainProvider.describe(\"gain\") says 384", e.getMessage());
        assertEquals(handWritten, Files.readString(manifest), "left as it was");
    }

    @Test
    void shouldWriteTheManifestWhenTheProjectHasNone() throws Exception {
        final Path classes = Plugins.compile(dir, Plugins.gain(Plugins.description(384, true)));
        final ManifestMojo mojo = new ManifestMojo();
        set(mojo, "project", project(classes, dir, null));
        set(mojo, "libraryName", "gainlib");
        set(mojo, "libraryVersion", "2.1-SNAPSHOT");
        mojo.execute();
        final String toml = Files.readString(classes.resolve("META-INF/sofj/modules.toml"));
        assertTrue(toml.contains("name = \"gainlib\"\nversion = \"2.1.0\"\n")
                && toml.contains("ibs = 384\n"), toml);
    }

    @Test
    void shouldFailThePackGoalWithTheLoadersLinesWhenAUserModuleUsesTheConsole() {
        final Path jar = Plugins.gainJar(dir, "System.out.println(n);");
        keys("me");
        final Attached helper = new Attached();
        final MojoFailureException e = packFails(jar,
                Map.of("SOFJ_KEY", dir.resolve("me.key").toString()), helper);
        assertEquals(CONSOLE_LINES, e.getMessage());
        assertTrue(Files.notExists(dir.resolve("gain-1.0.sofjlib")), "nothing packed");
        assertEquals(List.of(), helper.files, "nothing attached");
    }

    @Test
    void shouldFailThePackGoalWhenThePublicKeyIsNotThePrivateKeys() {
        final Path jar = Plugins.gainJar(dir, "");
        keys("me");
        final KeyPair other = keys("other");
        final Path key = dir.resolve("me.key");
        final Path pub = dir.resolve("other.pub");
        final MojoFailureException e = packFails(jar, Map.of("SOFJ_KEY", key.toString(),
                "SOFJ_PUB", pub.toString()), new Attached());
        assertEquals("pub=" + pub + " (key id " + LibraryKeys.keyId(other.getPublic())
                + ") is not the public key of key=" + key
                + ": use the .pub file written with that key by sofj keygen", e.getMessage());
        assertTrue(Files.notExists(dir.resolve("gain-1.0.sofjlib")), "nothing packed");
    }

    @Test
    void shouldFailThePackGoalWhenOthersCanReadThePrivateKey() throws IOException {
        final Path jar = Plugins.gainJar(dir, "");
        keys("open");
        final Path key = dir.resolve("open.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        final MojoFailureException e = packFails(jar, Map.of("SOFJ_KEY", key.toString()),
                new Attached());
        assertEquals("key=" + key + " is open to others (mode rw-r-----): a private key must be"
                + " the owner's alone; run chmod 600 " + key, e.getMessage());
        assertTrue(Files.notExists(dir.resolve("gain-1.0.sofjlib")), "nothing packed");
    }

    @Test
    void shouldPackSignAndAttachWithTheKeyOfTheSettingsServer() throws Exception {
        final Path jar = Plugins.gainJar(dir, "");
        final KeyPair k = keys("me");
        final Settings settings = new Settings();
        final Server server = new Server();
        server.setId("sofj");
        server.setPrivateKey(dir.resolve("me.key").toString());
        settings.addServer(server);
        final Attached helper = new Attached();
        final PackMojo mojo = new PackMojo(helper, Map.of());
        set(mojo, "project", project(dir.resolve("classes"), dir, jar.toFile()));
        set(mojo, "settings", settings);
        set(mojo, "serverId", "sofj");
        mojo.execute();
        final Path lib = dir.resolve("gain-1.0.sofjlib");
        assertEquals(List.of(lib.toFile()), helper.files);
        assertEquals(LibraryKeys.keyId(k.getPublic()),
                LibraryContents.read(lib).signerKeyId());
    }
}
