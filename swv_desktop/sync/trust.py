"""Trust on first use: which server certificate this laptop knows, and the HTTPS connection that
holds the server to it.

The first time a laptop reaches its server over HTTPS it shows the certificate's SHA-256
fingerprint and keeps it with the team settings of the replica (``sync_laptop_staat``,
``server_vingerafdruk``). From then on every connection checks the certificate *before* a byte
of the request (a password, a command) is sent: another certificate is refused with
``CertificateChanged`` (Dutch, the old and the new fingerprint) until it is confirmed in
Beheer > Server (``accept``). A self-signed certificate works this way without a CA; with
``cafile`` the chain and the name are checked as well.

Plain ``http://`` is for development on this computer only (loopback): the window calls it an
"onbeveiligde verbinding"; to any other address ``http://`` is refused.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import json
import ssl
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509

from swv_desktop.errors import KnownError

STATE_KEY = "server_vingerafdruk"
"""The fingerprint this laptop trusts, in the replica's ``sync_laptop_staat``."""
CONFIRMED_KEY = "server_vingerafdruk_bevestigd"
"""Who confirmed a changed certificate, when, and the fingerprint it replaced (JSON)."""
UNSAFE = "onbeveiligde verbinding"


def fingerprint(der: bytes) -> str:
    """The SHA-256 fingerprint of a DER certificate as ``AB:CD:...`` (as ``openssl x509
    -fingerprint -sha256`` writes it)."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def file_fingerprint(path: Path) -> str:
    """The fingerprint of the (first) certificate in a PEM file (what the server shows)."""
    from cryptography.hazmat.primitives.serialization import Encoding

    cert = x509.load_pem_x509_certificate(path.read_bytes())
    return fingerprint(cert.public_bytes(Encoding.DER))


def same(typed: str, fingerprint: str) -> bool:
    """``typed`` (as a beheerder passes it on: with or without colons, any case) is
    ``fingerprint``."""

    def bare(value: str) -> str:
        return "".join(c for c in value.upper() if c in "0123456789ABCDEF")

    return len(bare(typed)) == 64 and bare(typed) == bare(fingerprint)


class CertificateChanged(KnownError):
    """The server showed another certificate than the one this laptop trusts."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__(
            "Pas op: de server laat een ander certificaat zien dan deze laptop kent. Er is niets "
            "verstuurd (ook uw wachtwoord niet).\n"
            f"Bekend:  {old}\nNu:      {new}\n"
            "Is het certificaat van de server vervangen, dan geeft de beheerder u de nieuwe "
            "vingerafdruk; komt die overeen, bevestig hem dan in Beheer > Server. Weet u het niet "
            "zeker, bevestig dan niet: iemand kan zich voor de server uitgeven."
        )
        self.old, self.new = old, new


def is_loopback(base: str) -> bool:
    """``base`` points at this computer (``localhost``, 127.0.0.0/8, ``::1``)."""
    host = urlsplit(base).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_address(base: str) -> None:
    """Refuse an address the laptop may not use: ``http://`` to another computer."""
    scheme = urlsplit(base).scheme
    if scheme not in ("http", "https"):
        raise KnownError("Vul het adres in als https://naam:poort.")
    if scheme == "http" and not is_loopback(base):
        raise KnownError(
            f"{base} is een onbeveiligde verbinding naar een andere computer; daarover gaan geen "
            "wachtwoorden en leerlinggegevens. Gebruik https:// (http:// alleen op deze "
            "computer, voor ontwikkeling)."
        )


@dataclass
class Pin:
    """What one connection trusts and what it saw."""

    known: str | None = None
    """The fingerprint this laptop trusts (``None``: not yet, the first connection)."""
    seen: str | None = None
    """The fingerprint of the last certificate the server showed (``None``: plain HTTP)."""


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Checks the server's certificate right after the handshake, before the request."""

    def __init__(self, *args: Any, pin: Pin, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pin = pin

    def connect(self) -> None:
        super().connect()
        assert isinstance(self.sock, ssl.SSLSocket)
        der = self.sock.getpeercert(binary_form=True)
        seen = fingerprint(der) if der else ""
        self._pin.seen = seen
        if self._pin.known is not None and seen != self._pin.known:
            self.sock.close()
            raise CertificateChanged(self._pin.known, seen)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, context: ssl.SSLContext, pin: Pin) -> None:
        super().__init__(context=context)
        self._context, self._pin = context, pin

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        def connection(host: str, **kwargs: Any) -> _PinnedHTTPSConnection:
            return _PinnedHTTPSConnection(host, pin=self._pin, **kwargs)

        return self.do_open(connection, req, context=self._context)


def context(cafile: Path | None) -> ssl.SSLContext:
    """TLS 1.2 or newer; with ``cafile`` the chain and the name are checked, without it the
    fingerprint is the trust (a self-signed certificate)."""
    if cafile is not None:
        ctx = ssl.create_default_context(cafile=str(cafile))
    else:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def opener(pin: Pin, cafile: Path | None) -> urllib.request.OpenerDirector:
    """A urllib opener whose HTTPS connections hold the server to ``pin``."""
    return urllib.request.build_opener(_PinnedHTTPSHandler(context(cafile), pin))


def confirmation(by: str, when: str, old: str | None, new: str) -> str:
    """What is kept of a confirmed certificate change (JSON, in ``CONFIRMED_KEY``)."""
    return json.dumps({"door": by, "op": when, "oud": old, "nieuw": new})
