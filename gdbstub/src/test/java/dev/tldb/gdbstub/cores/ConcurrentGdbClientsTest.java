package dev.tldb.gdbstub.cores;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.Gdb;
import dev.tldb.testkit.GdbResult;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Eight stock gdb clients at once against one server: each gets its own session and stack, and
 * every one of them sees every thread's values. Half connect without the program, so file
 * transfers through vFile run alongside TLS lookups.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConcurrentGdbClientsTest {
    private static final int CLIENTS = 8;

    @Test
    void eightGdbsAtOnceAllGetCorrectAnswers() throws Exception {
        SampleCore sample = SampleCores.core("x86_64-glibc-pie", CoreKind.GCORE);
        try (ServedCore served = ServedCore.serve(sample)) {
            MarkedScript script = CoreServeGdbTest.questions(served, sample.output(), false);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<GdbResult>> runs = new ArrayList<>();
            AtomicInteger most = new AtomicInteger();
            Thread watcher = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    most.accumulateAndGet(served.server.activeSessions(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            watcher.setDaemon(true);
            watcher.start();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    boolean withProgram = i % 2 == 0;
                    runs.add(pool.submit(() -> withProgram
                            ? Gdb.stock().batchMerged(script.commands(), sample.variant().executable().toString())
                            : Gdb.stock().withInitCommand("set sysroot target:").batchMerged(script.commands())));
                }
                SoftAssertions soft = new SoftAssertions();
                for (int i = 0; i < CLIENTS; i++) {
                    GdbResult r = runs.get(i).get(5, TimeUnit.MINUTES);
                    Map<String, String> answers = MarkedScript.parse(r.stdout());
                    String who = "client " + i;
                    Map<Integer, Long> lwpOf = CoreServeGdbTest.checkThreads(soft, answers, sample.output(), who);
                    CoreServeGdbTest.checkValues(soft, answers, sample.output(), lwpOf, false, who);
                    soft.assertThat(r.exitCode()).as(who).isZero();
                }
                soft.assertThat(most.get()).as("sessions open at the same time").isGreaterThan(1);
                soft.assertAll();
            } finally {
                watcher.interrupt();
                pool.shutdownNow();
            }
        }
    }
}
