"""The opt-in resident server (``--daemon``): real sockets, real processes, real output.

Every test runs the console script's code (``client.main``) in a subprocess, with a private
runtime directory, and compares what it prints and returns through the daemon with the same
command run without it. The fixture kills every server a test started, whatever happened.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from outreach_lint import client, daemon

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not client.supported(), reason="the daemon needs Linux")

# what pip writes as the console script (sys.path[0] is its directory, whatever the cwd)
SCRIPT = "import sys\nfrom outreach_lint.client import main\nsys.exit(main())\n"


class Daemon:
    def __init__(self, base: str) -> None:
        self.base = base
        self.script = os.path.join(base, "outreach-lint")
        with open(self.script, "w") as fh:
            fh.write(SCRIPT)
        self.env = dict(os.environ)

    def run(self, *args, daemon=True, stdin=None, cwd=ROOT, env=None, timeout=120):
        environ = dict(self.env)
        environ.pop(client.ENV, None)
        if daemon:
            environ[client.ENV] = "1"
        environ.update(env or {})
        proc = subprocess.run(
            [sys.executable, self.script, *map(str, args)],
            input=stdin,
            capture_output=True,
            cwd=cwd,
            env=environ,
            timeout=timeout,
        )
        return proc.returncode, proc.stdout, proc.stderr

    def popen(self, *args, cwd=ROOT):
        environ = dict(self.env, **{client.ENV: "1"})
        return subprocess.Popen(
            [sys.executable, self.script, *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=environ,
        )

    def start(self) -> int:
        code, out, err = self.run("daemon", "start")
        assert code == 0, err
        return _parse_status(out)["pid"]

    def status(self) -> dict:
        code, out, _ = self.run("daemon", "status", daemon=False)
        return _parse_status(out) if code == 0 else {}

    def wait_for_server(self, timeout: float = 60.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if status:
                return status
            time.sleep(0.2)
        raise AssertionError(f"no server came up; log: {self.logs()}")

    def logs(self) -> str:
        return "".join(p.read_text() for p in Path(self.base).glob("*.log"))

    def server_pids(self) -> list[int]:
        pids = []
        for lock in Path(self.base).glob("*.lock"):
            try:
                pid = int(lock.read_text().split()[0])
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except (OSError, ValueError, IndexError):
                continue
            if b"outreach_lint.daemon" in cmdline and _alive(pid):
                pids.append(pid)
        return pids

    def kill_all(self) -> None:
        for pid in self.server_pids():
            _kill(pid, signal.SIGCONT)
            _kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        while self.server_pids() and time.monotonic() < deadline:
            time.sleep(0.05)
        for pid in self.server_pids():
            _kill(pid, signal.SIGKILL)


def _parse_status(out: bytes) -> dict:
    text = out.decode()
    assert text.startswith("running: pid "), text
    pid = int(text.split("pid ", 1)[1].split(",", 1)[0])
    served = int(text.split(" request(s) served", 1)[0].rsplit(" ", 1)[1])
    return {"pid": pid, "served": served}


def _kill(pid: int, sig: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, sig)


def _alive(pid: int) -> bool:
    """Running (not gone, not a zombie nobody reaped yet)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture
def dmn(monkeypatch):
    base = tempfile.mkdtemp(prefix="old-")  # short: a socket path holds at most 108 bytes
    os.chmod(base, 0o700)
    monkeypatch.setenv(client.DIR_ENV, base)
    monkeypatch.setenv(client.IDLE_ENV, "120")
    path = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(path))
    monkeypatch.delenv(client.ENV, raising=False)
    # generous: on a loaded machine a slow answer would make a run fall back (same output, but
    # the test could not tell that it went through the server)
    monkeypatch.setenv(client.TIMEOUT_ENV, "30")
    d = Daemon(base)
    try:
        yield d
    finally:
        d.kill_all()
        shutil.rmtree(base, ignore_errors=True)


# --------------------------------------------------------------------------- same output


