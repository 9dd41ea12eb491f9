"""The budget of a template's rendering (public): time and text.

A template is data from the user, and Jinja2's sandbox keeps it away from Python's internals but
not from the machine's memory and time: ``{{ 'x' * 10**9 }}`` took a gigabyte and ended in a
MemoryError after 25 s, nested ``{% for %}`` loops over ``range(99999)`` ran for hours.  Here:

* **Time.** :func:`render_with_budget` gives a render :data:`TEMPLATE_SECONDS`; a watchdog thread
  (one per process) raises an exception in a render that runs longer — between two Python steps,
  which is where a template's loops run, since Jinja compiles templates to Python.
* **Size.** :class:`BudgetedSandbox` checks the operators, filters and method calls that can make
  a value longer than what they are given (``*``, ``**``, ``%``, ``+``, ``~``; widths of ``format``,
  ``center``…; ``replace``, ``join``) *before* they run, so that no value over
  :data:`MAX_TEMPLATE_TEXT` characters is ever made; counts every value they make against
  :data:`MAX_TEMPLATE_WORK` (a loop making a long text many times over); and the output is
  counted as it is produced.

Going over the budget raises :class:`TemplateLimitError` (a Jinja2 ``SecurityError``), which
:class:`saraban.templates.Templates` reports with the template's file and line.
"""

from __future__ import annotations

import ctypes
import functools
import os
import re
import threading
import time
from typing import Any, Mapping

import jinja2
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import SandboxedEnvironment

#: Longest text a template may output, and longest value (text, list) it may make on the way, in
#: characters.  A letter's body is a few thousand characters and the tables of a circular to 76
#: provinces some tens of thousands; a million is some 300 pages of Thai text.
MAX_TEMPLATE_TEXT = 1_000_000

#: Characters a template may make in all while it renders (operators, filters, method calls and
#: its output): twenty times the longest value — a loop that makes a long text again and again is
#: stopped before it takes the machine's memory.
MAX_TEMPLATE_WORK = 20_000_000

#: Longest a template may render, in seconds of wall time (on a busy machine too): the templates
#: of a 76-letter merge take milliseconds each; nested range(99999) loops would run for hours.
TEMPLATE_SECONDS = 10.0

#: Numbers of 7 digits or more written in a format string: widths as in "%1000000000d" or
#: "{:>1000000000}" (a smaller width cannot go over :data:`MAX_TEMPLATE_TEXT`).
_WIDTHS = re.compile(r"\d{7,}")


class TemplateLimitError(jinja2.exceptions.SecurityError):
    """A template went over its budget of time or text; ``template_line``: the line it was on,
    when the traceback does not tell."""

    template_line: int | None = None


class _OutOfTime(BaseException):
    """Raised inside a render that runs past its deadline (a BaseException, so that no
    ``except Exception`` between the loop and :func:`render_with_budget` swallows it)."""


def _async_raise(ident: int, exc) -> None:
    """Raise ``exc`` in thread ``ident`` at its next Python step."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(exc))


def _absorb_stop() -> None:
    """Let a stop the watchdog raised as a render was ending arrive here, where it is dropped.

    The watchdog raised it before :meth:`_Watchdog.disarm` took the lock (its deadline was gone),
    so it is pending in this thread or already delivered; a pending one arrives at the first
    backward jump of the loop below.  Clearing it with ``PyThreadState_SetAsyncExc(id, NULL)``
    instead is not safe: CPython then leaves its "asynchronous exception" flag set for good, which
    sends every later loop and call of the process through the interpreter's slow path (15 %
    slower) and, under a profiler or tracer (cProfile, coverage, a debugger), never returns.
    """
    try:
        for _ in range(_ABSORB_STEPS):
            pass
    except _OutOfTime:
        pass


#: Backward jumps run by :func:`_absorb_stop`: the first one delivers a pending asynchronous
#: exception; a few more cost nothing.
_ABSORB_STEPS = 100


class _Watchdog:
    """One thread per process that stops renders running past their deadline."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._deadlines: dict[int, float] = {}
        self._pid: int | None = None
        self._local = threading.local()

    def arm(self, seconds: float) -> None:
        """Start the calling thread's clock (a render inside a render keeps the outer clock)."""
        depth = getattr(self._local, "depth", 0)
        self._local.depth = depth + 1
        if depth:
            return
        with self._cond:
            if self._pid != os.getpid():        # first use, or a forked worker (threads are not forked)
                self._pid = os.getpid()
                self._deadlines.clear()
                threading.Thread(target=self._run, name="saraban-template-watchdog", daemon=True).start()
            self._deadlines[threading.get_ident()] = time.monotonic() + seconds
            self._cond.notify()

    def disarm(self) -> None:
        self._local.depth -= 1
        if self._local.depth:
            return
        ident = threading.get_ident()
        with self._cond:
            fired = self._deadlines.pop(ident, None) is None
        if fired:
            _absorb_stop()

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for ident, deadline in list(self._deadlines.items()):
                    if deadline <= now:
                        del self._deadlines[ident]
                        _async_raise(ident, _OutOfTime)
                self._cond.wait(max(min(self._deadlines.values(), default=now + 3600) - now, 0.001))


    def _after_fork(self) -> None:
        """In a forked child: a fresh lock (the parent's watchdog may have held it) and no thread."""
        self._cond = threading.Condition()
        self._deadlines = {}
        self._pid = None


