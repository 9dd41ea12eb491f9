"""The rendering budget of templates (issue 10, "work without bound"): a template that would make a
huge text, or runs for ever, stops quickly with an error at its file and line — before the memory
is taken — and nothing is written."""

from __future__ import annotations

import time

import pytest

import saraban.template_budget as budget
from saraban.cli import main
from saraban.errors import InputError, Location
from saraban.templates import Templates

from helpers import letter_variant

#: Each template would make gigabytes of text, or tens of millions of values, if it ran unchecked.
TOO_BIG = {
    "a long repeat": ("{{ 'x' * 10**9 }}", "'*' would make 1,000,000,000 characters"),
    "a repeat the other way round": ("{{ 10**9 * 'x' }}", "'*' would make"),
    "a long list": ("{{ ([1] * 10**8)|length }}", "'*' would make 100,000,000"),
    "a huge number": ("{{ 7 ** 100000000 }}", "a number's digits"),
    "a %-format width": ("{{ '%1000000000d' % 1 }}", "'%' would make"),
    "a %-format * width": ("{{ '%*d' % (10**9, 1) }}", "'%' would make"),
    "a format() width": ("{{ '{:>1000000000}'.format(1) }}", "format() would make"),
    "the format filter": ("{{ '%1000000000d'|format(1) }}", "the filter format would make"),
    "a center() width": ("{{ 'x'.center(10**9) }}", "center() would make"),
    "the center filter": ("{{ 'x'|center(10**9) }}", "the filter center would make"),
    "the indent filter": ("{{ 'a\\nb'|indent(10**9) }}", "the filter indent would make"),
    "replace() growing a text": ("{{ ('x' * 900000).replace('x', 'xxxxxxxxxx') }}", "replace() would make"),
    "the replace filter": ("{{ ('x' * 900000)|replace('x', 'xxxxxxxxxx') }}", "the filter replace would make"),
    "the join filter": ("{{ (['x' * 900000] * 100)|join }}", "the filter join would make 90,000,000"),
    "join()": ("{{ ''.join(['x' * 900000] * 100) }}", "join() would make 90,000,000"),
    "doubling with ~": ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
                        "{% endfor %}", "'~' would make 1,048,576"),
    "doubling with +": ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
                        "{% endfor %}", "'+' would make 1,048,576"),
    "a long output": ("{% for i in range(99999) %}{{ 'ก' * 99999 }}{% endfor %}",
                      "the template's text is over 1,000,000 characters"),
    "a long text built in a block": ("{% set x %}{% for i in range(99999) %}{{ 'ก' * 99999 }}{% endfor %}"
                                     "{% endset %}{{ x|length }}", "at most 20,000,000 in all"),
}


@pytest.mark.parametrize("case", sorted(TOO_BIG))
def test_a_template_that_would_make_too_much_text_stops_at_once(case):
    source, words = TOO_BIG[case]
    start = time.monotonic()
    with pytest.raises(InputError) as err:
        Templates().render("สวัสดี\n\n" + source, {}, Location("letter.toml", 10))
    assert time.monotonic() - start < 5
    assert words in str(err.value) and "letter.toml, line 12" in str(err.value)


@pytest.mark.parametrize("source", [
    "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "{% set l = range(99999)|list %}{% for i in l %}{% for j in l %}{{ '' }}{% endfor %}{% endfor %}",
    "{% macro f(n) %}{% for i in range(99999) %}{% endfor %}{{ f(n) if n else '' }}{% endmacro %}"
    "{% for i in range(99999) %}{{ f(0) }}{% endfor %}",
])
def test_a_template_that_runs_too_long_is_stopped_at_its_line(monkeypatch, source):
    monkeypatch.setattr(budget, "TEMPLATE_SECONDS", 1.0)
    templates = Templates()
    start = time.monotonic()
    with pytest.raises(InputError) as err:
        templates.render("a\nb\n" + source, {}, Location("body.md.j2", 1))
    assert 0.9 < time.monotonic() - start < 8
    assert "ran for more than 1 seconds" in str(err.value) and "body.md.j2, line 3" in str(err.value)
    # the watchdog leaves the next renders alone, however many
    for i in range(2000):
        assert templates.render("{{ n * 2 }}", {"n": i}, Location("x", 1)) == str(2 * i)


_UNDER_A_TRACER = """
import sys
import saraban.template_budget as budget
from saraban.errors import InputError, Location
from saraban.templates import Templates

sys.{hook}(lambda *args: None)          # as cProfile, coverage or a debugger do
templates = Templates()
for i in range(50):
    assert templates.render("{{{{ n }}}}", {{"n": i}}, Location("x", 1)) == str(i)
budget.TEMPLATE_SECONDS = 0.5
try:
    templates.render("{{% for i in range(99999) %}}{{% for j in range(99999) %}}{{% endfor %}}{{% endfor %}}",
                     {{}}, Location("x", 1))
except InputError as exc:
    assert "ran for more than" in str(exc)
else:
    raise SystemExit("not stopped")
for i in range(50):
    assert templates.render("{{{{ n }}}}", {{"n": i}}, Location("x", 1)) == str(i)
print("done")
"""


@pytest.mark.parametrize("hook", ["settrace", "setprofile"])
def test_templates_render_under_a_profiler_or_a_tracer(hook):
    """The watchdog once cleared its stop with PyThreadState_SetAsyncExc(id, NULL) after every
    render, which left CPython's asynchronous-exception flag set: later code ran 15 % slower, and
    under a tracer or profiler the first render never returned (cProfile of a merge hung)."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", _UNDER_A_TRACER.format(hook=hook)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "done", run.stderr[-2000:]


def test_ordinary_templates_are_untouched():
    rows = [{"name": "เชียงใหม่", "n": "1,234.5"}, {"name": "สงขลา", "n": "7"}]
    source = ("{% for r in rows %}{{ loop.index }}. {{ r.name }} {{ r.n|number(2) }} "
              "{{ '%05d' % loop.index }} {{ '{:>6}'.format(r.name) }}\n{% endfor %}"
              "{{ 'ab' * 3 }} {{ 2 ** 10 }} {{ ['a', 'b']|join(', ') }} {{ 'x y'|replace(' ', '-') }} "
              "{{ 'a' ~ 'b' }} {{ ('ก' * 999999)|length }}")
    assert Templates().render(source, {"rows": rows}, Location("x", 1)) == (
        "1. เชียงใหม่ 1,234.50 00001 เชียงใหม่\n2. สงขลา 7.00 00002  สงขลา\n"
        "ababab 1024 a, b x-y ab 999999")


def test_a_letter_body_of_a_billion_characters_is_an_error_naming_the_line(tmp_path, capsys):
    spec = letter_variant(tmp_path, {"จึงเรียนมาเพื่อโปรดพิจารณา": "{{ 'x' * 10**9 }}"})
    line = next(n for n, text in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if "10**9" in text)
    start = time.monotonic()
    assert main(["letter", str(spec), "-o", str(tmp_path / "out.pdf")]) == 1
    assert time.monotonic() - start < 10
    err = capsys.readouterr().err
    assert f"{spec}, line {line}: template error: '*' would make 1,000,000,000 characters" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out.pdf").exists() and not list(tmp_path.glob(".*.part"))
