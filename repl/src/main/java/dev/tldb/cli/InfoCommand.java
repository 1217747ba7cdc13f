package dev.tldb.cli;

import dev.tldb.session.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code tldb info ...}: gdb's {@code info} queries that need no interactive session. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Facts about symbols, as gdb's info commands give them.",
        subcommands = {InfoCommand.Address.class})
public final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    /** {@code tldb info address VAR}: where a symbol lives, in gdb's words. */
    @Command(name = "address", mixinStandardHelpOptions = true,
            description = {"Where a variable or function lives, in gdb's words, e.g.",
                    "Symbol \"tls_int\" is a thread-local variable at offset 0x0 in the thread-local storage for `prog'."})
    public static final class Address implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        TargetOptions target;

        @Mixin
        IndexCacheOptions indexCache;

        @Parameters(paramLabel = "NAME", description = "A variable or function.")
        String name;

        @Option(names = "--scope", paramLabel = "FUNCTION", description = "Look among FUNCTION's locals first.")
        String scope;

        @Override
        public Integer call() {
            try (OpenTarget t = target.open()) {
                TargetOptions.printWarnings(t, spec.commandLine().getErr());
                Session session = new Session(t.stack(), indexCache.cache(spec));
                spec.commandLine().getOut().println(session.infoAddress(name, Optional.ofNullable(scope)));
                spec.commandLine().getOut().flush();
            }
            return ExitCodes.OK;
        }
    }
}
