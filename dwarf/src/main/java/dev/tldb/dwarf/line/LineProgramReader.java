package dev.tldb.dwarf.line;

import dev.tldb.binary.ByteReader;
import dev.tldb.dwarf.AttributeValue;
import dev.tldb.dwarf.DwForm;
import dev.tldb.dwarf.DwLnct;
import dev.tldb.dwarf.DwLne;
import dev.tldb.dwarf.DwLns;
import dev.tldb.dwarf.DwarfSection;
import dev.tldb.dwarf.InitialLength;
import dev.tldb.dwarf.Unit;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Parses a line program (header and opcodes) and runs its state machine (DWARF 5 section 6.2):
 * special opcodes, every standard opcode (unknown ones skipped by their declared operand counts),
 * and the extended opcodes, including VLIW op_index arithmetic.
 */
final class LineProgramReader {
    private LineProgramReader() {}

    static LineProgramHeader header(ByteReader r, long offset, Unit unit) {
        if (offset < 0 || offset >= r.limit()) {
            throw r.error(0, "line program offset 0x" + Long.toHexString(offset) + " lies outside the section ("
                    + r.limit() + " bytes)");
        }
        r.position(offset);
        InitialLength initial = InitialLength.read(r);
        long length = initial.length();
        boolean dwarf64 = initial.dwarf64();
        if (length > r.remaining()) {
            throw r.error(offset, "line program length 0x" + Long.toHexString(length) + " runs past the section");
        }
        long end = r.position() + length;
        int version = r.u16();
        if (version < 2 || version > 5) {
            throw r.error(offset, "unsupported line table version " + version);
        }
        int addressSize = unit.header().addressSize();
        if (version >= 5) {
            addressSize = r.u8();
            int segmentSelectorSize = r.u8();
            if (segmentSelectorSize != 0) {
                throw r.error(offset, "segmented line tables are not supported (selector size "
                        + segmentSelectorSize + ")");
            }
        }
        int offsetSize = initial.offsetSize();
        long headerLength = r.unsigned(offsetSize);
        long programStart = r.position() + headerLength;
        if (headerLength < 0 || programStart > end) {
            throw r.error(offset, "line program header length 0x" + Long.toHexString(headerLength)
                    + " runs past the program");
        }
        int minInst = r.u8();
        int maxOps = version >= 4 ? r.u8() : 1;
        boolean defaultIsStmt = r.u8() != 0;
        int lineBase = r.s8();
        int lineRange = r.u8();
        int opcodeBase = r.u8();
        List<Integer> lengths = new ArrayList<>();
        for (int i = 1; i < opcodeBase; i++) {
            lengths.add(r.u8());
        }
        List<String> dirs = new ArrayList<>();
        List<FileEntry> files = new ArrayList<>();
        // Bound the tables by the header itself: they may not spill into the opcodes.
        ByteReader h = r.window(0, programStart);
        h.position(r.position());
        if (version >= 5) {
            readEntries(h, unit, offsetSize, true, dirs, files);
            readEntries(h, unit, offsetSize, false, dirs, files);
        } else {
            while (true) {
                String d = h.cstring();
                if (d.isEmpty()) {
                    break;
                }
                dirs.add(d);
            }
            while (true) {
                String f = h.cstring();
                if (f.isEmpty()) {
                    break;
                }
                files.add(new FileEntry(f, h.uleb128(), h.uleb128(), h.uleb128(), Optional.empty()));
            }
        }
        return new LineProgramHeader(offset, end, version, dwarf64, addressSize, programStart, minInst,
                maxOps == 0 ? 1 : maxOps, defaultIsStmt, lineBase, lineRange, opcodeBase, lengths, dirs, files);
    }

