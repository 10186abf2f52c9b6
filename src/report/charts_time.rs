//! Charts of designs over time: the event-study plot. Like [`super::charts`], functions
//! from result data to an SVG string that compute no statistics.

use super::charts::{escape, ChartText};
use crate::error::{Error, Result};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const WIDTH: u32 = 880;
const HEIGHT: u32 = 460;
const FONT: &str = "sans-serif";
const INK: RGBColor = RGBColor(33, 33, 33);
const GRID: RGBColor = RGBColor(215, 215, 215);
const MUTED: RGBColor = RGBColor(120, 120, 120);

fn chart_error(e: impl std::fmt::Display) -> Error {
    Error::analysis(format!("could not draw a chart: {e}"))
}

/// One point of an event-study plot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventPoint {
    /// Relative time e (periods since the start of treatment).
    pub relative_time: i64,
    /// The estimate.
    pub estimate: f64,
    /// Its confidence interval (`None`: no whisker, as for the reference period).
    pub ci: Option<[f64; 2]>,
    /// The reference period, fixed at 0: drawn as a hollow circle.
    pub reference: bool,
    /// A pooled end: its tick reads "≤e" below the reference, "≥e" above it.
    pub pooled: bool,
}

/// An event-study plot: each relative time's estimate as a point with its confidence
/// interval as a whisker, a solid line at zero, the reference period as a hollow circle,
/// and a dashed vertical line between e = −1 and e = 0 where treatment starts; a pooled
/// end's tick reads "≤e" or "≥e". `labels`
/// are the legend texts for the estimates, the reference period and the start of treatment
/// (an empty label leaves its entry out, as for estimators without a reference period).
///
/// ```
/// use indsats::report::charts::ChartText;
/// use indsats::report::charts_time::{event_study_plot, EventPoint};
/// let text = ChartText {
///     title: "Effect by year since the start".into(),
///     x_label: "Years since the start".into(),
///     y_label: "Effect on the score (points)".into(),
///     description: "500 units, 8 years".into(),
/// };
/// let points = [
///     EventPoint { relative_time: -2, estimate: 0.1, ci: Some([-0.2, 0.4]), reference: false,
///                  pooled: true },
///     EventPoint { relative_time: -1, estimate: 0.0, ci: None, reference: true, pooled: false },
///     EventPoint { relative_time: 0, estimate: 1.0, ci: Some([0.7, 1.3]), reference: false,
///                  pooled: false },
/// ];
/// let svg = event_study_plot("es", &text, &points,
///     ["Estimate with 95% CI", "Reference period", "Start"], &|v| format!("{v:.1}")).unwrap();
/// assert!(svg.contains("Effect by year since the start") && !svg.contains("http"));
/// ```
///
/// # Errors
/// No points, a value or interval end that is not finite, two points at one relative
/// time; if plotters fails to draw.
///
/// # References
/// The plots of fixest's `iplot` and Stata's `coefplot` for event studies.
pub fn event_study_plot(
    id: &str,
    text: &ChartText,
    points: &[EventPoint],
    labels: [&str; 3],
    y_fmt: &dyn Fn(f64) -> String,
) -> Result<String> {
    if points.is_empty() {
        return Err(Error::analysis(
            "an event-study plot needs at least one point",
        ));
    }
    for p in points {
        let ends = p.ci.map_or([0.0, 0.0], |c| c);
        if !(p.estimate.is_finite() && ends.iter().all(|v| v.is_finite())) {
            return Err(Error::analysis(format!(
                "an event-study plot cannot draw relative time {}: a value is not a finite \
                 number",
                p.relative_time
            )));
        }
    }
    let mut times: Vec<i64> = points.iter().map(|p| p.relative_time).collect();
    times.sort_unstable();
    if let Some(w) = times.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::analysis(format!(
            "an event-study plot has two points at relative time {}",
            w[0]
        )));
    }
    let (lo_t, hi_t) = (times[0].min(-1), times[times.len() - 1].max(0));
    let reference = points
        .iter()
        .find(|p| p.reference)
        .map_or(-1, |p| p.relative_time);
    let values = points
        .iter()
        .flat_map(|p| [p.estimate].into_iter().chain(p.ci.into_iter().flatten()))
        .chain([0.0]);
    let (mut lo, mut hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let pad = ((hi - lo) * 0.08).max(1e-9);
    lo -= pad;
    hi += pad;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let body = root
            .titled(&text.title, (FONT, 24).into_font().color(&INK))
            .map_err(chart_error)?;
        let (plot, legend) = body.split_horizontally(WIDTH - 250);
        let x_range = (lo_t as f64 - 0.6)..(hi_t as f64 + 0.6);
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(62)
            .y_label_area_size(78)
            .build_cartesian_2d(x_range.clone(), lo..hi)
            .map_err(chart_error)?;
        let span = (hi_t - lo_t + 1) as usize;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(span.min(25))
            .y_labels(6)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_label_formatter(&|v| {
                if (v - v.round()).abs() >= 1e-9 {
                    return String::new();
                }
                let e = v.round() as i64;
                match points.iter().find(|p| p.relative_time == e && p.pooled) {
                    Some(_) if e < reference => format!("≤{e}"),
                    Some(_) => format!("≥{e}"),
                    None => e.to_string(),
                }
            })
            .y_label_formatter(&|v| y_fmt(*v))
            .x_desc(text.x_label.clone())
            .y_desc(text.y_label.clone())
            .label_style((FONT, 15).into_font().color(&INK))
            .axis_desc_style((FONT, 16).into_font().color(&INK))
            .draw()
            .map_err(chart_error)?;
        // zero line and the start of treatment between e = −1 and e = 0
        chart
            .draw_series([PathElement::new(
                vec![(x_range.start, 0.0), (x_range.end, 0.0)],
                MUTED.stroke_width(1),
            )])
            .map_err(chart_error)?;
        chart
            .draw_series(DashedLineSeries::new(
                vec![(-0.5, lo), (-0.5, hi)],
                8,
                5,
                INK.stroke_width(2),
            ))
            .map_err(chart_error)?;
        for p in points {
            let x = p.relative_time as f64;
            if let Some([a, b]) = p.ci {
                chart
                    .draw_series([
                        PathElement::new(vec![(x, a), (x, b)], INK.stroke_width(2)),
                        PathElement::new(vec![(x - 0.12, a), (x + 0.12, a)], INK.stroke_width(2)),
                        PathElement::new(vec![(x - 0.12, b), (x + 0.12, b)], INK.stroke_width(2)),
                    ])
                    .map_err(chart_error)?;
            }
            let style = if p.reference {
                ShapeStyle::from(&INK).stroke_width(2)
            } else {
                INK.filled()
            };
            chart
                .draw_series([Circle::new((x, p.estimate), 6, style)])
                .map_err(chart_error)?;
        }
        // legend: filled point with whisker, hollow point, dashed line
        let style = (FONT, 15)
            .into_font()
            .color(&INK)
            .pos(Pos::new(HPos::Left, VPos::Top));
        let mut y = 50;
        for (k, label) in labels.iter().enumerate() {
            // an empty label: no legend entry (a design without a reference period)
            if label.is_empty() {
                continue;
            }
            let mark = (19, y + 7);
            match k {
                0 => {
                    legend
                        .draw(&PathElement::new(
                            vec![(19, y - 4), (19, y + 18)],
                            INK.stroke_width(2),
                        ))
                        .map_err(chart_error)?;
                    legend.draw(&Circle::new(mark, 6, INK.filled()))
                }
                1 => legend.draw(&Circle::new(
                    mark,
                    6,
                    ShapeStyle::from(&INK).stroke_width(2),
                )),
                _ => legend.draw(&plotters::element::DashedPathElement::new(
                    vec![(19, y - 4), (19, y + 18)],
                    5,
                    4,
                    INK.stroke_width(2),
                )),
            }
            .map_err(chart_error)?;
            legend
                .draw(&Text::new(label.to_string(), (40, y), style.clone()))
                .map_err(chart_error)?;
            y += 32;
        }
        // the caption (n) under the legend, so the chart alone says what it rests on
        let small = (FONT, 13).into_font().color(&MUTED);
        for line in wrap(&text.description, 30) {
            y += 18;
            legend
                .draw(&Text::new(line, (10, y), small.clone()))
                .map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(finish(buf, id, text))
}

/// Splits text into lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(last) if last.chars().count() + 1 + word.chars().count() <= width => {
                last.push(' ');
                last.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Drops `xmlns` and adds `role`, `<title>` and `<desc>`, as the report's other charts.
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
