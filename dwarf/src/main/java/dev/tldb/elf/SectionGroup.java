package dev.tldb.elf;

import java.util.List;

/** A SHT_GROUP section: a COMDAT (or plain) group of section indexes, named by its signature symbol. */
public record SectionGroup(Section section, String signature, boolean comdat, List<Integer> members) {}