@pytest.mark.parametrize("target", ["examples", "tests/corpus"])
def test_same_bytes_and_exit_codes_as_in_process(dmn, target):
    dmn.start()
    commands = [
        ("--format", "json", target),
        ("--format", "text", "--statistics", target),
        ("--format", "sarif", "--no-cache", target),
    ]
    if target == "examples":
        commands += [
            ("--format", "concise", "-j", "1", "examples/templates/good"),  # exit 0
            ("--format", "nonsense", target),  # usage error: exit 2
            ("explain", "PR101"),
            ("--help",),
        ]
    for command in commands:
        direct = dmn.run(*command, daemon=False)
        served = dmn.status()["served"]
        through = dmn.run(*command)
        assert through == direct, command
        assert dmn.status()["served"] == served + 1, (command, dmn.logs())
    assert direct[0] in (0, 1, 2)


def test_stdin_and_the_command_line_switch(dmn):
    dmn.start()
    text = b"Hi {{first_name}},\n\nAct now: this offer expires Friday, so book a call today.\n"
    command = ("--format", "json", "--stdin-filename", "offer.md", "-")
    direct = dmn.run(*command, daemon=False, stdin=text)
    assert direct[0] == 1 and b'"code"' in direct[1]
    through = dmn.run("--daemon", *command, daemon=False, stdin=text)  # the switch, no env
    assert through == direct
    assert dmn.status()["served"] == 1
    # --no-daemon wins over the environment
    assert dmn.run("--no-daemon", *command, stdin=text) == direct
    assert dmn.status()["served"] == 1


def test_config_edit_is_seen(dmn, tmp_path):
    (tmp_path / "offer.md").write_text(
        "Hi there,\n\nAct now: this offer expires Friday, so book a call today.\n\nBest,\nSam\n"
    )
    dmn.start()
    command = ("--format", "json", "--no-cache", "offer.md")
    before = dmn.run(*command, cwd=tmp_path)
    assert before == dmn.run(*command, cwd=tmp_path, daemon=False)
    assert before[0] == 1
    (tmp_path / ".outreach-lint.toml").write_text('ignore = ["ALL"]\n')
    after = dmn.run(*command, cwd=tmp_path)
    assert after == dmn.run(*command, cwd=tmp_path, daemon=False)
    assert after != before and after[0] == 0
    assert dmn.status()["served"] == 2


def test_concurrent_clients(dmn):
    dmn.start()
    commands = [("--format", "json", "examples"), ("--format", "text", "tests/corpus")]
    expected = [dmn.run(*c, daemon=False) for c in commands]
    procs = [dmn.popen(*c) for c in commands]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        results.append((proc.returncode, out, err))
    assert results == expected
    assert dmn.status()["served"] == 2


# --------------------------------------------------------------------------- life cycle


def test_auto_start_then_served_then_stop(dmn):
    assert not dmn.status()
    command = ("--format", "json", "examples/templates")
    direct = dmn.run(*command, daemon=False)
    assert not list(Path(dmn.base).glob("*.sock"))  # the default path starts nothing
    assert dmn.run(*command) == direct  # no server yet: run here, start one
    status = dmn.wait_for_server()
    assert status["served"] == 0
    assert dmn.run(*command) == direct
    assert dmn.status()["served"] == 1
    code, out, _ = dmn.run("daemon", "stop", daemon=False)
    assert code == 0 and b"stopped" in out
    assert not dmn.status() and not dmn.server_pids()
    assert not list(Path(dmn.base).glob("*.sock"))


def test_idle_server_exits(dmn):
    dmn.env[client.IDLE_ENV] = "2"
    pid = dmn.start()
    deadline = time.monotonic() + 30
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not dmn.server_pids()
    assert not list(Path(dmn.base).glob("*.sock"))


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def test_a_lost_spare_child_is_replaced_and_the_server_still_idles_out(dmn):
    dmn.env[client.IDLE_ENV] = "8"  # long enough for two runs on a loaded machine
    command = ("--format", "json", "examples/templates/good")
    direct = dmn.run(*command, daemon=False)
    pid = dmn.start()
    assert dmn.run(*command) == direct
    deadline = time.monotonic() + 10
    while not _children(pid) and time.monotonic() < deadline:
        time.sleep(0.05)  # the child forked ahead of the next request
    spares = _children(pid)
    assert spares
    for spare in spares:
        os.kill(spare, signal.SIGKILL)
    assert dmn.run(*command) == direct
    assert dmn.status()["served"] == 2
    deadline = time.monotonic() + 30
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), dmn.logs()
    assert not _children(pid)


