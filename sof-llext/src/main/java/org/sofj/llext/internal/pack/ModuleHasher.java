package org.sofj.llext.internal.pack;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import org.sofj.llext.BinaryManifest;
import org.sofj.llext.internal.manifest.ManifestCodec;
import org.sofj.llext.internal.manifest.ModConfigDescriptor;
import org.sofj.llext.internal.manifest.ModuleEntryDescriptor;

/**
 * The {@code sof_man_module.hash} of entry {@code i}: SHA-256 over, in this order,
 * <ol>
 *   <li>every non-directory entry of the plugin jar (classes, {@code module-info.class},
 *       resources, {@code META-INF/sofj/modules.toml}), in ascending order of
 *       {@link String#compareTo} on the names, each as {@code u32 LE} name length in UTF-8 bytes,
 *       the name's UTF-8 bytes, {@code u32 LE} content length, the content;</li>
 *   <li>the entry's 120-byte {@code sof_man_module} with its 32 hash bytes set to zero;</li>
 *   <li>the entry's 44-byte {@code sof_man_mod_config}.</li>
 * </ol>
 * All entries of one jar share its code (as several SOF modules share one ELF), so a change to any
 * class changes every entry's hash; a change to one entry's manifest fields changes its own.
 */
public final class ModuleHasher {
    private static final HexFormat HEX = HexFormat.of();

    private ModuleHasher() {
    }

    /**
     * @param jar      the plugin jar
     * @param manifest a manifest whose hash fields are ignored
     * @param index    the entry index
     * @return the hash, 64 lower-case hex digits
     */
    public static String hash(PluginJar jar, BinaryManifest manifest, int index) {
        final MessageDigest sha = sha256();
        final ByteBuffer len = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, byte[]> e : jar.entries().entrySet()) {
            final byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            sha.update(len.putInt(0, name.length).array());
            sha.update(name);
            sha.update(len.putInt(0, e.getValue().length).array());
            sha.update(e.getValue());
        }
        final byte[] bytes = ManifestCodec.write(manifest);
        final int n = manifest.entries().size();
        final byte[] entry = new byte[ModuleEntryDescriptor.LENGTH];
        System.arraycopy(bytes, ManifestCodec.entryOffset(n, index), entry, 0, entry.length);
        java.util.Arrays.fill(entry, ModuleEntryDescriptor.HASH_OFFSET,
                ModuleEntryDescriptor.HASH_OFFSET + ModuleEntryDescriptor.HASH_LENGTH, (byte) 0);
        sha.update(entry);
        sha.update(bytes, ManifestCodec.configOffset(n, index), ModConfigDescriptor.LENGTH);
        return HEX.formatHex(sha.digest());
    }

    /** @return a SHA-256 digest */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
