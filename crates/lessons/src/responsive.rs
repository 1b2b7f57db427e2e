//! What a job did to the page while it ran, from what the page saw: the times of its
//! animation frames, the long tasks the browser reported, and how late timers and keys
//! were answered. The lesson "Keep the page responsive" records these on the real main
//! thread; this computes the figures of one way's window from them.

/// A frame later than this after the one before is a stutter the eye sees; a task
/// longer than this is a long task (the browser's own threshold).
pub const LATE_MS: f64 = 50.0;

/// One way's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Responsiveness {
    /// From the job's start to its answer.
    pub total_ms: f64,
    /// Frames painted from the job's start to its end.
    pub frames: usize,
    /// The longest time between two frames over the window: the longest the animation
    /// stood still.
    pub longest_frame_ms: f64,
    /// Gaps between frames longer than [`LATE_MS`].
    pub late_frames: usize,
    /// Long tasks that overlapped the window, and the longest one.
    pub long_tasks: usize,
    pub longest_task_ms: f64,
    /// The longest a timer due during the window waited for the main thread past its
    /// time.
    pub timer_delay_ms: f64,
    /// The longest a key typed during the window waited to be handled; `None` when no
    /// key was typed.
    pub key_delay_ms: Option<f64>,
    /// Each gap: (ms since the job's start at the later frame, the gap in ms).
    pub gaps: Vec<(f64, f64)>,
}

/// The figures of the window `start..end` (ms on the page's clock). `frames`: the
/// times of every frame, in order; `long_tasks`: (start, duration); `timers` and
/// `keys`: (when it was due or typed, how long it waited) for each timer and key. The
/// gaps run from the last frame before the window to the first frame after it, so that
/// a job that holds the thread through the whole window still shows as one long gap;
/// when no frame came after it, the window's end closes the last gap. A delay counts
/// for the window it was due (or its key typed) in, though it is answered later.
pub fn measure(
    start: f64,
    end: f64,
    frames: &[f64],
    long_tasks: &[(f64, f64)],
    timers: &[(f64, f64)],
    keys: &[(f64, f64)],
) -> Responsiveness {
    let during = |d: &&(f64, f64)| d.0 >= start && d.0 <= end;
    let first = frames.partition_point(|&t| t < start).saturating_sub(1);
    let after = frames.partition_point(|&t| t <= end);
    let mut points: Vec<f64> = frames[first..(after + 1).min(frames.len())].to_vec();
    if points.last().is_none_or(|&t| t <= end) {
        points.push(end);
    }
    if points.first().is_none_or(|&t| t > start) {
        points.insert(0, start);
    }
    let gaps: Vec<(f64, f64)> = points
        .windows(2)
        .map(|w| (w[1] - start, w[1] - w[0]))
        .collect();
    let overlapping = long_tasks.iter().filter(|(s, d)| *s < end && s + d > start);
    Responsiveness {
        total_ms: end - start,
        frames: frames.iter().filter(|&&t| t >= start && t <= end).count(),
        longest_frame_ms: gaps.iter().map(|g| g.1).fold(0.0, f64::max),
        late_frames: gaps.iter().filter(|g| g.1 > LATE_MS).count(),
        long_tasks: overlapping.clone().count(),
        longest_task_ms: overlapping.map(|t| t.1).fold(0.0, f64::max),
        timer_delay_ms: timers
            .iter()
            .filter(during)
            .map(|d| d.1)
            .fold(0.0, f64::max),
        key_delay_ms: keys.iter().filter(during).map(|d| d.1).reduce(f64::max),
        gaps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blocked_thread_is_one_long_gap_and_a_free_one_keeps_its_frames() {
        // Frames every 16 ms, then nothing from 100 to 900 (the thread held), then on.
        let mut frames: Vec<f64> = (0..7).map(|i| f64::from(i) * 16.0).collect();
        frames.extend((0..5).map(|i| 900.0 + f64::from(i) * 16.0));
        let blocked = measure(
            100.0,
            890.0,
            &frames,
            &[(100.0, 790.0)],
            &[(895.0, 780.0)],
            &[],
        );
        assert_eq!(blocked.total_ms, 790.0);
        assert_eq!(blocked.frames, 0);
        // From the frame at 96 to the one at 900.
        assert_eq!(blocked.longest_frame_ms, 804.0);
        assert_eq!(blocked.late_frames, 1);
        assert_eq!((blocked.long_tasks, blocked.longest_task_ms), (1, 790.0));
        // The timer due at 895 is after the window: not counted; no key was typed.
        assert_eq!((blocked.timer_delay_ms, blocked.key_delay_ms), (0.0, None));
        let typed = measure(
            100.0,
            890.0,
            &frames,
            &[],
            &[(140.0, 750.0)],
            &[(150.0, 740.0)],
        );
        assert_eq!(
            (typed.timer_delay_ms, typed.key_delay_ms),
            (750.0, Some(740.0))
        );
        assert_eq!(blocked.gaps, vec![(800.0, 804.0)]);

        let free: Vec<f64> = (0..100).map(|i| f64::from(i) * 16.0).collect();
        let smooth = measure(100.0, 900.0, &free, &[], &[(500.0, 3.0), (600.0, 1.0)], &[]);
        assert_eq!(smooth.frames, 50);
        assert_eq!(smooth.longest_frame_ms, 16.0);
        assert_eq!(smooth.late_frames, 0);
        assert_eq!(smooth.long_tasks, 0);
        assert_eq!(smooth.timer_delay_ms, 3.0);
        // From the frame at 96 to the one at 912.
        assert_eq!(smooth.gaps.len(), 51);
    }

    #[test]
    fn no_frames_at_all_is_the_whole_window_still() {
        let r = measure(10.0, 70.0, &[], &[], &[], &[]);
        assert_eq!(r.gaps, vec![(60.0, 60.0)]);
        assert_eq!((r.longest_frame_ms, r.late_frames), (60.0, 1));
    }
}
