#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Process environment, read on demand. Configuration readers take a `(String) -> String?` whose default is
/// `Environment.value`, so tests can hand them a dictionary instead.
public enum Environment {
    public static func value(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        return String(cString: raw)
    }
}
