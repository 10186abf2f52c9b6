//! Charts of cost-effectiveness: the cost-effectiveness plane and the acceptability curve.
//!
//! As in [`super::charts`], the chart functions draw what they are given and compute no
//! statistics; [`icer_charts`] only chooses the words (Danish or English) and the points
//! to draw for an [`IcerFit`].

use super::charts::{chart_error, draw_legend, finish, root, ChartText, Swatch, FONT, GRID, INK};
use super::format::{decimal, integer};
use crate::economics::IcerFit;
use crate::error::{Error, Result};
use crate::Lang;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The words of the plane's legend and corners.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaneLabels {
    /// The replicates' legend entry.
    pub replicates: String,
    /// The point estimate's legend entry.
    pub estimate: String,
    /// The willingness-to-pay line's legend entry (used when a λ is given).
    pub wtp_line: String,
    /// The four quadrants: north-east, north-west, south-east, south-west.
    pub quadrants: [String; 4],
}

const DOT: RGBColor = RGBColor(120, 150, 190);
const POINT: RGBColor = RGBColor(190, 60, 0);
const LAMBDA: RGBColor = RGBColor(0, 0, 0);

/// Pads a range so that it holds 0 and a little room on each side.
fn span(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = (lo.min(0.0), hi.max(0.0));
    let pad = if hi > lo { (hi - lo) * 0.06 } else { 1.0 };
    (lo - pad, hi + pad)
}

/// Draws the caption (the chart's description) under the plot, so a printed chart carries
/// its n.
fn caption(area: &DrawingArea<SVGBackend, plotters::coord::Shift>, text: &str) -> Result<()> {
    let style = (FONT, 13)
        .into_font()
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Bottom));
    let (_, h) = area.dim_in_pixel();
    area.draw(&Text::new(text.to_string(), (12, h as i32 - 4), style))
        .map_err(chart_error)
}

