package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.Errno;
import org.sofj.api.Ipc4Status;
import org.sofj.api.ModuleIds;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.LibraryPacker;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.Ipc4Codec;
import org.sofj.runtime.ipc.ProcDomain;
import org.sofj.runtime.ipc.UnloadLibrary;

/** {@code SofRuntime.unloadLibrary} and its IPC form, with a real signed library. */
final class UnloadLibraryTest {
    private static final KeyPair KEY = LibraryKeys.generate();
    private static Path library;

    private final RuntimeFixture fx = new RuntimeFixture(SofRuntime.builder()
            .trustedKeys(Set.of(KEY.getPublic())));

    @BeforeAll
    static void pack(@TempDir Path dir) throws Exception {
        library = dir.resolve("unload.sofjlib");
        LibraryPacker.pack(pluginJar(dir), KEY, library);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private int gain(int instance) {
        return fx.kernel.initInstance(new InstanceSpec(fx.kernel.moduleId(3, "UGAIN"), instance, 0,
                1, ProcDomain.LL, RuntimeFixture.CONFIG, null, 0, 0));
    }

    @Test
    void shouldRefuseWhileAnInstanceLivesThenForgetTheLibraryAndLoadItAgain() {
        fx.kernel.loadLibrary(3, library);
        fx.kernel.createPipeline(1, 0);
        final int comp = gain(0);
        assertEquals(-Errno.EBUSY, fx.kernel.unloadLibrary(3));
        assertEquals(1, fx.kernel.ipc(() -> fx.kernel.state.libraries.size()), "nothing changed");
        fx.kernel.deleteInstance(comp);
        assertEquals(0, fx.kernel.unloadLibrary(3));
        assertEquals(0, fx.kernel.ipc(() -> fx.kernel.state.libraries.size()));
        assertTrue(fx.kernel.ipc(() -> fx.kernel.state.drivers.keySet().stream()
                .noneMatch(id -> ModuleIds.libId(id) == 3)), "no driver of lib 3 is kept");
        assertEquals(-Errno.ENOENT, fx.kernel.unloadLibrary(3));
        assertEquals(List.of("UGAIN"), fx.kernel.loadLibrary(3, library));
        gain(1);
    }

    @Test
    void shouldLetTheLibraryClassesBeCollectedAfterUnloadWithoutClosingTheRuntime() {
        fx.kernel.loadLibrary(3, library);
        fx.kernel.createPipeline(1, 0);
        fx.kernel.deleteInstance(gain(0));
        final WeakReference<ClassLoader> loader = fx.kernel.ipc(() -> new WeakReference<>(
                fx.kernel.state.libraries.get(3).provider("UGAIN").getClass().getClassLoader()));
        assertEquals(0, fx.kernel.unloadLibrary(3));
        for (int i = 0; i < 50 && loader.get() != null; i++) { // bounded GC rounds
            System.gc();
        }
        assertNull(loader.get(), "the library's class loader was collected");
    }

    @Test
    void shouldAnswerTheIpcFormWithStatuses() {
        final Ipc4Codec codec = Ipc4Codec.standard();
        assertEquals(Ipc4Status.INVALID_RESOURCE_ID, fx.kernel.ipc(codec.encode(
                new UnloadLibrary(3))).primary() & 0xFF_FFFF);
        fx.kernel.loadLibrary(3, library);
        fx.kernel.createPipeline(1, 0);
        final int comp = gain(0);
        assertEquals(Ipc4Status.INVALID_RESOURCE_STATE, fx.kernel.ipc(codec.encode(
                new UnloadLibrary(3))).primary() & 0xFF_FFFF);
        fx.kernel.deleteInstance(comp);
        // primary: TYPE_SET(28) | lib_id 3 in bits 19..16, by hand
        assertEquals(Ipc4Status.SUCCESS, fx.kernel.ipc(new org.sofj.runtime.ipc.Ipc4Frame(
                28 << 24 | 3 << 16, 0)).primary() & 0xFF_FFFF);
        assertEquals(0, fx.kernel.ipc(() -> fx.kernel.state.libraries.size()));
    }

    /** A kernel-mode plugin, module {@code test.unload}, one module type {@code UGAIN}. */
    private static Path pluginJar(Path dir) throws IOException, URISyntaxException {
        final Map<String, String> sources = Map.of(
                "module-info.java", "module test.unload { requires org.sofj.api;"
                        + " provides org.sofj.api.spi.ModuleProvider with test.unload.P; }",
                "test/unload/P.java", "package test.unload;\n"
                        + "public final class P implements org.sofj.api.spi.ModuleProvider {\n"
                        + "  public java.util.Set<String> moduleNames() {"
                        + " return java.util.Set.of(\"UGAIN\"); }\n"
                        + "  public org.sofj.api.ProcessingModule create(String n) {"
                        + " return new M(); }\n}\n",
                "test/unload/M.java", "package test.unload;\n"
                        + "final class M implements org.sofj.api.ProcessingModule {\n"
                        + "  public int init(org.sofj.api.ModuleContext c) { return 0; }\n"
                        + "  public int process(org.sofj.api.audio.Source[] in,"
                        + " org.sofj.api.audio.Sink[] out) { return 0; }\n}\n");
        final String toml = "name = \"unload\"\nversion = \"1.0.0\"\napi_version = \"1.0.0\"\n"
                + "[[module]]\nname = \"UGAIN\"\nuuid = \"0c0d6a2e-5f6e-4d8b-9a57-3a1f0f4a7e11\"\n"
                + "provider = \"test.unload.P\"\nibs = 384\nobs = 384\n";
        return PluginJars.build(dir, "unload", sources, toml);
    }
}
