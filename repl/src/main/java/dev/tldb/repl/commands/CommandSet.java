package dev.tldb.repl.commands;

import dev.tldb.repl.Debugger;
import dev.tldb.repl.Interpreter;
import picocli.CommandLine;

/**
 * Builds the REPL's command tree: one picocli command object per command, each given the
 * session it works on (no factories, no globals), grouped by category for {@code help}.
 */
public final class CommandSet {
    private CommandSet() {}

    public static Categories install(CommandLine root, Debugger dbg, Interpreter in) {
        Categories cat = new Categories();
        String targets = "Targets", threads = "Threads", data = "Data", tls = "Thread-local storage",
                running = "Running", support = "Support and scripts";

        add(root, cat, targets, new TargetCommands.File(dbg));
        add(root, cat, targets, new TargetCommands.Core(dbg));
        add(root, cat, targets, new TargetCommands.Sim(dbg));
        CommandLine target = new CommandLine(new TargetCommands.Target(dbg));
        target.addSubcommand(new CommandLine(new TargetCommands.Remote(dbg)));
        add(root, cat, targets, target);
        add(root, cat, targets, new TargetCommands.Detach(dbg));

        add(root, cat, tls, new TlsCommands.Tls(dbg));

        CommandLine info = new CommandLine(new InfoCommands.Info(dbg));
        info.addSubcommand(new CommandLine(new ThreadCommands.InfoThreads(dbg)));
        info.addSubcommand(new CommandLine(new TlsCommands.InfoTls(dbg)));
        info.addSubcommand(new CommandLine(new InfoCommands.Address(dbg)));
        info.addSubcommand(new CommandLine(new InfoCommands.Symbol(dbg)));
        info.addSubcommand(new CommandLine(new InfoCommands.SharedLibrary(dbg)));
        info.addSubcommand(new CommandLine(new InfoCommands.RegistersCmd(dbg)));
        info.addSubcommand(new CommandLine(new InfoCommands.TargetInfo(dbg)));
        add(root, cat, data, info);

        CommandLine thread = new CommandLine(new ThreadCommands.Thread(dbg));
        thread.addSubcommand(new CommandLine(new ThreadCommands.Apply(dbg, in)));
        // "thread apply all print x": everything after the thread list is the nested command's.
        thread.getSubcommands().get("apply").setStopAtPositional(true);
        add(root, cat, threads, thread);
        add(root, cat, threads, new ThreadCommands.Backtrace(dbg));
        add(root, cat, threads, new ThreadCommands.Frame(dbg));

        add(root, cat, data, new DataCommands.Print(dbg));
        add(root, cat, data, new DataCommands.Output(dbg));
        add(root, cat, data, new DataCommands.Ptype(dbg));
        add(root, cat, data, new DataCommands.Whatis(dbg));
        add(root, cat, data, new Examine(dbg));

        add(root, cat, running, new RunCommands.Continue(dbg));

        CommandLine expect = new CommandLine(new ScriptCommands.Expect(dbg, in));
        expect.setStopAtPositional(true);
        add(root, cat, support, expect);
        add(root, cat, support, new ScriptCommands.Source(dbg, in));
        add(root, cat, support, new ScriptCommands.Echo(dbg));
        add(root, cat, support, new SessionCommands.Set_(dbg));
        add(root, cat, support, new SessionCommands.Show(dbg));
        add(root, cat, support, new SessionCommands.Help(dbg, in));
        add(root, cat, support, new SessionCommands.Quit(dbg));
        return cat;
    }

    private static void add(CommandLine root, Categories cat, String category, Object command) {
        add(root, cat, category, new CommandLine(command));
    }

    private static void add(CommandLine root, Categories cat, String category, CommandLine command) {
        root.addSubcommand(command);
        cat.add(category, command.getCommandName());
    }
}
