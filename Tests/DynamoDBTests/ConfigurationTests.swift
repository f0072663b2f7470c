import Testing

@testable import DynamoDB

struct ConfigurationTests {
    static let minimal = ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "eu-west-1"]

    @Test func readsTheEnvironmentLikeAWS() throws {
        var env = Self.minimal
        env["AWS_SESSION_TOKEN"] = "token"
        env["AWS_CA_BUNDLE"] = "/tmp/ca.pem"
        let configuration = try DynamoDBConfiguration.fromEnvironment { env[$0] }
        #expect(configuration.region == "eu-west-1")
        #expect(configuration.credentials == Credentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "token"))
        #expect(configuration.endpoint.url == "https://dynamodb.eu-west-1.amazonaws.com/")
        #expect(configuration.endpoint.host == "dynamodb.eu-west-1.amazonaws.com")
        #expect(configuration.caBundlePath == "/tmp/ca.pem")
    }

    @Test func regionFallsBackToDefaultRegionAndEndpointsCanBeOverridden() throws {
        var env = Self.minimal
        env["AWS_REGION"] = ""
        env["AWS_DEFAULT_REGION"] = "us-west-2"
        env["AWS_ENDPOINT_URL"] = "http://localhost:8000"
        var configuration = try DynamoDBConfiguration.fromEnvironment { env[$0] }
        #expect(configuration.region == "us-west-2")
        #expect(configuration.endpoint.url == "http://localhost:8000/")
        #expect(configuration.endpoint.host == "localhost:8000")
        env["AWS_ENDPOINT_URL_DYNAMODB"] = "https://ddb.example.com:443"
        configuration = try DynamoDBConfiguration.fromEnvironment { env[$0] }
        #expect(configuration.endpoint.host == "ddb.example.com")
        #expect(configuration.endpoint.isSecure)
    }

    // template.yaml declares AWS_ENDPOINT_URL_DYNAMODB empty (so `sam local --env-vars` can set it): empty is unset.
    @Test func anEmptyEndpointVariableIsUnset() throws {
        var env = Self.minimal
        env["AWS_ENDPOINT_URL_DYNAMODB"] = ""
        #expect(try DynamoDBConfiguration.fromEnvironment { env[$0] }.endpoint.url == "https://dynamodb.eu-west-1.amazonaws.com/")
        env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566"
        #expect(try DynamoDBConfiguration.fromEnvironment { env[$0] }.endpoint.url == "http://127.0.0.1:4566/")
    }

    @Test(arguments: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"])
    func missingVariableIsNamed(_ name: String) {
        var env = Self.minimal
        env[name] = nil
        #expect(throws: DynamoDBConfigurationError.missingVariable(name)) { try DynamoDBConfiguration.fromEnvironment { env[$0] } }
        #expect(DynamoDBConfigurationError.missingVariable(name).description.contains(name))
    }

    @Test func badEndpointIsAConfigurationError() {
        var env = Self.minimal
        env["AWS_ENDPOINT_URL_DYNAMODB"] = "ftp://nope"
        #expect(throws: DynamoDBConfigurationError.invalidEndpoint("ftp://nope")) { try DynamoDBConfiguration.fromEnvironment { env[$0] } }
    }
}
