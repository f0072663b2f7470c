/// What a request needs from its caller.
public enum Access: Sendable, Equatable {
    case read
    case write
}

/// Which callers may read and write. Writes need `writeScope` (or membership in `writeGroup`); reads are
/// public unless `readScope` is set, in which case the read scope or the write permission grants them.
public struct AccessPolicy: Sendable, Equatable {
    public static let defaultWriteScope = "products/write"

    public var writeScope: String
    public var writeGroup: String?
    public var readScope: String?

    public init(writeScope: String = AccessPolicy.defaultWriteScope, writeGroup: String? = nil, readScope: String? = nil) {
        self.writeScope = writeScope
        self.writeGroup = writeGroup
        self.readScope = readScope
    }

    /// Whether `access` needs a token at all.
    public func requiresToken(_ access: Access) -> Bool { access == .write || readScope != nil }

    /// The scope to name in a 403's `WWW-Authenticate`.
    public func scope(for access: Access) -> String { access == .read ? readScope ?? writeScope : writeScope }

    public func allows(_ caller: Caller, _ access: Access) -> Bool {
        let writes = caller.scopes.contains(writeScope) || writeGroup.map(caller.groups.contains) == true
        switch access {
        case .write: return writes
        case .read: return readScope.map { caller.scopes.contains($0) || writes } ?? true
        }
    }
}
