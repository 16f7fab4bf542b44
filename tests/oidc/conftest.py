"""A real OpenID Connect provider (tests/oidc/provider.mjs on Node.js) for the SSO tests.

It runs on 127.0.0.1 at a free port for the whole session and knows one client whose
redirect addresses point at pytest-django's live server, in both URL languages.
"""

import json
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

HERE = Path(__file__).resolve().parent
PROVIDER_ID = "test-sso"
CLIENT_ID = "musharaka-tests"
CLIENT_SECRET = "test-only-client-secret"
# Claims the provider gives for particular login names (others get defaults from the name).
ACCOUNTS = {"nora@example.sa": {"name": "نورة القحطاني"}}


@dataclass(frozen=True)
class OIDCProvider:
    issuer: str
    provider_id: str
    client_id: str
    secret: str

    @property
    def app(self) -> dict:
        """The entry for ``SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]`` (the same JSON
        shape as the MUSHARAKA_OIDC_PROVIDERS environment variable)."""
        return {
            "provider_id": self.provider_id,
            "name": "Test national SSO",
            "client_id": self.client_id,
            "secret": self.secret,
            "settings": {"server_url": self.issuer},
        }


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_ready(
    process: subprocess.Popen, issuer: str, log: Path, timeout: float = 20
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"OpenID provider exited:\n{log.read_text()}")
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"OpenID provider did not answer at {issuer} within {timeout} s")


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is needed for the OpenID Connect tests (see README)")
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    callback = f"/accounts/oidc/{PROVIDER_ID}/login/callback/"
    redirect_args = []
    for uri in (f"{live_server.url}{callback}", f"{live_server.url}/en{callback}"):
        redirect_args += ["--redirect-uri", uri]
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    log_file = log.open("w")
    process = subprocess.Popen(
        [
            node,
            str(HERE / "provider.mjs"),
            "--port",
            str(port),
            "--client-id",
            CLIENT_ID,
            "--client-secret",
            CLIENT_SECRET,
            "--accounts",
            json.dumps(ACCOUNTS),
            *redirect_args,
        ],
        cwd=HERE,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_ready(process, issuer, log)
        yield OIDCProvider(issuer, PROVIDER_ID, CLIENT_ID, CLIENT_SECRET)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log_file.close()
