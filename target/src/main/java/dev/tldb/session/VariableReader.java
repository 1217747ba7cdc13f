package dev.tldb.session;

import dev.tldb.abi.Registers;
import dev.tldb.dwarf.Die;
import dev.tldb.dwarf.UnitOffset;
import dev.tldb.dwarf.expr.EvaluationCallbacks;
import dev.tldb.dwarf.expr.Evaluator;
import dev.tldb.dwarf.expr.Expression;
import dev.tldb.dwarf.expr.Location;
import dev.tldb.dwarf.expr.Piece;
import dev.tldb.dwarf.expr.ValueType;
import dev.tldb.dwarf.lists.LocationDescription;
import dev.tldb.dwarf.lists.LocationList;
import dev.tldb.dwarf.lists.SingleLocation;
import dev.tldb.dwarf.type.BaseType;
import dev.tldb.dwarf.type.Type;
import dev.tldb.elf.Segment;
import dev.tldb.target.Module;
import dev.tldb.target.Target;
import dev.tldb.target.TdError;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsAllocator;
import dev.tldb.target.TlsException;
import dev.tldb.target.UnallocatedTls;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a variable's value in one thread: TLS through the target stack's {@code tlsAddress} (the
 * simulated libthread_db), statics at their address plus the module's load bias, anything else by
 * evaluating its DWARF location with this thread's registers and memory.
 */
final class VariableReader {
    private final Target target;
    private final UnallocatedTls policy;

    VariableReader(Target target, UnallocatedTls policy) {
        this.target = target;
        this.policy = policy;
    }

    /** The address of a variable that lives in memory, in this thread. */
    OptionalLong address(Variable v, Optional<ThreadInfo> thread) {
        Storage s = v.storage();
        long bias = v.module().module().loadBias();
        if (s instanceof Storage.Static st) {
            return OptionalLong.of(st.linkAddress() + bias);
        }
        if (s instanceof Storage.Function f) {
            return OptionalLong.of(f.linkAddress() + bias);
        }
        if (s instanceof Storage.Tls tls) {
            return OptionalLong.of(tlsAddress(v, requireThread(v, thread), tls.offset()));
        }
        return OptionalLong.empty();
    }

    Value read(Variable v, Optional<ThreadInfo> thread) {
        ByteOrder order = target.abi().order();
        int size = (int) v.type().size().orElse(0);
        Storage s = v.storage();
        if (s instanceof Storage.OptimizedOut) {
            throw new OptimizedOutException();
        }
        if (s instanceof Storage.Function f) {
            return new Value(v.type(), new byte[0], order, OptionalLong.of(f.linkAddress() + v.module().module().loadBias()),
                    Optional.empty());
        }
        if (s instanceof Storage.Tls tls) {
            ThreadInfo t = requireThread(v, thread);
            try {
                long a = tlsAddress(v, t, tls.offset());
                return Value.inMemory(v.type(), target.readFully(a, size), order, a);
            } catch (TlsException e) {
                if (e.error() == TdError.TD_NOTALLOC && policy == UnallocatedTls.INIT_IMAGE) {
                    return initImage(v, tls.offset(), size, order);
                }
                throw e;
            }
        }
        if (s instanceof Storage.Static st) {
            long a = st.linkAddress() + v.module().module().loadBias();
            return Value.inMemory(v.type(), target.readFully(a, size), order, a);
        }
        return computed(v, ((Storage.Computed) s).location(), thread, size, order);
    }

    private long tlsAddress(Variable v, ThreadInfo t, long offset) {
        Module m = v.module().module();
        try {
            return target.tlsAddress(t, m, offset);
        } catch (TlsException e) {
            Optional<TlsAllocator> alloc = target.capability(TlsAllocator.class);
            if (e.error() == TdError.TD_NOTALLOC && policy == UnallocatedTls.ALLOCATE && alloc.isPresent()) {
                alloc.get().allocateTls(t, m);
                return target.tlsAddress(t, m, offset);
            }
            throw e;
        }
    }

    private static ThreadInfo requireThread(Variable v, Optional<ThreadInfo> thread) {
        return thread.orElseThrow(() -> new SessionException("Cannot access memory for thread-local variable \""
                + v.name() + "\": no thread (the program is not running; open a core or a simulated process)"));
    }

    /** What the thread would see on its first access: the module's PT_TLS image (.tdata, then zeros). */
    private static Value initImage(Variable v, long offset, int size, ByteOrder order) {
        var elf = v.module().elf().orElseThrow();
        Segment tls = elf.tlsSegment().orElseThrow(() -> new SessionException(v.module().path() + " has no PT_TLS"));
        byte[] out = new byte[size];
        ByteBuffer image = elf.contents(tls);
        for (int i = 0; i < size; i++) {
            long at = offset + i;
            out[i] = at < Math.min(tls.filesz(), image.limit()) ? image.get((int) at) : 0;
        }
        return new Value(v.type(), out, order, OptionalLong.empty(), Optional.of(
                "initial value: this thread has not allocated its TLS block of " + v.module().module().shortName()));
    }

