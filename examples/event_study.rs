//! An event study on a simulated panel of 60 districts over 8 years, where the measure
//! starts in year 4 in a third of them and year 6 in another third, with parallel trends
//! and an effect of 2 + 0.5 per year since the start: the pre-period coefficients are
//! near zero, the later ones near the truth. Also the 2×2 DiD of the first cohort.
//!
//! ```sh
//! cargo run --example event_study
//! ```
//! Expected output:
//! ```text
//! e=-5: +0.204 (95% CI -0.610 to +1.019), truth 0.0
//! e=-4: -0.292 (95% CI -0.804 to +0.220), truth 0.0
//! e=-3: +0.224 (95% CI -0.243 to +0.691), truth 0.0
//! e=-2: +0.122 (95% CI -0.319 to +0.563), truth 0.0
//! e=-1: reference
//! e=+0: +2.087 (95% CI +1.624 to +2.549), truth 2.0
//! e=+1: +2.529 (95% CI +2.098 to +2.960), truth 2.5
//! e=+2: +3.253 (95% CI +2.693 to +3.814), truth 3.0
//! e=+3: +3.508 (95% CI +2.858 to +4.158), truth 3.5
//! e=+4: +4.094 (95% CI +3.442 to +4.746), truth 4.0
//! pre-trend: F = 1.19 on (4, 59) df, p = 0.326
//! 2x2 DiD, cohort 4 vs never treated, years 3 and 4: +2.311 (SE 0.376)
//! ```

use indsats::effects::{Did, EventStudy, Panel, Post};
use rand::SeedableRng;
use rand_distr::{Distribution, Normal};

fn main() -> Result<(), indsats::Error> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2024);
    let noise = Normal::new(0.0, 0.8).expect("a valid normal");
    let (mut id, mut time, mut y, mut cohort) = (vec![], vec![], vec![], vec![]);
    for d in 0..60 {
        let g = [0.0, 4.0, 6.0][d % 3];
        let level = 3.0 * noise.sample(&mut rng);
        for t in 1..=8 {
            let t = f64::from(t);
            let effect = if g > 0.0 && t >= g {
                2.0 + 0.5 * (t - g)
            } else {
                0.0
            };
            id.push(format!("district {d}"));
            time.push(t);
            cohort.push(g);
            y.push(level + 0.4 * t + effect + noise.sample(&mut rng));
        }
    }
    let panel = Panel {
        outcome: "score".into(),
        id,
        time,
        y,
        ..Panel::default()
    };
    let fit = EventStudy::new().fit(&panel, &cohort)?;
    for r in &fit.event_study {
        let truth = if r.relative_time >= 0 {
            2.0 + 0.5 * r.relative_time as f64
        } else {
            0.0
        };
        match r.ci {
            Some(ci) => println!(
                "e={:+}: {:+.3} (95% CI {:+.3} to {:+.3}), truth {truth:.1}",
                r.relative_time, r.estimate, ci[0], ci[1]
            ),
            None => println!("e={:+}: reference", r.relative_time),
        }
    }
    if let Some(p) = &fit.pretrend {
        println!(
            "pre-trend: F = {:.2} on ({}, {}) df, p = {:.3}",
            p.f_statistic, p.df, p.df_denominator, p.f_p_value
        );
    }

    // The 2×2: cohort 4 against the never treated, the year before and the first year.
    let keep: Vec<usize> = (0..panel.y.len())
        .filter(|&i| cohort[i] != 6.0 && (panel.time[i] == 3.0 || panel.time[i] == 4.0))
        .collect();
    let sub = Panel {
        outcome: "score".into(),
        id: keep.iter().map(|&i| panel.id[i].clone()).collect(),
        time: keep.iter().map(|&i| panel.time[i]).collect(),
        y: keep.iter().map(|&i| panel.y[i]).collect(),
        ..Panel::default()
    };
    let treated: Vec<f64> = keep
        .iter()
        .map(|&i| f64::from(u8::from(cohort[i] == 4.0)))
        .collect();
    let did = Did::new().post(Post::LaterOfTwo).fit(&sub, &treated)?;
    println!(
        "2x2 DiD, cohort 4 vs never treated, years 3 and 4: {:+.3} (SE {:.3})",
        did.estimate, did.std_error
    );
    Ok(())
}
