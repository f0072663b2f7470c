import Synchronization

/// The first invocation an environment serves is its cold start, whichever worker serves it.
package final class ColdStart: Sendable {
    private let pending = Atomic(true)

    public init() {}

    /// True exactly once per instance, however many threads ask at the same time.
    public func claim() -> Bool {
        pending.load(ordering: .relaxed) && pending.exchange(false, ordering: .relaxed)
    }
}
