# Run inside gdb on the stopped ie-host program (x86-64 glibc): libie.so's link-map TLS fields and,
# per thread in creation order, its DTV generation and libie.so's DTV entry. Offsets of glibc's
# private fields come in TLDB_OFFSETS (from libc.so.6's _thread_db_* descriptors).
import gdb, os

OFF = dict((k, int(v)) for k, v in (x.split('=') for x in os.environ['TLDB_OFFSETS'].split(',')))
inf = gdb.selected_inferior()

def word(a):
    return int.from_bytes(inf.read_memory(a, 8).tobytes(), 'little')

def sword(a):
    v = word(a)
    return v - (1 << 64) if v >= 1 << 63 else v

def cstr(a):
    out = b''
    while True:
        c = inf.read_memory(a + len(out), 1).tobytes()
        if c == b'\0' or len(out) > 256:
            return out.decode('latin-1')
        out += c

rd = int(gdb.parse_and_eval("(long)&_r_debug"))
lm = word(rd + 8)
modid = 0
while lm:
    if os.path.basename(cstr(word(lm + 8))) == 'libie.so':
        modid = word(lm + OFF['modid'])
        print('FACT LIBIE modid=%d offset=%d' % (modid, sword(lm + OFF['tlsoffset'])))
    lm = word(lm + 24)
for t in sorted(inf.threads(), key=lambda t: t.num):
    t.switch()
    fs = int(gdb.parse_and_eval('$fs_base'))
    dtv = word(fs + 8)
    v = word(dtv + 16 * modid)
    state = 'unallocated' if v == (1 << 64) - 1 else 'zero' if v == 0 else 'TP%+d' % (v - fs)
    print('FACT THREAD %d gen=%d len=%d libie=%s' % (t.num, word(dtv), word(dtv - 16), state))
print('FACT END')
