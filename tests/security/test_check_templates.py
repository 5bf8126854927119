import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def checker():
    spec = importlib.util.spec_from_file_location("check_templates", ROOT / "scripts" / "check_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_it_finds_nothing_in_this_repository(checker):
    assert checker.find_problems(ROOT) == []


@pytest.mark.parametrize(
    ("relative", "text"),
    [
        ("templates/a.html", "{{ value|safe }}"),
        ("templates/a.html", "{{ value | safe }}"),
        ("templates/a.html", '{{ values|safeseq|join:", " }}'),
        ("shop/templates/shop/a.html", "{% autoescape off %}{{ x }}{% endautoescape %}"),
        ("templates/a.html", "<script>alert(1)</script>"),
        ("templates/a.html", '<button onclick="go()">x</button>'),
        ("templates/a.html", '<div class="x" style="color: red">x</div>'),
        ("shop/views.py", "from django.utils.safestring import mark_safe\nhtml = mark_safe(text)\n"),
    ],
)
def test_it_flags_escaping_switched_off_and_inline_code(checker, tmp_path, relative, text):
    _write(tmp_path, relative, text)
    problems = checker.find_problems(tmp_path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{relative}:")
    assert checker.main(["check_templates.py", str(tmp_path)]) == 1


def test_it_accepts_safe_code_and_the_allow_list(checker, tmp_path, monkeypatch):
    _write(
        tmp_path,
        "templates/a.html",
        '<script src="/static/js/app.js"></script>{{ value|safe_join_not_a_filter }}{{ x }}',
    )
    _write(tmp_path, "shop/views.py", "from django.utils.html import format_html\n")
    _write(tmp_path, "tests/test_x.py", "mark_safe('<b>')\n")
    _write(tmp_path, "shop/widgets.py", "mark_safe(rendered)\n")
    monkeypatch.setitem(checker.ALLOWED, "shop/widgets.py", "renders a vetted widget")
    assert checker.find_problems(tmp_path) == []
    assert checker.main(["check_templates.py", str(tmp_path)]) == 0
