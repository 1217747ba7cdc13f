package dev.tldb.dwarf.testing;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DIEs of {@code readelf --debug-dump=info}, as readelf prints them: section offset, tag and
 * each attribute's value text, with readelf's decorations taken apart (the form it names for
 * DW_FORM_indirect, the index of an indexed string or address, trailing annotations). Ground
 * truth for tests of attribute decoding; null entries are left out.
 */
public record ReadelfDies(List<Dwarf> dies) {

    /** One attribute: {@code form} is the form readelf names (only for DW_FORM_indirect), {@code value} the bare value. */
    public record Value(String attribute, Optional<String> form, Optional<Long> index, String value) {
        /** The value as an integer: {@code 0x} hex or decimal, possibly negative, or a {@code <0x..>} reference. */
        public BigInteger number() {
            String v = value.startsWith("<") && value.endsWith(">") ? value.substring(1, value.length() - 1) : value;
            if (v.startsWith("0x")) {
                return new BigInteger(v.substring(2), 16);
            }
            if (v.startsWith("-0x")) {
                return new BigInteger(v.substring(3), 16).negate();
            }
            return new BigInteger(v);
        }
    }

    /** One DIE: offset in {@code .debug_info}, depth, tag name and attributes in order. */
    public record Dwarf(long offset, int depth, String tag, List<Value> attributes) {
        public Map<String, Value> byName() {
            Map<String, Value> m = new LinkedHashMap<>();
            attributes.forEach(a -> m.putIfAbsent(a.attribute(), a));
            return m;
        }
    }

    private static final Pattern DIE = Pattern.compile("^\\s*<(\\d+)><([0-9a-f]+)>: Abbrev Number: (\\d+)(?: \\((\\w+)\\))?");
    private static final Pattern ATTR = Pattern.compile("^\\s*<[0-9a-f]+>\\s+(DW_AT_\\w+)\\s*:\\s?(.*)$");
    private static final Pattern FORM = Pattern.compile("^(DW_FORM_\\w+) (.*)$");
    private static final Pattern INDEXED = Pattern.compile("^\\((?:indexed string|index): (?:0x)?([0-9a-f]+)\\): (.*)$");

    /** Runs {@code readelf --debug-dump=info} (optionally another {@code readelf}, e.g. a cross one) on {@code file}. */
    public static ReadelfDies of(Path file) {
        return parse(Tools.run(file.getParent(), "readelf", "-wN", "--debug-dump=info", file.toString()));
    }

    public static ReadelfDies parse(String out) {
        List<Dwarf> dies = new ArrayList<>();
        List<Value> attrs = null;
        for (String line : out.split("\n")) {
            Matcher m = DIE.matcher(line);
            if (m.find()) {
                attrs = null;
                if (!m.group(3).equals("0")) {
                    attrs = new ArrayList<>();
                    dies.add(new Dwarf(Long.parseLong(m.group(2), 16), Integer.parseInt(m.group(1)), m.group(4), attrs));
                }
                continue;
            }
            m = ATTR.matcher(line);
            if (m.find() && attrs != null) {
                String v = m.group(2);
                Optional<String> form = Optional.empty();
                Matcher f = FORM.matcher(v);
                if (f.matches()) {
                    form = Optional.of(f.group(1));
                    v = f.group(2);
                }
                Optional<Long> index = Optional.empty();
                Matcher i = INDEXED.matcher(v);
                if (i.matches()) {
                    index = Optional.of(Long.parseLong(i.group(1), 16));
                    v = i.group(2);
                }
                int tab = v.indexOf('\t'); // "7\t(unsigned)", "<0x64>\t[Abbrev Number: 6 ...]"
                if (tab >= 0) {
                    v = v.substring(0, tab);
                }
                attrs.add(new Value(m.group(1), form, index, v.strip()));
            }
        }
        return new ReadelfDies(dies);
    }
}
