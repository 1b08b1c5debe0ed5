package org.sofj.cli.internal;

import java.nio.file.Path;
import java.util.List;

import org.sofj.api.ModuleDescription;
import org.sofj.llext.LibraryKeys;
import org.sofj.runtime.InstanceReport;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.host.HostEndpoints;
import org.sofj.runtime.host.HostPort;
import org.sofj.runtime.topology.Deployment;
import org.sofj.runtime.topology.Topology;

/**
 * A host application that {@link ClassPathEmbeddingTest} starts in a child JVM with everything on
 * the class path: it reads a topology file, deploys it with the public topology API, runs 200
 * virtual ticks and prints one line per fact the test checks. Public API only.
 */
final class ClassPathHost {
    private ClassPathHost() {
    }

    /**
     * @param args the topology file
     */
    public static void main(String[] args) {
        final Topology t = Topology.read(Path.of(args[0]));
        System.out.println("api module named: " + ModuleDescription.class.getModule().isNamed());
        final HostEndpoints endpoints = new HostEndpoints();
        try (SofRuntime rt = SofRuntime.builder().cores(t.cores())
                .trustedKeys(LibraryKeys.trustedKeys(t.trustFiles()))
                .builtIn(endpoints).build()) {
            final Deployment d = Deployment.deploy(rt, t);
            final HostPort out = endpoints.port(d.component("out"));
            final byte[] pcm = new byte[1 << 20];
            int got = 0;
            for (int i = 0; i < 200; i++) {
                rt.runTicks(1);
                got += out.read(pcm, got, pcm.length - got);
            }
            int nonZero = 0;
            for (int i = 0; i < got; i++) {
                nonZero += pcm[i] != 0 ? 1 : 0;
            }
            System.out.println("bytes out: " + got + ", non-zero: " + nonZero);
            for (String name : List.of("eq", "fir")) {
                final InstanceReport r = rt.report(d.component(name));
                System.out.println(name + ": user " + r.userMode() + ", faulted " + r.faulted());
            }
        }
    }
}
