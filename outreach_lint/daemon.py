"""The opt-in resident server behind ``outreach-lint --daemon`` (client side: ``client.py``).

Why: a fresh process pays ~80-90 ms for the interpreter and ~160 imports before it lints a
byte; a pre-commit run on one file needs a few ms of real work. The server pays the imports
once and keeps the compiled caches in memory.

How a request runs:

- The server listens on ``KEY.sock`` in the per-user runtime directory (mode 0700, checked by
  both sides) and serves only clients of its own uid (``SO_PEERCRED``) whose identity (the
  interpreter, import path, flags and locale; :func:`client.identity`) is the one it was
  started with.
- Before each request it compares a fingerprint of everything it holds in memory (size and
  mtime of every loaded module outside the standard library, the built-in packs, the
  plugin entry points): on any change it answers "stale" and exits, so the client runs the
  command itself and the next run starts a fresh server. Configuration is not held: every
  request reads it again, as a fresh process does.
- It forks a child per request, so no working directory, environment or module state of one
  request reaches another. The child takes the client's stdin, stdout and stderr (passed as
  file descriptors), its working directory, environment and umask, recreates ``sys.stdin``,
  ``sys.stdout`` and ``sys.stderr`` as the client's interpreter made them (encoding, errors,
  buffering), and runs :func:`outreach_lint.cli.main`: the same code on the same streams, so
  the output is the same bytes, colours and terminal width included.
- It exits after ``OUTREACH_LINT_DAEMON_IDLE`` seconds without a request (default 600), on
  ``outreach-lint daemon stop`` and on SIGTERM. A lock file (``KEY.lock``, held for the
  server's life) keeps two clients from starting two servers.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import time

from . import client

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

DEFAULT_IDLE = 600.0


# --------------------------------------------------------------------------- fingerprint


def watched_files() -> tuple[str, ...]:
    """The files behind what the server holds in memory: every loaded module with a file
    outside the standard library (``outreach_lint``, its dependencies, plugins) and the
    built-in packs (and their directory: a pack added or removed)."""
    import sysconfig

    from .packs import builtin_pack_dir

    stdlib = {os.path.realpath(sysconfig.get_paths()[k]) + os.sep for k in ("stdlib", "platstdlib")}
    files = set()
    for module in list(sys.modules.values()):
        name = getattr(module, "__file__", None)
        if not isinstance(name, str):
            continue
        real = os.path.realpath(name)
        if any(real.startswith(prefix) for prefix in stdlib) and "site-packages" not in real:
            continue
        files.add(real)
    try:
        packs_dir = str(builtin_pack_dir())
        files.update(
            os.path.join(packs_dir, n) for n in os.listdir(packs_dir) if n.endswith(".toml")
        )
        files.add(packs_dir)
    except OSError:
        pass
    return tuple(sorted(files))


def fingerprint(files: tuple[str, ...]) -> tuple:
    """The stats of ``files`` and what decides the plugins found (:func:`plugin_key`): any
    change makes the server stale."""
    stats = []
    for name in files:
        try:
            st = os.stat(name)
            stats.append((name, st.st_size, st.st_mtime_ns, st.st_ino))
        except OSError:
            stats.append((name, -1, -1, -1))
    return (tuple(stats), plugin_key())


def plugin_key() -> tuple:
    """The installed distributions' metadata directories on ``sys.path`` and the size and
    mtime of each one's ``entry_points.txt``: a plugin installed, removed, upgraded or given
    another entry point changes it.

    Like ``plugins._environment_key`` but without the mtime of each ``sys.path`` directory,
    which changes with any file created there (``python -m`` puts the working directory on
    the path). With a custom metadata finder on ``sys.meta_path`` (some editable installs)
    the entry points themselves are read, as a fresh process would.
    """
    from importlib.machinery import PathFinder

    for finder in sys.meta_path:
        if finder is not PathFinder and getattr(finder, "find_distributions", None) is not None:
            from . import plugins

            return tuple(
                (ep.name, ep.value, version) for ep, version in plugins._scan_entry_points()
            )
    parts: list[tuple] = []
    for entry in sys.path:
        where = entry or "."
        try:
            children = sorted(os.listdir(where)) if os.path.isdir(where) else None
        except OSError:
            children = None
        if children is None:
            try:
                st = os.stat(where)  # a zip file: its mtime covers its content
                parts.append((entry, st.st_size, st.st_mtime_ns))
            except OSError:
                parts.append((entry, -1, -1))
            continue
        for child in children:
            if child.lower().endswith((".dist-info", ".egg-info")):
                try:
                    st = os.stat(os.path.join(where, child, "entry_points.txt"))
                    parts.append((entry, child, st.st_size, st.st_mtime_ns))
                except OSError:
                    parts.append((entry, child, -1, -1))
    return tuple(parts)


# --------------------------------------------------------------------------- the server


class Server:
    def __init__(self, spec: dict) -> None:
        self.identity = tuple(spec["id"])
        self.base = spec["dir"]
        self.key = spec["key"]
        self.sock_path, self.lock_path, self.log_path = client.paths(self.base, self.key)
        self.idle = _idle()
        self.started = time.time()
        self.served = 0
        self.child_cpu = 0.0  # user + system seconds of the finished requests' children
        self.children: set[int] = set()
        self.stop = False
        self.listener: socket.socket | None = None
        self.lock_fd = -1
        self.bound: tuple[int, int] | None = None
        self.fingerprint: tuple = ()
        self.watched: tuple[str, ...] = ()
        self.spare: tuple[int, socket.socket] | None = None

    # ---- start-up

    def lock(self, wait: float = 3.0) -> bool:
        """Hold ``KEY.lock`` for the server's life: one server per key (an old one exiting
        after "stale" releases it within moments, so wait a little)."""
        import fcntl

        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline or self._answers():
                    os.close(fd)
                    return False
                time.sleep(0.05)
        self.lock_fd = fd
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        return True

    def _answers(self) -> bool:
        try:
            client.connect(self.sock_path, 1.0).close()
            return True
        except OSError:
            return False

    def warm_up(self) -> None:
        """Import what runs import and fill the in-memory caches, so a child starts warm.

        Lints a small message in every built-in input format (with a config file and a result
        cache, whose readers are imported then) and writes every built-in output format, in an
        empty directory; imports the modules of the other commands. Then builds the argument
        parser once (``cli.build_parser`` then returns it): each child is forked with its own
        copy of it, so what one request's parsing does to it cannot reach another.
        """
        import importlib
        import io
        import tempfile

        from . import cli, config, packs
        from .formatters import BUILTIN_FORMATTERS

        packs.MATCHER_MEMO = {}

        with tempfile.TemporaryDirectory(prefix="outreach-lint-warm-") as tmp:
            for name, text in WARM_UP_FILES.items():
                with open(os.path.join(tmp, name), "w", encoding="utf-8") as fh:
                    fh.write(text)
            here = os.getcwd()
            os.chdir(tmp)
            try:
                for i, fmt in enumerate(BUILTIN_FORMATTERS):
                    cache = ["--no-cache"] if i % 2 else ["--cache-dir", os.path.join(tmp, "c")]
                    cli.main(
                        ["check", *cache, "--format", fmt, "-j", "1", "."],
                        stdout=io.StringIO(),
                        stderr=io.StringIO(),
                    )
            finally:
                os.chdir(here)
        for module in WARM_UP_MODULES:
            try:
                importlib.import_module(module)
            except Exception as exc:  # a missing optional piece: that child imports it
                self.log(f"warm-up: cannot import {module}: {exc}")
        config._real_dir.cache_clear()  # paths of the warm-up directory: not the user's
        parser = cli.build_parser()
        cli.build_parser = lambda: parser  # type: ignore[assignment]

    def bind(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.sock_path)  # a dead server's socket (we hold the lock)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o077)
        try:
            listener.bind(self.sock_path)
        finally:
            os.umask(old)
        st = os.stat(self.sock_path)
        self.bound = (st.st_dev, st.st_ino)
        listener.listen(64)
        listener.settimeout(1.0)
        self.listener = listener

    # ---- the loop

    def run(self) -> None:
        assert self.listener is not None
        last = time.monotonic()
        while not self.stop:
            self.reap()
            if not self.children and time.monotonic() - last > self.idle:
                break
            # a moment after a request (no other one came), fork the next request's child
            self.listener.settimeout(1.0 if self.spare is not None else 0.02)
            try:
                conn, _ = self.listener.accept()
            except socket.timeout:
                if self.spare is None and not self.stop:
                    self.spare = self.fork_spare()
                continue
            except InterruptedError:
                continue
            except OSError:
                if self.stop:
                    break
                raise
            last = time.monotonic()
            try:
                self.handle(conn)
            except Exception as exc:  # one bad request never takes the server down
                self.log(f"request failed: {type(exc).__name__}: {exc}")
            finally:
                conn.close()

    def fork_spare(self) -> tuple[int, socket.socket] | None:
        """A child forked ahead of the next request (the fork, ~3 ms, is then off the
        request's path), waiting on a socket pair for the connection and the request."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 1
            try:
                ours.close()
                self.in_child()
                code = _spare(theirs)
            finally:
                os._exit(code)
        theirs.close()
        return pid, ours

    def in_child(self) -> None:
        os.close(self.lock_fd)
        if self.listener is not None:
            self.listener.close()
        if self.spare is not None:
            self.spare[1].close()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def reap(self) -> None:
        """Collect the finished children of requests (by pid: the spare is not one of them)."""
        for pid in list(self.children):
            try:
                done, _status, usage = os.wait4(pid, os.WNOHANG)
            except ChildProcessError:  # not ours any more
                self.children.discard(pid)
                continue
            if done:
                self.children.discard(pid)
                self.child_cpu += usage.ru_utime + usage.ru_stime

    def handle(self, conn: socket.socket) -> None:
        conn.settimeout(2.0)
        if not peer_allowed(conn):
            _send(conn, ("fallback", "the daemon serves only its own user"))
            return
        request = client.read_frame(conn)
        if not isinstance(request, dict) or request.get("id") != self.identity:
            _send(conn, ("fallback", "the daemon was started for another interpreter"))
            return
        kind = request.get("kind")
        if kind == "ping":
            _send(conn, ("status", self.status()))
            return
        if kind == "stop":
            self.stop = True
            _send(conn, ("stopping", os.getpid()))
            return
        if kind != "run":
            _send(conn, ("fallback", "malformed request"))
            return
        if fingerprint(self.watched) != self.fingerprint:
            self.log("code, packs or plugins changed: exiting")
            self.stop = True
            _send(conn, ("stale", "outreach-lint, its packs or plugins changed"))
            return
        spare, self.spare = self.spare, None
        if spare is not None:
            pid, pair = spare
            try:
                pair.sendmsg(
                    [client.frame(request)],
                    [
                        (
                            socket.SOL_SOCKET,
                            socket.SCM_RIGHTS,
                            conn.fileno().to_bytes(4, sys.byteorder),
                        )
                    ],
                )
            except OSError:  # the spare is gone: fork one now
                spare = None
            finally:
                pair.close()
            self.children.add(pid)
        if spare is None:
            pid = os.fork()
            if pid == 0:  # the child: never returns
                code = 1
                try:
                    self.in_child()
                    code = _child(conn, request)
                finally:
                    os._exit(code)
            self.children.add(pid)
        self.served += 1

    def status(self) -> dict:
        self.reap()
        return {
            "pid": os.getpid(),
            "uptime": time.time() - self.started,
            "served": self.served,
            "child_cpu": self.child_cpu,
            "socket": self.sock_path,
            "idle_timeout": self.idle,
            "version": _version(),
        }

    def shutdown(self) -> None:
        if self.listener is not None:
            self.listener.close()
        if self.spare is not None:  # it reads end-of-file and exits
            self.spare[1].close()
            with contextlib.suppress(OSError):
                os.waitpid(self.spare[0], 0)
        try:  # only our own socket: a successor may already have bound the path
            st = os.stat(self.sock_path)
            if (st.st_dev, st.st_ino) == self.bound:
                os.unlink(self.sock_path)
        except OSError:
            pass

    def log(self, message: str) -> None:
        sys.stderr.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} [{os.getpid()}] {message}\n")
        sys.stderr.flush()