    private static void readEntries(ByteReader h, Unit unit, int offsetSize, boolean directories, List<String> dirs,
            List<FileEntry> files) {
        long at = h.position();
        int formatCount = h.u8();
        long[] types = new long[formatCount];
        int[] forms = new int[formatCount];
        for (int i = 0; i < formatCount; i++) {
            types[i] = h.uleb128();
            long form = h.uleb128();
            if (form > 0xffff) {
                throw h.error(at, "entry format has form 0x" + Long.toHexString(form));
            }
            forms[i] = (int) form;
        }
        long count = h.uleb128();
        if (count > h.remaining() || (count > 0 && formatCount == 0)) {
            throw h.error(at, (directories ? "directory" : "file name") + " count " + Long.toUnsignedString(count)
                    + " cannot fit in the " + h.remaining() + " bytes left of the header");
        }
        for (long n = 0; n < count; n++) {
            long entryStart = h.position();
            String path = "";
            long dir = 0;
            long time = 0;
            long size = 0;
            String md5 = null;
            for (int i = 0; i < formatCount; i++) {
                Object v = value(h, unit, offsetSize, forms[i]);
                switch ((int) types[i]) {
                    case DwLnct.PATH -> path = v instanceof String s ? s : path;
                    case DwLnct.DIRECTORY_INDEX -> dir = v instanceof Long l ? l : dir;
                    case DwLnct.TIMESTAMP -> time = v instanceof Long l ? l : time;
                    case DwLnct.SIZE -> size = v instanceof Long l ? l : size;
                    case DwLnct.MD5 -> md5 = v instanceof byte[] b ? HexFormat.of().formatHex(b) : md5;
                    default -> { } // vendor content (LLVM source...) is skipped
                }
            }
            if (h.position() == entryStart) {
                throw h.error(entryStart, "empty " + (directories ? "directory" : "file") + " entry");
            }
            if (directories) {
                dirs.add(path);
            } else {
                files.add(new FileEntry(path, dir, time, size, Optional.ofNullable(md5)));
            }
        }
    }

    /** A String, a Long or a byte[]; the forms DWARF 5 allows in line table entries. */
    private static Object value(ByteReader h, Unit unit, int offsetSize, int form) {
        return switch (form) {
            case DwForm.STRING -> h.cstring();
            case DwForm.LINE_STRP -> unit.dwarf().stringAt(DwarfSection.LINE_STR, h.unsigned(offsetSize));
            case DwForm.STRP -> unit.dwarf().stringAt(DwarfSection.STR, h.unsigned(offsetSize));
            case DwForm.STRX, DwForm.GNU_STR_INDEX -> stringIndex(unit, h.uleb128());
            case DwForm.STRX1 -> stringIndex(unit, h.u8());
            case DwForm.STRX2 -> stringIndex(unit, h.u16());
            case DwForm.STRX3 -> stringIndex(unit, h.u24());
            case DwForm.STRX4 -> stringIndex(unit, h.u32());
            case DwForm.UDATA -> h.uleb128();
            case DwForm.SDATA -> h.sleb128();
            case DwForm.DATA1 -> (long) h.u8();
            case DwForm.DATA2 -> (long) h.u16();
            case DwForm.DATA4 -> h.u32();
            case DwForm.DATA8 -> h.u64();
            case DwForm.DATA16 -> h.bytes(16);
            case DwForm.BLOCK -> {
                long n = h.uleb128();
                if (n > h.remaining()) {
                    throw h.error("block of " + n + " bytes runs past the line table header");
                }
                yield h.bytes((int) n);
            }
            default -> throw h.error("form " + DwForm.name(form) + " is not allowed in a line table entry");
        };
    }

    private static String stringIndex(Unit unit, long index) {
        return unit.string(new AttributeValue.StringIndex(index)).orElse("");
    }

    /** What running a program yields: its rows in program order, and files added by DW_LNE_define_file. */
    record Result(List<LineRow> rows, List<FileEntry> definedFiles) { }

