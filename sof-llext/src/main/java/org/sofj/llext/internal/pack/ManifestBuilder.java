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
import org.sofj.llext.internal.manifest.ModuleEntryDescriptor;
import org.sofj.llext.internal.manifest.ModuleTypeBits;
import org.sofj.llext.internal.manifest.SegmentFlags;
import org.sofj.llext.internal.manifest.SourceManifest;

/**
 * Builds the binary manifest of a plugin jar from its source manifest (the rimage step).
 *
 * <p>Sections: the library's notional image is its class bytes (text) then, from the next page,
 * its other entries (rodata). Every entry shares the one text and one data segment (one jar is one
 * "ELF file": same TEXT {@code file_offset}); its BSS is its {@code is_pages}. Segment
 * {@code v_base_addr} values are offsets from the library's base: text at 0, rodata after the
 * text pages, then each entry's BSS in entry order. Placing them in simulated memory is a later
 * step's job.
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
        final int textPages = checkedPages("text", jar.textBytes());
        final int dataPages = checkedPages("rodata", jar.rodataBytes());
        final SourceManifest.LibraryVersion v = source.version();
        final Header header = new Header(source.name(), textPages + dataPages, 0, 0, v.major(),
                v.minor(), v.hotfix(), v.build(), source.apiVersion().encode(), 0, 0);
        final List<Entry> entries = new ArrayList<>();
        int bssBase = (textPages + dataPages) * PluginJar.PAGE_SIZE;
        for (int i = 0; i < source.modules().size(); i++) {
            final ModuleDescription d = source.modules().get(i).description();
            final List<Segment> segments = List.of(
                    new Segment(SegmentFlags.of(ModuleEntryDescriptor.SEGMENT_TEXT, textPages),
                            0, 0),
                    new Segment(SegmentFlags.of(ModuleEntryDescriptor.SEGMENT_DATA, dataPages),
                            textPages * PluginJar.PAGE_SIZE, textPages * PluginJar.PAGE_SIZE),
                    new Segment(SegmentFlags.of(ModuleEntryDescriptor.SEGMENT_BSS, d.isPages()),
                            bssBase, 0));
            bssBase += d.isPages() * PluginJar.PAGE_SIZE;
            final Config config = new Config((int) d.heapBytes(), (int) d.stackBytes(), 0, 0,
                    d.isPages(), d.cps(), d.ibs(), d.obs(), 0, 0, 0);
            entries.add(new Entry(i, 0, d.name(), d.uuid(), type(d), ZERO_HASH, 0, i, 1,
                    d.affinityMask(), d.instanceMaxCount(), 1, segments, config));
        }
        return withHashes(new BinaryManifest(header, entries), jar);
    }

    /**
     * @param manifest a manifest
     * @param jar      the plugin jar it describes
     * @return the manifest with every entry's hash computed by {@link ModuleHasher}
     */
    public static BinaryManifest withHashes(BinaryManifest manifest, PluginJar jar) {
        final List<Entry> hashed = new ArrayList<>();
        for (int i = 0; i < manifest.entries().size(); i++) {
            hashed.add(manifest.entries().get(i)
                    .withHash(ModuleHasher.hash(jar, manifest, i)));
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
