//! The app's components, one per file.

pub mod chart;
pub mod home;
pub mod install;
pub mod lesson_page;
pub mod status;
pub mod work;
