"""Every chart of the dashboard: functions of summary frames returning `alt.Chart`.

One diverging, colour-blind-safe palette for mood (ColorBrewer RdBu ends with a mid grey:
red and blue stay apart for every common colour-vision deficiency) and one mood order,
`MOOD_ORDER`, in every legend, stack and table. Mood scores always sit on the same [-1, 1]
axis so charts compare across views.
"""

from __future__ import annotations

import io
from typing import Any, Literal, cast

import altair as alt
import numpy as np
import pandas as pd

from analysis.model import MOOD_ORDER

#: The mood palette: negative red, neutral grey, positive blue (RdBu ends).
MOOD_COLORS: dict[str, str] = {"negative": "#b2182b", "neutral": "#8c8c8c", "positive": "#2166ac"}
BadgeColor = Literal["red", "gray", "blue"]
#: Streamlit's nearest named colours to MOOD_COLORS, for st.badge.
MOOD_BADGE: dict[str, BadgeColor] = {"negative": "red", "neutral": "gray", "positive": "blue"}
#: The diverging ramp for continuous mood scores, through the same three colours.
MOOD_RAMP = ["#b2182b", "#ef8a62", "#d9d9d9", "#67a9cf", "#2166ac"]
MOOD_DOMAIN = [-1.0, 1.0]
#: What the chart functions return: a chart or a layer of charts (Altair's own types).
AnyChart = alt.Chart | alt.LayerChart
CLAIM_TONE_COLOR = "#1a1a1a"
#: Colours telling articles apart (ColorBrewer Dark2, minus its reds and blues, so an
#: article never looks like a mood).
ARTICLE_COLORS = ["#1b9e77", "#7570b3", "#e6ab02", "#666666"]


#: Room for the labels of a chart's rows, in pixels. Labels come wrapped to lines of about 24
#: characters (ui.wrapped_label), so at 390 px the marks keep more than half the width.
LABEL_PX = 170
#: Above this many comments a strip of one point each is a blot: they are counted in bins.
STRIP_POINTS = 2_000
STRIP_BINS = 40


def label_y(field: str, sort: Any = None, font_size: int | None = None) -> alt.Y:
    """The row axis of a chart whose rows are named (articles, claims, speakers): labels
    broken at '\n' into lines and held to `LABEL_PX`, so the marks keep their room on a
    phone."""
    axis = alt.Axis(
        labelLimit=LABEL_PX,
        labelExpr="split(datum.label, '\\n')",
        labelFontSize=font_size or alt.Undefined,
    )
    return alt.Y(f"{field}:N", title=None, sort=sort, axis=axis)


def mood_color(title: str | None = "mood") -> alt.Color:
    """The categorical mood colour channel, in mood order."""
    return alt.Color(
        "mood:N",
        title=title,
        scale=alt.Scale(domain=list(MOOD_ORDER), range=[MOOD_COLORS[m] for m in MOOD_ORDER]),
        sort=list(MOOD_ORDER),
        # Above the plot, in a row: a legend at the side takes a phone's width from the marks.
        legend=alt.Legend(orient="top", direction="horizontal"),
    )


def _score_x(field: str, title: str) -> alt.X:
    return alt.X(
        f"{field}:Q", title=title, scale=alt.Scale(domain=MOOD_DOMAIN, nice=False, clamp=True)
    )


def _score_color(field: str, title: str) -> alt.Color:
    return alt.Color(
        f"{field}:Q",
        title=title,
        scale=alt.Scale(domain=[-1, -0.5, 0, 0.5, 1], range=MOOD_RAMP),
        legend=None,
    )


