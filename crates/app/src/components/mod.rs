//! The app's components, one per file: they know nothing of the lessons (the pages
//! and the lessons use them, never the other way).

pub mod chart;
pub mod compared;
pub mod editor;
pub mod install;
pub mod isolate;
pub mod open_file;
pub mod rows;
pub mod status;
pub mod syntax_help;
pub mod timeline;
pub mod work;
pub mod worker_timeline;
