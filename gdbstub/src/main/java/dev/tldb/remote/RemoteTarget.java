package dev.tldb.remote;

import dev.tldb.abi.Abi;
import dev.tldb.abi.Arch;
import dev.tldb.abi.Libc;
import dev.tldb.abi.LibcDetector;
import dev.tldb.abi.RegisterDef;
import dev.tldb.abi.RegisterLayout;
import dev.tldb.abi.Registers;
import dev.tldb.elf.Elf;
import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Segment;
import dev.tldb.error.TldbException;
import dev.tldb.gdbstub.protocol.Features;
import dev.tldb.gdbstub.protocol.Hex;
import dev.tldb.gdbstub.protocol.MalformedPacketException;
import dev.tldb.gdbstub.protocol.ThreadId;
import dev.tldb.linkmap.LinkMap;
import dev.tldb.linkmap.LinkMapEntry;
import dev.tldb.linkmap.LinkMapReader;
import dev.tldb.linkmap.MemoryView;
import dev.tldb.linkmap.ModuleList;
import dev.tldb.linkmap.ProgramImage;
import dev.tldb.target.Auxv;
import dev.tldb.target.MemoryException;
import dev.tldb.target.Module;
import dev.tldb.target.NotSupportedException;
import dev.tldb.target.StopInfo;
import dev.tldb.target.Stratum;
import dev.tldb.target.StubTls;
import dev.tldb.target.TargetLayer;
import dev.tldb.target.TdError;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The process stratum over a remote stub (gdb's {@code target remote}): any gdbserver-compatible
 * stub, tldb's own {@code tldb serve} included. Memory comes from {@code m}, registers from
 * {@code g} (laid out by the stub's target description) and {@code p}, threads from
 * {@code qXfer:threads:read} or {@code qfThreadInfo}, the auxv and the library list from
 * {@code qXfer:auxv:read} and {@code qXfer:libraries-svr4:read} (else the link map is walked in
 * memory, as gdb does). TLS addresses come from the stub's {@code qGetTLSAddr} when it answers
 * one (the {@link StubTls} capability); the thread layer above computes them over memory
 * otherwise.
 *
 * <p>The process is stopped for as long as we are connected: what the stub says about threads,
 * registers and libraries is read once and kept.
 */
public final class RemoteTarget extends TargetLayer implements StubTls, AutoCloseable {
    private static final int MAX_THREAD_PAGES = 100_000;
    private static final int MAX_XFER_BYTES = 64 << 20;

    private final RspClient client;
    private final Features features;
    private final boolean multiprocess;
    private final Optional<TargetDescription> description;
    private final Abi abi;
    private final long pid;
    private final Optional<ElfFile> program;
    private final Optional<String> programName;
    private final List<ElfFile> opened = new ArrayList<>();
    private final RemoteOptions options;
    private final int maxMemoryRead;
    private final List<String> warnings = new ArrayList<>();

    private final Map<Long, Integer> numbers = new HashMap<>();
    private final Map<Integer, ThreadId> ids = new HashMap<>();
    private final Map<Integer, Registers> registers = new HashMap<>();
    private List<ThreadInfo> threads;
    private List<Module> modules;
    private Optional<byte[]> auxv;
    private StopInfo stop;
    private String selected = "";
    private Boolean stubTls;
    private boolean symbolsOffered;

    private RemoteTarget(RspClient client, Features features, RemoteOptions options) {
        this.client = client;
        this.features = features;
        this.options = options;
        this.multiprocess = features.supports("multiprocess");
        long packetSize = features.value("PacketSize").map(v -> {
            try {
                return Long.parseLong(v, 16);
            } catch (NumberFormatException e) {
                return 0x400L;
            }
        }).orElse(0x400L);
        // A reply carries two hex digits per byte plus framing; stay well inside the stub's buffer.
        this.maxMemoryRead = (int) Math.max(16, Math.min(0x8000, (packetSize - 32) / 2));

        if (features.supports("QStartNoAckMode") && client.request("QStartNoAckMode").equals("OK")) {
            client.noAcks();
        }
        StopReply why = StopReply.parse(client.request("?"));
        if (why.processGone()) {
            throw new RemoteException(client.address() + ": the remote process has "
                    + (why.kind() == 'W' ? "exited with status " + why.signal() : "died of signal " + why.signal()));
        }
        this.description = features.supports("qXfer:features:read")
                ? Optional.of(TargetDescription.parse(xfer("features", "target.xml"), a -> xfer("features", a)))
                : Optional.empty();
        this.threads = readThreads();
        this.pid = threads.isEmpty() ? 0 : threads.get(0).pid();

        Optional<Path> exe = options.executable().or(this::stubExecutable);
        this.programName = exe.map(Path::toString);
        this.program = exe.filter(Files::isRegularFile).flatMap(this::open);
        this.abi = new Abi(arch(), program.flatMap(LibcDetector::detect).orElse(Libc.GLIBC));
        this.stop = stopInfo(why);
    }

    /** Connects to {@code host:port} and reads what the stub says about its process. */
    public static RemoteTarget connect(String host, int port, RemoteOptions options) {
        RspClient client = RspClient.connect(host, port, options.timeout());
        try {
            String reply = client.request("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;"
                    + "vContSupported+;no-resumed+;xmlRegisters=i386");
            return new RemoteTarget(client, Features.parse(reply), options);
        } catch (TldbException | MalformedPacketException e) {
            client.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- what the connection found

    /** {@code host:port}. */
    public String address() {
        return client.address();
    }

    /** The stub's {@code qSupported} reply. */
    public Features stubFeatures() {
        return features;
    }

    /** Things the user should know about this connection (files not found, ...), one line each. */
    public List<String> warnings() {
        modules();
        return List.copyOf(warnings);
    }

    public long pid() {
        return pid;
    }

    /** The program's ELF file on this host, if found. */
    public Optional<ElfFile> program() {
        return program;
    }

    private Arch arch() {
        Optional<String> name = description.flatMap(TargetDescription::architecture);
        if (name.isPresent()) {
            for (Arch a : Arch.values()) {
                if (a.gdbName().equals(name.get()) || (a == Arch.AARCH64 && name.get().startsWith("aarch64"))
                        || (a == Arch.RISCV64 && name.get().startsWith("riscv:rv64"))) {
                    return a;
                }
            }
        }
        return program.flatMap(Arch::of).orElseThrow(() -> new RemoteException(client.address()
                + ": cannot tell the architecture (the stub sends no target description"
                + name.map(n -> " we know: " + n).orElse("") + " and no program file was found; use `file PROGRAM' first)"));
    }

    private Optional<Path> stubExecutable() {
        if (!features.supports("qXfer:exec-file:read")) {
            return Optional.empty();
        }
        try {
            String annex = pid == 0 ? "" : Hex.number(pid);
            return Optional.of(Path.of(xfer("exec-file", annex)));
        } catch (RemoteException e) {
            return Optional.empty();
        }
    }

    private Optional<ElfFile> open(Path p) {
        try {
            ElfFile elf = ElfFile.open(p);
            opened.add(elf);
            return Optional.of(elf);
        } catch (TldbException e) {
            warnings.add(p + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- Target

    @Override
    public Stratum stratum() {
        return Stratum.PROCESS;
    }

    @Override
    public String shortName() {
        return "remote";
    }

    @Override
    public String description() {
        return "Remote target using gdb-specific protocol: " + client.address();
    }

    @Override
    public Abi abi() {
        return abi;
    }

    @Override
    public synchronized int readMemory(long address, byte[] buffer, int offset, int length) {
        int done = 0;
        while (done < length) {
            int n = Math.min(maxMemoryRead, length - done);
            String reply = client.request("m" + Hex.number(address + done) + "," + Hex.number(n));
            if (reply.isEmpty() || reply.startsWith("E") || reply.length() % 2 != 0) {
                break;
            }
            byte[] got;
            try {
                got = Hex.decode(reply);
            } catch (MalformedPacketException e) {
                break;
            }
            int take = Math.min(got.length, n);
            System.arraycopy(got, 0, buffer, offset + done, take);
            done += take;
            if (take < n) {
                break;
            }
        }
        return done;
    }

    @Override
    public synchronized void writeMemory(long address, byte[] data, int offset, int length) {
        String reply = client.request("M" + Hex.number(address) + "," + Hex.number(length) + ":"
                + Hex.encode(data, offset, length));
        if (!reply.equals("OK")) {
            throw new MemoryException(address);
        }
    }

    @Override
    public synchronized List<ThreadInfo> threads() {
        return threads;
    }

    @Override
    public synchronized Registers registers(ThreadInfo thread) {
        Registers r = registers.get(thread.num());
        if (r == null) {
            r = readRegisters(thread);
            registers.put(thread.num(), r);
        }
        return r.copy();
    }

    @Override
    public void writeRegisters(ThreadInfo thread, Registers regs) {
        throw new NotSupportedException("tldb does not write the registers of a remote process");
    }

    @Override
    public synchronized List<Module> modules() {
        if (modules == null) {
            modules = readModules();
        }
        return modules;
    }

    @Override
    public synchronized Optional<byte[]> auxv() {
        if (auxv == null) {
            auxv = features.supports("qXfer:auxv:read") ? Optional.of(xferBytes("auxv", "")) : Optional.empty();
        }
        return auxv;
    }

    @Override
    public synchronized StopInfo stopInfo() {
        return stop;
    }

    @Override
    public java.util.Optional<Path> executablePath() {
        return program.flatMap(ElfFile::path).or(() -> programName.map(Path::of));
    }

    @Override
    public long tlsAddress(ThreadInfo thread, Module module, long offset) {
        OptionalLong a = stubTlsAddress(thread, module, offset);
        if (a.isPresent()) {
            return a.getAsLong();
        }
        throw new TlsException(TdError.TD_ERR, Boolean.FALSE.equals(stubTls)
                ? "Cannot find thread-local variables on this target (the stub does not answer qGetTLSAddr)"
                : "Remote target failed to process qGetTLSAddr request");
    }

    @Override
    public synchronized OptionalLong stubTlsAddress(ThreadInfo thread, Module module, long offset) {
        if (Boolean.FALSE.equals(stubTls)) {
            return OptionalLong.empty();
        }
        ThreadId id = ids.get(thread.num());
        if (id == null) {
            return OptionalLong.empty();
        }
        offerSymbols();
        String reply = client.request("qGetTLSAddr:" + id.format(multiprocess) + "," + Hex.number(offset) + ","
                + Hex.number(module.lmAddress()));
        if (reply.isEmpty()) {
            stubTls = false; // gdb, too, stops asking a stub that does not know the packet
            return OptionalLong.empty();
        }
        stubTls = true;
        if (reply.startsWith("E")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Hex.parseUnsigned(reply));
        } catch (MalformedPacketException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Answers the stub's symbol questions ({@code qSymbol}), as gdb does once the libraries are
     * known: gdbserver loads libthread_db only after it has looked up glibc's symbols this way,
     * and answers {@code qGetTLSAddr} with E01 until then. Symbols come from the modules' ELF
     * symbol tables at their load addresses; an unknown one is answered as unknown.
     */
    private void offerSymbols() {
        if (symbolsOffered || !features.supports("qSymbol") && features.items().containsKey("qSymbol")) {
            return;
        }
        symbolsOffered = true;
        List<Module> all = modules();
        String reply = client.request("qSymbol::");
        for (int i = 0; i < 1000 && reply.startsWith("qSymbol:"); i++) {
            String hexName = reply.substring("qSymbol:".length());
            String name;
            try {
                name = Hex.decodeText(hexName);
            } catch (MalformedPacketException e) {
                return;
            }
            OptionalLong address = OptionalLong.empty();
            for (Module m : all) {
                Optional<dev.tldb.elf.Symbol> sym = m.elf().flatMap(e -> e.symbol(name));
                if (sym.isPresent() && !sym.get().isTls()) {
                    address = OptionalLong.of(sym.get().value() + m.loadBias());
                    break;
                }
            }
            reply = client.request("qSymbol:" + (address.isPresent() ? Hex.number(address.getAsLong()) : "") + ":"
                    + hexName);
        }
    }

    // ---------------------------------------------------------------- leaving

    /** Detaches (the process runs on, as after gdb's {@code detach}) and closes the connection. */
    public synchronized void detach() {
        if (client.isOpen()) {
            try {
                client.request(multiprocess && pid != 0 ? "D;" + Hex.number(pid) : "D");
            } catch (RemoteException e) {
                // The stub may close the connection as it detaches (gdbserver --once): that is fine.
            }
        }
        close();
    }

    @Override
    public synchronized void close() {
        client.close();
        for (ElfFile f : opened) {
            f.close();
        }
        opened.clear();
    }

    // ---------------------------------------------------------------- reading

    private StopInfo stopInfo(StopReply why) {
        ThreadInfo t = why.thread().flatMap(text -> {
            try {
                ThreadId id = ThreadId.parse(text);
                return threads.stream().filter(x -> x.lwp() == id.tid()).findFirst();
            } catch (MalformedPacketException e) {
                return Optional.empty();
            }
        }).orElse(threads.isEmpty() ? new ThreadInfo(1, 0, 0) : threads.get(0));
        return new StopInfo(t, why.signal(), "remote stop");
    }

    private List<ThreadInfo> readThreads() {
        Map<ThreadId, Optional<String>> found = new LinkedHashMap<>();
        if (features.supports("qXfer:threads:read")) {
            Element root = RemoteXml.parse(xfer("threads", ""), "thread list").getDocumentElement();
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals("thread")) {
                    String name = e.getAttribute("name");
                    found.put(ThreadId.parse(e.getAttribute("id")), name.isEmpty() ? Optional.empty() : Optional.of(name));
                }
            }
        } else {
            String reply = client.request("qfThreadInfo");
            for (int page = 0; reply.startsWith("m"); page++) {
                if (page >= MAX_THREAD_PAGES) {
                    throw new RemoteException(client.address() + ": the stub's thread list does not end");
                }
                for (String id : reply.substring(1).split(",")) {
                    if (!id.isEmpty()) {
                        found.put(ThreadId.parse(id), Optional.empty());
                    }
                }
                reply = client.request("qsThreadInfo");
            }
        }
        List<ThreadInfo> out = new ArrayList<>();
        for (Map.Entry<ThreadId, Optional<String>> e : found.entrySet()) {
            ThreadId id = e.getKey();
            long p = id.pid() > 0 ? id.pid() : id.tid();
            int num = numbers.computeIfAbsent(id.tid(), k -> numbers.size() + 1);
            ids.put(num, id);
            out.add(new ThreadInfo(num, p, id.tid(), e.getValue()));
        }
        return List.copyOf(out);
    }

    private Registers readRegisters(ThreadInfo thread) {
        ThreadId id = ids.get(thread.num());
        if (id == null) {
            throw new RemoteException("no thread " + thread.num() + " on the remote target");
        }
        String hg = "Hg" + id.format(multiprocess);
        if (!selected.equals(hg)) {
            String ok = client.request(hg);
            if (!ok.equals("OK")) {
                throw new RemoteException(client.address() + ": cannot select " + thread.describe() + " (" + ok + ")");
            }
            selected = hg;
        }
        String g = client.request("g");
        if (g.startsWith("E") && g.length() == 3) {
            throw new RemoteException(client.address() + ": cannot read the registers of " + thread.describe()
                    + " (" + g + ")");
        }
        RegisterLayout layout = abi.arch().registers();
        Registers regs = new Registers(layout, abi.order());
        if (description.isEmpty()) {
            int off = 0;
            for (int i = 0; i < layout.size(); i++) {
                int size = layout.get(i).byteSize();
                hexInto(regs, i, g, off, size);
                off += size;
            }
            return regs;
        }
        TargetDescription d = description.get();
        for (int i = 0; i < layout.size(); i++) {
            RegisterDef def = layout.get(i);
            Optional<TargetDescription.Reg> reg = d.register(def.name());
            if (reg.isEmpty() || reg.get().byteSize() != def.byteSize()) {
                continue;
            }
            int off = d.offsetInG(reg.get());
            if (!hexInto(regs, i, g, off, def.byteSize()) && def.name().equals(abi.arch().threadPointerRegister())) {
                // Not in the g reply: ask for this one register (gdb does the same with 'p').
                String p = client.request("p" + Hex.number(reg.get().regnum()));
                hexInto(regs, i, p, 0, def.byteSize());
            }
        }
        return regs;
    }

    /** Sets register {@code index} from {@code size} bytes at byte {@code offset} of a hex reply; false when absent. */
    private static boolean hexInto(Registers regs, int index, String hex, int offset, int size) {
        int from = 2 * offset, to = 2 * (offset + size);
        if (to > hex.length()) {
            return false;
        }
        String digits = hex.substring(from, to);
        if (digits.indexOf('x') >= 0) {
            return false; // unavailable
        }
        try {
            regs.setRaw(index, Hex.decode(digits));
            return true;
        } catch (MalformedPacketException e) {
            return false;
        }
    }

    private List<Module> readModules() {
        Auxv aux = auxv().map(b -> Auxv.parse(b, abi.pointerSize(), abi.order())).orElse(Auxv.empty());
        MemoryView mem = MemoryView.of(this);
        Optional<ProgramImage> image = program.map(p -> ProgramImage.of(p, aux))
                .or(() -> ProgramImage.fromMemory(mem, aux));
        if (image.isEmpty()) {
            warnings.add("cannot tell where the program was loaded (no program file, no program headers in memory)");
            return List.of();
        }
        image.get().problems().forEach(warnings::add);
        LinkMap map;
        if (features.supports("qXfer:libraries-svr4:read")) {
            map = svr4Libraries(image.get());
        } else {
            map = LinkMapReader.read(mem, image.get());
        }
        map.problems().forEach(warnings::add);
        String name = programName.orElse("<the remote program>");
        return ModuleList.of(image.get(), name, program, map, ModuleList.vdsoRange(mem, aux), this::library);
    }

    /** The stub's library list as a link map, the main program first (at {@code main-lm}). */
    private LinkMap svr4Libraries(ProgramImage image) {
        Element root = RemoteXml.parse(xfer("libraries-svr4", ""), "library list").getDocumentElement();
        List<LinkMapEntry> entries = new ArrayList<>();
        String mainLm = root.getAttribute("main-lm");
        entries.add(new LinkMapEntry(mainLm.isEmpty() ? 0 : RemoteXml.hex(mainLm, "library list"), image.bias(), "",
                image.dynamicAddress().orElse(0), 0, 0));
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("library")) {
                entries.add(new LinkMapEntry(RemoteXml.hex(e.getAttribute("lm"), "library list"),
                        RemoteXml.hex(e.getAttribute("l_addr"), "library list"), e.getAttribute("name"),
                        RemoteXml.hex(e.getAttribute("l_ld"), "library list"), 0, 0));
            }
        }
        return new LinkMap(OptionalLong.empty(), entries, List.of());
    }

    /** A library's file on this host: its own path, under each sysroot, or by name in a search folder. */
    private Optional<ElfFile> library(LinkMapEntry e) {
        List<Path> candidates = new ArrayList<>();
        if (e.name().startsWith("/")) {
            candidates.add(Path.of(e.name()));
            options.sysroots().forEach(r -> candidates.add(Path.of(r + e.name())));
        }
        String base = e.name().substring(e.name().lastIndexOf('/') + 1);
        options.searchDirs().forEach(d -> candidates.add(d.resolve(base)));
        for (Path p : candidates) {
            if (!Files.isRegularFile(p)) {
                continue;
            }
            Optional<ElfFile> elf = open(p);
            if (elf.isEmpty()) {
                continue;
            }
            Optional<Segment> dyn = elf.get().segments(Elf.PT_DYNAMIC).stream().findFirst();
            if (dyn.isEmpty() || e.dynamic() == 0 || dyn.get().vaddr() + e.loadBias() == e.dynamic()) {
                return elf;
            }
        }
        if (!e.name().isEmpty() && !e.name().startsWith("linux-vdso") && !e.name().startsWith("linux-gate")) {
            warnings.add(base + ": not found on this host: shared library " + e.name()
                    + " (its code and symbols are unavailable; try --sysroot or --search-dir)");
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- qXfer

    private String xfer(String object, String annex) {
        return new String(xferBytes(object, annex), StandardCharsets.ISO_8859_1);
    }

    /** Reads a whole {@code qXfer:OBJECT:read:ANNEX} document, chunk by chunk. */
    private byte[] xferBytes(String object, String annex) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int chunk = Math.max(256, maxMemoryRead * 2 - 16);
        while (true) {
            byte[] reply = client.requestBytes("qXfer:" + object + ":read:" + annex + ":" + Hex.number(out.size()) + ","
                    + Hex.number(chunk));
            if (reply.length == 0 || (reply[0] != 'm' && reply[0] != 'l')) {
                throw new RemoteException(client.address() + ": cannot read " + object
                        + (annex.isEmpty() ? "" : " " + annex) + " from the stub ("
                        + (reply.length == 0 ? "not supported" : new String(reply, StandardCharsets.ISO_8859_1)) + ")");
            }
            out.write(reply, 1, reply.length - 1);
            if (out.size() > MAX_XFER_BYTES) {
                throw new RemoteException(client.address() + ": the stub's " + object + " is larger than "
                        + (MAX_XFER_BYTES >> 20) + " MiB");
            }
            if (reply[0] == 'l' || reply.length == 1) {
                return out.toByteArray();
            }
        }
    }
}
