//! The interrupted-time-series chart: the series as points, the fitted segments before and
//! after the interruption, and the counterfactual (the trend before it, extended) dashed.
//! It draws the numbers of an [`ItsFit`] and computes none.

use super::charts::{chart_error, draw_legend, finish, root, ChartText, Swatch, FONT, GRID, INK};
use crate::effects::ItsFit;
use crate::error::{Error, Result};
use crate::Lang;
use plotters::prelude::*;

const OBSERVED: RGBColor = RGBColor(90, 90, 90);
const FITTED: RGBColor = RGBColor(0, 0, 0);
const COUNTERFACTUAL: RGBColor = RGBColor(190, 80, 0);
const CONTROL: RGBColor = RGBColor(0, 90, 160);
const MARK: RGBColor = RGBColor(150, 150, 150);

/// The chart's words in the report's language: title, axes (with units: the time column's
/// periods; the outcome as measured) and a caption with n.
pub fn its_chart_text(fit: &ItsFit, lang: Lang) -> ChartText {
    let da = lang == Lang::Da;
    let monthly = matches!(fit.time_scale, crate::effects::TimeScale::Month { .. });
    let x_label = match (da, monthly) {
        (true, true) => "Måned",
        (true, false) => "Periode",
        (false, true) => "Month",
        (false, false) => "Period",
    };
    let title = if da {
        format!("{} før og efter {}", fit.outcome, fit.interruption.label)
    } else {
        format!(
            "{} before and after {}",
            fit.outcome, fit.interruption.label
        )
    };
    let description = if da {
        format!(
            "Punkter: de målte værdier. Fuld linje: den tilpassede udvikling før og efter \
             afbrydelsen. Stiplet linje: udviklingen, hvis tendensen fra før var fortsat{}. \
             n = {} perioder ({} før, {} efter).",
            if fit.control_series.is_some() {
                " (korrigeret for sammenligningsserien)"
            } else {
                ""
            },
            fit.n.treated,
            fit.n.pre,
            fit.n.post
        )
    } else {
        format!(
            "Points: the values measured. Solid line: the fitted course before and after the \
             interruption. Dashed line: the course had the earlier trend continued{}. \
             n = {} periods ({} before, {} after).",
            if fit.control_series.is_some() {
                " (adjusted by the comparison series)"
            } else {
                ""
            },
            fit.n.treated,
            fit.n.pre,
            fit.n.post
        )
    };
    ChartText {
        title,
        x_label: x_label.to_string(),
        y_label: fit.outcome.clone(),
        description,
    }
}

