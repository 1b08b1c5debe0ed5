package org.sofj.llext.internal.pack;

import java.util.ArrayList;
import java.util.List;

import org.sofj.api.LoadType;
import org.sofj.api.ModuleDescription;
import org.sofj.llext.BinaryManifest;
import org.sofj.llext.BinaryManifest.Config;
import org.sofj.llext.BinaryManifest.Entry;
import org.sofj.llext.BinaryManifest.Header;
import org.sofj.llext.BinaryManifest.Segment;
import org.sofj.llext.internal.manifest.FwHeaderDescriptor;
import org.sofj.llext.internal.manifest.ModuleEntryDescriptor;
import org.sofj.llext.internal.manifest.ModuleTypeBits;
import org.sofj.llext.internal.manifest.SegmentFlags;
import org.sofj.llext.internal.manifest.SourceManifest;

/**
 * Builds the binary manifest of a plugin jar from its source manifest (the rimage step).
 *
 * <p>Sections: the library's notional image is laid out as rimage lays out an ACE library, counted
 * from its base: {@link FwHeaderDescriptor#IMAGE_TEXT_OFFSET} (0x8000) bytes of headers (in a real
 * image the {@code $CPD} directory, CSS and the manifest; in a sofj library the container's other
 * entries), then the class bytes (text), then from the next page its other entries (rodata). Every
 * entry shares the one text and one data segment (one jar is one "ELF file": same TEXT
 * {@code file_offset} and the same hash, as {@code man_hash_modules} copies one hash to every
 * module of one file); its BSS is its {@code is_pages}. {@code v_base_addr} is 0, as rimage writes
 * for llext modules: the address is chosen when a module is mapped.
 */
public final class ManifestBuilder {
    private static final String ZERO_HASH = "0".repeat(64);

    private ManifestBuilder() {
    }

    /**
     * @param source the source manifest (already validated against the jar)
     * @param jar    the plugin jar
     * @return the binary manifest, hashes filled in
     */
    public static BinaryManifest build(SourceManifest source, PluginJar jar) {
        return build(source, jar, ModuleHasher.hash(jar));
    }

    /**
     * As {@link #build(SourceManifest, PluginJar)} with the jar's hash already computed (a load
     * hashes the jar once, to check manifest.bin's hashes, and reuses it here).
     *
     * @param source the source manifest (already validated against the jar)
     * @param jar    the plugin jar
     * @param hash   {@link ModuleHasher#hash(PluginJar)} of {@code jar}
     * @return the binary manifest, hashes filled in
     */
    public static BinaryManifest build(SourceManifest source, PluginJar jar, String hash) {
        final int textPages = checkedPages("text", jar.textBytes());
        final int dataPages = checkedPages("rodata", jar.rodataBytes());
        final SourceManifest.LibraryVersion v = source.version();
        final int textAt = FwHeaderDescriptor.IMAGE_TEXT_OFFSET;
        final int headerPages = textAt / PluginJar.PAGE_SIZE;
        final Header header = new Header(source.name(), headerPages + textPages + dataPages,
                FwHeaderDescriptor.IMAGE_FLAGS_LIBRARY, FwHeaderDescriptor.FEATURE_MASK_ACE,
                v.major(), v.minor(), v.hotfix(), v.build(), source.apiVersion().encode(), 0,
                FwHeaderDescriptor.LOAD_OFFSET_ACE);
        final List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < source.modules().size(); i++) {
            final ModuleDescription d = source.modules().get(i).description();
            final List<Segment> segments = List.of(
                    new Segment(SegmentFlags.of(ModuleEntryDescriptor.SEGMENT_TEXT, textPages),
                            0, textAt),
                    new Segment(SegmentFlags.of(ModuleEntryDescriptor.SEGMENT_DATA, dataPages),
                            0, textAt + textPages * PluginJar.PAGE_SIZE),
                    new Segment(SegmentFlags.of(ModuleEntryDescriptor.SEGMENT_BSS, d.isPages()),
                            0, 0));
            final Config config = new Config((int) d.heapBytes(), (int) d.stackBytes(),
                    d.inputPins(), d.outputPins(),
                    d.isPages() * Config.PAGE_SIZE, d.cps(), d.ibs(), d.obs(), 0, 0, 0);
            entries.add(new Entry(d.name(), d.uuid(), type(d), ZERO_HASH, 0, i, 1,
                    d.affinityMask(), d.instanceMaxCount(), 1, segments, config));
        }
        return withHash(new BinaryManifest(header, entries), hash);
    }

    private static BinaryManifest withHash(BinaryManifest manifest, String hash) {
        final List<Entry> hashed = new ArrayList<>();
        for (int i = 0; i < manifest.entries().size(); i++) {
            hashed.add(manifest.entries().get(i).withHash(hash));
        }
        return new BinaryManifest(manifest.header(), hashed);
    }

    /**
     * @param d a module description
     * @return its {@code sof_man_module_type} word
     */
    public static int type(ModuleDescription d) {
        int type = d.loadType().code() | ModuleTypeBits.DOMAIN_LL;
        if (d.loadType() == LoadType.MODULE) {
            type |= ModuleTypeBits.AUTO_START;
        }
        if (d.userMode()) {
            type |= ModuleTypeBits.USER_MODE;
        }
        return type;
    }

    private static int checkedPages(String section, long bytes) {
        final int pages = PluginJar.pages(bytes);
        if (pages > SegmentFlags.MAX_LENGTH) {
            throw new IllegalArgumentException(section + "=" + bytes + " bytes exceeds "
                    + SegmentFlags.MAX_LENGTH + " pages");
        }
        return pages;
    }
}
