//! Hooks that more than one lab uses: side effects (storage, timers, workers) that
//! watch or serve a lab's reducer. A lab's own effects stay beside it.

mod use_later;
mod use_latest;
mod use_link;
mod use_run;
mod use_saved_text;
mod use_stopper;
mod use_workers;

pub use use_later::use_later;
pub use use_latest::use_latest;
pub use use_link::use_link;
pub use use_run::use_run;
pub use use_saved_text::use_saved_text;
pub use use_stopper::use_stopper;
pub use use_workers::{KeptWorkers, use_kept_workers};
