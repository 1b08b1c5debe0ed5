package org.sofj.bench.llext;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sofj.bench.BenchFlags;

/**
 * Loading a library of four module types (verify signature and hashes, check manifests, link-check
 * eight classes, define the layer, instantiate the providers) and unloading it, against the floor
 * of plainly defining a module layer for the same plugin jar, with and without instantiating its
 * providers. {@code loadVerified} is a first load (every check, every class defined);
 * {@code load} re-loads a library the loader loaded before (its verification cache skips the
 * checks, and its classes but the providers are left to their first use). Goal (issue 16 item
 * 4): a library load at most 3 times {@code plainLayer} without the Ed25519 verification; the
 * two ratios are reported apart, a first load's ({@code loadVerified} less
 * {@link #ed25519VerifyOnly}) and a cached re-load's ({@code load}), by {@link LibraryLoadCpu}.
 * Cold path; absolute numbers are what a library load costs the IPC thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = BenchFlags.AGRONA)
public class LibraryLoadBench {
    private BenchLibrary lib;
    private Path pluginJar;
    private ModuleLayer host;
    private Class<?> moduleProvider;
    private IntSupplier loadUnload;
    private IntSupplier verifyAndLoadUnload;
    private java.security.PublicKey publicKey;
    private byte[] libraryBytes;
    private byte[] signature;

    /**
     * Builds the host layer, compiles, jars and packs the plugin once.
     *
     * @throws Exception if the host driver cannot be created
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        lib = BenchLibrary.create();
        host = lib.host();
        pluginJar = lib.pluginJar();
        final KeyPair key = lib.key();
        publicKey = key.getPublic();
        libraryBytes = Files.readAllBytes(lib.library());
        final java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(libraryBytes);
        signature = signer.sign();
        moduleProvider = host.findLoader("org.sofj.api")
                .loadClass("org.sofj.api.spi.ModuleProvider");
        final Class<?>[] types = {Path.class, java.security.PublicKey.class, boolean.class};
        final String loadUnloadClass = "org.sofj.bench.llext.host.LoadUnload";
        loadUnload = lib.hostObject(loadUnloadClass, types, lib.library(), publicKey, true);
        verifyAndLoadUnload = lib.hostObject(loadUnloadClass, types, lib.library(), publicKey,
                false);
        if (loadUnload.getAsInt() != BenchPlugin.MODULES
                || verifyAndLoadUnload.getAsInt() != BenchPlugin.MODULES
                || plainLayerWithProviders() == 0) {
            throw new IllegalStateException("the benchmark library does not load");
        }
    }

    /**
     * Closes the memory system and deletes the scratch files.
     *
     * @throws Exception if closing fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        ((AutoCloseable) loadUnload).close();
        ((AutoCloseable) verifyAndLoadUnload).close();
        lib.delete();
    }

    /**
     * A re-load of a library this runtime has loaded before: the loader finds its content key
     * in its verification cache and skips the signature, hash, manifest and link checks, the
     * resolution and the eager definition of the classes (only the providers' are defined, by
     * {@code ServiceLoader}).
     *
     * @return module types loaded
     */
    @Benchmark
    public int load() {
        return loadUnload.getAsInt();
    }

    /**
     * A first load: a new loader each time, so the signature, hashes, manifests and link check
     * all run.
     *
     * @return module types loaded
     */
    @Benchmark
    public int loadVerified() {
        return verifyAndLoadUnload.getAsInt();
    }

    /**
     * The part of {@link #load} no implementation can skip: one JDK Ed25519 verification of a
     * message the size of the library file.
     *
     * @return whether it verified
     * @throws java.security.GeneralSecurityException never, for a good signature
     */
    @Benchmark
    public boolean ed25519VerifyOnly() throws java.security.GeneralSecurityException {
        final java.security.Signature v = java.security.Signature.getInstance("Ed25519");
        v.initVerify(publicKey);
        v.update(libraryBytes);
        return v.verify(signature);
    }

    /** @return the floor: the plugin's layer, resolved and defined from the jar */
    @Benchmark
    public ModuleLayer plainLayer() {
        final Configuration cf = host.configuration().resolve(ModuleFinder.of(pluginJar),
                ModuleFinder.of(), Set.of(BenchPlugin.MODULE));
        return ModuleLayer.defineModulesWithOneLoader(cf, List.of(host),
                ClassLoader.getPlatformClassLoader()).layer();
    }

    /**
     * A floor that does what a first load must do after its checks, and no more: the plain
     * layer, then every class of the plugin defined (not initialised), as a first load defines
     * them eagerly so a class the JVM refuses fails the load (a cached re-load leaves them to
     * their first use). No provider is found or made.
     *
     * @return classes defined
     * @throws ClassNotFoundException never, for the benchmark's plugin
     */
    @Benchmark
    public int plainLayerWithClasses() throws ClassNotFoundException {
        final Module module = plainLayer().findModule(BenchPlugin.MODULE).orElseThrow();
        int n = 0;
        for (String name : BenchPlugin.CLASSES) {
            n += Class.forName(module, name) == null ? 0 : 1;
        }
        return n;
    }

    /** @return a floor nearer to load: the layer plus one instance of each provider */
    @Benchmark
    public int plainLayerWithProviders() {
        final ModuleLayer layer = plainLayer();
        int n = 0;
        for (Object p : ServiceLoader.load(layer, service(moduleProvider))) {
            n += p.hashCode() == 0 ? 2 : 1;
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static Class<Object> service(Class<?> type) {
        return (Class<Object>) type;
    }
}
