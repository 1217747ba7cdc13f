package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.packets.xfer.XferSource;
import dev.tldb.gdbstub.protocol.Hex;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.TargetStub;
import dev.tldb.linkmap.LinkMapSource;
import dev.tldb.target.Module;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code qXfer:libraries-svr4:read}: the dynamic linker's link map, as gdbserver sends it:
 * {@code <library-list-svr4 version="1.0" main-lm="0x..">} and one
 * {@code <library name=".." lm="0x.." l_addr="0x.." l_ld="0x.."/>} per shared library.
 *
 * <p>This is where gdb learns the {@code lm} it later sends in {@code qGetTLSAddr}: {@code main-lm}
 * for the executable, a library's {@code lm} for its variables. A static program has no link map;
 * the list is then empty and has no {@code main-lm}, and gdb sends {@code lm} 0, which we read as
 * "the executable". Names are the process's own ({@code l_name}); gdb fetches the files under
 * those names through {@code vFile} or finds them under its sysroot.
 *
 * <p>{@code lmid} (the namespace's {@code r_debug}) is a required attribute for gdb 13: without
 * it gdb rejects the whole document ("Required attribute lmid of <library> not specified") and
 * walks the link map in memory itself.
 */
public final class LibrariesDocument implements XferSource {
    @Override
    public Optional<byte[]> read(GdbSession session, String annex) {
        if (!annex.isEmpty()) {
            return Optional.empty(); // augmented reads (start=, prev=) are not advertised
        }
        TargetStub stub = TargetStub.of(session);
        long lmid = stub.target().capability(LinkMapSource.class)
                .flatMap(s -> {
                    OptionalLong r = s.linkMap().rDebugAddress();
                    return r.isPresent() ? java.util.Optional.of(r.getAsLong()) : java.util.Optional.empty();
                })
                .orElse(0L);
        StringBuilder sb = new StringBuilder("<library-list-svr4 version=\"1.0\"");
        stub.mainModule().filter(m -> m.lmAddress() != 0)
                .ifPresent(m -> sb.append(" main-lm=\"0x").append(Hex.number(m.lmAddress())).append('"'));
        sb.append('>');
        for (Module m : stub.target().modules()) {
            if (m.isMainProgram() || m.lmAddress() == 0) {
                continue;
            }
            sb.append("<library name=\"").append(Xml.attr(m.name()))
                    .append("\" lm=\"0x").append(Hex.number(m.lmAddress()))
                    .append("\" l_addr=\"0x").append(Hex.number(m.loadBias()))
                    .append("\" l_ld=\"0x").append(Hex.number(m.dynamicAddress()))
                    .append("\" lmid=\"0x").append(Hex.number(lmid))
                    .append("\"/>");
        }
        sb.append("</library-list-svr4>");
        return Optional.of(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
