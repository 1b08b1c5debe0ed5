package org.sofj.bench;

/** JVM flags every benchmark fork needs. */
public final class BenchFlags {
    /** Agrona 2.x on the class path needs jdk.internal.misc exported to the unnamed module. */
    public static final String AGRONA = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    private BenchFlags() {
    }
}
