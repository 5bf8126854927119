"""The charts' axis speaks the reader's language: "0,5%" in Indonesian, "0.5%" in English."""

from django.utils import translation

from reporting.charts import Series, bar_chart


def _chart(top: float) -> str:
    return str(bar_chart(labels=["2025"], series=[Series("Cakupan", [top])], title="Cakupan BPJS", unit="%"))


def test_a_small_scale_s_decimals_follow_the_language():
    with translation.override("id"):
        indonesian = _chart(1.0)
    with translation.override("en"):
        english = _chart(1.0)
    assert ">0,5%</text>" in indonesian and ">1,0%</text>" in indonesian and "0.5%" not in indonesian
    assert ">0.5%</text>" in english


def test_a_large_scale_shows_whole_numbers():
    with translation.override("id"):
        chart = _chart(80)
    assert ">40%</text>" in chart and ">80%</text>" in chart and "," not in chart.split("<title>")[0]
