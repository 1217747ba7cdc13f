package dev.tldb.cli;

import dev.tldb.repl.Startup;
import dev.tldb.repl.Targets;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of an interactive or batch session ({@code tldb} and {@code tldb repl}): what to
 * open first, and gdb's {@code -batch}, {@code -ex} and {@code -x}.
 */
public final class ReplOptions {
    @Mixin
    TargetOptions target;

    @Option(names = "--scenario", paramLabel = "FILE", description = "Start a simulated process from a scenario file "
            + "(docs/scenarios.md).")
    Path scenario;

    @Option(names = "--remote", paramLabel = "HOST:PORT", description = "Connect to a gdbserver-compatible stub "
            + "(gdbserver, tldb serve); with --file, the program it runs.")
    String remote;

    @Option(names = "--no-demo", description = "Start with no target instead of the built-in demo.")
    boolean noDemo;

    @Option(names = {"-batch", "--batch"}, description = "Run the -ex and -x commands and exit, without a prompt; "
            + "exit code 1 if a command failed or an expect check did not hold.")
    boolean batch;

    @Option(names = {"-ex", "--eval-command"}, paramLabel = "COMMAND",
            description = "Run COMMAND (in order with -x); repeatable.")
    List<String> commands = new ArrayList<>();

    @Option(names = {"-x", "--command"}, paramLabel = "FILE",
            description = "Run the commands of FILE (an error ends the file; see docs/scripting.md); repeatable.")
    List<Path> scripts = new ArrayList<>();

    /** What to start with, the steps in command-line order, for {@code parsed} (this command's parse result). */
    Startup startup(ParseResult parsed, Map<String, String> env, boolean batchMode) {
        return new Startup(choice(), new Targets(target.sysroots, target.searchDirs), steps(parsed), batchMode, env);
    }

    private Startup.TargetChoice choice() {
        int given = (target.core != null ? 1 : 0) + (scenario != null ? 1 : 0) + (remote != null ? 1 : 0);
        if (given > 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "give one target: --core, --scenario or --remote (--file goes with --core and --remote)");
        }
        Optional<Path> exe = Optional.ofNullable(target.exe);
        if (target.core != null) {
            return new Startup.TargetChoice.Core(target.core, exe);
        }
        if (scenario != null) {
            return new Startup.TargetChoice.Scenario(scenario);
        }
        if (remote != null) {
            return new Startup.TargetChoice.Remote(remote, exe);
        }
        if (exe.isPresent()) {
            return new Startup.TargetChoice.File(exe.get());
        }
        return noDemo ? new Startup.TargetChoice.None() : new Startup.TargetChoice.Demo();
    }

    /**
     * The {@code -ex} and {@code -x} steps in the order they were given: picocli keeps each
     * option's values in order and lists the matched options in order, so the two interleave.
     */
    private List<Startup.Step> steps(ParseResult parsed) {
        List<Startup.Step> out = new ArrayList<>();
        Map<OptionSpec, Integer> used = new HashMap<>();
        for (ArgSpec a : parsed.matchedArgs()) {
            if (!(a instanceof OptionSpec o)) {
                continue;
            }
            boolean ex = o.longestName().equals("--eval-command");
            boolean x = o.longestName().equals("--command");
            if (!ex && !x) {
                continue;
            }
            int k = used.merge(o, 1, Integer::sum) - 1;
            String value = o.stringValues().get(k);
            out.add(ex ? new Startup.Step.Command(value) : new Startup.Step.Script(Path.of(value)));
        }
        return out;
    }
}
