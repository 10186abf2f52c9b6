//! Cluster-robust least squares beyond one-way sandwiches: two-way clustering against
//! sandwich (matching_sim), and CR2 / Satterthwaite checked by their definitions on cases
//! small enough to work through.

use crate::common::{matching_sim, numbers};
use crate::tolerance::{assert_close, CLOSED_FORM};
use indsats::effects::{ols, wls, ClusterAdjust, ClusterDf, Covariance, OlsFit};

/// A small unbalanced design: 12 rows in 4 clusters of 2, 3, 3 and 4, two regressors, and
/// weights that vary.
struct Small {
    x: Vec<(&'static str, Vec<f64>)>,
    y: Vec<f64>,
    w: Vec<f64>,
    clusters: Vec<String>,
}

fn small() -> Small {
    let x1 = vec![
        0.3, -1.2, 0.8, 2.1, -0.4, 1.5, -0.9, 0.1, 1.1, -1.7, 0.6, 0.2,
    ];
    let x2 = vec![1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0];
    let y = vec![1.2, -0.5, 2.3, 3.9, 0.4, 2.2, 0.1, 1.0, 2.8, -1.1, 1.6, 0.7];
    let w = vec![1.0, 2.5, 0.5, 1.5, 3.0, 1.0, 0.8, 2.0, 1.2, 0.6, 1.8, 1.1];
    let sizes = [("a", 2), ("b", 3), ("c", 3), ("d", 4)];
    let clusters = sizes
        .iter()
        .flat_map(|(g, m)| std::iter::repeat_n(g.to_string(), *m))
        .collect();
    Small {
        x: vec![("(Intercept)", vec![1.0; 12]), ("x1", x1), ("x2", x2)],
        y,
        w,
        clusters,
    }
}

fn cr2(clusters: &[String], df: ClusterDf) -> Covariance {
    Covariance::Cr2 {
        clusters: clusters.to_vec(),
        df,
    }
}

/// The weighted fit of `y` on the small design.
fn small_fit(s: &Small, y: &[f64], cov: &Covariance) -> OlsFit {
    wls(&s.x, y, &s.w, cov, 0.95).unwrap()
}

/// (X'WX)⁻¹ X'W²X (X'WX)⁻¹: the covariance of β when the errors are independent with
/// variance 1 (the working model).
fn working_covariance(s: &Small) -> Vec<Vec<f64>> {
    let k = s.x.len();
    let n = s.y.len();
    let cross = |power: i32| -> Vec<Vec<f64>> {
        (0..k)
            .map(|p| {
                (0..k)
                    .map(|q| {
                        (0..n)
                            .map(|i| s.w[i].powi(power) * s.x[p].1[i] * s.x[q].1[i])
                            .sum()
                    })
                    .collect()
            })
            .collect()
    };
    let b = invert(cross(1));
    let o = cross(2);
    let mul = |a: &Vec<Vec<f64>>, c: &Vec<Vec<f64>>| -> Vec<Vec<f64>> {
        (0..k)
            .map(|i| {
                (0..k)
                    .map(|j| (0..k).map(|m| a[i][m] * c[m][j]).sum())
                    .collect()
            })
            .collect()
    };
    mul(&mul(&b, &o), &b)
}

/// Gauss–Jordan inverse of a small positive definite matrix.
fn invert(mut a: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
    let k = a.len();
    let mut inv: Vec<Vec<f64>> = (0..k)
        .map(|i| (0..k).map(|j| f64::from(u8::from(i == j))).collect())
        .collect();
    for c in 0..k {
        let p = a[c][c];
        for j in 0..k {
            a[c][j] /= p;
            inv[c][j] /= p;
        }
        for r in 0..k {
            if r != c {
                let f = a[r][c];
                for j in 0..k {
                    a[r][j] -= f * a[c][j];
                    inv[r][j] -= f * inv[c][j];
                }
            }
        }
    }
    inv
}

fn unit(n: usize, i: usize) -> Vec<f64> {
    (0..n).map(|r| f64::from(u8::from(r == i))).collect()
}

#[test]
fn weighted_cr2_is_unbiased_under_the_working_model() {
    // CR2's defining property: with e ~ (0, I), E[V_CR2] is the true covariance of β. V is
    // a quadratic form in y whose residuals are (I − H)y, so E[V] = Σ_i V(y = δ_i).
    let s = small();
    let n = s.y.len();
    let cov = cr2(&s.clusters, ClusterDf::Residual);
    let mut expected_v = vec![vec![0.0; 3]; 3];
    for i in 0..n {
        let fit = small_fit(&s, &unit(n, i), &cov);
        for (p, row) in expected_v.iter_mut().enumerate() {
            for (q, v) in row.iter_mut().enumerate() {
                *v += fit.vcov[p][q];
            }
        }
    }
    let truth = working_covariance(&s);
    for p in 0..3 {
        for q in 0..3 {
            assert_close(
                &format!("E[V][{p}][{q}]"),
                expected_v[p][q],
                truth[p][q],
                1e-9,
            );
        }
    }
}

#[test]
fn weighted_satterthwaite_df_is_two_mean_squared_over_variance() {
    // Coefficient j's CR2 variance is y'A y for a symmetric A (residuals cancel Xβ); under
    // the working model e ~ N(0, I), E = tr A and Var = 2 tr A², so df = (tr A)² / tr A².
    // A is recovered by polarisation: A_ab = (V(δ_a + δ_b) − V(δ_a) − V(δ_b)) / 2.
    let s = small();
    let n = s.y.len();
    let cov = cr2(&s.clusters, ClusterDf::Residual);
    let var = |y: &[f64]| -> Vec<f64> {
        let fit = small_fit(&s, y, &cov);
        (0..3).map(|j| fit.vcov[j][j]).collect()
    };
    let single: Vec<Vec<f64>> = (0..n).map(|a| var(&unit(n, a))).collect();
    let mut trace = [0.0; 3];
    let mut sum_sq = [0.0; 3];
    for a in 0..n {
        for b in a..n {
            let both: Vec<f64> = (0..n)
                .map(|r| f64::from(u8::from(r == a)) + f64::from(u8::from(r == b)))
                .collect();
            let v = var(&both);
            for j in 0..3 {
                let entry = if a == b {
                    single[a][j]
                } else {
                    (v[j] - single[a][j] - single[b][j]) / 2.0
                };
                if a == b {
                    trace[j] += entry;
                    sum_sq[j] += entry * entry;
                } else {
                    sum_sq[j] += 2.0 * entry * entry;
                }
            }
        }
    }
    let fit = small_fit(&s, &s.y, &cr2(&s.clusters, ClusterDf::Satterthwaite));
    for j in 0..3 {
        let c = &fit.coefficients[j];
        assert_close(
            &format!("df {}", c.term),
            c.df.unwrap(),
            trace[j] * trace[j] / sum_sq[j],
            1e-9,
        );
    }
}

#[test]
fn equal_weights_give_the_unweighted_cr2() {
    let s = small();
    let cov = cr2(&s.clusters, ClusterDf::Satterthwaite);
    let plain = ols(&s.x, &s.y, &cov, 0.95).unwrap();
    let weighted = wls(&s.x, &s.y, &[2.5; 12], &cov, 0.95).unwrap();
    for (a, b) in plain.coefficients.iter().zip(&weighted.coefficients) {
        assert_close(&a.term, b.std_error, a.std_error, CLOSED_FORM);
        assert_close(&a.term, b.df.unwrap(), a.df.unwrap(), CLOSED_FORM);
    }
}

#[test]
fn intercept_only_with_equal_clusters_cr2_is_cr1_on_g_minus_1_df() {
    // H_gg = 11'/N, so A_g scales the cluster sum by (1 − 1/G)^{-½}: CR2 = G/(G−1)·CR0, and
    // the Satterthwaite df are G − 1 (Pustejovsky & Tipton 2018), for CR1 as well.
    let y = [1.0, 2.5, 0.3, 4.1, 2.2, 3.3, 0.9, 1.7, 2.8];
    let g: Vec<String> = ["a", "a", "a", "b", "b", "b", "c", "c", "c"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let x = [("(Intercept)", vec![1.0; 9])];
    let two = ols(&x, &y, &cr2(&g, ClusterDf::Satterthwaite), 0.95).unwrap();
    let one = ols(
        &x,
        &y,
        &Covariance::Cluster {
            clusters: g.clone(),
            adjust: ClusterAdjust::G,
            df: ClusterDf::Satterthwaite,
        },
        0.95,
    )
    .unwrap();
    let (c2, c1) = (&two.coefficients[0], &one.coefficients[0]);
    assert_close("se", c2.std_error, c1.std_error, CLOSED_FORM);
    assert_close("CR2 df", c2.df.unwrap(), 2.0, CLOSED_FORM);
    assert_close("CR1 df", c1.df.unwrap(), 2.0, CLOSED_FORM);
    // by hand: cluster means 1.2667, 3.2, 1.8; mean 2.0889; V = G/(G−1) Σ (Σ_g e)² / N²
    let mean = y.iter().sum::<f64>() / 9.0;
    let sums: Vec<f64> = y
        .chunks(3)
        .map(|c| c.iter().map(|v| v - mean).sum())
        .collect();
    let v = 1.5 * sums.iter().map(|s| s * s).sum::<f64>() / 81.0;
    assert_close("se by hand", c2.std_error, v.sqrt(), CLOSED_FORM);
}

#[test]
fn cluster_fixed_effects_make_singular_blocks_that_get_a_pseudo_inverse() {
    // A dummy per cluster puts an eigenvalue 0 in each I − H_gg; clubSandwich drops it.
    let s = small();
    let dummy = |g: &str| -> Vec<f64> {
        s.clusters
            .iter()
            .map(|c| f64::from(u8::from(c == g)))
            .collect()
    };
    let x = vec![
        ("a", dummy("a")),
        ("b", dummy("b")),
        ("c", dummy("c")),
        ("d", dummy("d")),
        ("x1", s.x[1].1.clone()),
    ];
    let fit = ols(&x, &s.y, &cr2(&s.clusters, ClusterDf::Residual), 0.95).unwrap();
    assert_eq!(fit.warnings.len(), 4, "{:?}", fit.warnings);
    assert!(fit.warnings[0].contains("\"a\"") && fit.warnings[0].contains("rank 1 of 2"));
    let x1 = fit.coef("x1").unwrap();
    assert!(x1.std_error.is_finite() && x1.std_error > 0.0 && x1.p_value.is_finite());
}

#[test]
fn cluster_labels_are_checked() {
    let s = small();
    let err = |cov: Covariance| ols(&s.x, &s.y, &cov, 0.95).unwrap_err().to_string();
    let one = vec!["g".to_string(); 12];
    assert!(err(cr2(&one, ClusterDf::Satterthwaite)).contains("at least 2 clusters"));
    let e = err(cr2(&s.clusters[..11], ClusterDf::Residual));
    assert!(e.contains("11 labels for 12 rows"), "{e}");
    let multi = |dims: Vec<Vec<String>>, df| Covariance::MultiCluster {
        dims,
        adjust: ClusterAdjust::Stata,
        df,
    };
    let e = err(multi(
        vec![s.clusters.clone(), s.clusters[..11].to_vec()],
        ClusterDf::Residual,
    ));
    assert!(e.contains("dims[1]") && e.contains("11 labels"), "{e}");
    let e = err(multi(vec![s.clusters.clone(), one], ClusterDf::Residual));
    assert!(e.contains("dims[1] has 1"), "{e}");
    assert!(err(multi(vec![], ClusterDf::Residual)).contains("at least one"));
    let e = err(multi(vec![s.clusters.clone()], ClusterDf::Satterthwaite));
    assert!(e.contains("Satterthwaite"), "{e}");
}

#[test]
fn one_way_and_repeated_dimensions_reduce_to_one_way_clustering() {
    // One dimension is vcovCL's one-way; a dimension twice is V + V − V.
    let s = small();
    let one_way = ols(
        &s.x,
        &s.y,
        &Covariance::Cluster {
            clusters: s.clusters.clone(),
            adjust: ClusterAdjust::Stata,
            df: ClusterDf::ClustersMinusOne,
        },
        0.95,
    )
    .unwrap();
    for dims in [vec![s.clusters.clone()], vec![s.clusters.clone(); 2]] {
        let multi = ols(
            &s.x,
            &s.y,
            &Covariance::MultiCluster {
                dims,
                adjust: ClusterAdjust::Stata,
                df: ClusterDf::ClustersMinusOne,
            },
            0.95,
        )
        .unwrap();
        assert_eq!((multi.df, multi.n_clusters), (3.0, Some(4)));
        for p in 0..3 {
            for q in 0..3 {
                assert_close("vcov", multi.vcov[p][q], one_way.vcov[p][q], CLOSED_FORM);
            }
        }
    }
}

#[test]
fn two_way_clustering_by_pair_and_unit_matches_vcovcl() {
    // get_matches() data: one row per unit per matched pair (weight 1), clustered by pair
    // and by unit (controls are reused with replacement); lm(y ~ treat).
    let sim = matching_sim();
    let run = &sim.expected["nearest_1to1_replace"];
    let e = &run["att"]["get_matches_cluster_subclass_id"];
    let (treated, control) = (
        numbers(&run["pairs"]["treated_row"]),
        numbers(&run["pairs"]["control_row"]),
    );
    let (mut y, mut treat, mut pair, mut unit) = (vec![], vec![], vec![], vec![]);
    for (s, (t, c)) in treated.iter().zip(&control).enumerate() {
        for row in [*t as usize - 1, *c as usize - 1] {
            y.push(sim.y[row]);
            treat.push(sim.treat[row]);
            pair.push(s.to_string());
            unit.push(sim.id[row].clone());
        }
    }
    assert_eq!(y.len() as u64, e["n_rows"].as_u64().unwrap());
    let x = [("(Intercept)", vec![1.0; y.len()]), ("treat", treat)];
    let cov = Covariance::MultiCluster {
        dims: vec![pair, unit],
        adjust: ClusterAdjust::Stata,
        df: ClusterDf::Residual,
    };
    let fit = ols(&x, &y, &cov, 0.95).unwrap();
    let b = fit.coef("treat").unwrap();
    let num = |k: &str| e[k].as_f64().unwrap();
    assert_close("coef", b.coef, num("coef"), CLOSED_FORM);
    assert_close("se", b.std_error, num("se"), CLOSED_FORM);
    assert_close("t", b.t, num("t"), CLOSED_FORM);
    assert_close("p", b.p_value, num("p_value"), 1e-8);
    assert_eq!(fit.df, num("df"));
    let ci = numbers(&e["ci95"]);
    assert_close("ci low", b.ci[0], ci[0], CLOSED_FORM);
    assert_close("ci high", b.ci[1], ci[1], CLOSED_FORM);
    // the smaller dimension: 657 pairs (against 412 + 657 units)
    assert_eq!(fit.n_clusters, Some(657));
    assert!(fit.warnings.is_empty(), "{:?}", fit.warnings);
    // the same through wls with unit weights, as get_matches' weights are
    let w = vec![1.0; y.len()];
    let fit_w = wls(&x, &y, &w, &cov, 0.95).unwrap();
    assert_close(
        "wls se",
        fit_w.coef("treat").unwrap().std_error,
        num("se"),
        CLOSED_FORM,
    );
}
