//! Charts: functions from result data to an SVG string (plotters' SVG backend).
//!
//! They draw what they are given and compute no statistics: values arrive already
//! counted, suppressed (`None` is not drawn) and scaled to the axis unit; labels arrive
//! already formatted in the report's language. Colours keep their order in greyscale
//! print (a light-to-dark sequence for ordered categories, dash patterns for lines) and
//! bar segments are outlined in white so neighbours stay apart.
//!
//! The SVG has no `xmlns` attribute (inline SVG in HTML needs none, and the report
//! holds no URLs), a `<title>` and a `<desc>` for screen readers, and the title also
//! drawn as visible text.

use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The words on a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartText {
    /// What the chart shows, in words a council member understands.
    pub title: String,
    /// The x axis, with its unit.
    pub x_label: String,
    /// The y axis, with its unit.
    pub y_label: String,
    /// A longer description for screen readers (the caption).
    pub description: String,
}

/// One series: a name for the legend and one value per category (`None`: not drawn).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The legend text.
    pub name: String,
    /// One value per category, in the axis unit.
    pub values: Vec<Option<f64>>,
}

const WIDTH: u32 = 880;
const HEIGHT: u32 = 440;
const LEGEND_WIDTH: u32 = 250;
pub(super) const FONT: &str = "sans-serif";
pub(super) const INK: RGBColor = RGBColor(33, 33, 33);
pub(super) const GRID: RGBColor = RGBColor(215, 215, 215);

pub(super) fn chart_error(e: impl std::fmt::Display) -> Error {
    Error::analysis(format!("could not draw a chart: {e}"))
}

/// `n` colours from light to dark (viridis, whose lightness rises steadily, so the order
/// survives greyscale print).
pub fn sequential(n: usize) -> Vec<RGBColor> {
    const STOPS: [(u8, u8, u8); 9] = [
        (253, 231, 37),
        (170, 220, 50),
        (94, 201, 98),
        (39, 173, 129),
        (33, 145, 140),
        (44, 114, 142),
        (59, 82, 139),
        (72, 40, 120),
        (68, 1, 84),
    ];
    if n == 1 {
        return vec![RGBColor(44, 114, 142)];
    }
    (0..n)
        .map(|i| {
            let x = i as f64 / (n.max(2) - 1) as f64 * (STOPS.len() - 1) as f64;
            let (a, b) = (x.floor() as usize, (x.ceil() as usize).min(STOPS.len() - 1));
            let f = x - a as f64;
            let mix = |p: u8, q: u8| (p as f64 + (q as f64 - p as f64) * f).round() as u8;
            RGBColor(
                mix(STOPS[a].0, STOPS[b].0),
                mix(STOPS[a].1, STOPS[b].1),
                mix(STOPS[a].2, STOPS[b].2),
            )
        })
        .collect()
}

/// A line's look: colour, dash (on, off; `None` for solid) and width.
type LineLook = (RGBColor, Option<(u32, u32)>, u32);

/// Line styles that stay apart in greyscale.
fn line_style(i: usize) -> LineLook {
    const STYLES: [LineLook; 8] = [
        (RGBColor(0, 0, 0), None, 3),
        (RGBColor(0, 90, 160), Some((10, 5)), 3),
        (RGBColor(190, 80, 0), Some((3, 4)), 3),
        (RGBColor(90, 90, 90), None, 2),
        (RGBColor(0, 130, 90), Some((14, 4)), 2),
        (RGBColor(140, 30, 110), Some((6, 3)), 2),
        (RGBColor(150, 150, 150), None, 2),
        (RGBColor(60, 60, 60), Some((2, 6)), 2),
    ];
    STYLES[i % STYLES.len()]
}

/// Splits a legend text into lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().expect("at least one line");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

pub(super) enum Swatch {
    Box(RGBColor),
    Line(RGBColor, Option<(u32, u32)>, u32),
}

pub(super) fn draw_legend(
    area: &DrawingArea<SVGBackend, Shift>,
    entries: &[(String, Swatch)],
) -> Result<()> {
    let style = (FONT, 15).into_font().color(&INK);
    let mut y = 50;
    for (name, swatch) in entries {
        match swatch {
            Swatch::Box(c) => {
                area.draw(&Rectangle::new([(10, y), (26, y + 14)], c.filled()))
                    .map_err(chart_error)?;
                area.draw(&Rectangle::new(
                    [(10, y), (26, y + 14)],
                    INK.stroke_width(1),
                ))
                .map_err(chart_error)?;
            }
            Swatch::Line(c, dash, w) => {
                let s = c.stroke_width(*w);
                match dash {
                    None => area.draw(&PathElement::new(vec![(6, y + 7), (32, y + 7)], s)),
                    Some((on, off)) => area.draw(&DashedPathElement::new(
                        vec![(6, y + 7), (32, y + 7)],
                        *on,
                        *off,
                        s,
                    )),
                }
                .map_err(chart_error)?;
            }
        }
        for (k, line) in wrap(name, 28).iter().enumerate() {
            area.draw(&Text::new(
                line.clone(),
                (40, y + 1 + 16 * k as i32),
                style.clone(),
            ))
            .map_err(chart_error)?;
            if k > 0 {
                y += 16;
            }
        }
        y += 24;
    }
    Ok(())
}

/// Finishes the SVG: drops `xmlns` (no URL in the report), adds `role`, `<title>` and
/// `<desc>`.
pub(super) fn finish(svg: String, id: &str, text: &ChartText) -> String {
    let svg = svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1);
    let Some(end) = svg.find('>') else { return svg };
    let (open, rest) = svg.split_at(end);
    format!(
        "{open} role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>{}",
        escape(&text.title),
        escape(&text.description),
        &rest[1..]
    )
}

/// Escapes text for XML and HTML.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn y_max(max: f64) -> f64 {
    if max.is_finite() && max > 0.0 {
        max * 1.12
    } else {
        1.0
    }
}

/// Draws the frame shared by the bar charts and returns the category positions' pixels.
type Chart<'a> = ChartContext<
    'a,
    SVGBackend<'a>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

fn frame<'a>(
    area: &DrawingArea<SVGBackend<'a>, Shift>,
    text: &ChartText,
    n: usize,
    ymax: f64,
    y_fmt: &dyn Fn(f64) -> String,
) -> Result<Chart<'a>> {
    frame_from(area, text, n, 0.0..ymax, y_fmt)
}

/// [`frame`] with a y range that may start below 0 (net amounts).
fn frame_from<'a>(
    area: &DrawingArea<SVGBackend<'a>, Shift>,
    text: &ChartText,
    n: usize,
    y: std::ops::Range<f64>,
    y_fmt: &dyn Fn(f64) -> String,
) -> Result<Chart<'a>> {
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .x_label_area_size(62)
        .y_label_area_size(78)
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), y)
        .map_err(chart_error)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(INK)
        .y_label_formatter(&|v| y_fmt(*v))
        .x_desc(text.x_label.clone())
        .y_desc(text.y_label.clone())
        .label_style((FONT, 15).into_font().color(&INK))
        .axis_desc_style((FONT, 16).into_font().color(&INK))
        .draw()
        .map_err(chart_error)?;
    Ok(chart)
}