_WATCHDOG = _Watchdog()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_WATCHDOG._after_fork)


class _Counter(threading.local):
    """Characters made so far by the render running in this thread (None: none running), and
    that render's limits (None: this module's)."""

    made: int | None = None
    max_text: int | None = None
    max_work: int | None = None


_COUNTER = _Counter()


def _size(value: Any) -> int | None:
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
        return len(value)
    return None


def _max_text() -> int:
    return _COUNTER.max_text or MAX_TEMPLATE_TEXT


def _refuse(size: int, what: str) -> None:
    if size > _max_text():
        raise TemplateLimitError(f"{what} would make {size:,} characters; a template may make at most "
                                 f"{_max_text():,} in one value")


def made(value: Any, what: str) -> Any:
    """Count ``value`` against the render's budget and return it."""
    size = _size(value)
    if size is None:
        return value
    _refuse(size, what)
    if _COUNTER.made is not None:
        _COUNTER.made += size
        limit = _COUNTER.max_work or MAX_TEMPLATE_WORK
        if _COUNTER.made > limit:
            raise TemplateLimitError(f"the template has made {_COUNTER.made:,} characters so far; a "
                                     f"template may make at most {limit:,} in all (a loop that makes a "
                                     "long text again and again?)")
    return value


def _check_widths(text: str, what: str) -> None:
    for digits in _WIDTHS.findall(text):
        _refuse(int(digits), what)


def _check_numbers(values, what: str) -> None:
    """A number argument over the limit is a width or a count that would make a value too long."""
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and value > _max_text():
            _refuse(value, what)


def _check_replace(text: Any, args, what: str) -> None:
    if isinstance(text, str) and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = text.count(args[0]) if args[0] else len(text) + 1
        _refuse(len(text) + count * max(len(args[1]) - len(args[0]), 0), what)


def _check_join(items: Any, separator: Any, what: str) -> None:
    if isinstance(items, (list, tuple)) and all(isinstance(i, str) for i in items):
        sep = len(separator) if isinstance(separator, str) else 0
        _refuse(sum(map(len, items)) + sep * max(len(items) - 1, 0), what)


def _budgeted_filter(name: str, func):
    """The filter ``func`` with its arguments checked and its result counted."""
    what = f"the filter {name}"

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        values = [a for a in args if not isinstance(a, (jinja2.Environment, jinja2.runtime.Context,
                                                        jinja2.nodes.EvalContext))]
        _check_numbers([*values[1:], *kwargs.values()], what)
        if values:
            if name == "format" and isinstance(values[0], str):
                _check_widths(values[0], what)
            elif name == "replace":
                _check_replace(values[0], values[1:], what)
            elif name == "join":
                _check_join(values[0], values[1] if len(values) > 1 else kwargs.get("d", ""), what)
        return made(func(*args, **kwargs), what)

    return wrapper


class _BudgetedFilters(dict):
    """A sandbox's filters, each wrapped by :func:`_budgeted_filter` as it is added."""

    def __init__(self, filters) -> None:
        super().__init__()
        self.update(filters)

    def __setitem__(self, name: str, func) -> None:
        super().__setitem__(name, _budgeted_filter(name, func))

    def update(self, *args, **kwargs) -> None:  # noqa: D102
        for name, func in dict(*args, **kwargs).items():
            self[name] = func


