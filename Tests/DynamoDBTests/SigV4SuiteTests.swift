import Foundation
import Testing

@testable import DynamoDB

/// The AWS SigV4 test suite (botocore's copy): canonical request, string to sign and Authorization must
/// each match exactly, for every case.
struct SigV4SuiteTests {
    static let suiteRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/sigv4").standardized
    static let time: Int64 = 1_440_938_160_000  // 2015-08-30T12:36:00Z
    static let suiteCredentials = Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    /// Every folder holding a `<name>.req`, relative to the suite root.
    static let cases: [String] = {
        let enumerator = FileManager.default.enumerator(atPath: suiteRoot.path)!
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".req") }
            .map { ($0 as NSString).deletingLastPathComponent }.sorted()
    }()

    @Test func suiteIsPresentAndComplete() {
        // 34 request files: 29 top-level entries, with normalize-path/ and post-sts-token/ holding several each.
        #expect(Self.cases.count == 34)
    }

    @Test(arguments: cases)
    func signsLikeTheSuite(_ path: String) throws {
        let name = (path as NSString).lastPathComponent
        let folder = Self.suiteRoot.appendingPathComponent(path)
        func read(_ ext: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent("\(name).\(ext)"), encoding: .utf8)
        }
        var request = try SuiteRequest(parsing: read("req"))
        // get-vanilla-with-session-token signs a token its .req does not carry: the signer adds it.
        var credentials = Self.suiteCredentials
        if name == "get-vanilla-with-session-token" {
            credentials.sessionToken = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
        }
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
        let signature = signer.sign(
            method: request.method, path: request.path, query: request.query, headers: &request.headers,
            body: Array(request.body.utf8), epochMilliseconds: Self.time)
        #expect(signature.canonicalRequest == (try read("creq")))
        #expect(signature.stringToSign == (try read("sts")))
        #expect(signature.authorization == (try read("authz")))
        #expect(request.headers.last?.name == "Authorization")
        #expect(request.headers.last?.value == signature.authorization)
        if name == "get-vanilla-with-session-token" {
            #expect(request.headers.contains { $0.name == "X-Amz-Security-Token" && $0.value == credentials.sessionToken })
        }
    }

    /// post-sts-header-after: the token is added after signing, so it is not part of the signature.
    @Test func tokenAddedAfterSigningIsNotSigned() throws {
        let folder = Self.suiteRoot.appendingPathComponent("post-sts-token/post-sts-header-after")
        let sreq = try String(contentsOf: folder.appendingPathComponent("post-sts-header-after.sreq"), encoding: .utf8)
        var request = try SuiteRequest(parsing: String(contentsOf: folder.appendingPathComponent("post-sts-header-after.req"), encoding: .utf8))
        let signer = SigV4Signer(credentials: Self.suiteCredentials, region: "us-east-1", service: "service")
        let signature = signer.sign(method: "POST", headers: &request.headers, body: [], epochMilliseconds: Self.time)
        #expect(sreq.contains("Authorization: \(signature.authorization)"))
        #expect(!signature.canonicalRequest.contains("x-amz-security-token"))
    }

    @Test func sessionTokenIsSignedWhenTheCredentialsHaveOne() {
        let token = "AQoDYXdzEPT//////////wEXAMPLE"
        let signer = SigV4Signer(
            credentials: Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: token),
            region: "eu-west-1", service: "dynamodb")
        var headers: [(name: String, value: String)] = [(name: "Host", value: "dynamodb.eu-west-1.amazonaws.com")]
        let signature = signer.sign(method: "POST", headers: &headers, body: Array("{}".utf8), epochMilliseconds: Self.time)
        #expect(headers.contains { $0.name == "X-Amz-Security-Token" && $0.value == token })
        #expect(headers.contains { $0.name == "X-Amz-Date" && $0.value == "20150830T123600Z" })
        #expect(signature.canonicalRequest.contains("\nx-amz-security-token:\(token)\n"))
        #expect(signature.authorization.contains("SignedHeaders=host;x-amz-date;x-amz-security-token,"))
        #expect(signature.authorization.contains("Credential=AKIDEXAMPLE/20150830/eu-west-1/dynamodb/aws4_request"))
        // A different token gives a different signature.
        let other = SigV4Signer(
            credentials: Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: token + "x"),
            region: "eu-west-1", service: "dynamodb")
        var otherHeaders: [(name: String, value: String)] = [(name: "Host", value: "dynamodb.eu-west-1.amazonaws.com")]
        #expect(other.sign(method: "POST", headers: &otherHeaders, body: Array("{}".utf8), epochMilliseconds: Self.time).authorization
            != signature.authorization)
    }

    @Test func userAgentIsNotSigned() {
        let signer = SigV4Signer(credentials: Self.suiteCredentials, region: "us-east-1", service: "service")
        var with: [(name: String, value: String)] = [(name: "Host", value: "example.amazonaws.com"), (name: "User-Agent", value: "swift/1.0")]
        var without: [(name: String, value: String)] = [(name: "Host", value: "example.amazonaws.com")]
        let a = signer.sign(method: "GET", headers: &with, body: [], epochMilliseconds: Self.time)
        let b = signer.sign(method: "GET", headers: &without, body: [], epochMilliseconds: Self.time)
        #expect(!a.canonicalRequest.contains("user-agent"))
        #expect(a == b)
    }

    @Test func signingKeyIsDerivedOncePerDay() {
        let signer = SigV4Signer(credentials: Self.suiteCredentials, region: "us-east-1", service: "service")
        for offset in stride(from: Int64(0), to: 3_600_000, by: 60_000) {
            var headers: [(name: String, value: String)] = [(name: "Host", value: "example.amazonaws.com")]
            signer.sign(method: "GET", headers: &headers, body: [], epochMilliseconds: Self.time + offset)
        }
        #expect(signer.signingKeyDerivations == 1)
        var headers: [(name: String, value: String)] = [(name: "Host", value: "example.amazonaws.com")]
        let nextDay = signer.sign(method: "GET", headers: &headers, body: [], epochMilliseconds: Self.time + 86_400_000)
        #expect(signer.signingKeyDerivations == 2)
        #expect(nextDay.authorization.contains("/20150831/"))
    }
}

/// A raw HTTP request from the suite: request line, headers (folded lines kept), blank line, body.
struct SuiteRequest {
    var method: String
    var path: String
    var query: [(name: String, value: String)]
    var headers: [(name: String, value: String)]
    var body: String

    init(parsing text: String) throws {
        let (head, body) = text.range(of: "\n\n").map { (String(text[..<$0.lowerBound]), String(text[$0.upperBound...])) } ?? (text, "")
        self.body = body
        var lines = head.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        // The target may itself contain a space (normalize-path/get-space): method first, protocol last.
        let firstSpace = requestLine.firstIndex(of: " ")!
        let lastSpace = requestLine.range(of: " ", options: .backwards)!.lowerBound
        method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])
        let (rawPath, rawQuery) = target.firstIndex(of: "?").map { (String(target[..<$0]), String(target[target.index(after: $0)...])) } ?? (target, "")
        path = rawPath.removingPercentEncoding ?? rawPath
        query = rawQuery.isEmpty ? [] : rawQuery.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in String(s).removingPercentEncoding ?? String(s) }
            return (name: decode(parts[0]), value: parts.count > 1 ? decode(parts[1]) : "")
        }
        headers = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
            }
        }
    }
}
