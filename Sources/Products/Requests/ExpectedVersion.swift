/// The version a PUT, PATCH or DELETE expects, from `If-Match` or the body's `version`.
public enum ExpectedVersion {
    /// Both given and different is a 400; neither is left to the caller (428 for PUT and PATCH).
    public static func resolve(header: Int?, body: Int?, _ errors: inout FieldErrors) -> Int? {
        if let header, let body, header != body {
            errors.add(ProductAttributes.version, "is \(body) but If-Match says \(header); send one or make them agree")
            return nil
        }
        return header ?? body
    }
}
