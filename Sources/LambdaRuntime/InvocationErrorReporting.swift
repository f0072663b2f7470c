extension InvocationError {
    /// Lambda's name for a response bigger than its payload limit (the Runtime API answered 413).
    public static let responseSizeTooLargeType = "Function.ResponseSizeTooLarge"
    /// What an initialisation failure is called unless the error chose its own type.
    public static let initErrorType = "Runtime.InitError"

    /// How a thrown error is reported: an `InvocationError` as it is, anything else by its Swift type name
    /// and its description.
    public init(reporting error: any Error) {
        if let chosen = error as? InvocationError {
            self = chosen
        } else {
            self.init(errorType: String(describing: type(of: error)), errorMessage: String(describing: error))
        }
    }

    /// An initialisation failure: `Runtime.InitError` unless the error is an `InvocationError`.
    public init(reportingInitFailure error: any Error) {
        if let chosen = error as? InvocationError {
            self = chosen
        } else {
            self.init(
                errorType: InvocationError.initErrorType,
                errorMessage: "initialization failed: \(String(describing: type(of: error))): \(String(describing: error))")
        }
    }
}
