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
const FONT: &str = "sans-serif";
const INK: RGBColor = RGBColor(33, 33, 33);
const GRID: RGBColor = RGBColor(215, 215, 215);

fn chart_error(e: impl std::fmt::Display) -> Error {
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

enum Swatch {
    Box(RGBColor),
    Line(RGBColor, Option<(u32, u32)>, u32),
}

fn draw_legend(area: &DrawingArea<SVGBackend, Shift>, entries: &[(String, Swatch)]) -> Result<()> {
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
fn finish(svg: String, id: &str, text: &ChartText) -> String {
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
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .x_label_area_size(62)
        .y_label_area_size(78)
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), 0.0..ymax)
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

fn root<'a>(
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
}
