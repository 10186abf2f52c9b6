//! Charts of a synthetic control: the treated unit against its synthetic twin, and the
//! gap with the placebos' gaps behind it. Like every chart here they draw what they are
//! given (a fitted [`crate::effects::SynthFit`]'s path and placebo gaps) and compute no
//! statistics.

use super::charts::{chart_error, draw_legend, finish, root, ChartText, Swatch, FONT, GRID, INK};
use crate::error::{Error, Result};
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// The legend texts of [`synth_path`] and [`synth_gaps`]: the treated unit's line, the
/// synthetic unit's (or, for the gaps, the placebos'), and the treatment line.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthLabels {
    /// The treated unit (e.g. "Synthby").
    pub treated: String,
    /// The synthetic unit (path) or the placebos (gaps).
    pub other: String,
    /// The treatment line (e.g. "Indsatsen starter 2018").
    pub treatment: String,
}

fn check(times: &[i64], series: &[&[f64]]) -> Result<(f64, f64)> {
    if times.len() < 2 {
        return Err(Error::analysis(
            "a chart over time needs at least 2 periods",
        ));
    }
    for s in series {
        if s.len() != times.len() {
            return Err(Error::analysis(format!(
                "a chart over time got {} values for {} periods",
                s.len(),
                times.len()
            )));
        }
        if s.iter().any(|v| !v.is_finite()) {
            return Err(Error::analysis(
                "a chart cannot draw a value that is not a finite number",
            ));
        }
    }
    let lo = series
        .iter()
        .flat_map(|s| s.iter())
        .copied()
        .fold(f64::INFINITY, f64::min);
    let hi = series
        .iter()
        .flat_map(|s| s.iter())
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.08)
        .max(hi.abs().max(lo.abs()) * 1e-6)
        .max(1e-9);
    Ok((lo - pad, hi + pad))
}

#[allow(clippy::too_many_arguments)]
fn draw(
    id: &str,
    text: &ChartText,
    times: &[i64],
    treated: &[f64],
    other: &[&[f64]],
    other_faint: bool,
    treatment_time: i64,
    zero_line: bool,
    labels: &SynthLabels,
    y_fmt: &dyn Fn(f64) -> String,
) -> Result<String> {
    let mut all: Vec<&[f64]> = vec![treated];
    all.extend_from_slice(other);
    let (ylo, yhi) = check(times, &all)?;
    let x0 = times[0] as f64 - 0.5;
    let x1 = times[times.len() - 1] as f64 + 0.5;
    let mut buf = String::new();
    {
        let (plot, legend) = root(&mut buf, text)?;
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(62)
            .y_label_area_size(78)
            .build_cartesian_2d(x0..x1, ylo..yhi)
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .y_labels(6)
            .x_labels(times.len().min(12))
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_label_formatter(&|v| format!("{}", v.round() as i64))
            .y_label_formatter(&|v| y_fmt(*v))
            .x_desc(text.x_label.clone())
            .y_desc(text.y_label.clone())
            .label_style((FONT, 15).into_font().color(&INK))
            .axis_desc_style((FONT, 16).into_font().color(&INK))
            .draw()
            .map_err(chart_error)?;
        let xs: Vec<f64> = times.iter().map(|t| *t as f64).collect();
        if zero_line && ylo < 0.0 && yhi > 0.0 {
            chart
                .draw_series(LineSeries::new([(x0, 0.0), (x1, 0.0)], INK.stroke_width(1)))
                .map_err(chart_error)?;
        }
        // the treatment: a dashed vertical line half a period before the first treated one
        let xt = treatment_time as f64 - 0.5;
        let (top, bottom) = (
            chart.backend_coord(&(xt, yhi)),
            chart.backend_coord(&(xt, ylo)),
        );
        let (bx, by) = plot.get_base_pixel();
        plot.draw(&DashedPathElement::new(
            vec![(top.0 - bx, top.1 - by), (bottom.0 - bx, bottom.1 - by)],
            6,
            4,
            RGBColor(90, 90, 90).stroke_width(2),
        ))
        .map_err(chart_error)?;
        let mut entries = vec![(labels.treated.clone(), Swatch::Line(INK, None, 3))];
        if other_faint {
            let faint = RGBColor(150, 150, 150).mix(0.6).stroke_width(1);
            for s in other {
                chart
                    .draw_series(LineSeries::new(
                        xs.iter().copied().zip(s.iter().copied()),
                        faint,
                    ))
                    .map_err(chart_error)?;
            }
            entries.push((
                labels.other.clone(),
                Swatch::Line(RGBColor(150, 150, 150), None, 1),
            ));
        } else {
            let colour = RGBColor(0, 90, 160);
            for s in other {
                chart
                    .draw_series(DashedLineSeries::new(
                        xs.iter().copied().zip(s.iter().copied()),
                        10,
                        5,
                        colour.stroke_width(3),
                    ))
                    .map_err(chart_error)?;
            }
            entries.push((labels.other.clone(), Swatch::Line(colour, Some((10, 5)), 3)));
        }
        chart
            .draw_series(LineSeries::new(
                xs.iter().copied().zip(treated.iter().copied()),
                INK.stroke_width(3),
            ))
            .map_err(chart_error)?;
        entries.push((
            labels.treatment.clone(),
            Swatch::Line(RGBColor(90, 90, 90), Some((6, 4)), 2),
        ));
        draw_legend(&legend, &entries)?;
        plot.present().map_err(chart_error)?;
    }
    Ok(finish(buf, id, text))
}