def serve(spec: dict) -> None:
    """The server process (started by :func:`client.spawn_server`); returns when it stops."""
    os.closerange(3, 1 << 16)  # hold no pipe of whoever started us
    server = Server(spec)
    if not client._private(server.base, os.getuid()) or sys.executable != server.identity[1]:
        server.log("refusing to start: unsafe runtime directory or another interpreter")
        return
    if not server.lock():
        return
    try:
        signal.signal(signal.SIGTERM, lambda *_: setattr(server, "stop", True))
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        server.warm_up()
        server.watched = watched_files()
        server.fingerprint = fingerprint(server.watched)
        server.bind()
        import gc

        gc.collect()
        gc.freeze()  # the forked children then do not touch (copy) the warmed-up objects
        server.log(f"serving {server.sock_path} (outreach-lint {_version()})")
        server.run()
    except Exception as exc:
        server.log(f"server error: {type(exc).__name__}: {exc}")
    finally:
        server.shutdown()
        server.log(f"stopped after {server.served} request(s)")


def peer_allowed(conn: socket.socket) -> bool:
    """True when the peer of ``conn`` runs as this user (``SO_PEERCRED``); False when it does
    not or the platform cannot tell."""
    try:
        return client.peer_uid(conn) == os.getuid()
    except (OSError, AttributeError):
        return False


