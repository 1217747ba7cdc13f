package dev.tldb.core;

import dev.tldb.testkit.Gdb;
import dev.tldb.testkit.GdbResult;
import dev.tldb.testkit.GdbThread;
import dev.tldb.testkit.SampleCore;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What stock gdb says about one sample core, from one batch run: threads, every thread's
 * registers ({@code info registers} plus the x87/SSE and system registers tldb also serves),
 * the 16 bytes of code at each thread's pc ({@code x/16xb $pc}: gdb reads them from the core or,
 * where the core has none, from the program files), {@code info sharedlibrary} and
 * {@code info auxv}. The ground truth for {@link SampleCoreTest}.
 */
record GdbCoreReport(List<GdbThread> threads, Map<Integer, Map<String, Optional<Long>>> registers,
                     Map<Integer, Map<String, BigInteger>> wideRegisters, Map<Integer, byte[]> codeAtPc,
                     List<SharedLibrary> libraries,
                     Map<String, Long> auxv, String programTerminated, String raw) {

    /** A row of {@code info sharedlibrary}: gdb's From and To are the library's .text bounds. */
    record SharedLibrary(long from, long to, String path) {}

    private static final String MARK = "@@tldb-core@@";
    private static final Pattern REGISTER = Pattern.compile("^(\\w+)\\s+(0x[0-9a-f]+|<unavailable>)(?:\\s|$)",
            Pattern.MULTILINE);
    private static final Pattern ST_RAW = Pattern.compile("^(st\\d)\\s+.*\\(raw (0x[0-9a-f]+)\\)", Pattern.MULTILINE);
    private static final Pattern HISTORY = Pattern.compile("^\\$\\d+ = (0x[0-9a-f]+|<unavailable>)$", Pattern.MULTILINE);
    private static final Pattern LIBRARY = Pattern.compile("^(0x[0-9a-f]+)\\s+(0x[0-9a-f]+)\\s+\\S+\\s+(/\\S.*)$",
            Pattern.MULTILINE);
    private static final Pattern AUXV = Pattern.compile("^\\d+\\s+(AT_\\w+)\\s.*?(0x[0-9a-f]+|\\d+)(?: \".*\")?$",
            Pattern.MULTILINE);
    private static final Pattern BYTES = Pattern.compile("^0x[0-9a-f]+(?: <[^>]*>)?:((?:\\s+0x[0-9a-f]{2})+)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern TERMINATED = Pattern.compile("^Program terminated with signal (\\w+), (.*)\\.$",
            Pattern.MULTILINE);

    static GdbCoreReport of(SampleCore core) {
        Gdb gdb = Gdb.forVariant(core.variant());
        List<GdbThread> threads = gdb.threads(core.variant().executable(), core.core());
        boolean x86 = core.variant().arch().equals("x86_64");
        List<String> commands = new ArrayList<>();
        for (GdbThread t : threads) {
            commands.add("echo " + MARK + " thread " + t.number() + "\\n");
            commands.add("thread " + t.number());
            commands.add("echo " + MARK + " code " + t.number() + "\\n");
            commands.add("x/16xb $pc");
            commands.add("echo " + MARK + " registers " + t.number() + "\\n");
            commands.add("info registers");
            if (x86) {
                commands.add("info registers fs_base gs_base orig_rax fctrl fstat ftag fiseg fioff foseg fooff fop "
                        + "mxcsr st0 st1 st2 st3 st4 st5 st6 st7");
                for (int i = 0; i < 16; i++) {
                    commands.add("p/x $xmm" + i + ".uint128");
                }
            } else {
                commands.add("info registers fpsr fpcr");
            }
        }
        commands.add("echo " + MARK + " libraries\\n");
        commands.add("info sharedlibrary");
        commands.add("echo " + MARK + " auxv\\n");
        commands.add("info auxv");
        commands.add("echo " + MARK + " end\\n");
        GdbResult r = gdb.batchMerged(commands, core.variant().executable().toString(), core.core().toString());
        String out = r.stdout();

        Map<Integer, Map<String, Optional<Long>>> regs = new LinkedHashMap<>();
        Map<Integer, Map<String, BigInteger>> wide = new LinkedHashMap<>();
        Map<Integer, byte[]> code = new LinkedHashMap<>();
        List<SharedLibrary> libs = new ArrayList<>();
        Map<String, Long> auxv = new HashMap<>();
        for (String section : out.split(Pattern.quote(MARK) + " ")) {
            if (section.startsWith("registers ")) {
                int num = Integer.parseInt(section.substring(10, section.indexOf('\n')));
                Map<String, Optional<Long>> values = new LinkedHashMap<>();
                Matcher m = REGISTER.matcher(section);
                while (m.find()) {
                    values.put(m.group(1), m.group(2).startsWith("<") ? Optional.empty()
                            : Optional.of(Long.parseUnsignedLong(m.group(2).substring(2), 16)));
                }
                Map<String, BigInteger> w = new LinkedHashMap<>();
                Matcher st = ST_RAW.matcher(section);
                while (st.find()) {
                    w.put(st.group(1), new BigInteger(st.group(2).substring(2), 16));
                }
                Matcher h = HISTORY.matcher(section);
                int xmm = 0;
                while (h.find()) {
                    if (!h.group(1).startsWith("<")) {
                        w.put("xmm" + xmm, new BigInteger(h.group(1).substring(2), 16));
                    }
                    xmm++;
                }
                regs.put(num, values);
                wide.put(num, w);
            } else if (section.startsWith("code ")) {
                int num = Integer.parseInt(section.substring(5, section.indexOf('\n')));
                java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
                Matcher m = BYTES.matcher(section);
                while (m.find()) {
                    for (String x : m.group(1).trim().split("\\s+")) {
                        b.write(Integer.parseInt(x.substring(2), 16));
                    }
                }
                code.put(num, b.toByteArray());
            } else if (section.startsWith("libraries")) {
                Matcher m = LIBRARY.matcher(section);
                while (m.find()) {
                    libs.add(new SharedLibrary(Long.parseUnsignedLong(m.group(1).substring(2), 16),
                            Long.parseUnsignedLong(m.group(2).substring(2), 16), m.group(3).trim()));
                }
            } else if (section.startsWith("auxv")) {
                Matcher m = AUXV.matcher(section);
                while (m.find()) {
                    String v = m.group(2);
                    auxv.putIfAbsent(m.group(1), v.startsWith("0x") ? Long.parseUnsignedLong(v.substring(2), 16)
                            : Long.parseLong(v));
                }
            }
        }
        if (regs.size() != threads.size()) {
            throw new AssertionError("gdb printed registers of " + regs.size() + " of " + threads.size()
                    + " threads\n" + r.describe());
        }
        GdbResult opened = gdb.batchMerged(List.of(), core.variant().executable().toString(), core.core().toString());
        Matcher t = TERMINATED.matcher(opened.stdout());
        return new GdbCoreReport(threads, regs, wide, code, libs, auxv, t.find() ? t.group(1) : "", out);
    }
}
