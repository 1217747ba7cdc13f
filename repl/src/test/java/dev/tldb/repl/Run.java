package dev.tldb.repl;

import dev.tldb.cli.Main;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code tldb} command line run in the test's JVM, as {@link Main#main} runs it (same picocli
 * setup, same exit codes), with its output captured.
 *
 * @param exit the exit code
 * @param out  standard output
 * @param err  standard error
 */
public record Run(int exit, String out, String err) {

    /** Runs {@code args} with NO_COLOR set, so output never depends on the test's terminal. */
    public static Run of(String... args) {
        return of(Map.of(), args);
    }

    public static Run of(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("NO_COLOR", "1");
        env.putAll(extraEnv);
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cmd = Main.commandLine(env);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** {@code tldb -batch} with one {@code -ex} per command, on the built-in demo unless {@code target} says otherwise. */
    public static Run batch(List<String> target, String... commands) {
        List<String> args = new java.util.ArrayList<>(List.of("-batch"));
        args.addAll(target);
        for (String c : commands) {
            args.add("-ex");
            args.add(c);
        }
        return of(args.toArray(new String[0]));
    }

    public List<String> outLines() {
        return out.lines().toList();
    }

    public List<String> errLines() {
        return err.lines().toList();
    }

    /** For assertion messages. */
    public String describe() {
        return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
