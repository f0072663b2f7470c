import HTTPEvents

/// Which `Content-Type`s a write accepts: `application/json` and any `application/*+json`, with any
/// parameters, as long as a declared charset is UTF-8 (the only encoding JSON allows on the wire).
public enum MediaType {
    public static func isJSON(_ contentType: String) -> Bool {
        let parts = contentType.split(separator: ";", omittingEmptySubsequences: false)
        let essence = HTTPHeaders.trimmingOptionalWhitespace(parts[0]).lowercased()
        guard essence == "application/json" || (essence.hasPrefix("application/") && essence.hasSuffix("+json")) else {
            return false
        }
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, HTTPHeaders.trimmingOptionalWhitespace(pair[0]).lowercased() == "charset" else { continue }
            var charset = HTTPHeaders.trimmingOptionalWhitespace(pair[1]).lowercased()
            if charset.hasPrefix("\""), charset.hasSuffix("\""), charset.count >= 2 { charset = String(charset.dropFirst().dropLast()) }
            if charset != "utf-8" && charset != "utf8" { return false }
        }
        return true
    }
}
