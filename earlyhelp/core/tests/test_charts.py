"""The server-drawn line chart: where its points fall, and what it says to a screen reader."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string

from earlyhelp.core.charts import line_chart


def table_rows(html: str) -> list[tuple[str, str]]:
    """(label, value) for each row of the chart's table, in order."""
    body = html[html.index("<tbody"):html.index("</tbody>")]
    return re.findall(r'<th scope="row"[^>]*>(.*?)</th>\s*<td[^>]*>(.*?)</td>', body)


SCORES = [("Assessment", 3), ("14 September 2026", 5), ("26 October 2026", 7)]


def chart(points=SCORES, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("title", "Scaling score over time")
    kwargs.setdefault("y_max", 10)
    kwargs.setdefault("y_label", "Score")
    return line_chart(points, **kwargs)


def test_the_top_of_the_scale_is_the_top_of_the_plot_and_nought_its_bottom():
    drawn = chart([("a", 10), ("b", 0), ("c", 5)])
    top, bottom, middle = drawn.points
    assert top.y == drawn.top
    assert bottom.y == drawn.bottom
    assert middle.y == pytest.approx((drawn.top + drawn.bottom) / 2)


def test_a_higher_score_is_drawn_higher_up():
    low, high = chart([("a", 2), ("b", 8)]).points
    assert high.y < low.y


def test_points_are_evenly_spaced_left_to_right_inside_the_axes():
    drawn = chart([(str(n), n) for n in range(5)])
    xs = [p.x for p in drawn.points]
    gaps = {round(b - a, 6) for a, b in zip(xs, xs[1:], strict=False)}
    assert len(gaps) == 1 and gaps.pop() > 0
    assert drawn.left < xs[0] and xs[-1] < drawn.right


def test_one_point_sits_in_the_middle_and_draws_no_line():
    drawn = chart([("Assessment", 4)])
    (only,) = drawn.points
    assert only.x == pytest.approx((drawn.left + drawn.right) / 2)
    assert drawn.desc == "Score 4 at Assessment."
    html = render_to_string("includes/chart.html", {"chart": drawn})
    assert "<circle" in html and "<polyline" not in html


def test_no_points_says_so_instead_of_drawing_empty_axes():
    drawn = chart([])
    assert drawn.empty
    html = render_to_string("includes/chart.html", {"chart": drawn})
    assert "<svg" not in html
    assert "Nothing recorded yet." in html


def test_values_off_the_scale_stay_on_the_plot():
    over, under = chart([("a", 12), ("b", -1)]).points
    assert (over.y, under.y) == (chart().top, chart().bottom)


def test_the_scale_is_marked_from_nought_to_its_top():
    assert [t.shown for t in chart().ticks] == ["0", "2", "4", "6", "8", "10"]
    assert [t.shown for t in chart(y_max=100).ticks] == ["0", "20", "40", "60", "80", "100"]


def test_a_screen_reader_hears_the_title_and_description():
    drawn = chart(desc="From 3 at assessment to 7 at the review on 26 October 2026.")
    html = render_to_string("includes/chart.html", {"chart": drawn})
    assert 'role="img"' in html
    assert 'aria-labelledby="chart-title chart-desc"' in html
    assert '<title id="chart-title">Scaling score over time</title>' in html
    assert ('<desc id="chart-desc">From 3 at assessment to 7 at the review on 26 October '
            "2026.</desc>") in html


def test_without_a_description_it_names_the_first_and_last_points():
    assert chart().desc == "Score from 3 at Assessment to 7 at 26 October 2026."


def test_the_table_beside_the_chart_has_every_label_and_value_in_order():
    html = render_to_string("includes/chart.html", {
        "chart": chart(label_heading="Date", value_heading="Score"),
    })
    table = html[html.index("<table"):]
    assert "<caption" in table and ">Date</th>" in table and ">Score</th>" in table
    assert table_rows(html) == [(label, str(value)) for label, value in SCORES]

def test_words_are_escaped_never_trusted():
    drawn = chart([("<script>alert(1)</script>", 5)], title="A & B", desc="<b>x</b>")
    html = render_to_string("includes/chart.html", {"chart": drawn})
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "A &amp; B" in html


def test_many_points_thin_out_the_axis_labels_but_keep_the_last():
    drawn = chart([(f"Review {n}", n % 11) for n in range(20)])
    labelled = [p.axis_label for p in drawn.points if p.axis_label]
    assert len(labelled) <= 8
    assert drawn.points[-1].axis_label == "Review 19"
    # Every point is still in the table.
    html = render_to_string("includes/chart.html", {"chart": drawn})
    assert all(f"Review {n}</th>" in html for n in range(20))

