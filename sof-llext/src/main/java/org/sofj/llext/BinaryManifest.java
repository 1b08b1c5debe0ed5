package org.sofj.llext;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import org.sofj.api.ApiVersion;
import org.sofj.api.LibraryLoadException;
import org.sofj.api.LoadType;
import org.sofj.api.ModuleDescription;
import org.sofj.llext.internal.manifest.ManifestCodec;
import org.sofj.llext.internal.manifest.ModuleTypeBits;
import org.sofj.llext.internal.manifest.SegmentFlags;

/**
 * A library's binary manifest in SOF's layout: one {@code sof_man_fw_header}, then one
 * {@code sof_man_module} per module, then one {@code sof_man_mod_config} per module; packed and
 * little-endian. The byte layout is drawn in {@code docs/library-format.md}.
 *
 * @param header  the {@code sof_man_fw_header}
 * @param entries the {@code sof_man_module} entries, in index order, each with its config record
 */
public record BinaryManifest(Header header, List<Entry> entries) {
    /** 64 lower-case hex digits, compiled once. */
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    /** The most module entries in one library, rimage's {@code MAX_MODULES}. */
    public static final int MAX_MODULES = 32;

    /**
     * Validates the contents.
     *
     * @param header the {@code sof_man_fw_header}
     * @param entries the {@code sof_man_module} entries, in index order, each with its config
     *     record
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if there are no entries or more than {@link #MAX_MODULES}
     */
    public BinaryManifest {
        Objects.requireNonNull(header, "header");
        entries = List.copyOf(entries);
        if (entries.isEmpty() || entries.size() > MAX_MODULES) {
            throw new IllegalArgumentException("entries=" + entries.size() + " must be in [1, "
                    + MAX_MODULES + "]");
        }
    }

    /**
     * Parses a binary manifest and checks that every entry describes a valid module.
     *
     * @param bytes the manifest bytes
     * @return the manifest
     * @throws LibraryLoadException {@code -EINVAL} naming the struct, field and value that is wrong
     */
    public static BinaryManifest read(byte[] bytes) {
        return ManifestCodec.read(bytes);
    }

    /** {@return the manifest in SOF's layout} */
    public byte[] toBytes() {
        return ManifestCodec.write(this);
    }

