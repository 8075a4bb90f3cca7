"""`tm serve` start-up without a browser: which Host names it answers to, the warning for a
non-loopback address, a missing database."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed: pip install 'tm[web]'")

from tm.web.server import allowed_hosts, is_loopback  # noqa: E402


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False),
])
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_host_names_answered() -> None:
    assert set(allowed_hosts("127.0.0.1")) == {"127.0.0.1", "localhost", "::1", "[::1]"}
    assert "192.168.1.5" in allowed_hosts("192.168.1.5")
    assert "evil.example" not in allowed_hosts("0.0.0.0")


def test_a_network_address_is_warned_about_loudly(cli, tmp_path: Path) -> None:
    result = cli("serve", "--host", "0.0.0.0", "--db", tmp_path / "none.db")
    assert result.exit_code == 1
    assert "WARNING: listening on 0.0.0.0 makes the TM readable by anyone" in result.stderr
    assert result.stderr.strip().endswith(f"error: {tmp_path / 'none.db'}: no translation memory here; "
                                          "run `tm align` or `tm import` first, or pass --db FILE")
