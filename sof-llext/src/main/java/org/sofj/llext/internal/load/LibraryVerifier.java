package org.sofj.llext.internal.load;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.sofj.api.ApiVersion;
import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.llext.BinaryManifest;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.internal.link.LinkChecker;
import org.sofj.llext.internal.link.LinkResult;
import org.sofj.llext.internal.manifest.ModuleSpec;
import org.sofj.llext.internal.manifest.SourceManifest;
import org.sofj.llext.internal.manifest.SourceManifestParser;
import org.sofj.llext.internal.pack.LibraryContainer;
import org.sofj.llext.internal.pack.ManifestBuilder;
import org.sofj.llext.internal.pack.ModuleHasher;
import org.sofj.llext.internal.pack.PluginJar;
import org.sofj.llext.internal.pack.PluginValidator;

/**
 * The checks of a load, in order: container, signature, hashes, manifest agreement, API version,
 * link check. Touches no loader state; each failure is a {@link LibraryLoadException}.
 */
final class LibraryVerifier {
    /** At most this many link violations are listed in one message. */
    static final int MAX_LISTED = 20;

    private LibraryVerifier() {
    }

    /**
     * Verifies a container already read from {@code file} (named in messages only).
     *
     * @param file    where {@code c} was read from
     * @param c       the container
     * @param message {@code c.signedMessage()}, computed once by the caller (three SHA-256)
     * @param trusted the trusted keys by key id
     * @return the verified library
     */
    static VerifiedLibrary verify(Path file, LibraryContainer c, byte[] message,
            Map<String, PublicKey> trusted) {
        checkSignature(file, c, message, trusted);
        final BinaryManifest manifest = BinaryManifest.read(c.manifest());
        final PluginJar jar = PluginJar.read(c.pluginJar());
        final String hash = checkHashes(manifest, jar);
        final SourceManifest source = checkAgreement(c, manifest, jar, hash);
        if (!ApiVersion.CURRENT.canRun(source.apiVersion())) {
            throw new LibraryLoadException(-Errno.ENOTSUP, "library " + source.name()
                    + " was built against sof-api " + source.apiVersion() + "; this runtime has "
                    + ApiVersion.CURRENT + " (needs the same major and a middle <= "
                    + ApiVersion.CURRENT.middle() + "): rebuild it against this sof-api");
        }
        // a library with user-mode modules gets its classes with preemption checks; the
        // signature, hashes and link check were on the jar's own bytes, and the link check's
        // read of each class (a tree) is the rewrite's
        final boolean user = source.modules().stream().anyMatch(m -> m.description().userMode());
        final Map<String, ClassNode> trees = user ? new HashMap<>() : null;
        checkLinks(file, source, jar, trees);
        if (!user) {
            return new VerifiedLibrary(source, manifest, jar, jar.entries(), Map.of());
        }
        // the allocation proof reads the trees the defined bytes were written from
        final PreemptionPoints.Rewritten defined = PreemptionPoints.rewrite(source.name(),
                jar.entries(), trees);
        return new VerifiedLibrary(source, manifest, jar, defined.entries(),
                AllocationProof.proveLibrary(defined.classes()));
    }

    /**
     * The identity of a library file's verified content: the SHA-256 of the whole file, so two
     * files with the same key hold the same bytes (the same signed parts, key id and signature)
     * and verify the same way against the same trusted keys. A file repacked with other zip
     * framing has another key and is verified again.
     *
     * @param file the file's bytes
     * @return 64 hex digits
     */
    static String contentKey(byte[] file) {
        return HexFormat.of().formatHex(ModuleHasher.sha256().digest(file));
    }

    private static void checkSignature(Path file, LibraryContainer c, byte[] message,
            Map<String, PublicKey> trusted) {
        final PublicKey key = trusted.get(c.keyId());
        if (key == null) {
            throw new LibraryLoadException(-Errno.EACCES, "library file " + file
                    + ": untrusted key: it is signed by key " + c.keyId()
                    + ", which is not among the " + trusted.size()
                    + " trusted keys; add that public key to the trusted keys or re-sign it");
        }
        if (!LibraryKeys.verify(key, message, c.signature())) {
            throw new LibraryLoadException(-Errno.EACCES, "library file " + file
                    + ": bad signature: the contents do not match the signature by trusted key "
                    + c.keyId() + "; the file was modified after signing");
        }
    }

