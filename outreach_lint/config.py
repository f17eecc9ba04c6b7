"""Configuration: discovery, validation, and the per-file settings the engine needs.

Discovery (closest wins): ``--config FILE``, else the nearest ``.outreach-lint.toml`` or
``pyproject.toml`` with a ``[tool.outreach-lint]`` table, searched upward from each linted file.
Every key is validated; unknown keys and wrong types are errors that name the file and the key
and suggest the nearest valid key. Configuration is data: nothing in it imports or runs code,
and packs it names must live inside the repository.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .model import OneLineError, Severity

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

CONFIG_NAMES = (".outreach-lint.toml", "pyproject.toml")
DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".tox",
    ".nox",
    ".venv",
    "venv",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "__pycache__",
    "node_modules",
    "build",
    "dist",
    "site-packages",
    ".outreach-lint-cache",
)
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024

_KEYS = {
    "select": "list",
    "extend-select": "list",
    "ignore": "list",
    "extend-ignore": "list",
    "per-file-ignores": "table-of-lists",
    "exclude": "list",
    "extend-exclude": "list",
    "fail-on": "severity",
    "packs": "list",
    "rules": "table-of-tables",
    "fields": "list",
    "formats": "table-of-strings",
    "max-file-size": "int",
    "rendered": "list",
    "dialects": "list",
    "fallback-encoding": "str",
    "show-superseded": "bool",
    "kinds": "table-of-strings",
    "extra-kinds": "list",
    "infer-kind-from-path": "bool",
    "infer-kind-from-content": "bool",
}


class ConfigError(OneLineError):
    """A configuration problem: one line naming the file, the key and what to do."""

    def __init__(self, message: str, *, path: str | None = None, key: str | None = None):
        self.path, self.key = path, key
        prefix = f"{path}: " if path else ""
        where = f"key {key!r}: " if key else ""
        super().__init__(prefix + where + message)


@dataclass(frozen=True)
class Config:
    """Validated settings from one config file (or the defaults)."""

    path: str | None = None
    root: Path = field(default_factory=Path.cwd)
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    fail_on: Severity = Severity.WARNING
    packs: tuple[Path, ...] = ()
    rule_settings: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    fields: frozenset[str] | None = None
    formats: tuple[tuple[str, str], ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    rendered: tuple[str, ...] = ()
    #: active merge-tag dialects (None: all of them); see outreach_lint.mergetags
    dialects: frozenset[str] | None = None
    fallback_encoding: str | None = None
    #: report findings that a more specific rule's overlapping finding replaces
    show_superseded: bool = False
    #: ``[kinds]``: (glob, kind) in file order; the first glob matching a file sets its kind
    kinds: tuple[tuple[str, str], ...] = ()
    #: a team's own message kinds, known besides the built-in ones (outreach_lint.kinds.KINDS)
    extra_kinds: tuple[str, ...] = ()
    infer_kind_from_path: bool = True
    infer_kind_from_content: bool = True

    @property
    def all_excludes(self) -> tuple[str, ...]:
        return self.exclude + self.extend_exclude

    def is_excluded(self, path: Path) -> bool:
        if not self.exclude and not self.extend_exclude:
            return False
        rel = _relative(path, self.root)
        return rel is not None and matches_any(rel, self.all_excludes)

    def ignores_for(self, path: Path) -> tuple[str, ...]:
        if not self.per_file_ignores:
            return ()
        rel = _relative(path, self.root)
        if rel is None:
            rel = path.as_posix()
        out: list[str] = []
        for pattern, selectors in self.per_file_ignores:
            if glob_match(rel, pattern):
                out.extend(selectors)
        return tuple(out)

    def format_for(self, path: Path) -> str | None:
        if not self.formats:
            return None
        rel = _relative(path, self.root) or path.as_posix()
        for pattern, fmt in self.formats:
            if glob_match(rel, pattern):
                return fmt
        return None

    @property
    def known_kinds(self) -> tuple[str, ...]:
        from .kinds import KINDS

        return KINDS + tuple(k for k in self.extra_kinds if k not in KINDS)

    def kind_policy(self, path: Path) -> Any:
        """What the config and the path say about the kind of the messages in ``path``.

        A :class:`~outreach_lint.kinds.KindPolicy`, or None when they say nothing (no
        ``[kinds]`` glob matches, the path names no kind, content inference is on).
        """
        from .kinds import KindPolicy, Sign, kind_from_path

        kind = source = reason = sign = ""
        if self.kinds or self.infer_kind_from_path:
            rel = _relative(path, self.root)
            for pattern, declared in self.kinds:
                if glob_match(rel or path.as_posix(), pattern):
                    kind, source, reason = declared, "config", f"[kinds] {pattern!r}"
                    sign = Sign.CONFIG_GLOB
                    break
            if not kind and self.infer_kind_from_path:
                # outside the project root only the file name and its folder speak
                found = kind_from_path(rel if rel is not None else "/".join(path.parts[-2:]))
                if found is not None:
                    kind, reason, sign = found
                    source = "path"
        if not kind and self.infer_kind_from_content:
            return None
        return KindPolicy(kind or None, source, reason, self.infer_kind_from_content, sign)

    def is_rendered(self, path: Path) -> bool:
        if not self.rendered:
            return False
        rel = _relative(path, self.root) or path.as_posix()
        return matches_any(rel, self.rendered)


@dataclass(frozen=True)
class Overrides:
    """Command-line settings, applied on top of every config file (ruff's semantics)."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None

    def apply(self, config: Config) -> Config:
        changes: dict[str, Any] = {}
        if self.select is not None:
            changes["select"] = self.select
            changes["extend_select"] = ()
        if self.extend_select:
            changes["extend_select"] = config.extend_select + self.extend_select
        if self.ignore:
            changes["ignore"] = config.ignore + self.ignore
        if self.fail_on is not None:
            changes["fail_on"] = self.fail_on
        return replace(config, **changes) if changes else config


# --------------------------------------------------------------------------- globbing


@lru_cache(maxsize=1024)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    pat = pattern.strip().replace("\\", "/")
    anchored = pat.startswith("/")
    pat = pat.lstrip("/")
    if pat.endswith("/"):
        pat += "**"
    i, out = 0, []
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pat.find("]", i)
            if j == -1:
                out.append(re.escape(c))
                i += 1
            else:
                out.append("[" + pat[i + 1 : j].replace("!", "^", 1) + "]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    body = "".join(out)
    # a pattern without "/" matches a name anywhere (like .gitignore); with "/" it is anchored
    if "/" not in pattern.strip().rstrip("/") and not anchored:
        return re.compile(r"(?:^|.*/)" + body + r"(?:/.*)?$")
    return re.compile("^" + body + r"(?:/.*)?$")


def glob_match(rel_path: str, pattern: str) -> bool:
    return bool(_glob_regex(pattern).match(rel_path))


def matches_any(rel_path: str, patterns: tuple[str, ...]) -> bool:
    return any(glob_match(rel_path, p) for p in patterns)


def _relative(path: Path, root: Path) -> str | None:
    """``path`` relative to ``root`` (symlinks resolved, as ``Path.resolve``), or None."""
    rel = _relative_to(_resolved(path), _real_dir(os.path.abspath(root)))
    if rel is None:
        rel = _relative_to(os.path.abspath(path), os.path.abspath(root))
    return rel


@lru_cache(maxsize=4096)
def _real_dir(directory: str) -> str:
    return os.path.realpath(directory)


def _resolved(path: Path) -> str:
    # resolving every file from the root up costs a dozen lstat calls; resolve each directory
    # once per run instead (the file itself is resolved only when it is a symlink)
    absolute = os.path.abspath(path)
    if os.path.islink(absolute):
        return os.path.realpath(absolute)
    head, tail = os.path.split(absolute)
    return os.path.join(_real_dir(head), tail) if tail else _real_dir(head)


def _relative_to(path: str, root: str) -> str | None:
    if path == root:
        return "."
    prefix = root if root.endswith(os.sep) else root + os.sep
    if not path.startswith(prefix):
        return None
    rel = path[len(prefix) :]
    return rel.replace(os.sep, "/") if os.sep != "/" else rel


# --------------------------------------------------------------------------- loading


def _suggest(word: str, choices: Any) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def read_config_file(path: Path, *, trusted: bool = False) -> Config:
    """Load and validate one config file. ``trusted`` when named on the command line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"cannot read the config file: {exc.strerror or exc}", path=str(path)
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError("is not UTF-8; save it as UTF-8", path=str(path)) from None
    from . import tomlcache

    data = tomlcache.cached(text)  # parsed by an earlier run: no TOML parser imported
    if data is None:
        from . import _toml  # only when there is a config file: tomllib costs start-up time

        try:
            data = _toml.loads(text)
        except _toml.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML: {exc}", path=str(path)) from None
        tomlcache.remember(text, data)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("outreach-lint") if isinstance(tool, dict) else None
        if table is None:
            return Config(path=None, root=path.parent)
        if not isinstance(table, dict):
            raise ConfigError("[tool.outreach-lint] must be a table", path=str(path))
        data = table
    return parse_config(data, path=str(path), root=path.parent.resolve(), trusted=trusted)


def parse_config(
    data: Mapping[str, Any],
    *,
    path: str | None = None,
    root: Path | None = None,
    trusted: bool = False,
) -> Config:
    root = root or Path.cwd()

    def err(message: str, key: str) -> ConfigError:
        return ConfigError(message, path=path, key=key)

    for key in data:
        if key not in _KEYS:
            raise err("unknown key" + _suggest(key, _KEYS), key)

    def str_list(key: str) -> tuple[str, ...]:
        value = data[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise err('must be a list of strings, e.g. ["PR", "BL101"]', key)
        return tuple(value)

    changes: dict[str, Any] = {}
    if "select" in data:
        changes["select"] = str_list("select")
    if "extend-select" in data:
        changes["extend_select"] = str_list("extend-select")
    ignore: tuple[str, ...] = ()
    for key in ("ignore", "extend-ignore"):
        if key in data:
            ignore += str_list(key)
    changes["ignore"] = ignore
    if "exclude" in data:
        changes["exclude"] = str_list("exclude")
    if "extend-exclude" in data:
        changes["extend_exclude"] = str_list("extend-exclude")
    if "rendered" in data:
        changes["rendered"] = str_list("rendered")
    if "fields" in data:
        changes["fields"] = frozenset(str_list("fields"))
    if "dialects" in data:
        from .mergetags import resolve_dialects

        try:
            changes["dialects"] = resolve_dialects(str_list("dialects"))
        except ValueError as exc:
            raise err(str(exc), "dialects") from None
    if "fail-on" in data:
        try:
            changes["fail_on"] = Severity.parse(data["fail-on"])
        except ValueError as exc:
            raise err(str(exc), "fail-on") from None
    if "max-file-size" in data:
        size = data["max-file-size"]
        if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
            raise err("must be a positive number of bytes", "max-file-size")
        changes["max_file_size"] = size
    if "fallback-encoding" in data:
        encoding = data["fallback-encoding"]
        if not isinstance(encoding, str) or not encoding.strip():
            raise err('must be an encoding name, e.g. "cp1252"', "fallback-encoding")
        try:
            codecs.lookup(encoding)
        except (LookupError, ValueError):  # ValueError: a NUL in the name
            raise err(f"unknown encoding {encoding!r}", "fallback-encoding") from None
        changes["fallback_encoding"] = encoding
    if "show-superseded" in data:
        if not isinstance(data["show-superseded"], bool):
            raise err("must be true or false", "show-superseded")
        changes["show_superseded"] = data["show-superseded"]
    for key in ("infer-kind-from-path", "infer-kind-from-content"):
        if key in data:
            if not isinstance(data[key], bool):
                raise err("must be true or false", key)
            changes[key.replace("-", "_")] = data[key]
    if "extra-kinds" in data or "kinds" in data:
        changes.update(_kind_settings(data, err))
    if "per-file-ignores" in data:
        table = data["per-file-ignores"]
        if not isinstance(table, dict):
            raise err('must be a table of glob = ["CODES"]', "per-file-ignores")
        pfi = []
        for pattern, codes in table.items():
            if isinstance(codes, str):
                codes = [codes]
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise err(f"{pattern!r} must map to a list of rule codes", "per-file-ignores")
            pfi.append((pattern, tuple(codes)))
        changes["per_file_ignores"] = tuple(pfi)
    if "formats" in data:
        table = data["formats"]
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise err('must be a table of glob = "format"', "formats")
        changes["formats"] = tuple(table.items())
    if "rules" in data:
        table = data["rules"]
        if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
            raise err("must hold one table per rule: [rules.PR101]", "rules")
        changes["rule_settings"] = tuple((sel, tuple(opts.items())) for sel, opts in table.items())
    if "packs" in data:
        packs = []
        boundary = repository_root(root)
        for entry in str_list("packs"):
            if not entry.strip() or "\x00" in entry:
                raise err(f"pack path {entry!r} is not a usable file name", "packs")
            try:
                pack = (root / entry).resolve()
            except (OSError, RuntimeError) as exc:  # e.g. a symlink loop
                raise err(f"pack {entry!r} cannot be resolved: {exc}", "packs") from None
            if not trusted and not _is_within(pack, boundary):
                raise err(
                    f"pack {entry!r} lies outside the repository ({boundary}); packs named in "
                    "a config file must live inside the repository (pass --config to trust a file)",
                    "packs",
                )
            if not pack.is_file():
                raise err(f"pack {entry!r} not found (looked for {pack})", "packs")
            packs.append(pack)
        changes["packs"] = tuple(packs)
    return Config(path=path, root=root, **changes)


def _kind_settings(data: Mapping[str, Any], err: Any) -> dict[str, Any]:
    """``extra-kinds`` and ``[kinds]``, validated: kind names, globs, known kinds."""
    from .kinds import ALIASES, KINDS, is_kind_name, normalize_kind

    extra: list[str] = []
    if "extra-kinds" in data:
        value = data["extra-kinds"]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise err('must be a list of kind names, e.g. ["event-invite"]', "extra-kinds")
        for name in value:
            kind = normalize_kind(name)
            if not is_kind_name(kind):
                raise err(
                    f"{name!r} is not a kind name: use lower-case words joined by '-', "
                    'e.g. "event-invite"',
                    "extra-kinds",
                )
            if kind not in extra:
                extra.append(kind)
    known = KINDS + tuple(k for k in extra if k not in KINDS)
    out: dict[str, Any] = {"extra_kinds": tuple(extra)}
    if "kinds" in data:
        table = data["kinds"]
        if not isinstance(table, dict):
            raise err(
                'must be a table of glob = "kind", e.g. "follow-ups/**" = "follow-up"', "kinds"
            )
        pairs = []
        for pattern, value in table.items():
            if not pattern.strip():
                raise err('an empty glob matches nothing; write e.g. "follow-ups/**"', "kinds")
            if not isinstance(value, str):
                raise err(f'{pattern!r} must map to a kind name, e.g. "follow-up"', "kinds")
            kind = normalize_kind(value)
            if kind not in known:
                hint = _suggest(kind, list(known) + list(ALIASES)) or "."
                raise err(
                    f"{pattern!r}: unknown kind {value!r}{hint}"
                    + f" Known kinds: {', '.join(known)}; add a team's own to extra-kinds",
                    "kinds",
                )
            pairs.append((pattern, kind))
        out["kinds"] = tuple(pairs)
    return out


def repository_root(start: Path) -> Path:
    """The nearest ancestor holding ``.git``; the start directory when there is none."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return candidate
    return start


def _is_within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


class ConfigResolver:
    """Finds the config that applies to each file: closest wins, cached per directory."""

    def __init__(
        self,
        explicit: Path | None = None,
        *,
        isolated: bool = False,
        overrides: Overrides | None = None,
    ):
        self.overrides = overrides or Overrides()
        self._cache: dict[Path, Config] = {}
        #: the same, by the directory as a string: ``for_path`` is asked ~5 times per linted
        #: file (discovery, the runner, ``lint_file``, the spool, the run-level stage), and a
        #: ``Path`` made and hashed each time cost more than reading the answer
        self._by_dir: dict[str, Config] = {}
        self._explicit: Config | None = None
        self._default = self.overrides.apply(Config(root=Path.cwd()))
        if explicit is not None:
            self._explicit = self.overrides.apply(read_config_file(explicit, trusted=True))
        self.isolated = isolated

    def for_path(self, path: Path) -> Config:
        if self._explicit is not None:
            return self._explicit
        if self.isolated:
            return self._default
        directory = os.path.dirname(os.path.abspath(path))  # == Path(abspath).parent
        config = self._by_dir.get(directory)
        if config is None:
            config = self._by_dir[directory] = self._for_dir(Path(directory))
        return config

    def _for_dir(self, directory: Path) -> Config:
        cached = self._cache.get(directory)
        if cached is not None:
            return cached
        config = None
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                loaded = read_config_file(candidate)
                if loaded.path is not None:  # pyproject.toml without our table does not count
                    config = self.overrides.apply(loaded)
                    break
        if config is None:
            parent = directory.parent
            config = self._default if parent == directory else self._for_dir(parent)
        self._cache[directory] = config
        return config
