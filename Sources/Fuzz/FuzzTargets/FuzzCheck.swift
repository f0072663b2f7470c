/// The fuzz entry points (one per libFuzzer executable in Sources/Fuzz/Fuzz*/Fuzz*.swift). Each takes any bytes,
/// must never crash or hang, and checks invariants with `FuzzCheck.require`: a broken one stops the process,
/// which libFuzzer reports as a finding (and AddressSanitizer reports any memory error on the way).
/// Tests/FuzzTargetsTests replays the seed corpora and every past finding through the same entry points.
public enum FuzzCheck {
    public static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("fuzz invariant broken: \(message())") }
    }
}

extension UnsafeRawBufferPointer {
    var bytes: [UInt8] { Array(self) }
}
