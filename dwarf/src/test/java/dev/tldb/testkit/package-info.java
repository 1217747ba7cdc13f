/**
 * The shared test kit: sample programs, their cores, and stock tools as ground truth.
 * Published in tldb-dwarf's test-jar; other modules depend on it with
 * {@code <type>test-jar</type>}.
 *
 * <ul>
 *   <li>{@link dev.tldb.testkit.Samples}: builds a variant of {@code samples/} on demand
 *       ({@code Samples.variant("x86_64-glibc-pie")}) and enumerates variants from the Makefile
 *       ({@code Samples.variantNames(VariantInfo::isRuntime)}).</li>
 *   <li>{@link dev.tldb.testkit.SampleCores}: a cached core plus the program's report of that
 *       run ({@code SampleCores.core("x86_64-glibc-pie", CoreKind.GCORE)}).</li>
 *   <li>{@link dev.tldb.testkit.SampleRuns}: runs a variant to its trap without a core.</li>
 *   <li>{@link dev.tldb.testkit.ProgramOutput}: the program's self-report: per thread (index,
 *       LWP) the value of every expression exactly as gdb prints it, {@code &expr}, and the
 *       dlopen'ed variables it never touched.</li>
 *   <li>{@link dev.tldb.testkit.Gdb}, {@link dev.tldb.testkit.Readelf}: stock gdb / binutils in
 *       batch mode with timeouts; {@link dev.tldb.testkit.GdbValues}: gdb's value formats.</li>
 *   <li>{@link dev.tldb.testkit.Tools}: a missing tool skips a test, or fails it under
 *       {@code CI=true}.</li>
 * </ul>
 *
 * Typical use:
 * <pre>{@code
 * SampleCore core = SampleCores.core("x86_64-glibc-pie", CoreKind.KERNEL);
 * for (ThreadReport t : core.output().threads()) {
 *     String expected = t.value("tls_int").orElseThrow();   // e.g. "102" in thread 2
 *     long address = t.address("tls_int").orElseThrow();
 *     // ... ask tldb for tls_int in LWP t.lwp() of core.core(), compare
 * }
 * }</pre>
 */
package dev.tldb.testkit;
