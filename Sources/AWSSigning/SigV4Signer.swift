import Codec

/// The three intermediate products of a signature, kept so tests can compare each with the AWS suite.
public struct SigV4Signature: Sendable, Equatable {
    public let canonicalRequest: String
    public let stringToSign: String
    public let authorization: String
}

/// AWS Signature Version 4 for one service in one region. The signing key depends only on the secret,
/// the day, the region and the service, so it is derived once per day and cached.
/// Not thread-safe (the key cache is mutable); each client owns one.
public final class SigV4Signer {
    public let credentials: Credentials
    public let region: String
    public let service: String
    private let keyCache: SigningKeyCache
    private let hasher = SHA256Hasher()

    /// Headers a proxy or the transport may change or add: signing them would break the signature.
    static let unsignedHeaders: Set<String> = ["user-agent", "authorization", "x-amzn-trace-id", "expect"]

    public init(credentials: Credentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.keyCache = SigningKeyCache(secret: credentials.secretAccessKey, region: region, service: service, hasher: hasher)
    }

    /// How many times the signing key was derived (once per day when all is well).
    public var signingKeyDerivations: Int { keyCache.derivations }

    /// Signs a request: sets `X-Amz-Date` (and `X-Amz-Security-Token` when the credentials have one) in
    /// `headers`, then appends `Authorization`. `path` and `query` are given decoded; they are encoded here.
    @discardableResult
    public func sign(
        method: String, path: String = "/", query: [(name: String, value: String)] = [],
        headers: inout [(name: String, value: String)], body: [UInt8], epochMilliseconds: Int64
    ) -> SigV4Signature {
        sign(method: method, path: path, query: query, headers: &headers, payloadHash: Hex.encode(hasher.hash(body)),
            epochMilliseconds: epochMilliseconds)
    }

    public func sign(
        method: String, path: String, query: [(name: String, value: String)],
        headers: inout [(name: String, value: String)], payloadHash: String, epochMilliseconds: Int64
    ) -> SigV4Signature {
        let amzDate = UTCTime.amzDate(epochMilliseconds: epochMilliseconds)
        let day = String(amzDate.utf8.prefix(8))!
        Self.setHeader("X-Amz-Date", amzDate, in: &headers)
        if let token = credentials.sessionToken { Self.setHeader("X-Amz-Security-Token", token, in: &headers) }

        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(headers)
        let canonicalRequest = method + "\n" + Self.canonicalPath(path) + "\n" + Self.canonicalQuery(query) + "\n"
            + canonicalHeaders + "\n" + signedHeaders + "\n" + payloadHash
        let scope = day + "/" + region + "/" + service + "/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + Hex.encode(hasher.hash(canonicalRequest))
        let signature = Hex.encode(keyCache.key(day: day).authenticate(stringToSign))
        let authorization = "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyID + "/" + scope + ", SignedHeaders="
            + signedHeaders + ", Signature=" + signature
        headers.append((name: "Authorization", value: authorization))
        return SigV4Signature(canonicalRequest: canonicalRequest, stringToSign: stringToSign, authorization: authorization)
    }

    private static func setHeader(_ name: String, _ value: String, in headers: inout [(name: String, value: String)]) {
        let lowered = name.lowercased()
        headers.removeAll { $0.name.lowercased() == lowered }
        headers.append((name: name, value: value))
    }

    /// Lowercased names in byte order, repeated headers joined with commas in their original order, values
    /// trimmed with inner runs of whitespace (folded lines included) collapsed to one space.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (canonical: String, signed: String) {
        var merged: [(name: String, value: String)] = []
        merged.reserveCapacity(headers.count)
        for header in headers {
            let name = header.name.lowercased()
            if unsignedHeaders.contains(name) { continue }
            let value = collapseWhitespace(header.value)
            if let index = merged.firstIndex(where: { $0.name == name }) {
                merged[index].value += "," + value
            } else {
                merged.append((name: name, value: value))
            }
        }
        merged.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        var canonical = ""
        for header in merged { canonical += header.name + ":" + header.value + "\n" }
        return (canonical, merged.map(\.name).joined(separator: ";"))
    }

    static func collapseWhitespace(_ value: String) -> String {
        if isCanonicalValue(value) { return value }
        var output: [UInt8] = []
        output.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for byte in value.utf8 {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace { output.append(0x20) }
                pendingSpace = false
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Most values (the session token, dates) need no change: a scan is cheaper than a copy.
    private static func isCanonicalValue(_ value: String) -> Bool {
        value.utf8.withContiguousStorageIfAvailable(isCanonicalValue) ?? false
    }

    private static func isCanonicalValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previousWasSpace = true  // a leading space needs trimming
        for byte in bytes {
            if byte == 0x09 || byte == 0x0A || byte == 0x0D { return false }
            let isSpace = byte == 0x20
            if isSpace, previousWasSpace { return false }
            previousWasSpace = isSpace
        }
        return !previousWasSpace || bytes.isEmpty
    }

    /// Dot segments removed, empty segments dropped (not for S3, which this is not), each byte encoded.
    static func canonicalPath(_ path: String) -> String {
        if path == "/" { return path }
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(segment)
        }
        var normalized = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/"), !segments.isEmpty { normalized += "/" }
        return URIEncoding.encode(normalized, keepSlash: true)
    }

    /// Names and values encoded, then sorted by name and, for a repeated name, by value.
    static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        if query.isEmpty { return "" }
        let encoded = query.map { (name: URIEncoding.encode($0.name), value: URIEncoding.encode($0.value)) }
            .sorted {
                $0.name == $1.name
                    ? $0.value.utf8.lexicographicallyPrecedes($1.value.utf8)
                    : $0.name.utf8.lexicographicallyPrecedes($1.name.utf8)
            }
        return encoded.map { $0.name + "=" + $0.value }.joined(separator: "&")
    }
}

/// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request")`, kept for the day.
final class SigningKeyCache {
    private let secret: [UInt8]
    private let region: String
    private let service: String
    private let hasher: SHA256Hasher
    private var day = ""
    private var cachedKey: HMACKey?
    private(set) var derivations = 0

    init(secret: String, region: String, service: String, hasher: SHA256Hasher) {
        self.secret = Array(("AWS4" + secret).utf8)
        self.region = region
        self.service = service
        self.hasher = hasher
    }

    func key(day: String) -> HMACKey {
        if day == self.day, let cachedKey { return cachedKey }
        let dateKey = hasher.hmac(key: secret, day)
        let regionKey = hasher.hmac(key: dateKey, region)
        let serviceKey = hasher.hmac(key: regionKey, service)
        let key = HMACKey(hasher.hmac(key: serviceKey, "aws4_request"), hasher: hasher)
        cachedKey = key
        self.day = day
        derivations += 1
        return key
    }
}
