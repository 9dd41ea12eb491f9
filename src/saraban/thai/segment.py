"""Stage *segment* (public): text → word tokens and the positions where a line may break.

Input: normalised text (and optional break hints).  Output: :class:`Segmentation` with the tokens
of the ``newmm`` algorithm — run with pythainlp's word list plus the project dictionary (agency and
place names, titles, words of the LPA domain) — and the break opportunities as *positions* in the
text.  Nothing is inserted into the text.

``newmm`` runs in nlpO3 (PyThaiNLP's Rust implementation: 0.17 s for the typeset benchmark's
605,000 characters, against 0.81 s in pythainlp's Python one) when it is installed, else in
pythainlp; with the same dictionary both give the same breaks (tested).

Rules, applied at each token boundary between the character before (x) and after (y):

* after white space (the space stays at the end of the line); never before white space;
* never before ๆ, ฯ, closing punctuation or a dash (even after a space), never after opening
  brackets or quotes — except that after a space an ASCII quote followed by text opens a quotation
  (``และ "โครงการ"``) and a ฯ followed by a letter starts a word (``ไปมาๆ ฯพณฯ``): both may start a
  line;
* never between two non-Thai, non-space characters (Latin words, numbers, URLs, e-mail addresses,
  "๐๘๑๐.๗/ว" stay whole);
* otherwise (a Thai word boundary) a break is allowed.

A long dictionary word that is a compound of shorter words (นายกรัฐมนตรี) gets *compound* breaks
inside it, which the line breaker uses at a small cost — except the entries of the project
dictionary (องค์กรปกครองส่วนท้องถิ่น, ศักดิ์สิทธิ์), whose inner breaks are *protected*: taken only
when the word is wider than the line.  Explicit newlines are
*forced* breaks.  Cluster-level emergency breaks are not made here: they need widths (see layout).

The project dictionary also *corrects* newmm: where a project word starts at a token edge and newmm
cut inside it (``เข้าร่วม|โครง|การพัฒนา`` with ``โครงการ`` in the dictionary), the word becomes one
token and the rest of the cut token is segmented again (``เข้าร่วม|โครงการ|พัฒนา``).  Users add
words with their own files: ``Segmenter(extra_dictionaries=...)``, ``$SARABAN_WORDS`` (files or
folders of ``.txt`` files, separated like ``PATH``) or ``saraban thai --words FILE``.

Break *penalties* — which of these opportunities a line should not end at (a name, a date, a
document number, a number and its unit, the inside of a URL) — are added by :mod:`.units`.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import importlib.util
import itertools
import os
import re
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, NamedTuple

from . import units

FORCED, SPACE, WORD, COMPOUND, HINT = "forced", "space", "word", "compound", "hint"
#: A break inside a protected unit (a name, a date, a project word...) or between linked ones (a
#: number and its unit): taken only when the unit does not fit on a line.  A break inside a URL at
#: one of its own break points.  (See .units.)
PROTECTED, LINKED, URL = "protected", "linked", "url"

#: Characters after which no break is allowed.
OPENING = frozenset("([{“‘«\"'<")
#: Characters after which no break is allowed unless a space follows (numbers like ๐๘๑๐.๗/ว).
JOINING = frozenset("/-–_@.")
#: Characters before which no break is allowed (ๆ and ฯ belong to the word before them).
CLOSING = frozenset(")]}”’»\"'>.,:;!?%ๆฯ…")
WHITESPACE = frozenset(" \u3000")
#: No-break space (and the narrow one): joins what it stands between, e.g. "๐\u00a0๒๒๔๑\u00a0๙๐๐๐".
NO_BREAK = frozenset("\u00a0\u202f")
#: Dashes of a range ("๐๘.๓๐ – ๑๖.๓๐ น."): a line never starts with one.
DASHES = frozenset("–—")

#: Thai tokens this long or longer are checked for compound structure.  Shorter dictionary words
#: (up to ~5 em in a 16 pt line of ~43 em, e.g. ประสิทธิภาพ) never leave a gap worth splitting
#: them for.
COMPOUND_MIN_LENGTH = 12
#: A compound part shorter than this is not a word of its own (avoids splits like ก|ระ).
COMPOUND_MIN_PART = 3


_HAS_THAI_LETTER = re.compile("[\u0E01-\u0E2E]")
_NON_THAI_TOKENS = re.compile(r"\s+|\S+")
#: Edges nlpO3 (1.4) may wrongly hide inside a token: punctuation then a Thai letter — it glues
#: the two into one cut ("“ผลการ" → "“ผ", "ลการ") — and a Thai letter then punctuation ("ฐู&").
#: pythainlp's newmm ends a token at such an edge unless a dictionary entry spans it; entries
#: that do nearly all have "." there ("พ.ศ."), so the text is cut at the other edges before
#: nlpO3 sees it, and at a "." edge only if nlpO3's token there is not a dictionary word.
_HARD_EDGE = re.compile("(?<=[^\u0E00-\u0E7F\\w\\s.])(?=[\u0E01-\u0E4E])|(?<=[\u0E01-\u0E4E])(?=[^\u0E00-\u0E7F\\w\\s.])")
_DOT_EDGE = re.compile("(?<=\\.)(?=[\u0E01-\u0E4E])")


def _nlpo3_tokens(text: str, dictionary: str, words: frozenset[str]) -> list[str]:
    """nlpO3's tokens of ``text``, cut at the edges it may hide (see :data:`_HARD_EDGE`)."""
    out: list[str] = []
    start = 0
    for m in _HARD_EDGE.finditer(text):
        out += _nlpo3_piece(text[start:m.start()], dictionary, words)
        start = m.start()
    out += _nlpo3_piece(text[start:], dictionary, words)
    return out


