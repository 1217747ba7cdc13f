package dev.tldb.remote;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Target descriptions as gdbserver sends them: a target.xml that includes one file per feature,
 * registers numbered implicitly (one more than the previous) or explicitly, and the DTD never
 * fetched.
 */
class TargetDescriptionTest {
    private static final String TARGET = """
            <?xml version="1.0"?>
            <!DOCTYPE target SYSTEM "gdb-target.dtd">
            <target><architecture>i386:x86-64</architecture><osabi>GNU/Linux</osabi>
            <xi:include href="core.xml"/><xi:include href="segments.xml"/></target>""";
    private static final Map<String, String> FILES = Map.of(
            "core.xml", """
                    <?xml version="1.0"?>
                    <!DOCTYPE feature SYSTEM "gdb-target.dtd">
                    <feature name="org.gnu.gdb.i386.core">
                      <reg name="rax" bitsize="64" type="int64" regnum="0"/>
                      <reg name="rbx" bitsize="64" type="int64"/>
                      <reg name="eflags" bitsize="32" type="i386_eflags"/>
                      <reg name="st0" bitsize="80" type="i387_ext"/>
                    </feature>""",
            "segments.xml", """
                    <feature name="org.gnu.gdb.i386.segments">
                      <reg name="fs_base" bitsize="64" type="int" regnum="57"/>
                    </feature>""");

    @Test
    void includesAreExpandedAndRegistersNumberedAsGdbDoes() {
        TargetDescription d = TargetDescription.parse(TARGET, FILES::get);
        assertThat(d.architecture()).contains("i386:x86-64");
        assertThat(d.registers()).extracting(TargetDescription.Reg::regnum).containsExactly(0, 1, 2, 3, 57);
        assertThat(d.offsetInG(d.register("eflags").orElseThrow())).isEqualTo(16);
        assertThat(d.offsetInG(d.register("fs_base").orElseThrow())).isEqualTo(8 + 8 + 4 + 10);
    }

    @Test
    void includeLoopsAndBadXmlAreErrors() {
        String looping = "<target><xi:include href=\"t.xml\"/></target>";
        assertThatThrownBy(() -> TargetDescription.parse(looping, a -> looping))
                .isInstanceOf(RemoteException.class).hasMessageContaining("too deeply");
        assertThatThrownBy(() -> TargetDescription.parse("<target><reg", a -> ""))
                .isInstanceOf(RemoteException.class).hasMessageContaining("not XML");
    }
}
