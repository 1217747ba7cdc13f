package dev.tldb.elf;

import java.nio.ByteBuffer;

/** One ELF note: owner name ("GNU", "CORE", "LINUX"), type and descriptor bytes (in the file's byte order). */
public record Note(String name, int type, ByteBuffer desc, long fileOffset) {

    public byte[] descBytes() {
        byte[] out = new byte[desc.remaining()];
        desc.duplicate().get(out);
        return out;
    }
}