def _nlpo3_piece(text: str, dictionary: str, words: frozenset[str]) -> list[str]:
    """nlpO3's tokens of a piece without hard edges, cut again where a token that is not a
    dictionary word hides a "." edge: the text before it and the rest are segmented apart."""
    import nlpo3

    out: list[str] = []
    while text:
        tokens = nlpo3.segment(text, dictionary)
        edges = [m.start() for m in _DOT_EDGE.finditer(text)] if "." in text else None
        if not edges:
            return out + tokens
        pos = k = 0
        cut = None
        for i, tok in enumerate(tokens):
            end = pos + len(tok)
            while k < len(edges) and edges[k] <= pos:
                k += 1
            if k < len(edges) and edges[k] < end and tok not in words:
                cut = edges[k]
                break
            pos = end
        if cut is None:
            return out + tokens
        out += tokens[:i]
        out += nlpo3.segment(text[pos:cut], dictionary)
        text = text[cut:]
    return out


def _is_thai_letter(ch: str) -> bool:
    cp = ord(ch)
    return 0x0E01 <= cp <= 0x0E4E and ch not in "ๆฯ"


class Break(NamedTuple):
    """A place where a line may end: before ``text[position]``.  (A NamedTuple: a paragraph has
    one per word.)"""

    position: int
    kind: str


@dataclass(frozen=True)
class Segmentation:
    """The tokens of a text and its break opportunities: ``pairs`` are ``(position, kind)`` as
    plain tuples — what the layout reads, and what the garbage collector stops tracking after one
    look (a NamedTuple it would track for as long as a document is built) — and ``breaks`` the
    same as :class:`Break` records."""

    text: str
    tokens: tuple[tuple[int, int], ...]
    pairs: tuple[tuple[int, str], ...]
    units: tuple[units.Unit, ...] = ()

    @functools.cached_property
    def breaks(self) -> tuple[Break, ...]:
        return tuple(Break(p, k) for p, k in self.pairs)

    def words(self) -> list[str]:
        return [self.text[a:b] for a, b in self.tokens]

    def dump(self) -> str:
        """The text with ``|`` at word breaks, ``¦`` at compound and URL breaks (taken at a cost),
        ``·`` at protected and ``~`` at linked ones (taken only if nothing else fits), ``⏎`` at forced
        ones."""
        marks = {FORCED: "⏎", SPACE: "|", WORD: "|", COMPOUND: "¦", HINT: "|", PROTECTED: "·", LINKED: "~", URL: "¦"}
        out, last = [], 0
        for br in self.breaks:
            out.append(self.text[last:br.position])
            out.append(marks[br.kind])
            last = br.position
        out.append(self.text[last:])
        return "".join(out)


def _word_files() -> list[Path]:
    folder = resources.files("saraban.thai") / "words"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))


def read_word_list(path: Path) -> set[str]:
    """Words of a dictionary file: one per line, ``#`` starts a comment."""
    words = set()
    try:
        content = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise ValueError(f"{path}: cannot read the word list: {reason}") from exc
    for line in content.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word)
    return words


#: Environment variable with more project dictionaries: ``.txt`` files or folders of them,
#: separated by ``os.pathsep`` (":" on Linux and macOS, ";" on Windows).
WORDS_ENV = "SARABAN_WORDS"


def user_word_files(value: str | None = None) -> tuple[Path, ...]:
    """The dictionary files named by ``$SARABAN_WORDS`` (or ``value``): files as given, folders
    by their ``*.txt`` files in name order."""
    value = os.environ.get(WORDS_ENV, "") if value is None else value
    files: list[Path] = []
    for part in filter(None, value.split(os.pathsep)):
        path = Path(part)
        files += sorted(path.glob("*.txt")) if path.is_dir() else [path]
    return tuple(files)


