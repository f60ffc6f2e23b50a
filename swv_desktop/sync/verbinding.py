"""The laptop's connection to its team server: JSON over HTTP(S), HTTPS held to the trusted
certificate (``trust``), the Dutch reasons a request failed (``Unreachable``, ``Refused``), and the
Server screen's connection test (``check_connection``)."""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from swv_desktop.errors import KnownError
from swv_desktop.models import Rol
from swv_desktop.schema import SCHEMA_HEAD
from swv_desktop.services.common import Actor
from swv_desktop.sync import trust
from swv_desktop.sync import versions
from swv_desktop.sync.protocol import API
from swv_desktop.sync.protocol import SCHEMA_HEADER


class Unreachable(KnownError):
    """The server could not be reached (offline, or it is not running)."""


class Refused(KnownError):
    """The server answered with a refusal (sign-in, session, schema version)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Connection:
    """JSON over HTTP(S) to one server; HTTPS held to the certificate in ``pin`` (``trust``)."""

    base: str
    cafile: Path | None = None
    timeout: float = 20.0
    token: str | None = None
    pin: trust.Pin = field(default_factory=trust.Pin)

    @property
    def secure(self) -> bool:
        """HTTPS (``False``: plain HTTP on this computer, an "onbeveiligde verbinding")."""
        return self.base.lower().startswith("https://")

    def call(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """One request; ``Unreachable``, ``Refused`` or ``trust.CertificateChanged`` (nothing
        was sent: the certificate is checked right after the handshake)."""
        with self._open(path, body) as answer:
            try:
                result: dict[str, Any] = json.loads(answer.read())
            except (OSError, ValueError, http.client.HTTPException) as exc:
                raise self._unreachable(exc) from exc
            return result

    @contextmanager
    def stream(self, path: str, body: dict[str, Any]) -> Iterator[Iterator[bytes]]:
        """One request whose answer is read line by line as it arrives (``sync.stroom``); the
        same refusals as ``call``, and ``Unreachable`` when the connection breaks while it is
        read."""
        with self._open(path, body) as answer:
            yield self._lines(answer)

    def _lines(self, answer: Any) -> Iterator[bytes]:
        while True:
            try:
                raw = answer.readline()
            except (OSError, ValueError, http.client.HTTPException) as exc:
                raise self._unreachable(exc) from exc
            if not raw:
                return
            yield raw

    @contextmanager
    def _open(self, path: str, body: dict[str, Any] | None) -> Iterator[Any]:
        try:
            trust.check_address(self.base)
        except KnownError as exc:
            raise Unreachable(exc.message) from exc
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            self.base.rstrip("/") + API + path, data=data, method="GET" if body is None else "POST"
        )
        request.add_header("Content-Type", "application/json")
        request.add_header(SCHEMA_HEADER, SCHEMA_HEAD)
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        if self.secure:
            opener = trust.opener(self.pin, self.cafile)
        else:
            opener = urllib.request.build_opener()
            self.pin.seen = None
        try:
            answer = opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            try:
                message = json.loads(exc.read()).get("melding") or str(exc)
            except ValueError:
                message = f"De server antwoordde met fout {exc.code}."
            if exc.code == 409 and path != "/status":  # another schema: which side is older?
                message = self._version_mismatch() or message
            raise Refused(str(message), exc.code) from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise self._unreachable(exc) from exc
        with answer:
            yield answer

    def _unreachable(self, exc: Exception) -> Unreachable:
        return Unreachable(
            f"De server {self.base} is niet bereikbaar ({_why(exc)}). "
            "Wat u vastlegt, wacht op deze laptop tot de verbinding terug is."
        )

    def _version_mismatch(self) -> str | None:
        """The Dutch refusal from this laptop's side once the server refused its schema (an
        older server names no way out that fits a newer laptop)."""
        try:
            theirs = str(self.call("/status").get("schema", ""))
        except KnownError:
            return None
        return None if theirs == SCHEMA_HEAD else versions.version_message(self.base, theirs)

    def sign_in(self, username: str, password: str) -> Actor:
        answer = self.call("/aanmelden", {"gebruikersnaam": username, "wachtwoord": password})
        self.token = str(answer["token"])
        user = answer["gebruiker"]
        return Actor(int(user["id"]), user["gebruikersnaam"], user["naam"], Rol(user["rol"]))


def check_connection(
    base: str, cafile: Path | None = None, timeout: float = 5.0, known: str | None = None
) -> str:
    """Ask the server at ``base`` who it is: a Dutch sentence for the Server screen (with the
    certificate's fingerprint, or that the connection is not secure), or ``Unreachable`` /
    ``trust.CertificateChanged`` (not the ``known`` certificate) / ``KnownError`` (another
    schema version) with the reason."""
    connection = Connection(base, cafile, timeout=timeout, pin=trust.Pin(known))
    answer = connection.call("/status")
    theirs = str(answer.get("schema", ""))
    if theirs != SCHEMA_HEAD:
        raise KnownError(versions.version_message(base, theirs))
    reached = f"De server {base} is bereikbaar (swv-desktop {answer.get('versie', '?')})."
    seen = connection.pin.seen
    if not seen:
        return f"{reached} Let op: {trust.UNSAFE} (http://, alleen voor ontwikkeling)."
    if known is None:
        return (
            f"{reached} Vingerafdruk van het certificaat (SHA-256): {seen}. Vergelijk hem met "
            "wat de beheerder heeft doorgegeven; deze laptop onthoudt hem bij de eerste "
            "synchronisatie."
        )
    return f"{reached} Het certificaat is het bekende (SHA-256 {seen})."


def _why(exc: Exception) -> str:
    """Why the server could not be reached, in Dutch words (not the operating system's text)."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, ConnectionRefusedError):
        return "de server weigert de verbinding; draait hij?"
    if isinstance(reason, socket.gaierror):
        return "de naam van de server is onbekend; staat het adres goed?"
    if isinstance(reason, TimeoutError | socket.timeout):
        return "geen antwoord op tijd"
    if isinstance(reason, ssl.SSLError):
        return "de beveiligde verbinding kwam niet tot stand"
    if isinstance(reason, ValueError):
        return "het antwoord van de server is onleesbaar"
    return "geen verbinding met het netwerk"
