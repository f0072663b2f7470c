import HTTPEvents

/// `If-Match` on PUT, PATCH and DELETE: `*` (RFC 9110: any current representation) or one version as an
/// entity tag, `"3"`, also accepted as `3` or `W/"3"` (our ETags are versions, so a weak tag names the
/// same version). The exact grammar is `pattern` (docs/openapi.yaml says the same); lists are refused:
/// a write names the one version it saw.
public enum IfMatch {
    public static let header = "If-Match"
    /// Versions are positive and fit an `Int` with room to spare: 1 to 18 digits, no leading zero.
    public static let maximumVersionDigits = 18
    /// The documented form, after the optional whitespace HTTP allows around a field value.
    public static let pattern = #"^(\*|(W/)?"[1-9][0-9]{0,17}"|[1-9][0-9]{0,17})$"#

    public enum Condition: Sendable, Equatable {
        /// `*`: the product must exist, whatever its version.
        case anyVersion
        case version(Int)
    }

    /// `nil` with an error added when the header is present but not `*` or one version.
    public static func condition(from value: String, _ errors: inout FieldErrors) -> Condition? {
        var text = Substring(HTTPHeaders.trimmingOptionalWhitespace(Substring(value)))
        if text == "*" { return .anyVersion }
        if text.hasPrefix("W/\"") { text = text.dropFirst(2) }
        if text.count >= 2, text.first == "\"", text.last == "\"" { text = text.dropFirst().dropLast() }
        guard (1...maximumVersionDigits).contains(text.utf8.count), text.utf8.first != UInt8(ascii: "0"),
            text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), let version = Int(text)
        else {
            errors.add(header, "must be * or one version as an entity tag, e.g. \"3\"")
            return nil
        }
        return .version(version)
    }
}