def mood_mix_chart(mix: pd.DataFrame, label: str = "page_id", title: str = "") -> AnyChart:
    """Stacked bars of comment counts per mood, one bar per `label` (an article by default).

    `mix` is `summary.mood_mix` output, optionally with a `label` column to show instead.
    """
    data = mix.copy()
    data["share_pct"] = data["share"].map(lambda s: "" if pd.isna(s) else f"{s:.0%}")
    return (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            y=label_y(label),
            x=alt.X("count:Q", title="comments", stack="zero"),
            color=mood_color(),
            order=alt.Order("order:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip(f"{label}:N", title="article"),
                alt.Tooltip("mood:N"),
                alt.Tooltip("count:Q", title="comments"),
                alt.Tooltip("n:Q", title="of n"),
                alt.Tooltip("share_pct:N", title="share"),
            ],
        )
        .properties(height=alt.Step(32))
    )


def _tone_against_mood(
    base: alt.Chart, tone_field: str, tone_title: str, mood_size: int, fade_small_n: bool = False
) -> tuple[alt.Chart, alt.Chart, alt.Chart]:
    """The three marks of a tone-against-mood row: a rule from the text's own tone (◆) to the
    readers' mean mood (●), on the shared −1…+1 scale. Rows with n < 5 fade when asked."""
    rule = base.mark_rule(color="#bdbdbd", strokeWidth=2).encode(
        x=_score_x(tone_field, f"{tone_title} ◆ / mean reader mood ●  (−1 … +1)"),
        x2="mean_mood:Q",
    )
    tone = base.mark_point(shape="diamond", size=140, filled=True, color=CLAIM_TONE_COLOR).encode(
        x=_score_x(tone_field, "")
    )
    mood = base.mark_circle(size=mood_size, stroke="#1a1a1a", strokeWidth=0.5).encode(
        x=_score_x("mean_mood", ""), color=_score_color("mean_mood", "mean reader mood")
    )
    if fade_small_n:
        mood = mood.encode(opacity=alt.condition("datum.n >= 5", alt.value(1.0), alt.value(0.55)))
    return rule, tone, mood


