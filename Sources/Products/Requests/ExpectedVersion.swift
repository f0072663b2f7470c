/// What a PUT or PATCH requires of the stored product, from `If-Match` and the body's `version`.
public enum ExpectedVersion: Sendable, Equatable {
    /// `If-Match: *`: the product must exist, whatever its version.
    case anyVersion
    case version(Int)
    /// `If-Match` and the body name different versions. Both are preconditions and the product is at one version,
    /// so they cannot both hold: answered like any stale version (409 with the current one, or 404), and nothing
    /// is written.
    case contradictory(ifMatch: Int, body: Int)

    /// `nil` when neither is given (428 for PUT and PATCH). With `If-Match: *` a body version is the stricter of
    /// the two and applies.
    public static func resolve(header: IfMatch.Condition?, body: Int?) -> ExpectedVersion? {
        switch (header, body) {
        case (.version(let inHeader)?, let inBody?) where inHeader != inBody:
            return .contradictory(ifMatch: inHeader, body: inBody)
        case (_, let inBody?):
            return .version(inBody)
        case (.version(let inHeader)?, nil):
            return .version(inHeader)
        case (.anyVersion?, nil):
            return .anyVersion
        case (nil, nil):
            return nil
        }
    }
}

extension IfMatch.Condition {
    /// The version the store must find, `nil` for any.
    var expectedVersion: Int? {
        if case .version(let version) = self { return version }
        return nil
    }
}