def _receive_fds(conn: socket.socket) -> list[int]:
    """The client's stdin, stdout and stderr, sent with its b"go" (closed if anything is off)."""
    fds: list[int] = []
    data, ancdata, flags, _ = conn.recvmsg(
        2, socket.CMSG_SPACE(3 * 4), getattr(socket, "MSG_CMSG_CLOEXEC", 0)
    )
    for level, kind, payload in ancdata:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            usable = len(payload) - len(payload) % 4
            fds.extend(
                int.from_bytes(payload[i : i + 4], sys.byteorder) for i in range(0, usable, 4)
            )
    if data != b"go" or len(fds) != 3 or flags & getattr(socket, "MSG_CTRUNC", 0):
        for fd in fds:
            os.close(fd)
        raise EOFError("no go")
    return fds


def _send(conn: socket.socket, value: object) -> None:
    conn.sendall(client.frame(value))


def _idle() -> float:
    try:
        value = float(os.environ.get(client.IDLE_ENV, ""))
    except ValueError:
        return DEFAULT_IDLE
    return value if value > 0 else DEFAULT_IDLE


def _version() -> str:
    from . import __version__

    return __version__


# --------------------------------------------------------------------------- the child


def _spare(pair: socket.socket) -> int:
    """A child forked ahead: wait for the server to hand over a connection and its request
    (or close the pair: then exit), then serve it as :func:`_child`."""
    import marshal

    try:
        data, ancdata, _flags, _ = pair.recvmsg(1 << 20, socket.CMSG_SPACE(4))
        fds = [
            int.from_bytes(payload[:4], sys.byteorder)
            for level, kind, payload in ancdata
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS and len(payload) >= 4
        ]
        if len(fds) != 1:
            return 0
        size = int.from_bytes(data[:4], "big")
        while len(data) < size + 4:
            chunk = pair.recv(1 << 20)
            if not chunk:
                return 0
            data += chunk
        request = marshal.loads(data[4 : size + 4])
    except (OSError, EOFError, ValueError):
        return 0
    finally:
        pair.close()
    return _child(socket.socket(fileno=fds[0]), request)


