/// The path routes match against: percent-decoded, starting with `/`, stage prefix removed.
enum RequestPath {
    /// `stage` is API Gateway's `requestContext.stage`: `/{stage}/…` is dropped from the front unless the
    /// stage is `$default`, which never appears in paths.
    static func normalize(_ raw: String, stage: String?) -> String {
        var path = PercentDecoding.decode(raw, plusIsSpace: false)
        if !path.hasPrefix("/") { path = "/" + path }
        guard let stage, !stage.isEmpty, stage != "$default" else { return path }
        let prefix = "/" + stage
        if path == prefix { return "/" }
        if path.hasPrefix(prefix + "/") { return String(path.dropFirst(prefix.count)) }
        return path
    }
}
