package dev.tldb.gdbstub.target;

import dev.tldb.abi.Arch;
import dev.tldb.abi.RegisterDef;
import dev.tldb.abi.RegisterLayout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code target.xml} gdb reads with {@code qXfer:features:read}, generated from an
 * architecture's register layout ({@link Arch#registers()}): one {@code <feature>} per feature
 * name in layout order, every register with an explicit {@code regnum} equal to its index, so
 * that {@code g}, {@code p} and stop-reply register numbers are simply indexes into the layout.
 *
 * <p>What gdb insists on (gdb 13 sources, checked with stock gdb by the tests):
 * <ul>
 *   <li>x86-64: {@code org.gnu.gdb.i386.core} (with the x87 registers) and
 *       {@code org.gnu.gdb.i386.sse}; without {@code org.gnu.gdb.i386.linux}/{@code orig_rax}
 *       the amd64-linux ABI is never initialised and gdb has no TLS support at all, and
 *       {@code org.gnu.gdb.i386.segments}/{@code fs_base} is the thread pointer gdb 17+ reads.</li>
 *   <li>aarch64: {@code org.gnu.gdb.aarch64.core}, optionally {@code .fpu}, and
 *       {@code org.gnu.gdb.aarch64.tls} with {@code tpidr}.</li>
 *   <li>Every non-builtin register type must be defined in the document before use: the x86
 *       {@code i386_eflags} and {@code i386_mxcsr} flags and the {@code vec128} union, the aarch64
 *       {@code cpsr_flags} and the {@code aarch64v} union. The definitions below are gdb's own
 *       ({@code gdb/features/i386/64bit-core.xml}, {@code 64bit-sse.xml}, {@code aarch64-core.xml},
 *       {@code aarch64-fpu.xml}).</li>
 * </ul>
 */
public final class TargetDescription {
    private static final Map<Arch, byte[]> CACHE = new EnumMap<>(Arch.class);