    /** {@return each entry's {@link Entry#description()}, in index order} */
    public List<ModuleDescription> descriptions() {
        final List<ModuleDescription> result = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            result.add(e.description());
        }
        return List.copyOf(result);
    }

    /**
     * {@code sof_man_fw_header}; {@code header_id}, {@code header_len} and
     * {@code num_module_entries} are implied.
     *
     * @param name             the library name, 1 to 8 ASCII characters
     * @param preloadPageCount pages of the whole image from its base: 8 header pages, text, rodata
     * @param fwImageFlags     {@code image_type} in bits 1-2: 2 (library)
     * @param featureMask      2, as rimage writes for ACE images
     * @param majorVersion     library version, u16
     * @param minorVersion     library version, u16
     * @param hotfixVersion    library version, u16
     * @param buildVersion     library version, u16
     * @param fwCompat         the sof-api version the library was built against, encoded
     * @param hwBufLength      0
     * @param loadOffset       0x40000, as rimage's ACE platform files
     */
    public record Header(String name, int preloadPageCount, int fwImageFlags, int featureMask,
            int majorVersion, int minorVersion, int hotfixVersion, int buildVersion, int fwCompat,
            int hwBufLength, int loadOffset) {

        /**
         * Validates the header: only the name is required.
         *
         * @param name the library name, 1 to 8 ASCII characters
         * @param preloadPageCount pages of the whole image from its base: 8 header pages, text,
         *     rodata
         * @param fwImageFlags {@code image_type} in bits 1-2: 2 (library)
         * @param featureMask 2, as rimage writes for ACE images
         * @param majorVersion library version, u16
         * @param minorVersion library version, u16
         * @param hotfixVersion library version, u16
         * @param buildVersion library version, u16
         * @param fwCompat the sof-api version the library was built against, encoded
         * @param hwBufLength 0
         * @param loadOffset 0x40000, as rimage's ACE platform files
         * @throws NullPointerException if {@code name} is null
         */
        public Header {
            Objects.requireNonNull(name, "name");
        }

        /** {@return {@link #fwCompat()} decoded} */
        public ApiVersion apiVersion() {
            return ApiVersion.decode(fwCompat);
        }

        /** {@return {@code major.minor.hotfix.build}} */
        public String version() {
            return majorVersion + "." + minorVersion + "." + hotfixVersion + "." + buildVersion;
        }
    }

    /**
     * One {@code sof_man_module} and its {@code sof_man_mod_config}.
     *
     * @param name             1 to 8 ASCII characters
     * @param uuid             the driver lookup key
     * @param type             the {@code sof_man_module_type} bitfield
     * @param hash             SHA-256 of the image's text and rodata pages, 64 hex digits
     * @param entryPoint       0
     * @param cfgOffset        index of its config record
     * @param cfgCount         1
     * @param affinityMask     the cores it may run on
     * @param instanceMaxCount the most instances at once
     * @param instanceBssSize  1, as rimage writes
     * @param segments         TEXT, DATA, BSS
     * @param config           its {@code sof_man_mod_config}
     */
    public record Entry(String name, UUID uuid, int type, String hash,
            int entryPoint, int cfgOffset, int cfgCount, int affinityMask, int instanceMaxCount,
            int instanceBssSize, List<Segment> segments, Config config) {

        /**
         * Validates the entry and copies its segment list.
         *
         * @param name 1 to 8 ASCII characters
         * @param uuid the driver lookup key
         * @param type the {@code sof_man_module_type} bitfield
         * @param hash SHA-256 of the image's text and rodata pages, 64 hex digits
         * @param entryPoint 0
         * @param cfgOffset index of its config record
         * @param cfgCount 1
         * @param affinityMask the cores it may run on
         * @param instanceMaxCount the most instances at once
         * @param instanceBssSize 1, as rimage writes
         * @param segments TEXT, DATA, BSS
         * @param config its {@code sof_man_mod_config}
         * @throws NullPointerException if a reference component is null
         * @throws IllegalArgumentException if there are not three segments or the hash is not 64
         *     hex digits
         */
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(uuid, "uuid");
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(config, "config");
            segments = List.copyOf(segments);
            if (segments.size() != 3) {
                throw new IllegalArgumentException("module=" + name + " segments="
                        + segments.size() + " must be 3");
            }
            if (!HASH.matcher(hash).matches()) {
                throw new IllegalArgumentException("module=" + name + " hash=" + hash
                        + " must be 64 lower-case hex digits");
            }
        }

        /** {@return bit 17 of {@link #type()}} */
        public boolean userMode() {
            return (type & ModuleTypeBits.USER_MODE) != 0;
        }

        /**
         * {@return bits 0-3 of {@link #type()}}
         *
         * @throws IllegalArgumentException if they are not a known load type
         */
        public LoadType loadType() {
            return LoadType.ofCode(type & ModuleTypeBits.LOAD_TYPE_MASK);
        }

        /**
         * A copy of this entry with another hash, as the packer writes it once the pages are
         * hashed.
         *
         * @param newHash 64 lower-case hex digits
         * @return this entry with another hash
         */
        public Entry withHash(String newHash) {
            return new Entry(name, uuid, type, newHash, entryPoint,
                    cfgOffset, cfgCount, affinityMask, instanceMaxCount, instanceBssSize,
                    segments, config);
        }

        /**
         * What this entry says about the module type.
         *
         * @return the description
         * @throws IllegalArgumentException naming the field and value if a field is invalid
         */
        public ModuleDescription description() {
            return ModuleDescription.builder(name, uuid).loadType(loadType()).userMode(userMode())
                    .affinityMask(affinityMask).instanceMaxCount(instanceMaxCount)
                    .ibs(config.ibs()).obs(config.obs()).cps(config.cps())
                    .isPages(config.isPages())
                    .heapBytes(Integer.toUnsignedLong(config.heapBytes()))
                    .stackBytes(Integer.toUnsignedLong(config.stackBytes()))
                    .inputPins(config.par2()).outputPins(config.par3()).build();
        }
    }

    /**
     * A {@code sof_man_segment_desc}.
     *
     * @param flags      the {@code sof_man_segment_flags} word
     * @param vBaseAddr  0: as for llext modules, the address is chosen when the module is mapped
     * @param fileOffset its offset from the image base (0x8000 is the first text byte)
     */
    public record Segment(int flags, int vBaseAddr, int fileOffset) {

        /** {@return the length in pages, bits 16-31 of {@link #flags()}} */
        public int lengthPages() {
            return SegmentFlags.lengthPages(flags);
        }
    }

    /**
     * A {@code sof_man_mod_config}; {@code par[0]} and {@code par[1]} carry sofj's requested heap
     * and stack bytes, {@code par[2]} and {@code par[3]} its declared input and output pins.
     *
     * @param heapBytes   {@code par[0]}
     * @param stackBytes  {@code par[1]}
     * @param par2        {@code par[2]}: the declared input pins, 0 (undeclared) to 8
     * @param par3        {@code par[3]}: the declared output pins, 0 (undeclared) to 8
     * @param isBytes     instance BSS bytes ({@code is_pages}, which SOF fills with bytes)
     * @param cps         cycles per second
     * @param ibs         input buffer size
     * @param obs         output buffer size
     * @param moduleFlags 0
     * @param cpc         0
     * @param obls        0
     */
    public record Config(int heapBytes, int stackBytes, int par2, int par3, int isBytes, int cps,
            int ibs, int obs, int moduleFlags, int cpc, int obls) {

        /** The page size {@link #isBytes()} counts in. */
        public static final int PAGE_SIZE = 4096;

        /**
         * {@return {@link #isBytes()} in pages}
         *
         * @throws IllegalArgumentException if it is not a whole number of pages
         */
        public int isPages() {
            if (isBytes < 0 || isBytes % PAGE_SIZE != 0) {
                throw new IllegalArgumentException("is_pages=" + Integer.toUnsignedString(isBytes)
                        + " bytes must be a whole number of " + PAGE_SIZE + "-byte pages");
            }
            return isBytes / PAGE_SIZE;
        }
    }
}
