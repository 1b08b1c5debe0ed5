package org.sofj.llext;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.llext.internal.link.LinkChecker;
import org.sofj.llext.internal.manifest.SourceManifest;
import org.sofj.llext.internal.manifest.SourceManifestParser;
import org.sofj.llext.internal.pack.PluginJar;

/**
 * The loader's link check on a plugin jar, for tools that want the loader's verdict before a
 * library is packed or loaded: the module author's tests ({@code sof-testkit}) and build
 * ({@code sofj-maven-plugin}).
 *
 * <p>It runs exactly the check {@code LibraryLoaderProvider}'s loader runs at load time: the
 * user-mode rules when any module of the jar's {@code META-INF/sofj/modules.toml} is
 * {@code user_mode = 1}, else the kernel-mode rules. It does not verify signatures or manifests
 * beyond what it needs to read the jar. The rules are described in {@code docs/library-format.md},
 * section "Link check".
 */
public final class LinkCheck {

    private LinkCheck() {
    }

    /**
     * Link-checks a plugin jar file.
     *
     * @param pluginJar the modular plugin jar, with its {@code META-INF/sofj/modules.toml}
     * @return one line per refusal, in scan order, each naming the jar's file name; empty when
     *     the jar links
     * @throws LibraryLoadException {@code -ENOENT} if the file does not exist, {@code -EINVAL} if
     *     it cannot be read or is not a modular plugin jar with a valid source manifest
     */
    public static List<String> check(Path pluginJar) {
        Objects.requireNonNull(pluginJar, "pluginJar");
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(pluginJar);
        } catch (NoSuchFileException e) {
            throw new LibraryLoadException(-Errno.ENOENT, "plugin jar " + pluginJar
                    + ": no such file", e);
        } catch (IOException e) {
            throw new LibraryLoadException(-Errno.EINVAL, "plugin jar " + pluginJar
                    + ": unreadable: " + e, e);
        }
        final Path name = pluginJar.getFileName();
        return check(bytes, name == null ? pluginJar.toString() : name.toString());
    }

    /**
     * Link-checks a plugin jar held in memory.
     *
     * @param pluginJar the modular plugin jar's bytes
     * @param jarName   the name refusals give the jar, e.g. the author's jar file name
     * @return one line per refusal, in scan order; empty when the jar links
     * @throws LibraryLoadException {@code -EINVAL} if the bytes are not a modular plugin jar with
     *     a valid source manifest
     */
    public static List<String> check(byte[] pluginJar, String jarName) {
        Objects.requireNonNull(pluginJar, "pluginJar");
        Objects.requireNonNull(jarName, "jarName");
        final PluginJar jar = PluginJar.read(pluginJar);
        final SourceManifest source = SourceManifestParser.parse(jar.sourceManifest());
        return LinkChecker.check(jar, source, jarName).lines();
    }
}
