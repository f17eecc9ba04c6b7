"""The ``outreach-lint`` console script: run in-process, or through the opt-in resident server.

Without the daemon (the default) this module only decides that, then calls
:func:`outreach_lint.cli.main` exactly as the console script always did. With the daemon on
(``OUTREACH_LINT_DAEMON=1`` or ``--daemon``) it hands the command to a per-user server that keeps
everything imported (:mod:`outreach_lint.daemon`): the server forks a child per request, and the
child runs the same ``cli.main`` on this process's own stdin, stdout and stderr (passed over the
Unix socket), in its working directory, with its environment and umask. Whenever the daemon is
off, unsupported, absent, stale, slow to answer or refuses, the command runs here instead, with
the same result.

Start-up matters here (a pre-commit run pays it for every commit), so this module imports only
what is already loaded at interpreter start (``os``, ``sys``, ``marshal``) plus the C modules
``_socket`` and ``zlib``, and those only when the daemon is on: no ``socket`` (enum, selectors),
no argparse, no pathlib, nothing of the engine.
"""

from __future__ import annotations

import os
import sys

ENV = "OUTREACH_LINT_DAEMON"
DIR_ENV = "OUTREACH_LINT_DAEMON_DIR"
TIMEOUT_ENV = "OUTREACH_LINT_DAEMON_TIMEOUT"
IDLE_ENV = "OUTREACH_LINT_DAEMON_IDLE"
#: the switches the console script understands before anything else (removed from argv)
ON, OFF = "--daemon", "--no-daemon"
PROTOCOL = 1
#: seconds to wait for the server to take a request before running it here
DEFAULT_TIMEOUT = 3.0
_TRUE = ("1", "true", "yes", "on")


def main() -> int:
    """The console script: ``outreach-lint ARGS``."""
    argv = sys.argv[1:]
    wanted, argv = split_switches(argv)
    if wanted and (not argv or argv[0] != "daemon"):
        code = _through_daemon(argv)
        if code is not None:
            return code
    from . import gcpause, lazyimport

    # the collector stays off to the end of a one-file run, its exit included: turned on
    # there, its first collection would walk every object the run made (gcpause.py)
    paused = gcpause.pause()
    lazyimport.install()  # `inspect` only if used (lazyimport.py)
    from .cli import main as cli_main

    code = cli_main(argv)
    _exit_now(code)
    gcpause.end(paused)
    return code


#: top-level packages besides the standard library whose modules hold no state that needs the
#: interpreter's teardown: ours, our dependencies, and setuptools' start-up shim of every venv
_OWN = frozenset(("outreach_lint", "pluggy", "regex", "yaml", "_yaml", "tomli", "_distutils_hack"))


def _exit_now(code: object) -> None:
    """End the process now with ``code`` (never returning), when that is what the usual exit
    would do, minus the teardown.

    The usual exit tears the interpreter down: a full garbage collection and the freeing of
    every module, class and cached table, ~50 M instructions, more than a tenth of a one-file
    run and nothing anyone sees. Here the exit handlers run (``atexit``: the compiled cache's
    tables are saved there), stdout and stderr are flushed, then ``os._exit``. Only when
    nothing else could need the teardown: no module from outside the standard library and
    :data:`_OWN` is loaded (a plugin, a ``sitecustomize``, a coverage tool, a test runner: the
    usual exit then), no other thread runs, not in development mode. A failed flush is left
    to the usual exit, which reports it as always.
    """
    if type(code) is not int or not 0 <= code <= 255 or sys.flags.dev_mode:
        return
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() != 1:
        return
    stdlib = os.path.dirname(os.__file__) + os.sep
    lazy = sys.modules.get("outreach_lint.lazyimport")
    stand_in = lazy.LazyModule if lazy is not None else ()
    for name, module in list(sys.modules.items()):
        if isinstance(module, stand_in):
            continue  # a module never imported (lazyimport.py): reading it would import it
        path = getattr(module, "__file__", None)
        if path is None or name == "__main__" or name.partition(".")[0] in _OWN:
            continue  # __main__: the console script itself (or python -m's __main__.py)
        if not (isinstance(path, str) and path.startswith(stdlib)) or "-packages" in path:
            return
    import atexit

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None:
        return
    run_exit_handlers()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except Exception:
        return
    os._exit(code)


