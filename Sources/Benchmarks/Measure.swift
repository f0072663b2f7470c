import Codec

/// Times `iterations` runs of `body` after `warmUp` untimed ones; prints and returns µs per run.
@discardableResult
func measure(_ label: String, warmUp: Int = 2_000, iterations: Int = 50_000, _ body: () -> Void) -> Double {
    for _ in 0..<warmUp { body() }
    let start = UTCTime.monotonicNanoseconds()
    for _ in 0..<iterations { body() }
    let elapsed = UTCTime.monotonicNanoseconds() - start
    let microseconds = Double(elapsed) / Double(iterations) / 1000
    let rounded = (microseconds * 100).rounded() / 100
    print("\(label): \(rounded) µs/op over \(iterations) iterations")
    return microseconds
}
