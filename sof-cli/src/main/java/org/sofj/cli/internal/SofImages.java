package org.sofj.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.sofj.api.SofException;
import org.sofj.llext.BinaryManifest;
import org.sofj.llext.SofImage;

/** {@code sofj inspect} of a real SOF image: the manifest rimage wrote, module by module. */
final class SofImages {
    private static final String[] SEGMENTS = {"text", "rodata", "bss"};

    private SofImages() {
    }

    /**
     * @param file a file
     * @return whether it starts as a SOF image ({@code $AE1} or {@code $CPD})
     */
    static boolean isSofImage(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return SofImage.looksLikeSofImage(in.readNBytes(4));
        } catch (IOException e) {
            throw new CliException(file + ": unreadable: " + e.getMessage());
        }
    }

    static void print(Path file, PrintWriter out) {
        final SofImage img;
        try {
            img = SofImage.read(file);
        } catch (SofException e) {
            throw new CliException(file + ": " + e.getMessage());
        }
        out.printf(Locale.ROOT, "SOF image %s: %d bytes%n", file, img.fileBytes());
        if (img.extHeader() != null) {
            final SofImage.ExtHeader x = img.extHeader();
            out.printf(Locale.ROOT, "$AE1 extended manifest: %d bytes, version %d.%d, "
                    + "%d module entries%n", x.length(), x.versionMajor(), x.versionMinor(),
                    x.moduleEntries());
        }
        out.printf(Locale.ROOT, "$CPD partition \"%s\" at 0x%x:", img.cpd().partitionName(),
                img.cpd().offset());
        for (SofImage.CpdEntry e : img.cpd().entries()) {
            out.printf(Locale.ROOT, " %s @0x%x+0x%x", e.name(), e.offset(), e.length());
        }
        out.println();
        final BinaryManifest.Header h = img.header();
        final int imageType = h.fwImageFlags() >>> 1 & 3;
        out.printf(Locale.ROOT, "$AM1 manifest at 0x%x: \"%s\" version %s, fw_image_flags 0x%x "
                + "(image_type %d%s), feature_mask 0x%x, preload_page_count %d, fw_compat 0x%x, "
                + "load_offset 0x%x, %d modules%n", img.manifestOffset(), h.name(), h.version(),
                h.fwImageFlags(), imageType, imageType == 2 ? " library" : imageType == 1
                ? " main firmware" : "", h.featureMask(), h.preloadPageCount(), h.fwCompat(),
                h.loadOffset(), img.modules().size());
        out.printf(Locale.ROOT, "%-3s %-8s %-36s %-9s %2s %2s %4s %-10s %5s %4s %-10s %s%n",
                "id", "module", "uuid (SOF byte order)", "load", "ll", "dp", "user", "affinity",
                "inst", "bss", "entry", "configs");
        for (int i = 0; i < img.modules().size(); i++) {
            printModule(out, i, img.modules().get(i), img.configs());
        }
        out.println("This image holds DSP code for the audio DSP; sofj cannot load or run it "
                + "(sofj loads only its own signed .sofjlib libraries).");
    }

    private static void printModule(PrintWriter out, int i, SofImage.Module m,
            List<BinaryManifest.Config> configs) {
        out.printf(Locale.ROOT, "%-3d %-8s %-36s %-9s %2d %2d %4d 0x%-8x %5d %4d 0x%-8x %d@%d%n",
                i, m.name(), m.uuid(), m.loadTypeName(), m.domainLl() ? 1 : 0,
                m.domainDp() ? 1 : 0, m.userMode() ? 1 : 0, m.affinityMask(),
                m.instanceMaxCount(), m.instanceBssSize(), m.entryPoint(), m.cfgCount(),
                m.cfgOffset());
        final StringBuilder seg = new StringBuilder("    segments:");
        for (int s = 0; s < SEGMENTS.length; s++) {
            final BinaryManifest.Segment g = m.segments().get(s);
            seg.append(String.format(Locale.ROOT, " %s flags 0x%x %d pages v 0x%x file 0x%x;",
                    SEGMENTS[s], g.flags() & 0xFFFF, g.lengthPages(), g.vBaseAddr(),
                    g.fileOffset()));
        }
        out.println(seg);
        for (int j = 0; j < m.cfgCount(); j++) {
            final BinaryManifest.Config c = configs.get(m.cfgOffset() + j);
            out.printf(Locale.ROOT, "    config %d: par %d %d %d %d is_bytes %d cps %d ibs %d "
                    + "obs %d module_flags 0x%x cpc %d obls %d%n", m.cfgOffset() + j,
                    c.heapBytes(), c.stackBytes(), c.par2(), c.par3(),
                    Integer.toUnsignedLong(c.isBytes()), Integer.toUnsignedLong(c.cps()),
                    Integer.toUnsignedLong(c.ibs()), Integer.toUnsignedLong(c.obs()),
                    c.moduleFlags(), Integer.toUnsignedLong(c.cpc()),
                    Integer.toUnsignedLong(c.obls()));
        }
    }
}
