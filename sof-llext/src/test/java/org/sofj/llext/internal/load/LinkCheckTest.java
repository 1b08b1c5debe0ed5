package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.sofj.api.Errno;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.LibraryLoadException;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.LinkCheck;
import org.sofj.llext.TestMemory;
import org.sofj.llext.TestPlugins;

/** One library per denied family: the standard plugin plus one offending class. */
final class LinkCheckTest {
    private static final KeyPair KEY = LibraryKeys.generate();
    private static final MemorySystem MEMORY = TestMemory.create();
    private static final Map<String, String> BAD = new LinkedHashMap<>();
    private static Map<String, byte[]> classes;

    static {
        BAD.put("Reflection", "Class.forName(\"x\");");
        BAD.put("Declared", "String.class.getDeclaredMethods();");
        BAD.put("Accessible", "((java.lang.reflect.AccessibleObject) null).setAccessible(true);");
        BAD.put("Handles", "java.lang.invoke.MethodHandles.lookup();");
        BAD.put("Loader", "ClassLoader.getSystemClassLoader();");
        BAD.put("Threads", "new Thread(() -> { }).start();");
        BAD.put("Executor", "java.util.concurrent.Executors.newSingleThreadExecutor();");
        BAD.put("Exit", "System.exit(1);");
        BAD.put("Runtime", "Runtime.getRuntime().halt(1);");
        BAD.put("Process", "new ProcessBuilder(\"ls\");");
        BAD.put("File", "new java.io.File(\"x\").delete();");
        BAD.put("Nio", "java.nio.file.Path.of(\"x\");");
        BAD.put("Net", "new java.net.Socket();");
        BAD.put("Channel", "java.nio.channels.Channels.newInputStream("
                + "(java.nio.channels.ReadableByteChannel) null);");
        BAD.put("Printing", "System.out.println(\"hi\");");
    }

    @TempDir
    Path dir;

    @AfterAll
    static void closeMemory() {
        MEMORY.close();
    }

    @BeforeAll
    static void compile(@TempDir Path work) {
        final Map<String, String> sources = TestPlugins.sources("A");
        BAD.forEach((name, body) -> sources.put("test/plugin/Bad" + name + ".java",
                "package test.plugin;\npublic final class Bad" + name + " {\n"
                + "  public static void run() throws Exception { " + body + " }\n"
                + "}\n"));
        sources.put("test/plugin/BadNative.java", "package test.plugin;\n"
                + "public final class BadNative { public static native void nat(); }\n");
        classes = TestPlugins.compile(work, sources);
        classes.put("test/plugin/BadUnsafe.class", calling("test/plugin/BadUnsafe",
                "sun/misc/Unsafe"));
        classes.put("test/plugin/BadInternal.class", calling("test/plugin/BadInternal",
                "jdk/internal/misc/Unsafe"));
    }