/// The chart as an SVG string, with the words of [`its_chart_text`].
///
/// # Errors
/// A fit without periods, or a value that is not finite.
pub fn its_chart(id: &str, fit: &ItsFit, lang: Lang) -> Result<String> {
    let text = its_chart_text(fit, lang);
    let path = &fit.counterfactual;
    if path.is_empty() {
        return Err(Error::analysis(
            "an interrupted-time-series chart needs periods",
        ));
    }
    let values: Vec<f64> = path
        .iter()
        .flat_map(|p| {
            [
                Some(p.observed),
                Some(p.fitted),
                Some(p.counterfactual),
                p.control_observed,
                p.control_fitted,
            ]
        })
        .flatten()
        .collect();
    if let Some(v) = values.iter().find(|v| !v.is_finite()) {
        return Err(Error::analysis(format!(
            "an interrupted-time-series chart cannot draw {v}"
        )));
    }
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = if hi > lo { (hi - lo) * 0.08 } else { 1.0 };
    let (x0, x1) = (
        path[0].time as f64 - 0.5,
        path[path.len() - 1].time as f64 + 0.5,
    );
    let label_of = |v: f64| -> String {
        let t = v.round() as i64;
        path.iter()
            .find(|p| p.time == t)
            .map_or(String::new(), |p| p.label.clone())
    };
    let y_fmt = |v: f64| -> String {
        let s = if (hi - lo).abs() >= 100.0 || hi.abs() >= 1e4 {
            format!("{v:.0}")
        } else {
            format!("{v:.1}")
        };
        if lang == Lang::Da {
            s.replace('.', ",")
        } else {
            s
        }
    };
    let da = lang == Lang::Da;
    let mut buf = String::new();
    {
        let (plot, legend) = root(&mut buf, &text)?;
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(62)
            .y_label_area_size(78)
            .build_cartesian_2d(x0..x1, (lo - pad)..(hi + pad))
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(8)
            .y_labels(6)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_label_formatter(&|v| label_of(*v))
            .y_label_formatter(&|v| y_fmt(*v))
            .x_desc(text.x_label.clone())
            .y_desc(text.y_label.clone())
            .label_style((FONT, 15).into_font().color(&INK))
            .axis_desc_style((FONT, 16).into_font().color(&INK))
            .draw()
            .map_err(chart_error)?;
        // the interruption
        let cut = fit.interruption.time as f64 - 0.5;
        chart
            .draw_series(DashedLineSeries::new(
                vec![(cut, lo - pad), (cut, hi + pad)],
                4,
                4,
                MARK.stroke_width(1),
            ))
            .map_err(chart_error)?;
        if path.iter().any(|p| p.control_observed.is_some()) {
            chart
                .draw_series(path.iter().filter_map(|p| {
                    p.control_observed
                        .map(|v| Circle::new((p.time as f64, v), 2, CONTROL.filled()))
                }))
                .map_err(chart_error)?;
            for post in [false, true] {
                let seg: Vec<(f64, f64)> = path
                    .iter()
                    .filter(|p| p.post == post)
                    .filter_map(|p| p.control_fitted.map(|v| (p.time as f64, v)))
                    .collect();
                chart
                    .draw_series(LineSeries::new(seg, CONTROL.stroke_width(2)))
                    .map_err(chart_error)?;
            }
        }
        chart
            .draw_series(
                path.iter()
                    .map(|p| Circle::new((p.time as f64, p.observed), 3, OBSERVED.filled())),
            )
            .map_err(chart_error)?;
        for post in [false, true] {
            let seg: Vec<(f64, f64)> = path
                .iter()
                .filter(|p| p.post == post)
                .map(|p| (p.time as f64, p.fitted))
                .collect();
            chart
                .draw_series(LineSeries::new(seg, FITTED.stroke_width(3)))
                .map_err(chart_error)?;
        }
        // the counterfactual from the last period before the interruption on
        let start = path
            .iter()
            .position(|p| p.post)
            .unwrap_or(0)
            .saturating_sub(1);
        let cf: Vec<(f64, f64)> = path[start..]
            .iter()
            .map(|p| (p.time as f64, p.counterfactual))
            .collect();
        chart
            .draw_series(DashedLineSeries::new(
                cf,
                10,
                6,
                COUNTERFACTUAL.stroke_width(3),
            ))
            .map_err(chart_error)?;
        let mut entries = vec![
            (
                (if da { "målt" } else { "measured" }).to_string(),
                Swatch::Box(OBSERVED),
            ),
            (
                (if da {
                    "tilpasset forløb"
                } else {
                    "fitted course"
                })
                .to_string(),
                Swatch::Line(FITTED, None, 3),
            ),
            (
                (if da {
                    "uden afbrydelsen (tendensen før, forlænget)"
                } else {
                    "without the interruption (earlier trend, extended)"
                })
                .to_string(),
                Swatch::Line(COUNTERFACTUAL, Some((10, 6)), 3),
            ),
            (
                format!(
                    "{} {}",
                    if da { "afbrydelse:" } else { "interruption:" },
                    fit.interruption.label
                ),
                Swatch::Line(MARK, Some((4, 4)), 1),
            ),
        ];
        if let Some(c) = &fit.control_series {
            entries.push((
                format!("{}: {c}", if da { "sammenligning" } else { "comparison" }),
                Swatch::Line(CONTROL, None, 2),
            ));
        }
        draw_legend(&legend, &entries)?;
        plot.present().map_err(chart_error)?;
    }
    Ok(finish(buf, id, &text))
}