/// Where a data point lies in `area`'s own pixel coordinates (the chart reports
/// backend coordinates; the area may not start at the backend's origin).
fn local(area: &DrawingArea<SVGBackend, Shift>, chart: &Chart, point: (f64, f64)) -> (i32, i32) {
    let (x, y) = chart.backend_coord(&point);
    let (bx, by) = area.get_base_pixel();
    (x - bx, y - by)
}

/// Category labels under the x axis, drawn by hand so every label sits under its bar.
fn draw_categories(
    area: &DrawingArea<SVGBackend, Shift>,
    chart: &Chart,
    categories: &[String],
) -> Result<()> {
    let style = (FONT, 15)
        .into_font()
        .color(&INK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    for (i, c) in categories.iter().enumerate() {
        if c.is_empty() {
            continue;
        }
        let (px, py) = local(area, chart, (i as f64, 0.0));
        area.draw(&PathElement::new(
            vec![(px, py), (px, py + 5)],
            INK.stroke_width(1),
        ))
        .map_err(chart_error)?;
        area.draw(&Text::new(c.clone(), (px, py + 8), style.clone()))
            .map_err(chart_error)?;
    }
    Ok(())
}

pub(super) fn root<'a>(
    buf: &'a mut String,
    text: &ChartText,
) -> Result<(
    DrawingArea<SVGBackend<'a>, Shift>,
    DrawingArea<SVGBackend<'a>, Shift>,
)> {
    let root = SVGBackend::with_string(buf, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE).map_err(chart_error)?;
    let body = root
        .titled(&text.title, (FONT, 24).into_font().color(&INK))
        .map_err(chart_error)?;
    let (plot, legend) = body.split_horizontally(WIDTH - LEGEND_WIDTH);
    Ok((plot, legend))
}

/// Stacked bars: one bar per category, one segment per series, bottom to top in series
/// order. A `None` value is not drawn. With `last_is_hidden`, the last series is the
/// part that is not shown in detail (suppressed counts taken together): it is drawn
/// white with an outline on top of the bar, so the bar keeps its full height.
///
/// # Errors
/// If plotters fails to draw (it does not with the SVG backend).
pub fn stacked_bars(
    id: &str,
    text: &ChartText,
    categories: &[String],
    series: &[Series],
    last_is_hidden: bool,
    y_fmt: &dyn Fn(f64) -> String,
) -> Result<String> {
    let mut buf = String::new();
    {
        let (plot, legend) = root(&mut buf, text)?;
        let heights: Vec<f64> = (0..categories.len())
            .map(|i| {
                series
                    .iter()
                    .filter_map(|s| s.values.get(i).copied().flatten())
                    .sum()
            })
            .collect();
        let ymax = y_max(heights.iter().copied().fold(0.0, f64::max));
        let mut chart = frame(&plot, text, categories.len(), ymax, y_fmt)?;
        let coloured = series.len() - usize::from(last_is_hidden && !series.is_empty());
        let mut colours = sequential(coloured);
        if coloured < series.len() {
            colours.push(WHITE);
        }
        let mut base = vec![0.0; categories.len()];
        for (k, (s, colour)) in series.iter().zip(&colours).enumerate() {
            let mut corners: Vec<[(f64, f64); 2]> = Vec::new();
            for (i, v) in s.values.iter().enumerate() {
                if let Some(v) = v.filter(|v| *v > 0.0) {
                    corners.push([(i as f64 - 0.35, base[i]), (i as f64 + 0.35, base[i] + v)]);
                    base[i] += v;
                }
            }
            let outline = if k >= coloured { INK } else { WHITE };
            chart
                .draw_series(corners.iter().map(|&c| Rectangle::new(c, colour.filled())))
                .map_err(chart_error)?;
            chart
                .draw_series(
                    corners
                        .iter()
                        .map(|&c| Rectangle::new(c, outline.stroke_width(1))),
                )
                .map_err(chart_error)?;
        }
        draw_categories(&plot, &chart, categories)?;
        // legend from the top of the stack down, as the eye reads the bars
        let entries: Vec<(String, Swatch)> = series
            .iter()
            .zip(&colours)
            .rev()
            .map(|(s, c)| (s.name.clone(), Swatch::Box(*c)))
            .collect();
        draw_legend(&legend, &entries)?;
        plot.present().map_err(chart_error)?;
    }
    Ok(finish(buf, id, text))
}

/// Grouped bars: one group per category, one bar per series side by side, each with a
/// label above it (`labels[series][category]`, already formatted, e.g. `<5`). A `None`
/// value draws no bar, only its label.
///
/// # Errors
/// If plotters fails to draw.
pub fn grouped_bars(
    id: &str,
    text: &ChartText,
    categories: &[String],
    series: &[Series],
    labels: &[Vec<String>],
    y_fmt: &dyn Fn(f64) -> String,
) -> Result<String> {
    let mut buf = String::new();
    {
        let (plot, legend) = root(&mut buf, text)?;
        let max = series
            .iter()
            .flat_map(|s| s.values.iter().copied().flatten())
            .fold(0.0, f64::max);
        let ymax = y_max(max);
        let mut chart = frame(&plot, text, categories.len(), ymax, y_fmt)?;
        let k = series.len().max(1) as f64;
        let width = 0.8 / k;
        let colours: Vec<RGBColor> = if series.len() == 2 {
            vec![RGBColor(44, 74, 120), RGBColor(190, 190, 190)]
        } else {
            sequential(series.len())
        };
        let label_style = (FONT, 14)
            .into_font()
            .color(&INK)
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        for (j, (s, colour)) in series.iter().zip(&colours).enumerate() {
            for (i, v) in s.values.iter().enumerate() {
                let x0 = i as f64 - 0.4 + j as f64 * width;
                let x1 = x0 + width * 0.92;
                let top = v.unwrap_or(0.0).max(0.0);
                if top > 0.0 {
                    chart
                        .draw_series([
                            Rectangle::new([(x0, 0.0), (x1, top)], colour.filled()),
                            Rectangle::new([(x0, 0.0), (x1, top)], INK.stroke_width(1)),
                        ])
                        .map_err(chart_error)?;
                }
                if let Some(label) = labels.get(j).and_then(|l| l.get(i)) {
                    let (px, py) = local(&plot, &chart, ((x0 + x1) / 2.0, top));
                    plot.draw(&Text::new(label.clone(), (px, py - 3), label_style.clone()))
                        .map_err(chart_error)?;
                }
            }
        }
        draw_categories(&plot, &chart, categories)?;
        let entries: Vec<(String, Swatch)> = series
            .iter()
            .zip(&colours)
            .map(|(s, c)| (s.name.clone(), Swatch::Box(*c)))
            .collect();
        draw_legend(&legend, &entries)?;
        plot.present().map_err(chart_error)?;
    }
    Ok(finish(buf, id, text))
}