def _child(conn: socket.socket, request: dict) -> int:
    """Take the client's working directory, environment, umask and argv, say "ready", wait for
    "go" with the client's streams, run ``cli.main``; the exit status of this process."""
    conn.settimeout(10.0)
    try:
        try:
            _adopt(request)
        except Exception as exc:
            _send(conn, ("fallback", f"cannot take the request: {exc}"))
            return 0
        _send(conn, ("ready", os.getpid()))
        fds = _receive_fds(conn)
    except (OSError, EOFError):  # the client gave up and ran the command itself
        return 0
    try:
        _streams(request["streams"], fds)
    except Exception as exc:
        for fd in fds:
            os.close(fd)
        _send(conn, ("fallback", f"cannot take the streams: {exc}"))
        return 0
    conn.settimeout(None)
    code = _main(list(request["argv"]))
    with contextlib.suppress(OSError):
        _send(conn, ("exit", code))
    return 0


def _adopt(request: dict) -> None:
    """The client's working directory, environment, umask and argv."""
    os.chdir(request["cwd"])
    st = os.stat(".")
    if (st.st_dev, st.st_ino) != tuple(request["cwd_id"]) or os.getcwd() != request["cwd"]:
        raise OSError("the working directory is not the client's")
    env = request["env"]
    os.environ.clear()
    os.environ.update(env)
    os.umask(request["umask"])
    sys.argv = [request["argv0"], *request["argv"]]


