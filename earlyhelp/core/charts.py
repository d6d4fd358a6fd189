"""Small charts drawn on the server as SVG from numbers, each with the table of its numbers."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

# The drawing's own units: the SVG scales to the width of its column.
WIDTH = 600
HEIGHT = 300
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 20, 56
# Points sit inside the axes rather than on them, so the first and last markers are whole.
INSET = 24
# More axis labels than this would overlap; the table beside the chart has every one.
MAX_AXIS_LABELS = 8
NOTHING_YET = "Nothing recorded yet."


def shown(value: float) -> str:
    """As reports write numbers: 3 rather than 3.0, 1,299 rather than 1299, one decimal place
    for a fraction."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def y_of(value: float, y_max: float, *, top: float = TOP, bottom: float = HEIGHT - BOTTOM) -> float:
    """Nought on the x axis, y_max at the top of the plot."""
    clamped = min(max(value, 0.0), y_max)
    return round(bottom - (bottom - top) * clamped / y_max, 1)


def x_of(index: int, count: int, *, left: float = LEFT, right: float = WIDTH - RIGHT) -> float:
    """Points evenly spaced across the plot; a lone point in the middle."""
    start, end = left + INSET, right - INSET
    if count <= 1:
        return round((start + end) / 2, 1)
    return round(start + (end - start) * index / (count - 1), 1)


def nice_scale(largest: float) -> tuple[float, float]:
    """(top of the scale, step between its marks): about five marks at 1, 2 or 5 times a power
    of ten, the top at or above `largest`; a scale of nothing runs from 0 to 1."""
    if largest <= 0:
        return 1.0, 1.0
    rough = largest / 5
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    step = max(step, 1.0)  # counts of people come in whole numbers
    return math.ceil(largest / step) * step, step


def _coordinates(points: Iterable[tuple[float, float]]) -> str:
    """"x,y x,y" for a polyline or polygon: numbers only."""
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


# What every chart shares ------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    shown: str
    url: str = ""  # where the table's number links to; empty for none


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True, kw_only=True)
class Drawing:
    """What the frame of every chart shows (includes/chart_frame.html): the SVG's title and
    description for a screen reader, then the table of its numbers, or the description alone
    when there is nothing to draw. Every coordinate is a number worked out here, every word is
    escaped by the template; `id` must be unique on the page."""

    id: str
    title: str
    desc: str
    label_heading: str  # the table's first column
    width: int
    height: int

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def headings(self) -> tuple[str, ...]:
        """The table's numeric columns, after `label_heading`."""
        raise NotImplementedError

    @property
    def rows(self) -> tuple[TableRow, ...]:
        raise NotImplementedError


@dataclass(frozen=True)
class Tick:
    value: float
    shown: str
    y: float


@dataclass(frozen=True)
class StepLabel:
    label: str  # in full, for the table
    axis_label: str  # shorter, under the axis; empty where labels are thinned out
    x: float


