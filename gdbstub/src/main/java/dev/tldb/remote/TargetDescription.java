package dev.tldb.remote;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A stub's target description ({@code target.xml} and the files it includes): the architecture
 * and the registers in register-number order, which is also the layout of the {@code g} reply.
 *
 * @param architecture the {@code <architecture>} text, e.g. {@code i386:x86-64}
 * @param registers    every register, by number
 */
public record TargetDescription(Optional<String> architecture, List<Reg> registers) {
    /** At most this many include levels: deeper is a loop or a hostile stub. */
    private static final int MAX_INCLUDE_DEPTH = 8;
    private static final int MAX_REGISTERS = 4096;

    /** One {@code <reg>}: its name, size and number. */
    public record Reg(String name, int bitSize, int regnum) {
        public int byteSize() {
            return (bitSize + 7) / 8;
        }
    }

    public TargetDescription {
        registers = List.copyOf(registers);
    }

    /**
     * Parses {@code target.xml}; {@code fetch} returns the text of an included annex (gdbserver
     * splits descriptions into {@code 64bit-core.xml}, {@code 64bit-sse.xml}, ...).
     */
    public static TargetDescription parse(String targetXml, Function<String, String> fetch) {
        List<Reg> regs = new ArrayList<>();
        String[] arch = {null};
        walk(RemoteXml.parse(targetXml, "target description").getDocumentElement(), fetch, regs, arch, 0);
        regs.sort(java.util.Comparator.comparingInt(Reg::regnum));
        return new TargetDescription(Optional.ofNullable(arch[0]), regs);
    }

    private static void walk(Element e, Function<String, String> fetch, List<Reg> regs, String[] arch, int depth) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element c)) {
                continue;
            }
            switch (c.getTagName()) {
                case "architecture" -> arch[0] = c.getTextContent().trim();
                case "xi:include" -> {
                    if (depth >= MAX_INCLUDE_DEPTH) {
                        throw new RemoteException("the stub's target description includes too deeply");
                    }
                    Document inc = RemoteXml.parse(fetch.apply(c.getAttribute("href")), c.getAttribute("href"));
                    Element root = inc.getDocumentElement();
                    if (root.getTagName().equals("feature")) {
                        feature(root, regs);
                    } else {
                        walk(root, fetch, regs, arch, depth + 1);
                    }
                }
                case "feature" -> feature(c, regs);
                default -> { }
            }
        }
    }

    private static void feature(Element f, List<Reg> regs) {
        for (Node n = f.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element r && r.getTagName().equals("reg")) {
                if (regs.size() >= MAX_REGISTERS) {
                    throw new RemoteException("the stub's target description has more than " + MAX_REGISTERS
                            + " registers");
                }
                int next = regs.isEmpty() ? 0 : regs.get(regs.size() - 1).regnum() + 1;
                String num = r.getAttribute("regnum");
                int bits;
                try {
                    bits = Integer.parseInt(r.getAttribute("bitsize"));
                    next = num.isEmpty() ? next : Integer.parseInt(num);
                } catch (NumberFormatException e) {
                    throw new RemoteException("the stub's target description has a bad <reg> " + r.getAttribute("name"));
                }
                regs.add(new Reg(r.getAttribute("name"), bits, next));
            }
        }
    }

    /** A register by name. */
    public Optional<Reg> register(String name) {
        return registers.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Byte offset of a register in the {@code g} reply: the sizes of every lower-numbered register. */
    public int offsetInG(Reg reg) {
        int off = 0;
        for (Reg r : registers) {
            if (r.regnum() >= reg.regnum()) {
                break;
            }
            off += r.byteSize();
        }
        return off;
    }
}