    /** A class whose {@code run()} calls {@code owner.getUnsafe()}: javac would not compile it. */
    private static byte[] calling(String name, String owner) {
        final ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, name, null,
                "java/lang/Object", null);
        final MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run",
                "()V", null, null);
        mv.visitCode();
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, owner, "getUnsafe", "()L" + owner + ";", false);
        mv.visitInsn(Opcodes.POP);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static byte[] jar(String bad, String moduleExtra) {
        final Map<String, byte[]> jarClasses = new TreeMap<>();
        classes.forEach((k, v) -> {
            if (!k.startsWith("test/plugin/Bad") || k.equals("test/plugin/Bad" + bad + ".class")) {
                jarClasses.put(k, v);
            }
        });
        return TestPlugins.jar(jarClasses, TestPlugins.toml("1.0.0", moduleExtra));
    }

    private Path library(String bad, String moduleExtra) {
        return TestPlugins.pack(dir, jar(bad, moduleExtra), KEY, bad + ".sofjlib");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Reflection | java.lang.Class.forName        | reflection",
        "Declared   | java.lang.Class.getDeclaredMethods | reflection",
        "Accessible | java.lang.reflect.AccessibleObject.setAccessible | reflection",
        "Handles    | java.lang.invoke.MethodHandles.lookup | method handles",
        "Loader     | java.lang.ClassLoader.getSystemClassLoader | class loaders",
        "Threads    | new java.lang.Thread(java.lang.Runnable) | threads",
        "Executor   | java.util.concurrent.Executors.newSingleThreadExecutor | threads",
        "Exit       | java.lang.System.exit          | process exit",
        "Runtime    | java.lang.Runtime.getRuntime   | process exit",
        "Process    | new java.lang.ProcessBuilder(java.lang.String[]) | processes",
        "File       | new java.io.File(java.lang.String) | file I/O",
        "Nio        | java.nio.file.Path.of          | file I/O",
        "Net        | new java.net.Socket()          | network",
        "Channel    | java.nio.channels.Channels.newInputStream | channels",
        "Unsafe     | sun.misc.Unsafe.getUnsafe      | JDK internals",
        "Internal   | jdk.internal.misc.Unsafe.getUnsafe | JDK internals",
        "Native     | nat() is a native method       | native code",
    })
    void shouldRefuseUserModuleWhenItReferencesADeniedFamily(String bad, String reference,
            String family) {
        final LlextLibraryLoader loader = new LlextLibraryLoader(MEMORY,
                Set.of(KEY.getPublic()));
        final Path file = library(bad, "user_mode = 1");
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> loader.load(3, file));
        assertEquals(-Errno.ENOEXEC, e.errno(), e.getMessage());
        assertTrue(e.getMessage().contains("test.plugin.Bad" + bad + "."), e.getMessage());
        assertTrue(e.getMessage().contains(reference), e.getMessage());
        assertTrue(e.getMessage().contains("denied (" + family + ")"), e.getMessage());
        assertEquals(Set.of(), loader.libIds());
    }

    @Test
    void shouldNameTheLibraryFileTheMethodAndItsLineInSourceTermsWhenRefusing() {
        final LlextLibraryLoader loader = new LlextLibraryLoader(MEMORY,
                Set.of(KEY.getPublic()));
        final Path file = library("Exit", "user_mode = 1");
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> loader.load(3, file));
        assertTrue(e.getMessage().contains("\n  Exit.sofjlib: test.plugin.BadExit.run() "
                + "(BadExit.java:3) references java.lang.System.exit(int): denied (process exit)"),
                e.getMessage());
    }

    @Test
    void shouldRefuseConsoleOutputInUserModeButAllowItInKernelMode() {
        final LlextLibraryLoader loader = new LlextLibraryLoader(MEMORY,
                Set.of(KEY.getPublic()));
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> loader.load(3, library("Printing", "user_mode = 1")));
        assertTrue(e.getMessage().contains("java.io.PrintStream"), e.getMessage());
        assertEquals("gainlib", loader.load(3, library("Printing", "")).name());
    }

    @Test
    void shouldStillRefuseThreadsWhenTheModuleIsKernelMode() {
        final LlextLibraryLoader loader = new LlextLibraryLoader(MEMORY,
                Set.of(KEY.getPublic()));
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> loader.load(3, library("Threads", "")));
        assertTrue(e.getMessage().contains("against the kernel-mode export table"),
                e.getMessage());
        assertTrue(e.getMessage().contains("denied (threads)"), e.getMessage());
    }

    @Test
    void shouldRefuseWithTheSameLinesAsTheLinkCheckFacadeGivesTheAuthor() {
        final LlextLibraryLoader loader = new LlextLibraryLoader(MEMORY,
                Set.of(KEY.getPublic()));
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> loader.load(3, library("Printing", "user_mode = 1")));
        final List<String> author = LinkCheck.check(jar("Printing", "user_mode = 1"),
                "Printing.sofjlib");
        assertEquals(3, author.size(), author.toString());
        assertEquals("library gainlib: link check failed against the user-mode export table, "
                + "3 refused reference(s):\n  " + String.join("\n  ", author) + " (-ENOEXEC)",
                e.getMessage());
    }
}
