package dev.tldb.gdbstub.target;

import dev.tldb.abi.Arch;
import dev.tldb.gdbstub.packets.target.TargetPackets;
import dev.tldb.gdbstub.server.GdbServer;
import dev.tldb.target.TargetStack;
import dev.tldb.testkit.Gdb;
import dev.tldb.testkit.GdbResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our generated target descriptions, judged by gdb itself: gdb-multiarch connects to a fake
 * process of each architecture, must adopt the description (the architecture it names, every
 * register at the size we send in {@code g}), and shows the pc we put in.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TargetDescriptionGdbTest {

    @ParameterizedTest
    @EnumSource(Arch.class)
    void isWellFormedXmlWithOneRegnumPerLayoutIndex(Arch arch) throws Exception {
        var builder = DocumentBuilderFactory.newInstance().newDocumentBuilder();
        // gdb has gdb-target.dtd built in; here only well-formedness is checked.
        builder.setEntityResolver((publicId, systemId) -> new org.xml.sax.InputSource(new java.io.StringReader("")));
        var doc = builder.parse(new ByteArrayInputStream(TargetDescription.xml(arch)));
        var regs = doc.getElementsByTagName("reg");
        assertThat(regs.getLength()).isEqualTo(arch.registers().size());
        for (int i = 0; i < regs.getLength(); i++) {
            var r = (org.w3c.dom.Element) regs.item(i);
            assertThat(r.getAttribute("regnum")).isEqualTo(Integer.toString(i));
            assertThat(r.getAttribute("name")).isEqualTo(arch.registers().get(i).name());
        }
    }

    @Test
    void x86And64TlsFeaturesAreThere() {
        String x86 = TargetDescription.render(Arch.X86_64);
        assertThat(x86).contains("<feature name=\"org.gnu.gdb.i386.linux\">", "name=\"orig_rax\"",
                "<feature name=\"org.gnu.gdb.i386.segments\">", "name=\"fs_base\"", "<flags id=\"i386_eflags\"",
                "<union id=\"vec128\">", "<flags id=\"i386_mxcsr\"");
        String arm = TargetDescription.render(Arch.AARCH64);
        assertThat(arm).contains("<feature name=\"org.gnu.gdb.aarch64.tls\">", "name=\"tpidr\"",
                "<flags id=\"cpsr_flags\"", "<union id=\"aarch64v\">");
    }

    /**
     * s390x is left out: gdb's s390 ABI also requires the {@code org.gnu.gdb.s390.fpr} feature
     * (fpc, f0-f15), which {@code Arch.S390X}'s layout does not have yet, and rejects the
     * description ("Architecture rejected target-supplied description").
     */
    @ParameterizedTest
    @EnumSource(value = Arch.class, names = {"X86_64", "I386", "AARCH64", "RISCV64", "PPC64LE"})
    void gdbAdoptsTheDescription(Arch arch) {
        FakeProcess process = new FakeProcess(arch, 2);
        int pc = arch.registers().indexOf(arch.pcRegister()).orElseThrow();
        long pcValue = arch.pointerSize() == 8 ? 0x1234_5678_9abcL : 0x1234_5678L;
        process.regs(1).set(pc, pcValue);
        TargetStack stack = new TargetStack().push(process);
        try (GdbServer server = GdbServer.builder().port(0).dispatcher(TargetPackets.dispatcher())
                .targets(TargetStubFactory.of(id -> TargetStub.builder(stack).build())).build()) {
            int port = server.start().getPort();
            GdbResult r = Gdb.multiarch().batchMerged(java.util.List.of(
                    "target remote 127.0.0.1:" + port,
                    "show architecture",
                    "info registers " + gdbPcName(arch),
                    "maint print raw-registers",
                    "detach"));
            assertThat(r.stdout()).as(r.stdout())
                    .contains("(currently \"" + arch.gdbName() + "\")")
                    .containsPattern("(?m)^" + gdbPcName(arch) + "\\s+0x" + Long.toHexString(pcValue))
                    .doesNotContain("rejected target-supplied description", "Remote 'g' packet reply is too long",
                            "Truncated register", "Could not read registers", "unknown type");
            for (var reg : arch.registers().registers()) {
                assertThat(r.stdout()).as("register %s in maint print raw-registers", reg.name())
                        .containsPattern("(?m)^ " + java.util.regex.Pattern.quote(reg.name()) + "\\s");
            }
        }
    }

    /** The name gdb shows the pc under (gdb calls riscv's and aarch64's "pc", x86's "rip"/"eip"). */
    private static String gdbPcName(Arch arch) {
        return arch.pcRegister();
    }
}
