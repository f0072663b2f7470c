import CCrypto

/// Why a public key could not be built.
public struct KeyError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// SHA-256 fetched once: the implicit fetch behind `EVP_sha256()` would look it up on every verification.
/// An `EVP_MD` is immutable and reference-counted, so every thread may share it.
nonisolated(unsafe) private let sha256: OpaquePointer = EVP_MD_fetch(nil, "SHA256", nil)!

/// A public key a JWS may be verified with, and the one algorithm its type allows. The key is immutable once
/// built; libcrypto allows concurrent verifications with one `EVP_PKEY`, each with its own context.
public final class VerificationKey: @unchecked Sendable {
    public let algorithm: JWSAlgorithm
    private let key: OpaquePointer

    private init(key: OpaquePointer, algorithm: JWSAlgorithm) {
        self.key = key
        self.algorithm = algorithm
    }

    deinit { EVP_PKEY_free(key) }

    /// Below 2048 bits RSA is not safe; above 8192 each verification is a denial of service.
    public static let rsaModulusBits = 2048...8192

    /// An RSA public key from its big-endian modulus and exponent (JWK `n` and `e`).
    public static func rsa(modulus: [UInt8], exponent: [UInt8]) throws(KeyError) -> VerificationKey {
        let modulus = Array(modulus.drop { $0 == 0 })
        guard Self.rsaModulusBits.contains(modulus.count * 8 - leadingZeroBits(modulus.first ?? 0)) else {
            throw KeyError("RSA modulus of \(modulus.count * 8) bits is outside \(Self.rsaModulusBits)")
        }
        let exponent = Array(exponent.drop { $0 == 0 })
        // 3 ... 2^32+1, odd: what every issuer uses (65537); anything else is a mistake or an attack.
        guard (1...5).contains(exponent.count), exponent.last! & 1 == 1, exponent != [1] else {
            throw KeyError("unusable RSA exponent")
        }
        guard let n = BN_bin2bn(modulus, Int32(modulus.count), nil) else { throw KeyError("out of memory") }
        defer { BN_free(n) }
        guard let e = BN_bin2bn(exponent, Int32(exponent.count), nil) else { throw KeyError("out of memory") }
        defer { BN_free(e) }
        return try build(type: "RSA", algorithm: .rs256) { builder in
            OSSL_PARAM_BLD_push_BN(builder, ccrypto_param_rsa_n(), n) == 1
                && OSSL_PARAM_BLD_push_BN(builder, ccrypto_param_rsa_e(), e) == 1
        }
    }

    /// A P-256 public key from its 32-byte big-endian coordinates (JWK `x` and `y`); refused when the point
    /// is not on the curve.
    public static func p256(x: [UInt8], y: [UInt8]) throws(KeyError) -> VerificationKey {
        guard x.count == 32, y.count == 32 else { throw KeyError("P-256 coordinates must be 32 bytes each") }
        let point: [UInt8] = [0x04] + x + y  // SEC 1 uncompressed point
        // The builder keeps the pointer until `OSSL_PARAM_BLD_to_param` copies it, inside `build`.
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: point.count)
        defer { copy.deallocate() }
        _ = copy.initialize(from: point)
        return try build(type: "EC", algorithm: .es256) { builder in
            OSSL_PARAM_BLD_push_utf8_string(builder, ccrypto_param_group(), ccrypto_group_p256(), 0) == 1
                && OSSL_PARAM_BLD_push_octet_string(builder, ccrypto_param_public_key(), copy.baseAddress, copy.count) == 1
        }
    }

    /// True only for a valid signature by this key over exactly `message`.
    public func verify(signature: [UInt8], message: UnsafeBufferPointer<UInt8>) -> Bool {
        let encoded: [UInt8]
        switch algorithm {
        case .rs256:
            // RFC 7518 §3.3: the signature is exactly as long as the modulus.
            guard signature.count == Int(EVP_PKEY_get_size(key)) else { return false }
            encoded = signature
        case .es256:
            guard let der = ECDSASignature.der(fromRaw: signature) else { return false }
            encoded = der
        }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        let valid = EVP_DigestVerifyInit(context, nil, sha256, nil, key) == 1
            && EVP_DigestVerify(context, encoded, encoded.count, message.baseAddress, message.count) == 1
        // A refused signature leaves entries on this thread's error queue; they must not pile up.
        if !valid { ERR_clear_error() }
        return valid
    }

    private static func build(
        type: String, algorithm: JWSAlgorithm, _ push: (OpaquePointer) -> Bool
    ) throws(KeyError) -> VerificationKey {
        guard let builder = OSSL_PARAM_BLD_new() else { throw KeyError("out of memory") }
        defer { OSSL_PARAM_BLD_free(builder) }
        guard push(builder), let parameters = OSSL_PARAM_BLD_to_param(builder) else { throw KeyError("cannot encode the \(type) key") }
        defer { OSSL_PARAM_free(parameters) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, type, nil) else { throw KeyError("libcrypto has no \(type)") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer? = nil
        guard EVP_PKEY_fromdata_init(context) == 1,
            EVP_PKEY_fromdata(context, &key, ccrypto_selection_public_key(), parameters) == 1, let key
        else {
            ERR_clear_error()
            throw KeyError("libcrypto refused the \(type) key")
        }
        guard let check = EVP_PKEY_CTX_new_from_pkey(nil, key, nil) else {
            EVP_PKEY_free(key)
            throw KeyError("out of memory")
        }
        defer { EVP_PKEY_CTX_free(check) }
        guard EVP_PKEY_public_check(check) == 1 else {
            ERR_clear_error()
            EVP_PKEY_free(key)
            throw KeyError("the \(type) public key is invalid")
        }
        return VerificationKey(key: key, algorithm: algorithm)
    }

    private static func leadingZeroBits(_ byte: UInt8) -> Int { byte == 0 ? 8 : byte.leadingZeroBitCount }
}
