//! Hooks that more than one lab uses: side effects (storage, timers) that watch or
//! serve a lab's reducer. A lab's own effects stay beside it.

mod use_link;
mod use_saved_text;

pub use use_link::use_link;
pub use use_saved_text::use_saved_text;
