# Run inside gdb on a stopped x86-64 musl process: per thread, the DTV's count and where each
# module's block is relative to the thread pointer ("elsewhere" when it is outside the thread's own
# TLS area, as the per-thread copies dlopen makes for threads that already existed). TLDB_NAME_OFFSET is tls_name's
# offset in the executable's block.
import gdb, os

inf = gdb.selected_inferior()
name_off = int(os.environ['TLDB_NAME_OFFSET'])

def word(a):
    return int.from_bytes(inf.read_memory(a, 8).tobytes(), 'little')

def cstr(a):
    out = b''
    while True:
        c = inf.read_memory(a + len(out), 1).tobytes()
        if c == b'\0' or len(out) > 64:
            return out.decode('latin-1')
        out += c

for t in inf.threads():
    t.switch()
    fs = int(gdb.parse_and_eval('$fs_base'))
    dtv = word(fs + 8)
    count = word(dtv)
    where = []
    for i in range(1, count + 1):
        d = word(dtv + 8 * i) - fs
        where.append('TP%+d' % d if -1024 < d < 0 else 'elsewhere')  # variant II: own blocks lie below the TP
    print('FACT THREAD %s count=%d blocks=%s' % (cstr(word(dtv + 8) + name_off), count, ','.join(where)))
print('FACT END')
