# Run inside gdb (x86-64, glibc) on a stopped process: prints the TLS facts GlibcFactsTest
# compares with the simulation. Offsets of glibc's private fields come in TLDB_OFFSETS (from
# libc.so.6's _thread_db_* descriptors); everything else is the public x86-64 layout.
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
rtld = int(gdb.parse_and_eval("(long)&_rtld_global"))
names = {}
lm = word(rd + 8)
while lm:
    name = os.path.basename(cstr(word(lm + 8))) or '<exe>'
    names[lm] = name
    if word(lm + OFF['modid']) != 0:
        print('FACT LM %s modid=%d offset=%d' % (name, word(lm + OFF['modid']), sword(lm + OFF['tlsoffset'])))
    lm = word(lm + 24)
head = word(rtld + OFF['slotinfo'])
print('FACT SLOTLIST len=%d next=%d' % (word(head), word(head + 8)))
for i in range(6):
    gen = word(head + 16 + 16 * i)
    m = word(head + 16 + 16 * i + 8)
    print('FACT SLOT %d gen=%d map=%s' % (i, gen, names.get(m, '?') if m else 'NULL'))
for t in inf.threads():
    t.switch()
    fs = int(gdb.parse_and_eval('$fs_base'))
    dtv = word(fs + 8)
    length = word(dtv - 16)
    state = []
    for mod in range(1, 4):
        v = word(dtv + 16 * mod)
        state.append('unallocated' if v == (1 << 64) - 1 else 'zero' if v == 0 else 'TP%+d' % (v - fs) if mod < 3 else 'allocated')
    name = cstr(word(dtv + 16) + OFF['tls_name'])
    print('FACT THREAD %s dtvlen=%d gen=%d tls=%s' % (name, length, word(dtv), ','.join(state)))
print('FACT END')