@dataclass(frozen=True, kw_only=True)
class Axes(Drawing):
    """A plot over steps with a scale up its left (includes/chart_axes.html): marks ruled
    across, the steps labelled under it, the scale named up the side."""

    y_label: str
    ticks: tuple[Tick, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: float = LEFT
    right: float = WIDTH - RIGHT
    top: float = TOP
    bottom: float = HEIGHT - BOTTOM
    # How far left of the axis the scale's name sits, clear of its widest mark.
    y_label_gap: ClassVar[float] = 40

    @property
    def tick_x(self) -> float:
        return self.left - 8

    @property
    def label_y(self) -> float:
        return self.bottom + 22

    @property
    def y_label_x(self) -> float:
        return self.left - self.y_label_gap

    @property
    def y_label_y(self) -> float:
        return round((self.top + self.bottom) / 2, 1)


def _steps(labels: Sequence[str], axis_labels: Sequence[str] | None) -> tuple[StepLabel, ...]:
    """Steps evenly across the plot; `axis_labels`, shorter ones for under the axis, thinned
    out so they do not overlap, the last always kept with evenly spaced ones before it."""
    count = len(labels)
    shorter = list(axis_labels) if axis_labels is not None else list(labels)
    if len(shorter) != count:
        raise ValueError("one axis label for each label")
    every = -(-count // MAX_AXIS_LABELS) if count else 1  # ceiling division
    return tuple(
        StepLabel(label=label, axis_label=shorter[i] if (count - 1 - i) % every == 0 else "",
                  x=x_of(i, count))
        for i, label in enumerate(labels)
    )


def _ticks(y_max: float, step: float, *, bottom: float) -> tuple[Tick, ...]:
    """Marks from nought every `step` up to `y_max`."""
    marks = math.floor(y_max / step + 1e-9)
    return tuple(
        Tick(value=v, shown=shown(v), y=y_of(v, y_max, bottom=bottom))
        for v in (step * n for n in range(marks + 1))
    )


# One line ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartPoint(StepLabel):
    value: float
    shown: str  # the value as the table and the desc write it
    x: float
    y: float


@dataclass(frozen=True, kw_only=True)
class Chart(Axes):
    """A line of points over labelled steps (dates, months)."""

    value_heading: str
    points: tuple[ChartPoint, ...]

    @property
    def line(self) -> str:
        return _coordinates((p.x, p.y) for p in self.points)

    @property
    def headings(self) -> tuple[str, ...]:
        return (self.value_heading,)

    @property
    def rows(self) -> tuple[TableRow, ...]:
        return tuple(TableRow(label=p.label, cells=(Cell(p.shown),)) for p in self.points)


def _default_desc(points: Sequence[ChartPoint], y_label: str) -> str:
    if not points:
        return NOTHING_YET
    first, last = points[0], points[-1]
    if len(points) == 1:
        return f"{y_label} {first.shown} at {first.label}."
    return f"{y_label} from {first.shown} at {first.label} to {last.shown} at {last.label}."


def line_chart(
    points: Sequence[tuple[str, float]], *, title: str, y_max: float, y_label: str,
    desc: str = "", axis_labels: Sequence[str] | None = None, y_step: float | None = None,
    label_heading: str = "Date", value_heading: str = "Value", id: str = "chart",
) -> Chart:
    """A line chart of `points`, (label, value) in the order they happened, from 0 to `y_max`,
    marked every `y_step` (by default the round step `nice_scale` gives).
    `desc` says in words what the chart shows (a default names the first and last points);
    `axis_labels` are shorter labels for under the x axis; `id` must be unique on the page."""
    if y_max <= 0:
        raise ValueError("y_max must be above nought")
    steps = _steps([label for label, _ in points], axis_labels)
    drawn = tuple(
        ChartPoint(label=step.label, axis_label=step.axis_label, value=float(value),
                   shown=shown(value), x=step.x, y=y_of(float(value), y_max))
        for step, (_, value) in zip(steps, points, strict=True)
    )
    return Chart(
        id=id, title=title, desc=desc or _default_desc(drawn, y_label), y_label=y_label,
        label_heading=label_heading, value_heading=value_heading, points=drawn,
        ticks=_ticks(y_max, y_step or nice_scale(y_max)[1], bottom=HEIGHT - BOTTOM),
    )


# Bar charts --------------------------------------------------------------------------------

BAR_ROW = 48  # each bar's band: its label above, the bar below
BAR_THICKNESS = 22
BAR_TOP = 8
# Room at the end of the longest bar for its value.
BAR_VALUE_ROOM = 64
BAR_LEFT = 8
# Narrower than a line chart: bars sit in half the page, and their words stay readable there.
BAR_WIDTH = 400


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str
    url: str  # where the table's number links to; empty for none
    y: float  # the bar's top edge
    length: float
    label_y: float
    value_x: float
    value_y: float


@dataclass(frozen=True, kw_only=True)
class BarChart(Drawing):
    """Horizontal bars, one a category (an agency, a need, a ward), longest for the most:
    each label sits above its bar, so long names need no room at the side."""

    value_heading: str
    bars: tuple[Bar, ...]
    width: int = BAR_WIDTH
    left: float = BAR_LEFT
    thickness: int = BAR_THICKNESS

    @property
    def axis_top(self) -> float:
        return BAR_TOP

    @property
    def label_x(self) -> float:
        """Labels start clear of the axis line."""
        return self.left + 6

    @property
    def axis_bottom(self) -> float:
        return self.height - BAR_TOP

    @property
    def headings(self) -> tuple[str, ...]:
        return (self.value_heading,)

    @property
    def rows(self) -> tuple[TableRow, ...]:
        return tuple(TableRow(label=b.label, cells=(Cell(b.shown, b.url),)) for b in self.bars)


def bar_chart(
    bars: Sequence[tuple[str, float] | tuple[str, float, str]], *, title: str, desc: str = "",
    label_heading: str = "Category", value_heading: str = "Number", id: str = "bars",
    empty: str = "Nothing recorded in this period.",
) -> BarChart:
    """Bars for (label, value) or (label, value, url), in the order given, scaled so the
    largest reaches across the plot; `id` must be unique on the page."""
    longest = max((float(b[1]) for b in bars), default=0.0)
    room = BAR_WIDTH - BAR_LEFT - BAR_VALUE_ROOM
    drawn = []
    for n, bar in enumerate(bars):
        label, value = bar[0], float(bar[1])
        url = bar[2] if len(bar) > 2 else ""  # type: ignore[misc]
        top = BAR_TOP + n * BAR_ROW + 20
        length = round(room * max(value, 0.0) / longest, 1) if longest > 0 else 0.0
        drawn.append(Bar(
            label=label, value=value, shown=shown(value), url=url, y=top, length=length,
            label_y=top - 6, value_x=round(BAR_LEFT + length + 8, 1),
            value_y=round(top + BAR_THICKNESS / 2, 1),
        ))
    if not desc:
        desc = _bars_desc(drawn) if drawn else empty
    return BarChart(
        id=id, title=title, desc=desc, label_heading=label_heading, value_heading=value_heading,
        bars=tuple(drawn), height=BAR_TOP * 2 + BAR_ROW * len(drawn) + 4,
    )


def _bars_desc(bars: Sequence[Bar]) -> str:
    most = max(bars, key=lambda b: b.value)
    if len(bars) == 1:
        return f"{most.shown} for {most.label}."
    fewest = min(reversed(bars), key=lambda b: b.value)
    return (f"{len(bars)} categories. The most, {most.shown}, for {most.label}; the fewest, "
            f"{fewest.shown}, for {fewest.label}.")


# Lines of several series -------------------------------------------------------------------

# GOV.UK colours with a marker shape and dash each, so the lines differ without colour too.
SERIES_STYLES = (
    ("#1d70b8", "circle", ""),
    ("#d4351c", "square", "8 4"),
    ("#00703c", "triangle", "2 4"),
    ("#4c2c92", "diamond", "12 4 2 4"),
    ("#f47738", "circle", "4 4"),
)
SERIES_HEIGHT = 340
SERIES_BOTTOM = 96  # the month labels, then the key to the lines


@dataclass(frozen=True)
class SeriesPoint:
    x: float
    y: float
    value: float
    shown: str
    corners: str  # the marker's polygon; empty for a circle


def corners(shape: str, x: float, y: float, size: float = 6) -> str:
    """The corners of a square, triangle or diamond marker centred on (x, y)."""
    if shape == "square":
        found = [(x - size, y - size), (x + size, y - size), (x + size, y + size),
                 (x - size, y + size)]
    elif shape == "triangle":
        found = [(x, y - size - 1), (x + size + 1, y + size), (x - size - 1, y + size)]
    elif shape == "diamond":
        found = [(x, y - size - 1), (x + size + 1, y), (x, y + size + 1), (x - size - 1, y)]
    else:
        return ""
    return _coordinates(found)


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    shape: str  # circle, square, triangle or diamond
    dash: str
    points: tuple[SeriesPoint, ...]
    key_x: float
    key_y: float

    @property
    def line(self) -> str:
        return _coordinates((p.x, p.y) for p in self.points)

    @property
    def key_marker(self) -> SeriesPoint:
        """The line's marker in the key, in the middle of its stroke."""
        x = self.key_x + 14
        return SeriesPoint(x=x, y=self.key_y, value=0, shown="",
                           corners=corners(self.shape, x, self.key_y))

    @property
    def key_line_end(self) -> float:
        return self.key_x + 28

    @property
    def key_text_x(self) -> float:
        return self.key_x + 36


@dataclass(frozen=True, kw_only=True)
class LinesChart(Axes):
    """Several lines over the same steps (activity by month), with a key naming each line and
    a table with a column for each."""

    steps: tuple[StepLabel, ...]
    series: tuple[Series, ...]
    height: int = SERIES_HEIGHT
    bottom: float = SERIES_HEIGHT - SERIES_BOTTOM
    # Counts in the thousands have wider marks than a score.
    y_label_gap: ClassVar[float] = 44

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.series)

    @property
    def rows(self) -> tuple[TableRow, ...]:
        """A row for each step, a column for each line."""
        return tuple(
            TableRow(label=step.label, cells=tuple(Cell(s.points[n].shown) for s in self.series))
            for n, step in enumerate(self.steps)
        )


def lines_chart(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *, title: str,
    y_label: str, desc: str = "", axis_labels: Sequence[str] | None = None,
    label_heading: str = "Month", id: str = "lines",
) -> LinesChart:
    """A line for each (name, values) of `series`, over the steps `labels`, on a scale from
    nought to a round number above the largest value; `id` must be unique on the page."""
    count = len(labels)
    if any(len(values) != count for _, values in series):
        raise ValueError("one value in each series for each label")
    if len(series) > len(SERIES_STYLES):
        raise ValueError(f"at most {len(SERIES_STYLES)} lines can be told apart")
    steps = _steps(labels, axis_labels)
    largest = max((float(v) for _, values in series for v in values), default=0.0)
    y_max, step = nice_scale(largest)
    bottom = SERIES_HEIGHT - SERIES_BOTTOM
    key_width = (WIDTH - LEFT) / max(len(series), 1)
    drawn = tuple(
        Series(
            name=name, colour=colour, shape=shape, dash=dash,
            points=tuple(
                _series_point(shape, at.x, y_of(float(v), y_max, bottom=bottom), v)
                for at, v in zip(steps, values, strict=True)
            ),
            key_x=round(LEFT + n * key_width, 1), key_y=SERIES_HEIGHT - 24,
        )
        for n, ((name, values), (colour, shape, dash)) in enumerate(
            zip(series, SERIES_STYLES, strict=False))
    )
    if not desc:
        desc = _lines_desc(labels, drawn) if count else NOTHING_YET
    return LinesChart(
        id=id, title=title, desc=desc, y_label=y_label, label_heading=label_heading,
        steps=steps, series=drawn, ticks=_ticks(y_max, step, bottom=bottom),
    )


def _series_point(shape: str, x: float, y: float, value: float) -> SeriesPoint:
    return SeriesPoint(x=x, y=y, value=float(value), shown=shown(value),
                       corners=corners(shape, x, y))


def _lines_desc(labels: Sequence[str], series: Sequence[Series]) -> str:
    parts = [f"{s.name} from {s.points[0].shown} to {s.points[-1].shown}" for s in series]
    if len(labels) == 1:
        return f"{labels[0]}: " + "; ".join(
            f"{s.name} {s.points[0].shown}" for s in series) + "."
    return f"From {labels[0]} to {labels[-1]}: " + "; ".join(parts) + "."
