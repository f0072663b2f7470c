/// Client text quoted back in an error message (a path, a method, an id, a media type). Cut short, since the
/// message is JSON-escaped twice on its way out (the body, then the response document): an event's 3 MB path
/// would otherwise come back as more than Lambda's 6 MB response limit, and the client would get a 502.
public enum Echo {
    /// The longest excerpt, in Unicode scalars, before it is cut with an ellipsis.
    public static let maximumScalars = 200

    /// The text itself, or its first `maximumScalars` Unicode scalars and "…".
    public static func excerpt(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > maximumScalars else { return text }
        var cut = String.UnicodeScalarView()
        cut.append(contentsOf: scalars.prefix(maximumScalars))
        return String(cut) + "…"
    }
}
