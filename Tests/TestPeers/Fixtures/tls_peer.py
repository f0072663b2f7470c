#!/usr/bin/env python3
"""HTTPS peers for the TLS verification tests: a throw-away PKI made with `cryptography`, one server per case.

usage: tls_peer.py WORKDIR

Makes in WORKDIR a root CA and an intermediate (as public CAs do: servers send leaf + intermediate, clients
trust only the root), then serves HTTPS on 127.0.0.1 with these server certificates, each on its own port:
  good       leaf for localhost / 127.0.0.1, signed by the intermediate (chain sent)
  expired    the same names, validity ended yesterday
  wronghost  valid chain, but for other.example only
  selfsigned a self-signed leaf for localhost / 127.0.0.1 (no CA trusts it)
  oddissuer  leaf signed by the root directly, its issuer name encoded differently from the root's subject
             (UTF8String, other case and spacing), which OpenSSL's name comparison still calls equal
and writes:
  root.pem        the root CA;  hashed/  the root under its OpenSSL subject hash (`openssl rehash`)
  decoys.pem      60 unrelated CAs, then the root (a bundle where the index must find the right one)
  trusted.pem     the root as a "TRUSTED CERTIFICATE" (serverAuth), as some system bundles carry them
  empty.pem       a PEM file with no certificate
Prints one JSON line {"ports": {case: port}, "workdir": ...} once listening, serves until stdin closes.
Paths: /hello answers 200 "hello" and keeps the connection; /close answers 200 "bye" and closes it.
"""
import datetime
import ipaddress
import json
import os
import ssl
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)


def name(common_name, organization="Swift Lambda TLS tests", string_type=None):
    kwargs = {"_type": string_type} if string_type else {}
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization, **kwargs),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name, **kwargs)])


def ca_certificate(subject, key, issuer, issuer_key):
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(NOW - DAY).not_valid_after(NOW + 30 * DAY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(issuer_key, hashes.SHA256()))


def leaf(names, issuer, issuer_key, not_before=NOW - DAY, not_after=NOW + 30 * DAY, issuer_key_id=True):
    key = ec.generate_private_key(ec.SECP256R1())
    alternative = [x509.IPAddress(ipaddress.ip_address(n)) if n[0].isdigit() else x509.DNSName(n) for n in names]
    builder = (x509.CertificateBuilder().subject_name(name(names[0], "Swift Lambda TLS server"))
               .issuer_name(issuer).public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(not_before).not_valid_after(not_after)
               .add_extension(x509.SubjectAlternativeName(alternative), critical=False)
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False))
    if issuer_key_id:
        builder = builder.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                                        critical=False)
    return builder.sign(issuer_key, hashes.SHA256()), key


def pem(*certificates):
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


def write(workdir, filename, data):
    path = os.path.join(workdir, filename)
    with open(path, "wb") as f:
        f.write(data)
    return path


def make_pki(workdir):
    root_key = ec.generate_private_key(ec.SECP384R1())
    root_name = name("Swift Lambda TLS Root CA", string_type=x509.name._ASN1Type.PrintableString)
    root = ca_certificate(root_name, root_key, root_name, root_key)
    intermediate_key = ec.generate_private_key(ec.SECP256R1())
    intermediate = ca_certificate(name("Swift Lambda TLS Intermediate CA"), intermediate_key, root_name, root_key)
    here = ["localhost", "127.0.0.1"]
    cases = {
        "good": leaf(here, intermediate.subject, intermediate_key),
        "expired": leaf(here, intermediate.subject, intermediate_key, NOW - 30 * DAY, NOW - DAY),
        "wronghost": leaf(["other.example"], intermediate.subject, intermediate_key),
        # The same name as the root's subject for OpenSSL (case and inner spaces differ, UTF8String instead
        # of PrintableString): only a name-equality-aware lookup finds the root for it.
        "oddissuer": leaf(here, name("swift  lambda TLS ROOT ca", "SWIFT Lambda   tls tests",
                                     x509.name._ASN1Type.UTF8String), root_key, issuer_key_id=False),
    }
    self_key = ec.generate_private_key(ec.SECP256R1())
    cases["selfsigned"] = (ca_certificate(name("localhost"), self_key, name("localhost"), self_key), self_key)
    servers = {}
    for case, (certificate, key) in cases.items():
        chain = (certificate, intermediate) if certificate.issuer == intermediate.subject else (certificate,)
        servers[case] = (write(workdir, f"{case}.pem", pem(*chain)),
                         write(workdir, f"{case}.key", key.private_bytes(
                             serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())))
    root_path = write(workdir, "root.pem", pem(root))
    hashed = os.path.join(workdir, "hashed")
    os.makedirs(hashed, exist_ok=True)
    write(hashed, "root.pem", pem(root))
    subprocess.run(["openssl", "rehash", hashed], check=True)
    decoys = []
    for index in range(60):
        key = ec.generate_private_key(ec.SECP256R1())
        decoys.append(ca_certificate(name(f"Decoy CA {index}"), key, name(f"Decoy CA {index}"), key))
    write(workdir, "decoys.pem", b"# decoys first, the root last\n" + pem(*decoys) + pem(root))
    trusted = subprocess.run(["openssl", "x509", "-in", root_path, "-addtrust", "serverAuth"], check=True,
                             capture_output=True).stdout
    write(workdir, "trusted.pem", trusted)
    write(workdir, "empty.pem", b"# no certificates here\n")
    return servers


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        closing = self.path == "/close"
        body = b"bye" if closing else b"hello"
        self.send_response(200 if self.path in ("/hello", "/close") else 404)
        self.send_header("Content-Length", str(len(body)))
        if closing:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)


def serve(certificate, key):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def main():
    workdir = sys.argv[1]
    os.makedirs(workdir, exist_ok=True)
    servers = make_pki(workdir)
    ports = {case: serve(*paths) for case, paths in servers.items()}
    print(json.dumps({"ports": ports, "workdir": workdir}), flush=True)
    sys.stdin.read()
    os._exit(0)


if __name__ == "__main__":
    main()
