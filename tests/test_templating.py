"""report/templating.py: one template environment, autoescaped, strict about missing values."""

from __future__ import annotations

import jinja2
import pytest

from helhedsanalyse.report import templating


@pytest.fixture
def skabelon(monkeypatch, tmp_path):
    (tmp_path / "t.html.j2").write_text("<p>{{ tekst }}</p>", encoding="utf-8")
    (tmp_path / "makroer.html.j2").write_text("{% macro b(x) %}<b>{{ x }}</b>{% endmacro %}", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), **{
        k: getattr(templating.environment(), k) for k in ("autoescape", "trim_blocks", "lstrip_blocks")},
        undefined=jinja2.StrictUndefined)
    monkeypatch.setattr(templating, "environment", lambda: env)
    return "t.html.j2"


def test_values_are_escaped_and_markup_is_kept(skabelon):
    assert templating.render_template(skabelon, tekst="<script>x</script>") == "<p>&lt;script&gt;x&lt;/script&gt;</p>"
    assert templating.render_template(skabelon, tekst=templating.Markup("<i>ok</i>")) == "<p><i>ok</i></p>"
    assert templating.render_macro("makroer.html.j2", "b", "Æ & Ø") == "<b>Æ &amp; Ø</b>"


def test_a_missing_value_is_an_error_not_an_empty_cell(skabelon):
    with pytest.raises(jinja2.UndefinedError):
        templating.render_template(skabelon)


def test_the_package_environment_escapes():
    env = templating.environment()
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