    // ---------------------------------------------------------------- general locations

    private Value computed(Variable v, LocationDescription loc, Optional<ThreadInfo> thread, int size, ByteOrder order) {
        Module m = v.module().module();
        long bias = m.loadBias();
        byte[] exprBytes;
        dev.tldb.dwarf.Encoding encoding;
        if (loc instanceof SingleLocation s) {
            exprBytes = s.expression();
            encoding = s.encoding();
        } else {
            LocationList list = (LocationList) loc;
            ThreadInfo t = requireThread(v, thread);
            long pc = target.registers(t).get(target.abi().arch().pcRegister())
                    .orElseThrow(() -> new SessionException("No registers."));
            exprBytes = list.at(pc - bias).orElseThrow(OptimizedOutException::new);
            encoding = list.encoding();
        }
        if (exprBytes.length == 0) {
            throw new OptimizedOutException();
        }
        Die die = v.die().orElseThrow();
        Expression expr = Expression.decode(exprBytes, order, encoding);
        Location result = Evaluator.evaluate(expr, callbacks(v, die, thread, bias));
        return new Value(v.type(), bytesOf(result, size, thread, order), order,
                result instanceof Location.Address a ? OptionalLong.of(a.address()) : OptionalLong.empty(),
                Optional.empty());
    }

    private EvaluationCallbacks callbacks(Variable v, Die die, Optional<ThreadInfo> thread, long bias) {
        return new EvaluationCallbacks() {
            @Override
            public long readMemory(long address, int size, OptionalLong space, ValueType type) {
                return target.readUnsigned(address, size);
            }

            @Override
            public long register(int reg, ValueType type) {
                Registers r = target.registers(requireThread(v, thread));
                return r.getDwarf(reg).orElseThrow(() -> new SessionException(
                        "register " + reg + " is not available"));
            }

            @Override
            public long tlsAddress(long offset) {
                return VariableReader.this.tlsAddress(v, requireThread(v, thread), offset);
            }

            @Override
            public long relocate(long address) {
                return address + bias;
            }

            @Override
            public long indexedAddress(long index, boolean relocate) {
                long a = die.unit().skeleton().orElse(die.unit()).addressAt(index);
                return relocate ? a + bias : a;
            }

            @Override
            public ValueType baseType(long unitOffset) {
                Die base = die.unit().die(new UnitOffset(unitOffset));
                Type t = v.module().types().orElseThrow().type(base);
                if (t instanceof BaseType b) {
                    return ValueType.fromEncoding(b.encoding(), b.byteSize());
                }
                throw new SessionException("DIE <0x" + Long.toHexString(unitOffset) + "> is not a base type");
            }
        };
    }

    private byte[] bytesOf(Location loc, int size, Optional<ThreadInfo> thread, ByteOrder order) {
        if (loc instanceof Location.Address a) {
            return target.readFully(a.address(), size);
        }
        if (loc instanceof Location.Register r) {
            Registers regs = target.registers(thread.orElseThrow(() -> new SessionException("No registers.")));
            int idx = regs.layout().indexOfDwarf(r.register())
                    .orElseThrow(() -> new SessionException("DWARF register " + r.register() + " is unknown"));
            byte[] raw = regs.raw(idx).orElseThrow(() -> new SessionException("value is not available"));
            return fit(raw, size, order);
        }
        if (loc instanceof Location.ImplicitValue iv) {
            return fit(iv.value(), size, order);
        }
        if (loc instanceof Location.StackValue sv) {
            byte[] b = new byte[8];
            ByteBuffer.wrap(b).order(order).putLong(0, sv.value().bits());
            return fit(b, size, order);
        }
        if (loc instanceof Location.Pieces p) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Piece piece : p.pieces()) {
                int bytes = (int) ((piece.sizeInBits() + 7) / 8);
                if (piece.location() instanceof Location.OptimizedOut) {
                    throw new OptimizedOutException();
                }
                out.writeBytes(bytesOf(piece.location(), bytes, thread, order));
            }
            return fit(out.toByteArray(), size, order);
        }
        if (loc instanceof Location.ImplicitPointer) {
            throw new SessionException("<synthetic pointer>");
        }
        throw new OptimizedOutException();
    }

    /** The low {@code size} bytes of a wider value (registers, stack values), in target order. */
    private static byte[] fit(byte[] raw, int size, ByteOrder order) {
        if (raw.length == size) {
            return raw;
        }
        if (order == ByteOrder.LITTLE_ENDIAN || raw.length < size) {
            return Arrays.copyOf(raw, size);
        }
        return Arrays.copyOfRange(raw, raw.length - size, raw.length);
    }
}