/// Lines: one point per category (e.g. month) per series. Categories with an empty
/// label get no tick label. A `None` value breaks the line.
///
/// # Errors
/// If plotters fails to draw.
pub fn lines(
    id: &str,
    text: &ChartText,
    categories: &[String],
    series: &[Series],
    y_fmt: &dyn Fn(f64) -> String,
) -> Result<String> {
    let mut buf = String::new();
    {
        let (plot, legend) = root(&mut buf, text)?;
        let max = series
            .iter()
            .flat_map(|s| s.values.iter().copied().flatten())
            .fold(0.0, f64::max);
        let mut chart = frame(&plot, text, categories.len(), y_max(max), y_fmt)?;
        for (j, s) in series.iter().enumerate() {
            let (colour, dash, w) = line_style(j);
            let style = colour.stroke_width(w);
            // consecutive runs of values
            let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for (i, v) in s.values.iter().enumerate() {
                match v {
                    Some(v) if v.is_finite() => {
                        runs.last_mut().expect("one run").push((i as f64, *v))
                    }
                    _ => runs.push(Vec::new()),
                }
            }
            for run in runs.into_iter().filter(|r| !r.is_empty()) {
                match dash {
                    None => chart.draw_series(LineSeries::new(run, style)).map(|_| ()),
                    Some((on, off)) => chart
                        .draw_series(DashedLineSeries::new(run, on, off, style))
                        .map(|_| ()),
                }
                .map_err(chart_error)?;
            }
        }
        draw_categories(&plot, &chart, categories)?;
        let entries: Vec<(String, Swatch)> = series
            .iter()
            .enumerate()
            .map(|(j, s)| {
                let (c, d, w) = line_style(j);
                (s.name.clone(), Swatch::Line(c, d, w))
            })
            .collect();
        draw_legend(&legend, &entries)?;
        plot.present().map_err(chart_error)?;
    }
    Ok(finish(buf, id, text))
}

/// A shaded range of the y axis, e.g. a questionnaire's band ("high": 17–19).
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// The legend text.
    pub name: String,
    /// Lower end, in the axis unit.
    pub from: f64,
    /// Upper end, in the axis unit.
    pub to: f64,
}

/// Trajectories over time: each person's line faint, the mean bold with its points, and
/// bands shaded behind them. `x` is numeric (e.g. months since the start). Draw the
/// individual lines only when the group is large enough to show (the caller decides).
///
/// # Errors
/// An empty or reversed axis range; if plotters fails to draw.
#[allow(clippy::too_many_arguments)]
pub fn trajectories(
    id: &str,
    text: &ChartText,
    x_range: (f64, f64),
    y_range: (f64, f64),
    people: &[Vec<(f64, f64)>],
    mean: &Series,
    mean_x: &[f64],
    bands: &[Band],
    people_name: &str,
    x_fmt: &dyn Fn(f64) -> String,
    y_fmt: &dyn Fn(f64) -> String,
) -> Result<String> {
    if !(x_range.0 < x_range.1 && y_range.0 < y_range.1) {
        return Err(Error::analysis(format!(
            "a chart needs increasing axis ranges, not {x_range:?} and {y_range:?}"
        )));
    }
    let mut buf = String::new();
    {
        let (plot, legend) = root(&mut buf, text)?;
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(62)
            .y_label_area_size(78)
            .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)
            .map_err(chart_error)?;
        let shades = [
            RGBColor(248, 248, 248),
            RGBColor(236, 236, 236),
            RGBColor(222, 222, 222),
            RGBColor(206, 206, 206),
        ];
        let mut entries: Vec<(String, Swatch)> = Vec::new();
        for (k, b) in bands.iter().enumerate() {
            let shade = shades[k.min(shades.len() - 1)];
            let (lo, hi) = (b.from.max(y_range.0), b.to.min(y_range.1));
            if lo < hi {
                chart
                    .draw_series([Rectangle::new(
                        [(x_range.0, lo), (x_range.1, hi)],
                        shade.filled(),
                    )])
                    .map_err(chart_error)?;
            }
            entries.push((b.name.clone(), Swatch::Box(shade)));
        }
        chart
            .configure_mesh()
            .disable_x_mesh()
            .y_labels(6)
            .x_labels(8)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_label_formatter(&|v| x_fmt(*v))
            .y_label_formatter(&|v| y_fmt(*v))
            .x_desc(text.x_label.clone())
            .y_desc(text.y_label.clone())
            .label_style((FONT, 15).into_font().color(&INK))
            .axis_desc_style((FONT, 16).into_font().color(&INK))
            .draw()
            .map_err(chart_error)?;
        let faint = RGBColor(120, 120, 120).mix(0.35).stroke_width(1);
        for line in people.iter().filter(|l| l.len() >= 2) {
            chart
                .draw_series(LineSeries::new(line.iter().copied(), faint))
                .map_err(chart_error)?;
        }
        if !people.is_empty() {
            entries.insert(
                0,
                (
                    people_name.to_string(),
                    Swatch::Line(RGBColor(150, 150, 150), None, 1),
                ),
            );
        }
        let points: Vec<(f64, f64)> = mean_x
            .iter()
            .zip(&mean.values)
            .filter_map(|(x, v)| v.filter(|v| v.is_finite()).map(|v| (*x, v)))
            .collect();
        let bold = INK.stroke_width(4);
        chart
            .draw_series(LineSeries::new(points.iter().copied(), bold))
            .map_err(chart_error)?;
        chart
            .draw_series(points.iter().map(|p| Circle::new(*p, 5, INK.filled())))
            .map_err(chart_error)?;
        entries.insert(0, (mean.name.clone(), Swatch::Line(INK, None, 4)));
        draw_legend(&legend, &entries)?;
        plot.present().map_err(chart_error)?;
    }
    Ok(finish(buf, id, text))
}

/// The root area of a chart `height` pixels tall, with the title drawn, split into the
/// plot and the legend.
fn root_tall<'a>(
    buf: &'a mut String,
    text: &ChartText,
    height: u32,
) -> Result<(
    DrawingArea<SVGBackend<'a>, Shift>,
    DrawingArea<SVGBackend<'a>, Shift>,
)> {
    let root = SVGBackend::with_string(buf, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE).map_err(chart_error)?;
    let body = root
        .titled(&text.title, (FONT, 24).into_font().color(&INK))
        .map_err(chart_error)?;
    Ok(body.split_horizontally(WIDTH - LEGEND_WIDTH))
}

/// The frame of a chart with one row per item (a Love plot, a tornado): values along x,
/// rows at y = 0 … n − 1 with room for their names left of the axis, no y labels.
fn rows_frame<'a>(
    plot: &DrawingArea<SVGBackend<'a>, Shift>,
    text: &ChartText,
    x: std::ops::Range<f64>,
    n: usize,
    x_fmt: &dyn Fn(f64) -> String,
) -> Result<Chart<'a>> {
    let mut chart = ChartBuilder::on(plot)
        .margin(12)
        .x_label_area_size(62)
        .y_label_area_size(170)
        .build_cartesian_2d(x, -0.5..(n as f64 - 0.5))
        .map_err(chart_error)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(6)
        .max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(INK)
        .x_label_formatter(&|v| x_fmt(*v))
        .x_desc(text.x_label.clone())
        .y_desc(text.y_label.clone())
        .label_style((FONT, 15).into_font().color(&INK))
        .axis_desc_style((FONT, 16).into_font().color(&INK))
        .draw()
        .map_err(chart_error)?;
    Ok(chart)
}

/// Values a chart draws must be finite (`None` is allowed and not drawn).
fn check_finite(what: &str, values: &[Option<f64>]) -> Result<()> {
    match values
        .iter()
        .position(|v| v.is_some_and(|v| !v.is_finite()))
    {
        Some(i) => Err(Error::analysis(format!(
            "a chart cannot draw {what} {}: it is not a finite number",
            i + 1
        ))),
        None => Ok(()),
    }
}