/// The treated unit's outcome (solid black) and its synthetic twin's (dashed blue) in
/// every period, with the treatment marked by a dashed vertical line before
/// `treatment_time`.
///
/// ```
/// use indsats::report::charts::ChartText;
/// use indsats::report::charts_synth::{synth_path, SynthLabels};
/// let text = ChartText {
///     title: "Spending per child: Synthby and its synthetic twin".into(),
///     x_label: "Year".into(),
///     y_label: "Kroner per child".into(),
///     description: "39 municipalities in the donor pool, 2010–2024".into(),
/// };
/// let labels = SynthLabels { treated: "Synthby".into(), other: "Synthetic Synthby".into(),
///                            treatment: "Measure from 2018".into() };
/// let svg = synth_path("p", &text, &[2016, 2017, 2018], &[3.0, 4.0, 2.0], &[3.1, 3.9, 4.2],
///                      2018, &labels, &|v| format!("{v:.0}")).unwrap();
/// assert!(svg.contains("synthetic twin") && !svg.contains("http"));
/// ```
///
/// # Errors
/// Fewer than 2 periods, series of another length than `times`, a value that is not
/// finite; if plotters fails to draw.
#[allow(clippy::too_many_arguments)]
pub fn synth_path(
    id: &str,
    text: &ChartText,
    times: &[i64],
    treated: &[f64],
    synthetic: &[f64],
    treatment_time: i64,
    labels: &SynthLabels,
    y_fmt: &dyn Fn(f64) -> String,
) -> Result<String> {
    draw(
        id,
        text,
        times,
        treated,
        &[synthetic],
        false,
        treatment_time,
        false,
        labels,
        y_fmt,
    )
}

/// The gap (treated − synthetic) in every period as a bold black line, each placebo's gap
/// as a thin grey line behind it, a zero line, and the treatment marked.
///
/// # Errors
/// As [`synth_path`], for the gap and for every placebo.
#[allow(clippy::too_many_arguments)]
pub fn synth_gaps(
    id: &str,
    text: &ChartText,
    times: &[i64],
    gap: &[f64],
    placebo_gaps: &[Vec<f64>],
    treatment_time: i64,
    labels: &SynthLabels,
    y_fmt: &dyn Fn(f64) -> String,
) -> Result<String> {
    let others: Vec<&[f64]> = placebo_gaps.iter().map(Vec::as_slice).collect();
    draw(
        id,
        text,
        times,
        gap,
        &others,
        true,
        treatment_time,
        true,
        labels,
        y_fmt,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> ChartText {
        ChartText {
            title: "Forskel & placebo <kommuner>".into(),
            x_label: "År".into(),
            y_label: "Kroner pr. barn".into(),
            description: "n = 3 kommuner".into(),
        }
    }

    fn labels() -> SynthLabels {
        SynthLabels {
            treated: "Synthby".into(),
            other: "Placebo-kommuner".into(),
            treatment: "Indsats fra 2018".into(),
        }
    }

    #[test]
    fn the_gap_chart_draws_one_thin_line_per_placebo_behind_the_bold_gap() {
        let times = [2016, 2017, 2018, 2019];
        let gap = [10.0, -5.0, -1500.0, -1400.0];
        let placebos = vec![vec![1.0, 2.0, 3.0, 4.0], vec![-1.0, 0.0, 200.0, -100.0]];
        let svg = synth_gaps(
            "g",
            &text(),
            &times,
            &gap,
            &placebos,
            2018,
            &labels(),
            &|v| format!("{v:.0}"),
        )
        .unwrap();
        assert!(svg.contains("Forskel &amp; placebo &lt;kommuner&gt;") && !svg.contains("http"));
        assert!(svg.contains("Placebo-kommuner") && svg.contains("Indsats fra 2018"));
        // polylines: 2 placebos + the gap + the zero line (+ legend swatches as paths)
        assert!(svg.matches("<polyline").count() >= 4, "{svg}");
        let empty: Vec<Vec<f64>> = Vec::new();
        assert!(
            synth_gaps("g", &text(), &times, &gap, &empty, 2018, &labels(), &|v| v
                .to_string())
            .is_ok()
        );
        // a placebo of the wrong length, a NaN
        let bad = vec![vec![1.0, 2.0]];
        assert!(
            synth_gaps("g", &text(), &times, &gap, &bad, 2018, &labels(), &|v| v
                .to_string())
            .is_err()
        );
        let nan = [1.0, f64::NAN, 0.0, 0.0];
        assert!(
            synth_path("p", &text(), &times, &nan, &gap, 2018, &labels(), &|v| v
                .to_string())
            .is_err()
        );
    }

    #[test]
    fn the_path_chart_draws_treated_and_synthetic_and_the_treatment_line() {
        let times = [2016, 2017, 2018, 2019];
        let svg = synth_path(
            "p",
            &text(),
            &times,
            &[20_000.0, 21_000.0, 19_000.0, 19_500.0],
            &[20_100.0, 20_900.0, 21_300.0, 21_800.0],
            2018,
            &labels(),
            &|v| format!("{v:.0}"),
        )
        .unwrap();
        assert!(svg.contains("<title id=\"p-title\">") && svg.contains("Synthby"));
        assert!(svg.contains("2018") && svg.contains("Kroner pr. barn"));
        assert!(svg.contains("stroke-dasharray") || svg.matches("<polyline").count() >= 3);
    }
}