def claim_mood_chart(claims: pd.DataFrame, label: str = "claim_label") -> AnyChart:
    """The main chart: for each claim (and the article in general), its own tone (black
    diamond, VADER compound of the claim) against the mean mood of the comments answering it
    (circle in the mood ramp), joined by a line, with n written beside; small n is faded.

    `claims` is `summary.claim_moods` output with a short `label` column.
    """
    data = claims.copy()
    data["n_text"] = [
        f"n={n}" + (" (small n)" if 0 < n < 5 else "") if n else "no replies" for n in data["n"]
    ]
    data["answered"] = data["n"] > 0
    # Rows without a claim tone (the article in general) would otherwise sort last.
    order = list(dict.fromkeys(data[label]))
    # Labels may hold '\n' (ui.wrapped_label): Vega draws an array of strings as lines.
    y = label_y(label, sort=order, font_size=11)
    tips = [
        alt.Tooltip("claim:N"),
        alt.Tooltip("speaker:N"),
        alt.Tooltip("claim_tone:Q", title="claim tone", format="+.2f"),
        alt.Tooltip("mean_mood:Q", title="mean reader mood", format="+.2f"),
        alt.Tooltip("n:Q", title="comments"),
        alt.Tooltip("top_themes:N", title="top themes"),
    ]
    base = alt.Chart(data).encode(y=y, tooltip=tips)
    link, tone, mood = _tone_against_mood(
        base, "claim_tone", "claim tone", mood_size=220, fade_small_n=True
    )
    n_text = base.mark_text(align="left", dx=12, dy=-11, color="#555555", fontSize=10).encode(
        x=alt.X("mean_mood:Q", scale=alt.Scale(domain=MOOD_DOMAIN, nice=False, clamp=True)),
        text="n_text:N",
    )
    # Claims nobody answered: "no replies" beside the claim's own tone.
    unanswered = (
        base.transform_filter("datum.n == 0")
        .mark_text(align="left", dx=12, color="#777777", fontSize=10)
        .encode(x=alt.X("claim_tone:Q", scale=alt.Scale(domain=MOOD_DOMAIN)), text="n_text:N")
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#e0e0e0").encode(x="x:Q")
    return cast(
        alt.LayerChart,
        alt.layer(zero, link, tone, mood, n_text, unanswered).properties(height=alt.Step(46)),
    )


def share_negative_chart(rows: pd.DataFrame, label: str, step: int = 40) -> AnyChart:
    """Share of negative comments per row with its Wilson 95% interval and n, on [0, 1]."""
    data = rows[rows["n"] > 0].copy()
    data["n_text"] = [
        f"{k} of {n}" + (" (small n)" if n < 5 else "")
        for k, n in zip(data["n_negative"], data["n"], strict=True)
    ]
    y = label_y(label)
    x_scale = alt.Scale(domain=[0, 1], nice=False)
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_rule(strokeWidth=2, color="#555555").encode(
        x=alt.X("ci_low:Q", title="share negative, with 95% interval", scale=x_scale,
                axis=alt.Axis(format="%")),
        x2="ci_high:Q",
    )  # fmt: skip
    dots = base.mark_circle(size=120, color=MOOD_COLORS["negative"]).encode(
        x=alt.X("share_negative:Q", scale=x_scale),
        tooltip=[
            alt.Tooltip(f"{label}:N", title="of"),
            alt.Tooltip("share_negative:Q", title="share negative", format=".0%"),
            alt.Tooltip("ci_low:Q", title="95% from", format=".0%"),
            alt.Tooltip("ci_high:Q", title="95% to", format=".0%"),
            alt.Tooltip("n_text:N", title="negative"),
        ],
    )
    text = base.mark_text(align="left", dx=8, dy=-9, color="#555555", fontSize=10).encode(
        x=alt.X("share_negative:Q", scale=x_scale), text="n_text:N"
    )
    return cast(alt.LayerChart, alt.layer(bars, dots, text).properties(height=alt.Step(step)))


def comment_strip(table: pd.DataFrame, row: str | None = None) -> AnyChart:
    """Every comment as a point on the mood scale, coloured by its mood; hover shows the
    comment's position, author, scores and start. `row` spreads points over rows (e.g. an
    article label) on the same x scale."""
    data = table[table["mood"].notna()].copy()
    if len(data) > STRIP_POINTS:
        return _binned_strip(data, row)
    data["author_shown"] = data["author"].fillna("(no name)")
    y = label_y(row) if row else alt.Y("jitter:Q", axis=None)
    if not row:
        # Spread overlapping points vertically by a stable, position-based offset.
        data["jitter"] = [(int(p) * 37) % 11 for p in data["position"]]
    return (
        alt.Chart(data)
        .mark_circle(size=90, opacity=0.8, stroke="white", strokeWidth=0.5)
        .encode(
            x=_score_x("mood_score", "mood score of each comment (−1 … +1)"),
            y=y,
            color=mood_color(),
            tooltip=[
                alt.Tooltip("position:Q", title="comment"),
                alt.Tooltip("author_shown:N", title="author"),
                alt.Tooltip("mood:N"),
                alt.Tooltip("mood_score:Q", title="mood score", format="+.2f"),
                alt.Tooltip("compound:Q", title="VADER compound", format="+.2f"),
                alt.Tooltip("start:N", title="starts"),
            ],
        )
        .properties(height=alt.Step(40) if row else 110)
    )


def _binned_strip(data: pd.DataFrame, row: str | None) -> AnyChart:
    """`comment_strip` for more comments than points can show apart: comments counted in
    `STRIP_BINS` bins of mood score per mood (and per `row`), each bin a circle sized by its
    count, one lane per mood; the title gives n."""
    edges = np.linspace(-1.0, 1.0, STRIP_BINS + 1)
    bins = np.clip(np.digitize(data["mood_score"].astype(float).clip(-1, 1), edges) - 1, 0,
                   STRIP_BINS - 1)  # fmt: skip
    keys = [*([row] if row else []), "mood"]
    counted = data.assign(bin=bins).groupby([*keys, "bin"]).size().rename("count").reset_index()
    counted["mood_score"] = (edges[counted["bin"]] + edges[counted["bin"] + 1]) / 2
    counted["from"] = edges[counted["bin"]]
    counted["to"] = edges[counted["bin"] + 1]
    y = label_y(row) if row else alt.Y("mood:N", sort=list(MOOD_ORDER), title=None)
    return (
        alt.Chart(counted, title=f"n = {len(data):,} comments, counted in bins of mood score")
        .mark_circle(opacity=0.8, stroke="white", strokeWidth=0.5)
        .encode(
            x=_score_x("mood_score", "mood score of each comment (−1 … +1)"),
            y=y,
            size=alt.Size("count:Q", scale=alt.Scale(range=[20, 500]), legend=None),
            color=mood_color(),
            tooltip=[
                alt.Tooltip("mood:N"),
                alt.Tooltip("count:Q", title="comments"),
                alt.Tooltip("from:Q", title="mood score from", format="+.2f"),
                alt.Tooltip("to:Q", title="to", format="+.2f"),
            ],
        )
        .properties(height=alt.Step(40 if row else 34))
    )


def theme_chart(
    prevalence: pd.DataFrame, color: str | None = None, color_title: str = "article"
) -> AnyChart:
    """Share of comments carrying each theme, with Wilson 95% intervals; one colour per
    `color` group (e.g. article) on the same [0, 1] scale when comparing."""
    data = prevalence[prevalence["n"] > 0].copy()
    data["n_text"] = [
        f"{k} of {n}" + (" (small n)" if n < 5 else "")
        for k, n in zip(data["count"], data["n"], strict=True)
    ]
    x_scale = alt.Scale(domain=[0, 1], nice=False)
    y = alt.Y("theme:N", title=None, sort=None)
    offset: dict[str, Any] = {"yOffset": alt.YOffset(f"{color}:N")} if color else {}
    col = (
        alt.Color(
            f"{color}:N",
            title=color_title,
            scale=alt.Scale(range=ARTICLE_COLORS),
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=300),
        )
        if color
        else alt.value(ARTICLE_COLORS[0])
    )
    base = alt.Chart(data).encode(y=y, **offset)
    bars = base.mark_bar(opacity=0.8).encode(
        x=alt.X("share:Q", title="share of comments, with 95% interval", scale=x_scale,
                axis=alt.Axis(format="%")),
        color=col,
        tooltip=[
            alt.Tooltip("theme:N"),
            *([alt.Tooltip(f"{color}:N", title=color_title)] if color else []),
            alt.Tooltip("share:Q", format=".0%"),
            alt.Tooltip("n_text:N", title="comments"),
            alt.Tooltip("ci_low:Q", title="95% from", format=".0%"),
            alt.Tooltip("ci_high:Q", title="95% to", format=".0%"),
        ],
    )  # fmt: skip
    ci = base.mark_rule(color="#1a1a1a").encode(x="ci_low:Q", x2="ci_high:Q")
    return cast(
        alt.LayerChart, alt.layer(bars, ci).properties(height=alt.Step(14 if color else 24))
    )


