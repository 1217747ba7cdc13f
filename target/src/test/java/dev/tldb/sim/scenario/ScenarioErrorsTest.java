package dev.tldb.sim.scenario;

import dev.tldb.error.TldbException;
import dev.tldb.testkit.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad scenario input is one line naming the file and the line: syntax and files when the scenario
 * is read, names and values when it runs (they depend on what ran before).
 */
class ScenarioErrorsTest {
    @TempDir
    Path dir;

    private static Path demo() {
        return Samples.demoProgram();
    }

    private Path write(String text) throws IOException {
        Path f = dir.resolve("bad.tldbsim");
        Files.writeString(f, text);
        return f;
    }

    /** Runs the scenario to its end and returns the error it stops with. */
    private ScenarioException failure(String body) throws IOException {
        Path f = write("# a scenario with a mistake\nload " + demo() + "\n" + body);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> {
            Simulation sim = Simulation.start(f, List.of());
            while (!sim.finished()) {
                sim.runToNextStop();
            }
        });
        assertThat(t).isInstanceOf(ScenarioException.class);
        assertThat(t.getMessage()).doesNotContain("\n").startsWith(f + ":");
        return (ScenarioException) t;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            frobnicate                              | 3 | unknown command "frobnicate"
            in worker-9 set tls_counter = 1         | 3 | unknown thread "worker-9"
            thread exit worker-9                    | 3 | unknown thread "worker-9"
            in main set no_such_var = 1             | 3 | unknown TLS variable "no_such_var"
            in main set tls_counter = "abc"         | 3 | wrong type for tls_counter (int): expected an integer, got string "abc"
            in main set tls_counter = 2.5           | 3 | wrong type for tls_counter (int): expected an integer, got floating-point number 2.5
            in main set tls_name = 5                | 3 | wrong type for tls_name (char [16]): expected a string, got integer 5
            in main set tls_name = 2.5              | 3 | wrong type for tls_name (char [16]): expected a string, got floating-point number 2.5
            in main set tls_counter = 5000000000    | 3 | value 5000000000 does not fit in tls_counter (int)
            in main set tls_name = "far too long for sixteen" | 3 | string of 24 bytes does not fit in tls_name (char [16], with its terminating NUL)
            in main set libc.so.6::errno = "x"      | 3 | wrong type for errno (4 bytes): expected an integer or a floating-point number, got string "x"
            in main set libnope.so::x = 1           | 3 | unknown TLS variable "libnope.so::x" (no module libnope.so is loaded)
            in main set tls_counter = banana        | 3 | bad value "banana": expected an integer, a floating-point number or a "string"
            in main touch libdemo-plugin.so         | 3 | no library "libdemo-plugin.so" is loaded
            in main touch ld-linux-x86-64.so.2      | 3 | ld-linux-x86-64.so.2 has no thread-local storage
            dlopen libnothere.so                    | 3 | cannot open libnothere.so (searched
            dlopen ./libnothere.so                  | 3 | cannot find ./libnothere.so (looked in
            dlclose libc.so.6                       | 3 | libc.so.6 was loaded at start-up, not by dlopen
            thread exit main                        | 3 | the main thread cannot exit (the process would end)
            in main at no_such_function             | 3 | unknown function "no_such_function" (no such function symbol in the loaded modules)
            thread create main                      | 3 | a thread named "main" already exists
            in main frob x                          | 3 | unknown command "in main frob" (in THREAD takes touch, set, at, dlopen or stop)
            in main set tls_counter 5               | 3 | usage: in THREAD set VARIABLE = VALUE
            in main set tls_name = "unterminated    | 3 | unterminated string
            pid 12                                  | 3 | settings come before load
            load again                              | 3 | a scenario loads one program (load was already given)
            """)
    void badLinesNameTheirFileAndLine(String line, int lineNo, String message) throws IOException {
        ScenarioException e = failure(line + "\nstop never-reached\n");
        assertThat(e.line()).isEqualTo(lineNo);
        assertThat(e.detail()).startsWith(message);
    }

    @Test
    void errorsAfterSomeStopsKeepTheirLine() throws IOException {
        ScenarioException e = failure("""
                thread create worker-1
                stop one
                in worker-1 set tls_counter = 1
                thread exit worker-1
                stop two
                in worker-1 set tls_counter = 2
                """);
        assertThat(e.line()).isEqualTo(8);
        assertThat(e.detail()).isEqualTo("unknown thread \"worker-1\"");
    }

    @Test
    void aFailedScenarioKeepsFailingTheSameWay() throws IOException {
        Path f = write("load " + demo() + "\nstop first\nin nobody set tls_counter = 1\nstop second\n");
        Simulation sim = Simulation.start(f, List.of());
        sim.runToNextStop();
        assertThatThrownBy(sim::runToNextStop).hasMessage(f + ":3: unknown thread \"nobody\"");
        assertThatThrownBy(sim::runToNextStop).hasMessage(f + ":3: unknown thread \"nobody\"");
    }

    @Test
    void aMissingProgramIsReportedAtItsLine() throws IOException {
        Path f = write("# nothing here\n\nload nowhere/demo\n");
        assertThatThrownBy(() -> Simulation.start(f, List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith(f + ":3: cannot find nowhere/demo (looked in " + dir);
    }

    @Test
    void aScenarioWithoutLoadSaysSo() throws IOException {
        Path f = write("thread create x\n");
        assertThatThrownBy(() -> Simulation.start(f, List.of())).hasMessage(f + ":1: thread before load: load the program first");
        Path g = write("# only a comment\n");
        assertThatThrownBy(() -> Simulation.start(g, List.of())).hasMessage(g + ":1: no load command: a scenario must load a program");
    }

    @Test
    void aMissingScenarioFileIsOneLine() {
        assertThatThrownBy(() -> Simulation.start(dir.resolve("absent.tldbsim"), List.of()))
                .isInstanceOf(TldbException.class)
                .hasMessage("cannot open scenario " + dir.resolve("absent.tldbsim") + ": no such file");
    }

    @Test
    void aNonElfProgramIsReportedAtItsLine() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a program");
        Path f = write("load notes.txt\n");
        assertThatThrownBy(() -> Simulation.start(f, List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith(f + ":1: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void relativePathsResolveAgainstTheScenarioFolderThenTheSearchPath() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("scenarios"));
        Path f = sub.resolve("rel.tldbsim");
        Files.writeString(f, "load bin/x86_64/demo\ndlopen bin/x86_64/libdemo-plugin.so\n");
        Path samples = demo().getParent().getParent().getParent();
        Simulation sim = Simulation.start(f, List.of(samples));
        sim.runToNextStop();
        assertThat(sim.stack().modules()).extracting(m -> m.shortName()).contains("demo", "libdemo-plugin.so");
    }

    /** With debug information the variable's DWARF type decides (tls-sample has every kind). */
    @Test
    void dwarfTypesDecideWhatAVariableTakes() throws IOException {
        Path exe = Samples.variant("x86_64-glibc-pie").executable();
        Path f = write("load " + exe + "\nin main set tls_double = 3\nin main set tls_ptr = 0x1000\n"
                + "in main set tls_color = 2\nin main set tls_flag = 255\nin main set tls_pair = 1\n");
        Simulation sim = Simulation.start(f, List.of());
        assertThatThrownBy(sim::runToNextStop).hasMessage(f + ":6: cannot assign tls_pair: its type (struct tls_pair)"
                + " is not an integer, floating-point, pointer or char array type");
        var stack = sim.stack();
        var t = stack.threads().get(0);
        var m = stack.modules().get(0);
        // readelf -s: tls_double at 8, tls_ptr at 0x70, tls_color at 0x28, tls_flag at 0x24 (x86_64-glibc-pie)
        assertThat(Double.longBitsToDouble(stack.readUnsigned(stack.tlsAddress(t, m, 8), 8))).isEqualTo(3.0);
        assertThat(stack.readUnsigned(stack.tlsAddress(t, m, 0x70), 8)).isEqualTo(0x1000);
        assertThat(stack.readUnsigned(stack.tlsAddress(t, m, 0x28), 4)).isEqualTo(2);
        assertThat(stack.readUnsigned(stack.tlsAddress(t, m, 0x24), 1)).isEqualTo(255);
        Path g = write("load " + exe + "\nin main set tls_flag = 256\n");
        assertThatThrownBy(() -> Simulation.start(g, List.of()).runToNextStop())
                .hasMessage(g + ":2: value 256 does not fit in tls_flag (unsigned char)");
    }

    @Test
    void repeatExpandsItsCounter() throws IOException {
        Path f = write("load " + demo() + "\nrepeat 3 thread create w-{i}\nrepeat 3 in w-{i} set tls_counter = {i}\n");
        Simulation sim = Simulation.start(f, List.of());
        sim.runToNextStop();
        assertThat(sim.stack().threads()).extracting(t -> t.name().orElseThrow()).containsExactly("main", "w-1", "w-2", "w-3");
        assertThat(sim.scenario().commands()).hasSize(1 + 3 + 3);
    }
}
