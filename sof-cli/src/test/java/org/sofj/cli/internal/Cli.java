package org.sofj.cli.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Test fixture: runs {@code sofj} in process through {@link Main#execute} (the launcher's code
 * path) with captured streams, and lays out a fresh checkout's workspace in a directory: the
 * examples copied from the repository and target/sofj made with {@code keygen} and {@code pack},
 * as the launcher makes it.
 */
final class Cli {
    /** The repository root. */
    static final Path REPO = Path.of(System.getProperty("sofj.repo", "..")).toAbsolutePath()
            .normalize();
    /** The plugin jars the build copied. */
    static final Path PLUGINS = Path.of(System.getProperty("sofj.plugins", "target/plugins"))
            .toAbsolutePath();

    private Cli() {
    }

    /** What a run printed and returned. */
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    /** Copies examples/ into {@code dir} and makes dir/target/sofj as the launcher does. */
    static void workspace(Path dir) {
        try {
            Files.createDirectories(dir.resolve("examples"));
            try (Stream<Path> s = Files.list(REPO.resolve("examples"))) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Files.copy(p, dir.resolve("examples").resolve(p.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final Path work = dir.resolve("target/sofj");
        check(run("keygen", "--out", work.resolve("dev").toString()));
        for (String lib : new String[] {"sample", "misbehaving"}) {
            check(run("pack", PLUGINS.resolve("plugins-" + lib + ".jar").toString(), "--key",
                    work.resolve("dev.key").toString(), "--output",
                    work.resolve(lib + ".sofjlib").toString()));
        }
    }

    static Result check(Result r) {
        if (r.code() != 0) {
            throw new AssertionError("exit " + r.code() + ": " + r.err());
        }
        return r;
    }
}
