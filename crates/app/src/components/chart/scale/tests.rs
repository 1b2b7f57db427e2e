//! Ticks people would draw by hand, and positions along each kind of scale.

use super::{Axis, Scale, nice_step};

fn labels(axis: &Axis) -> Vec<&str> {
    axis.ticks.iter().map(|t| t.label.as_str()).collect()
}

#[test]
fn steps_are_one_two_or_five_times_a_power_of_ten() {
    let steps: Vec<f64> = [0.03, 0.1, 0.7, 1.0, 1.2, 3.0, 7.0, 25.0, 4000.0]
        .into_iter()
        .map(nice_step)
        .collect();
    assert_eq!(steps, [0.05, 0.1, 1.0, 1.0, 2.0, 5.0, 10.0, 50.0, 5000.0]);
    assert_eq!(nice_step(f64::NAN), 1.0);
    assert_eq!(nice_step(-3.0), 1e-9);
}

#[test]
fn an_axis_from_zero_ends_on_a_round_value_above_the_data() {
    assert_eq!(labels(&Axis::from_zero(13.0, 4.0)), ["0", "5", "10", "15"]);
    assert_eq!(labels(&Axis::from_zero(100.0, 4.0)), ["0", "50", "100"]);
    assert_eq!(
        labels(&Axis::from_zero(0.7, 4.0)),
        ["0.0", "0.2", "0.4", "0.6", "0.8"]
    );
    assert_eq!(labels(&Axis::from_zero(0.0, 4.0)), ["0.0", "0.5", "1.0"]);
    assert_eq!(
        Axis::from_zero(13.0, 4.0).scale,
        Scale::Linear { lo: 0.0, hi: 15.0 }
    );
}

#[test]
fn a_span_keeps_its_ends_and_ticks_from_its_start() {
    let cores = Axis::span(1.0, 16.0, 4.0, true);
    assert_eq!(labels(&cores), ["1", "6", "11", "16"]);
    assert_eq!(cores.scale.fraction(1.0), 0.0);
    assert_eq!(cores.scale.fraction(16.0), 1.0);
    assert_eq!(labels(&Axis::span(1.0, 3.0, 4.0, true)), ["1", "2", "3"]);
    assert_eq!(
        labels(&Axis::span(100.0, 350.0, 5.0, false)),
        ["100", "150", "200", "250", "300", "350"]
    );
}

#[test]
fn a_log_axis_covers_whole_decades() {
    let axis = Axis::log([3.0, 450.0, 0.0, f64::NAN]);
    assert_eq!(labels(&axis), ["1", "10", "100", "1000"]);
    assert_eq!(axis.scale.fraction(10.0), 1.0 / 3.0);
    assert_eq!(labels(&Axis::log([])), ["1", "10"]);
    assert_eq!(labels(&Axis::log([1.0])), ["1", "10"]);
    assert_eq!(labels(&Axis::log([0.05])), ["0.01", "0.1"]);
}

#[test]
fn bands_put_each_value_in_the_middle_of_its_own() {
    let axis = Axis::bands(["1", "2", "4", "8"].map(String::from));
    assert_eq!(axis.scale, Scale::Band { n: 4 });
    assert_eq!(axis.scale.fraction(0.0), 0.125);
    assert_eq!(axis.scale.fraction(3.0), 0.875);
    assert_eq!(labels(&axis), ["1", "2", "4", "8"]);
}
