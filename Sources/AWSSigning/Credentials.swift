/// AWS credentials. Lambda always runs with temporary ones, so `sessionToken` is normally set.
public struct Credentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

extension Credentials: CustomStringConvertible {
    /// Never prints the secret or the token.
    public var description: String { "Credentials(\(accessKeyID), session token: \(sessionToken == nil ? "no" : "yes"))" }
}