def split_switches(argv: list[str]) -> tuple[bool, list[str]]:
    """(daemon wanted, argv without ``--daemon``/``--no-daemon``).

    ``OUTREACH_LINT_DAEMON=1`` turns the daemon on; the last switch on the command line (before
    a ``--``) wins over the environment.
    """
    wanted = os.environ.get(ENV, "").strip().lower() in _TRUE
    if ON not in argv and OFF not in argv:
        return wanted, argv
    rest: list[str] = []
    for i, arg in enumerate(argv):
        if arg == "--":
            rest.extend(argv[i:])
            break
        if arg == ON:
            wanted = True
        elif arg == OFF:
            wanted = False
        else:
            rest.append(arg)
    return wanted, rest


# --------------------------------------------------------------------------- where and who


def supported() -> bool:
    """Unix sockets with peer credentials (Linux): elsewhere everything runs in-process."""
    return sys.platform.startswith("linux") and os.name == "posix"


def runtime_dir(create: bool = True) -> str | None:
    """The per-user directory of the sockets, or None when no safe one exists.

    ``$OUTREACH_LINT_DAEMON_DIR``, else ``$XDG_RUNTIME_DIR/outreach-lint``, else
    ``$TMPDIR/outreach-lint-UID`` (``/tmp``). It must be a real directory (not a symlink) owned
    by this user that no one else can enter (mode 0700): anyone who could create a socket there
    would receive our terminal, our environment and our files.
    """
    uid = os.getuid()
    base = os.environ.get(DIR_ENV, "").strip()
    if not base:
        xdg = os.environ.get("XDG_RUNTIME_DIR", "").strip()
        if xdg and os.path.isabs(xdg) and _private(xdg, uid):
            base = os.path.join(xdg, "outreach-lint")
        else:
            tmp = os.environ.get("TMPDIR", "").strip() or "/tmp"
            base = os.path.join(tmp, f"outreach-lint-{uid}")
    if not os.path.isabs(base):
        return None
    if create:
        try:
            os.mkdir(base, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return None
    return base if _private(base, uid) else None


def _private(path: str, uid: int) -> bool:
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return (st.st_mode & 0o170000) == 0o040000 and st.st_uid == uid and not st.st_mode & 0o077


def identity() -> tuple:
    """What a server must share with this process to give the same results.

    The interpreter and its flags, the import path (so the same ``outreach_lint``, plugins and
    dependencies), the package's location, the locale settings Python reads at start-up (and
    those of argparse's messages: the server builds the parser) and the group (files written
    by ``--fix`` get it). A server is started with exactly these and
    serves only clients that match.
    """
    cwd = _cwd()
    path = [os.path.join(cwd, p) if not os.path.isabs(p) else p for p in sys.path]
    env = os.environ
    flags = sys.flags
    return (
        PROTOCOL,
        sys.executable,
        sys.version,
        tuple(path),
        os.path.dirname(os.path.abspath(__file__)),
        (flags.optimize, flags.utf8_mode, flags.dev_mode, flags.no_user_site),
        (sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()),
        tuple(
            env.get(k)
            for k in (
                "LC_ALL",
                "LC_CTYPE",
                "LC_MESSAGES",
                "LANG",
                "LANGUAGE",
                "PYTHONUTF8",
                "PYTHONIOENCODING",
                "PYTHONHOME",
            )
        ),
        (os.getgid(), os.getegid()),
    )


def _cwd() -> str:
    try:
        return os.getcwd()
    except OSError:
        return ""


def key_of(ident: tuple) -> str:
    import marshal
    import zlib

    return f"{zlib.crc32(marshal.dumps(ident, 4)):08x}"


def paths(base: str, key: str) -> tuple[str, str, str]:
    """(socket, lock file, log file) of the server for ``key`` in ``base``."""
    stem = os.path.join(base, key)
    return stem + ".sock", stem + ".lock", stem + ".log"


# --------------------------------------------------------------------------- the protocol
#
# client -> server: one frame (4-byte length, marshal):
#   {"kind": "run", "id": identity, "cwd": path, "cwd_id": (dev, ino), "argv": [...],
#    "argv0": str, "env": {...}, "umask": int, "streams": [(encoding, errors, line_buffering,
#    write_through) for stdin, stdout, stderr]}   (or {"kind": "ping"|"stop", "id": identity})
# server -> client: ("ready", child pid) once a child has taken the working directory and
#   environment, or ("fallback", reason) / ("stale", reason): nothing ran, run it here.
# client -> server: b"go" with this process's fds 0, 1, 2 attached (SCM_RIGHTS). Only now may the
#   child run anything: a client that gave up waiting has closed the socket, so a late child
#   never runs a command twice, and a hung server never holds the client's pipes.
# server -> client: ("exit", code) after the child flushed and closed the streams, or
#   ("fallback", reason) if it could not take the streams (nothing ran).


def frame(value: object) -> bytes:
    import marshal

    data = marshal.dumps(value, 4)
    return len(data).to_bytes(4, "big") + data


def read_frame(sock, limit: int = 1 << 24) -> object:
    import marshal

    head = _recv_exact(sock, 4)
    size = int.from_bytes(head, "big")
    if size > limit:
        raise OSError("frame too large")
    return marshal.loads(_recv_exact(sock, size))


def _recv_exact(sock, size: int) -> bytes:
    chunks = []
    while size:
        chunk = sock.recv(min(size, 1 << 20))
        if not chunk:
            raise EOFError("the daemon closed the connection")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def peer_uid(sock) -> int:
    """The uid of the process at the other end of a connected Unix socket (``SO_PEERCRED``)."""
    import _socket

    raw = sock.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, 12)
    return int.from_bytes(raw[4:8], sys.byteorder)  # struct ucred {pid_t pid; uid_t uid; gid_t gid}


