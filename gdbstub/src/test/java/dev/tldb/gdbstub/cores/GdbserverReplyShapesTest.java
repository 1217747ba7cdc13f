package dev.tldb.gdbstub.cores;

import dev.tldb.gdbstub.cores.GdbserverTranscript.Exchange;
import dev.tldb.gdbstub.protocol.Hex;
import dev.tldb.gdbstub.server.RawRspClient;
import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reply shapes against stock gdbserver: every request gdb 13 sent to gdbserver 13 in the captured
 * transcript ({@link GdbserverTranscript}, docs/rsp-notes.md section 1) is replayed, in order and
 * in one session, against tldb serving the x86-64 glibc PIE sample core, and tldb's reply must
 * have the shape of gdbserver's: the same kind (empty, OK, error, stop reply with the same keys,
 * qXfer {@code m}/{@code l} chunk of the same document, File-I/O {@code F} result, hex block of the
 * requested length, ...). Requests that name the transcript's process, threads, files or file
 * descriptors are translated to the core's; requests at addresses of the transcript's program
 * compare only the class of the reply. Where tldb answers differently on purpose, the test asserts
 * tldb's documented answer and says why, so that a change either way shows up here.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GdbserverReplyShapesTest {
    /** The transcript's process (hex, as on the wire) and its threads in the order gdb met them. */
    private static final String GS_PID = "1547";
    private static final List<String> GS_THREADS = List.of("1547", "154d", "154e");
    private static final String GS_EXE = "/tmp/rspcap/tlsdemo";
    private static final String GS_MAIN_LM = "7ffff7ffe2e0";
    private static final Pattern HEX = Pattern.compile("[0-9a-f]*");
    private static final Pattern ENN = Pattern.compile("E[0-9a-fA-F]{2}");

    private static SampleCore sample;
    private static ServedCore served;

    @BeforeAll
    static void serve() {
        sample = SampleCores.core("x86_64-glibc-pie", CoreKind.GCORE);
        served = ServedCore.serve(sample);
    }

    @AfterAll
    static void stop() {
        if (served != null) {
            served.close();
        }
    }

    @Test
    void theTranscriptIsWhatDocsRspNotesDescribes() {
        List<Exchange> all = GdbserverTranscript.load().exchanges();
        assertThat(all).hasSizeGreaterThan(200);
        assertThat(all.get(0).request()).startsWith("qSupported:multiprocess+;");
        assertThat(all.get(all.size() - 1).request()).isEqualTo("vKill;" + GS_PID);
        assertThat(all).filteredOn(e -> e.request().equals("?")).singleElement()
                .extracting(Exchange::reply).asString().startsWith("T05").endsWith(";core:0;");
    }

    @Test
    void everyRequestOfGdbsSessionWithGdbserverGetsAReplyOfTheSameShape() throws Exception {
        List<Exchange> exchanges = GdbserverTranscript.load().exchanges();
        SoftAssertions soft = new SoftAssertions();
        try (Replay replay = new Replay(soft)) {
            for (Exchange e : exchanges) {
                replay.exchange(e);
            }
            soft.assertThat(replay.rules).as("every family of request in the transcript was compared")
                    .contains("qSupported", "stop", "qXfer:features", "qXfer:threads", "qXfer:libraries-svr4",
                            "qXfer:auxv", "qXfer:exec-file", "vFile:open", "vFile:pread", "vFile:fstat", "m", "g",
                            "qGetTLSAddr", "resume", "Z", "vKill");
        }
        soft.assertAll();
    }

    /** One session with tldb, and what it learnt to translate the transcript's names. */
    private static final class Replay implements AutoCloseable {
        final SoftAssertions soft;
        final RawRspClient c;
        final String pid = Long.toHexString(sample.output().main().lwp());
        final Map<String, String> threads = new HashMap<>();
        final Map<String, String> fds = new HashMap<>();
        final Set<String> rules = new TreeSet<>();
        /** qXfer objects whose tldb document has ended ({@code l}), so gdb would ask no further. */
        final Set<String> finished = new LinkedHashSet<>();
        String exe;
        String mainLm;
        String sp;
        String tlsAddress;
        String gdbserverTlsAddress;

        Replay(SoftAssertions soft) throws IOException {
            this.soft = soft;
            c = new RawRspClient(new InetSocketAddress("127.0.0.1", served.port));
        }

        @Override
        public void close() throws IOException {
            c.close();
        }

        void exchange(Exchange e) throws IOException {
            String req = e.request();
            String gs = e.reply();
            String at = "line " + e.line() + ": " + abbreviate(req);
            if (req.startsWith("qSupported:")) {
                rules.add("qSupported");
                qSupported(at, e, c.request(req));
            } else if (req.equals("vMustReplyEmpty") || req.equals("qOffsets")) {
                same(at, req, gs, c.request(req));
            } else if (req.equals("QStartNoAckMode")) {
                same(at, req, gs, c.request(req));
                c.sendRaw("+"); // gdb acks the OK once more
            } else if (req.startsWith("QProgramSignals:") || req.startsWith("QPassSignals:")) {
                // Difference: gdbserver takes signal lists; a core receives no signals, tldb does not
                // advertise QPassSignals+/QProgramSignals+ and answers empty (unsupported), which gdb
                // accepts silently (it then stops sending them).
                soft.assertThat(gs).as(at).isEqualTo("OK");
                soft.assertThat(c.request(req)).as(at + " (a core takes no signals)").isEmpty();
            } else if (req.equals("Hc-1")) {
                // Difference documented in docs/rsp-notes.md section 1: gdbserver's read_ptid pairs the
                // -1 with the first pid and answers E01 (gdb ignores it); we accept it as all threads.
                soft.assertThat(gs).as(at).isEqualTo("E01");
                soft.assertThat(c.request(req)).as(at + " (rsp-notes: the Hc-1 quirk)").isEqualTo("OK");
            } else if (req.startsWith("H") || req.startsWith("T")) {
                same(at, req, gs, c.request(threadIds(req)));
            } else if (req.startsWith("qXfer:")) {
                qXfer(at, req, gs);
            } else if (req.equals("QNonStop:0")) {
                // gdb sends it only because gdbserver advertised QNonStop+, which tldb does not; the
                // answer is the same anyway (rsp-notes section 4).
                same(at, req, gs, c.request(req));
            } else if (req.equals("qTStatus")) {
                // Difference documented in rsp-notes section 4: no tracepoints, so empty, as gdbserver on
                // targets without tracing; answering T0;tnotrun:0 would make gdb ask qTfV/qTsV/qTfP too.
                soft.assertThat(gs).as(at).startsWith("T0;tnotrun:0;");
                soft.assertThat(c.request(req)).as(at + " (rsp-notes: no tracing)").isEmpty();
            } else if (req.equals("qTfV") || req.equals("qTsV") || req.equals("qTfP")) {
                // gdb sends these only after a non-empty qTStatus (above); tldb does not know them.
                soft.assertThat(c.request(req)).as(at + " (no tracing)").isEmpty();
            } else if (req.equals("?")) {
                rules.add("stop");
                String tl = c.request(req);
                stopReply(at, gs, tl, false);
                Matcher m = Pattern.compile(";07:([0-9a-f]{16});").matcher(tl);
                if (m.find()) {
                    sp = Long.toHexString(Long.reverseBytes(Long.parseUnsignedLong(m.group(1), 16)));
                }
            } else if (req.startsWith("qAttached:")) {
                // Same shape (0 or 1), different answer on purpose (ProcessQueryHandler): gdbserver started
                // the program (0: quit kills it); tldb serves a core as an existing process (1: quit
                // detaches and leaves it alone).
                soft.assertThat(gs).as(at).isEqualTo("0");
                soft.assertThat(c.request("qAttached:" + pid)).as(at + " (attached to an existing process)")
                        .isEqualTo("1");
            } else if (req.startsWith("vFile:")) {
                vFile(at, req, gs);
            } else if (req.startsWith("m")) {
                rules.add("m");
                memory(at, req, gs, e.cut());
            } else if (req.startsWith("qSymbol:")) {
                // Difference: gdbserver (with libthread_db) asks gdb for symbols; tldb needs none (its thread
                // layer reads the program's own symbol tables, ProcessQueryHandler) and ends the exchange at
                // once. Both replies are of the two kinds gdb expects: OK or qSymbol:<hex name>.
                soft.assertThat(gs).as(at).matches("OK|qSymbol:[0-9a-f]+");
                soft.assertThat(c.request(req)).as(at + " (no symbols needed)").isEqualTo("OK");
            } else if (req.startsWith("Z") || req.startsWith("z")) {
                rules.add("Z");
                same(at, req, gs, c.request(req)); // accepted and remembered (rsp-notes section 6)
            } else if (req.equals("vCont?")) {
                // Same form, one action fewer on purpose (rsp-notes section 6: "vCont? answers
                // vCont;c;C;s;S;t"): no r (range stepping); a core does not step at all.
                soft.assertThat(gs).as(at).isEqualTo("vCont;c;C;t;s;S;r");
                soft.assertThat(actions(c.request(req))).as(at).isEqualTo(actions(gs).stream()
                        .filter(a -> !a.equals("r")).collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
            } else if (req.startsWith("vCont;")) {
                rules.add("resume");
                resume(at, threadIds(req), gs);
            } else if (req.equals("g")) {
                rules.add("g");
                String tl = c.request(req);
                // gdbserver's reply is cut in the capture (at 600 of its characters): compare the kind and
                // the general registers rax..gs, 16 of 8 bytes, rip, 7 of 4 bytes (eflags, cs..gs), which
                // lead both blocks in the amd64 order; the whole length is checked against tldb's own
                // target.xml in TargetDescriptionGdbTest and friends.
                int general = 2 * (17 * 8 + 7 * 4);
                soft.assertThat(e.cut()).as(at).isTrue();
                soft.assertThat(gs.substring(0, general)).as(at).matches(HEX);
                soft.assertThat(tl).as(at + ": a hex register block").matches("[0-9a-fx]+").hasSizeGreaterThan(general);
                soft.assertThat(tl.length() % 2).as(at).isZero();
                soft.assertThat(tl.substring(0, general)).as(at + ": general registers all available").matches(HEX);
            } else if (req.startsWith("qGetTLSAddr:")) {
                rules.add("qGetTLSAddr");
                String[] parts = req.substring("qGetTLSAddr:".length()).split(",");
                soft.assertThat(parts[2]).as(at).isEqualTo(GS_MAIN_LM);
                // The transcript's variable is at offset 0 of the executable's TLS block; ask for the core's.
                String tl = c.request("qGetTLSAddr:" + threadIds(parts[0]) + ",0," + mainLm);
                soft.assertThat(gs).as(at).matches("[0-9a-f]+");
                soft.assertThat(tl).as(at + ": a bare hex address").matches("[0-9a-f]+");
                gdbserverTlsAddress = gs;
                tlsAddress = tl;
            } else if (req.startsWith("vKill;")) {
                rules.add("vKill");
                same(at, req, gs, c.request("vKill;" + pid));
            } else {
                soft.fail(at + ": no rule for this request; add one rather than skip it");
            }
        }

        /** Replies whose shape must be equal: here, equal text (empty, OK, E, F0). */
        void same(String at, String req, String gs, String tl) {
            soft.assertThat(shape(tl)).as(at + " -> tldb '%s', gdbserver '%s'", abbreviate(tl), abbreviate(gs))
                    .isEqualTo(shape(gs));
        }

        void qSupported(String at, Exchange e, String tl) {
            List<String> g = new ArrayList<>(Arrays.asList(e.reply().split(";")));
            if (e.cut()) {
                g.remove(g.size() - 1); // the capture cut the reply: its last item may be partial
                g.addAll(List.of("swbreak+", "hwbreak+", "qXfer:exec-file:read+", "vContSupported+", "QThreadEvents+",
                        "no-resumed+")); // the rest, as docs/rsp-notes.md section 1 quotes it in full
            }
            List<String> t = Arrays.asList(tl.split(";"));
            soft.assertThat(g.get(0)).as(at).matches("PacketSize=[0-9a-f]+");
            soft.assertThat(t.get(0)).as(at + ": PacketSize, in hex, comes first").matches("PacketSize=[0-9a-f]+");
            soft.assertThat(t).as(at + ": every item is name+, name- or name=value")
                    .allMatch(i -> i.matches("[A-Za-z][A-Za-z0-9:_.-]*([+-]|=[0-9a-zA-Z]+)"));
            // What gdbserver advertises and tldb must too: the debugging features of a stopped process.
            Set<String> common = Set.of("QStartNoAckMode+", "multiprocess+", "vContSupported+", "QThreadEvents+",
                    "swbreak+", "hwbreak+", "qXfer:features:read+", "qXfer:threads:read+", "qXfer:exec-file:read+",
                    "qXfer:auxv:read+", "qXfer:libraries-svr4:read+");
            soft.assertThat(g).as(at + ": gdbserver").containsAll(common);
            soft.assertThat(t).as(at + ": tldb").containsAll(common);
            // Difference: what gdbserver has and tldb does not is all about running, signalling, tracing
            // or recording a live process, or non-stop mode (rsp-notes section 4), none of which a core or
            // a simulation can do.
            Set<String> missing = new TreeSet<>(g.subList(1, g.size()));
            t.forEach(missing::remove);
            soft.assertThat(missing).as(at + ": gdbserver features tldb leaves out").allMatch(f -> f.matches(
                    "Q(PassSignals|ProgramSignals|StartupWithShell|Environment\\w+|SetWorkingDir|CatchSyscalls"
                            + "|NonStop|DisableRandomization|Agent|TBuffer:size)\\+"
                            + "|qXfer:(siginfo|osdata|statictrace|traceframe-info|btrace|btrace-conf):\\w+\\+"
                            + "|(fork|vfork|exec)-events\\+|no-resumed\\+|augmented-libraries-svr4-read\\+"
                            + "|\\w*Tracepoints\\+|TraceStateVariables\\+|TracepointSource\\+|DisconnectedTracing\\+"
                            + "|InstallInTrace\\+|tracenz\\+|(Conditional)?Breakpoint(s|Commands)\\+|ConditionalBreakpoints\\+"
                            + "|Qbtrace(-conf)?:\\w+(:size)?\\+"));
        }

        void qXfer(String at, String req, String gs) throws IOException {
            // qXfer:<object>:read:<annex>:<offset>,<length>
            String[] p = req.split(":");
            String object = p[1];
            rules.add("qXfer:" + object);
            String[] range = p[4].split(",");
            String annex = object.equals("exec-file") ? pid : p[3];
            long offset = Long.parseLong(range[0], 16);
            int length = Integer.parseInt(range[1], 16);
            if (object.equals("btrace-conf")) {
                // gdb asks only because gdbserver advertised qXfer:btrace-conf:read+; tldb records no
                // branch trace, does not advertise it and answers empty (unsupported).
                soft.assertThat(gs).as(at).startsWith("E.");
                soft.assertThat(c.request(req)).as(at + " (no branch tracing)").isEmpty();
                return;
            }
            if (offset > 0 && finished.contains(object)) {
                // tldb's document ended in an earlier chunk ('l'), so gdb would not ask: only gdbserver's
                // (larger) document has this chunk. gdbserver's own chunk is of the same kind.
                soft.assertThat(gs).as(at).matches("(?s)[ml].*");
                return;
            }
            byte[] raw = c.binaryReply("qXfer:" + object + ":read:" + annex + ":" + range[0] + "," + range[1]);
            String tl = new String(raw, StandardCharsets.ISO_8859_1);
            soft.assertThat(gs).as(at + ": gdbserver").matches("(?s)[ml].*");
            soft.assertThat(tl).as(at + ": an m or l chunk").matches("(?s)[ml].*");
            if (tl.isEmpty()) {
                return;
            }
            if (tl.charAt(0) == 'l') {
                finished.add(object);
            } else {
                finished.remove(object);
                soft.assertThat(raw.length - 1).as(at + ": an m chunk is as long as asked").isLessThanOrEqualTo(length)
                        .isPositive();
            }
            String body = tl.substring(1);
            String gsBody = gs.isEmpty() ? "" : gs.substring(1);
            switch (object) {
                case "features" -> {
                    if (offset == 0) {
                        for (String tag : List.of("<architecture>i386:x86-64</architecture>", "<osabi>GNU/Linux</osabi>",
                                "<feature name=\"org.gnu.gdb.i386.core\">")) {
                            soft.assertThat(gsBody).as(at + ": gdbserver").contains(tag);
                            soft.assertThat(body).as(at).contains(tag);
                        }
                    }
                }
                case "threads" -> {
                    soft.assertThat(tl).as(at + ": the whole list fits one chunk, as gdbserver's").startsWith("l");
                    soft.assertThat(body).as(at).contains("<threads>").endsWith("</threads>\n");
                    Set<String> gsAttrs = threadAttributes(gsBody.replace("\\n", "\n"));
                    Set<String> tlAttrs = threadAttributes(body);
                    // Differences: gdbserver adds handle= (the pthread_t) once libthread_db is active; tldb
                    // never sends it (gdb uses it only for thread-handle look-ups from Python). And name=
                    // is /proc/PID/task/TID/comm for gdbserver; a core records no per-thread name, so
                    // tldb leaves it out for a core (a simulated thread has one).
                    Set<String> expected = new TreeSet<>(gsAttrs);
                    expected.remove("handle");
                    expected.remove("name");
                    soft.assertThat(tlAttrs).as(at + ": <thread> attributes").isEqualTo(expected);
                    for (String id : ids(body)) {
                        soft.assertThat(id).as(at).matches("p" + pid + "\\.[0-9a-f]+");
                    }
                    List<String> order = ids(body);
                    for (int i = 0; i < GS_THREADS.size() && i < order.size(); i++) {
                        threads.putIfAbsent(GS_THREADS.get(i), order.get(i).substring(1 + pid.length() + 1));
                    }
                }
                case "libraries-svr4" -> {
                    soft.assertThat(gsBody).as(at).startsWith("<library-list-svr4 version=\"1.0\"");
                    soft.assertThat(body).as(at).startsWith("<library-list-svr4 version=\"1.0\"")
                            .endsWith("</library-list-svr4>");
                    // The transcript's program was stopped at its entry before the dynamic linker ran (an
                    // empty list); the core is past that: it has main-lm and libraries with the attributes
                    // gdbserver sends once ld.so ran (checked on the first library of a later reply).
                    Matcher lm = Pattern.compile("main-lm=\"0x([0-9a-f]+)\"").matcher(body);
                    soft.assertThat(lm.find()).as(at + ": main-lm").isTrue();
                    mainLm = lm.find(0) ? lm.group(1) : "0";
                    Matcher lib = Pattern.compile("<library ([^>]*?)/>").matcher(body);
                    if (!lib.find()) {
                        soft.fail(at + ": no <library> in " + abbreviate(body));
                        return;
                    }
                    soft.assertThat(attributes(lib.group(1))).as(at + ": <library> attributes")
                            .isEqualTo(new TreeSet<>(List.of("name", "lm", "l_addr", "l_ld", "lmid")));
                    Matcher gsLib = Pattern.compile("<library ([^>]*?)/>").matcher(gsBody);
                    if (gsLib.find()) {
                        soft.assertThat(attributes(gsLib.group(1))).as(at + ": gdbserver's <library>")
                                .isEqualTo(attributes(lib.group(1)));
                    }
                }
                case "auxv" -> {
                    // Binary, 16 bytes per entry on x86-64, ending with AT_NULL; gdbserver's is elided.
                    soft.assertThat(gs).as(at).startsWith("l!"); // AT_SYSINFO_EHDR (33) first
                    soft.assertThat(tl).as(at).startsWith("l!");
                    soft.assertThat(body.length() % 16).as(at + ": whole auxv entries").isZero();
                    soft.assertThat(body.substring(Math.max(0, body.length() - 16))).as(at + ": AT_NULL last")
                            .isEqualTo("\0".repeat(16));
                }
                case "exec-file" -> {
                    soft.assertThat(gsBody).as(at).isEqualTo(GS_EXE);
                    soft.assertThat(tl).as(at + ": l and an absolute path").matches("l/\\S+");
                    exe = body;
                }
                default -> soft.fail(at + ": no rule for qXfer:" + object);
            }
        }

        void vFile(String at, String req, String gs) throws IOException {
            String op = req.substring("vFile:".length(), req.indexOf(':', "vFile:".length()));
            String args = req.substring(req.indexOf(':', "vFile:".length()) + 1);
            rules.add("vFile:" + op);
            switch (op) {
                case "setfs" -> same(at, req, gs, c.request("vFile:setfs:" + (args.equals("0") ? "0" : pid)));
                case "open" -> {
                    String[] a = args.split(",");
                    String path = new String(Hex.decode(a[0]), StandardCharsets.ISO_8859_1);
                    String ours = path.equals(GS_EXE) ? exe
                            : path.replace("/proc/" + Long.parseLong(GS_PID, 16) + "/", "/proc/" + Long.parseLong(pid, 16) + "/")
                                    .replace("/task/" + Long.parseLong(GS_PID, 16) + "/", "/task/" + Long.parseLong(pid, 16) + "/");
                    String tl = c.request("vFile:open:" + Hex.encodeText(ours) + "," + a[1] + "," + a[2]);
                    // A file descriptor or an errno, as gdbserver's; the same errno when both fail.
                    soft.assertThat(fileIo(tl)).as(at + " (%s) -> %s", ours, tl).isEqualTo(fileIo(gs));
                    if (gs.matches("F-1,[0-9a-f]+")) {
                        soft.assertThat(tl).as(at + " (%s)", ours).isEqualTo(gs);
                    }
                    if (gs.matches("F[0-9a-f]+") && tl.matches("F[0-9a-f]+")) {
                        fds.put(gs.substring(1), tl.substring(1));
                    }
                }
                case "pread" -> {
                    String[] a = args.split(",");
                    byte[] raw = c.binaryReply("vFile:pread:" + fd(a[0]) + "," + a[1] + "," + a[2]);
                    String tl = new String(raw, StandardCharsets.ISO_8859_1);
                    soft.assertThat(gs).as(at).matches("(?s)F[0-9a-f]+;.*");
                    Matcher m = Pattern.compile("(?s)F([0-9a-f]+);(.*)").matcher(tl);
                    soft.assertThat(m.matches()).as(at + ": F<count>;<data> -> %s", abbreviate(tl)).isTrue();
                    if (m.matches()) {
                        int count = Integer.parseInt(m.group(1), 16);
                        soft.assertThat(m.group(2).length()).as(at + ": count = bytes sent").isEqualTo(count);
                        soft.assertThat(count).as(at + ": at most what was asked").isLessThanOrEqualTo(Integer.parseInt(a[1], 16));
                    }
                }
                case "fstat" -> {
                    byte[] raw = c.binaryReply("vFile:fstat:" + fd(args));
                    // The 64-byte File-I/O struct stat, both.
                    soft.assertThat(gs).as(at).startsWith("F40;");
                    soft.assertThat(new String(raw, 0, Math.min(4, raw.length), StandardCharsets.ISO_8859_1)).as(at)
                            .isEqualTo("F40;");
                    soft.assertThat(raw.length).as(at).isEqualTo(4 + 64);
                }
                case "close" -> same(at, req, gs, c.request("vFile:close:" + fd(args)));
                default -> soft.fail(at + ": no rule for vFile:" + op);
            }
        }

        String fd(String gsFd) {
            String ours = fds.get(gsFd);
            soft.assertThat(ours).as("tldb opened the file of gdbserver's fd %s", gsFd).isNotNull();
            return ours == null ? "7fff" : ours;
        }

        void memory(String at, String req, String gs, boolean cut) throws IOException {
            String[] a = req.substring(1).split(",");
            int length = Integer.parseInt(a[1], 16);
            String address = a[0];
            boolean mustRead = false;
            if (sp != null && address.startsWith("7fffffffe8")) {
                // x/4gx $sp after connecting: read at tldb's stack pointer instead.
                address = Long.toHexString(Long.parseUnsignedLong(sp, 16) + Long.parseUnsignedLong(a[0], 16)
                        - 0x7fffffffe810L);
                mustRead = true;
            } else if (a[0].equals(gdbserverTlsAddress)) {
                address = tlsAddress; // print tls_counter: the variable qGetTLSAddr just found
                mustRead = true;
            }
            String tl = c.request("m" + address + "," + a[1]);
            if (ENN.matcher(gs).matches()) {
                // m0,8: unreadable on both, and an Enn (gdb 13 misreads E.text after m, rsp-notes section 2).
                soft.assertThat(address).as(at).isEqualTo("0");
                soft.assertThat(tl).as(at + ": Enn for an unreadable address").matches(ENN);
                return;
            }
            soft.assertThat(cut ? gs.length() < 2 * length : gs.length() == 2 * length).as(at + ": gdbserver's").isTrue();
            if (mustRead) {
                soft.assertThat(tl).as(at + " at %s", address).hasSize(2 * length).matches(HEX);
            } else {
                // An address of the transcript's program: the class only, all the bytes or an Enn.
                soft.assertThat(tl.length() == 2 * length && HEX.matcher(tl).matches() || ENN.matcher(tl).matches())
                        .as(at + " -> %s", abbreviate(tl)).isTrue();
            }
        }

        void resume(String at, String req, String gs) throws IOException {
            // Difference documented in rsp-notes section 6 ("Resuming a core"): the core cannot run, so
            // the reply is console output (O packets) saying so, then a stop with signal 0 in the same
            // thread, never swbreak (nothing ran into a breakpoint).
            String tl = c.request(req);
            soft.assertThat(tl).as(at + ": console output first").startsWith("O");
            StringBuilder console = new StringBuilder();
            while (tl.startsWith("O") && !tl.equals("OK")) {
                console.append(new String(Hex.decode(tl.substring(1)), StandardCharsets.UTF_8));
                tl = c.readReply();
            }
            soft.assertThat(console.toString()).as(at).contains("core dump").contains("cannot run");
            soft.assertThat(tl).as(at).startsWith("T00");
            stopReply(at, gs, tl, true);
        }

        void stopReply(String at, String gs, String tl, boolean resumed) {
            soft.assertThat(gs).as(at + ": gdbserver").matches("T[0-9a-f]{2}.*");
            soft.assertThat(tl).as(at + ": T, two hex digits of signal, key:value; pairs")
                    .matches("T[0-9a-f]{2}([0-9a-z]+:[0-9a-fp.x]*;)+");
            Set<String> expected = new TreeSet<>(stopKeys(gs));
            // Difference: a core records no CPU number (NT_PRSTATUS has none), so tldb leaves core: out;
            // gdb then takes the core as unknown. (Its qXfer:threads says core="0" for every thread.)
            expected.remove("core");
            if (resumed) {
                expected.remove("swbreak");
            }
            soft.assertThat(stopKeys(tl)).as(at + ": stop reply keys of %s", tl).isEqualTo(expected);
            soft.assertThat(tl).as(at).contains("thread:p" + pid + "." + pid + ";");
        }

        String threadIds(String text) {
            StringBuilder sb = new StringBuilder();
            Matcher m = Pattern.compile("p" + GS_PID + "\\.(-1|[0-9a-f]+)").matcher(text);
            while (m.find()) {
                String tid = m.group(1);
                String ours = tid.equals("-1") ? "-1" : threads.getOrDefault(tid, tid.equals(GS_PID) ? pid : null);
                soft.assertThat(ours).as("a thread of the core for gdbserver's thread %s", tid).isNotNull();
                m.appendReplacement(sb, "p" + pid + "." + (ours == null ? "ffff" : ours));
            }
            m.appendTail(sb);
            return sb.toString();
        }
    }

    /** Empty, OK, an error (Enn or E.text), or the text itself. */
    static String shape(String reply) {
        if (reply.isEmpty()) {
            return "<empty>";
        }
        if (e(reply)) {
            return "<error>";
        }
        return reply;
    }

    static boolean e(String reply) {
        return ENN.matcher(reply).matches() || reply.startsWith("E.");
    }

    /** F-1,errno stays as it is; a successful result is "F<n>". */
    static String fileIo(String reply) {
        return reply.matches("F-1,[0-9a-f]+") ? "F-1,errno" : reply.matches("F[0-9a-f]+") ? "F<n>" : reply;
    }

    /** The non-register keys of a stop reply, and "regs:06,07,10" for the expedited registers. */
    static Set<String> stopKeys(String stop) {
        Set<String> keys = new TreeSet<>();
        List<String> regs = new ArrayList<>();
        for (String pair : stop.substring(3).split(";")) {
            String key = pair.substring(0, pair.indexOf(':'));
            if (key.matches("[0-9a-f]+")) {
                regs.add(String.format("%02x", Integer.parseInt(key, 16)));
            } else {
                keys.add(key);
            }
        }
        keys.add("regs:" + String.join(",", regs));
        return keys;
    }

    static Set<String> actions(String vCont) {
        return new TreeSet<>(Arrays.asList(vCont.substring("vCont;".length()).split(";")));
    }

    static Set<String> threadAttributes(String doc) {
        Set<String> all = new TreeSet<>();
        Matcher m = Pattern.compile("<thread ([^>]*?)/?>").matcher(doc);
        while (m.find()) {
            all.addAll(attributes(m.group(1)));
        }
        return all;
    }

    static Set<String> attributes(String element) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("([A-Za-z_:-]+)=\"").matcher(element);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static List<String> ids(String doc) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<thread id=\"([^\"]+)\"").matcher(doc);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    static String abbreviate(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 80 ? t.substring(0, 80) + "...(" + s.length() + " chars)" : t;
    }
}
