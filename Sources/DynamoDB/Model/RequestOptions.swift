/// What a write returns about the item (`ReturnValues`).
public enum ReturnValues: String, Sendable, Equatable {
    case none = "NONE"
    case allOld = "ALL_OLD"
    case updatedOld = "UPDATED_OLD"
    case allNew = "ALL_NEW"
    case updatedNew = "UPDATED_NEW"
}

/// Whether a failed condition returns the item as it was (`ReturnValuesOnConditionCheckFailure`).
public enum ReturnValuesOnConditionCheckFailure: String, Sendable, Equatable {
    case none = "NONE"
    case allOld = "ALL_OLD"
}

/// Which attributes a Query or Scan returns (`Select`).
public enum Select: String, Sendable, Equatable {
    case allAttributes = "ALL_ATTRIBUTES"
    case allProjectedAttributes = "ALL_PROJECTED_ATTRIBUTES"
    case specificAttributes = "SPECIFIC_ATTRIBUTES"
    case count = "COUNT"
}
