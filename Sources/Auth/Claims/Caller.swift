/// Who a verified token speaks for, and what it may do.
public struct Caller: Sendable, Equatable {
    /// `sub`, or `client_id` for a machine token without one: what `createdBy`/`updatedBy` record.
    public let id: String
    public let clientID: String?
    public let scopes: [String]
    /// Cognito's `cognito:groups`.
    public let groups: [String]

    public init(id: String, clientID: String? = nil, scopes: [String] = [], groups: [String] = []) {
        self.id = id
        self.clientID = clientID
        self.scopes = scopes
        self.groups = groups
    }
}
