package dev.tldb.dwarf.index;

import dev.tldb.binary.ByteReader;
import dev.tldb.dwarf.DwTag;
import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.DwarfSection;
import dev.tldb.dwarf.UnitSection;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * gdb's {@code .gdb_index} (versions 7, 8 and 9; always little-endian): a CU list, a TU list, and
 * an open-addressing hash table from names to "CU vectors" (unit number, symbol kind, static
 * flag). It names units, not DIEs, so a lookup scans the named units.
 */
final class GdbIndex extends PrecomputedIndex {
    private final ByteReader r;
    private final int version;
    private final long cuList;
    private final long cuCount;
    private final long tuList;
    private final long tuCount;
    private final long symbolTable;
    private final long slots;
    private final long constantPool;

    private GdbIndex(DwarfInfo dwarf, ByteReader r) {
        super(dwarf);
        this.r = r;
        this.version = (int) r.u32();
        if (version < 7 || version > 9) {
            throw r.error(0, ".gdb_index version " + version + " is not supported (7 to 9 are)");
        }
        long cuOff = r.u32();
        long tuOff = r.u32();
        long addressArea = r.u32();
        long symbols = r.u32();
        long next = r.u32(); // constant pool (v7, v8) or shortcut table (v9)
        long pool = version >= 9 ? r.u32() : next;
        long limit = r.limit();
        if (!(cuOff <= tuOff && tuOff <= addressArea && addressArea <= symbols && symbols <= next && next <= pool
                && pool <= limit)) {
            throw r.error(0, ".gdb_index section offsets are not in order or lie outside the section");
        }
        this.cuList = cuOff;
        this.cuCount = (tuOff - cuOff) / 16;
        this.tuList = tuOff;
        this.tuCount = (addressArea - tuOff) / 24;
        this.symbolTable = symbols;
        this.slots = (next - symbols) / 8;
        this.constantPool = pool;
        if (slots != 0 && Long.bitCount(slots) != 1) {
            throw r.error(symbols, ".gdb_index symbol table has " + slots + " slots, not a power of two");
        }
    }

    static GdbIndex open(DwarfInfo dwarf) {
        ByteBuffer b = dwarf.sections().data(DwarfSection.GDB_INDEX).orElseThrow().order(ByteOrder.LITTLE_ENDIAN);
        return new GdbIndex(dwarf, new ByteReader(b, dwarf.sections().describe(DwarfSection.GDB_INDEX), 0));
    }

    private ByteReader reader() {
        return r.window(0, r.limit());
    }

    @Override
    public Source source() {
        return Source.GDB_INDEX;
    }

    /** gdb's mapped_index_string_hash: {@code r = r * 67 + tolower(c) - 113} (case folded from version 5). */
    static int hash(byte[] utf8) {
        int h = 0;
        for (byte b : utf8) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            h = h * 67 + c - 113;
        }
        return h;
    }

    @Override
    List<String> names() {
        Set<String> out = new LinkedHashSet<>();
        ByteReader x = reader();
        for (long i = 0; i < slots; i++) {
            x.position(symbolTable + i * 8);
            long nameOff = x.u32();
            long vecOff = x.u32();
            if (nameOff == 0 && vecOff == 0) {
                continue;
            }
            out.add(x.cstringAt(poolOffset(nameOff)));
        }
        return new ArrayList<>(out);
    }

    private long poolOffset(long off) {
        long at = constantPool + off;
        if (at >= r.limit()) {
            throw r.error(constantPool, "constant pool offset 0x" + Long.toHexString(off) + " lies outside the section");
        }
        return at;
    }

    @Override
    List<IndexHit> hits(String name) {
        if (slots == 0) {
            return List.of();
        }
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        int h = hash(utf8);
        long mask = slots - 1;
        long index = h & mask;
        long step = ((h * 17L) & mask) | 1;
        ByteReader x = reader();
        for (long probes = 0; probes < slots; probes++) {
            x.position(symbolTable + index * 8);
            long nameOff = x.u32();
            long vecOff = x.u32();
            if (nameOff == 0 && vecOff == 0) {
                return List.of();
            }
            if (x.cstringEquals(poolOffset(nameOff), utf8)) {
                return vector(x, poolOffset(vecOff));
            }
            index = (index + step) & mask;
        }
        return List.of();
    }

    private List<IndexHit> vector(ByteReader x, long at) {
        x.position(at);
        long n = x.u32();
        if (n > x.remaining() / 4) {
            throw x.error(at, "CU vector of " + n + " entries runs past the section");
        }
        List<IndexHit> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            long v = x.u32();
            long unit = v & 0xff_ffff;
            int kind = (int) (v >>> 28) & 7;
            int tag = switch (kind) {
                case 1 -> DwTag.TYPEDEF;
                case 2 -> DwTag.VARIABLE;
                case 3 -> DwTag.SUBPROGRAM;
                default -> 0;
            };
            long save = x.position();
            if (unit < cuCount) {
                x.position(cuList + unit * 16);
                out.add(new IndexHit(UnitSection.INFO, x.u64(), OptionalLong.empty(), tag));
            } else if (unit - cuCount < tuCount) {
                x.position(tuList + (unit - cuCount) * 24);
                // Type units of .gdb_index live in .debug_types (DWARF 4).
                out.add(new IndexHit(UnitSection.TYPES, x.u64(), OptionalLong.empty(), tag));
            } else {
                problem(r.source() + ": CU vector names unit " + unit + " of " + (cuCount + tuCount));
            }
            x.position(save);
        }
        return out;
    }

    int version() {
        return version;
    }
}
