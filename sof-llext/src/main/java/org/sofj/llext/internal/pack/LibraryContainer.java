package org.sofj.llext.internal.pack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.llext.LibraryKeys;

/**
 * A library file: a zip whose entries are, in this order and no others,
 * <pre>
 *   sofj-library   "SOFJLIB1\n": format marker
 *   manifest.bin   the binary manifest (SOF layout)
 *   modules.toml   the source manifest, byte-identical to the plugin jar's
 *   plugin.jar     the plugin jar, unchanged
 *   signer.id      the signer's key id: 64 hex digits (SHA-256 of its X.509 encoding)
 *   signature      64-byte Ed25519 signature over {@link #signedMessage()}
 * </pre>
 * The signed message is {@code "SOFJLIB1"}, then SHA-256 of manifest.bin, of modules.toml and of
 * plugin.jar, then the 32 raw bytes of the signer's key id: 136 bytes.
 *
 * @param manifest  manifest.bin
 * @param toml      modules.toml
 * @param pluginJar plugin.jar
 * @param keyId     signer.id
 * @param signature signature
 */
public record LibraryContainer(byte[] manifest, byte[] toml, byte[] pluginJar, String keyId,
        byte[] signature) {
    /** 64 lower-case hex digits, compiled once. */
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{64}");

    /** The format marker's content. */
    public static final String MARKER = "SOFJLIB1\n";
    /** Entry names in order. */
    public static final List<String> ENTRIES = List.of("sofj-library", "manifest.bin",
            "modules.toml", "plugin.jar", "signer.id", "signature");
    private static final long MAX_ENTRY = PluginJar.MAX_BYTES;
    /** The largest library file read: four times the largest entry. */
    public static final long MAX_FILE = 4 * MAX_ENTRY;
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Signs a library.
     *
     * @param manifest  manifest.bin
     * @param toml      modules.toml
     * @param pluginJar plugin.jar
     * @param signer    the key pair to sign with
     * @return the signed container
     */
    public static LibraryContainer sign(byte[] manifest, byte[] toml, byte[] pluginJar,
            KeyPair signer) {
        final String id = LibraryKeys.keyId(signer.getPublic());
        final byte[] message = message(manifest, toml, pluginJar, id);
        return new LibraryContainer(manifest, toml, pluginJar, id,
                LibraryKeys.sign(signer.getPrivate(), message));
    }

    /** @return the 136 bytes the signature covers */
    public byte[] signedMessage() {
        return message(manifest, toml, pluginJar, keyId);
    }

    private static byte[] message(byte[] manifest, byte[] toml, byte[] jar, String keyId) {
        final ByteBuffer b = ByteBuffer.allocate(8 + 4 * 32);
        b.put("SOFJLIB1".getBytes(StandardCharsets.US_ASCII));
        b.put(ModuleHasher.sha256().digest(manifest));
        b.put(ModuleHasher.sha256().digest(toml));
        b.put(ModuleHasher.sha256().digest(jar));
        b.put(HEX.parseHex(keyId));
        return b.array();
    }

    /**
     * The file's bytes: a zip whose entries are stored, not deflated. The plugin jar, nearly all
     * of a library, is compressed already (deflating it again saved about a tenth and cost every
     * load an inflate of the whole jar); the other entries are a few KB. A reader accepts stored
     * and deflated entries alike.
     *
     * @return the file's bytes
     */
    public byte[] toBytes() {
        final Map<String, byte[]> e = new LinkedHashMap<>();
        e.put(ENTRIES.get(0), MARKER.getBytes(StandardCharsets.US_ASCII));
        e.put(ENTRIES.get(1), manifest);
        e.put(ENTRIES.get(2), toml);
        e.put(ENTRIES.get(3), pluginJar);
        e.put(ENTRIES.get(4), keyId.getBytes(StandardCharsets.US_ASCII));
        e.put(ENTRIES.get(5), signature);
        return JarWriter.stored(e);
    }

    /**
     * @param file where to write the library
     * @throws UncheckedIOException if it cannot be written
     */
    public void write(Path file) {
        try {
            Files.write(file, toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Reads a library file; checks its structure, not its signature.
     *
     * @param file the library file
     * @return its contents
     * @throws LibraryLoadException {@code -EINVAL} if it is truncated, not a zip, or not laid out
     *     as above; {@code -ENOENT} if it does not exist
     */
    public static LibraryContainer read(Path file) {
        return parse(file, bytes(file));
    }

    /**
     * Reads a library file's bytes, once: {@link #parse} and the loader's content key both use
     * them.
     *
     * @param file the library file
     * @return its bytes
     * @throws LibraryLoadException {@code -ENOENT} if it does not exist, {@code -EINVAL} if it
     *     cannot be read or is larger than {@link #MAX_FILE}
     */
    public static byte[] bytes(Path file) {
        // one stat for both questions (it follows links, as Files.isRegularFile does)
        final BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw missing(file);
        }
        if (!attributes.isRegularFile()) {
            throw missing(file);
        }
        try {
            final long size = attributes.size();
            if (size > MAX_FILE) {
                throw invalid(file, "size=" + size + " bytes is larger than " + MAX_FILE
                        + ": not a sofj library");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw invalid(file, "unreadable (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Parses a library file's bytes, read once, in memory: the zip's central directory gives the
     * entries and each is inflated once into an array of its recorded size (no temporary file,
     * no second read). Checks the structure, not the signature.
     *
     * @param file  where the bytes came from, for messages
     * @param bytes the file's bytes
     * @return its contents
     * @throws LibraryLoadException {@code -EINVAL} if it is truncated, not a zip, or not laid out
     *     as above
     */
    public static LibraryContainer parse(Path file, byte[] bytes) {
        final List<byte[]> parts = new ArrayList<>(ENTRIES.size());
        try (ZipBytes zip = ZipBytes.of(bytes)) {
            if (!zip.names().equals(ENTRIES)) {
                throw invalid(file, "entries " + shown(zip.names()) + " must be exactly "
                        + ENTRIES);
            }
            for (int i = 0; i < ENTRIES.size(); i++) {
                parts.add(zip.data(i, MAX_ENTRY));
            }
        } catch (ZipException e) {
            throw invalid(file, "not a complete library container (" + e.getMessage()
                    + "): the file is truncated or is not a sofj library", e);
        }
        return fromParts(file, parts);
    }

    /**
     * The central directory's names for a message: each printable ({@link ZipBytes#shown}) and
     * at most ten of them, the rest counted (a crafted directory may hold 65535).
     */
    private static String shown(List<String> names) {
        final List<String> shown = new ArrayList<>();
        for (int i = 0; i < names.size() && i < ENTRIES.size() + 4; i++) {
            shown.add(ZipBytes.shown(names.get(i)));
        }
        return shown + (names.size() > shown.size()
                ? " and " + (names.size() - shown.size()) + " more" : "");
    }

    private static LibraryContainer fromParts(Path file, List<byte[]> parts) {
        if (!MARKER.equals(new String(parts.get(0), StandardCharsets.US_ASCII))) {
            throw invalid(file, "sofj-library marker is not " + MARKER.trim());
        }
        final String keyId = new String(parts.get(4), StandardCharsets.US_ASCII);
        if (!KEY_ID.matcher(keyId).matches()) {
            throw invalid(file, "signer.id=\"" + ZipBytes.shown(keyId)
                    + "\" must be 64 hex digits");
        }
        if (parts.get(5).length != 64) {
            throw invalid(file, "signature length=" + parts.get(5).length + " must be 64");
        }
        return new LibraryContainer(parts.get(1), parts.get(2), parts.get(3), keyId,
                parts.get(5));
    }

    private static LibraryLoadException missing(Path file) {
        return new LibraryLoadException(-Errno.ENOENT, "library file " + file
                + " does not exist or is not a regular file");
    }

    private static LibraryLoadException invalid(Path file, String why) {
        return new LibraryLoadException(-Errno.EINVAL, "library file " + file + ": " + why);
    }

    private static LibraryLoadException invalid(Path file, String why, Throwable cause) {
        return new LibraryLoadException(-Errno.EINVAL, "library file " + file + ": " + why, cause);
    }
}