@functools.lru_cache(maxsize=None)
def project_words(extra: tuple[Path, ...] = ()) -> frozenset[str]:
    """The project dictionary (bundled files plus ``extra`` user files)."""
    words: set[str] = set()
    for path in [*_word_files(), *extra]:
        words |= read_word_list(path)
    return frozenset(words)


#: Tokenizer engines: ``nlpo3`` (Rust newmm) and ``pythainlp`` (Python newmm).
ENGINES = ("nlpo3", "pythainlp")


def _nlpo3_available() -> bool:
    return importlib.util.find_spec("nlpo3") is not None


@functools.lru_cache(maxsize=None)
def _nlpo3_dictionary(words: frozenset[str]) -> str:
    """Load ``words`` into nlpO3 (which reads dictionaries from files) and return its name there."""
    import nlpo3

    text = "\n".join(sorted(words))
    name = "saraban-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    fd, path = tempfile.mkstemp(prefix="saraban-words-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        _message, ok = nlpo3.load_dict(path, name)
    finally:
        os.unlink(path)
    if not ok:  # pragma: no cover - nlpO3 refuses only unreadable files
        raise RuntimeError(f"nlpO3 could not load the dictionary: {_message}")
    return name


class Segmenter:
    """Word segmentation with ``newmm`` and the project dictionary.

    ``engine`` is ``"nlpo3"`` or ``"pythainlp"``; the default is nlpO3 when it is installed.
    """

    def __init__(self, extra_dictionaries: Iterable[Path] = (), engine: str | None = None):
        self._extra = (*user_word_files(), *(Path(p) for p in extra_dictionaries))
        if engine is None:
            engine = "nlpo3" if _nlpo3_available() else "pythainlp"
        if engine not in ENGINES:
            raise ValueError(f"unknown tokenizer engine {engine!r}; choose one of {', '.join(ENGINES)}")
        self.engine = engine

    @functools.cached_property
    def _words(self) -> frozenset[str]:
        from pythainlp.corpus.common import thai_words

        return frozenset(thai_words()) | project_words(self._extra)

    @functools.cached_property
    def _trie(self):
        from pythainlp.util import dict_trie

        return dict_trie(self._words)

    @functools.cached_property
    def _nlpo3_name(self) -> str:
        return _nlpo3_dictionary(self._words)

    def tokenize(self, text: str) -> list[str]:
        return list(self._tokenize(text))

    @functools.lru_cache(maxsize=65536)
    def _tokenize(self, text: str) -> tuple[str, ...]:
        """Tokens of ``text``, remembered: tables and headers repeat the same short texts."""
        if not text:
            return ()
        if not _HAS_THAI_LETTER.search(text):
            # no Thai letters: only white space can be a break (see _boundary_kind), so newmm's
            # finer tokens would change nothing — numbers, codes and Latin take this path
            return tuple(_NON_THAI_TOKENS.findall(text))
        if self.engine == "nlpo3":
            tokens = _nlpo3_tokens(text, self._nlpo3_name, self._words)
        else:
            from pythainlp.tokenize import word_tokenize

            tokens = word_tokenize(text, engine="newmm", custom_dict=self._trie, keep_whitespace=True)
        if "".join(tokens) != text:  # newmm must never change the text; guard all the same
            raise AssertionError("tokenizer changed the text")
        return self._corrected(text, tokens)

    @functools.cached_property
    def _project_index(self) -> dict[str, tuple[str, ...]]:
        """Project words by their first two characters, longest first (a word of one character
        corrects nothing)."""
        index: dict[str, list[str]] = {}
        for word in project_words(self._extra):
            if len(word) > 1:
                index.setdefault(word[:2], []).append(word)
        return {k: tuple(sorted(v, key=lambda w: (-len(w), w))) for k, v in index.items()}

    def _corrected(self, text: str, tokens: list[str]) -> tuple[str, ...]:
        """``tokens`` with the project dictionary's corrections (see the module docstring): a
        project word that starts at a token edge and that newmm cut becomes one token, when the
        rest of the token it ends in is made of dictionary words again."""
        index = self._project_index
        edges = list(itertools.accumulate(map(len, tokens), initial=0))
        out: list[str] = []
        i = 0
        n = len(tokens)
        while i < n:
            p = edges[i]
            for word in index.get(text[p:p + 2], ()):
                end = p + len(word)
                if edges[i + 1] >= end or not text.startswith(word, p):
                    continue  # not here, or newmm kept it whole (or inside a longer token)
                k = bisect.bisect_left(edges, end) - 1  # the token the word ends in
                rest = text[end:edges[k + 1]]
                rest_tokens = self._tokenize(rest) if rest else ()
                if all(t in self._words or not _HAS_THAI_LETTER.search(t) for t in rest_tokens):
                    out.append(word)
                    out += rest_tokens
                    i = k + 1
                    break
            else:
                out.append(tokens[i])
                i += 1
        return tuple(out)

    @functools.lru_cache(maxsize=4096)
    def compound_parts(self, word: str) -> tuple[str, ...]:
        """Split a long word into the fewest dictionary words (each at least
        ``COMPOUND_MIN_PART`` long), or return it whole when no such split exists.  (Breaks
        between the parts of a project word are *protected*: see :meth:`segment`.)"""
        if (len(word) < COMPOUND_MIN_LENGTH
                or not all(_is_thai_letter(c) for c in word)):
            return (word,)  # the project dictionary's entries are kept whole on purpose
        n = len(word)
        words = self._words
        best: list[tuple[str, ...] | None] = [None] * (n + 1)
        best[n] = ()
        for i in range(n - 1, -1, -1):
            for j in range(i + COMPOUND_MIN_PART, n + 1):
                # dictionary words starting at i (set lookups: a trie of the whole dictionary
                # takes ~1 s to build, and only these long words need it)
                if (i == 0 and j == n) or best[j] is None or word[i:j] not in words:
                    continue
                prefix = word[i:j]
                cand = (prefix, *best[j])
                if best[i] is None or len(cand) < len(best[i]):
                    best[i] = cand
        return best[0] if best[0] and len(best[0]) > 1 else (word,)

    def segment(self, text: str, hints: Iterable[int] = ()) -> Segmentation:
        """Tokens and break opportunities of ``text`` (see the module docstring for the rules)."""
        tokens: list[tuple[int, int]] = []
        candidates: dict[int, str] = {}
        project = project_words(self._extra)
        pos = 0
        for line_no, line in enumerate(text.split("\n")):
            if line_no:
                pos += 1  # the newline itself: handled as a forced break below
            words = self._tokenize(line)
            if not words:
                continue
            # token edges by accumulating lengths, and the kind of each inner edge from the two
            # characters around it (remembered per character pair): a few steps per word
            edges = list(itertools.accumulate(map(len, words), initial=pos))
            tokens += zip(edges, edges[1:])
            inner = edges[1:-1]
            kinds = map(_PAIR_KINDS.__getitem__, [text[b - 1:b + 1] for b in inner])
            candidates.update((b, k) for b, k in zip(inner, kinds) if k)
            for at, word in zip(edges, words):
                if len(word) >= COMPOUND_MIN_LENGTH:
                    kind = PROTECTED if word in project else COMPOUND
                    for part in self.compound_parts(word)[:-1]:
                        at += len(part)
                        candidates.setdefault(at, kind)
            pos = edges[-1]
        if '"' in text or "'" in text or "ฯ" in text:
            for m in _OPENS_AFTER_SPACE.finditer(text):
                candidates[m.start()] = SPACE
        for h in hints:
            if 0 < h < len(text) and h not in candidates and _boundary_kind(text[h - 1], text[h]) != "":
                candidates[h] = HINT
        i = text.find("\n")
        while i >= 0:
            candidates[i] = FORCED
            i = text.find("\n", i + 1)
        pairs = tuple(sorted(candidates.items()))
        found = units.find_units(text, [a for a, _b in tokens]) if tokens else ()
        return Segmentation(text, tuple(tokens), units.protect(pairs, found, PROTECTED, LINKED, URL), found)


