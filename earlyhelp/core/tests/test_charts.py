"""The server-drawn line chart: where its points fall, and what it says to a screen reader."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string

from earlyhelp.core.charts import bar_chart, line_chart, lines_chart, nice_scale


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



# Bar charts --------------------------------------------------------------------------------

AGENCIES = [("Schools and colleges", 40), ("General practice", 20), ("Police", 10)]


def test_bars_are_as_long_as_their_values_the_largest_across_the_plot():
    drawn = bar_chart(AGENCIES, title="Requests by agency")
    schools, gps, police = drawn.bars
    assert schools.length == pytest.approx(2 * gps.length)
    assert gps.length == pytest.approx(2 * police.length)
    assert drawn.left + schools.length < drawn.width  # room left for its value
    assert schools.value_x > drawn.left + schools.length


def test_bars_stack_downwards_in_the_order_given_and_the_drawing_grows_with_them():
    drawn = bar_chart(AGENCIES, title="Requests by agency")
    tops = [bar.y for bar in drawn.bars]
    assert tops == sorted(tops) and len(set(tops)) == 3
    assert drawn.height > tops[-1] + drawn.thickness
    assert bar_chart(AGENCIES * 2, title="t").height > drawn.height


def test_a_bar_of_nothing_has_no_length_and_all_nothing_draws_no_bars_across():
    drawn = bar_chart([("Police", 0), ("Schools", 0)], title="t")
    assert [bar.length for bar in drawn.bars] == [0, 0]


def test_a_bar_chart_has_a_title_a_description_and_its_table():
    drawn = bar_chart(AGENCIES, title="Requests by agency", label_heading="Agency",
                      value_heading="Requests", id="agency")
    html = render_to_string("includes/bar_chart.html", {"chart": drawn})
    assert 'role="img"' in html and 'aria-labelledby="agency-title agency-desc"' in html
    assert '<title id="agency-title">Requests by agency</title>' in html
    assert ('<desc id="agency-desc">3 categories. The most, 40, for Schools and colleges; '
            "the fewest, 10, for Police.</desc>") in html
    assert ">Agency</th>" in html and ">Requests</th>" in html
    assert table_rows(html) == [(label, str(value)) for label, value in AGENCIES]


def test_a_bars_number_links_to_its_records_when_given_somewhere_to_go():
    drawn = bar_chart([("Police", 3, "/records/police/"), ("Schools", 2)], title="t")
    html = render_to_string("includes/bar_chart.html", {"chart": drawn})
    assert '<a class="govuk-link" href="/records/police/">3<' in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in html


def test_large_numbers_are_written_as_reports_write_them():
    drawn = bar_chart([("Schools", 9435)], title="t")
    assert drawn.bars[0].shown == "9,435"


def test_no_bars_says_so_instead_of_drawing_an_empty_chart():
    html = render_to_string("includes/bar_chart.html", {
        "chart": bar_chart([], title="t", empty="No requests were received in this period."),
    })
    assert "<svg" not in html and "No requests were received in this period." in html


# Several lines ---------------------------------------------------------------------------

MONTHS = ["April 2026", "May 2026", "June 2026"]
SERIES = [("Requests", [30, 45, 60]), ("Closures", [10, 0, 20])]


def test_lines_share_one_scale_rounded_up_above_the_largest_value():
    drawn = lines_chart(MONTHS, SERIES, title="Activity", y_label="Number")
    assert [t.shown for t in drawn.ticks] == ["0", "20", "40", "60"]
    requests, closures = drawn.series
    assert requests.points[2].y == drawn.top  # 60, the top of the scale
    assert closures.points[1].y == drawn.bottom  # nought
    assert closures.points[0].y == pytest.approx(
        drawn.bottom - (drawn.bottom - drawn.top) * 10 / 60, abs=0.1)


def test_each_line_differs_by_more_than_its_colour():
    drawn = lines_chart(MONTHS, [(f"s{n}", [1, 2, 3]) for n in range(4)], title="t",
                        y_label="n")
    assert len({s.colour for s in drawn.series}) == 4
    assert len({s.shape for s in drawn.series}) == 4
    assert len({s.dash for s in drawn.series}) == 4


def test_the_lines_table_has_a_row_for_each_month_and_a_column_for_each_line():
    drawn = lines_chart(MONTHS, SERIES, title="Activity by month", y_label="Number",
                        id="trends")
    html = render_to_string("includes/lines_chart.html", {"chart": drawn})
    assert '<title id="trends-title">Activity by month</title>' in html
    assert ('<desc id="trends-desc">From April 2026 to June 2026: Requests from 30 to 60; '
            "Closures from 10 to 20.</desc>") in html
    head = html[html.index("<thead"):html.index("</thead>")]
    assert re.findall(r">([^<>]+)</th>", head) == ["Month", "Requests", "Closures"]
    body = html[html.index("<tbody"):html.index("</tbody>")]
    rows = re.findall(r'<th scope="row"[^>]*>(.*?)</th>((?:\s*<td[^>]*>.*?</td>)+)', body)
    assert [(label, re.findall(r">(.*?)</td>", cells)) for label, cells in rows] == [
        ("April 2026", ["30", "10"]), ("May 2026", ["45", "0"]), ("June 2026", ["60", "20"])]
    # The key names each line in the drawing too.
    assert ">Requests</text>" in html and ">Closures</text>" in html


def test_lines_of_nothing_still_draw_a_scale():
    drawn = lines_chart(MONTHS, [("Requests", [0, 0, 0])], title="t", y_label="n")
    assert [t.shown for t in drawn.ticks] == ["0", "1"]
    assert {p.y for p in drawn.series[0].points} == {drawn.bottom}


def test_each_line_needs_a_value_for_each_month():
    with pytest.raises(ValueError):
        lines_chart(MONTHS, [("Requests", [1, 2])], title="t", y_label="n")


@pytest.mark.parametrize(("largest", "scale"), [
    (0, (1, 1)), (3, (3, 1)), (7, (8, 2)), (60, (60, 20)), (61, (80, 20)), (9435, (10000, 2000)),
])
def test_scales_end_on_round_numbers(largest, scale):
    assert nice_scale(largest) == scale


# What every kind shares ------------------------------------------------------------------

KINDS = {
    "includes/chart.html": lambda: chart([("a", 1500)], y_max=2000, title="Scores", id="kind"),
    "includes/bar_chart.html": lambda: bar_chart([("a", 2000)], title="Scores", id="kind"),
    "includes/lines_chart.html": lambda: lines_chart(["a"], [("s", [2000])], title="Scores",
                                                     y_label="n", id="kind"),
}


@pytest.mark.parametrize("template", KINDS)
def test_every_kind_is_named_to_a_screen_reader_and_captions_its_table_alike(template):
    html = render_to_string(template, {"chart": KINDS[template]()})
    assert html.count("<svg") == 1 and 'aria-labelledby="kind-title kind-desc"' in html
    assert '<title id="kind-title">Scores</title>' in html
    assert '<caption class="govuk-table__caption govuk-table__caption--s">Scores</caption>' in html
    # Numbers are written as reports write them, whichever kind draws them.
    assert ">2,000<" in html and ">2000<" not in html
