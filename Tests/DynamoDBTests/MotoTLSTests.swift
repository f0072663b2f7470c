import HTTPTransport
import Testing

@testable import DynamoDB

/// The same client over HTTPS (moto under gunicorn, which keeps connections alive), trusting a CA the
/// peer made through the configuration's CA bundle path (the `AWS_CA_BUNDLE` route).
struct MotoTLSTests {
    let peer: MotoPeer

    init() throws { peer = try MotoPeer.tls.get() }

    @Test func warmCallsReuseOneConnection() throws {
        let client = try peer.client()
        let table = try peer.createTable(client)
        #expect(client.lastResponseReusedConnection == false)
        for index in 0..<5 {
            try client.putItem(PutItemInput(tableName: table, item: ["pk": .s("tls"), "sk": .s("\(index)")]))
            #expect(client.lastResponseReusedConnection == true)
        }
        let page = try client.query(QueryInput(
            tableName: table, keyConditionExpression: "pk = :pk", expressionAttributeValues: [":pk": .s("tls")]))
        #expect(page.count == 5)
        #expect(client.lastResponseReusedConnection == true)
        #expect(client.connectionsOpened == 1)
    }

    /// A second client trusting the same CA (as a new connection after a Lambda thaw, or another thread's
    /// client) resumes the TLS session the first one got from moto instead of a full handshake.
    @Test func aNewConnectionResumesTheTLSSession() throws {
        let configuration = HTTPClient.Configuration(additionalCABundlePath: peer.caBundle)
        let first = try HTTPClient(configuration: configuration).send(HTTPClientRequest(method: "GET", url: "\(peer.endpoint)/moto-api/"))
        let second = try HTTPClient(configuration: configuration).send(HTTPClientRequest(method: "GET", url: "\(peer.endpoint)/moto-api/"))
        #expect(first.status == 200)
        #expect(second.status == 200)
        #expect(!second.reusedConnection)
        #expect(second.resumedTLSSession)
    }

    @Test func sessionCredentialsWorkOverTLS() throws {
        let client = try peer.client(credentials: peer.session)
        let table = try peer.createTable(client)
        #expect(try client.describeTable(DescribeTableInput(tableName: table)).table.tableName == table)
    }

    @Test func untrustedCertificateIsRefused() throws {
        let client = try DynamoDBClient(configuration: peer.configuration(caBundle: .some(nil)))
        #expect(performing: { try client.describeTable(DescribeTableInput(tableName: "anything")) }, throws: { error in
            guard case .transport(let transportError) = error as? DynamoDBError else { return false }
            return transportError.kind == .tls
        })
        // Not retried: a refused certificate will not get better.
        #expect(client.retryExecutor.lastAttemptCount == 1)
    }
}
