//! The app's pages: the home page (the catalogue of lessons, each card with a picture
//! of a real run), the same rendered by the build as the front door, and the frame of
//! a lesson.

// Rendered by the build, natively; the browser only replaces it.
#[cfg(not(target_arch = "wasm32"))]
pub mod front;
pub mod home;
pub mod lesson_page;
mod picture;
