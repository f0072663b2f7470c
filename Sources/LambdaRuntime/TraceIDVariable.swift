#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `_X_AMZN_TRACE_ID`, which X-Ray's SDKs read, set once per invocation without leaking.
///
/// glibc's `setenv` never frees a value it stored (a caller may still hold the old pointer), so a fresh trace
/// id per invocation would cost ~160 bytes of heap each time, for ever: 16 MB per 100,000 invocations (the
/// soak test found it). Instead the entry lives in one buffer we own, handed to `putenv` and rewritten in
/// place; it is only reallocated when a longer id arrives, so its size is bounded by the longest id seen.
/// Not thread-safe, as the process environment itself is not.
final class TraceIDVariable {
    static let name = "_X_AMZN_TRACE_ID"
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0

    deinit {
        // environ may still point at the buffer: take the entry out before freeing it.
        if isExported { unsetenv(Self.name) }
        buffer?.deallocate()
    }

    /// Sets the variable to `value`, or removes it for nil.
    func set(_ value: String?) {
        guard let value else {
            unsetenv(Self.name)
            return
        }
        let entry = Array("\(Self.name)=\(value)".utf8CString)  // NUL-terminated
        if entry.count > capacity {
            let grown = UnsafeMutablePointer<CChar>.allocate(capacity: max(entry.count, 2 * capacity, 128))
            grown.initialize(from: entry, count: entry.count)
            putenv(grown)  // environ now holds `grown`; the old buffer is no longer referenced by it
            buffer?.deallocate()
            buffer = grown
            capacity = max(entry.count, 2 * capacity, 128)
            return
        }
        guard let buffer else { return }
        buffer.update(from: entry, count: entry.count)
        // Someone else may have set or removed the variable since (setenv replaces our entry): re-export.
        if !isExported { putenv(buffer) }
    }

    /// Whether the environment's entry is our buffer.
    private var isExported: Bool {
        guard let buffer, let current = getenv(Self.name) else { return false }
        return current == buffer + Self.name.utf8.count + 1
    }
}
