"""Small charts drawn on the server as SVG from numbers, each with the table of its numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# The drawing's own units: the SVG scales to the width of its column.
WIDTH = 600
HEIGHT = 300
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 20, 56
# Points sit inside the axes rather than on them, so the first and last markers are whole.
INSET = 24
# More axis labels than this would overlap; the table beside the chart has every one.
MAX_AXIS_LABELS = 8


@dataclass(frozen=True)
class ChartPoint:
    label: str  # in full, for the table
    axis_label: str  # shorter, under the axis; empty where labels are thinned out
    value: float
    shown: str  # the value as the table and the desc write it
    x: float
    y: float


@dataclass(frozen=True)
class Tick:
    value: float
    shown: str
    y: float


@dataclass(frozen=True)
class Chart:
    """A line of points over labelled steps (dates, months), with what a template needs to draw
    it: every coordinate is a number worked out here, every word is escaped by the template."""

    id: str
    title: str
    desc: str
    y_label: str
    label_heading: str
    value_heading: str
    points: tuple[ChartPoint, ...]
    ticks: tuple[Tick, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: float = LEFT
    right: float = WIDTH - RIGHT
    top: float = TOP
    bottom: float = HEIGHT - BOTTOM

    @property
    def empty(self) -> bool:
        return not self.points

    @property
    def line(self) -> str:
        """The polyline's points, "x,y x,y": numbers only."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def tick_x(self) -> float:
        return self.left - 8

    @property
    def label_y(self) -> float:
        return self.bottom + 22

    @property
    def y_label_x(self) -> float:
        return self.left - 40

    @property
    def y_label_y(self) -> float:
        return round((self.top + self.bottom) / 2, 1)


def shown(value: float) -> str:
    """3 rather than 3.0; one decimal place otherwise."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


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


def _ticks(y_max: float, step: float | None) -> tuple[Tick, ...]:
    step = step or (2 if y_max > 5 else 1) * max(1.0, y_max // 10)
    values, value = [], 0.0
    while value <= y_max + 1e-9:
        values.append(value)
        value += step
    return tuple(Tick(value=v, shown=shown(v), y=y_of(v, y_max)) for v in values)


def _default_desc(points: Sequence[ChartPoint], y_label: str) -> str:
    if not points:
        return "Nothing recorded yet."
    first, last = points[0], points[-1]
    if len(points) == 1:
        return f"{y_label} {first.shown} at {first.label}."
    return f"{y_label} from {first.shown} at {first.label} to {last.shown} at {last.label}."


def line_chart(
    points: Sequence[tuple[str, float]], *, title: str, y_max: float, y_label: str,
    desc: str = "", axis_labels: Sequence[str] | None = None, y_step: float | None = None,
    label_heading: str = "Date", value_heading: str = "Value", id: str = "chart",
) -> Chart:
    """A line chart of `points`, (label, value) in the order they happened, from 0 to `y_max`.
    `desc` says in words what the chart shows (a default names the first and last points);
    `axis_labels` are shorter labels for under the x axis; `id` must be unique on the page."""
    if y_max <= 0:
        raise ValueError("y_max must be above nought")
    count = len(points)
    shorter = list(axis_labels) if axis_labels is not None else [label for label, _ in points]
    if len(shorter) != count:
        raise ValueError("one axis label for each point")
    every = -(-count // MAX_AXIS_LABELS) if count else 1  # ceiling division
    drawn = tuple(
        ChartPoint(
            label=label, value=float(value), shown=shown(value),
            # The last point is always labelled, with evenly thinned ones before it.
            axis_label=shorter[i] if (count - 1 - i) % every == 0 else "",
            x=x_of(i, count), y=y_of(float(value), y_max),
        )
        for i, (label, value) in enumerate(points)
    )
    return Chart(
        id=id, title=title, desc=desc or _default_desc(drawn, y_label), y_label=y_label,
        label_heading=label_heading, value_heading=value_heading, points=drawn,
        ticks=_ticks(y_max, y_step),
    )
