package dev.tldb.session;

import dev.tldb.dwarf.Die;

import java.util.Optional;

/**
 * A named thing an expression can refer to: a variable or a function, its module, its DIE (when
 * there is DWARF), its type and where it lives.
 */
record Variable(String name, DebugModule module, Optional<Die> die, CType type, Storage storage) {

    boolean isTls() {
        return storage instanceof Storage.Tls;
    }
}
