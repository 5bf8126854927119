import pytest

from bench import bpjs
from socialsecurity.models import BpjsImport, Participation

pytestmark = pytest.mark.django_db


def test_the_bpjs_bench_imports_and_rolls_back():
    lines = []
    seconds = bpjs.run(rows=400, out=lines.append)
    assert seconds > 0
    # 20 lines left out (not registered) and 40 under-reported (partial: workers)
    assert "400 lines, 380 snapshots, 60 flags" in lines[0]
    assert not BpjsImport.objects.exists() and not Participation.objects.exists()