def _streams(specs: list, fds: list[int]) -> None:
    """``sys.stdin``, ``sys.stdout`` and ``sys.stderr`` on the client's file descriptors, made
    as its interpreter made them (encoding, errors, line buffering, write-through)."""
    import io

    for target, fd in enumerate(fds):
        os.dup2(fd, target)  # inheritable: -j workers and git get them too
        os.close(fd)
    streams = []
    for fd, (encoding, errors, line_buffering, write_through) in enumerate(specs):
        writing = fd != 0
        raw = open(  # noqa: SIM115 (kept open: it is the process's stream)
            fd,
            "wb" if writing else "rb",
            buffering=0 if write_through and writing else -1,
            closefd=False,
        )
        streams.append(
            io.TextIOWrapper(
                raw,
                encoding=encoding,
                errors=errors,
                newline="\n",
                line_buffering=line_buffering,
                write_through=write_through,
            )
        )
    sys.stdin, sys.stdout, sys.stderr = streams
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = streams


def _main(argv: list[str]) -> int:
    """``sys.exit(cli.main(argv))`` as the console script does it, exit status included."""
    from .cli import main

    try:
        code: Any = main(argv)
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt:
        code = 130
    except BaseException:  # what the interpreter would print before exiting 1
        import traceback

        traceback.print_exc()
        code = 1
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = 120  # as the interpreter does when it cannot flush at exit
    for fd in (0, 1, 2):  # the reader sees end-of-file once the client exits
        with contextlib.suppress(OSError):
            os.close(fd)
    return code & 0xFF


# --------------------------------------------------------------------------- control