def connect(sock_path: str, timeout: float):
    """A socket connected to the server at ``sock_path`` (same uid checked), or None."""
    import _socket

    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(sock_path)
        if peer_uid(sock) != os.getuid():
            raise OSError("the daemon runs as another user")
    except BaseException:
        sock.close()
        raise
    return sock


def _timeout() -> float:
    try:
        value = float(os.environ.get(TIMEOUT_ENV, ""))
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


def _streams() -> list | None:
    """How stdin, stdout and stderr decode and encode, or None when one is not the usual one."""
    out = []
    for fd, stream in enumerate((sys.stdin, sys.stdout, sys.stderr)):
        try:
            if stream is None or stream.fileno() != fd or type(stream).__name__ != "TextIOWrapper":
                return None
            out.append(
                (
                    stream.encoding,
                    stream.errors,
                    bool(stream.line_buffering),
                    bool(getattr(stream, "write_through", False)),
                )
            )
        except (AttributeError, ValueError, OSError):
            return None
    return out


def _through_daemon(argv: list[str]) -> int | None:
    """The exit code of ``argv`` run by the server, or None: run it in-process instead."""
    if not supported():
        return None
    streams = _streams()
    base = runtime_dir()
    cwd = _cwd()
    if streams is None or base is None or not cwd:
        return None
    try:
        st = os.stat(cwd)
        ident = identity()
        key = key_of(ident)
        sock_path, _lock, _log = paths(base, key)
        if len(os.fsencode(sock_path)) > 100:  # sun_path holds 108 bytes
            return None
        umask = os.umask(0o022)
        os.umask(umask)
        request = {
            "kind": "run",
            "id": ident,
            "cwd": cwd,
            "cwd_id": (st.st_dev, st.st_ino),
            "argv": argv,
            "argv0": sys.argv[0] if sys.argv else "outreach-lint",
            "env": dict(os.environ),
            "umask": umask,
            "streams": streams,
        }
        data = frame(request)
    except (OSError, ValueError):
        return None
    timeout = _timeout()
    try:
        sock = connect(sock_path, timeout)
    except (OSError, ValueError):
        spawn_server(ident, base, key)
        return None
    try:
        return _run(sock, data, timeout, ident, base, key)
    finally:
        sock.close()


