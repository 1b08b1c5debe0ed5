package org.sofj.llext.internal.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.sofj.api.memory.MemoryAccess;
import org.sofj.llext.internal.pack.PluginJar;

/**
 * The byte image of a library's sections, laid out once at load from the verified plugin jar;
 * the same layout the binary manifest's TEXT and DATA segments count (docs/library-format.md
 * section 2).
 *
 * <pre>
 *   text   : every class entry except module-info.class, ascending by entry name, back to back
 *   rodata : every other entry (module-info.class, META-INF/sofj/modules.toml, resources),
 *            ascending by entry name, back to back
 * </pre>
 *
 * <p>An entry's offset is the sum of the sizes of the entries before it in its section; nothing is
 * padded between entries. Immutable; the entries' byte arrays are the verified jar's and are
 * never written.
 */
final class LibraryImage {
    private final List<Map.Entry<String, byte[]>> text;
    private final List<Map.Entry<String, byte[]>> rodata;
    private final Map<String, long[]> rodataIndex;
    private final long textBytes;
    private final long rodataBytes;

    /**
     * @param entries the verified jar's entries, ascending by name
     */
    LibraryImage(SortedMap<String, byte[]> entries) {
        final List<Map.Entry<String, byte[]>> t = new ArrayList<>();
        final List<Map.Entry<String, byte[]>> r = new ArrayList<>();
        final Map<String, long[]> index = new HashMap<>();
        long textSize = 0;
        long rodataSize = 0;
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            final int length = e.getValue().length;
            if (PluginJar.isClass(e.getKey())) {
                t.add(Map.entry(e.getKey(), e.getValue()));
                textSize += length;
            } else {
                r.add(Map.entry(e.getKey(), e.getValue()));
                index.put(e.getKey(), new long[] {rodataSize, length});
                rodataSize += length;
            }
        }
        this.text = Collections.unmodifiableList(t);
        this.rodata = Collections.unmodifiableList(r);
        this.rodataIndex = Collections.unmodifiableMap(index);
        this.textBytes = textSize;
        this.rodataBytes = rodataSize;
    }

    /** @return bytes of the text section, before page rounding */
    long textBytes() {
        return textBytes;
    }

    /** @return bytes of the rodata section, before page rounding */
    long rodataBytes() {
        return rodataBytes;
    }

    /**
     * @param entry a jar entry name
     * @return its offset from the start of rodata, or -1 if it is not a rodata entry
     */
    long rodataOffset(String entry) {
        final long[] at = rodataIndex.get(entry);
        return at == null ? -1 : at[0];
    }

    /**
     * @param entry a jar entry name
     * @return its size in bytes, or -1 if it is not a rodata entry
     */
    long rodataLength(String entry) {
        final long[] at = rodataIndex.get(entry);
        return at == null ? -1 : at[1];
    }

    /**
     * Copies the text section to {@code address} through {@code access}.
     *
     * @param access  the checked accessor; the caller must be allowed to write there
     * @param address the first byte of the text block
     */
    void writeText(MemoryAccess access, long address) {
        write(text, access, address);
    }

    /**
     * Copies the rodata section to {@code address} through {@code access}.
     *
     * @param access  the checked accessor; the caller must be allowed to write there
     * @param address the first byte of the rodata block
     */
    void writeRodata(MemoryAccess access, long address) {
        write(rodata, access, address);
    }

    private static void write(List<Map.Entry<String, byte[]>> section, MemoryAccess access,
            long address) {
        long at = address;
        for (Map.Entry<String, byte[]> e : section) {
            final byte[] bytes = e.getValue();
            access.putBytes(at, bytes, 0, bytes.length);
            at += bytes.length;
        }
    }
}
