package org.sofj.llext.internal.pack;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The {@code sof_man_module.hash}, as rimage's {@code man_hash_modules} computes it: SHA-256 over
 * the image bytes from the TEXT segment's {@code file_offset} for TEXT pages plus DATA pages of
 * 4096 bytes. In a sofj library those bytes are
 * <ol>
 *   <li>the text: every class entry except {@code module-info.class}, ascending by
 *       {@link String#compareTo} on the names, back to back, zero-padded to a whole page;</li>
 *   <li>the rodata: every other entry ({@code module-info.class}, resources,
 *       {@code META-INF/sofj/modules.toml}), ascending by name, back to back, zero-padded to a whole
 *       page.</li>
 * </ol>
 * These are the {@code .text} and {@code .rodata} blocks the loader maps. All entries of one jar
 * share them (as several SOF modules share one ELF), so they share one hash, as rimage copies one
 * hash to every module of one file. Names and manifest fields are not hashed: the signature covers
 * the whole jar and {@code manifest.bin}.
 */
public final class ModuleHasher {
    private static final HexFormat HEX = HexFormat.of();
    /** Zeros to pad a section to a whole page: only ever read. */
    private static final byte[] ZEROS = new byte[PluginJar.PAGE_SIZE];

    private ModuleHasher() {
    }

    /**
     * @param jar the plugin jar
     * @return the hash of its text and rodata pages, 64 lower-case hex digits
     */
    public static String hash(PluginJar jar) {
        final MessageDigest sha = sha256();
        long text = 0;
        for (Map.Entry<String, byte[]> e : jar.entries().entrySet()) {
            if (PluginJar.isClass(e.getKey())) {
                sha.update(e.getValue());
                text += e.getValue().length;
            }
        }
        pad(sha, text);
        long rodata = 0;
        for (Map.Entry<String, byte[]> e : jar.entries().entrySet()) {
            if (!PluginJar.isClass(e.getKey())) {
                sha.update(e.getValue());
                rodata += e.getValue().length;
            }
        }
        pad(sha, rodata);
        return HEX.formatHex(sha.digest());
    }

    private static void pad(MessageDigest sha, long bytes) {
        final int tail = (int) (bytes % PluginJar.PAGE_SIZE);
        if (tail != 0) {
            sha.update(ZEROS, 0, PluginJar.PAGE_SIZE - tail);
        }
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
