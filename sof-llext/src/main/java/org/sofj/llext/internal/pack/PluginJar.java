package org.sofj.llext.internal.pack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.InvalidModuleDescriptorException;
import java.lang.module.ModuleDescriptor;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.llext.internal.manifest.SourceManifest;

/**
 * A modular plugin jar read into memory: its entries sorted by name, its module descriptor and
 * its source manifest. Directories are dropped; a duplicate entry name is an error.
 *
 * @param entries    entry name to contents, ascending by {@link String#compareTo}
 * @param descriptor the {@code module-info.class} at the jar's root
 */
public record PluginJar(SortedMap<String, byte[]> entries, ModuleDescriptor descriptor) {

    /** The largest plugin jar content accepted: 64 MiB. */
    public static final long MAX_BYTES = 64L << 20;
    /** The page size of section lengths. */
    public static final int PAGE_SIZE = 4096;
    private static final String MODULE_INFO = "module-info.class";

    /** Wraps the map unmodifiable. */
    public PluginJar {
        entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    /**
     * @param jar the jar's bytes
     * @return the jar
     * @throws LibraryLoadException {@code -EINVAL} if it is not a readable modular plugin jar
     */
    public static PluginJar read(byte[] jar) {
        final SortedMap<String, byte[]> entries = new TreeMap<>();
        long total = 0;
        // The central directory's names, one char per byte: name() decodes them strictly as UTF-8
        // and names a name that is not. Each entry is inflated once into an array of its size.
        try (ZipBytes zip = ZipBytes.of(jar)) {
            for (int i = 0; i < zip.names().size(); i++) {
                final String name = name(zip.names().get(i));
                if (name.endsWith("/")) {
                    continue;
                }
                if (zip.size(i) > MAX_BYTES - total) {
                    throw invalid("content is larger than " + MAX_BYTES + " bytes");
                }
                final byte[] data = zip.data(i, MAX_BYTES - total);
                total += data.length;
                if (entries.put(name, data) != null) {
                    throw invalid("entry " + ZipBytes.shown(name) + " appears twice");
                }
            }
        } catch (IOException e) {
            throw new LibraryLoadException(-Errno.EINVAL, "plugin jar: unreadable: " + e, e);
        }
        final byte[] info = entries.get(MODULE_INFO);
        if (info == null) {
            throw invalid("no module-info.class at its root: a plugin must be a modular jar");
        }
        if (!entries.containsKey(SourceManifest.PATH)) {
            throw invalid("no " + SourceManifest.PATH);
        }
        try {
            return new PluginJar(entries, ModuleDescriptor.read(ByteBuffer.wrap(info)));
        } catch (InvalidModuleDescriptorException | UncheckedIOException
                | IllegalArgumentException e) {
            throw new LibraryLoadException(-Errno.EINVAL, "plugin jar: bad module-info.class: "
                    + e.getMessage(), e);
        }
    }

    /**
     * @param entry an entry name
     * @return it for a message: each character outside printable ASCII as {@code \\xNN}, at most
     *     100 of them (a signed jar may name an entry with a line feed or an escape sequence)
     */
    public static String shown(String entry) {
        return ZipBytes.shown(entry);
    }

    /** @return the source manifest's bytes */
    public byte[] sourceManifest() {
        return entries.get(SourceManifest.PATH).clone();
    }

    /**
     * @param name an entry name
     * @return whether it is a class the link check scans and the text segment counts
     */
    public static boolean isClass(String name) {
        return name.endsWith(".class") && !name.endsWith(MODULE_INFO);
    }

    /** @return the class entries: entry name to class bytes */
    public Map<String, byte[]> classes() {
        final SortedMap<String, byte[]> result = new TreeMap<>();
        entries.forEach((k, v) -> {
            if (isClass(k)) {
                result.put(k, v);
            }
        });
        return result;
    }

    /** @return bytes of every class entry (the text section) */
    public long textBytes() {
        long n = 0;
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            n += isClass(e.getKey()) ? e.getValue().length : 0;
        }
        return n;
    }

    /** @return bytes of every other entry, module-info included (the rodata section) */
    public long rodataBytes() {
        long n = 0;
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            n += isClass(e.getKey()) ? 0 : e.getValue().length;
        }
        return n;
    }

    /**
     * @param bytes a size
     * @return whole pages that hold it
     */
    public static int pages(long bytes) {
        return (int) ((bytes + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    /** The name as UTF-8, from the ISO-8859-1 string the zip reader made of its bytes. */
    private static String name(String latin1) {
        if (ascii(latin1)) {
            return latin1; // ASCII is UTF-8 as it stands: no decoder needed
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid("entry name \"" + ZipBytes.shown(latin1) + "\" is not valid UTF-8 ("
                    + e + ")");
        }
    }

    private static boolean ascii(String latin1) {
        for (int i = 0; i < latin1.length(); i++) {
            if (latin1.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static LibraryLoadException invalid(String why) {
        return new LibraryLoadException(-Errno.EINVAL, "plugin jar: " + why);
    }
}
