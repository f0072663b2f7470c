#if canImport(Glibc)
import Glibc
#endif

#if FUZZING
/// libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer): the executables keep their own `main`, which
/// SwiftPM needs, and hand the command line to it.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif

/// What each fuzz executable runs: libFuzzer in a fuzzing build, a replay of the named files otherwise.
public enum FuzzMain {
    /// The entry point libFuzzer calls back into; a C callback cannot capture it.
    nonisolated(unsafe) private static var target: ((UnsafeRawBufferPointer) -> Void)?

    public static func run(_ target: @escaping (UnsafeRawBufferPointer) -> Void) -> Never {
        #if FUZZING
        Self.target = target
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            FuzzMain.target?(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        })
        #else
        FuzzReplay.run(target)
        exit(0)
        #endif
    }
}