/// The cost-effectiveness plane: one dot per bootstrap replicate (ΔE*, ΔC*), the point
/// estimate, the axes through the origin that split it into quadrants (labelled in their
/// corners), and, with `wtp`, the line ΔC = λ·ΔE: replicates below it are worth their
/// cost at λ.
///
/// ```
/// use indsats::report::charts::ChartText;
/// use indsats::report::charts_economics::{cost_effectiveness_plane, PlaneLabels};
/// let text = ChartText {
///     title: "What the programme costs and achieves".into(),
///     x_label: "Extra effect per person".into(),
///     y_label: "Extra cost per person (kr.)".into(),
///     description: "n = 400 persons, 3 bootstrap replicates".into(),
/// };
/// let labels = PlaneLabels {
///     replicates: "Replicates".into(),
///     estimate: "Estimate".into(),
///     wtp_line: "50,000 kr. per unit".into(),
///     quadrants: ["NE".into(), "NW".into(), "SE".into(), "SW".into()],
/// };
/// let svg = cost_effectiveness_plane("plane", &text, &[(0.1, 5000.0), (0.2, 9000.0), (-0.01, 100.0)],
///     (0.15, 7000.0), Some(50000.0), &labels, &|v| format!("{v:.2}"), &|v| format!("{v:.0}")).unwrap();
/// assert!(svg.starts_with("<svg") && svg.contains("What the programme costs and achieves"));
/// ```
///
/// # Errors
/// A point or the estimate that is not finite, a λ that is negative or not finite; if
/// plotters fails to draw.
///
/// # References
/// Black (1990), The CE plane, *Medical Decision Making* 10, 212–214; Briggs, Wonderling
/// & Mooney (1997).
#[allow(clippy::too_many_arguments)]
pub fn cost_effectiveness_plane(
    id: &str,
    text: &ChartText,
    points: &[(f64, f64)],
    estimate: (f64, f64),
    wtp: Option<f64>,
    labels: &PlaneLabels,
    x_fmt: &dyn Fn(f64) -> String,
    y_fmt: &dyn Fn(f64) -> String,
) -> Result<String> {
    if let Some(p) = points
        .iter()
        .chain(std::iter::once(&estimate))
        .find(|(x, y)| !(x.is_finite() && y.is_finite()))
    {
        return Err(Error::analysis(format!(
            "a cost-effectiveness plane cannot draw the point ({}, {})",
            p.0, p.1
        )));
    }
    if let Some(l) = wtp.filter(|l| !(l.is_finite() && *l >= 0.0)) {
        return Err(Error::analysis(format!(
            "a cost-effectiveness plane cannot draw a willingness to pay of {l}"
        )));
    }
    let xs = points.iter().map(|p| p.0).chain([estimate.0]);
    let ys = points.iter().map(|p| p.1).chain([estimate.1]);
    let (x0, x1) = span(
        xs.clone().fold(f64::INFINITY, f64::min),
        xs.fold(f64::NEG_INFINITY, f64::max),
    );
    let (y0, y1) = span(
        ys.clone().fold(f64::INFINITY, f64::min),
        ys.fold(f64::NEG_INFINITY, f64::max),
    );
    let mut buf = String::new();
    {
        let (plot, legend) = root(&mut buf, text)?;
        let (body, foot) = plot.split_vertically(plot.dim_in_pixel().1 - 22);
        let mut chart = ChartBuilder::on(&body)
            .margin(12)
            .x_label_area_size(52)
            .y_label_area_size(92)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .x_labels(7)
            .y_labels(7)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_label_formatter(&|v| x_fmt(*v))
            .y_label_formatter(&|v| y_fmt(*v))
            .x_desc(text.x_label.clone())
            .y_desc(text.y_label.clone())
            .label_style((FONT, 14).into_font().color(&INK))
            .axis_desc_style((FONT, 16).into_font().color(&INK))
            .draw()
            .map_err(chart_error)?;
        chart
            .draw_series(
                points
                    .iter()
                    .map(|&p| Circle::new(p, 2, DOT.mix(0.55).filled())),
            )
            .map_err(chart_error)?;
        // The quadrant axes through the origin.
        chart
            .draw_series([
                PathElement::new(vec![(x0, 0.0), (x1, 0.0)], INK.stroke_width(1)),
                PathElement::new(vec![(0.0, y0), (0.0, y1)], INK.stroke_width(1)),
            ])
            .map_err(chart_error)?;
        if let Some(l) = wtp {
            // ΔC = λΔE, clipped to the frame.
            let (a, b) = if l > 0.0 {
                (x0.max(y0 / l), x1.min(y1 / l))
            } else {
                (x0, x1)
            };
            if a < b {
                chart
                    .draw_series([PathElement::new(
                        vec![(a, l * a), (b, l * b)],
                        LAMBDA.stroke_width(2),
                    )])
                    .map_err(chart_error)?;
            }
        }
        chart
            .draw_series([
                Circle::new(estimate, 6, POINT.filled()),
                Circle::new(estimate, 6, WHITE.stroke_width(1)),
            ])
            .map_err(chart_error)?;
        // The quadrants named in their corners.
        let corner = |x: f64, y: f64, h: HPos, v: VPos, s: &str| {
            Text::new(
                s.to_string(),
                (x, y),
                (FONT, 13)
                    .into_font()
                    .color(&RGBColor(90, 90, 90))
                    .pos(Pos::new(h, v)),
            )
        };
        let (dx, dy) = ((x1 - x0) * 0.01, (y1 - y0) * 0.01);
        let q = &labels.quadrants;
        chart
            .draw_series([
                corner(x1 - dx, y1 - dy, HPos::Right, VPos::Top, &q[0]),
                corner(x0 + dx, y1 - dy, HPos::Left, VPos::Top, &q[1]),
                corner(x1 - dx, y0 + dy, HPos::Right, VPos::Bottom, &q[2]),
                corner(x0 + dx, y0 + dy, HPos::Left, VPos::Bottom, &q[3]),
            ])
            .map_err(chart_error)?;
        let mut entries = vec![
            (labels.replicates.clone(), Swatch::Box(DOT)),
            (labels.estimate.clone(), Swatch::Box(POINT)),
        ];
        if wtp.is_some() {
            entries.push((labels.wtp_line.clone(), Swatch::Line(LAMBDA, None, 2)));
        }
        draw_legend(&legend, &entries)?;
        caption(&foot, &text.description)?;
        plot.present().map_err(chart_error)?;
    }
    Ok(finish(buf, id, text))
}

