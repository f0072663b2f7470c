"""Starts moto's DynamoDB for the Swift integration tests and switches IAM auth on.

usage: moto_peer.py plain           moto's own threaded server over HTTP
       moto_peer.py tls WORKDIR     gunicorn (keep-alive) over HTTPS with a CA and certificate made in WORKDIR

Prints one JSON line (endpoint, credentials) once ready, then serves until stdin closes.
"""
import datetime
import json
import os
import signal
import socket
import subprocess
import sys
import time

import boto3
import requests

REGION = "us-east-1"
POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}]}
TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificates(workdir):
    """A throw-away CA and a server certificate for 127.0.0.1 / localhost signed by it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "DynamoDB tests CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
          .not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                       encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = {name: os.path.join(workdir, name) for name in ("ca.pem", "server.pem", "server.key")}
    with open(paths["ca.pem"], "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(paths["server.pem"], "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(paths["server.key"], "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return paths


def wait_until_up(endpoint, verify):
    for _ in range(300):
        try:
            requests.get(endpoint + "/moto-api/", verify=verify, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.05)
    raise SystemExit(f"moto did not come up at {endpoint}")


def set_up(endpoint, verify):
    """Root credentials create an IAM user (long-term key) and a role (temporary credentials) allowed DynamoDB."""
    options = dict(endpoint_url=endpoint, region_name=REGION, verify=verify,
                   aws_access_key_id="testing", aws_secret_access_key="testing")
    iam = boto3.client("iam", **options)
    iam.create_user(UserName="swift-client")
    policy_arn = iam.create_policy(PolicyName="dynamodb-all", PolicyDocument=json.dumps(POLICY))["Policy"]["Arn"]
    iam.attach_user_policy(UserName="swift-client", PolicyArn=policy_arn)
    key = iam.create_access_key(UserName="swift-client")["AccessKey"]
    role_arn = iam.create_role(RoleName="swift-lambda", AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]["Arn"]
    iam.attach_role_policy(RoleName="swift-lambda", PolicyArn=policy_arn)
    sts = boto3.client("sts", **options)
    session = sts.assume_role(RoleArn=role_arn, RoleSessionName="invocation")["Credentials"]
    # From here on every request must be signed by a known identity.
    requests.post(endpoint + "/moto-api/reset-auth", data=b"0", headers={"Content-Type": "text/plain"}, verify=verify,
                  timeout=5).raise_for_status()
    return {
        "accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"],
        "sessionAccessKeyId": session["AccessKeyId"], "sessionSecretAccessKey": session["SecretAccessKey"],
        "sessionToken": session["SessionToken"], "region": REGION,
    }


def die_with_parent():
    """gunicorn must not outlive this script, even if the script is killed."""
    import ctypes
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def main():
    mode = sys.argv[1]
    child = None
    port = free_port()
    if mode == "plain":
        from moto.server import ThreadedMotoServer
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        endpoint, verify, extra = f"http://127.0.0.1:{port}", True, {}
    else:
        paths = make_certificates(sys.argv[2])
        here = os.path.dirname(os.path.abspath(__file__))
        # gunicorn logs to a file: holding the test runner's stderr open would keep `swift test` waiting.
        log = open(os.path.join(sys.argv[2], "gunicorn.log"), "wb")
        child = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "1", "-k", "gthread", "--threads", "4", "--keep-alive", "60",
             "-c", os.path.join(here, "gunicorn_tls.py"),
             "--certfile", paths["server.pem"], "--keyfile", paths["server.key"], "-b", f"127.0.0.1:{port}",
             "--chdir", here, "--log-level", "warning", "moto_wsgi:app"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True, preexec_fn=die_with_parent)
        endpoint, verify, extra = f"https://127.0.0.1:{port}", paths["ca.pem"], {"caBundle": paths["ca.pem"]}
    try:
        wait_until_up(endpoint, verify)
        ready = {"endpoint": endpoint, **set_up(endpoint, verify), **extra}
        print(json.dumps(ready), flush=True)
        sys.stdin.read()  # the test process closes (or loses) the pipe when it is done
    finally:
        if child:
            os.killpg(child.pid, signal.SIGKILL)  # master and worker together; nothing to shut down gracefully
            child.wait()


if __name__ == "__main__":
    main()