class _BudgetedCodeGenerator(CodeGenerator):
    """Jinja's code generator with ``a ~ b`` counted (doubling a text with ``~`` in a loop makes
    a gigabyte in 30 steps)."""

    def visit_Concat(self, node, frame) -> None:  # noqa: N802 - Jinja's name
        self.write("environment.made(")
        super().visit_Concat(node, frame)
        self.write(", \"'~'\")")


class BudgetedSandbox(SandboxedEnvironment):
    """Jinja2's sandbox with the size budget of this module (the time budget is
    :func:`render_with_budget`'s).  ``max_text`` and ``max_work`` replace
    :data:`MAX_TEMPLATE_TEXT` and :data:`MAX_TEMPLATE_WORK` for this environment's templates."""

    intercepted_binops = frozenset(["*", "**", "%", "+"])
    code_generator_class = _BudgetedCodeGenerator

    def __init__(self, *args: Any, max_text: int | None = None, max_work: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_text, self.max_work = max_text, max_work
        self.filters = _BudgetedFilters(self.filters)

    @staticmethod
    def made(value: Any, what: str) -> Any:
        return made(value, what)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        what = f"'{operator}'"
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                size = _size(seq)
                if size is not None and isinstance(times, int):
                    _refuse(size * max(times, 0), what)
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
                _refuse(int(right * (abs(left).bit_length() - 1) * 0.30103), f"{what} (a number's digits)")
        elif operator == "%" and isinstance(left, str):
            _check_widths(left, what)
            _check_numbers(right if isinstance(right, tuple) else (right,), what)
        return made(super().call_binop(context, operator, left, right), what)

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's form
        target = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(target, "__self__", None)
        what = f"{getattr(target, '__name__', 'a function')}()"
        _check_numbers([*args, *kwargs.values()], what)
        if isinstance(owner, str):
            name = getattr(target, "__name__", "")
            if name in ("format", "format_map"):
                _check_widths(owner, what)
            elif name == "replace":
                _check_replace(owner, args, what)
            elif name == "join" and args:
                _check_join(args[0], owner, what)
        return made(super().call(__context, __obj, *args, **kwargs), what)


def render_with_budget(template: jinja2.Template, context: Mapping[str, Any],
                       seconds: float | None = None) -> str:
    """Render ``template`` (of a :class:`BudgetedSandbox`) in at most ``seconds`` (default
    :data:`TEMPLATE_SECONDS`) and :data:`MAX_TEMPLATE_TEXT` characters of output; raises
    :class:`TemplateLimitError`."""
    seconds = TEMPLATE_SECONDS if seconds is None else seconds
    outer = _COUNTER.made is not None
    if not outer:
        _COUNTER.made = 0
        _COUNTER.max_text = getattr(template.environment, "max_text", None)
        _COUNTER.max_work = getattr(template.environment, "max_work", None)
    stream = None
    try:
        try:
            _WATCHDOG.arm(seconds)
            try:
                parts, size = [], 0
                stream = template.generate(context)
                for part in stream:
                    size += len(part)
                    if size > _max_text():
                        error = TemplateLimitError(f"the template's text is over {_max_text():,} "
                                                   "characters, the most a template may make")
                        error.template_line = _line_of(template, stream)
                        raise error
                    parts.append(part)
                return "".join(parts)
            finally:
                _WATCHDOG.disarm()
        except _OutOfTime as stop:
            error = TemplateLimitError(f"the template ran for more than {seconds:g} seconds, the most a "
                                       "template may (a loop within a loop?)")
            tb, line = stop.__traceback__, None
            while tb is not None:
                if tb.tb_frame.f_code.co_filename == (template.filename or "<template>"):
                    line = template.get_corresponding_lineno(tb.tb_lineno)
                tb = tb.tb_next
            error.template_line = line if line is not None else _line_of(template, stream)
            raise error from None
    finally:
        if not outer:
            _COUNTER.made = _COUNTER.max_text = _COUNTER.max_work = None


def _line_of(template: jinja2.Template, stream) -> int | None:
    """The template line a suspended render is on (from its innermost generator's frame)."""
    frame = None
    while stream is not None:
        frame = getattr(stream, "gi_frame", None) or frame
        stream = getattr(stream, "gi_yieldfrom", None)
    if frame is None or frame.f_code.co_filename != (template.filename or "<template>"):
        return None
    return template.get_corresponding_lineno(frame.f_lineno)
