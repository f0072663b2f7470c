import HTTPTransport
import Testing

/// Verification stays as strict as OpenSSL's with the whole bundle loaded: a chain to a trusted root is
/// accepted through every kind of source (bundle index, hashed directory, AWS_CA_BUNDLE, SSL_CERT_FILE,
/// SSL_CERT_DIR); an untrusted, expired or misnamed certificate is refused whatever the source.
struct TLSVerificationTests {
    let peer: TLSPeer

    init() throws { peer = try TLSPeer.shared.get() }

    private func client(_ sources: TrustSources, additional: String? = nil) throws -> HTTPClient {
        try HTTPClient(configuration: HTTPClient.Configuration(additionalCABundlePath: additional, trustSources: sources))
    }

    private func expectRefused(_ url: String, trusting sources: TrustSources, additional: String? = nil) throws {
        let client = try client(sources, additional: additional)
        let error = #expect(throws: HTTPClientError.self) { try client.send(HTTPClientRequest(method: "GET", url: url)) }
        #expect(error?.kind == .tls, "\(String(describing: error))")
    }

    private func expectAccepted(_ url: String, trusting sources: TrustSources, additional: String? = nil) throws {
        let response = try client(sources, additional: additional).send(HTTPClientRequest(method: "GET", url: url))
        #expect(response.status == 200)
        #expect(response.body == Array("hello".utf8))
    }

    @Test func chainToTheRootIsAcceptedThroughTheBundleIndex() throws {
        try expectAccepted(peer.url("good"), trusting: TrustSources(bundles: [peer.file("root.pem")]))
        try expectAccepted(peer.url("good", host: "127.0.0.1"), trusting: TrustSources(bundles: [peer.file("root.pem")]))
    }

    @Test func theIndexFindsTheRootAmongManyCAs() throws {
        try expectAccepted(peer.url("good"), trusting: TrustSources(bundles: [peer.file("decoys.pem")]))
    }

    @Test func chainToTheRootIsAcceptedThroughAHashedDirectory() throws {
        try expectAccepted(peer.url("good"), trusting: TrustSources(hashedDirectories: [peer.file("hashed")]))
    }

    @Test func aTrustedCertificateBlockIsATrustAnchor() throws {
        try expectAccepted(peer.url("good"), trusting: TrustSources(bundles: [peer.file("trusted.pem")]))
    }

    /// The leaf names its issuer in another string type, case and spacing than the root's subject: OpenSSL
    /// calls the names equal, and so must the index's lookup.
    @Test func anIssuerNameEqualOnlyAfterCanonicalisationIsFound() throws {
        try expectAccepted(peer.url("oddissuer"), trusting: TrustSources(bundles: [peer.file("decoys.pem")]))
        try expectAccepted(peer.url("oddissuer"), trusting: TrustSources(hashedDirectories: [peer.file("hashed")]))
    }

    @Test(arguments: ["selfsigned", "expired", "wronghost"])
    func badCertificatesAreRefusedWhateverTheSource(server: String) throws {
        for sources in [
            TrustSources(bundles: [peer.file("root.pem")]), TrustSources(hashedDirectories: [peer.file("hashed")]),
            TrustSources(bundles: [peer.file("decoys.pem")]),
        ] {
            try expectRefused(peer.url(server), trusting: sources)
        }
        try expectRefused(peer.url(server), trusting: CertificateAuthorities.systemSources(), additional: peer.file("root.pem"))
    }

    @Test func aServerOutsideTheSystemCAsIsRefused() throws {
        try expectRefused(peer.url("good"), trusting: CertificateAuthorities.systemSources())
    }

    @Test func anAdditionalBundleIsTrustedOnTopOfTheSystemCAs() throws {
        let system = CertificateAuthorities.systemSources()
        try expectAccepted(peer.url("good"), trusting: system, additional: peer.file("root.pem"))
        // The default configuration (system sources found at first use) with AWS_CA_BUNDLE's file.
        let client = try HTTPClient(configuration: HTTPClient.Configuration(additionalCABundlePath: peer.file("root.pem")))
        #expect(try client.send(HTTPClientRequest(method: "GET", url: peer.url("good"))).status == 200)
    }

    @Test func sslCertFileAndDirReplaceTheSystemSources() throws {
        let file = CertificateAuthorities.systemSources { $0 == "SSL_CERT_FILE" ? peer.file("root.pem") : nil }
        #expect(file == TrustSources(bundles: [peer.file("root.pem")]))
        try expectAccepted(peer.url("good"), trusting: file)
        let directory = CertificateAuthorities.systemSources { $0 == "SSL_CERT_DIR" ? "/nonexistent:\(peer.file("hashed"))" : nil }
        #expect(directory == TrustSources(hashedDirectories: ["/nonexistent", peer.file("hashed")]))
        try expectAccepted(peer.url("good"), trusting: directory)
        // SSL_CERT_FILE names a bundle without the server's CA: the system's are not consulted either.
        let other = CertificateAuthorities.systemSources { $0 == "SSL_CERT_FILE" ? peer.file("good.pem") : nil }
        try expectRefused(peer.url("selfsigned"), trusting: other)
    }

    @Test func unreadableOrEmptyBundlesAreErrors() throws {
        for bundle in [peer.file("missing.pem"), peer.file("empty.pem")] {
            let client = try client(TrustSources(), additional: bundle)
            let error = #expect(throws: HTTPClientError.self) { try client.send(HTTPClientRequest(method: "GET", url: peer.url("good"))) }
            #expect(error?.kind == .tls)
            #expect(error?.message.contains(bundle) == true, "\(String(describing: error))")
        }
    }

    @Test func noSourcesTrustNothing() throws {
        try expectRefused(peer.url("good"), trusting: TrustSources())
    }
}