    /** @return the jar's hash, which every entry carries */
    private static String checkHashes(BinaryManifest manifest, PluginJar jar) {
        final String actual = ModuleHasher.hash(jar);
        for (BinaryManifest.Entry e : manifest.entries()) {
            if (!actual.equals(e.hash())) {
                throw new LibraryLoadException(-Errno.EACCES, "module \"" + e.name()
                        + "\": hash mismatch: manifest.bin says " + e.hash()
                        + ", the plugin jar's text and rodata pages hash to " + actual
                        + "; a class or resource differs from what was packed");
            }
        }
        return actual;
    }

    private static SourceManifest checkAgreement(LibraryContainer c, BinaryManifest manifest,
            PluginJar jar, String hash) {
        if (!Arrays.equals(c.toml(), jar.sourceManifest())) {
            throw mismatch("modules.toml differs from the plugin jar's " + SourceManifest.PATH);
        }
        final SourceManifest source = SourceManifestParser.parse(c.toml());
        PluginValidator.validate(source, jar);
        final List<ModuleSpec> specs = source.modules();
        if (specs.size() != manifest.entries().size()) {
            throw mismatch("manifest.bin has " + manifest.entries().size()
                    + " module entries, modules.toml has " + specs.size());
        }
        for (int i = 0; i < specs.size(); i++) {
            final String diff = Differences.of(manifest.entries().get(i).description(),
                    specs.get(i).description());
            if (diff != null) {
                throw mismatch("module \"" + specs.get(i).name() + "\": manifest.bin and "
                        + "modules.toml disagree: " + diff);
            }
        }
        final byte[] expected = ManifestBuilder.build(source, jar, hash).toBytes();
        final byte[] actual = manifest.toBytes();
        final int at = Arrays.mismatch(expected, actual);
        if (at >= 0) {
            throw mismatch("manifest.bin differs at offset " + at + " (" + Differences.field(at,
                    specs.size()) + ") from what modules.toml and the plugin jar give");
        }
        return source;
    }

    private static void checkLinks(Path file, SourceManifest source, PluginJar jar,
            Map<String, ClassNode> trees) {
        final Path name = file.getFileName();
        final LinkResult result;
        try {
            result = LinkChecker.check(jar, source,
                    name == null ? file.toString() : name.toString(), trees);
        } catch (LibraryLoadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw malformedClass(source, jar, e);
        }
        if (!result.passed()) {
            final List<String> lines = result.lines();
            throw new LibraryLoadException(-Errno.ENOEXEC, "library " + source.name()
                    + ": link check failed against the " + result.mode() + " export table, "
                    + lines.size() + " refused reference(s):\n  " + lines.stream()
                    .limit(MAX_LISTED).collect(Collectors.joining("\n  ")));
        }
    }

    /**
     * A signed class the link check could not read (a bad constant pool index, say): find which
     * one by reading every class in full, and name it. If every class reads, the failure was not
     * the input's and is thrown as it was.
     */
    private static LibraryLoadException malformedClass(SourceManifest source, PluginJar jar,
            RuntimeException cause) {
        for (Map.Entry<String, byte[]> e : jar.classes().entrySet()) {
            try {
                new ClassReader(e.getValue()).accept(new ClassVisitor(Opcodes.ASM9) { }, 0);
            } catch (RuntimeException | StackOverflowError bad) {
                return new LibraryLoadException(-Errno.ENOEXEC, "library " + source.name()
                        + ": link check: malformed class " + PluginJar.shown(e.getKey()) + ": "
                        + bad, bad);
            }
        }
        throw cause;
    }

    private static LibraryLoadException mismatch(String why) {
        return new LibraryLoadException(-Errno.EINVAL, "manifest mismatch: " + why);
    }
}