def mood_vs_tone_chart(articles: pd.DataFrame, label: str = "label") -> AnyChart:
    """Per article: the article's tone (mean VADER of its body) against the mean reader mood."""
    data = articles[articles["n"] > 0].copy()
    y = label_y(label)
    tips = [
        alt.Tooltip(f"{label}:N", title="article"),
        alt.Tooltip("article_tone:Q", title="article tone", format="+.2f"),
        alt.Tooltip("mean_mood:Q", title="mean reader mood", format="+.2f"),
        alt.Tooltip("n:Q", title="comments"),
    ]
    base = alt.Chart(data).encode(y=y, tooltip=tips)
    rule, tone, mood = _tone_against_mood(base, "article_tone", "article tone", mood_size=200)
    return cast(alt.LayerChart, alt.layer(rule, tone, mood).properties(height=alt.Step(34)))


def mood_by_chart(rows: pd.DataFrame, key: str, title: str) -> AnyChart:
    """Mean reader mood per speaker / month, with n; on the shared [-1, 1] axis."""
    data = rows[rows["n"] > 0].copy()
    data["n_text"] = [f"n={n}" + (" (small n)" if n < 5 else "") for n in data["n"]]
    y = label_y(key)
    base = alt.Chart(data, title=title).encode(y=y)
    dots = base.mark_circle(size=160, stroke="#1a1a1a", strokeWidth=0.5).encode(
        x=_score_x("mean_mood", "mean reader mood (−1 … +1)"),
        color=_score_color("mean_mood", "mean reader mood"),
        tooltip=[
            alt.Tooltip(f"{key}:N"),
            alt.Tooltip("mean_mood:Q", title="mean mood", format="+.2f"),
            alt.Tooltip("articles:Q"),
            alt.Tooltip("n_text:N", title="comments"),
        ],
    )
    text = base.mark_text(align="left", dx=10, color="#555555").encode(
        x=_score_x("mean_mood", ""), text="n_text:N"
    )
    return cast(alt.LayerChart, alt.layer(dots, text).properties(height=alt.Step(28)))