def test_killed_server_falls_back(dmn):
    pid = dmn.start()
    command = ("--format", "json", "examples/templates")
    direct = dmn.run(*command, daemon=False)
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    assert list(Path(dmn.base).glob("*.sock"))  # left behind: connecting is refused
    assert dmn.run(*command) == direct
    assert dmn.wait_for_server()["pid"] != pid  # and a new one was started


def test_hung_server_falls_back_and_never_runs_the_command_twice(dmn, tmp_path):
    pid = dmn.start()
    baseline = tmp_path / "baseline.json"
    command = ("--write-baseline", baseline, "examples/templates")
    direct = dmn.run(*command, daemon=False)
    baseline.unlink()
    os.kill(pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        through = dmn.run(*command, env={client.TIMEOUT_ENV: "0.5"})
        elapsed = time.monotonic() - started
    finally:
        os.kill(pid, signal.SIGCONT)
    assert through == direct
    assert elapsed < 15
    assert baseline.exists()
    baseline.unlink()
    # the server now takes the request the client gave up on: it must not run it
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        time.sleep(0.2)
        assert not baseline.exists()
    assert dmn.status()["served"] <= 1  # the abandoned request may be counted, never run


def _install_plugin(site: Path, text: str) -> None:
    (site / "ol_daemon_plugin.py").write_text(
        textwrap.dedent(
            """
            from outreach_lint.hookspecs import hookimpl

            @hookimpl
            def outreach_lint_formatters():
                return {"daemon-probe": "ol_daemon_plugin:render"}

            def render(report, stream, options):
                stream.write(TEXT)
            """
        ).replace("TEXT", repr(text))
    )
    info = site / "ol-daemon-plugin-1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ol-daemon-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[outreach_lint]\nprobe = ol_daemon_plugin\n")


