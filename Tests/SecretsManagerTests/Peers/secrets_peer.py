"""moto's Secrets Manager with IAM auth on, for the Swift client's tests.

Root credentials create a secret and two IAM users: one allowed secretsmanager:GetSecretValue, one allowed only
secretsmanager:ListSecrets; then auth is switched on. (moto evaluates secretsmanager permissions by action, not by
resource ARN, so "another secret" is tested as "another permission".) Prints one JSON line (endpoint, both users'
keys, the ARN, the value) once ready, then serves until stdin closes.
"""
import json
import os
import sys

import boto3
import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "DynamoDBTests", "Peers"))
from moto_peer import REGION, free_port, wait_until_up  # noqa: E402


def main():
    from moto.server import ThreadedMotoServer
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    wait_until_up(endpoint, True)
    options = dict(endpoint_url=endpoint, region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing")
    secrets = boto3.client("secretsmanager", **options)
    value = os.urandom(32).hex()
    allowed = secrets.create_secret(Name="products/cursor-key", SecretString=value)["ARN"]
    iam = boto3.client("iam", **options)

    def user(name, action):
        iam.create_user(UserName=name)
        policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}
        arn = iam.create_policy(PolicyName=f"{name}-policy", PolicyDocument=json.dumps(policy))["Policy"]["Arn"]
        iam.attach_user_policy(UserName=name, PolicyArn=arn)
        return iam.create_access_key(UserName=name)["AccessKey"]

    reader = user("products-function", "secretsmanager:GetSecretValue")
    lister = user("someone-else", "secretsmanager:ListSecrets")
    requests.post(endpoint + "/moto-api/reset-auth", data=b"0", headers={"Content-Type": "text/plain"}, timeout=5).raise_for_status()
    print(json.dumps({"endpoint": endpoint, "region": REGION, "accessKeyId": reader["AccessKeyId"],
                      "secretAccessKey": reader["SecretAccessKey"], "otherAccessKeyId": lister["AccessKeyId"],
                      "otherSecretAccessKey": lister["SecretAccessKey"], "allowedArn": allowed, "value": value}), flush=True)
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()
