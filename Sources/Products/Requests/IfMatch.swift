import HTTPEvents

/// The expected version from `If-Match`: `"3"`, `3` or `W/"3"` (our ETags are versions, so a weak tag
/// names the same version). Lists and `*` are refused: a write must say which version it saw.
public enum IfMatch {
    public static let header = "If-Match"

    /// `nil` with an error added when the header is present but not one version.
    public static func version(from value: String, _ errors: inout FieldErrors) -> Int? {
        var text = Substring(HTTPHeaders.trimmingOptionalWhitespace(Substring(value)))
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.count >= 2, text.first == "\"", text.last == "\"" { text = text.dropFirst().dropLast() }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let version = Int(text),
            (1...FieldRules.maximumVersion).contains(version)
        else {
            errors.add(header, "must be one version as an entity tag, e.g. \"3\"")
            return nil
        }
        return version
    }
}
