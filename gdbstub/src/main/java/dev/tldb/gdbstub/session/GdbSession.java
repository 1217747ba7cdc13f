package dev.tldb.gdbstub.session;

import dev.tldb.gdbstub.protocol.Features;
import dev.tldb.gdbstub.protocol.ThreadId;

import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The protocol state of one debugger connection: ack mode, what {@code qSupported} negotiated,
 * the threads selected by {@code Hg}/{@code Hc}, and the target this connection debugs.
 *
 * <p>Threading: packets of one connection are handled one at a time, in order, on that
 * connection's serial executor, and all state here except {@link #ackMode()} is only touched
 * there. Ack mode is also read on the network thread (to decide whether to send {@code +}), hence
 * volatile.
 */
public final class GdbSession {
    private final int id;
    private final int packetSize;
    private final SocketAddress remote;
    private final StubTarget target;
    private final Map<SessionKey<?>, Object> state = new HashMap<>();

    private volatile boolean ackMode = true;
    private Features peerFeatures = Features.NONE;
    private boolean multiprocess;
    private boolean extendedMode;
    private boolean threadEvents;
    private ThreadId generalThread = ThreadId.ANY_THREAD;
    private ThreadId continueThread = ThreadId.ALL_THREADS;

    /**
     * @param id         server-unique connection number, for logs
     * @param packetSize the largest packet either side may send (what qSupported advertises)
     * @param remote     the peer's address
     * @param target     what this connection debugs
     */
    public GdbSession(int id, int packetSize, SocketAddress remote, StubTarget target) {
        if (packetSize < MIN_PACKET_SIZE) {
            throw new IllegalArgumentException("packetSize " + packetSize + " < " + MIN_PACKET_SIZE);
        }
        this.id = id;
        this.packetSize = packetSize;
        this.remote = remote;
        this.target = Objects.requireNonNull(target, "target");
    }

    /** Below this a qSupported reply or a register dump no longer fits; gdb's own floor is 400. */
    public static final int MIN_PACKET_SIZE = 400;

    public int id() {
        return id;
    }

    /** The most bytes a packet may have between {@code $} and {@code #}, in both directions. */
    public int packetSize() {
        return packetSize;
    }

    public SocketAddress remote() {
        return remote;
    }

    public StubTarget target() {
        return target;
    }

    /** Whether packets are still acknowledged with {@code +}/{@code -} (until QStartNoAckMode). */
    public boolean ackMode() {
        return ackMode;
    }

    /**
     * Stops acknowledging. Called while handling {@code QStartNoAckMode}: the request itself was
     * already acked; gdb acks our {@code OK} once more and then never again.
     */
    public void disableAcks() {
        ackMode = false;
    }

    /** What gdb offered in its last {@code qSupported}. */
    public Features peerFeatures() {
        return peerFeatures;
    }

    public void peerFeatures(Features features) {
        this.peerFeatures = Objects.requireNonNull(features, "features");
    }

    /** Whether thread-ids are written {@code pPID.TID} (both sides agreed on multiprocess+). */
    public boolean multiprocess() {
        return multiprocess;
    }

    public void multiprocess(boolean on) {
        this.multiprocess = on;
    }

    /** Whether gdb sent {@code !} (target extended-remote). */
    public boolean extendedMode() {
        return extendedMode;
    }

    public void enterExtendedMode() {
        this.extendedMode = true;
    }

    /** Whether gdb asked for thread create/exit events ({@code QThreadEvents:1}). */
    public boolean threadEvents() {
        return threadEvents;
    }

    public void threadEvents(boolean on) {
        this.threadEvents = on;
    }

    /** The thread for register and memory access ({@code Hg}); {@code p0.0} = any until gdb picks. */
    public ThreadId generalThread() {
        return generalThread;
    }

    public void generalThread(ThreadId thread) {
        this.generalThread = Objects.requireNonNull(thread, "thread");
    }

    /** The thread for old-style {@code c}/{@code s} ({@code Hc}); all threads by default. */
    public ThreadId continueThread() {
        return continueThread;
    }

    public void continueThread(ThreadId thread) {
        this.continueThread = Objects.requireNonNull(thread, "thread");
    }

    /** {@code thread} in the form this connection negotiated. */
    public String format(ThreadId thread) {
        return thread.format(multiprocess);
    }

    /** The handler-private value for {@code key}, made on first use. */
    public <T> T state(SessionKey<T> key) {
        Object v = state.get(key);
        if (v == null) {
            v = Objects.requireNonNull(key.initial().get(), key.name());
            state.put(key, v);
        }
        @SuppressWarnings("unchecked") // put only under its own key, whose initial() made a T
        T t = (T) v;
        return t;
    }

    @Override
    public String toString() {
        return "GdbSession#" + id + "[" + remote + (ackMode ? "" : ", no-ack") + (multiprocess ? ", multiprocess" : "") + "]";
    }
}