    /** Runs the program of {@code header}. */
    static Result run(ByteReader section, LineProgramHeader header) {
        ByteReader r = section.window(0, header.end());
        r.position(header.programStart());
        List<LineRow> rows = new ArrayList<>();
        State s = new State(header);
        int opcodeBase = header.opcodeBase();
        int lineRange = header.lineRange();
        while (r.hasRemaining()) {
            long at = r.position();
            int op = r.u8();
            if (op >= opcodeBase) {
                if (lineRange == 0) {
                    throw r.error(at, "special opcode in a line table with line_range 0");
                }
                int adjusted = op - opcodeBase;
                s.advance(adjusted / lineRange);
                s.line += header.lineBase() + adjusted % lineRange;
                s.emit(rows);
                continue;
            }
            switch (op) {
                case 0 -> extended(r, at, header, s, rows);
                case DwLns.COPY -> s.emit(rows);
                case DwLns.ADVANCE_PC -> s.advance(r.uleb128());
                case DwLns.ADVANCE_LINE -> s.line += r.sleb128();
                case DwLns.SET_FILE -> s.file = r.uleb128();
                case DwLns.SET_COLUMN -> s.column = r.uleb128();
                case DwLns.NEGATE_STMT -> s.isStmt = !s.isStmt;
                case DwLns.SET_BASIC_BLOCK -> s.basicBlock = true;
                case DwLns.CONST_ADD_PC -> {
                    if (lineRange == 0) {
                        throw r.error(at, "DW_LNS_const_add_pc in a line table with line_range 0");
                    }
                    s.advance((255 - opcodeBase) / lineRange);
                }
                case DwLns.FIXED_ADVANCE_PC -> {
                    s.address += r.u16();
                    s.opIndex = 0;
                }
                case DwLns.SET_PROLOGUE_END -> s.prologueEnd = true;
                case DwLns.SET_EPILOGUE_BEGIN -> s.epilogueBegin = true;
                case DwLns.SET_ISA -> s.isa = r.uleb128();
                default -> {
                    // An opcode this reader does not know: the header says how many LEB128 operands it has.
                    int n = header.standardOpcodeLengths().get(op - 1);
                    for (int i = 0; i < n; i++) {
                        r.skipLeb128();
                    }
                }
            }
        }
        return new Result(rows, s.defined);
    }

    private static void extended(ByteReader r, long at, LineProgramHeader header, State s, List<LineRow> rows) {
        long len = r.uleb128();
        if (len == 0) {
            return; // an empty extended opcode: nothing to do
        }
        if (len > r.remaining()) {
            throw r.error(at, "extended opcode of " + len + " bytes runs past the line program");
        }
        long next = r.position() + len;
        int sub = r.u8();
        switch (sub) {
            case DwLne.END_SEQUENCE -> {
                s.endSequence = true;
                s.emit(rows);
                s.reset();
            }
            case DwLne.SET_ADDRESS -> {
                int size = (int) (len - 1);
                if (size != 1 && size != 2 && size != 4 && size != 8) {
                    throw r.error(at, "DW_LNE_set_address with a " + size + "-byte operand");
                }
                s.address = r.unsigned(size);
                s.opIndex = 0;
            }
            case DwLne.DEFINE_FILE -> s.defined.add(new FileEntry(r.cstring(), r.uleb128(), r.uleb128(), r.uleb128(),
                    Optional.empty()));
            case DwLne.SET_DISCRIMINATOR -> s.discriminator = r.uleb128();
            default -> { } // vendor extension: skipped by its length
        }
        r.position(next);
    }

    /** The state-machine registers. */
    private static final class State {
        final LineProgramHeader h;
        final List<FileEntry> defined = new ArrayList<>();
        long address;
        int opIndex;
        long file;
        long line;
        long column;
        boolean isStmt;
        boolean basicBlock;
        boolean endSequence;
        boolean prologueEnd;
        boolean epilogueBegin;
        long isa;
        long discriminator;

        State(LineProgramHeader h) {
            this.h = h;
            reset();
        }

        void reset() {
            address = 0;
            opIndex = 0;
            file = 1;
            line = 1;
            column = 0;
            isStmt = h.defaultIsStmt();
            basicBlock = false;
            endSequence = false;
            prologueEnd = false;
            epilogueBegin = false;
            isa = 0;
            discriminator = 0;
        }

        void advance(long operationAdvance) {
            int maxOps = h.maximumOperationsPerInstruction();
            if (maxOps == 1) {
                address += h.minimumInstructionLength() * operationAdvance;
            } else {
                long total = opIndex + operationAdvance;
                address += h.minimumInstructionLength() * Long.divideUnsigned(total, maxOps);
                opIndex = (int) Long.remainderUnsigned(total, maxOps);
            }
        }

        void emit(List<LineRow> rows) {
            rows.add(new LineRow(address, opIndex, file, line, column, isStmt, basicBlock, endSequence, prologueEnd,
                    epilogueBegin, isa, discriminator));
            basicBlock = false;
            prologueEnd = false;
            epilogueBegin = false;
            discriminator = 0;
        }
    }
}
