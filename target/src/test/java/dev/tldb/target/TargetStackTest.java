package dev.tldb.target;

import dev.tldb.abi.Abi;
import dev.tldb.abi.Arch;
import dev.tldb.abi.Libc;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stack itself, with small fake layers that answer only what they are told to and log every
 * request they see: requests go to the top layer first and fall to the layer beneath when a layer
 * does not handle them (gdb's target strata), a push replaces the layer of the same stratum, and a
 * pop relinks the layers around the hole. Below the lowest layer is the dummy target, which has
 * nothing (no memory, no threads, no TLS: TD_NOCAPAB).
 */
class TargetStackTest {

    private static final Abi ABI = new Abi(Arch.X86_64, Libc.GLIBC);

    /** A layer that answers memory in [start, start+bytes), its own threads and TLS if given, and logs every request. */
    private static final class Fake extends TargetLayer {
        private final Stratum stratum;
        private final String name;
        private final List<String> log;
        private long memStart = -1;
        private byte[] mem = new byte[0];
        private List<ThreadInfo> threads;
        private OptionalLong tls = OptionalLong.empty();
        private Abi abi;

        Fake(Stratum stratum, String name, List<String> log) {
            this.stratum = stratum;
            this.name = name;
            this.log = log;
        }

        Fake memory(long start, byte... bytes) {
            this.memStart = start;
            this.mem = bytes;
            return this;
        }

        Fake threads(ThreadInfo... t) {
            this.threads = List.of(t);
            return this;
        }

        Fake tls(long address) {
            this.tls = OptionalLong.of(address);
            return this;
        }

        Fake abi(Abi a) {
            this.abi = a;
            return this;
        }

        @Override
        public Stratum stratum() {
            return stratum;
        }

        @Override
        public String shortName() {
            return name;
        }

        @Override
        public String description() {
            return "fake " + name;
        }

        @Override
        public Abi abi() {
            log.add(name + ":abi");
            return abi != null ? abi : super.abi();
        }

        @Override
        public int readMemory(long address, byte[] buffer, int offset, int length) {
            log.add(name + ":read@" + Long.toHexString(address));
            if (memStart >= 0 && address >= memStart && address < memStart + mem.length) {
                int n = (int) Math.min(length, memStart + mem.length - address);
                System.arraycopy(mem, (int) (address - memStart), buffer, offset, n);
                return n;
            }
            return super.readMemory(address, buffer, offset, length);
        }

        @Override
        public List<ThreadInfo> threads() {
            log.add(name + ":threads");
            return threads != null ? threads : super.threads();
        }

        @Override
        public long tlsAddress(ThreadInfo thread, Module module, long offset) {
            log.add(name + ":tls");
            return tls.isPresent() ? tls.getAsLong() + offset : super.tlsAddress(thread, module, offset);
        }
    }

    /** A capability only one layer offers. */
    private interface Inspect {
        String who();
    }

    private static final class InspectingFake extends TargetLayer implements Inspect {
        private final Stratum stratum;

        InspectingFake(Stratum stratum) {
            this.stratum = stratum;
        }

        @Override
        public Stratum stratum() {
            return stratum;
        }

        @Override
        public String shortName() {
            return "inspecting";
        }

        @Override
        public String description() {
            return "inspecting";
        }

        @Override
        public String who() {
            return "inspecting " + stratum;
        }
    }

    private static final ThreadInfo T1 = new ThreadInfo(1, 100, 100), T2 = new ThreadInfo(2, 100, 101);
    private static final Module EXE = new Module("/bin/prog", 0, 0, 0, OptionalLong.of(1), Optional.empty(), true);

    @Test
    void anEmptyStackIsTheDummyTargetThatHasNothing() {
        TargetStack stack = new TargetStack();
        assertThat(stack.isEmpty()).isTrue();
        assertThat(stack.stratum()).isEqualTo(Stratum.DUMMY);
        assertThat(stack.shortName()).isEqualTo("None");
        assertThat(stack.threads()).isEmpty();
        assertThat(stack.modules()).isEmpty();
        assertThat(stack.auxv()).isEmpty();
        assertThat(stack.readMemory(0x1000, new byte[4], 0, 4)).isZero();
        assertThatThrownBy(() -> stack.readFully(0x1000, 4)).isInstanceOf(MemoryException.class)
                .hasMessageContaining("0x1000");
        assertThatThrownBy(stack::abi).isInstanceOf(NotSupportedException.class);
        assertThatThrownBy(() -> stack.tlsAddress(T1, EXE, 0)).isInstanceOfSatisfying(TlsException.class,
                e -> assertThat(e.error()).isEqualTo(TdError.TD_NOCAPAB));
        assertThat(stack.capability(Inspect.class)).isEmpty();
    }

    @Test
    void pushKeepsTheLayersOrderedByStratumHighestFirstWhateverThePushOrder() {
        List<String> log = new ArrayList<>();
        Fake thread = new Fake(Stratum.THREAD, "thread", log);
        Fake file = new Fake(Stratum.FILE, "file", log);
        Fake process = new Fake(Stratum.PROCESS, "process", log);
        TargetStack stack = new TargetStack().push(thread).push(file).push(process);

        assertThat(stack.layers()).containsExactly(thread, process, file);
        assertThat(stack.isEmpty()).isFalse();
        assertThat(stack.stratum()).isEqualTo(Stratum.THREAD);
        assertThat(stack.shortName()).isEqualTo("thread");
        assertThat(stack.description()).isEqualTo("fake thread");
        assertThat(stack.layer(Stratum.PROCESS)).containsSame(process);
        assertThat(stack.layer(Stratum.DUMMY)).isEmpty();
    }

    @Test
    void aRequestGoesToTheTopLayerFirstAndFallsThroughUntilALayerAnswersIt() {
        List<String> log = new ArrayList<>();
        Fake file = new Fake(Stratum.FILE, "file", log).memory(0x1000, (byte) 0xf1, (byte) 0xf2).abi(ABI);
        Fake process = new Fake(Stratum.PROCESS, "process", log).memory(0x2000, (byte) 0xc1).threads(T1, T2);
        Fake thread = new Fake(Stratum.THREAD, "thread", log).tls(0x7000);
        TargetStack stack = new TargetStack().push(file).push(process).push(thread);

        // Memory only the file layer has: asked of every layer, top down.
        byte[] b = new byte[2];
        assertThat(stack.readMemory(0x1000, b, 0, 2)).isEqualTo(2);
        assertThat(b).containsExactly(0xf1, 0xf2);
        assertThat(log).containsExactly("thread:read@1000", "process:read@1000", "file:read@1000");

        // Memory the process layer has: answered there, the file layer is not asked.
        log.clear();
        assertThat(stack.readMemory(0x2000, b, 0, 1)).isEqualTo(1);
        assertThat(b[0]).isEqualTo((byte) 0xc1);
        assertThat(log).containsExactly("thread:read@2000", "process:read@2000");

        // Memory nobody has: down to the dummy target, which reads nothing.
        log.clear();
        assertThat(stack.readMemory(0x9000, b, 0, 1)).isZero();
        assertThat(log).containsExactly("thread:read@9000", "process:read@9000", "file:read@9000");

        log.clear();
        assertThat(stack.threads()).containsExactly(T1, T2);
        assertThat(log).containsExactly("thread:threads", "process:threads");

        log.clear();
        assertThat(stack.abi()).isEqualTo(ABI);
        assertThat(log).containsExactly("thread:abi", "process:abi", "file:abi");

        log.clear();
        assertThat(stack.tlsAddress(T2, EXE, 0x10)).isEqualTo(0x7010);
        assertThat(log).containsExactly("thread:tls");

        // Conveniences are built on the same fall-through.
        log.clear();
        assertThat(stack.readUnsigned(0x1000, 2)).isEqualTo(0xf2f1);
        assertThat(log).startsWith("thread:read@1000", "process:read@1000", "file:read@1000");
        assertThat(stack.threadByLwp(101)).contains(T2);
    }

    @Test
    void pushingALayerOfTheSameStratumReplacesTheOldOneWhichIsNoLongerAsked() {
        List<String> log = new ArrayList<>();
        Fake file = new Fake(Stratum.FILE, "file", log).memory(0x1000, (byte) 1);
        Fake oldProcess = new Fake(Stratum.PROCESS, "old", log).threads(T1);
        Fake thread = new Fake(Stratum.THREAD, "thread", log);
        TargetStack stack = new TargetStack().push(file).push(oldProcess).push(thread);
        assertThat(stack.threads()).containsExactly(T1);

        Fake newProcess = new Fake(Stratum.PROCESS, "new", log).threads(T1, T2);
        stack.push(newProcess);
        assertThat(stack.layers()).containsExactly(thread, newProcess, file);

        log.clear();
        assertThat(stack.threads()).containsExactly(T1, T2);
        assertThat(stack.readMemory(0x1000, new byte[1], 0, 1)).isEqualTo(1);
        assertThat(log).containsExactly("thread:threads", "new:threads", "thread:read@1000", "new:read@1000",
                "file:read@1000");
        assertThat(log).noneMatch(l -> l.startsWith("old:"));
    }

    @Test
    void poppingALayerRelinksTheOnesAroundIt() {
        List<String> log = new ArrayList<>();
        Fake file = new Fake(Stratum.FILE, "file", log).memory(0x1000, (byte) 1).threads(T1);
        Fake process = new Fake(Stratum.PROCESS, "process", log).memory(0x1000, (byte) 2).threads(T1, T2);
        Fake thread = new Fake(Stratum.THREAD, "thread", log).tls(0x7000);
        TargetStack stack = new TargetStack().push(file).push(process).push(thread);

        stack.unpush(Stratum.PROCESS);
        assertThat(stack.layers()).containsExactly(thread, file);
        assertThat(stack.layer(Stratum.PROCESS)).isEmpty();
        log.clear();
        byte[] b = new byte[1];
        assertThat(stack.readMemory(0x1000, b, 0, 1)).isEqualTo(1);
        assertThat(b[0]).as("the file layer's byte, the process layer is gone").isEqualTo((byte) 1);
        assertThat(stack.threads()).containsExactly(T1);
        assertThat(log).containsExactly("thread:read@1000", "file:read@1000", "thread:threads", "file:threads");

        // Popping the top: the next layer answers, and what it does not handle falls to the dummy target.
        stack.unpush(Stratum.THREAD);
        assertThat(stack.stratum()).isEqualTo(Stratum.FILE);
        assertThatThrownBy(() -> stack.tlsAddress(T1, EXE, 0)).isInstanceOfSatisfying(TlsException.class,
                e -> assertThat(e.error()).isEqualTo(TdError.TD_NOCAPAB));

        // Popping a stratum that is not there changes nothing; popping the last one empties the stack.
        stack.unpush(Stratum.PROCESS);
        assertThat(stack.layers()).containsExactly(file);
        stack.unpush(Stratum.FILE);
        assertThat(stack.isEmpty()).isTrue();
        assertThat(stack.stratum()).isEqualTo(Stratum.DUMMY);
        assertThat(stack.threads()).isEmpty();
    }

    @Test
    void aCapabilityIsFoundInTheHighestLayerThatOffersIt() {
        List<String> log = new ArrayList<>();
        InspectingFake process = new InspectingFake(Stratum.PROCESS);
        Fake thread = new Fake(Stratum.THREAD, "thread", log);
        TargetStack stack = new TargetStack().push(process).push(thread);
        assertThat(stack.capability(Inspect.class).map(Inspect::who)).contains("inspecting PROCESS");

        InspectingFake top = new InspectingFake(Stratum.THREAD);
        stack.push(top);
        assertThat(stack.capability(Inspect.class).map(Inspect::who)).contains("inspecting THREAD");

        stack.unpush(Stratum.THREAD);
        stack.unpush(Stratum.PROCESS);
        assertThat(stack.capability(Inspect.class)).isEmpty();
    }
}
