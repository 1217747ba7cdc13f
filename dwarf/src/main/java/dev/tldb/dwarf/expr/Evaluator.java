package dev.tldb.dwarf.expr;

import dev.tldb.dwarf.expr.EvaluationStep.Complete;
import dev.tldb.dwarf.expr.EvaluationStep.Request;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresAtLocation;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresBaseType;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresCallFrameCfa;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresEntryValue;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresFrameBase;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresIndexedAddress;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresMemory;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresObjectAddress;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresParameterRef;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresRegister;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresRelocatedAddress;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresTls;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresVariableValue;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresWasmLocation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A resumable DWARF expression evaluator, after gimli's {@code Evaluation}. The DWARF layer knows no
 * threads, memory or registers: when an operation needs one, {@link #evaluate()} stops and returns a
 * {@link Request} naming it, and the caller answers with the matching {@code resumeWith...} method,
 * which continues until the next request or the {@link Complete} location.
 *
 * <pre>{@code
 * // __thread int x;  gcc: DW_OP_const8u <dtpoff>; DW_OP_form_tls_address
 * Evaluator ev = new Evaluator(expr);
 * EvaluationStep step = ev.evaluate();
 * while (step instanceof EvaluationStep.Request request) {
 *     if (request instanceof EvaluationStep.RequiresTls tls) {
 *         step = ev.resumeWithTls(target.tlsAddress(thread, module, tls.offset()));
 *     } else ...
 * }
 * Location where = ((EvaluationStep.Complete) step).location();   // Location.Address
 * }</pre>
 *
 * Or, with a callback per request: {@code Evaluator.evaluate(expr, callbacks)}.
 *
 * <p>Every evaluation is bounded: at most {@link #DEFAULT_MAX_STEPS} operations (see
 * {@link #maxSteps(int)}) and {@value #MAX_CALL_DEPTH} nested {@code DW_OP_call*}s. An instance evaluates
 * once and is not thread-safe.
 */
public final class Evaluator {
    public static final int DEFAULT_MAX_STEPS = 10_000;
    public static final int MAX_CALL_DEPTH = 64;

    private enum State { READY, RUNNING, WAITING, DONE, FAILED }

    /** Where to continue in a caller after a {@code DW_OP_call*}'s expression ends. */
    private record Frame(Expression expression, int pc) {
    }

    private final int addressSize;
    private final List<Value> stack = new ArrayList<>();
    private final Deque<Frame> callers = new ArrayDeque<>();
    private final Map<Long, ValueType> baseTypes = new HashMap<>();
    private final List<Piece> pieces = new ArrayList<>();

    private Expression expr;
    private int pc;
    private Expression.Op current;
    private int maxSteps = DEFAULT_MAX_STEPS;
    private int steps;
    private OptionalLong objectAddress = OptionalLong.empty();
    /** A location from DW_OP_reg*, implicit_value, stack_value or implicit_pointer, until a piece or the end. */
    private Location simpleLocation;
    private int stackAtLastPiece;
    private boolean uninitialized;

    private State state = State.READY;
    private Request waiting;
    private EvaluationException failure;
    private Complete result;

    public Evaluator(Expression expression) {
        this.expr = Objects.requireNonNull(expression, "expression");
        this.addressSize = expression.encoding().addressSize();
    }

    /** Evaluates {@code expression}, answering each request from {@code callbacks}. */
    public static Location evaluate(Expression expression, EvaluationCallbacks callbacks) {
        return new Evaluator(expression).run(callbacks).location();
    }

    /** At most {@code max} operations are executed (branches make loops possible). */
    public Evaluator maxSteps(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxSteps " + max);
        }
        maxSteps = max;
        return this;
    }

    /**
     * Pushes an entry before evaluation starts: the object address for {@code DW_AT_data_member_location},
     * the CFA for CFI expressions, and so on.
     */
    public Evaluator pushInitial(Value value) {
        requireState(State.READY, "pushInitial");
        stack.add(value.masked(addressSize));
        return this;
    }

    public Evaluator pushInitial(long genericValue) {
        return pushInitial(Value.generic(genericValue));
    }

    /** The address {@code DW_OP_push_object_address} pushes; without it the evaluator asks. */
    public Evaluator objectAddress(long address) {
        requireState(State.READY, "objectAddress");
        objectAddress = OptionalLong.of(address);
        return this;
    }

    /** Starts (or, once finished, repeats the result of) the evaluation. */
    public EvaluationStep evaluate() {
        return switch (state) {
            case READY -> run();
            case DONE -> result;
            case FAILED -> throw failure;
            case WAITING -> throw new IllegalStateException("the evaluator is waiting for an answer to " + waiting);
            case RUNNING -> throw new IllegalStateException("evaluate() re-entered");
        };
    }

    /** Drives the evaluation to completion, answering requests from {@code callbacks}. */
    public Complete run(EvaluationCallbacks callbacks) {
        EvaluationStep step = evaluate();
        while (step instanceof Request request) {
            step = answer(request, callbacks);
        }
        return (Complete) step;
    }

    /** The location, once complete. */
    public Location result() {
        requireState(State.DONE, "result");
        return result.location();
    }

    /** A snapshot of the stack, bottom first (for dumps and tests). */
    public List<Value> stack() {
        return List.copyOf(stack);
    }

    // --- answers to requests ---

    public EvaluationStep resumeWithMemory(long bits) {
        if (!(waitingFor() instanceof RequiresMemory r)) {
            throw wrongAnswer("resumeWithMemory");
        }
        return resume(() -> push(Value.fromBits(r.type(), r.size(), bits, addressSize)));
    }

    public EvaluationStep resumeWithRegister(long bits) {
        if (!(waitingFor() instanceof RequiresRegister r)) {
            throw wrongAnswer("resumeWithRegister");
        }
        return resume(() -> {
            if (current.operation() instanceof Operation.RegisterOffset breg) {
                push(Value.generic(bits + breg.offset()));
            } else {
                push(Value.fromBits(r.type(), r.type().size(addressSize), bits, addressSize));
            }
        });
    }

    public EvaluationStep resumeWithFrameBase(long frameBase) {
        if (!(waitingFor() instanceof RequiresFrameBase)) {
            throw wrongAnswer("resumeWithFrameBase");
        }
        long offset = ((Operation.FrameOffset) current.operation()).offset();
        return resume(() -> push(Value.generic(frameBase + offset)));
    }

    public EvaluationStep resumeWithTls(long address) {
        if (!(waitingFor() instanceof RequiresTls)) {
            throw wrongAnswer("resumeWithTls");
        }
        return resume(() -> push(Value.generic(address)));
    }

    public EvaluationStep resumeWithCallFrameCfa(long cfa) {
        if (!(waitingFor() instanceof RequiresCallFrameCfa)) {
            throw wrongAnswer("resumeWithCallFrameCfa");
        }
        return resume(() -> push(Value.generic(cfa)));
    }

    /** Runs {@code location} (empty if the DIE has none) as a subroutine, then continues after the call. */
    public EvaluationStep resumeWithAtLocation(Expression location) {
        if (!(waitingFor() instanceof RequiresAtLocation)) {
            throw wrongAnswer("resumeWithAtLocation");
        }
        return resume(() -> {
            if (location.isEmpty()) {
                return; // DWARF 5: a DIE without DW_AT_location makes the call a no-op
            }
            if (callers.size() >= MAX_CALL_DEPTH) {
                throw fail("calls nested more than " + MAX_CALL_DEPTH + " deep (a DIE calling itself?)");
            }
            callers.push(new Frame(expr, pc));
            expr = location;
            pc = 0;
        });
    }

    /** As {@link #resumeWithAtLocation(Expression)}, decoding the block with this expression's encoding. */
    public EvaluationStep resumeWithAtLocation(byte[] location) {
        if (!(waitingFor() instanceof RequiresAtLocation)) {
            throw wrongAnswer("resumeWithAtLocation");
        }
        return resumeWithAtLocation(Expression.decode(location, expr.byteOrder(), expr.encoding()));
    }

    public EvaluationStep resumeWithEntryValue(Value value) {
        if (!(waitingFor() instanceof RequiresEntryValue)) {
            throw wrongAnswer("resumeWithEntryValue");
        }
        return resume(() -> push(value));
    }

    public EvaluationStep resumeWithEntryValue(long genericValue) {
        return resumeWithEntryValue(Value.generic(genericValue));
    }

    public EvaluationStep resumeWithParameterRef(Value value) {
        if (!(waitingFor() instanceof RequiresParameterRef)) {
            throw wrongAnswer("resumeWithParameterRef");
        }
        return resume(() -> push(value));
    }

    public EvaluationStep resumeWithParameterRef(long genericValue) {
        return resumeWithParameterRef(Value.generic(genericValue));
    }

    public EvaluationStep resumeWithVariableValue(Value value) {
        if (!(waitingFor() instanceof RequiresVariableValue)) {
            throw wrongAnswer("resumeWithVariableValue");
        }
        return resume(() -> push(value));
    }

    public EvaluationStep resumeWithVariableValue(long genericValue) {
        return resumeWithVariableValue(Value.generic(genericValue));
    }

    public EvaluationStep resumeWithRelocatedAddress(long address) {
        if (!(waitingFor() instanceof RequiresRelocatedAddress)) {
            throw wrongAnswer("resumeWithRelocatedAddress");
        }
        return resume(() -> push(Value.generic(address)));
    }

    public EvaluationStep resumeWithIndexedAddress(long value) {
        if (!(waitingFor() instanceof RequiresIndexedAddress)) {
            throw wrongAnswer("resumeWithIndexedAddress");
        }
        return resume(() -> push(Value.generic(value)));
    }

    /** The base type's {@code DW_AT_encoding} ({@code DW_ATE_*}) and {@code DW_AT_byte_size}. */
    public EvaluationStep resumeWithBaseType(int encoding, long byteSize) {
        if (!(waitingFor() instanceof RequiresBaseType r)) {
            throw wrongAnswer("resumeWithBaseType");
        }
        return resume(() -> baseTypes.put(r.unitOffset(), ValueType.fromEncoding(encoding, byteSize)));
    }

    public EvaluationStep resumeWithBaseType(ValueType type) {
        if (!(waitingFor() instanceof RequiresBaseType r)) {
            throw wrongAnswer("resumeWithBaseType");
        }
        Objects.requireNonNull(type, "type");
        return resume(() -> baseTypes.put(r.unitOffset(), type));
    }

    public EvaluationStep resumeWithObjectAddress(long address) {
        if (!(waitingFor() instanceof RequiresObjectAddress)) {
            throw wrongAnswer("resumeWithObjectAddress");
        }
        return resume(() -> {
            objectAddress = OptionalLong.of(address);
            push(Value.generic(address));
        });
    }

    public EvaluationStep resumeWithWasmLocation(Value value) {
        if (!(waitingFor() instanceof RequiresWasmLocation)) {
            throw wrongAnswer("resumeWithWasmLocation");
        }
        return resume(() -> push(value));
    }

    public EvaluationStep resumeWithWasmLocation(long genericValue) {
        return resumeWithWasmLocation(Value.generic(genericValue));
    }

    // --- the machine ---

    private EvaluationStep run() {
        state = State.RUNNING;
        try {
            while (true) {
                if (pc >= expr.size()) {
                    if (callers.isEmpty()) {
                        return finish();
                    }
                    Frame caller = callers.pop();
                    expr = caller.expression();
                    pc = caller.pc();
                    continue;
                }
                current = expr.op(pc);
                if (++steps > maxSteps) {
                    throw fail("gave up after " + maxSteps
                            + " steps: the expression loops (or needs a higher Evaluator.maxSteps)");
                }
                pc++;
                Request request = execute(current.operation());
                if (request != null) {
                    waiting = request;
                    state = State.WAITING;
                    return request;
                }
            }
        } catch (EvaluationException e) {
            throw failed(e);
        }
    }

    /** Executes one operation; returns a request when the caller must supply something. */
    private Request execute(Operation operation) {
        if (operation instanceof Operation.Constant c) {
            push(Value.generic(c.value()));
        } else if (operation instanceof Operation.Address a) {
            // Old gcc wrote "DW_OP_addr <offset>; DW_OP_GNU_push_tls_address": there the operand is
            // a TLS offset, which relocating would corrupt (gdb makes the same exception).
            if (nextOperation() instanceof Operation.TlsAddress) {
                push(Value.generic(a.address()));
            } else {
                return new RequiresRelocatedAddress(a.address());
            }
        } else if (operation instanceof Operation.TlsAddress) {
            return new RequiresTls(pop().toAddress(addressSize));
        } else if (operation instanceof Operation.ConstantIndex ci) {
            return new RequiresIndexedAddress(ci.index(), false);
        } else if (operation instanceof Operation.AddressIndex ai) {
            return new RequiresIndexedAddress(ai.index(), true);
        } else if (operation instanceof Operation.Binary b) {
            binary(b.opcode());
        } else if (operation instanceof Operation.Unary u) {
            Value v = pop();
            push(switch (u.opcode()) {
                case DwOp.DW_OP_abs -> v.abs(addressSize);
                case DwOp.DW_OP_neg -> v.neg(addressSize);
                default -> v.not(addressSize);
            });
        } else if (operation instanceof Operation.PlusConstant plus) {
            push(pop().plusConstant(plus.value(), addressSize));
        } else if (operation instanceof Operation.Pick p) {
            if (p.index() >= stack.size()) {
                throw fail("stack underflow: needs " + (p.index() + 1) + " entries, has " + stack.size());
            }
            push(stack.get(stack.size() - 1 - p.index()));
        } else if (operation instanceof Operation.Drop) {
            pop();
        } else if (operation instanceof Operation.Swap) {
            need(2);
            Value top = pop();
            Value second = pop();
            push(top);
            push(second);
        } else if (operation instanceof Operation.Rotate) {
            // The top becomes third, the second becomes the top, the third becomes second.
            need(3);
            Value top = pop();
            Value second = pop();
            Value third = pop();
            push(top);
            push(third);
            push(second);
        } else if (operation instanceof Operation.Skip s) {
            jump(s.delta());
        } else if (operation instanceof Operation.Branch b) {
            if (pop().isNonZero(addressSize)) {
                jump(b.delta());
            }
        } else if (operation instanceof Operation.Nop) {
            // nothing
        } else if (operation instanceof Operation.Deref d) {
            return deref(d);
        } else if (operation instanceof Operation.RegisterOffset breg) {
            return new RequiresRegister(breg.register(), ValueType.GENERIC);
        } else if (operation instanceof Operation.RegisterValue rv) {
            ValueType type = baseType(rv.baseType());
            return type == null ? askBaseType(rv.baseType()) : new RequiresRegister(rv.register(), type);
        } else if (operation instanceof Operation.FrameOffset) {
            return new RequiresFrameBase();
        } else if (operation instanceof Operation.CallFrameCfa) {
            return new RequiresCallFrameCfa();
        } else if (operation instanceof Operation.PushObjectAddress) {
            if (objectAddress.isEmpty()) {
                return new RequiresObjectAddress();
            }
            push(Value.generic(objectAddress.getAsLong()));
        } else if (operation instanceof Operation.Call call) {
            return new RequiresAtLocation(call.target());
        } else if (operation instanceof Operation.EntryValue ev) {
            return new RequiresEntryValue(ev.expression());
        } else if (operation instanceof Operation.ParameterRef ref) {
            return new RequiresParameterRef(ref.unitOffset());
        } else if (operation instanceof Operation.VariableValue vv) {
            return new RequiresVariableValue(vv.infoOffset());
        } else if (operation instanceof Operation.TypedConstant tc) {
            ValueType type = baseType(tc.baseType());
            if (type == null) {
                return askBaseType(tc.baseType());
            }
            byte[] bytes = tc.value();
            if (bytes.length != type.size(addressSize)) {
                throw fail("the constant has " + bytes.length + " bytes, " + describe(type) + " has "
                        + type.size(addressSize));
            }
            push(Value.fromBytes(type, bytes, expr.byteOrder(), addressSize));
        } else if (operation instanceof Operation.Convert cv) {
            ValueType type = baseType(cv.baseType());
            if (type == null) {
                return askBaseType(cv.baseType());
            }
            push(pop().convert(type, addressSize));
        } else if (operation instanceof Operation.Reinterpret ri) {
            ValueType type = baseType(ri.baseType());
            if (type == null) {
                return askBaseType(ri.baseType());
            }
            push(pop().reinterpret(type, addressSize));
        } else if (operation instanceof Operation.Register r) {
            requireComposition();
            simpleLocation = new Location.Register(r.register());
        } else if (operation instanceof Operation.ImplicitValue iv) {
            requireComposition();
            simpleLocation = new Location.ImplicitValue(iv.value());
        } else if (operation instanceof Operation.StackValue) {
            requireComposition();
            simpleLocation = new Location.StackValue(pop());
        } else if (operation instanceof Operation.ImplicitPointer ip) {
            requireComposition();
            simpleLocation = new Location.ImplicitPointer(ip.infoOffset(), ip.byteOffset());
        } else if (operation instanceof Operation.Piece p) {
            piece(p);
        } else if (operation instanceof Operation.Uninitialized) {
            if (pc < expr.size()) {
                throw fail("must be the last operation");
            }
            uninitialized = true;
        } else if (operation instanceof Operation.EncodedAddress ea) {
            if ((ea.encoding() & 0xf0) != 0) {
                throw fail(String.format("pointer encoding 0x%02x is relative to a section or indirect; "
                        + "only absolute encodings are supported", ea.encoding()));
            }
            return new RequiresRelocatedAddress(ea.value());
        } else if (operation instanceof Operation.WasmLocation w) {
            return new EvaluationStep.RequiresWasmLocation(w.kind(), w.index());
        } else {
            throw new IllegalStateException("no rule for " + operation);
        }
        return null;
    }

    private void binary(int opcode) {
        need(2);
        Value rhs = pop();
        Value lhs = pop();
        int as = addressSize;
        push(switch (opcode) {
            case DwOp.DW_OP_plus -> lhs.plus(rhs, as);
            case DwOp.DW_OP_minus -> lhs.minus(rhs, as);
            case DwOp.DW_OP_mul -> lhs.mul(rhs, as);
            case DwOp.DW_OP_div -> lhs.div(rhs, as);
            case DwOp.DW_OP_mod -> lhs.mod(rhs, as);
            case DwOp.DW_OP_and -> lhs.and(rhs, as);
            case DwOp.DW_OP_or -> lhs.or(rhs, as);
            case DwOp.DW_OP_xor -> lhs.xor(rhs, as);
            case DwOp.DW_OP_shl -> lhs.shl(rhs, as);
            case DwOp.DW_OP_shr -> lhs.shr(rhs, as);
            case DwOp.DW_OP_shra -> lhs.shra(rhs, as);
            case DwOp.DW_OP_eq -> lhs.eq(rhs, as);
            case DwOp.DW_OP_ne -> lhs.ne(rhs, as);
            case DwOp.DW_OP_lt -> lhs.lt(rhs, as);
            case DwOp.DW_OP_le -> lhs.le(rhs, as);
            case DwOp.DW_OP_gt -> lhs.gt(rhs, as);
            case DwOp.DW_OP_ge -> lhs.ge(rhs, as);
            default -> throw new IllegalStateException("not a binary operation: " + DwOp.name(opcode));
        });
    }

    private Request deref(Operation.Deref d) {
        ValueType type = baseType(d.baseType());
        if (type == null) {
            return askBaseType(d.baseType());
        }
        if (d.size() < 1 || d.size() > type.size(addressSize)) {
            throw fail("cannot read " + d.size() + " bytes into " + describe(type) + " ("
                    + type.size(addressSize) + " bytes)");
        }
        need(d.addressSpace() ? 2 : 1);
        long address = pop().toAddress(addressSize);
        OptionalLong space = d.addressSpace() ? OptionalLong.of(pop().toAddress(addressSize)) : OptionalLong.empty();
        return new RequiresMemory(address, d.size(), space, type);
    }

    private void piece(Operation.Piece p) {
        Location location;
        if (simpleLocation != null) {
            location = simpleLocation;
        } else if (stack.isEmpty()) {
            location = new Location.OptimizedOut(); // DWARF 5 2.6.1.2: an empty piece
        } else {
            location = new Location.Address(pop().toAddress(addressSize));
        }
        pieces.add(new Piece(p.sizeInBits(), p.bitOffset(), location));
        simpleLocation = null;
        stackAtLastPiece = stack.size();
    }

    private Complete finish() {
        Location location;
        if (!pieces.isEmpty()) {
            if (simpleLocation != null || stack.size() > stackAtLastPiece) {
                throw EvaluationException.at(null, expr.length(),
                        "operations after the last DW_OP_piece are not followed by a piece");
            }
            location = new Location.Pieces(pieces);
        } else if (simpleLocation != null) {
            location = simpleLocation;
        } else if (stack.isEmpty()) {
            if (steps > 0) {
                throw EvaluationException.at(null, expr.length(), "the stack is empty: no address to return");
            }
            location = new Location.OptimizedOut(); // DWARF 5 2.6.1.1.1: an empty location description
        } else {
            location = new Location.Address(pop().toAddress(addressSize));
        }
        result = new Complete(location, uninitialized);
        state = State.DONE;
        return result;
    }

    // --- helpers ---

    /** DWARF 5 2.6.1.1.3/4: a register or implicit location is alone or the start of a piece. */
    private void requireComposition() {
        Operation next = nextOperation();
        if (next != null && !(next instanceof Operation.Piece) && !(next instanceof Operation.Uninitialized)) {
            throw fail("must end the expression or be followed by DW_OP_piece or DW_OP_bit_piece, not "
                    + next.name());
        }
    }

    private Operation nextOperation() {
        return pc < expr.size() ? expr.op(pc).operation() : null;
    }

    private void jump(int delta) {
        long target = (long) current.end() + delta;
        if (target < 0 || target > expr.length()) {
            throw fail("branch to 0x" + Long.toHexString(target) + " (" + (delta >= 0 ? "+" : "") + delta
                    + ") is outside the " + expr.length() + "-byte expression");
        }
        if (target == expr.length()) {
            pc = expr.size();
            return;
        }
        int index = expr.indexAt((int) target);
        if (index < 0) {
            throw fail("branch to 0x" + Long.toHexString(target) + " lands inside an operation");
        }
        pc = index;
    }

    /** The type of a base type DIE, or null when the caller must be asked first (0 is the generic type). */
    private ValueType baseType(long unitOffset) {
        return unitOffset == 0 ? ValueType.GENERIC : baseTypes.get(unitOffset);
    }

    /** Asks for a base type; the operation runs again once it is known. */
    private Request askBaseType(long unitOffset) {
        pc--;
        steps--;
        return new RequiresBaseType(unitOffset);
    }

    private void push(Value value) {
        stack.add(value.masked(addressSize));
    }

    private Value pop() {
        if (stack.isEmpty()) {
            throw fail("stack underflow: the stack is empty");
        }
        return stack.remove(stack.size() - 1);
    }

    private void need(int entries) {
        if (stack.size() < entries) {
            throw fail("stack underflow: needs " + entries + " entries, has " + stack.size());
        }
    }

    private static String describe(ValueType type) {
        return type.isGeneric() ? "the generic type" : "base type " + type.name().toLowerCase(Locale.ROOT);
    }

    private EvaluationException fail(String what) {
        return EvaluationException.at(current.operation(), current.offset(), what);
    }

    private EvaluationException failed(EvaluationException e) {
        failure = current == null ? e : e.locate(current.operation(), current.offset());
        state = State.FAILED;
        return failure;
    }

    /** The request being waited for, or null when the evaluator is not waiting. */
    private Request waitingFor() {
        return state == State.WAITING ? waiting : null;
    }

    private IllegalStateException wrongAnswer(String method) {
        return new IllegalStateException(method + " called, but the evaluator "
                + (state == State.WAITING ? "is waiting for an answer to " + waiting : "is " + state));
    }

    private EvaluationStep resume(Runnable apply) {
        try {
            apply.run();
        } catch (EvaluationException e) {
            throw failed(e);
        }
        waiting = null;
        return run();
    }

    private void requireState(State expected, String method) {
        if (state != expected) {
            throw new IllegalStateException(method + "() needs the evaluator " + expected + ", it is " + state);
        }
    }

    private EvaluationStep answer(Request request, EvaluationCallbacks cb) {
        try {
            if (request instanceof RequiresMemory m) {
                return resumeWithMemory(cb.readMemory(m.address(), m.size(), m.addressSpace(), m.type()));
            } else if (request instanceof RequiresRegister r) {
                return resumeWithRegister(cb.register(r.register(), r.type()));
            } else if (request instanceof RequiresFrameBase) {
                return resumeWithFrameBase(cb.frameBase());
            } else if (request instanceof RequiresTls t) {
                return resumeWithTls(cb.tlsAddress(t.offset()));
            } else if (request instanceof RequiresCallFrameCfa) {
                return resumeWithCallFrameCfa(cb.callFrameCfa());
            } else if (request instanceof RequiresAtLocation a) {
                return resumeWithAtLocation(cb.locationOf(a.die()));
            } else if (request instanceof RequiresEntryValue e) {
                return resumeWithEntryValue(cb.entryValue(e.expression()));
            } else if (request instanceof RequiresParameterRef p) {
                return resumeWithParameterRef(cb.parameterRef(p.unitOffset()));
            } else if (request instanceof RequiresVariableValue v) {
                return resumeWithVariableValue(cb.variableValue(v.infoOffset()));
            } else if (request instanceof RequiresRelocatedAddress ra) {
                return resumeWithRelocatedAddress(cb.relocate(ra.address()));
            } else if (request instanceof RequiresIndexedAddress ia) {
                return resumeWithIndexedAddress(cb.indexedAddress(ia.index(), ia.relocate()));
            } else if (request instanceof RequiresBaseType bt) {
                return resumeWithBaseType(cb.baseType(bt.unitOffset()));
            } else if (request instanceof RequiresObjectAddress) {
                return resumeWithObjectAddress(cb.objectAddress());
            } else if (request instanceof RequiresWasmLocation w) {
                return resumeWithWasmLocation(cb.wasmLocation(w.kind(), w.index()));
            }
            throw new IllegalStateException("no callback for " + request);
        } catch (EvaluationException e) {
            throw state == State.FAILED ? e : failed(e);
        }
    }
}