def _run(sock, data: bytes, timeout: float, ident: tuple, base: str, key: str) -> int | None:
    import _socket

    try:
        sock.sendall(data)
        reply = read_frame(sock)
        if not isinstance(reply, tuple) or not reply:
            return None
        if reply[0] == "stale":  # the server is exiting: the next run gets a fresh one
            spawn_server(ident, base, key)
            return None
        if reply[0] != "ready" or len(reply) != 2 or not isinstance(reply[1], int):
            return None
        child = reply[1]
        # the streams go only now, to a child that is known to be there: a hung server never
        # holds a pipe its caller waits on
        fds = b"".join(fd.to_bytes(4, sys.byteorder) for fd in (0, 1, 2))
        sock.sendmsg([b"go"], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, fds)])
    except (OSError, EOFError, ValueError, TypeError):
        return None
    # from here on the command runs in the server's child: no fallback once it started (it may
    # have written output or fixed files), and no time limit (a large run takes its time)
    sock.settimeout(None)
    interrupted = 0
    restore = _forward_sigterm(child)
    try:
        while True:
            try:
                reply = read_frame(sock)
                break
            except KeyboardInterrupt:
                interrupted += 1
                _signal_child(child, 2 if interrupted == 1 else 9)  # SIGINT, then SIGKILL
            except (OSError, EOFError, ValueError, TypeError) as exc:
                sys.stderr.write(
                    f"outreach-lint: the daemon's worker ended without a result ({exc}); the "
                    "command may have run partly. Run it again with --no-daemon.\n"
                )
                return 2
    finally:
        restore()
    if isinstance(reply, tuple) and len(reply) == 2:
        if reply[0] == "exit" and isinstance(reply[1], int):
            return reply[1]
        if reply[0] == "fallback":  # it could not take the streams: nothing ran
            return None
    sys.stderr.write("outreach-lint: unexpected answer from the daemon; run with --no-daemon.\n")
    return 2


def _forward_sigterm(child: int) -> object:
    """While the server's child runs the command: a SIGTERM to this process (a pre-commit or
    CI timeout, ``kill``) ends the child too, then this process, by the same signal, as it
    would have ended the command run in-process. Left alone when SIGTERM is not at its
    default (ignored, or handled by whoever started us). Returns what restores the handler."""
    import _signal

    term = _signal.SIGTERM
    if _signal.getsignal(term) != _signal.SIG_DFL:
        return lambda: None

    def forward(signum: int, frame: object) -> None:
        _signal_child(child, term)
        _signal.signal(term, _signal.SIG_DFL)
        os.kill(os.getpid(), term)  # ends this process as the signal would have

    try:
        _signal.signal(term, forward)
    except (ValueError, OSError):  # not the main thread
        return lambda: None
    return lambda: _signal.signal(term, _signal.SIG_DFL)


def _signal_child(pid: int, sig: int) -> None:
    try:  # noqa: SIM105 (contextlib is an import this module avoids)
        os.kill(pid, sig)
    except OSError:
        pass


BOOT = (
    "import os,sys,marshal;os.chdir('/');"
    "s=marshal.loads(bytes.fromhex(os.environ.pop('OUTREACH_LINT_DAEMON_SPEC')));"
    "sys.path[:]=list(s['id'][3]);"
    "from outreach_lint.daemon import serve;serve(s)"
)


def spawn_server(ident: tuple, base: str, key: str) -> int | None:
    """Start a detached server for ``ident`` (it exits at once if one is already starting).

    The server gets /dev/null as stdin, the log file as stdout and stderr, a session of its own
    and the interpreter flags that change behaviour; it closes every other inherited fd first
    thing, so it never holds a pipe a caller (pre-commit) waits on.
    """
    _sock, _lock, log = paths(base, key)
    spec = {"id": ident, "dir": base, "key": key}
    env = dict(os.environ)
    env["OUTREACH_LINT_DAEMON_SPEC"] = frame(spec)[4:].hex()
    env.pop(ENV, None)
    flags = ["-O"] * ident[5][0] + (["-X", "utf8"] if ident[5][1] else [])
    flags += ["-X", "dev"] if ident[5][2] else []
    flags += ["-s"] if ident[5][3] else []
    argv = [sys.executable, *flags, "-c", BOOT]
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    try:
        return os.posix_spawn(sys.executable, argv, env, file_actions=actions, setsid=True)
    except (OSError, ValueError, AttributeError, NotImplementedError):
        return None
