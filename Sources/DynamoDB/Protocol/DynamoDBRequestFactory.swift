import Codec
import HTTPTransport

/// Builds signed DynamoDB requests without touching the network: `POST /`, JSON 1.0 body, `X-Amz-Target`.
/// Not thread-safe (the signer caches the day's key); each client owns one.
package final class DynamoDBRequestFactory {
    public let endpoint: Endpoint
    public let signer: SigV4Signer

    public static let targetPrefix = "DynamoDB_20120810."
    public static let contentType = "application/x-amz-json-1.0"

    public init(configuration: DynamoDBConfiguration) {
        endpoint = configuration.endpoint
        signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "dynamodb")
    }

    public func makeRequest<Operation: DynamoDBOperation>(
        _ operation: Operation, epochMilliseconds: Int64, timeoutMilliseconds: Int? = nil
    ) -> HTTPClientRequest {
        makeRequest(target: Operation.name, body: JSON.object(operation.requestBody()).serialized(),
            epochMilliseconds: epochMilliseconds, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// For operations this module does not model (CreateTable in a test set-up, say).
    public func makeRequest(
        target: String, body: [UInt8], epochMilliseconds: Int64, timeoutMilliseconds: Int? = nil
    ) -> HTTPClientRequest {
        var headers: [(name: String, value: String)] = [
            (name: "Host", value: endpoint.host),
            (name: "Content-Type", value: Self.contentType),
            (name: "X-Amz-Target", value: Self.targetPrefix + target),
        ]
        signer.sign(method: "POST", headers: &headers, body: body, epochMilliseconds: epochMilliseconds)
        return HTTPClientRequest(method: "POST", url: endpoint.url, headers: headers, body: body,
            timeoutMilliseconds: timeoutMilliseconds)
    }
}
