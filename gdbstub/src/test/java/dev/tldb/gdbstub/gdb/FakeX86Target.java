package dev.tldb.gdbstub.gdb;

import dev.tldb.gdbstub.packets.ErrorStyle;
import dev.tldb.gdbstub.packets.PacketDispatcher;
import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.Request;
import dev.tldb.gdbstub.packets.StandardPackets;
import dev.tldb.gdbstub.packets.xfer.XferRegistry;
import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.Hex;
import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.protocol.ThreadId;
import dev.tldb.gdbstub.session.GdbSession;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The smallest target stock gdb accepts: an x86-64 process that is stopped, has one thread
 * (p1.1), all registers zero, and memory that reads as zeros, except for a window that cannot be
 * accessed. It exercises the protocol layer end to end and shows how target handlers plug in.
 */
final class FakeX86Target {
    static final ThreadId THREAD = ThreadId.of(1, 1);
    /** Reads in [UNREADABLE, UNREADABLE + 0x1000) fail, to see how gdb reports memory errors. */
    static final long UNREADABLE = 0xdead0000L;
    static final String TLS_ERROR = "TLS block of module 1 not allocated yet in thread p1.1";

    /** Registers as x86-64 gdb numbers them: name, bits, type, feature. */
    private record Register(String name, int bits, String type) {
    }

    private static final List<Register> CORE = List.of(
            new Register("rax", 64, "int64"), new Register("rbx", 64, "int64"),
            new Register("rcx", 64, "int64"), new Register("rdx", 64, "int64"),
            new Register("rsi", 64, "int64"), new Register("rdi", 64, "int64"),
            new Register("rbp", 64, "data_ptr"), new Register("rsp", 64, "data_ptr"),
            new Register("r8", 64, "int64"), new Register("r9", 64, "int64"),
            new Register("r10", 64, "int64"), new Register("r11", 64, "int64"),
            new Register("r12", 64, "int64"), new Register("r13", 64, "int64"),
            new Register("r14", 64, "int64"), new Register("r15", 64, "int64"),
            new Register("rip", 64, "code_ptr"), new Register("eflags", 32, "int32"),
            new Register("cs", 32, "int32"), new Register("ss", 32, "int32"),
            new Register("ds", 32, "int32"), new Register("es", 32, "int32"),
            new Register("fs", 32, "int32"), new Register("gs", 32, "int32"),
            new Register("st0", 80, "i387_ext"), new Register("st1", 80, "i387_ext"),
            new Register("st2", 80, "i387_ext"), new Register("st3", 80, "i387_ext"),
            new Register("st4", 80, "i387_ext"), new Register("st5", 80, "i387_ext"),
            new Register("st6", 80, "i387_ext"), new Register("st7", 80, "i387_ext"),
            new Register("fctrl", 32, "int"), new Register("fstat", 32, "int"),
            new Register("ftag", 32, "int"), new Register("fiseg", 32, "int"),
            new Register("fioff", 32, "int"), new Register("foseg", 32, "int"),
            new Register("fooff", 32, "int"), new Register("fop", 32, "int"));
    /**
     * Without this feature gdb's amd64-linux ABI init returns early (amd64-linux-tdep.c), leaving
     * the architecture without the svr4 TLS hooks: "Cannot find thread-local variables on this
     * target", and no qGetTLSAddr is ever sent.
     */
    private static final List<Register> LINUX = List.of(new Register("orig_rax", 64, "int"));
    /** fs_base is x86-64's thread pointer: a TLS-aware stub must expose it. */
    private static final List<Register> SEGMENTS = List.of(
            new Register("fs_base", 64, "int"), new Register("gs_base", 64, "int"));

    private FakeX86Target() {
    }

    static String targetXml() {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target>\n")
                .append("  <architecture>i386:x86-64</architecture>\n  <osabi>GNU/Linux</osabi>\n");
        feature(sb, "org.gnu.gdb.i386.core", CORE, 0);
        feature(sb, "org.gnu.gdb.i386.linux", LINUX, CORE.size());
        feature(sb, "org.gnu.gdb.i386.segments", SEGMENTS, CORE.size() + LINUX.size());
        return sb.append("</target>\n").toString();
    }

    private static void feature(StringBuilder sb, String name, List<Register> regs, int firstRegnum) {
        sb.append("  <feature name=\"").append(name).append("\">\n");
        int regnum = firstRegnum;
        for (Register r : regs) {
            sb.append("    <reg name=\"").append(r.name()).append("\" bitsize=\"").append(r.bits())
                    .append("\" type=\"").append(r.type()).append("\" regnum=\"").append(regnum++).append("\"/>\n");
        }
        sb.append("  </feature>\n");
    }

    /** Bytes in a {@code g} reply: every register, in regnum order. */
    static int registerBytes() {
        return (CORE.stream().mapToInt(Register::bits).sum() + LINUX.stream().mapToInt(Register::bits).sum()
                + SEGMENTS.stream().mapToInt(Register::bits).sum()) / 8;
    }

    /**
     * The dispatcher: the standard protocol handlers plus this target's.
     *
     * @param memoryErrors how the {@code m} handler's errors are rendered (to compare gdb's reactions)
     */
    static PacketDispatcher dispatcher(ErrorStyle memoryErrors) {
        byte[] xml = targetXml().getBytes(StandardCharsets.US_ASCII);
        XferRegistry xfers = XferRegistry.builder()
                .add("features", (s, annex) -> annex.equals("target.xml") ? Optional.of(xml) : Optional.empty())
                .add("threads", (s, annex) -> Optional.of(("<?xml version=\"1.0\"?>\n<threads>\n<thread id=\""
                        + s.format(THREAD) + "\" core=\"0\" name=\"fake\"/>\n</threads>\n").getBytes(StandardCharsets.US_ASCII)))
                .build();
        byte[] registers = new byte[registerBytes()];
        return StandardPackets.builder(xfers)
                .on("?", (s, r) -> Reply.text("T05thread:" + s.format(THREAD) + ";"))
                .on("g", (s, r) -> Reply.hex(registers))
                .on("m", new MemoryRead(memoryErrors))
                .on("qC", (s, r) -> Reply.text("QC" + s.format(THREAD)))
                .on("qAttached", (s, r) -> Reply.text("1"))
                .on("qSymbol", (s, r) -> Reply.ok())
                .on("qGetTLSAddr", (s, r) -> Reply.error(ErrorCodes.GENERIC, TLS_ERROR))
                .on("D", (s, r) -> Reply.ok())
                .on("vKill", (s, r) -> Reply.ok())
                .build();
    }

    /** {@code m addr,length}: zeros, except the unreadable window. */
    private static final class MemoryRead implements PacketHandler {
        private final ErrorStyle errors;

        MemoryRead(ErrorStyle errors) {
            this.errors = errors;
        }

        @Override
        public Reply handle(GdbSession session, Request request) {
            PacketReader args = request.args();
            long address = args.hex();
            args.expect(',');
            int length = args.hexInt();
            args.expectEnd();
            length = Math.min(length, session.packetSize() / 2);
            if (Long.compareUnsigned(address + length, UNREADABLE) > 0
                    && Long.compareUnsigned(address, UNREADABLE + 0x1000) < 0) {
                if (Long.compareUnsigned(address, UNREADABLE) >= 0) {
                    return Reply.error(ErrorCodes.BAD_ADDRESS, "Cannot access memory at 0x" + Hex.number(address));
                }
                length = (int) (UNREADABLE - address); // a partial read up to the hole
            }
            return Reply.hex(new byte[length]);
        }

        @Override
        public ErrorStyle errorStyle() {
            return errors;
        }
    }
}
