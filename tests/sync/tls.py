"""HTTPS for the trust tests: self-signed certificates made with ``cryptography`` (as a bureau
makes one with openssl) and ``swv-desktop server --certfile --keyfile`` as a real process."""

from __future__ import annotations

import os
import ssl
import subprocess
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from ipaddress import ip_address
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from swv_desktop.sync import trust

from .harness import ServerProcess


@dataclass(frozen=True)
class Certificate:
    certfile: Path
    keyfile: Path
    fingerprint: str


def make_certificate(folder: Path, name: str) -> Certificate:
    """A self-signed certificate for 127.0.0.1 (as a bureau makes one with openssl)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"swv-{name}.test")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ip_address("127.0.0.1"))]), False
        )
        .sign(key, hashes.SHA256())
    )
    certfile, keyfile = folder / f"{name}.pem", folder / f"{name}.key"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    der = cert.public_bytes(serialization.Encoding.DER)
    return Certificate(certfile, keyfile, trust.fingerprint(der))


class TlsServer(ServerProcess):
    """``swv-desktop server --certfile --keyfile`` on a given port; its output kept."""

    def __init__(self, url: str, folder: Path, port: int, cert: Certificate) -> None:
        super().__init__(url, folder)
        self.port, self.cert = port, cert
        self.out = folder / f"server-{cert.certfile.stem}.out"
        self.log = folder / f"server-{cert.certfile.stem}.log"

    @property
    def address(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def arguments(self) -> list[str]:
        certificate = ["--certfile", str(self.cert.certfile), "--keyfile", str(self.cert.keyfile)]
        return super().arguments() + certificate

    def start(self, **env: str) -> None:
        with open(self.out, "ab") as out:
            self.proc = subprocess.Popen(
                self.arguments(), env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT
            )
        unverified = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        unverified.check_hostname, unverified.verify_mode = False, ssl.CERT_NONE
        self.wait_ready(self.out, unverified)
