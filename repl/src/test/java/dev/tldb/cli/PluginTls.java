package dev.tldb.cli;

import dev.tldb.core.CoreLoader;
import dev.tldb.core.CoreOptions;
import dev.tldb.core.LoadedCore;
import dev.tldb.target.TargetStack;
import dev.tldb.testkit.SampleCore;
import dev.tldb.threaddb.ThreadDbLayer;
import dev.tldb.threaddb.TlsInspector;

/**
 * Whether glibc gave the dlopen'ed libplugin.so static TLS in this core. On aarch64 (TLSDESC)
 * glibc 2.36 places a dlopen'ed module in the static TLS surplus on first use and initialises its
 * block in every thread, so threads that never touched it read the initial image instead of
 * "not allocated". The thread layer reads this from the plugin's {@code l_tls_offset}; the tests
 * only use it to pick which of the two honest answers to expect.
 */
final class PluginTls {
    private PluginTls() {}

    static boolean isStatic(SampleCore sample) {
        if (!sample.variant().hasPlugin()) {
            return false;
        }
        CoreOptions o = CoreOptions.of(sample.core()).withExecutable(sample.variant().executable());
        o = sample.variant().qemuSysroot().map(o::withSysroot).orElse(o);
        try (LoadedCore core = CoreLoader.load(o)) {
            TargetStack stack = core.stack().push(new ThreadDbLayer());
            return stack.capability(TlsInspector.class).orElseThrow().layout(stack.threads().get(0)).blocks().stream()
                    .anyMatch(b -> b.module().equals("libplugin.so") && b.staticTls());
        }
    }
}