def contributions_chart(tokens: pd.DataFrame) -> AnyChart:
    """Per-word VADER valences of one comment (words that carried none left out), in text
    order, negative red and positive blue."""
    data = tokens[tokens["valence"] != 0].copy()
    data["sign"] = ["positive" if v > 0 else "negative" for v in data["valence"]]
    data["mood"] = data["sign"]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=None),
            x=alt.X("valence:Q", title="what each word gave VADER (− negative, + positive)"),
            color=mood_color(title=None),
            tooltip=[alt.Tooltip("token:N", title="word"), alt.Tooltip("valence:Q", format="+.3f")],
        )
        .properties(height=alt.Step(20))
    )


def reason_chart(reasons: pd.DataFrame, mood: str) -> AnyChart:
    """How far each reason moved one comment's mood away from VADER's label (columns label,
    effect, kind, says): one bar a reason, largest first, in the mood's colour."""
    data = reasons.assign(mood=mood)
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=240)),
            x=alt.X("effect:Q", title=f"pull toward {mood} (model logits)"),
            color=mood_color(title=None),
            tooltip=[
                alt.Tooltip("kind:N", title="reason"),
                alt.Tooltip("says:N", title="what it says"),
                alt.Tooltip("effect:Q", format=".2f"),
            ],
        )
        .properties(height=alt.Step(24))
    )


_TIME_FORMATS = {"hour": "%d %b %H:00", "day": "%d %b %Y", "week": "week of %d %b %Y",
                 "month": "%b %Y"}  # fmt: skip


def _time_x(grain: str, title: str | None = None) -> alt.X:
    return alt.X(
        "time:T",
        title=title,
        axis=alt.Axis(format=_TIME_FORMATS.get(grain, "%d %b %Y"), labelAngle=0, labelOverlap=True),
    )


def volume_chart(rows: pd.DataFrame, grain: str) -> AnyChart:
    """Comments posted per time bucket, stacked by mood (`trends.mood_over_time` output, one
    group), with each bucket's n in the tooltip."""
    data = rows.melt(
        id_vars=["time", "n", "slots"], value_vars=list(MOOD_ORDER), var_name="mood",
        value_name="count",
    )  # fmt: skip
    data["order"] = data["mood"].map(list(MOOD_ORDER).index)
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=_time_x(grain),
            y=alt.Y("count:Q", title="comments", stack="zero"),
            color=mood_color(),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("time:T", title="from", format=_TIME_FORMATS.get(grain, "%d %b %Y")),
                alt.Tooltip("mood:N"),
                alt.Tooltip("count:Q", title="comments"),
                alt.Tooltip("n:Q", title="of n with a mood"),
            ],
        )
        .properties(height=180)
    )