/// A Love plot: the absolute standardised mean difference of each covariate (one row
/// each, in the order given, top to bottom) before adjustment as a hollow circle and
/// after it as a filled one, joined by a thin line, with a dashed vertical line at the
/// threshold. `labels` are the legend texts for before, after and the threshold line.
/// Signed differences may be passed: the chart draws their absolute value. A `None`
/// value is not drawn. The chart grows taller with the rows; names longer than about 20
/// characters run into the y-axis label (leave `y_label` empty, or shorten them).
///
/// ```
/// use indsats::report::charts::{love_plot, ChartText};
/// let text = ChartText {
///     title: "Are the groups alike?".into(),
///     x_label: "Absolute standardised mean difference".into(),
///     y_label: String::new(),
///     description: "5 covariates, 657 treated".into(),
/// };
/// let svg = love_plot("love", &text, &["age".into()], &[Some(0.4)], &[Some(-0.05)], 0.1,
///                     ["Before", "After", "0.1"], &|v| format!("{v:.2}")).unwrap();
/// assert!(svg.contains("Are the groups alike?") && !svg.contains("http"));
/// ```
///
/// # Errors
/// `before` or `after` of another length than `covariates`, a value that is not finite,
/// a threshold that is not a positive number; if plotters fails to draw.
///
/// # References
/// Ahmed et al. (2006); cobalt's `love.plot` and MatchIt's `plot.summary.matchit`.
#[allow(clippy::too_many_arguments)]
pub fn love_plot(
    id: &str,
    text: &ChartText,
    covariates: &[String],
    before: &[Option<f64>],
    after: &[Option<f64>],
    threshold: f64,
    labels: [&str; 3],
    x_fmt: &dyn Fn(f64) -> String,
) -> Result<String> {
    let n = covariates.len();
    if before.len() != n || after.len() != n {
        return Err(Error::analysis(format!(
            "a Love plot needs one value per covariate: {n} covariates, {} before, {} after",
            before.len(),
            after.len()
        )));
    }
    check_finite("before value", before)?;
    check_finite("after value", after)?;
    if !(threshold.is_finite() && threshold > 0.0) {
        return Err(Error::analysis(format!(
            "a Love plot's threshold must be a positive number, not {threshold}"
        )));
    }
    let max = before
        .iter()
        .chain(after)
        .flatten()
        .map(|v| v.abs())
        .fold(threshold, f64::max);
    let height = HEIGHT.max(150 + 28 * n as u32);
    let row_y = |i: usize| (n - 1 - i) as f64;
    let mut buf = String::new();
    {
        let (plot, legend) = root_tall(&mut buf, text, height)?;
        let mut chart = rows_frame(&plot, text, 0.0..max * 1.12, n.max(1), x_fmt)?;
        // a faint line per row, and the covariate's name left of the axis
        let name_style = (FONT, 15)
            .into_font()
            .color(&INK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        for (i, name) in covariates.iter().enumerate() {
            let y = row_y(i);
            chart
                .draw_series([PathElement::new(
                    vec![(0.0, y), (max * 1.12, y)],
                    GRID.stroke_width(1),
                )])
                .map_err(chart_error)?;
            let (px, py) = local(&plot, &chart, (0.0, y));
            plot.draw(&Text::new(name.clone(), (px - 8, py), name_style.clone()))
                .map_err(chart_error)?;
        }
        chart
            .draw_series(DashedLineSeries::new(
                vec![(threshold, -0.5), (threshold, n as f64 - 0.5)],
                8,
                5,
                INK.stroke_width(2),
            ))
            .map_err(chart_error)?;
        let grey = RGBColor(150, 150, 150);
        for i in 0..n {
            let y = row_y(i);
            if let (Some(b), Some(a)) = (before[i], after[i]) {
                chart
                    .draw_series([PathElement::new(
                        vec![(b.abs(), y), (a.abs(), y)],
                        grey.stroke_width(2),
                    )])
                    .map_err(chart_error)?;
            }
        }
        // hollow circles before, filled after (apart in greyscale by fill, not colour)
        chart
            .draw_series(before.iter().enumerate().filter_map(|(i, v)| {
                v.map(|v| {
                    Circle::new(
                        (v.abs(), row_y(i)),
                        6,
                        ShapeStyle::from(&INK).stroke_width(2),
                    )
                })
            }))
            .map_err(chart_error)?;
        chart
            .draw_series(
                after.iter().enumerate().filter_map(|(i, v)| {
                    v.map(|v| Circle::new((v.abs(), row_y(i)), 6, INK.filled()))
                }),
            )
            .map_err(chart_error)?;

        let style = (FONT, 15).into_font().color(&INK);
        let mut y = 50;
        for (k, label) in labels.iter().enumerate() {
            let mark = (19, y + 7);
            match k {
                0 => legend.draw(&Circle::new(
                    mark,
                    6,
                    ShapeStyle::from(&INK).stroke_width(2),
                )),
                1 => legend.draw(&Circle::new(mark, 6, INK.filled())),
                _ => legend.draw(&DashedPathElement::new(
                    vec![(6, y + 7), (32, y + 7)],
                    8,
                    5,
                    INK.stroke_width(2),
                )),
            }
            .map_err(chart_error)?;
            for (j, line) in wrap(label, 28).iter().enumerate() {
                legend
                    .draw(&Text::new(
                        line.clone(),
                        (40, y + 1 + 16 * j as i32),
                        style.clone(),
                    ))
                    .map_err(chart_error)?;
                if j > 0 {
                    y += 16;
                }
            }
            y += 24;
        }
        plot.present().map_err(chart_error)?;
    }
    Ok(finish(buf, id, text))
}

/// The overlap of a score (e.g. the propensity score) between two groups as a mirrored
/// histogram: the first group's bars point up, the second's down, on shared bins.
/// `treated[i]` and `control[i]` are bin i's heights, `[edges[i], edges[i + 1])`, already
/// counted or turned into densities by the caller; `labels` name the two groups in the
/// legend. The y axis shows heights without sign on both sides.
///
/// ```
/// use indsats::report::charts::{overlap, ChartText};
/// let text = ChartText {
///     title: "Who could be compared?".into(),
///     x_label: "Propensity score".into(),
///     y_label: "Persons".into(),
///     description: "657 treated, 1343 controls".into(),
/// };
/// let svg = overlap("ps", &text, &[0.0, 0.5, 1.0], &[3.0, 5.0], &[6.0, 1.0],
///                   ["Treated", "Controls"], &|v| format!("{v:.1}"),
///                   &|v| format!("{v:.0}")).unwrap();
/// assert!(svg.contains("Who could be compared?") && svg.contains("Controls"));
/// ```
///
/// # Errors
/// Heights of another length than the bins, edges that do not increase, a height that is
/// negative or not finite; if plotters fails to draw.
///
/// # References
/// cobalt's `bal.plot(which = "both", type = "histogram", mirror = TRUE)`; MatchIt's
/// `plot(m, type = "histogram")`.
#[allow(clippy::too_many_arguments)]
pub fn overlap(
    id: &str,
    text: &ChartText,
    edges: &[f64],
    treated: &[f64],
    control: &[f64],
    labels: [&str; 2],
    x_fmt: &dyn Fn(f64) -> String,
    y_fmt: &dyn Fn(f64) -> String,
) -> Result<String> {
    let bins = edges.len().saturating_sub(1);
    if bins == 0 || treated.len() != bins || control.len() != bins {
        return Err(Error::analysis(format!(
            "an overlap chart needs one height per bin: {} edges, {} and {} heights",
            edges.len(),
            treated.len(),
            control.len()
        )));
    }
    if !edges.iter().all(|e| e.is_finite()) || edges.windows(2).any(|e| e[0] >= e[1]) {
        return Err(Error::analysis(
            "an overlap chart needs finite, increasing bin edges",
        ));
    }
    if let Some(v) = treated
        .iter()
        .chain(control)
        .find(|v| !(v.is_finite() && **v >= 0.0))
    {
        return Err(Error::analysis(format!(
            "an overlap chart cannot draw a height of {v}"
        )));
    }
    let top = treated.iter().copied().fold(0.0, f64::max);
    let bottom = control.iter().copied().fold(0.0, f64::max);
    let (top, bottom) = match (top > 0.0, bottom > 0.0) {
        (false, false) => (1.0, 1.0),
        _ => (top.max(bottom * 0.05), bottom.max(top * 0.05)),
    };
    let colours = [RGBColor(44, 74, 120), RGBColor(190, 190, 190)];
    let mut buf = String::new();
    {
        let (plot, legend) = root(&mut buf, text)?;
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(62)
            .y_label_area_size(78)
            .build_cartesian_2d(edges[0]..edges[bins], -bottom * 1.12..top * 1.12)
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(8)
            .y_labels(8)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_label_formatter(&|v| x_fmt(*v))
            .y_label_formatter(&|v| y_fmt(v.abs()))
            .x_desc(text.x_label.clone())
            .y_desc(text.y_label.clone())
            .label_style((FONT, 15).into_font().color(&INK))
            .axis_desc_style((FONT, 16).into_font().color(&INK))
            .draw()
            .map_err(chart_error)?;
        for (sign, heights, colour) in [(1.0, treated, colours[0]), (-1.0, control, colours[1])] {
            let corners: Vec<[(f64, f64); 2]> = heights
                .iter()
                .enumerate()
                .filter(|(_, h)| **h > 0.0)
                .map(|(i, h)| [(edges[i], 0.0), (edges[i + 1], sign * h)])
                .collect();
            chart
                .draw_series(corners.iter().map(|&c| Rectangle::new(c, colour.filled())))
                .map_err(chart_error)?;
            chart
                .draw_series(
                    corners
                        .iter()
                        .map(|&c| Rectangle::new(c, INK.stroke_width(1))),
                )
                .map_err(chart_error)?;
        }
        chart
            .draw_series([PathElement::new(
                vec![(edges[0], 0.0), (edges[bins], 0.0)],
                INK.stroke_width(2),
            )])
            .map_err(chart_error)?;
        let entries: Vec<(String, Swatch)> = labels
            .iter()
            .zip(colours)
            .map(|(l, c)| (l.to_string(), Swatch::Box(c)))
            .collect();
        draw_legend(&legend, &entries)?;
        plot.present().map_err(chart_error)?;
    }
    Ok(finish(buf, id, text))
}

/// A heat map: one row per `rows` label, one column per `cols` label, each cell shaded by
/// its value (light to dark, so the order survives greyscale) and labelled with
/// `cell_fmt(value)`; `None` is a hidden cell, drawn blank with a dash.
///
/// # Errors
/// `values` not `rows × cols`, or a value that is not finite.
pub fn heatmap(
    id: &str,
    text: &ChartText,
    rows: &[String],
    cols: &[String],
    values: &[Vec<Option<f64>>],
    cell_fmt: &dyn Fn(f64) -> String,
) -> Result<String> {
    let (nr, nc) = (rows.len(), cols.len());
    if values.len() != nr || values.iter().any(|r| r.len() != nc) || nr == 0 || nc == 0 {
        return Err(Error::analysis(format!(
            "a heat map needs {nr} rows of {nc} values"
        )));
    }
    for r in values {
        check_finite("heat map value", r)?;
    }
    let max = values
        .iter()
        .flatten()
        .flatten()
        .fold(0.0_f64, |a, b| a.max(*b));
    let palette = sequential(9);
    let height = HEIGHT.max(170 + 36 * nr as u32);
    let mut buf = String::new();
    {
        // No legend: the numbers are in the cells, and the columns need the width.
        let root = SVGBackend::with_string(&mut buf, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let plot = root
            .titled(&text.title, (FONT, 24).into_font().color(&INK))
            .map_err(chart_error)?;
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(84)
            .y_label_area_size(190)
            .build_cartesian_2d(0.0..nc as f64, 0.0..nr as f64)
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(0)
            .y_labels(0)
            .axis_style(INK)
            .x_desc(text.x_label.clone())
            .y_desc(text.y_label.clone())
            .axis_desc_style((FONT, 16).into_font().color(&INK))
            .draw()
            .map_err(chart_error)?;
        let name = (FONT, 14).into_font().color(&INK);
        for (i, label) in rows.iter().enumerate() {
            let y = (nr - 1 - i) as f64 + 0.5;
            let (px, py) = local(&plot, &chart, (0.0, y));
            plot.draw(&Text::new(
                label.clone(),
                (px - 8, py),
                name.clone().pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(chart_error)?;
        }
        for (j, label) in cols.iter().enumerate() {
            let (px, py) = local(&plot, &chart, (j as f64 + 0.5, 0.0));
            for (k, line) in wrap(label, 10).iter().enumerate() {
                plot.draw(&Text::new(
                    line.clone(),
                    (px, py + 8 + 14 * k as i32),
                    (FONT, 12)
                        .into_font()
                        .color(&INK)
                        .pos(Pos::new(HPos::Center, VPos::Top)),
                ))
                .map_err(chart_error)?;
            }
        }
        for (i, row) in values.iter().enumerate() {
            let y0 = (nr - 1 - i) as f64;
            for (j, v) in row.iter().enumerate() {
                let x0 = j as f64;
                let fill = match v {
                    Some(v) if *v == 0.0 => WHITE,
                    Some(v) if max > 0.0 => {
                        palette[((v / max) * (palette.len() - 1) as f64).round() as usize]
                    }
                    Some(_) => palette[0],
                    None => RGBColor(245, 245, 245),
                };
                chart
                    .draw_series([Rectangle::new(
                        [(x0, y0), (x0 + 1.0, y0 + 1.0)],
                        fill.filled(),
                    )])
                    .map_err(chart_error)?;
                chart
                    .draw_series([Rectangle::new(
                        [(x0, y0), (x0 + 1.0, y0 + 1.0)],
                        GRID.stroke_width(1),
                    )])
                    .map_err(chart_error)?;
                let dark = v.is_some_and(|v| max > 0.0 && v / max > 0.55);
                let (px, py) = local(&plot, &chart, (x0 + 0.5, y0 + 0.5));
                plot.draw(&Text::new(
                    v.map_or("–".to_string(), cell_fmt),
                    (px, py),
                    (FONT, 14)
                        .into_font()
                        .color(if dark { &WHITE } else { &INK })
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                ))
                .map_err(chart_error)?;
            }
        }
        plot.present().map_err(chart_error)?;
    }
    Ok(finish(buf, id, text))
}

/// A Lorenz curve: the share of all cost (y) borne by the cheapest share of persons (x),
/// both in per cent, as a solid line, with the line of equal shares dashed. `points` are
/// (persons %, cost %) pairs from (0, 0) to (100, 100), already computed; `labels` name
/// the curve and the equality line in the legend.
///
/// ```
/// use indsats::report::charts::{lorenz, ChartText};
/// let text = ChartText {
///     title: "A few children account for most of the cost".into(),
///     x_label: "Share of children, cheapest first (%)".into(),
///     y_label: "Share of cost (%)".into(),
///     description: "2024, 812 children".into(),
/// };
/// let svg = lorenz("lz", &text, &[(0.0, 0.0), (50.0, 10.0), (100.0, 100.0)],
///                  ["Cost", "Equal shares"]).unwrap();
/// assert!(svg.contains("A few children") && svg.contains("Equal shares"));
/// ```
///
/// # Errors
/// Fewer than two points, a point outside [0, 100] or not finite, x that decreases; if
/// plotters fails to draw.
///
/// # References
/// Lorenz (1905); the curve R's `ineq::Lc` draws.
pub fn lorenz(
    id: &str,
    text: &ChartText,
    points: &[(f64, f64)],
    labels: [&str; 2],
) -> Result<String> {
    if points.len() < 2 {
        return Err(Error::analysis("a Lorenz curve needs at least two points"));
    }
    if let Some(i) = points
        .iter()
        .position(|&(x, y)| !(0.0..=100.0).contains(&x) || !(0.0..=100.0).contains(&y))
    {
        return Err(Error::analysis(format!(
            "a Lorenz curve's point {} lies outside 0–100 %",
            i + 1
        )));
    }
    if points.windows(2).any(|w| w[1].0 < w[0].0) {
        return Err(Error::analysis(
            "a Lorenz curve's shares of persons must not decrease",
        ));
    }
    let mut buf = String::new();
    {
        let (plot, legend) = root(&mut buf, text)?;
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(62)
            .y_label_area_size(78)
            .build_cartesian_2d(0.0..100.0, 0.0..100.0)
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .x_labels(6)
            .y_labels(6)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .x_desc(text.x_label.clone())
            .y_desc(text.y_label.clone())
            .label_style((FONT, 15).into_font().color(&INK))
            .axis_desc_style((FONT, 16).into_font().color(&INK))
            .draw()
            .map_err(chart_error)?;
        let (c0, _, w0) = line_style(0);
        let (c1, _, _) = line_style(3);
        chart
            .draw_series(DashedLineSeries::new(
                vec![(0.0, 0.0), (100.0, 100.0)],
                8,
                5,
                c1.stroke_width(2),
            ))
            .map_err(chart_error)?;
        chart
            .draw_series(LineSeries::new(points.to_vec(), c0.stroke_width(w0)))
            .map_err(chart_error)?;
        draw_legend(
            &legend,
            &[
                (labels[0].to_string(), Swatch::Line(c0, None, w0)),
                (labels[1].to_string(), Swatch::Line(c1, Some((8, 5)), 2)),
            ],
        )?;
        plot.present().map_err(chart_error)?;
    }
    Ok(finish(buf, id, text))
}

/// The y range of values that may be negative: a little room above and below, and 0
/// always inside.
fn signed_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((0.0_f64, 0.0_f64), |(l, h), v| (l.min(v), h.max(v)));
    let pad = 0.08 * (hi - lo).max(f64::MIN_POSITIVE);
    if hi - lo > 0.0 {
        (if lo < 0.0 { lo - pad } else { 0.0 }, hi + pad)
    } else {
        (-1.0, 1.0)
    }
}

/// A business case year by year: each year's net cost as a bar (above 0 a cost, below a
/// gain) and the cumulative net as a line with points; where the line crosses 0 the case
/// has broken even. `categories` label the years; `labels` name the bars and the line.
/// Values arrive in the axis unit.
///
/// ```
/// use indsats::report::charts::{cumulative_net, ChartText};
/// let text = ChartText {
///     title: "When does the programme pay for itself?".into(),
///     x_label: "Year".into(),
///     y_label: "Million kr.".into(),
///     description: "2018–2024".into(),
/// };
/// let years = ["2024".to_string(), "2025".to_string(), "2026".to_string()];
/// let svg = cumulative_net("bc", &text, &years, &[1.0, -0.6, -0.6], &[1.0, 0.4, -0.2],
///                          ["Net cost", "Cumulative"], &|v| format!("{v:.1}")).unwrap();
/// assert!(svg.contains("pay for itself") && svg.contains("Cumulative"));
/// ```
///
/// # Errors
/// `net` or `cumulative` of another length than `categories`, no years, a value that is
/// not finite; if plotters fails to draw.
///
/// # References
/// The "Samlet budget/investering" charts of Danish municipalities' investment cases
/// (e.g. Hørsholm Kommune's investeringsstrategi).
pub fn cumulative_net(
    id: &str,
    text: &ChartText,
    categories: &[String],
    net: &[f64],
    cumulative: &[f64],
    labels: [&str; 2],
    y_fmt: &dyn Fn(f64) -> String,
) -> Result<String> {
    let n = categories.len();
    if n == 0 || net.len() != n || cumulative.len() != n {
        return Err(Error::analysis(format!(
            "a business-case chart needs one net and one cumulative value per year: {n} \
             years, {} net, {} cumulative",
            net.len(),
            cumulative.len()
        )));
    }
    let opt = |v: &[f64]| v.iter().map(|x| Some(*x)).collect::<Vec<_>>();
    check_finite("net value", &opt(net))?;
    check_finite("cumulative value", &opt(cumulative))?;
    let (lo, hi) = signed_range(net.iter().chain(cumulative).copied());
    let bar = RGBColor(44, 114, 142);
    let (line, _, lw) = line_style(0);
    let mut buf = String::new();
    {
        let (plot, legend) = root(&mut buf, text)?;
        let mut chart = frame_from(&plot, text, n, lo..hi, y_fmt)?;
        chart
            .draw_series(net.iter().enumerate().map(|(i, v)| {
                let x = i as f64;
                Rectangle::new([(x - 0.3, 0.0), (x + 0.3, *v)], bar.filled())
            }))
            .map_err(chart_error)?;
        chart
            .draw_series([PathElement::new(
                vec![(-0.5, 0.0), (n as f64 - 0.5, 0.0)],
                INK.stroke_width(1),
            )])
            .map_err(chart_error)?;
        let path: Vec<(f64, f64)> = cumulative
            .iter()
            .enumerate()
            .map(|(i, v)| (i as f64, *v))
            .collect();
        chart
            .draw_series(LineSeries::new(path.clone(), line.stroke_width(lw)))
            .map_err(chart_error)?;
        chart
            .draw_series(path.iter().map(|p| Circle::new(*p, 5, line.filled())))
            .map_err(chart_error)?;
        // the year labels sit under the axis at the bottom of the plot, not at 0
        let style = (FONT, 15)
            .into_font()
            .color(&INK)
            .pos(Pos::new(HPos::Center, VPos::Top));
        for (i, c) in categories.iter().enumerate() {
            let (px, py) = local(&plot, &chart, (i as f64, lo));
            plot.draw(&Text::new(c.clone(), (px, py + 8), style.clone()))
                .map_err(chart_error)?;
        }
        draw_legend(
            &legend,
            &[
                (labels[0].to_string(), Swatch::Box(bar)),
                (labels[1].to_string(), Swatch::Line(line, None, lw)),
            ],
        )?;
        plot.present().map_err(chart_error)?;
    }
    Ok(finish(buf, id, text))
}

/// A tornado chart of one-way sensitivity: one row per assumption, widest first, a bar
/// from the result at its low setting to the result at its high setting, across a
/// vertical line at the base result. `rows` are (name, result at low, result at high),
/// in the axis unit; `labels` name the low and the high bars in the legend.
///
/// ```
/// use indsats::report::charts::{tornado, ChartText};
/// let text = ChartText {
///     title: "Which assumption matters most?".into(),
///     x_label: "Net present value (million kr.)".into(),
///     y_label: String::new(),
///     description: "each assumption ±10 %".into(),
/// };
/// let svg = tornado("tn", &text, &[("Savings".into(), 1.2, 2.8), ("Rate".into(), 1.9, 2.1)],
///                   2.0, ["-10 %", "+10 %"], &|v| format!("{v:.1}")).unwrap();
/// assert!(svg.contains("Which assumption") && svg.contains("Savings"));
/// ```
///
/// # Errors
/// No rows, a value that is not finite; if plotters fails to draw.
///
/// # References
/// Briggs, Claxton & Sculpher (2006), *Decision Modelling for Health Economic
/// Evaluation*, ch. 4 (one-way sensitivity analysis and the tornado diagram).
pub fn tornado(
    id: &str,
    text: &ChartText,
    rows: &[(String, f64, f64)],
    base: f64,
    labels: [&str; 2],
    x_fmt: &dyn Fn(f64) -> String,
) -> Result<String> {
    let n = rows.len();
    if n == 0 {
        return Err(Error::analysis("a tornado chart needs at least one row"));
    }
    let values: Vec<Option<f64>> = rows
        .iter()
        .flat_map(|r| [Some(r.1), Some(r.2)])
        .chain([Some(base)])
        .collect();
    check_finite("tornado value", &values)?;
    let lo = values
        .iter()
        .flatten()
        .fold(f64::INFINITY, |a, b| a.min(*b));
    let hi = values
        .iter()
        .flatten()
        .fold(f64::NEG_INFINITY, |a, b| a.max(*b));
    let pad = 0.1 * (hi - lo).max(base.abs() * 0.05).max(1e-9);
    let (x0, x1) = (lo - pad, hi + pad);
    let low_colour = RGBColor(190, 190, 190);
    let high_colour = RGBColor(44, 74, 120);
    let height = HEIGHT.max(150 + 40 * n as u32);
    let row_y = |i: usize| (n - 1 - i) as f64;
    let mut buf = String::new();
    {
        let (plot, legend) = root_tall(&mut buf, text, height)?;
        let mut chart = rows_frame(&plot, text, x0..x1, n, x_fmt)?;
        let name_style = (FONT, 15)
            .into_font()
            .color(&INK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        for (i, (name, low, high)) in rows.iter().enumerate() {
            let y = row_y(i);
            for (v, c) in [(*low, low_colour), (*high, high_colour)] {
                chart
                    .draw_series([Rectangle::new([(base, y - 0.3), (v, y + 0.3)], c.filled())])
                    .map_err(chart_error)?;
                chart
                    .draw_series([Rectangle::new(
                        [(base, y - 0.3), (v, y + 0.3)],
                        WHITE.stroke_width(1),
                    )])
                    .map_err(chart_error)?;
            }
            let (px, py) = local(&plot, &chart, (x0, y));
            plot.draw(&Text::new(name.clone(), (px - 8, py), name_style.clone()))
                .map_err(chart_error)?;
        }
        chart
            .draw_series([PathElement::new(
                vec![(base, -0.5), (base, n as f64 - 0.5)],
                INK.stroke_width(2),
            )])
            .map_err(chart_error)?;
        draw_legend(
            &legend,
            &[
                (labels[0].to_string(), Swatch::Box(low_colour)),
                (labels[1].to_string(), Swatch::Box(high_colour)),
            ],
        )?;
        plot.present().map_err(chart_error)?;
    }
    Ok(finish(buf, id, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> ChartText {
        ChartText {
            title: "Børn & unge <på> trappen".into(),
            x_label: "År".into(),
            y_label: "Antal personer".into(),
            description: "n = 12".into(),
        }
    }

    #[test]
    fn a_heat_map_labels_every_cell_and_hides_none() {
        let rows = vec!["a".to_string(), "b".to_string()];
        let cols = vec!["x".to_string(), "y".to_string(), "z".to_string()];
        let values = vec![
            vec![Some(0.0), Some(12.0), None],
            vec![Some(7.0), Some(5.0), Some(40.0)],
        ];
        let svg = heatmap("h", &text(), &rows, &cols, &values, &|v| format!("{v:.0}")).unwrap();
        assert!(svg.contains("trappen") && !svg.contains("http"));
        for label in ["12", "40", "–"] {
            assert!(
                svg.contains(&format!(">{label}<")) || svg.contains(label),
                "{label}"
            );
        }
        // five filled cells, one hidden: six rectangles plus their six outlines
        assert!(svg.matches("<rect").count() >= 12);
        assert!(heatmap("h", &text(), &rows, &cols, &values[..1], &|v| v.to_string()).is_err());
    }

    #[test]
    fn trajectories_draw_bands_faint_lines_and_a_bold_mean() {
        let people = vec![
            vec![(0.0, 18.0), (6.0, 15.0), (12.0, 12.0)],
            vec![(0.0, 20.0), (6.0, 19.0)],
        ];
        let mean = Series {
            name: "Gennemsnit".into(),
            values: vec![Some(19.0), Some(17.0), Some(12.0)],
        };
        let bands = [
            Band {
                name: "Tæt på gennemsnittet".into(),
                from: 0.0,
                to: 13.5,
            },
            Band {
                name: "Højt".into(),
                from: 16.5,
                to: 40.0,
            },
        ];
        let svg = trajectories(
            "t1",
            &text(),
            (0.0, 24.0),
            (0.0, 40.0),
            &people,
            &mean,
            &[0.0, 6.0, 12.0],
            &bands,
            "Enkelte børn",
            &|v| format!("{v:.0}"),
            &|v| format!("{v:.0}"),
        )
        .unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("<title id=\"t1-title\">"));
        assert!(svg.contains("Gennemsnit") && svg.contains("Højt") && svg.contains("Enkelte børn"));
        assert!(!svg.contains("http"));
        assert!(trajectories(
            "t2",
            &text(),
            (1.0, 1.0),
            (0.0, 1.0),
            &[],
            &mean,
            &[],
            &[],
            "",
            &|v| v.to_string(),
            &|v| v.to_string()
        )
        .is_err());
    }

    #[test]
    fn a_stacked_bar_chart_is_an_svg_with_a_title_and_no_url() {
        let svg = stacked_bars(
            "c1",
            &text(),
            &["2023".into(), "2024".into()],
            &[
                Series {
                    name: "Plejefamilie".into(),
                    values: vec![Some(3.0), None],
                },
                Series {
                    name: "Døgn".into(),
                    values: vec![Some(5.0), Some(7.0)],
                },
                Series {
                    name: "Skjult".into(),
                    values: vec![None, Some(3.0)],
                },
            ],
            true,
            &|v| format!("{v:.0}"),
        )
        .unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..80]);
        assert!(svg.contains("<title id=\"c1-title\">Børn &amp; unge &lt;på&gt; trappen</title>"));
        assert!(svg.contains("\n2024\n</text>"), "category label drawn");
        assert!(!svg.contains("http"));
        assert!(svg.trim_end().ends_with("</svg>"));
        // the hidden part is white with an outline
        assert!(
            svg.contains("fill=\"#FFFFFF\" stroke=\"none\"/>\n<rect x"),
            "white segment"
        );
    }

    #[test]
    fn lines_and_grouped_bars_draw() {
        let s = vec![Series {
            name: "a".into(),
            values: vec![Some(1.0), None, Some(2.0)],
        }];
        let cats: Vec<String> = vec!["jan. 2024".into(), String::new(), "mar. 2024".into()];
        let svg = lines("c2", &text(), &cats, &s, &|v| format!("{v:.1}")).unwrap();
        assert!(svg.contains("<polyline") || svg.contains("<path"));
        let svg = grouped_bars(
            "c3",
            &text(),
            &cats,
            &s,
            &[vec!["1".into(), "<5".into(), "2".into()]],
            &|v| format!("{v:.0}"),
        )
        .unwrap();
        assert!(svg.contains("&lt;5"));
    }

    #[test]
    fn sequential_colours_get_darker() {
        let c = sequential(7);
        let lum = |c: &RGBColor| 0.299 * c.0 as f64 + 0.587 * c.1 as f64 + 0.114 * c.2 as f64;
        for w in c.windows(2) {
            assert!(lum(&w[0]) > lum(&w[1]), "{:?} then {:?}", w[0], w[1]);
        }
    }
    #[test]
    fn a_love_plot_draws_one_marker_per_covariate_and_value() {
        let covs: Vec<String> = vec!["alder".into(), "køn".into(), "<tidligere> anbragt".into()];
        let svg = love_plot(
            "love1",
            &text(),
            &covs,
            &[Some(0.42), Some(-0.3), Some(0.05)],
            &[Some(0.02), Some(0.12), None],
            0.1,
            ["Før", "Efter", "Grænse 0,1"],
            &|v| format!("{v:.2}"),
        )
        .unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("<title id=\"love1-title\">"));
        assert!(
            svg.contains("Børn &amp; unge &lt;på&gt; trappen"),
            "title drawn"
        );
        assert!(svg.contains("&lt;tidligere&gt; anbragt") && svg.contains("køn"));
        // one marker per value drawn, plus one of each kind in the legend: hollow before
        // (3 + 1), filled after (2 + 1; the third is None)
        assert_eq!(svg.matches("<circle").count(), 7);
        assert_eq!(
            svg.matches("fill=\"none\" stroke=\"#212121\" stroke-width=\"2\"/>")
                .count(),
            4
        );
        assert_eq!(
            svg.matches("r=\"6\" opacity=\"1\" fill=\"#212121\"")
                .count(),
            3
        );
        assert!(svg.contains("Grænse 0,1"));
        assert!(!svg.contains("http"));
        assert!(love_plot(
            "love2",
            &text(),
            &covs,
            &[Some(0.1)],
            &[None, None, None],
            0.1,
            ["", "", ""],
            &|v| v.to_string()
        )
        .is_err());
        assert!(love_plot(
            "love3",
            &text(),
            &covs,
            &[None; 3],
            &[Some(f64::NAN), None, None],
            0.1,
            ["", "", ""],
            &|v| v.to_string()
        )
        .is_err());
    }

    #[test]
    fn an_overlap_chart_mirrors_two_histograms() {
        let svg = overlap(
            "ov1",
            &text(),
            &[0.0, 0.25, 0.5, 0.75, 1.0],
            &[0.0, 2.0, 5.0, 3.0],
            &[6.0, 4.0, 1.0, 0.0],
            ["Indsats", "Sammenligning"],
            &|v| format!("{v:.2}"),
            &|v| format!("{v:.0}"),
        )
        .unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("<title id=\"ov1-title\">"));
        assert!(svg.contains("Indsats") && svg.contains("Sammenligning"));
        assert!(!svg.contains("http"));
        // no negative numbers on the y axis: the bottom half is labelled by size
        assert!(!svg.contains("\n-"), "a negative axis label");
        // one bar per non-empty bin and group, and one swatch each in the legend
        assert_eq!(svg.matches("fill=\"#2C4A78\"").count(), 3 + 1);
        assert_eq!(svg.matches("fill=\"#BEBEBE\"").count(), 3 + 1);
        assert!(overlap(
            "ov2",
            &text(),
            &[0.0, 1.0],
            &[1.0, 2.0],
            &[1.0],
            ["a", "b"],
            &|v| v.to_string(),
            &|v| v.to_string()
        )
        .is_err());
        assert!(overlap(
            "ov3",
            &text(),
            &[0.0, 1.0],
            &[-1.0],
            &[1.0],
            ["a", "b"],
            &|v| v.to_string(),
            &|v| v.to_string()
        )
        .is_err());
    }

    #[test]
    fn money_charts_draw_and_refuse_bad_input() {
        let t = text();
        let svg = lorenz(
            "lz1",
            &t,
            &[(0.0, 0.0), (90.0, 40.0), (100.0, 100.0)],
            ["a", "b"],
        )
        .unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("<title id=\"lz1-title\">"));
        assert!(lorenz("lz2", &t, &[(0.0, 0.0)], ["a", "b"]).is_err());
        assert!(lorenz("lz3", &t, &[(0.0, 0.0), (100.0, 120.0)], ["a", "b"]).is_err());
        assert!(lorenz("lz4", &t, &[(50.0, 0.0), (10.0, 100.0)], ["a", "b"]).is_err());

        let years: Vec<String> = ["2024", "2025", "2026"].map(String::from).to_vec();
        let svg = cumulative_net(
            "bc1",
            &t,
            &years,
            &[1.0, -0.6, -0.6],
            &[1.0, 0.4, -0.2],
            ["Netto", "Akkumuleret"],
            &|v| format!("{v:.1}"),
        )
        .unwrap();
        assert!(svg.contains("2026") && svg.contains("Akkumuleret") && !svg.contains("http"));
        assert!(
            cumulative_net("bc2", &t, &years, &[1.0], &[1.0], ["a", "b"], &|v| v
                .to_string())
            .is_err()
        );
        assert!(cumulative_net(
            "bc3",
            &t,
            &years,
            &[1.0, f64::NAN, 0.0],
            &[1.0, 1.0, 1.0],
            ["a", "b"],
            &|v| v.to_string()
        )
        .is_err());

        let rows = vec![
            ("Besparelser".to_string(), 1.2, 2.8),
            ("Rente".into(), 1.9, 2.1),
        ];
        let svg = tornado("tn1", &t, &rows, 2.0, ["-10 %", "+10 %"], &|v| {
            format!("{v:.1}")
        })
        .unwrap();
        assert!(svg.contains("Besparelser") && svg.contains("+10 %"));
        assert!(tornado("tn2", &t, &[], 2.0, ["a", "b"], &|v| v.to_string()).is_err());
        assert!(tornado(
            "tn3",
            &t,
            &[("x".into(), f64::INFINITY, 1.0)],
            2.0,
            ["a", "b"],
            &|v| v.to_string()
        )
        .is_err());
    }
}