#: An ASCII quote after a space and before text opens a quotation; a ฯ after a space and before a
#: letter starts a word (ฯพณฯ, ฯลฯ): a line may start with either.
_OPENS_AFTER_SPACE = re.compile("(?<=[ \u3000])(?:[\"'](?=[^\\s\"'])|ฯ(?=[\u0E01-\u0E2E]))")


class _PairKinds(dict):
    """``_PAIR_KINDS[x + y]`` is ``_boundary_kind(x, y)``, computed once per character pair."""

    def __missing__(self, pair: str) -> str:
        kind = self[pair] = _boundary_kind(pair[0], pair[1])
        return kind


_PAIR_KINDS = _PairKinds()


def _boundary_kind(x: str, y: str) -> str:
    """The kind of break allowed between characters x and y, or "" for none."""
    if y in WHITESPACE or y == "\n" or x == "\n" or y in CLOSING or y in DASHES or x in NO_BREAK or y in NO_BREAK:
        return ""
    if x in WHITESPACE:
        return SPACE
    if x in OPENING or x in JOINING:
        return ""
    if _is_thai_letter(x) or _is_thai_letter(y):
        return WORD
    return ""


@functools.lru_cache(maxsize=None)
def default_segmenter() -> Segmenter:
    return Segmenter()
