import Codec
import DynamoDB
import Foundation
import HTTPTransport
import TestPeers

/// moto's DynamoDB with IAM auth on, started by `Peers/moto_peer.py` once per test process. It serves
/// until this process exits (closing the script's stdin stops it). Failing to start is a test failure.
final class MotoPeer: @unchecked Sendable {
    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    let endpoint: String
    let region: String
    let user: Credentials
    let session: Credentials
    let caBundle: String?
    private let peer: PythonPeer

    static let plain = Result { try MotoPeer(mode: ["plain"]) }
    static let tls = Result { () throws -> MotoPeer in
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dynamodb-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try MotoPeer(mode: ["tls", directory.path])
    }

    private init(mode: [String]) throws {
        peer = try PythonPeer(script: "Tests/DynamoDBTests/Peers/moto_peer.py", arguments: mode)
        // The first line is the JSON description of the ready server.
        guard let ready = try? JSON.parse(peer.readyLine), let endpoint = ready["endpoint"]?.stringValue,
            let key = ready["accessKeyId"]?.stringValue, let secret = ready["secretAccessKey"]?.stringValue,
            let sessionKey = ready["sessionAccessKeyId"]?.stringValue, let sessionSecret = ready["sessionSecretAccessKey"]?.stringValue,
            let token = ready["sessionToken"]?.stringValue
        else { throw StartError(description: "unexpected moto peer output: \(peer.readyLine)") }
        self.endpoint = endpoint
        self.region = ready["region"]?.stringValue ?? "us-east-1"
        self.user = Credentials(accessKeyID: key, secretAccessKey: secret)
        self.session = Credentials(accessKeyID: sessionKey, secretAccessKey: sessionSecret, sessionToken: token)
        self.caBundle = ready["caBundle"]?.stringValue
    }

    func configuration(credentials: Credentials? = nil, caBundle: String?? = nil, policy: RetryPolicy = RetryPolicy(maxAttempts: 2)) throws -> DynamoDBConfiguration {
        DynamoDBConfiguration(
            region: region, credentials: credentials ?? user, endpoint: try Endpoint(endpoint),
            caBundlePath: caBundle ?? self.caBundle, retryPolicy: policy)
    }

    func client(credentials: Credentials? = nil) throws -> DynamoDBClient {
        try DynamoDBClient(configuration: configuration(credentials: credentials))
    }

    /// A fresh table (pk, sk: strings) per test, created with a signed CreateTable request.
    func createTable(_ client: DynamoDBClient, prefix: String = "t") throws -> String {
        let name = "\(prefix)-\(UUID().uuidString.prefix(8))"
        let body: JSON = [
            "TableName": .string(name),
            "AttributeDefinitions": [["AttributeName": "pk", "AttributeType": "S"], ["AttributeName": "sk", "AttributeType": "S"]],
            "KeySchema": [["AttributeName": "pk", "KeyType": "HASH"], ["AttributeName": "sk", "KeyType": "RANGE"]],
            "BillingMode": "PAY_PER_REQUEST",
        ]
        _ = try client.send(target: "CreateTable", body: body)
        return name
    }
}
