import AWSSigning
import Codec
import Testing
import TestPeers
@testable import SecretsManager

/// GetSecretValue against moto's Secrets Manager with IAM auth on: signed requests from our SigV4 signer are
/// accepted, the policy is enforced, bad keys are refused.
@Suite(.serialized) struct GetSecretValueTests {
    struct Peer: @unchecked Sendable {
        let process: PythonPeer
        let ready: JSON
        func string(_ name: String) -> String { ready[name]?.stringValue ?? "" }
    }

    static let peer = Result { () throws -> Peer in
        let process = try PythonPeer(script: "Tests/SecretsManagerTests/Peers/secrets_peer.py")
        return Peer(process: process, ready: try JSON.parse(process.readyLine))
    }

    func client(secret: String? = nil, otherUser: Bool = false) throws -> (SecretsManagerClient, Peer) {
        let peer = try Self.peer.get()
        let credentials = otherUser
            ? Credentials(accessKeyID: peer.string("otherAccessKeyId"), secretAccessKey: peer.string("otherSecretAccessKey"))
            : Credentials(accessKeyID: peer.string("accessKeyId"), secretAccessKey: secret ?? peer.string("secretAccessKey"))
        let client = SecretsManagerClient(region: peer.string("region"), credentials: credentials, endpoint: try Endpoint(peer.string("endpoint")))
        return (client, peer)
    }

    var deadline: Int64 { UTCTime.nowMilliseconds() + 10_000 }

    @Test func readsTheSecretItIsAllowedToRead() throws {
        let (client, peer) = try client()
        #expect(try client.secretString(id: peer.string("allowedArn"), deadline: deadline) == peer.string("value"))
        // Again over the kept-alive connection.
        #expect(try client.secretString(id: peer.string("allowedArn"), deadline: deadline) == peer.string("value"))
    }

    @Test func anIdentityWithoutThePermissionIsDenied() throws {
        let (client, peer) = try client(otherUser: true)
        let error = #expect(throws: SecretsManagerError.self) { try client.secretString(id: peer.string("allowedArn"), deadline: deadline) }
        #expect(error?.status == 403)
        #expect(error?.isRetryable == false)
        #expect(error?.description.contains(peer.string("value")) == false)
    }

    @Test func aWrongSecretKeyIsRefused() throws {
        let (client, peer) = try client(secret: "wrong-secret-access-key")
        let error = #expect(throws: SecretsManagerError.self) { try client.secretString(id: peer.string("allowedArn"), deadline: deadline) }
        #expect(error?.status == 403)
        #expect(error?.isRetryable == false)
    }

    @Test func theEndpointOverrideIsReadLikeTheSDKs() throws {
        let override = try SecretsManagerClient.endpointOverride {
            ["AWS_ENDPOINT_URL_SECRETS_MANAGER": "http://127.0.0.1:4566", "AWS_ENDPOINT_URL": "http://127.0.0.1:1"][$0]
        }
        #expect(override?.url == "http://127.0.0.1:4566/")
        #expect(try SecretsManagerClient.endpointOverride { ["AWS_ENDPOINT_URL": "https://local.example"][$0] }?.host == "local.example")
        #expect(try SecretsManagerClient.endpointOverride { _ in nil } == nil)
        // Declared empty in template.yaml (for `sam local --env-vars`): empty is unset.
        #expect(try SecretsManagerClient.endpointOverride { ["AWS_ENDPOINT_URL_SECRETS_MANAGER": ""][$0] } == nil)
        #expect(try SecretsManagerClient.endpointOverride {
            ["AWS_ENDPOINT_URL_SECRETS_MANAGER": "", "AWS_ENDPOINT_URL": "http://127.0.0.1:4566"][$0]
        }?.url == "http://127.0.0.1:4566/")
        #expect(SecretsManagerClient(region: "eu-west-1", credentials: Credentials(accessKeyID: "a", secretAccessKey: "b")).endpoint.url
            == "https://secretsmanager.eu-west-1.amazonaws.com/")
    }
}