/// The cost-effectiveness acceptability curve: for each willingness to pay λ (x), the
/// share of bootstrap replicates in which the programme is worth its cost (y, 0 to 1).
///
/// ```
/// use indsats::report::charts::ChartText;
/// use indsats::report::charts_economics::acceptability_curve;
/// let text = ChartText {
///     title: "How likely is the programme worth its cost?".into(),
///     x_label: "Willingness to pay per extra unit of effect (kr.)".into(),
///     y_label: "Probability worth the cost".into(),
///     description: "n = 400 persons, 2000 bootstrap replicates".into(),
/// };
/// let svg = acceptability_curve("ceac", &text, &[0.0, 50000.0, 100000.0], &[0.0, 0.6, 0.9],
///     "Share of replicates", &|v| format!("{v:.0}"), &|v| format!("{:.0}%", v * 100.0)).unwrap();
/// assert!(svg.contains("How likely is the programme worth its cost?"));
/// ```
///
/// # Errors
/// Lengths that differ, fewer than 1 point, a λ that is not finite or does not increase,
/// a share outside 0–1; if plotters fails to draw.
///
/// # References
/// van Hout, Al, Gordon & Rutten (1994), Costs, effects and C/E-ratios alongside a clinical
/// trial, *Health Economics* 3, 309–319; Fenwick, Claxton & Sculpher (2001).
pub fn acceptability_curve(
    id: &str,
    text: &ChartText,
    wtp: &[f64],
    probability: &[f64],
    label: &str,
    x_fmt: &dyn Fn(f64) -> String,
    y_fmt: &dyn Fn(f64) -> String,
) -> Result<String> {
    if wtp.is_empty() || wtp.len() != probability.len() {
        return Err(Error::analysis(format!(
            "an acceptability curve needs one share per willingness to pay: {} and {}",
            wtp.len(),
            probability.len()
        )));
    }
    if !wtp.iter().all(|l| l.is_finite()) || wtp.windows(2).any(|w| w[0] >= w[1]) {
        return Err(Error::analysis(
            "an acceptability curve needs finite, increasing willingness to pay",
        ));
    }
    if let Some(p) = probability.iter().find(|p| !(**p >= 0.0 && **p <= 1.0)) {
        return Err(Error::analysis(format!(
            "an acceptability curve cannot draw a share of {p}"
        )));
    }
    let (x0, x1) = if wtp.len() == 1 {
        (wtp[0] - 1.0, wtp[0] + 1.0)
    } else {
        (wtp[0], wtp[wtp.len() - 1])
    };
    let mut buf = String::new();
    {
        let (plot, legend) = root(&mut buf, text)?;
        let (body, foot) = plot.split_vertically(plot.dim_in_pixel().1 - 22);
        let mut chart = ChartBuilder::on(&body)
            .margin(12)
            .x_label_area_size(52)
            .y_label_area_size(78)
            .build_cartesian_2d(x0..x1, 0.0..1.0)
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .x_labels(7)
            .y_labels(6)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_label_formatter(&|v| x_fmt(*v))
            .y_label_formatter(&|v| y_fmt(*v))
            .x_desc(text.x_label.clone())
            .y_desc(text.y_label.clone())
            .label_style((FONT, 14).into_font().color(&INK))
            .axis_desc_style((FONT, 16).into_font().color(&INK))
            .draw()
            .map_err(chart_error)?;
        let pts: Vec<(f64, f64)> = wtp
            .iter()
            .copied()
            .zip(probability.iter().copied())
            .collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), LAMBDA.stroke_width(3)))
            .map_err(chart_error)?;
        chart
            .draw_series(pts.iter().map(|&p| Circle::new(p, 3, LAMBDA.filled())))
            .map_err(chart_error)?;
        draw_legend(
            &legend,
            &[(label.to_string(), Swatch::Line(LAMBDA, None, 3))],
        )?;
        caption(&foot, &text.description)?;
        plot.present().map_err(chart_error)?;
    }
    Ok(finish(buf, id, text))
}

/// At most this many replicates are drawn on the plane (the first ones: the replicates
/// are in random order, so they are a random subset); the caption says so.
pub const PLANE_MAX_POINTS: usize = 2000;