def control(action: str, out: Any, err: Any) -> int:
    """``outreach-lint daemon start|stop|status`` for this interpreter's server."""
    if not client.supported():
        err.write("outreach-lint: the daemon needs Linux (Unix sockets with peer credentials)\n")
        return 2
    base = client.runtime_dir()
    if base is None:
        err.write(
            "outreach-lint: no private runtime directory for the daemon (it must be owned by "
            f"you with mode 0700); set {client.DIR_ENV} or XDG_RUNTIME_DIR\n"
        )
        return 2
    ident = client.identity()
    key = client.key_of(ident)
    sock_path, _lock, log_path = client.paths(base, key)
    status = _ask(sock_path, ident, "ping")
    if action == "status":
        if status is None:
            out.write(f"not running (socket {sock_path})\n")
            return 1
        out.write(_describe(status))
        return 0
    if action == "stop":
        if status is None:
            out.write("not running\n")
            return 0
        _ask(sock_path, ident, "stop")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and os.path.exists(sock_path):
            time.sleep(0.05)
        out.write(f"stopped (pid {status['pid']})\n")
        return 0
    if action == "start":
        if status is None:
            client.spawn_server(ident, base, key)
            deadline = time.monotonic() + 60
            while status is None and time.monotonic() < deadline:
                time.sleep(0.05)
                status = _ask(sock_path, ident, "ping")
            if status is None:
                err.write(f"outreach-lint: the daemon did not start; see {log_path}\n")
                return 2
        out.write(_describe(status))
        return 0
    err.write(f"outreach-lint: unknown daemon action {action!r}\n")
    return 2


def _ask(sock_path: str, ident: tuple, kind: str) -> dict | None:
    try:
        sock = client.connect(sock_path, 2.0)
    except OSError:
        return None
    try:
        sock.sendall(client.frame({"kind": kind, "id": ident}))
        reply = client.read_frame(sock)
    except (OSError, EOFError, ValueError):
        return None
    finally:
        sock.close()
    if isinstance(reply, tuple) and len(reply) == 2:
        if reply[0] == "status" and isinstance(reply[1], dict):
            return reply[1]
        if reply[0] == "stopping":
            return {"pid": reply[1]}
    return None


def _describe(status: dict) -> str:
    return (
        f"running: pid {status.get('pid')}, outreach-lint {status.get('version')}, "
        f"up {status.get('uptime', 0):.0f} s, {status.get('served', 0)} request(s) served "
        f"(their children's CPU {status.get('child_cpu', 0.0):.3f} s), "
        f"idle timeout {status.get('idle_timeout', 0):.0f} s, socket {status.get('socket')}\n"
    )


_MESSAGE = """\
Hi {{first_name}},

I wanted to reach out because we are the leading platform for revolutionary growth. Act now:
this offer expires Friday, so book a call today and let's close this deal.

Best,
Sam
"""

#: a message in every built-in input format, and a config file (its reader is imported then)
WARM_UP_FILES = {
    ".outreach-lint.toml": "# the server's warm-up\nignore = []\n",
    "warm.md": "---\nsubject: Quick question about your Q3 plans\n---\n" + _MESSAGE,
    "warm.txt": "Subject: Quick question\n\n" + _MESSAGE,
    "warm.html": "<html><body><p>" + _MESSAGE.replace("\n\n", "</p><p>") + "</p></body></html>\n",
    "warm.liquid": _MESSAGE.replace(
        "{{first_name}}", "{{ contact.first_name | default: 'there' }}"
    ),
    "warm.eml": "Subject: Quick question\nFrom: sam@example.com\nTo: {{email}}\n\n" + _MESSAGE,
    "warm.sequence.yaml": "steps:\n  - subject: Quick question\n    body: |\n      Act now, book a call.\n",
    "warm.sequence.json": '{"steps": [{"subject": "Quick question", "body": "Act now."}]}\n',
    "warm.sequence.csv": "subject,body\nQuick question,Act now and book a call today.\n",
}

#: modules of the commands and options the warm-up run does not reach
WARM_UP_MODULES = (
    "outreach_lint.baseline",
    "outreach_lint.fixer",
    "outreach_lint.fixes",
    "outreach_lint.gitdiff",
    "outreach_lint.scoring",
    "outreach_lint.formatters.score",
    "outreach_lint.htmlreport",
    "outreach_lint.ruledocs",
    "outreach_lint.spool",
    "difflib",
    "json",
    "traceback",
)