    /** Type definitions by type id: the XML that defines it (and the types it uses). */
    private static final Map<String, String> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("i386_eflags", """
                  <flags id="i386_eflags" size="4">
                    <field name="CF" start="0" end="0"/>
                    <field name="" start="1" end="1"/>
                    <field name="PF" start="2" end="2"/>
                    <field name="AF" start="4" end="4"/>
                    <field name="ZF" start="6" end="6"/>
                    <field name="SF" start="7" end="7"/>
                    <field name="TF" start="8" end="8"/>
                    <field name="IF" start="9" end="9"/>
                    <field name="DF" start="10" end="10"/>
                    <field name="OF" start="11" end="11"/>
                    <field name="NT" start="14" end="14"/>
                    <field name="RF" start="16" end="16"/>
                    <field name="VM" start="17" end="17"/>
                    <field name="AC" start="18" end="18"/>
                    <field name="VIF" start="19" end="19"/>
                    <field name="VIP" start="20" end="20"/>
                    <field name="ID" start="21" end="21"/>
                  </flags>
                """);
        TYPES.put("vec128", """
                  <vector id="v8bf16" type="bfloat16" count="8"/>
                  <vector id="v8h" type="ieee_half" count="8"/>
                  <vector id="v4f" type="ieee_single" count="4"/>
                  <vector id="v2d" type="ieee_double" count="2"/>
                  <vector id="v16i8" type="int8" count="16"/>
                  <vector id="v8i16" type="int16" count="8"/>
                  <vector id="v4i32" type="int32" count="4"/>
                  <vector id="v2i64" type="int64" count="2"/>
                  <union id="vec128">
                    <field name="v8_bfloat16" type="v8bf16"/>
                    <field name="v8_half" type="v8h"/>
                    <field name="v4_float" type="v4f"/>
                    <field name="v2_double" type="v2d"/>
                    <field name="v16_int8" type="v16i8"/>
                    <field name="v8_int16" type="v8i16"/>
                    <field name="v4_int32" type="v4i32"/>
                    <field name="v2_int64" type="v2i64"/>
                    <field name="uint128" type="uint128"/>
                  </union>
                """);
        TYPES.put("i386_mxcsr", """
                  <flags id="i386_mxcsr" size="4">
                    <field name="IE" start="0" end="0"/>
                    <field name="DE" start="1" end="1"/>
                    <field name="ZE" start="2" end="2"/>
                    <field name="OE" start="3" end="3"/>
                    <field name="UE" start="4" end="4"/>
                    <field name="PE" start="5" end="5"/>
                    <field name="DAZ" start="6" end="6"/>
                    <field name="IM" start="7" end="7"/>
                    <field name="DM" start="8" end="8"/>
                    <field name="ZM" start="9" end="9"/>
                    <field name="OM" start="10" end="10"/>
                    <field name="UM" start="11" end="11"/>
                    <field name="PM" start="12" end="12"/>
                    <field name="FZ" start="15" end="15"/>
                  </flags>
                """);
        TYPES.put("cpsr_flags", """
                  <flags id="cpsr_flags" size="4">
                    <field name="SP" start="0" end="0"/>
                    <field name="EL" start="2" end="3"/>
                    <field name="nRW" start="4" end="4"/>
                    <field name="F" start="6" end="6"/>
                    <field name="I" start="7" end="7"/>
                    <field name="A" start="8" end="8"/>
                    <field name="D" start="9" end="9"/>
                    <field name="BTYPE" start="10" end="11"/>
                    <field name="SSBS" start="12" end="12"/>
                    <field name="IL" start="20" end="20"/>
                    <field name="SS" start="21" end="21"/>
                    <field name="PAN" start="22" end="22"/>
                    <field name="UAO" start="23" end="23"/>
                    <field name="DIT" start="24" end="24"/>
                    <field name="TCO" start="25" end="25"/>
                    <field name="V" start="28" end="28"/>
                    <field name="C" start="29" end="29"/>
                    <field name="Z" start="30" end="30"/>
                    <field name="N" start="31" end="31"/>
                  </flags>
                """);
        TYPES.put("aarch64v", """
                  <vector id="v2d" type="ieee_double" count="2"/>
                  <vector id="v2u" type="uint64" count="2"/>
                  <vector id="v2i" type="int64" count="2"/>
                  <vector id="v4f" type="ieee_single" count="4"/>
                  <vector id="v4u" type="uint32" count="4"/>
                  <vector id="v4i" type="int32" count="4"/>
                  <vector id="v8f" type="ieee_half" count="8"/>
                  <vector id="v8u" type="uint16" count="8"/>
                  <vector id="v8i" type="int16" count="8"/>
                  <vector id="v8bf16" type="bfloat16" count="8"/>
                  <vector id="v16u" type="uint8" count="16"/>
                  <vector id="v16i" type="int8" count="16"/>
                  <vector id="v1u" type="uint128" count="1"/>
                  <vector id="v1i" type="int128" count="1"/>
                  <union id="vnd">
                    <field name="f" type="v2d"/>
                    <field name="u" type="v2u"/>
                    <field name="s" type="v2i"/>
                  </union>
                  <union id="vns">
                    <field name="f" type="v4f"/>
                    <field name="u" type="v4u"/>
                    <field name="s" type="v4i"/>
                  </union>
                  <union id="vnh">
                    <field name="bf" type="v8bf16"/>
                    <field name="f" type="v8f"/>
                    <field name="u" type="v8u"/>
                    <field name="s" type="v8i"/>
                  </union>
                  <union id="vnb">
                    <field name="u" type="v16u"/>
                    <field name="s" type="v16i"/>
                  </union>
                  <union id="vnq">
                    <field name="u" type="v1u"/>
                    <field name="s" type="v1i"/>
                  </union>
                  <union id="aarch64v">
                    <field name="d" type="vnd"/>
                    <field name="s" type="vns"/>
                    <field name="h" type="vnh"/>
                    <field name="b" type="vnb"/>
                    <field name="q" type="vnq"/>
                  </union>
                """);
    }

    private TargetDescription() {
    }

    /** The document for {@code arch}, as bytes (built once per architecture). */
    public static synchronized byte[] xml(Arch arch) {
        return CACHE.computeIfAbsent(arch, a -> render(a).getBytes(StandardCharsets.US_ASCII)).clone();
    }

    /** The document as text. */
    public static String render(Arch arch) {
        RegisterLayout layout = arch.registers();
        StringBuilder sb = new StringBuilder(8192);
        sb.append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n");
        sb.append("  <architecture>").append(arch.gdbName()).append("</architecture>\n");
        sb.append("  <osabi>GNU/Linux</osabi>\n");
        for (Map.Entry<String, List<Integer>> feature : features(layout).entrySet()) {
            sb.append("  <feature name=\"").append(featureName(arch, feature.getKey())).append("\">\n");
            Set<String> types = new LinkedHashSet<>();
            for (int i : feature.getValue()) {
                types.add(layout.get(i).type());
            }
            for (String type : types) {
                String def = TYPES.get(type);
                if (def != null) {
                    def.lines().forEach(l -> sb.append("  ").append(l).append('\n'));
                }
            }
            for (int i : feature.getValue()) {
                RegisterDef r = layout.get(i);
                sb.append("    <reg name=\"").append(r.name()).append("\" bitsize=\"").append(r.bitSize())
                        .append("\" type=\"").append(r.type()).append("\" regnum=\"").append(i).append('"');
                if (r.group() != null && !r.group().isEmpty()) {
                    sb.append(" group=\"").append(r.group()).append('"');
                }
                sb.append("/>\n");
            }
            sb.append("  </feature>\n");
        }
        return sb.append("</target>\n").toString();
    }

    /**
     * The feature name gdb gets. i386 is the exception: gdb 13's i386-linux ABI numbers
     * {@code org.gnu.gdb.i386.segments} registers past its register count and dies on an internal
     * assertion (gdbserver never sends that feature for i386), so i386's {@code fs_base}/{@code
     * gs_base} travel in a feature gdb does not know, which it shows as plain extra registers.
     */
    static String featureName(Arch arch, String feature) {
        if (arch == Arch.I386 && feature.equals("org.gnu.gdb.i386.segments")) {
            return "org.tldb.i386.segments";
        }
        return feature;
    }

    /** Register indexes by feature, features in the order they first appear. */
    private static Map<String, List<Integer>> features(RegisterLayout layout) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        for (int i = 0; i < layout.size(); i++) {
            out.computeIfAbsent(layout.get(i).feature(), k -> new ArrayList<>()).add(i);
        }
        return out;
    }
}
