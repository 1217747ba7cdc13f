package dev.tldb.dwarf.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expression blocks in {@code readelf --debug-dump=info} output: each attribute printed as
 * {@code N byte block: b0 b1 ... \t(decoded operations)}, with the unit it belongs to.
 */
record ReadelfLocations(List<Block> blocks) {

    record Block(long unitOffset, int version, boolean dwarf64, int addressSize, String attribute, byte[] bytes,
                 String decoded) {
    }

    private static final Pattern UNIT = Pattern.compile("^\\s*Compilation Unit @ offset (?:0x)?([0-9a-f]+):");
    private static final Pattern LENGTH = Pattern.compile("^\\s*Length:\\s+\\S+ \\((32|64)-bit\\)");
    private static final Pattern VERSION = Pattern.compile("^\\s*Version:\\s+(\\d+)");
    private static final Pattern POINTER = Pattern.compile("^\\s*Pointer Size:\\s+(\\d+)");
    private static final Pattern BLOCK = Pattern.compile(
            "^\\s*<[0-9a-f]+>\\s+(DW_AT_\\w+)\\s*:\\s*(\\d+) byte block: ((?:[0-9a-f]{1,2} )*)\\s*\\((.*)\\)"
            // outside a function readelf notes that DW_OP_fbreg has no frame base to refer to
            + "(?: \\[without DW_AT_frame_base\\])?\\s*$");

    static ReadelfLocations parse(String readelfOutput) {
        List<Block> blocks = new ArrayList<>();
        long unit = 0;
        int version = 0;
        int pointer = 0;
        boolean dwarf64 = false;
        for (String line : readelfOutput.split("\n")) {
            Matcher m;
            if ((m = UNIT.matcher(line)).find()) {
                unit = Long.parseLong(m.group(1), 16);
            } else if ((m = LENGTH.matcher(line)).find()) {
                dwarf64 = m.group(1).equals("64");
            } else if ((m = VERSION.matcher(line)).find()) {
                version = Integer.parseInt(m.group(1));
            } else if ((m = POINTER.matcher(line)).find()) {
                pointer = Integer.parseInt(m.group(1));
            } else if ((m = BLOCK.matcher(line)).find()) {
                String[] hex = m.group(3).trim().isEmpty() ? new String[0] : m.group(3).trim().split(" ");
                byte[] bytes = new byte[hex.length];
                for (int i = 0; i < hex.length; i++) {
                    bytes[i] = (byte) Integer.parseInt(hex[i], 16);
                }
                if (bytes.length != Integer.parseInt(m.group(2))) {
                    continue; // readelf shortened the block; nothing to compare
                }
                blocks.add(new Block(unit, version, dwarf64, pointer, m.group(1), bytes, m.group(4)));
            }
        }
        return new ReadelfLocations(blocks);
    }

    /** readelf's text without register names, which depend on the machine rather than on the bytes. */
    static String normalize(String decoded) {
        return decoded.replaceAll(
                "(DW_OP_(?:GNU_)?(?:reg\\d+|breg\\d+|regx: \\d+|bregx: \\d+|regval_type: \\d+)) \\([^)]*\\)", "$1");
    }
}
