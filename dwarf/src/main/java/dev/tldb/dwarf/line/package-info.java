/**
 * Line tables, DWARF 2–5: headers with directory and file tables, the full state machine, and
 * pc-to-source lookups ({@link dev.tldb.dwarf.line.LineTables#location}).
 */
package dev.tldb.dwarf.line;