/// The plane (with the λ nearest the middle of the grid, if any is above 0) and the
/// acceptability curve of a fit, worded in `lang`: titles in plain words, axes with
/// units, captions with n and the replicates. `effect_unit` names the effect's unit
/// ("outcome", "point on the scale").
///
/// # Errors
/// As the two chart functions.
pub fn icer_charts(fit: &IcerFit, effect_unit: &str, lang: Lang) -> Result<[String; 2]> {
    let da = lang == Lang::Da;
    let n = fit.n_programme + fit.n_comparison;
    let b = fit.plane.len();
    let shown = b.min(PLANE_MAX_POINTS);
    let kr = |v: f64| decimal(v, 0, lang);
    let lambda = fit
        .acceptability
        .get(fit.acceptability.len() / 2)
        .map(|w| w.wtp)
        .filter(|l| *l > 0.0);
    let caption = if da {
        format!(
            "n = {} personer ({} i programmet, {} i sammenligningsgruppen); {} bootstrap-genudtræk{}",
            integer(n as i64, lang),
            integer(fit.n_programme as i64, lang),
            integer(fit.n_comparison as i64, lang),
            integer(b as i64, lang),
            if shown < b {
                format!(", {} vist", integer(shown as i64, lang))
            } else {
                String::new()
            }
        )
    } else {
        format!(
            "n = {} persons ({} in the programme, {} in the comparison group); {} bootstrap replicates{}",
            integer(n as i64, lang),
            integer(fit.n_programme as i64, lang),
            integer(fit.n_comparison as i64, lang),
            integer(b as i64, lang),
            if shown < b {
                format!(", {} shown", integer(shown as i64, lang))
            } else {
                String::new()
            }
        )
    };
    let plane_text = ChartText {
        title: if da {
            "Hvad programmet koster ekstra, og hvad det opnår ekstra".into()
        } else {
            "What the programme costs and achieves beyond the comparison group".into()
        },
        x_label: if da {
            format!("Mereffekt pr. person ({effect_unit})")
        } else {
            format!("Extra effect per person ({effect_unit})")
        },
        y_label: if da {
            "Merudgift pr. person (kr.)".into()
        } else {
            "Extra cost per person (kr.)".into()
        },
        description: caption.clone(),
    };
    let labels = if da {
        PlaneLabels {
            replicates: "Bootstrap-genudtræk".into(),
            estimate: "Estimat".into(),
            wtp_line: format!(
                "Betalingsvilje {} kr. pr. {effect_unit}",
                lambda.map_or(String::new(), kr)
            ),
            quadrants: [
                "Mere effekt, dyrere".into(),
                "Mindre effekt, dyrere".into(),
                "Mere effekt, billigere".into(),
                "Mindre effekt, billigere".into(),
            ],
        }
    } else {
        PlaneLabels {
            replicates: "Bootstrap replicates".into(),
            estimate: "Estimate".into(),
            wtp_line: format!(
                "Willingness to pay {} kr. per {effect_unit}",
                lambda.map_or(String::new(), kr)
            ),
            quadrants: [
                "More effect, costs more".into(),
                "Less effect, costs more".into(),
                "More effect, costs less".into(),
                "Less effect, costs less".into(),
            ],
        }
    };
    let points: Vec<(f64, f64)> = fit
        .plane
        .iter()
        .take(shown)
        .map(|p| (p.delta_effect, p.delta_cost))
        .collect();
    let estimate = (
        fit.delta_effect.estimate.unwrap_or(f64::NAN),
        fit.delta_cost.estimate.unwrap_or(f64::NAN),
    );
    let plane = cost_effectiveness_plane(
        "ce-plane",
        &plane_text,
        &points,
        estimate,
        lambda,
        &labels,
        &|v| decimal(v, 2, lang),
        &|v| kr(v),
    )?;
    let ceac_text = ChartText {
        title: if da {
            "Hvor sandsynligt er det, at programmet er pengene værd?".into()
        } else {
            "How likely is the programme worth its cost?".into()
        },
        x_label: if da {
            format!("Betalingsvilje pr. ekstra {effect_unit} (kr.)")
        } else {
            format!("Willingness to pay per extra {effect_unit} (kr.)")
        },
        y_label: if da {
            "Sandsynlighed for at være pengene værd".into()
        } else {
            "Probability worth the cost".into()
        },
        description: caption,
    };
    let wtp: Vec<f64> = fit.acceptability.iter().map(|w| w.wtp).collect();
    let prob: Vec<f64> = fit
        .acceptability
        .iter()
        .map(|w| w.probability_cost_effective)
        .collect();
    let ceac = acceptability_curve(
        "ceac",
        &ceac_text,
        &wtp,
        &prob,
        if da {
            "Andel af genudtræk med positiv nettogevinst"
        } else {
            "Share of replicates with a positive net benefit"
        },
        &|v| kr(v),
        &|v| match lang {
            Lang::Da => format!("{} %", decimal(v * 100.0, 0, lang)),
            Lang::En => format!("{}%", decimal(v * 100.0, 0, lang)),
        },
    )?;
    Ok([plane, ceac])
}
