//! Per-command latencies of a benchmark run and their percentiles.

use std::time::Duration;

/// Every command's latency, in the order they ran.
#[derive(Debug, Default)]
pub struct Latencies {
    nanos: Vec<u64>,
}

impl Latencies {
    /// Room for `expected` samples, so recording never reallocates inside the timed loop.
    pub fn with_capacity(expected: usize) -> Self {
        Latencies {
            nanos: Vec::with_capacity(expected),
        }
    }

    /// Records one command's latency.
    pub fn record(&mut self, latency: Duration) {
        self.nanos
            .push(u64::try_from(latency.as_nanos()).unwrap_or(u64::MAX));
    }

    /// Adds another run's latencies (another thread's) to these.
    pub fn extend(&mut self, other: Latencies) {
        self.nanos.extend(other.nanos);
    }

    /// How many commands were recorded.
    pub fn count(&self) -> usize {
        self.nanos.len()
    }

    /// The `p`-th percentile (0 < p <= 100) in milliseconds, by the nearest-rank method: the
    /// smallest recorded latency that at least `p` percent of the samples do not exceed.
    /// Zero when nothing was recorded.
    pub fn percentile_ms(&mut self, p: f64) -> f64 {
        if self.nanos.is_empty() {
            return 0.0;
        }
        self.nanos.sort_unstable();
        let n = self.nanos.len();
        let rank = ((p / 100.0) * n as f64).ceil() as usize;
        let index = rank.clamp(1, n) - 1;
        self.nanos[index] as f64 / 1_000_000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of_millis(values: &[u64]) -> Latencies {
        let mut l = Latencies::default();
        for v in values {
            l.record(Duration::from_millis(*v));
        }
        l
    }

    #[test]
    fn nearest_rank_percentiles() {
        let mut l = of_millis(&[5, 1, 4, 2, 3, 10, 9, 8, 7, 6]);
        assert_eq!(l.percentile_ms(50.0), 5.0);
        assert_eq!(l.percentile_ms(99.0), 10.0);
        assert_eq!(l.percentile_ms(10.0), 1.0);
        assert_eq!(l.percentile_ms(100.0), 10.0);
    }

    #[test]
    fn p99_of_a_hundred_samples_is_the_99th() {
        let values: Vec<u64> = (1..=100).collect();
        let mut l = of_millis(&values);
        assert_eq!(l.percentile_ms(99.0), 99.0);
        assert_eq!(l.percentile_ms(50.0), 50.0);
    }

    #[test]
    fn extended_latencies_rank_together() {
        let mut l = of_millis(&[1, 2, 3]);
        l.extend(of_millis(&[4, 5]));
        assert_eq!(l.count(), 5);
        assert_eq!(l.percentile_ms(100.0), 5.0);
        assert_eq!(l.percentile_ms(50.0), 3.0);
    }

    #[test]
    fn single_and_empty() {
        assert_eq!(of_millis(&[7]).percentile_ms(50.0), 7.0);
        assert_eq!(Latencies::default().percentile_ms(99.0), 0.0);
    }

    #[test]
    fn sub_millisecond_values_keep_their_fraction() {
        let mut l = Latencies::default();
        l.record(Duration::from_micros(1500));
        assert_eq!(l.percentile_ms(50.0), 1.5);
    }
}
