import Codec
import DynamoDB

extension FuzzTargets {
    /// One signer (its day-key cache included), as a client has; libFuzzer runs one input at a time.
    nonisolated(unsafe) static let signer = SigV4Signer(
        credentials: Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: "fuzz-token"),
        region: "us-east-1", service: "dynamodb")

    /// SigV4 canonicalisation: the input is read as a raw request like the AWS suite's `.req` files (request
    /// line, header lines, blank line, body). Whatever the bytes, the canonical request has exactly one line per
    /// signed header and no raw CR, and the Authorization header is well formed.
    public static func sigV4(_ input: UnsafeRawBufferPointer) {
        let text = String(decoding: input, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let requestLine = (lines.first ?? "").split(separator: " ")
        // The signer's callers pass constant methods and header names; the fuzzer varies everything else.
        let method = requestLine.first.map(String.init).flatMap { $0.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) && !$0.isEmpty ? $0 : nil } ?? "GET"
        let target = requestLine.count > 1 ? String(requestLine[1]) : "/"
        let pathEnd = target.firstIndex(of: "?") ?? target.endIndex
        var query: [(name: String, value: String)] = []
        if pathEnd < target.endIndex {
            for pair in target[target.index(after: pathEnd)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query.append((name: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : ""))
            }
        }
        var headers: [(name: String, value: String)] = []
        var bodyStart = lines.endIndex
        for (index, line) in lines.enumerated().dropFirst() {
            if line.isEmpty {
                bodyStart = index + 1
                break
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon]
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenCharacter) else { continue }
            headers.append((name: String(name), value: String(line[line.index(after: colon)...])))
        }
        let body = bodyStart < lines.endIndex ? Array(lines[bodyStart...].joined(separator: "\n").utf8) : []
        let signature = signer.sign(
            method: method, path: String(target[..<pathEnd]), query: query, headers: &headers, body: body,
            epochMilliseconds: 1_440_938_160_000)
        let signedHeaders = signature.authorization.components(after: "SignedHeaders=", before: ",")
        let canonical = signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
        FuzzCheck.require(!signature.canonicalRequest.utf8.contains(0x0D), "a raw CR in the canonical request")
        // method, path, query, one line per header, the empty line, signed headers, payload hash
        let signedCount = signedHeaders.split(separator: ";").count
        FuzzCheck.require(canonical.count == 3 + signedCount + 3, "\(canonical.count) canonical lines for \(signedCount) headers")
        FuzzCheck.require(signature.authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request"),
            "authorization \(signature.authorization.prefix(80))")
        FuzzCheck.require(headers.last?.name == "Authorization", "no Authorization header")
    }
}

/// RFC 9110 `tchar`: what a header name is made of.
private func isTokenCharacter(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): true
    default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
    }
}

extension String {
    /// The text between the first `start` and the next `end` after it.
    fileprivate func components(after start: String, before end: String) -> Substring {
        guard let range = firstRange(of: start) else { return "" }
        let rest = self[range.upperBound...]
        return rest[..<(rest.firstRange(of: end)?.lowerBound ?? rest.endIndex)]
    }
}
