import Codec
import SecretsManager
import Synchronization
import Telemetry

/// The cursor codec and where its key comes from: `CURSOR_SECRET` (local use), or the Secrets Manager secret
/// `CURSOR_SECRET_ARN`, read on the first request that needs it (never at init) and kept for the process;
/// without either, a key derived from the table name. Every key is made on the first request that needs it:
/// its HMAC (and OpenSSL's first digest fetch) would cost init ~1.4 M instructions. Thread-safe: the codec's
/// HMAC reuses one digest context, so every use holds the lock.
public final class CursorKeys: Sendable {
    private let tableName: String
    private let fixedSecret: String?
    private let secretSource: (arn: String, client: SecretsManagerClient)?
    private let lock = Mutex(())
    /// Read and written only while holding `lock`.
    nonisolated(unsafe) private var codec: CursorCodec?

    public init(secret: String?, tableName: String) {
        self.tableName = tableName
        fixedSecret = secret
        secretSource = nil
        codec = nil
    }

    public init(secretARN: String, client: SecretsManagerClient, tableName: String) {
        self.tableName = tableName
        fixedSecret = nil
        secretSource = (secretARN, client)
        codec = nil
    }

    /// Whether the key is known without a network call (always true for a fixed key).
    public var isLoaded: Bool { lock.withLock { _ in codec != nil || secretSource == nil } }

    /// Runs `body` with the codec, reading the key first if needed; that read is reported to `telemetry`.
    func withCodec<Result>(
        deadline: Int64, telemetry: InvocationTelemetry? = nil, _ body: (CursorCodec) throws(ProductsError) -> Result
    ) throws(ProductsError) -> Result {
        try lock.withLock { _ throws(ProductsError) -> Result in
            if codec == nil, let (arn, client) = secretSource {
                do throws(SecretsManagerError) {
                    let secret = try SecretsManagerTelemetry.getSecretValue(arn, from: client, deadline: deadline, telemetry: telemetry)
                    guard !secret.isEmpty else { throw SecretsManagerError(code: "EmptySecret", "the secret \(arn) is empty") }
                    codec = CursorCodec(secret: secret, tableName: tableName)
                } catch {
                    throw .cursorKeyUnavailable(error.description)
                }
            }
            if codec == nil { codec = CursorCodec(secret: fixedSecret, tableName: tableName) }
            return try body(codec!)
        }
    }
}
