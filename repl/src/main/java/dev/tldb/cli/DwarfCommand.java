package dev.tldb.cli;

import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.stats.DwarfStats;
import dev.tldb.elf.ElfFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code tldb dwarf ...}: looks at a file's debug information itself. */
@Command(name = "dwarf", mixinStandardHelpOptions = true, description = "Inspect a file's DWARF.",
        subcommands = {DwarfCommand.Stats.class})
public final class DwarfCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    /** {@code tldb dwarf stats BIN}: counts to compare with readelf. */
    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Count units, DIEs, variables (thread-local ones too), functions, types and line rows.")
    public static final class Stats implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "An ELF file with DWARF (executable, library, .o or .dwo).")
        Path file;

        @Option(names = "--json", description = "One JSON object.")
        boolean json;

        @Override
        public Integer call() {
            try (ElfFile elf = ElfFile.open(file); DwarfInfo dwarf = DwarfInfo.of(elf)) {
                DwarfStats s = DwarfStats.of(dwarf);
                var out = spec.commandLine().getOut();
                if (json) {
                    out.println(Json.object().put("file", s.file()).put("compile_units", s.compileUnits())
                            .put("type_units", s.typeUnits()).put("split_units", s.splitUnits())
                            .put("missing_split_units", s.missingSplitUnits()).put("dies", s.dies())
                            .put("variables", s.variables()).put("tls_variables", s.tlsVariables())
                            .put("functions", s.functions()).put("types", s.types()).put("line_tables", s.lineTables())
                            .put("line_rows", s.lineRows())
                            .put("name_index", s.indexSource().name().toLowerCase(java.util.Locale.ROOT))
                            .put("problems", s.problems()));
                } else {
                    out.print(s.format());
                }
                out.flush();
            }
            return ExitCodes.OK;
        }
    }
}
