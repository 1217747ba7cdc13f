/**
 * The persistent name-index cache: a scan's index kept on disk under
 * {@code $XDG_CACHE_HOME/tldb/index}, keyed by build-id (or file identity), versioned,
 * checksummed, written atomically, size-capped, and verified on use
 * ({@link dev.tldb.dwarf.index.cache.IndexCache} is the door).
 */
package dev.tldb.dwarf.index.cache;
