package dev.tldb.repl.commands;

import dev.tldb.abi.Arch;
import dev.tldb.abi.RegisterDef;
import dev.tldb.abi.RegisterLayout;
import dev.tldb.abi.Registers;
import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Section;
import dev.tldb.error.TldbException;
import dev.tldb.repl.Debugger;
import dev.tldb.session.Session;
import dev.tldb.session.Value;
import dev.tldb.target.Module;
import dev.tldb.target.TargetLayer;
import dev.tldb.target.TargetStack;
import dev.tldb.target.ThreadInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** gdb's {@code info} queries about symbols, libraries, registers and the target. */
final class InfoCommands {
    private InfoCommands() {}

    @Command(name = "info", aliases = "i", description = "Status queries: info threads, info tls, info address, "
            + "info symbol, info sharedlibrary, info registers, info target.")
    static final class Info extends ReplCommand {
        @Spec
        CommandSpec spec;

        Info(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            out().println("\"info\" must be followed by the name of an info command.");
            out().println("List of info subcommands:");
            out().println();
            for (CommandLine sub : spec.commandLine().getSubcommands().values().stream().distinct().toList()) {
                String[] d = sub.getCommandSpec().usageMessage().description();
                out().println("info " + sub.getCommandName() + " -- " + (d.length > 0 ? d[0] : ""));
            }
            return 0;
        }
    }

    @Command(name = "address", description = "Describe where a symbol is stored (thread-local: which module's TLS "
            + "block, at which offset).")
    static final class Address extends ReplCommand {
        @Parameters(paramLabel = "SYMBOL", description = "A variable or function name.")
        String name;

        Address(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            out().println(dbg.session().infoAddress(name, Optional.empty()));
            return 0;
        }
    }

    @Command(name = "symbol", description = "Describe what symbol is at an address: NAME + OFFSET in section S of FILE.")
    static final class Symbol extends ReplCommand {
        @Parameters(paramLabel = "EXPR", arity = "1..*", description = "An address (an expression).")
        List<String> words = new ArrayList<>();

        Symbol(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            String text = Words.join(words);
            Session s = dbg.session();
            Value v = s.evaluate(text, dbg.threadIfAny(), Optional.empty());
            long a = v.type().isPointer() || v.type().isScalarInteger() ? v.asLong(false)
                    : v.address().orElseThrow(() -> new TldbException("No symbol matches " + text + "."));
            Optional<String> sym = s.symbolize(a);
            Optional<Module> m = dbg.moduleAt(a);
            if (sym.isEmpty() || m.isEmpty()) {
                // gdb says so on standard output: an answer, not an error (batch mode goes on with exit code 0).
                out().println("No symbol matches " + text + ".");
                return 0;
            }
            String name = sym.get().replace("+", " + ");
            ElfFile elf = m.get().elf().orElseThrow();
            String section = elf.sectionContaining(a - m.get().loadBias()).map(Section::name).orElse("?");
            boolean many = dbg.stack().modules().size() > 1;
            out().println(name + " in section " + section + (many ? " of " + path(m.get()) : ""));
            return 0;
        }
    }

    static String path(Module m) {
        return m.elf().flatMap(ElfFile::path).map(p -> p.toAbsolutePath().toString()).orElse(m.name());
    }

    @Command(name = "sharedlibrary", aliases = "dll", description = "List the loaded shared libraries: the address "
            + "range of their code, whether their symbols were read, their path.")
    static final class SharedLibrary extends ReplCommand {
        SharedLibrary(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            List<Module> libs = dbg.stack().modules().stream().filter(m -> !m.isMainProgram()).toList();
            if (libs.isEmpty()) {
                out().println("No shared libraries loaded at this time.");
                return 0;
            }
            boolean anyMissingDebug = false;
            out().println("From                To                  Syms Read   Shared Object Library");
            for (Module m : libs) {
                String from = "", to = "", read = "No";
                if (m.elf().isPresent()) {
                    ElfFile elf = m.elf().get();
                    Optional<Section> text = elf.section(".text");
                    if (text.isPresent()) {
                        from = dbg.address(text.get().addr() + m.loadBias());
                        to = dbg.address(text.get().addr() + text.get().size() + m.loadBias());
                    }
                    boolean debug = elf.debugSection(".debug_info").isPresent();
                    read = debug ? "Yes" : "Yes (*)";
                    anyMissingDebug |= !debug;
                }
                out().printf("%-19s %-19s %-11s %s%n", from, to, read, path(m));
            }
            if (anyMissingDebug) {
                out().println("(*): Shared library is missing debugging information.");
            }
            return 0;
        }
    }