def test_plugin_and_code_changes_restart_the_server(dmn, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    dmn.env.pop("OUTREACH_LINT_DISABLE_PLUGINS", None)
    dmn.env["PYTHONPATH"] = os.pathsep.join([str(site), dmn.env["PYTHONPATH"]])
    command = ("--format", "daemon-probe", "examples/templates/good")
    # a plugin installed while the server runs: the server is stale, the command runs here
    pid = dmn.start()
    _install_plugin(site, "first\n")
    assert dmn.run(*command) == dmn.run(*command, daemon=False) == (0, b"first\n", b"")
    new = dmn.wait_for_server()
    assert new["pid"] != pid and new["served"] == 0
    assert dmn.run(*command) == (0, b"first\n", b"")
    assert dmn.status()["served"] == 1
    # the plugin's code edited (the server has it imported): stale again, new code used
    _install_plugin(site, "second, longer\n")
    assert dmn.run(*command) == (0, b"second, longer\n", b"")
    newer = dmn.wait_for_server()
    assert newer["pid"] != new["pid"]
    assert dmn.run(*command) == dmn.run(*command, daemon=False) == (0, b"second, longer\n", b"")
    assert dmn.status()["served"] == 1
    assert "changed: exiting" in dmn.logs()


# --------------------------------------------------------------------------- trust


def test_unsafe_runtime_directory_is_not_used(dmn, tmp_path):
    command = ("--format", "json", "examples/templates")
    direct = dmn.run(*command, daemon=False)
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    link = tmp_path / "link"
    link.symlink_to(Path(dmn.base))
    for unsafe in (shared, link):
        assert dmn.run(*command, env={client.DIR_ENV: str(unsafe)}) == direct
        time.sleep(0.3)
        assert not list(shared.iterdir())
    assert not dmn.server_pids()


def test_peer_check_function():
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        assert client.peer_uid(a) == os.getuid()
        assert daemon.peer_allowed(a)
    finally:
        a.close()
        b.close()


def test_peer_check_refuses_another_user(monkeypatch):
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        monkeypatch.setattr(os, "getuid", lambda: 424242)  # we now pose as someone else
        assert not daemon.peer_allowed(a)
    finally:
        a.close()
        b.close()


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to connect as another user")
def test_server_refuses_a_foreign_uid(dmn):
    dmn.start()
    base = Path(dmn.base)
    (sock,) = base.glob("*.sock")
    probe = textwrap.dedent(
        f"""
        import marshal, socket, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        s.connect({str(sock)!r})
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        print(marshal.loads(data[4:]))
        """
    )
    base.chmod(0o711)
    sock.chmod(0o777)
    proc = None
    try:
        for python in (sys.executable, "/usr/bin/python3"):  # one the other user may run
            try:
                proc = subprocess.run(
                    [python, "-I", "-c", probe],
                    capture_output=True,
                    text=True,
                    user=65534,
                    cwd="/",
                    timeout=30,
                )
                break
            except PermissionError:
                continue
    finally:
        base.chmod(0o700)
        sock.chmod(0o700)
    if proc is None:
        pytest.skip("no interpreter the other user may run")
    assert proc.returncode == 0, proc.stderr
    assert "fallback" in proc.stdout and "only its own user" in proc.stdout
    assert dmn.status()["served"] == 0


def test_request_frames_round_trip():
    value = {"argv": ["--format", "json", "caf\udcc3.md"], "env": {"A": "b"}, "umask": 0o22}
    data = client.frame(value)
    assert int.from_bytes(data[:4], "big") == len(data) - 4
    assert marshal.loads(data[4:]) == value


def test_split_switches(monkeypatch):
    monkeypatch.delenv(client.ENV, raising=False)
    assert client.split_switches(["a.md"]) == (False, ["a.md"])
    assert client.split_switches(["--daemon", "a.md"]) == (True, ["a.md"])
    assert client.split_switches(["a.md", "--", "--daemon"]) == (False, ["a.md", "--", "--daemon"])
    monkeypatch.setenv(client.ENV, "1")
    assert client.split_switches(["a.md"]) == (True, ["a.md"])
    assert client.split_switches(["--no-daemon", "a.md"]) == (False, ["a.md"])
    monkeypatch.setenv(client.ENV, "0")
    assert client.split_switches(["a.md"]) == (False, ["a.md"])


def test_in_process_main_accepts_the_switches(run, write):
    root = write({"a.md": "Hi there,\n\nThanks for the notes on the rollout.\n"})
    assert run("--daemon", "--format", "json", str(root / "a.md")) == run(
        "--format", "json", str(root / "a.md")
    )


def test_sigterm_to_the_client_ends_the_served_command(dmn):
    """A pre-commit or CI timeout sends SIGTERM: the command in the server's child ends too,
    and the client ends by the signal, as a command run in-process would."""
    dmn.start()
    environ = dict(dmn.env, **{client.ENV: "1"})
    proc = subprocess.Popen(
        [sys.executable, dmn.script, "--format", "json", "--stdin-filename", "a.md", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=environ,
    )
    try:
        deadline = time.monotonic() + 60
        while dmn.status().get("served", 0) < 1:  # the child reads our stdin (it blocks)
            assert time.monotonic() < deadline, dmn.logs()
            time.sleep(0.1)
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGTERM
        # the child held the other read end of our pipe: once it is gone, nobody reads
        deadline = time.monotonic() + 30
        with pytest.raises(BrokenPipeError):
            while time.monotonic() < deadline:
                proc.stdin.write(b"Hi Sam,\n" * 1000)
                proc.stdin.flush()
                time.sleep(0.1)
    finally:
        with contextlib.suppress(OSError):
            proc.stdin.close()
        proc.kill()
        proc.wait()
