package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.objectweb.asm.Type;

/**
 * {@link AllocationProof} over libraries made of {@link AllocationShapes}' classes: a module that
 * copies a period through library helpers is proven, and each way of allocating on the process
 * path (directly, in a callee, in a virtual call's override, by a caught exception, by an
 * invokedynamic string concatenation, in a static initialiser it triggers, by boxing, through a
 * method inherited from outside the library, by a string constant, through a lambda of the
 * library's own type) makes it unproven, naming the method; so does a class the proof cannot
 * read.
 */
final class AllocationProofTest {
    private static final List<Class<?>> PROVEN_LIBRARY = List.of(AllocationShapes.Base.class,
            AllocationShapes.Proven.class, AllocationShapes.Shift.class,
            AllocationShapes.Helper.class);

    private static String internal(Class<?> c) {
        return Type.getInternalName(c);
    }

    private static byte[] bytes(Class<?> c) {
        final String file = c.getName().substring(c.getPackageName().length() + 1) + ".class";
        try (InputStream in = c.getResourceAsStream(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, byte[]> library(List<Class<?>> classes) {
        final Map<String, byte[]> out = new HashMap<>();
        for (Class<?> c : classes) {
            out.put(internal(c), bytes(c));
        }
        return out;
    }

    private static AllocationProof.Verdict prove(Class<?> module, Map<String, byte[]> library) {
        final ClassLoader loader = AllocationProofTest.class.getClassLoader();
        return AllocationProof.prove(internal(module), library,
                name -> AllocationProof.reflected(name, loader));
    }

    @Test
    void shouldProveAModuleThatCopiesThroughLibraryHelpersAndTheApi() {
        final AllocationProof.Verdict v = prove(AllocationShapes.Proven.class,
                library(PROVEN_LIBRARY));
        assertTrue(v.proven(), v.reason());
    }

    @Test
    void shouldProveTheBytesTheLoaderDefinesWithPreemptionChecks() {
        final Map<String, byte[]> library = library(PROVEN_LIBRARY);
        library.replaceAll((name, b) -> PreemptionPoints.insert(b));
        final AllocationProof.Verdict v = prove(AllocationShapes.Proven.class, library);
        assertTrue(v.proven(), v.reason());
    }

    @Test
    void shouldNotProveAVirtualCallWhenAnOverrideInTheLibraryAllocates() {
        final Map<String, byte[]> library = library(PROVEN_LIBRARY);
        library.putAll(library(List.of(AllocationShapes.CostlyHelper.class)));
        final AllocationProof.Verdict v = prove(AllocationShapes.Proven.class, library);
        assertFalse(v.proven());
        assertTrue(v.reason().startsWith(internal(AllocationShapes.CostlyHelper.class)
                + ".span"), v.reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Direct    | Direct.process   | allocates",
        "Callee    | Callee.make      | allocates",
        "Catches   | Catches.process  | exception handler",
        "Concat    | Concat.process   | invokedynamic",
        "Clinit    | Table.<clinit>   | allocates",
        "Boxing    | Boxing.process   | java/lang/Integer.valueOf",
        "Inherited | Inherited.process | inherits from outside",
        "Named     | Named.process    | java/lang/Object.toString",
        "Constant  | Constant.process | ldc of a String",
        "Lambda    | Lambda.init      | by invokedynamic"})
    void shouldNotProveAModuleThatCanAllocateOnItsProcessPath(String shape, String where,
            String why) throws ClassNotFoundException {
        final Class<?> module = Class.forName(AllocationShapes.class.getName() + "$" + shape);
        final Map<String, byte[]> library = library(List.of(AllocationShapes.Base.class, module,
                AllocationShapes.Table.class, AllocationShapes.Op.class));
        final AllocationProof.Verdict v = prove(module, library);
        assertFalse(v.proven(), shape);
        assertTrue(v.reason().startsWith(internal(AllocationShapes.class) + "$" + where),
                v.reason());
        assertTrue(v.reason().contains(why), v.reason());
    }

    @Test
    void shouldNotProveALibraryWithAClassItCannotRead() {
        final Map<String, byte[]> library = library(PROVEN_LIBRARY);
        library.put("test/Broken", new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 1});
        final AllocationProof.Verdict v = prove(AllocationShapes.Proven.class, library);
        assertFalse(v.proven());
        assertEquals("class test/Broken cannot be read", v.reason().substring(0,
                "class test/Broken cannot be read".length()), v.reason());
        final Map<String, byte[]> missing = library(PROVEN_LIBRARY);
        missing.put("test/Missing", null);
        assertFalse(prove(AllocationShapes.Proven.class, missing).proven());
    }

    /** Outside a named module, or in one that exports packages, the world is not closed. */
    @Test
    void shouldNotProveAClassOfAModuleOthersCanExtend() {
        final AllocationProof.Verdict v = AllocationProof.prove(AllocationShapes.Proven.class);
        assertFalse(v.proven(), v.reason());
        assertTrue(v.reason().contains("not in a named module")
                || v.reason().contains("exports or opens"), v.reason());
    }
}