    @Command(name = "registers", aliases = "r", description = "The selected thread's general registers (or the "
            + "ones named), as gdb shows them: name, hex, natural.")
    static final class RegistersCmd extends ReplCommand {
        @Parameters(paramLabel = "REGISTER", arity = "0..*", description = "Register names (rip, fs_base, $pc, ...).")
        List<String> names = new ArrayList<>();

        RegistersCmd(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            ThreadInfo t = dbg.thread();
            TargetStack stack = dbg.stack();
            Arch arch = stack.abi().arch();
            Registers regs = stack.registers(t);
            RegisterLayout layout = regs.layout();
            List<Integer> which = new ArrayList<>();
            if (names.isEmpty()) {
                for (int i = 0; i < layout.size(); i++) {
                    if (layout.get(i).group().equals("general")) {
                        which.add(i);
                    }
                }
            } else {
                for (String n : names) {
                    String name = n.startsWith("$") ? n.substring(1) : n;
                    name = name.equals("pc") ? arch.pcRegister() : name.equals("sp") ? arch.spRegister() : name;
                    String reg = name;
                    which.add(layout.indexOf(reg).orElseThrow(() -> new TldbException("Invalid register `" + n + "'")));
                }
            }
            for (int i : which) {
                RegisterDef d = layout.get(i);
                Optional<Long> v = regs.get(i);
                if (v.isEmpty()) {
                    out().printf("%-15s%s%n", d.name(), "<unavailable>");
                    continue;
                }
                if (d.byteSize() > 8) {
                    byte[] raw = regs.raw(i).orElseThrow();
                    StringBuilder hex = new StringBuilder("0x");
                    for (int k = raw.length - 1; k >= 0; k--) {
                        hex.append(String.format("%02x", raw[k] & 0xff));
                    }
                    out().printf("%-15s%s%n", d.name(), hex);
                    continue;
                }
                long x = v.get();
                String hex = "0x" + Long.toHexString(x);
                out().printf("%-15s%-19s %s%n", d.name(), hex, natural(d, x));
            }
            return 0;
        }

        private String natural(RegisterDef d, long x) {
            return switch (d.type()) {
                case "code_ptr" -> "0x" + Long.toHexString(x) + dbg.session().symbolize(x).map(s -> " <" + s + ">").orElse("");
                case "data_ptr" -> "0x" + Long.toHexString(x);
                case "i386_eflags" -> flags(x, new String[] {"CF", "", "PF", "", "AF", "", "ZF", "SF", "TF", "IF", "DF",
                        "OF", "", "", "NT", "", "RF", "VM", "AC", "VIF", "VIP", "ID"});
                case "cpsr_flags" -> "[ EL=" + (x >> 2 & 3) + ((x >> 31 & 1) != 0 ? " N" : "") + ((x >> 30 & 1) != 0 ? " Z" : "")
                        + ((x >> 29 & 1) != 0 ? " C" : "") + ((x >> 28 & 1) != 0 ? " V" : "") + " ]";
                default -> Long.toString(d.byteSize() == 4 ? (int) x : d.byteSize() == 2 ? (short) x : x);
            };
        }

        private static String flags(long x, String[] names) {
            StringBuilder b = new StringBuilder("[ ");
            for (int bit = 0; bit < names.length; bit++) {
                if ((x >> bit & 1) != 0 && !names[bit].isEmpty()) {
                    b.append(names[bit]).append(' ');
                }
            }
            return b.append(']').toString();
        }
    }

    @Command(name = "target", aliases = "files", description = "The target's layers, top first (as gdb's strata), "
            + "and the thread library in use.")
    static final class TargetInfo extends ReplCommand {
        TargetInfo(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            TargetStack stack = dbg.stack();
            out().println("Target: " + dbg.target().orElseThrow().description() + " (" + stack.abi().describe() + ")");
            for (TargetLayer l : stack.layers()) {
                out().println("  " + l.stratum().name().toLowerCase(java.util.Locale.ROOT) + ": " + l.shortName()
                        + " -- " + l.description());
            }
            return 0;
        }
    }

}
