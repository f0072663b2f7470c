// The fuzz-... executable for FuzzTargets.token: built with -DFUZZING -sanitize=fuzzer,address (mk/inputs.mk) it
// is a libFuzzer binary; a normal build replays the files named on its command line.
import FuzzTargets

/// What libFuzzer calls for each input (from its own main, or from the driver FuzzMain starts).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.token(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

@main enum FuzzToken {
    static func main() { FuzzMain.run(FuzzTargets.token) }
}
