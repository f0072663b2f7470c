import AWSSigning
import Codec
import HTTPTransport
import Synchronization

/// Why a secret could not be read; the message names the cause, never the secret.
public struct SecretsManagerError: Error, Sendable, CustomStringConvertible {
    public let code: String
    public let description: String
    /// The HTTP status when the service answered (403 for a refused identity or permission).
    public let status: Int?
    /// Worth another attempt (network failure, throttling, 5xx).
    public let isRetryable: Bool

    public init(code: String, _ description: String, status: Int? = nil, isRetryable: Bool = false) {
        self.code = code
        self.description = description
        self.status = status
        self.isRetryable = isRetryable
    }
}

/// AWS Secrets Manager's `GetSecretValue` (JSON protocol 1.1, `X-Amz-Target: secretsmanager.GetSecretValue`),
/// signed with our SigV4 signer over the shared libcurl client. Cheap to build (no network); one call at a time.
public final class SecretsManagerClient: Sendable {
    public static let target = "secretsmanager.GetSecretValue"
    public static let contentType = "application/x-amz-json-1.1"
    public static let attemptTimeoutMilliseconds: Int64 = 3000
    public static let maximumAttempts = 2

    public let endpoint: Endpoint
    private let caBundlePath: String?
    private struct Connection {
        let signer: SigV4Signer
        var http: HTTPClient?
    }
    private let connection: Mutex<Connection>

    public init(region: String, credentials: Credentials, endpoint: Endpoint? = nil, caBundlePath: String? = nil) {
        self.endpoint = endpoint ?? .aws(service: "secretsmanager", region: region)
        self.caBundlePath = caBundlePath
        connection = Mutex(Connection(signer: SigV4Signer(credentials: credentials, region: region, service: "secretsmanager")))
    }

    /// `AWS_ENDPOINT_URL_SECRETS_MANAGER`, else `AWS_ENDPOINT_URL`, as the AWS SDKs read them; `nil` for AWS's own.
    public static func endpointOverride(_ environment: (String) -> String? = Environment.value) throws(InvalidEndpoint) -> Endpoint? {
        for name in ["AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL"] {
            if let text = environment(name), !text.isEmpty { return try Endpoint(text) }
        }
        return nil
    }

    /// What one `GetSecretValue` call did, for its caller's metrics and trace.
    public struct Call: Sendable {
        public var result: Result<String, SecretsManagerError>
        public var attempts = 0
        /// The last HTTP status received, if any.
        public var lastStatus: Int?
        /// `x-amzn-RequestId` of the last answer.
        public var requestID: String?
    }

    /// The secret's `SecretString` (current version). `deadline` is epoch milliseconds.
    public func secretString(id: String, deadline: Int64) throws(SecretsManagerError) -> String {
        try getSecretValue(id: id, deadline: deadline).result.get()
    }

    /// `secretString`, and how the call went; `traceHeader` goes on each attempt as `X-Amzn-Trace-Id`.
    public func getSecretValue(id: String, deadline: Int64, traceHeader: String? = nil) -> Call {
        let body = JSON.object(JSONObject([("SecretId", .string(id))])).serialized()
        var call = Call(result: .failure(SecretsManagerError(code: "NotAttempted", "no attempt was made")))
        while true {
            call.attempts += 1
            do {
                call.result = .success(try send(body, deadline: deadline, traceHeader: traceHeader, into: &call))
                return call
            } catch {
                call.result = .failure(error)
                guard error.isRetryable && call.attempts < Self.maximumAttempts else { return call }
            }
        }
    }

    private func send(_ body: [UInt8], deadline: Int64, traceHeader: String?, into call: inout Call) throws(SecretsManagerError) -> String {
        let now = UTCTime.nowMilliseconds()
        let timeout = min(Self.attemptTimeoutMilliseconds, deadline - now)
        guard timeout > 0 else { throw SecretsManagerError(code: "DeadlineExceeded", "no time left to read the secret") }
        let response = try connection.withLock { (connection) throws(SecretsManagerError) -> HTTPClientResponse in
            var headers: [(name: String, value: String)] = [
                (name: "Host", value: endpoint.host), (name: "Content-Type", value: Self.contentType),
                (name: "X-Amz-Target", value: Self.target),
            ]
            if let traceHeader { headers.append((name: "X-Amzn-Trace-Id", value: traceHeader)) }
            connection.signer.sign(method: "POST", headers: &headers, body: body, epochMilliseconds: now)
            let request = HTTPClientRequest(method: "POST", url: endpoint.url, headers: headers, body: body, timeoutMilliseconds: Int(timeout))
            do throws(HTTPClientError) {
                if connection.http == nil {
                    connection.http = try HTTPClient(configuration: HTTPClient.Configuration(additionalCABundlePath: caBundlePath))
                }
                return try connection.http!.send(request)
            } catch {
                connection.http = nil
                throw SecretsManagerError(code: "Transport", "Secrets Manager at \(endpoint.host): \(error.description)", isRetryable: error.kind != .tls)
            }
        }
        call.lastStatus = response.status
        call.requestID = response.header("x-amzn-RequestId")
        let document = (try? JSON.parse(response.body))?.objectValue
        guard response.status == 200 else {
            let type = document?["__type"]?.stringValue ?? response.header("x-amzn-ErrorType") ?? "HTTP\(response.status)"
            let code = String(type.split(separator: "#").last ?? Substring(type))
            let message = document?["message"]?.stringValue ?? document?["Message"]?.stringValue ?? ""
            throw SecretsManagerError(
                code: code, "GetSecretValue failed: HTTP \(response.status) \(code) \(message)", status: response.status,
                isRetryable: response.status >= 500 || code == "ThrottlingException")
        }
        guard let secret = document?["SecretString"]?.stringValue else {
            throw SecretsManagerError(code: "NoSecretString", "the secret has no SecretString (binary secrets are not supported)")
        }
        return secret
    }
}
