package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.files.HostIoException;
import dev.tldb.gdbstub.files.OpenFiles;
import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.Request;
import dev.tldb.gdbstub.protocol.Hex;
import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.TargetStub;

/**
 * {@code vFile:setfs}, {@code vFile:open}, {@code vFile:pread}, {@code vFile:fstat},
 * {@code vFile:close}: gdb's "target:" file system, through which it fetches the program and
 * its libraries when it has no local copy ({@code set sysroot target:}, gdb's default). Only
 * the files the target itself uses are served ({@link dev.tldb.gdbstub.files.ServedFiles}),
 * read-only.
 *
 * <p>Replies are File-I/O style: {@code F<result>} on success ({@code F<count>;<binary>} for
 * reads and stat), {@code F-1,<errno>} with gdb's errno numbers on failure. Read data is cut so
 * the escaped reply fits one packet, as gdbserver does; gdb asks again for the rest.
 */
public final class HostIoHandler implements PacketHandler {
    @Override
    public Reply handle(GdbSession session, Request request) {
        PacketReader args = request.args();
        args.expect(':');
        OpenFiles files = TargetStub.of(session).openFiles();
        try {
            switch (request.name()) {
                case "vFile:setfs" -> {
                    args.hex(); // pid whose file system to use: there is only one
                    args.expectEnd();
                    return Reply.text("F0");
                }
                case "vFile:open" -> {
                    String path = Hex.decodeText(args.textUntil(','));
                    args.expect(',');
                    int flags = args.hexInt();
                    args.expect(',');
                    args.hex(); // mode: only matters when creating
                    args.expectEnd();
                    return Reply.text("F" + Hex.number(files.open(path, flags)));
                }
                case "vFile:pread" -> {
                    int fd = args.hexInt();
                    args.expect(',');
                    int count = args.hexInt();
                    args.expect(',');
                    long offset = args.hex();
                    args.expectEnd();
                    int budget = session.packetSize() - 32;
                    byte[] data = files.pread(fd, Math.min(count, budget), offset);
                    int n = fitting(data, budget);
                    return Reply.binary("F" + Hex.number(n) + ";", data, 0, n);
                }
                case "vFile:fstat" -> {
                    int fd = args.hexInt();
                    args.expectEnd();
                    byte[] stat = files.fstat(fd);
                    return Reply.binary("F" + Hex.number(stat.length) + ";", stat, 0, stat.length);
                }
                case "vFile:close" -> {
                    int fd = args.hexInt();
                    args.expectEnd();
                    files.close(fd);
                    return Reply.text("F0");
                }
                default -> {
                    return Reply.unsupported();
                }
            }
        } catch (HostIoException e) {
            return Reply.text("F-1," + Hex.number(e.errno()));
        }
    }

    /** How many leading bytes of {@code data} fit {@code budget} bytes once escaped. */
    static int fitting(byte[] data, int budget) {
        int cost = 0;
        for (int i = 0; i < data.length; i++) {
            int b = data[i];
            cost += b == '$' || b == '#' || b == '}' || b == '*' ? 2 : 1;
            if (cost > budget) {
                return i;
            }
        }
        return data.length;
    }
}
