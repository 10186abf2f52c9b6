//! The spending projection chart: observed years as points, the fitted trend as a line, and
//! the prediction band from the last observed year to the target year.
//!
//! As every chart here, it draws what it is given: the trend and its intervals come from
//! [`crate::economics::Projection`]; [`projection_chart`] only picks them out of the fit and
//! scales kroner to millions for the axis.

use super::charts::{chart_error, draw_legend, finish, root, ChartText, Swatch, FONT, GRID, INK};
use crate::economics::{ProjectionFit, ProjectionModel};
use crate::error::{Error, Result};
use crate::Lang;
use plotters::prelude::*;

/// What a projection chart draws, in the axis unit.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionSeries {
    /// Observed (year, value).
    pub observed: Vec<(f64, f64)>,
    /// The trend (year, value), from the first observed year to the target.
    pub trend: Vec<(f64, f64)>,
    /// The prediction band (year, lower, upper), from the last observed year to the target.
    pub band: Vec<(f64, f64, f64)>,
    /// Legend texts: observed, trend, band.
    pub names: [String; 3],
}

/// Draws a projection: the band shaded, the trend as a line (solid over the observed years,
/// dashed beyond), the observed values as points.
///
/// # Errors
/// No observed values or no trend, a value that is not finite; if plotters fails to draw.
pub fn projection(
    id: &str,
    text: &ChartText,
    series: &ProjectionSeries,
    y_fmt: &dyn Fn(f64) -> String,
) -> Result<String> {
    if series.observed.is_empty() || series.trend.len() < 2 {
        return Err(Error::analysis(
            "a projection chart needs observed years and a trend",
        ));
    }
    let finite = series
        .observed
        .iter()
        .chain(&series.trend)
        .all(|(x, y)| x.is_finite() && y.is_finite())
        && series
            .band
            .iter()
            .all(|(x, l, u)| x.is_finite() && l.is_finite() && u.is_finite());
    if !finite {
        return Err(Error::analysis(
            "a projection chart got a value that is not a number",
        ));
    }
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (x, y) in series.observed.iter().chain(&series.trend) {
        x0 = x0.min(*x);
        x1 = x1.max(*x);
        y0 = y0.min(*y);
        y1 = y1.max(*y);
    }
    for (_, l, u) in &series.band {
        y0 = y0.min(*l);
        y1 = y1.max(*u);
    }
    // Spending axes start at 0 unless the values go below it.
    let y0 = y0.min(0.0);
    let y1 = if y1 > y0 {
        y1 + 0.08 * (y1 - y0)
    } else {
        y0 + 1.0
    };
    let last_observed = series.observed.iter().map(|p| p.0).fold(f64::MIN, f64::max);
    let mut buf = String::new();
    {
        let (plot, legend) = root(&mut buf, text)?;
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(62)
            .y_label_area_size(78)
            .build_cartesian_2d((x0 - 0.5)..(x1 + 0.5), y0..y1)
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .y_labels(6)
            .x_labels(((x1 - x0) as usize + 1).min(12))
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_label_formatter(&|v| {
                if (v - v.round()).abs() < 1e-9 {
                    format!("{}", v.round() as i64)
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|v| y_fmt(*v))
            .x_desc(text.x_label.clone())
            .y_desc(text.y_label.clone())
            .label_style((FONT, 15).into_font().color(&INK))
            .axis_desc_style((FONT, 16).into_font().color(&INK))
            .draw()
            .map_err(chart_error)?;
        let shade = RGBColor(200, 215, 230);
        if series.band.len() >= 2 {
            let mut outline: Vec<(f64, f64)> =
                series.band.iter().map(|(x, l, _)| (*x, *l)).collect();
            outline.extend(series.band.iter().rev().map(|(x, _, u)| (*x, *u)));
            chart
                .draw_series([Polygon::new(outline, shade.filled())])
                .map_err(chart_error)?;
        }
        let line = RGBColor(0, 90, 160);
        let (before, after): (Vec<_>, Vec<_>) = (
            series
                .trend
                .iter()
                .copied()
                .filter(|p| p.0 <= last_observed)
                .collect(),
            series
                .trend
                .iter()
                .copied()
                .filter(|p| p.0 >= last_observed)
                .collect(),
        );
        chart
            .draw_series(LineSeries::new(before, line.stroke_width(3)))
            .map_err(chart_error)?;
        chart
            .draw_series(std::iter::once(plotters::element::DashedPathElement::new(
                after,
                10,
                5,
                line.stroke_width(3),
            )))
            .map_err(chart_error)?;
        chart
            .draw_series(
                series
                    .observed
                    .iter()
                    .map(|p| Circle::new(*p, 5, INK.filled())),
            )
            .map_err(chart_error)?;
        let entries = vec![
            // A point, drawn below over an invisible line swatch.
            (series.names[0].clone(), Swatch::Line(WHITE, None, 1)),
            (series.names[1].clone(), Swatch::Line(line, None, 3)),
            (series.names[2].clone(), Swatch::Box(shade)),
        ];
        draw_legend(&legend, &entries)?;
        // The first entry's swatch sits at y 50–64, x 6–32 of the legend (as draw_legend).
        legend
            .draw(&Circle::new((19, 57), 5, INK.filled()))
            .map_err(chart_error)?;
        plot.present().map_err(chart_error)?;
    }
    Ok(finish(buf, id, text))
}

/// The projection chart of a fit, with its words in Danish or English: spending (or spending
/// per child) by year, in million kroner when the amounts run to millions.
///
/// # Errors
/// As [`projection`].
pub fn projection_chart(id: &str, fit: &ProjectionFit, lang: Lang) -> Result<String> {
    let da = lang == Lang::Da;
    let max = fit
        .fitted
        .iter()
        .chain(&fit.projections)
        .map(|p| p.band.pi[1].abs().max(p.observed.unwrap_or(0.0).abs()))
        .fold(0.0, f64::max);
    let millions = max >= 1e6;
    let scale = if millions { 1e-6 } else { 1.0 };
    let observed: Vec<(f64, f64)> = fit
        .fitted
        .iter()
        .filter_map(|p| p.observed.map(|o| (f64::from(p.year), o * scale)))
        .collect();
    let trend: Vec<(f64, f64)> = fit
        .fitted
        .iter()
        .chain(&fit.projections)
        .map(|p| (f64::from(p.year), p.band.fit * scale))
        .collect();
    let band: Vec<(f64, f64, f64)> = fit
        .fitted
        .last()
        .into_iter()
        .chain(&fit.projections)
        .map(|p| {
            (
                f64::from(p.year),
                p.band.pi[0] * scale,
                p.band.pi[1] * scale,
            )
        })
        .collect();
    let level = format!("{}", (fit.level * 100.0).round());
    let first = fit.fitted.first().map_or(0, |p| p.year);
    let last_obs = fit.fitted.last().map_or(0, |p| p.year);
    let target = fit.projections.last().map_or(last_obs, |p| p.year);
    let unit = match (fit.per_child, millions, da) {
        (false, true, true) => "mio. kr.",
        (false, true, false) => "DKK million",
        (false, false, true) => "kr.",
        (false, false, false) => "DKK",
        (true, true, true) => "mio. kr. pr. barn",
        (true, true, false) => "DKK million per child",
        (true, false, true) => "kr. pr. barn",
        (true, false, false) => "DKK per child",
    };
    let model = match (fit.model, da) {
        (ProjectionModel::Linear, true) => "lige linje",
        (ProjectionModel::Linear, false) => "straight line",
        (ProjectionModel::LogLinear, true) => "fast procentvis vækst",
        (ProjectionModel::LogLinear, false) => "constant percentage growth",
    };
    let what = match (fit.per_child, da) {
        (false, true) => "Udgifterne",
        (false, false) => "Spending",
        (true, true) => "Udgiften pr. barn",
        (true, false) => "Spending per child",
    };
    let text = if da {
        ChartText {
            title: format!("{what} fremskrevet til {target}"),
            x_label: "År".into(),
            y_label: format!("Udgift ({unit})"),
            description: format!(
                "{what} {first}–{last_obs} (n = {} år) som punkter, trenden ({model}) som linje og det {level} %-prædiktionsinterval for de kommende år som skygge.",
                fit.n.used
            ),
        }
    } else {
        ChartText {
            title: format!("{what} projected to {target}"),
            x_label: "Year".into(),
            y_label: format!("Spending ({unit})"),
            description: format!(
                "{what} {first}–{last_obs} (n = {} years) as points, the trend ({model}) as a line and the {level} % prediction interval for the coming years shaded.",
                fit.n.used
            ),
        }
    };
    let names = if da {
        [
            "Faktisk".to_string(),
            format!("Trend ({model})"),
            format!("{level} % prædiktionsinterval"),
        ]
    } else {
        [
            "Actual".to_string(),
            format!("Trend ({model})"),
            format!("{level} % prediction interval"),
        ]
    };
    let decimal = if da { ',' } else { '.' };
    let y_fmt = move |v: f64| {
        let s = if millions || v.abs() < 100.0 {
            format!("{v:.1}")
        } else {
            format!("{v:.0}")
        };
        s.replace('.', &decimal.to_string())
    };
    projection(
        id,
        &text,
        &ProjectionSeries {
            observed,
            trend,
            band,
            names,
        },
        &y_fmt,
    )
}