def mood_time_chart(rows: pd.DataFrame, grain: str, group_title: str | None = None) -> AnyChart:
    """Mean reader mood per time bucket on the shared −1…+1 axis, a point sized by its n and
    faded below n = 5, joined by a line; one coloured line per group when `group_title` names
    the groups (outlet, speaker)."""
    data = rows[rows["n"] > 0].copy()
    data["n_text"] = [f"n={n}" + (" (small n)" if n < 5 else "") for n in data["n"]]
    y = alt.Y("mean_mood:Q", title="mean reader mood (−1 … +1)",
              scale=alt.Scale(domain=MOOD_DOMAIN, nice=False))  # fmt: skip
    color: Any = (
        alt.Color("group:N", title=group_title, scale=alt.Scale(range=ARTICLE_COLORS),
                  legend=alt.Legend(orient="top", direction="horizontal", labelLimit=200))
        if group_title
        else alt.value(ARTICLE_COLORS[1])
    )  # fmt: skip
    base = alt.Chart(data).encode(x=_time_x(grain), y=y, color=color)
    line = base.mark_line(strokeWidth=1.5, opacity=0.6)
    dots = base.mark_circle(stroke="#1a1a1a", strokeWidth=0.5).encode(
        size=alt.Size("n:Q", title="comments", scale=alt.Scale(range=[40, 300]), legend=None),
        opacity=alt.condition("datum.n >= 5", alt.value(1.0), alt.value(0.5)),
        tooltip=[
            alt.Tooltip("time:T", title="from", format=_TIME_FORMATS.get(grain, "%d %b %Y")),
            *([alt.Tooltip("group:N", title=group_title)] if group_title else []),
            alt.Tooltip("mean_mood:Q", title="mean mood", format="+.2f"),
            alt.Tooltip("n_text:N", title="comments"),
            alt.Tooltip("n_negative:Q", title="negative"),
        ],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#e0e0e0").encode(y="y:Q")
    return cast(alt.LayerChart, alt.layer(zero, line, dots).properties(height=220))


def commenters_chart(rows: pd.DataFrame, label: str = "label") -> AnyChart:
    """Comments per commenter (most active first), each bar coloured by the commenter's mean
    mood on the shared ramp, with the count written beside."""
    data = rows.copy()
    base = alt.Chart(data).encode(y=label_y(label, sort=list(data[label])))
    bars = base.mark_bar(stroke="#1a1a1a", strokeWidth=0.3).encode(
        x=alt.X(
            "comments:Q", title="comments with a mood", axis=alt.Axis(tickMinStep=1, format="d")
        ),
        color=_score_color("mean_mood", "mean mood"),
        tooltip=[
            alt.Tooltip("author:N", title="commenter"),
            alt.Tooltip("comments:Q"),
            alt.Tooltip("articles:Q"),
            alt.Tooltip("mean_mood:Q", title="mean mood", format="+.2f"),
            alt.Tooltip("n_negative:Q", title="negative"),
        ],
    )
    text = base.mark_text(align="left", dx=4, color="#555555", fontSize=10).encode(
        x="comments:Q", text="comments:Q"
    )
    return cast(alt.LayerChart, alt.layer(bars, text).properties(height=alt.Step(24)))


ImageFormat = Literal["png", "svg"]


def to_image(chart: alt.TopLevelMixin, fmt: ImageFormat) -> bytes:
    """The chart rendered as PNG or SVG bytes (vl-convert, no browser needed)."""
    buffer = io.BytesIO() if fmt == "png" else io.StringIO()
    chart.save(buffer, format=fmt, scale_factor=2 if fmt == "png" else 1)
    value = buffer.getvalue()
    return value if isinstance(value, bytes) else value.encode("utf-8")
