package dev.tldb.gdbstub.server;

import dev.tldb.gdbstub.packets.PacketDispatcher;
import dev.tldb.gdbstub.session.StubTargetFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** What every connection of one server shares. */
record ServerContext(PacketDispatcher dispatcher, StubTargetFactory targets, int packetSize, Executor pool,
                     AtomicInteger sessionIds) {

    int nextSessionId() {
        return sessionIds.incrementAndGet();
    }
}
